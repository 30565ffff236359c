// RUN: %talpa build -gcflags=-precise=1 -emit-llvm -o - %s | FileCheck %s
// RUN: %talpa build -gcflags=-precise=1 -emit-asm -target linux/amd64 -o - %s | FileCheck %s --check-prefix=ELF
// RUN: %talpa build -gcflags=-precise=1 -emit-asm -target linux/arm64 -o - %s | FileCheck %s --check-prefix=ELF
// RUN: %talpa build -gcflags=-precise=1 -emit-asm -target linux/riscv64 -o - %s | FileCheck %s --check-prefix=ELF
// RUN: %talpa build -gcflags=-precise=1 -emit-asm -target windows/amd64 -o - %s | FileCheck %s --check-prefix=COFF
// RUN: %talpa build -gcflags=-precise=1 -emit-asm -target darwin/arm64 -o - %s | FileCheck %s --check-prefix=MACHO
// RUN: %talpa build -gcflags=-precise=0 -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF
// RUN: env TALPA_PRECISE=0 %talpa build -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF
// RUN: %talpa build -emit-llvm -o - %s | FileCheck %s --check-prefix=DEFAULT
// Precise stack maps (compiler/opt/precise_gc.cpp, docs/runtime/gc.md "Stack scanning"):
// by default (-gcflags=-precise=0 turns them off) every call that may reach the collector is a statepoint listing
// the pointers live across it; stack objects are listed once per function (their frame
// offsets) and each call names, as its deopt values, the ones that are no roots there
// (not used after it in the function: the runtime scans them only if a pointer into one
// is found, as gc does with its stack objects).

package main

import "runtime"

type T struct{ p *int }

// The pointer is live across the first collection only.
// CHECK-LABEL: define {{.*}} @main.keep(ptr {{.*}}) {{.*}} gc "talpa"
// CHECK: gc.statepoint.p0({{.*}}@runtime.GC{{.*}}"gc-live"(ptr %p{{[0-9]*}})
// CHECK: gc.relocate
// CHECK: gc.statepoint.p0({{.*}}@main.use
// CHECK-NOT: gc-live
// CHECK: gc.statepoint.p0({{.*}}@runtime.GC
// CHECK-NOT: gc-live
// CHECK: ret void
//go:noinline
func keep(p *int) {
	runtime.GC()
	use(p)
	runtime.GC()
}

//go:noinline
func use(p *int) { sink = p }

var sink *int

// The temporary sent on the channel is a stack object, zeroed on entry: no root at the
// send, whose argument it is (the runtime reaches it through the callee's frame or the
// sudog of a parked send), nor at the collection after it (deopt value 0: the first
// object; 1 is the stack check's parameter pack).
// CHECK-LABEL: define {{.*}} @main.send(
// CHECK: call void {{.*}} @llvm.experimental.stackmap(i64 {{[0-9]+}}, i32 0, ptr %tmp, i64 8
// CHECK: body:
// CHECK: call void @llvm.memset{{.*}}(ptr {{.*}}%tmp.p{{[0-9]*}}, i8 0, i64 8
// CHECK: gc.statepoint.p0({{.*}}@runtime.chansend1{{.*}}"deopt"(i32 0, i32 1)
// CHECK: gc.statepoint.p0({{.*}}@runtime.GC{{.*}}"deopt"(i32 0, i32 1)
//go:noinline
func send(c chan T, v T) {
	c <- v
	runtime.GC()
}

// A function with a deferred call tracks its stack objects too (a recovered panic
// resumes it on the path to deferreturn, which uses none): the copy passed to the first
// use2 (object 1) is no root at that call nor after it; the copy for the second call
// (object 0) is written whole right before that call, after the collection, so it is no
// root before either (what it held until then is never read).
// CHECK-LABEL: define {{.*}} @main.deferred(
// CHECK: call void {{.*}} @llvm.experimental.stackmap(i64 {{[0-9]+}}, i32 0, ptr %tmp1, i64 8, ptr %tmp, i64 8
// CHECK: gc.statepoint.p0({{.*}}@main.use2{{.*}}"deopt"(i32 0, i32 1, i32 2)
// CHECK: gc.statepoint.p0({{.*}}@runtime.GC{{.*}}"deopt"(i32 0, i32 1, i32 2)
// CHECK: gc.statepoint.p0({{.*}}@main.use2{{.*}}"deopt"(i32 0, i32 1, i32 2)
//go:noinline
func deferred(v T) {
	defer func() { recover() }()
	use2(v)
	runtime.GC()
	use2(v)
}

//go:noinline
func use2(v T) { sink = v.p }

// A field read through a pointer to one of two objects, the other a zero global: LLVM
// loads from the first object unconditionally and selects; the load goes back behind a
// select of the addresses made before the collection (test/stackobj3.go).
// CHECK-LABEL: define {{.*}} @main.pick(
// CHECK: select i1 %{{.*}}, ptr %{{.*}}, ptr @talpa.zero
// CHECK: gc.statepoint.p0({{.*}}@runtime.GC
//go:noinline
func pick(t T, b bool) {
	var p *T
	if b {
		p = &t
	} else {
		p = &null
	}
	runtime.GC()
	sink = p.p
}

var null T

func main() {
	pick(T{new(int)}, true)
	deferred(T{new(int)})
	keep(new(int))
	c := make(chan T, 1)
	send(c, T{new(int)})
}

// ELF: .section .llvm_stackmaps,"a",@progbits
// COFF: .section .llvm_stackmaps,"dr"
// MACHO: .section __LLVM_STACKMAPS,__llvm_stackmaps
// OFF-NOT: gc "talpa"
// OFF-NOT: gc.statepoint
// Precise stack maps are the default:
// DEFAULT: gc "talpa"
// DEFAULT: gc.statepoint
