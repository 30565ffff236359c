// RUN: %talpa build "-gcflags=-N -stackcheck=0 -precise=0" -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s
// (Stack checks off: this test reads the lowering's IR, test/lit/ir/stack-check.go the checks.)

// Function values and closures (docs/compiler/lower.md): a func value is a pointer to a
// closure object whose word 0 is the code; the code takes the object first. A top-level
// function as a value is a constant object pointing to a wrapper; a literal's object is
// allocated with the descriptor of struct { F uintptr; captures... } (a shared captured
// variable as the address of its heap cell, an unchanging one as a copy).
package main

func add(a, b int) int { return a + b }

// A func-typed package variable initialized statically.
// CHECK-DAG: @main.f = internal global ptr @"main.add\C2\B7f"
// CHECK-DAG: @"main.add\C2\B7f" = internal constant { ptr } { ptr @"main.add\C2\B7fw" }
// The closure objects' descriptors: the cell pointer is word 1 (bitmap 0b10).
// CHECK-DAG: @"type:struct { F uintptr; X0 *int }" = {{.*}} { i64 16, i64 16, {{.*}} ptr @runtime.gcbits.02,
// CHECK-DAG: @"type:struct { F uintptr; X0 int }" = {{.*}} { i64 16, i64 0, {{.*}} ptr null,
// A literal that captures nothing is a constant object.
// CHECK-DAG: @"main.main.func1\C2\B7f" = internal constant { ptr } { ptr @main.main.func1 }
var f = add

// n is assigned after capture: a heap cell, shared.
// CHECK-LABEL: define ptr @main.counter()
// CHECK: %n = call ptr @runtime.mallocgc(i64 8, ptr @"type:int", i8 1)
// CHECK: %[[OBJ:[0-9]+]] = call ptr @runtime.mallocgc(i64 16, ptr @"type:struct { F uintptr; X0 *int }", i8 1)
// CHECK: store ptr @main.counter.func1, ptr
// CHECK: store ptr %n, ptr
// CHECK: ret ptr %[[OBJ]]
func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

// CHECK-LABEL: define i64 @main.counter.func1(ptr %closure)
// CHECK: %[[CELL:[0-9]+]] = getelementptr inbounds <{ i64, ptr }>, ptr %closure, i32 0, i32 1
// CHECK-NEXT: %n = load ptr, ptr %[[CELL]]

// x never changes: the closure holds a copy.
// CHECK-LABEL: define ptr @main.byValue(i64 %x)
// CHECK: call ptr @runtime.mallocgc(i64 16, ptr @"type:struct { F uintptr; X0 int }", i8 1)
// CHECK: store ptr @main.byValue.func1, ptr
// CHECK: %[[X:[0-9]+]] = load i64, ptr %x1
// CHECK-NEXT: store i64 %[[X]], ptr
func byValue(x int) func() int {
	return func() int { return x }
}

// A call through a func value: nil faults on the code pointer's load; the code gets the
// closure object first.
// CHECK-LABEL: define i64 @main.call(ptr %g)
// CHECK: %[[G:g[0-9]+]] = load ptr, ptr
// CHECK-NEXT: %[[NIL:[0-9]+]] = icmp eq ptr %[[G]], null
// CHECK-NEXT: br i1 %[[NIL]], label %funcval.nil, label %funcval.ok
// CHECK: funcval.nil:
// CHECK-NEXT: load volatile ptr, ptr %[[G]]
// CHECK-NEXT: store volatile i32 {{[0-9]+}}, ptr %nilcall
// CHECK-NEXT: call void @runtime.panicmem()
// CHECK: funcval.ok:
// CHECK-NEXT: %code = load ptr, ptr %[[G]]
// CHECK-NEXT: call i64 %code(ptr %[[G]], i64 1, i64 2)
func call(g func(int, int) int) int { return g(1, 2) }

func main() {
	println(call(f), counter()(), byValue(3)())
	println(func() int { return 4 }())
}

// The wrapper (made on first use, after the functions) drops the context and calls the function.
// CHECK-LABEL: define internal i64 @"main.add\C2\B7fw"(ptr %0, i64 %1, i64 %2)
// CHECK: tail call i64 @main.add(i64 %1, i64 %2)
