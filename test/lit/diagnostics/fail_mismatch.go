// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Binary operators on mismatched types, and a non-boolean condition.
package main

func main() {
	a := 1
	s := "s"
	_ = a + s
	if a {
	}
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_mismatch.go:9:6: invalid operation: a + s (mismatched types int and string)
// CHECK-NEXT: {{.*}}fail_mismatch.go:10:5: non-boolean condition in if statement
// CHECK-NOT: {{.}}
