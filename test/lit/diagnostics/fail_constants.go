// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Exact untyped constants: overflow, truncation and typed-constant arithmetic.
package main

const big = 1 << 100

func main() {
	var i8 int8 = 127
	i8 = i8 + 200
	const c int8 = 100
	_ = c * 2
	_ = big
	var x = big
	println(x, i8)
	_ = 3.5 + 1
	var i int = 3.5
	println(i)
	x := 1
	x, y := 2, 3
	println(x, y)
	println(1 << 70)
}


// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_constants.go:10:12: 200 (untyped int constant) overflows int8
// CHECK-NEXT: {{.*}}fail_constants.go:12:6: c * 2 (constant 200 of type int8) overflows int8
// CHECK-NEXT: {{.*}}fail_constants.go:13:6: cannot use big (untyped int constant 1267650600228229401496703205376) as int value in assignment to _ identifier (overflows)
// CHECK-NEXT: {{.*}}fail_constants.go:14:10: cannot use big (untyped int constant 1267650600228229401496703205376) as int value in variable declaration (overflows)
// CHECK-NEXT: {{.*}}fail_constants.go:17:14: cannot use 3.5 (untyped float constant) as int value in variable declaration (truncated)
// CHECK-NEXT: {{.*}}fail_constants.go:19:4: no new variables on left side of :=
// CHECK-NEXT: {{.*}}fail_constants.go:22:10: cannot use 1 << 70 (untyped int constant 1180591620717411303424) as int value in argument to println (overflows)
// CHECK-NOT: {{.}}
