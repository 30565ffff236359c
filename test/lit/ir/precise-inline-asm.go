// RUN: %talpa build -gcflags=-precise=1 -emit-llvm -o - %s | FileCheck %s
// RUN: %talpa build -gcflags=-precise=1 -emit-llvm -target linux/amd64 -o - %s | FileCheck %s --check-prefix=X86
// The statepoint rewrite of LLVM 19 crashed on functions calling inline assembly (here
// the empty asm statements that keep a uintptr argument's object and a deferring
// function's named result alive): precise_gc.cpp hands it a declared stand-in for each
// and puts the assembly back afterwards. No stand-in may remain.
// On amd64 the clearing of callee-saved registers before each statepoint uses xor, which
// sets the flags: the asm must say so (a compare before it and a setcc after it read
// the xors' flags, test/run/runtime_pkg.go).
// X86: asm sideeffect "xorl %ebx{{.*}}~{r15},~{dirflag},~{fpsr},~{flags}"

package main

import (
	"runtime"
	"unsafe"
)

// CHECK-NOT: talpa.asm.
// CHECK-LABEL: define {{.*}} @main.x() {{.*}} gc "talpa"
// CHECK: call void asm sideeffect ""
// CHECK-LABEL: define {{.*}} @main.main() {{.*}} gc "talpa"
// CHECK: gc.statepoint.p0({{.*}}@main.before{{.*}}"gc-live"
// CHECK: call void asm sideeffect "", "r"(ptr
// CHECK-NOT: talpa.asm.
func x() (a int, b bool) {
	defer func() { a++ }()
	a, b = y()
	return
}

//go:noinline
func y() (int, bool) { return 4, false }

var done = make(chan bool)

//go:noinline
func setup() unsafe.Pointer {
	s := "ok"
	runtime.SetFinalizer(&s, func(p *string) { close(done) })
	return unsafe.Pointer(&s)
}

//go:uintptrescapes
//go:noinline
func before(p uintptr) int {
	runtime.GC()
	return 0
}

func main() {
	_ = before(uintptr(setup()))
	a, _ := x()
	println(a)
}
