// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// What the type checker accepts but the lowering does not implement yet is reported
// before any IR is made, in gc's format like a type error: once per kind of construct
// per function, at the construct, sorted by position.
package main

type T struct{ x int }

func (t T) Get() int { return t.x }

func id[P any](x P) P { return x }

var m = map[string]int{} // maps are lowered (map.cpp)

func g(t T) {}

func main() {
	var t T
	var u [2]T
	_, _ = t, u
	h := g
	_ = h
	var i interface{} = t
	_ = i
	c := make(chan int)
	_ = c
	go g(t)
	f := func() {}
	_ = f
	_ = f
	println(len("ok"))
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}unsupported-lowering.go:26:2: talpa: not yet supported: channel types
// CHECK-NOT: {{.}}
