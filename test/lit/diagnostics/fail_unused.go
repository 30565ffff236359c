// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// An unused local variable and an unused import.
// XFAIL: *
package main

import "os"

func main() {
	x := 1
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_unused.go:7:8: imported and not used: "os"
// CHECK-NEXT: {{.*}}fail_unused.go:10:2: x declared but not used
// CHECK-NOT: {{.}}
