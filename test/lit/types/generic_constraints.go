// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Type arguments that do not satisfy their constraints, for generic types and
// functions; methods of generic types are compared with the instance's type arguments.
package main

type G[T any] interface {
	g() *T
}

type Foo[T any] struct{}

func (l *Foo[T]) g() *T {
	var p *T
	return p
}

type H interface{ h() int }

type Bar[T any] struct{ x T }

func (b Bar[T]) h() T { return b.x }

func needG[P G[int]]()     {}
func needH[P H]()          {}
func needC[P comparable]() {}
func needN[P ~int | ~string](p P) {}

type Set[K comparable] struct{ k K }

type MyInt int

func main() {
	needG[*Foo[int]]()
	needG[Foo[int]]()
	needG[*Foo[string]]()
	needH[Bar[int]]()
	needH[Bar[string]]()
	needC[any]()
	needC[[]int]()
	needN(1.5)
	needN(MyInt(1))
	var s Set[[]int]
	var p Set[int, int]
	var q MyInt[int]
	_, _, _ = s, p, q
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}generic_constraints.go:35:8: Foo[int] does not implement G[int] (g method has pointer receiver)
// CHECK-NEXT: {{.*}}generic_constraints.go:36:8: *Foo[string] does not implement G[int] (wrong type for g method)
// CHECK-NEXT: have g() *string
// CHECK-NEXT: want g() *int
// CHECK-NEXT: {{.*}}generic_constraints.go:38:8: Bar[string] does not implement H (wrong type for h method)
// CHECK-NEXT: have h() string
// CHECK-NEXT: want h() int
// CHECK-NEXT: {{.*}}generic_constraints.go:39:8: any does not implement comparable
// CHECK-NEXT: {{.*}}generic_constraints.go:40:8: []int does not implement comparable
// CHECK-NEXT: {{.*}}generic_constraints.go:41:7: float64 does not implement ~int|~string (float64 missing in ~int | ~string)
// CHECK-NEXT: {{.*}}generic_constraints.go:43:12: []int does not implement comparable
// CHECK-NEXT: {{.*}}generic_constraints.go:44:8: got 2 arguments but 1 type parameters
// CHECK-NEXT: {{.*}}generic_constraints.go:45:8: MyInt is not a generic type
// CHECK-NOT: {{.}}
