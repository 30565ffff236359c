// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// A generic type that grows through its own instances is an instantiation cycle (and
// is not expanded forever).
package main

type T[P any] struct {
	a *T[[]P]
	b *T[map[int]P]
}

type List[E any] struct{ next *List[E] }

type Num interface{ ~int | string }

func main() {
	var _ T[int]
	var _ List[string]
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}generic_cycle.go:7:8: instantiation cycle:
// CHECK-NEXT: {{.*}}generic_cycle.go:9:7: P instantiated as map[int]P
// CHECK-NOT: {{.}}
