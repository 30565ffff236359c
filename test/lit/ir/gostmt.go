// RUN: %talpa build '-gcflags=-N -precise=0' -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s

// go statements (docs/runtime/proc.md, compiler/lower/defer.cpp): the operands are
// evaluated at the statement into a func() closure, as for defer, and the closure goes
// to runtime.newproc; a func value without arguments goes as it is.
package main

type T struct{ n int }

func (t *T) inc(d int) { t.n += d }

func add(a, b int) int { return a + b }

var sink int

// CHECK-LABEL: define void @main.main()
// go add(x, 2): x saved in the closure {gowrap1, x}; the constant is not.
// CHECK: %[[C1:[0-9]+]] = call ptr @runtime.mallocgc(i64 16, ptr @main.main.gowrap1..type, i8 1)
// CHECK: store ptr @main.main.gowrap1, ptr %[[C1]]
// CHECK: call void @runtime.newproc(ptr %[[C1]])
// go t.inc(x): the method value and x.
// CHECK: %[[C2:[0-9]+]] = call ptr @runtime.mallocgc(i64 24, ptr @main.main.gowrap2..type, i8 1)
// CHECK: call void @runtime.newproc(ptr %[[C2]])
// go func() { ... }(): the literal's closure itself.
// CHECK: store ptr @main.main.func1, ptr
// CHECK: call void @runtime.newproc(ptr
// go f(): the func value as it is.
// CHECK: %[[F:f[0-9]*]] = load ptr, ptr %f
// CHECK: call void @runtime.newproc(ptr %[[F]])
// go println("hi", x): a wrapper calling the builtin.
// CHECK: store ptr @main.main.gowrap3, ptr
// CHECK: call void @runtime.newproc(ptr
func main() {
	t := &T{}
	x := 5
	go add(x, 2)
	go t.inc(x)
	go func() { sink = x }()
	f := func() {}
	go f()
	go println("hi", x)
}

// The wrapper loads the saved value and calls the function as written.
// CHECK-LABEL: define void @main.main.gowrap1(ptr %closure)
// CHECK: %[[X:[0-9]+]] = load i64, ptr
// CHECK: call i64 @main.add(i64 %[[X]], i64 2)
// CHECK: ret void
// CHECK-LABEL: define void @main.main.gowrap3(ptr %closure)
// CHECK: call void @runtime.printstring
