// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// An undefined name, in a call and in an expression.
package main

func main() {
	foo()
	x := bar + 1
	_ = x
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_undefined.go:7:2: undefined: foo
// CHECK-NEXT: {{.*}}fail_undefined.go:8:7: undefined: bar
// CHECK-NOT: {{.}}
