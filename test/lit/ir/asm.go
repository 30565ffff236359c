// RUN: %talpa build -emit-asm -target linux/amd64 -o - %s | %FileCheck %s --check-prefix=AMD64
// RUN: %talpa build -emit-asm -target linux/arm64 -o - %s | %FileCheck %s --check-prefix=ARM64
// RUN: %talpa build -emit-asm -target linux/riscv64 -o - %s | %FileCheck %s --check-prefix=RISCV64

// -emit-asm writes the target's assembly: main.main is a global function symbol and
// the code is that architecture's.
package main

func add(a, b int) int { return a + b }

func main() {
	println(add(2, 3))
}

// AMD64: {{^"?main\.main"?:}}
// AMD64: {{(movq|pushq|callq|retq|jmp|leaq)}}
// ARM64: {{^"?main\.main"?:}}
// ARM64: {{(stp|ldp|bl|ret|mov|adrp)}}
// RISCV64: {{^"?main\.main"?:}}
// RISCV64: {{(addi|sd|ld|ret|call|tail|auipc)}}
