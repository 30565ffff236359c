// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Statement errors: assignment mismatch, unused values, break/continue, return counts, redeclaration.
package main

func two() (int, string) { return 1, "a" }

func none() {}

func main() {
	a, b := two()
	c := two()
	var d int = none()
	x := 1
	x = "s"
	const k = 10
	k = 3
	undefinedFn()
	println(a, b, c, d)
	x + 1
	var y int
	if true {
		return 1
	}
	for i := 0; i < 3; i++ {
		break
	}
	continue
}

func f() int {
	return "x"
}

func f() {}


// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_stmts.go:12:7: assignment mismatch: 1 variable but two returns 2 values
// CHECK-NEXT: {{.*}}fail_stmts.go:13:14: none() (no value) used as value
// CHECK-NEXT: {{.*}}fail_stmts.go:15:6: cannot use "s" (untyped string constant) as int value in assignment
// CHECK-NEXT: {{.*}}fail_stmts.go:17:2: cannot assign to k (untyped int constant 10)
// CHECK-NEXT: {{.*}}fail_stmts.go:18:2: undefined: undefinedFn
// CHECK-NEXT: {{.*}}fail_stmts.go:20:2: x + 1 (value of type int) is not used
// CHECK-NEXT: {{.*}}fail_stmts.go:21:6: y declared but not used
// CHECK-NEXT: {{.*}}fail_stmts.go:23:10: too many return values
// CHECK-NEXT: have (number)
// CHECK-NEXT: want ()
// CHECK-NEXT: {{.*}}fail_stmts.go:28:2: continue is not in a loop
// CHECK-NEXT: {{.*}}fail_stmts.go:35:6: f redeclared in this block
// CHECK-NEXT: {{.*}}fail_stmts.go:31:6: other declaration of f
// CHECK-NEXT: {{.*}}fail_stmts.go:21:6: too many errors
// CHECK-NOT: {{.}}
