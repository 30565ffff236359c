// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Overlapping terms in unions (gc 1.19 prints the local MyInt as <unlinkable>.MyInt there).
package main

type MyInt int

type A interface{ ~int | int }
type B interface{ int | string | int }
type C interface{ ~int | MyInt }

func main() {}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}generic_union.go:8:26: overlapping terms int and ~int
// CHECK-NEXT: {{.*}}generic_union.go:9:34: overlapping terms int and int
// CHECK-NEXT: {{.*}}generic_union.go:10:26: overlapping terms MyInt and ~int
// CHECK-NOT: {{.}}
