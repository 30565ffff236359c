// RUN: %talpa build '-gcflags=-stackcheck=1 -precise=0' -emit-llvm -o - %s | FileCheck %s
// RUN: %talpa build '-gcflags=-stackcheck=1 -precise=0' -emit-asm -target linux/amd64 -o - %s | FileCheck %s --check-prefix=AMD64
// RUN: %talpa build '-gcflags=-stackcheck=1 -precise=0' -emit-asm -target linux/arm64 -o - %s | FileCheck %s --check-prefix=ARM64
// RUN: %talpa build '-gcflags=-stackcheck=1 -precise=0' -emit-asm -target linux/riscv64 -o - %s | FileCheck %s --check-prefix=RISCV64
// RUN: %talpa build '-gcflags=-stackcheck=1 -precise=0' -emit-asm -target windows/amd64 -o - %s | FileCheck %s --check-prefix=WIN64
// RUN: %talpa build '-gcflags=-stackcheck=1 -precise=0' -emit-asm -target darwin/arm64 -o - %s | FileCheck %s --check-prefix=DARWIN
// RUN: %talpa build '-gcflags=-stackcheck=0 -precise=0' -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF
// Stack checks (compiler/opt/stack_check.cpp, docs/runtime/stack.md): every function that
// calls or has a large frame compares sp with g.stackguard0 first and, when below, has
// runtime.morestack run it again on a new segment through a thunk.

package main

// A leaf with a small frame is not checked (gc's NOSPLIT).
// CHECK-LABEL: define {{.*}} @main.leaf(
// CHECK-NOT: stackguard0
// CHECK: ret
//go:noinline
func leaf(a, b int) int { return a*b + 1 }

// CHECK-LABEL: define {{.*}} @main.rec(
// CHECK-NEXT: stackcheck:
// CHECK: %g = load ptr, ptr addrspace(257) inttoptr (i64 8 to ptr addrspace(257))
// CHECK: getelementptr i8, ptr %g, i64 16
// CHECK: %sp = call i64 @llvm.read_register.i64
// CHECK: icmp ult i64 %sp, %stackguard0
// CHECK: morestack:
// CHECK: store i64 %n
// CHECK: call i8 @runtime.morestack(ptr @main.rec.morestack, ptr %morestack.pack, i64
// CHECK: ret i64
//go:noinline
func rec(n int) int {
	if n == 0 {
		return 0
	}
	return rec(n-1) + 1
}

// Large stack objects are made after the check, which asks for their size on top.
// CHECK-LABEL: define {{.*}} @main.arr(
// CHECK-NEXT: stackcheck:
// CHECK-NOT: alloca [200 x i64]
// CHECK: sub i64 %sp, 1608
// CHECK: body:
// CHECK: alloca [200 x i64]
//go:noinline
func arr(i int) int {
	var a [200]int
	for j := range a {
		a[j] = j * i
	}
	return a[i%200] + leaf(i, i)
}

// Several results and a string parameter go through the thunk's pack.
type P struct{ a, b, c, d int }

// CHECK-LABEL: define {{.*}} @main.pair(
// CHECK: call i8 @runtime.morestack(ptr @main.pair.morestack
// CHECK-LABEL: define internal void @main.rec.morestack(ptr
// CHECK: load i64
// CHECK: call i64 @main.rec(i64
// CHECK: store i64
//go:noinline
func pair(p P, s string) (P, string) { p.a += len(s); return p, s + "x" }

func main() {
	p, s := pair(P{1, 2, 3, 4}, "ab")
	println(leaf(2, 3), rec(10), arr(3), p.a, s)
}

// AMD64-LABEL: main.rec:
// AMD64: movq %fs:8, %[[G:[a-z]+]]
// AMD64-NEXT: cmpq 16(%[[G]]), %rsp
// AMD64-NEXT: jb
// ARM64-LABEL: main.rec:
// ARM64: mrs [[TP:x[0-9]+]], TPIDR_EL0
// ARM64: ldr [[G:x[0-9]+]], [[[TP]], #8]
// ARM64: ldr {{x[0-9]+}}, [[[G]], #16]
// ARM64: b.lo
// After a yield in morestack the goroutine may run on another thread: the retry reads
// the thread pointer again rather than reuse the one from the entry.
// ARM64: bl runtime.morestack
// ARM64: mrs {{x[0-9]+}}, TPIDR_EL0
// RISCV64-LABEL: main.rec:
// RISCV64: ld [[G:[a-z0-9]+]], 8(tp)
// RISCV64-NEXT: ld [[L:[a-z0-9]+]], 16([[G]])
// RISCV64-NEXT: bltu sp, [[L]],
// RISCV64: call runtime.morestack
// RISCV64: ld {{[a-z0-9]+}}, 8(tp)
// WIN64-LABEL: main.rec:
// WIN64: movq runtime.tls_g(%rip), %[[O:[a-z]+]]
// WIN64-NEXT: movq %gs:(%[[O]]), %[[G:[a-z]+]]
// WIN64-NEXT: cmpq 16(%[[G]]), %rsp
// DARWIN-LABEL: _main.rec:
// DARWIN: mrs {{x[0-9]+}}, TPIDRRO_EL0
// OFF-NOT: runtime.morestack
