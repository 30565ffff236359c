// RUN: %exit 2 %talpa build -gcflags=-e -o %t %s 2>&1 | %FileCheck %s

// Type switches: the clause variable has the case's type in a clause with one type and
// the switch expression's type otherwise; it must be used in some clause. Cases that
// repeat, types the interface's dynamic type cannot have, non-interface operands and
// two defaults are errors.
package p

type I interface{ M() }
type J interface{ N() }
type A int

func (A) M() {}

type B struct{}
type P int

func (*P) M() {}

func sw(i I, e interface{}, n int) {
	switch x := i.(type) {
	case A:
		var _ string = x
	case B:
		_ = x
	case nil:
		var _ int = x
	case J, int:
		var _ int = x
	case A:
	case nil:
	case P:
	default:
		var _ int = x
	}
	switch y := e.(type) {
	}
	switch _ := e.(type) {
	}
	switch z := n.(type) {
	default:
		_ = z
	}
	switch e.(type) {
	case undefinedT:
	case 5:
	}
	switch e.(type) {
	default:
	default:
	}
}

func terminating(e interface{}) int {
	switch e.(type) {
	case int:
		return 1
	default:
		panic("x")
	}
}

func missing(e interface{}) int {
	switch e.(type) {
	case int:
		return 1
	}
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}typeswitch.go:23:18: cannot use x (variable of type A) as type string in variable declaration
// CHECK-NEXT: {{.*}}typeswitch.go:24:7: impossible type switch case: B
// CHECK-NEXT: 	i (variable of type I) cannot have dynamic type B (missing M method)
// CHECK-NEXT: {{.*}}typeswitch.go:27:15: cannot use x (variable of type I) as type int in variable declaration
// CHECK-NEXT: {{.*}}typeswitch.go:28:10: impossible type switch case: int
// CHECK-NEXT: 	i (variable of type I) cannot have dynamic type int (missing M method)
// CHECK-NEXT: {{.*}}typeswitch.go:29:15: cannot use x (variable of type I) as type int in variable declaration
// CHECK-NEXT: {{.*}}typeswitch.go:30:7: duplicate case A in type switch
// CHECK-NEXT: 	{{.*}}typeswitch.go:22:7: previous case
// CHECK-NEXT: {{.*}}typeswitch.go:31:7: duplicate case nil in type switch
// CHECK-NEXT: 	{{.*}}typeswitch.go:26:7: previous case
// CHECK-NEXT: {{.*}}typeswitch.go:32:7: impossible type switch case: P
// CHECK-NEXT: 	i (variable of type I) cannot have dynamic type P (M method has pointer receiver)
// CHECK-NEXT: {{.*}}typeswitch.go:34:15: cannot use x (variable of type I) as type int in variable declaration
// CHECK-NEXT: {{.*}}typeswitch.go:36:9: y declared but not used
// CHECK-NEXT: {{.*}}typeswitch.go:38:9: no new variable on left side of :=
// CHECK-NEXT: {{.*}}typeswitch.go:40:14: n (variable of type int) is not an interface
// CHECK-NEXT: {{.*}}typeswitch.go:45:7: undefined: undefinedT
// CHECK-NEXT: {{.*}}typeswitch.go:46:7: 5 is not a type
// CHECK-NEXT: {{.*}}typeswitch.go:50:2: multiple defaults (first at {{.*}}typeswitch.go:49:2)
// CHECK-NEXT: {{.*}}typeswitch.go:68:1: missing return
// CHECK-NOT: {{.}}
