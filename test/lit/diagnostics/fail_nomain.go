// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// A main package without func main (gc reports this from the linker).
package main
func f() {}


// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}function main is undeclared in the main package
// CHECK-NOT: {{.}}
