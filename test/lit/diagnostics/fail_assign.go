// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Assignment mismatches and a value of the wrong type.
package main

func one() int { return 1 }

func main() {
	var a, b int = one()
	var c int = "hello"
	_, _, _ = a, b, c
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_assign.go:9:17: assignment mismatch: 2 variables but one returns 1 value
// CHECK-NEXT: {{.*}}fail_assign.go:10:14: cannot use "hello" (untyped string constant) as int value in variable declaration
// CHECK-NOT: {{.}}
