// RUN: %talpa build -emit-llvm -o - %s | FileCheck %s
// Escape analysis (compiler/opt/heap_to_stack.cpp): allocations whose pointer stays
// inside the function become stack slots; those that escape stay on the heap.

package main

type point struct{ x, y int }

var keep *point

// CHECK-LABEL: define {{.*}} @main.local(
// CHECK-NOT: call {{.*}} @runtime.mallocgc
// CHECK: ret
//go:noinline
func local(n int) int {
	p := &point{n, n + 1}
	q := new(point)
	q.x = p.y
	return p.x + q.x
}

// CHECK-LABEL: define {{.*}} @main.loop(
// CHECK-NOT: call {{.*}} @runtime.makeslice
// CHECK: ret
//go:noinline
func loop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		b := make([]int, 8)
		b[i&7] = i
		s += b[3]
	}
	return s
}

// CHECK-LABEL: define {{.*}} @main.escapes(
// CHECK: call {{.*}} @runtime.mallocgc
// CHECK: ret
//go:noinline
func escapes(n int) {
	p := &point{n, n}
	keep = p
}

// CHECK-LABEL: define {{.*}} @main.returned(
// CHECK: call {{.*}} @runtime.mallocgc
// CHECK: ret
//go:noinline
func returned(n int) *point {
	return &point{n, 0}
}

// CHECK-LABEL: define {{.*}} @main.big(
// CHECK: call {{.*}} @runtime.makeslice
// CHECK: ret
//go:noinline
func big() int {
	b := make([]byte, 1<<16)
	b[7] = 1
	return int(b[7])
}

func main() {
	escapes(1)
	println(local(3), loop(20), returned(2).x, big(), keep.x)
}
