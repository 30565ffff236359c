// RUN: %talpa build -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s --check-prefixes=CHECK,LINUX-AMD64
// RUN: %talpa build -emit-llvm -target linux/arm64 -o - %s | %FileCheck %s --check-prefixes=CHECK,LINUX-ARM64
// RUN: %talpa build -emit-llvm -target linux/riscv64 -o - %s | %FileCheck %s --check-prefixes=CHECK,LINUX-RISCV64
// RUN: %talpa build -emit-llvm -target windows/amd64 -o - %s | %FileCheck %s --check-prefixes=CHECK,WINDOWS-AMD64
// RUN: %talpa build -emit-llvm -target windows/arm64 -o - %s | %FileCheck %s --check-prefixes=CHECK,WINDOWS-ARM64
// RUN: %talpa build -emit-llvm -target darwin/amd64 -o - %s | %FileCheck %s --check-prefixes=CHECK,DARWIN-AMD64
// RUN: %talpa build -emit-llvm -target darwin/arm64 -o - %s | %FileCheck %s --check-prefixes=CHECK,DARWIN-ARM64

// Each target's module carries the triple from targets/<goos>_<goarch>.json and defines
// main.main.
package main

func main() {
	println("hi")
}

// LINUX-AMD64: target triple = "x86_64-unknown-linux-gnu"
// LINUX-ARM64: target triple = "aarch64-unknown-linux-gnu"
// LINUX-RISCV64: target triple = "riscv64-unknown-linux-gnu"
// WINDOWS-AMD64: target triple = "x86_64-pc-windows-msvc"
// WINDOWS-ARM64: target triple = "aarch64-pc-windows-msvc"
// DARWIN-AMD64: target triple = "x86_64-apple-macosx11.0.0"
// DARWIN-ARM64: target triple = "arm64-apple-macosx11.0.0"
// CHECK: define {{.*}}@{{"?}}main.main{{"?}}(
