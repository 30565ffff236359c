// RUN: %talpa build -emit-llvm '-gcflags=-N -precise=0' -o - %s | %FileCheck %s

// //go:linkname: a function with a body is defined under the target symbol, a declaration
// without one refers to it (two declarations of one symbol are one function), a variable
// is a common symbol under its target (a definition with data elsewhere wins, as gc's
// linker lets it) until a static initializer makes it an ordinary definition.
package main

import _ "unsafe"

//go:linkname impl example.com/lib.impl
func impl(x int) int { return x + 1 }

//go:linkname call example.com/lib.impl
func call(x int) int

//go:linkname gc1 runtime.GC
func gc1()

//go:linkname gc2 runtime.GC
func gc2()

// The runtime's printint (runtime.def: one int64) declared with another Go type: one
// function, each call with its own type.
//go:linkname printSmall runtime.printint
func printSmall(v int8)

//go:linkname shared example.com/lib.shared
var shared [4]int64

//go:linkname initialized example.com/lib.initialized
var initialized = 7

//go:linkname exported
var exported int

func main() {
	gc1()
	gc2()
	shared[1] = int64(call(initialized) + exported)
	printSmall(3)
	println(shared[1])
}

// CHECK-DAG: @"example.com/lib.shared" = common global [4 x i64] zeroinitializer, align 8
// CHECK-DAG: @"example.com/lib.initialized" = global i64 7, align 8
// CHECK-DAG: @main.exported = common global i64 0, align 8
// CHECK: define i64 @"example.com/lib.impl"(i64
// CHECK: define void @main.main()
// CHECK: call void @runtime.GC()
// CHECK-NEXT: call void @runtime.GC()
// CHECK: call i64 @"example.com/lib.impl"(
// CHECK: call void @runtime.printint(i8 3)
// CHECK: call void @runtime.printint(i64
// CHECK: declare void @runtime.GC()
// CHECK-NOT: runtime.GC.1
// CHECK-NOT: runtime.printint.1
// CHECK-NOT: lib.impl.1
