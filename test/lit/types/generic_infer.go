// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Failed type argument inference, with types2's messages.
package main

func Zero[T any]() T {
	var z T
	return z
}

func Same[T any](a, b T) T { return a }

func Two[T, U any](t T) U {
	var u U
	return u
}

func Core[T any, P ~[]T](p P) T {
	var t T
	return t
}

func main() {
	_ = Zero()
	_ = Same(1, "a")
	_ = Same(1.5, 2)
	var i int
	var s string
	_ = Same(i, s)
	_ = Two(1)
	_ = Core(5)
	_ = Same[int, int]
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}generic_infer.go:24:10: cannot infer T ({{.*}}generic_infer.go:6:11)
// CHECK-NEXT: {{.*}}generic_infer.go:25:14: default type string of "a" does not match inferred type int for T
// CHECK-NEXT: {{.*}}generic_infer.go:26:16: default type int of 2 does not match inferred type float64 for T
// CHECK-NEXT: {{.*}}generic_infer.go:29:14: type string of s does not match inferred type int for T
// CHECK-NEXT: {{.*}}generic_infer.go:30:9: cannot infer U ({{.*}}generic_infer.go:13:13)
// CHECK-NEXT: {{.*}}generic_infer.go:31:10: P does not match ~[]T
// CHECK-NEXT: {{.*}}generic_infer.go:32:16: got 2 type arguments but want 1
// CHECK-NOT: {{.}}
