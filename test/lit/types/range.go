// RUN: %exit 2 %talpa build -gcflags=-e -o %t %s 2>&1 | %FileCheck %s

// for range over strings, arrays, pointers to arrays, slices, maps and channels: the
// iteration variables' types, := and = forms, and what cannot be ranged over.
package p

type MyInt int
type S struct{ f int }

func f() int { return 1 }

func ranges() {
	var s []string
	var a [3]float64
	var pa *[4]byte
	var ps *[]int
	var m map[string]MyInt
	var ch chan S
	var sch chan<- int
	var str string
	for i, v := range s {
		var _ int = i
		var _ string = v
	}
	for i, v := range a {
		var _ string = v
		_ = i
	}
	for i, v := range pa {
		var _ int = v
		_ = i
	}
	for range ps {
	}
	for k, v := range m {
		var _ int = k
		var _ int = v
	}
	for v := range ch {
		var _ int = v
	}
	for v, w := range ch {
		_, _ = v, w
	}
	for range sch {
	}
	for i, r := range str {
		var _ string = r
		_ = i
	}
	var x, y int
	for x, y = range s {
	}
	for x = range m {
	}
	for _, y = range str {
	}
	for f() = range s {
	}
	for range f {
	}
	for x, y := range m {
	}
	for _ := range s {
	}
	for i, j, k := range s {
		_, _, _ = i, j, k
	}
}

func generic[T ~[]int, M ~map[int]string](t T, m M) {
	for i, v := range t {
		_, _ = i, v
	}
	for k, v := range m {
		var _ string = k
		_ = v
	}
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}range.go:26:18: cannot use v (variable of type float64) as type string in variable declaration
// CHECK-NEXT: {{.*}}range.go:30:15: cannot use v (variable of type byte) as type int in variable declaration
// CHECK-NEXT: {{.*}}range.go:33:12: cannot range over ps (variable of type *[]int)
// CHECK-NEXT: {{.*}}range.go:36:15: cannot use k (variable of type string) as type int in variable declaration
// CHECK-NEXT: {{.*}}range.go:37:15: cannot use v (variable of type MyInt) as type int in variable declaration
// CHECK-NEXT: {{.*}}range.go:40:15: cannot use v (variable of type S) as type int in variable declaration
// CHECK-NEXT: {{.*}}range.go:42:9: range over ch (variable of type chan S) permits only one iteration variable
// CHECK-NEXT: {{.*}}range.go:45:12: cannot range over sch (variable of type chan<- int) (receive from send-only channel)
// CHECK-NEXT: {{.*}}range.go:48:18: cannot use r (variable of type rune) as type string in variable declaration
// CHECK-NEXT: {{.*}}range.go:51:6: x declared but not used
// CHECK-NEXT: {{.*}}range.go:51:9: y declared but not used
// CHECK-NEXT: {{.*}}range.go:52:9: cannot use y (value of type string) as type int in assignment
// CHECK-NEXT: {{.*}}range.go:54:6: cannot use x (value of type string) as type int in assignment
// CHECK-NEXT: {{.*}}range.go:56:9: cannot use y (value of type rune) as type int in assignment
// CHECK-NEXT: {{.*}}range.go:58:6: cannot assign to f() (value of type int)
// CHECK-NEXT: {{.*}}range.go:60:12: cannot range over f (value of type func() int)
// CHECK-NEXT: {{.*}}range.go:62:6: x declared but not used
// CHECK-NEXT: {{.*}}range.go:62:9: y declared but not used
// CHECK-NEXT: {{.*}}range.go:64:2: no new variables on left side of :=
// CHECK-NEXT: {{.*}}range.go:66:12: range clause permits at most two iteration variables
// CHECK-NEXT: {{.*}}range.go:67:19: undefined: k
// CHECK-NEXT: {{.*}}range.go:76:18: cannot use k (variable of type int) as type string in variable declaration
// CHECK-NOT: {{.}}
