// RUN: %talpa build -emit-llvm '-gcflags=-N -precise=0' -o - %s | %FileCheck %s

// A direct call of a //go:uintptrescapes function, or of one without a body, passes
// uintptr(p) and uses p after the call (an empty asm statement that needs it in a
// register), so that the object stays alive until the call returns. Other uintptr
// arguments, other functions and calls through func values are plain.
package main

import (
	"unsafe"
	_ "unsafe"
)

//go:uintptrescapes
func esc(a int, p uintptr, q uintptr) int { return a }

//go:linkname ext runtime.GC
func ext(p uintptr)

func plain(p uintptr) {}

func main() {
	x, y := new(int), new(int)
	esc(1, uintptr(unsafe.Pointer(x)), uintptr(7))
	ext(uintptr(unsafe.Pointer(y)))
	plain(uintptr(unsafe.Pointer(x)))
	f := esc
	f(2, uintptr(unsafe.Pointer(y)), 0)
}

// CHECK-LABEL: define void @main.main()
// CHECK: [[X:%[^ ]+]] = load ptr, ptr %x
// CHECK-NEXT: [[XI:%[^ ]+]] = ptrtoint ptr [[X]] to i64
// CHECK-NEXT: call i64 @main.esc(i64 1, i64 [[XI]], i64 7)
// CHECK-NEXT: call void asm sideeffect "", "r"(ptr [[X]])
// CHECK-NEXT: [[Y:%[^ ]+]] = load ptr, ptr %y
// CHECK-NEXT: [[YI:%[^ ]+]] = ptrtoint ptr [[Y]] to i64
// CHECK-NEXT: call void @runtime.GC(i64 [[YI]])
// CHECK-NEXT: call void asm sideeffect "", "r"(ptr [[Y]])
// CHECK: call void @main.plain(
// CHECK-NOT: asm sideeffect
// CHECK: ret void
