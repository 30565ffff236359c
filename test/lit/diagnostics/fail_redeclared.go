// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// A name declared twice in one block.
package main

func main() {
	var x int
	var x string
	_ = x
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_redeclared.go:8:6: x redeclared in this block
// CHECK-NEXT: {{.*}}fail_redeclared.go:7:6: other declaration of x
// CHECK-NOT: {{.}}
