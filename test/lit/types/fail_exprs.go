// RUN: %exit 2 %talpa build -gcflags=-e -o %t %s 2>&1 | %FileCheck %s

// Unary and binary operators on all types, comparisons, index and slice expressions,
// type assertions and function literals, in types2's words.
package p

type S struct{ a []int }

type I interface{ M() }
type J interface {
	M()
	N()
}

type T int

func (T) M() {}

func unary() {
	var x int
	var p *int
	_ = &x
	_ = &S{}
	_ = *p
	_ = **p
	var ch chan int
	var sc chan<- int
	_ = <-ch
	_ = <-sc
	_ = <-x
	_ = -"a"
	_ = !x
	_ = ^1.5
	_ = &f()
	_ = &x + 1
}

func f() int { return 0 }

func index() {
	var a [3]int
	var s []int
	var m map[string]int
	var str string
	var p *[3]int
	_ = a[3]
	_ = a[-1]
	_ = m[1]
	_ = "abc"[5]
	_ = p[5]
	_ = a[1:5]
	_ = s[2:1]
	_ = str[1:2:3]
	_ = [3]int{}[:]
	var x int
	_ = x[1]
	_ = x[1:]
	_ = 1 << 1.5
	var fl float64
	_ = fl << 2
}

func compare() {
	var i I
	var t T
	_ = i == t
	_ = i == 1
	var a [2][]int
	_ = a == a
	var st S
	_ = st == st
	var c chan int
	var d chan<- int
	_ = c == d
	_ = nil == nil
	var f1, f2 func()
	_ = f1 == f2
	_ = f1 != nil
	_ = st == nil
	_ = t < "a"
	var b bool
	_ = b < b
	var pt *int
	_ = pt < pt
}

func assertions() {
	var x int
	var i I
	_ = x.(int)
	_ = i.(int)
	_ = i.(T)
	_ = i.(J)
}

func closures() int {
	y := 2
	_ = func() int { return y }
	z := 3
	_ = func() { z := 4 }
	_ = func() int { return "x" }
	return func(a int) int { return a }(1)
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_exprs.go:25:7: invalid operation: cannot indirect *p (variable of type int)
// CHECK-NEXT: {{.*}}fail_exprs.go:29:8: invalid operation: cannot receive from send-only channel sc (variable of type chan<- int)
// CHECK-NEXT: {{.*}}fail_exprs.go:30:8: invalid operation: cannot receive from non-channel x (variable of type int)
// CHECK-NEXT: {{.*}}fail_exprs.go:31:7: invalid operation: operator - not defined on "a" (untyped string constant)
// CHECK-NEXT: {{.*}}fail_exprs.go:32:7: invalid operation: operator ! not defined on x (variable of type int)
// CHECK-NEXT: {{.*}}fail_exprs.go:33:7: invalid operation: operator ^ not defined on 1.5 (untyped float constant)
// CHECK-NEXT: {{.*}}fail_exprs.go:34:7: invalid operation: cannot take address of f() (value of type int)
// CHECK-NEXT: {{.*}}fail_exprs.go:35:11: cannot convert 1 (untyped int constant) to *int
// CHECK-NEXT: {{.*}}fail_exprs.go:46:8: invalid argument: index 3 out of bounds [0:3]
// CHECK-NEXT: {{.*}}fail_exprs.go:47:8: invalid argument: index -1 (constant of type int) must not be negative
// CHECK-NEXT: {{.*}}fail_exprs.go:48:8: cannot use 1 (untyped int constant) as string value in map index
// CHECK-NEXT: {{.*}}fail_exprs.go:49:12: invalid argument: index 5 out of bounds [0:3]
// CHECK-NEXT: {{.*}}fail_exprs.go:50:8: invalid argument: index 5 out of bounds [0:3]
// CHECK-NEXT: {{.*}}fail_exprs.go:51:10: invalid argument: index 5 out of bounds [0:4]
// CHECK-NEXT: {{.*}}fail_exprs.go:52:10: invalid slice indices: 1 < 2
// CHECK-NEXT: {{.*}}fail_exprs.go:53:14: invalid operation: 3-index slice of string
// CHECK-NEXT: {{.*}}fail_exprs.go:54:6: invalid operation: [3]int{} (value of type [3]int) (slice of unaddressable value)
// CHECK-NEXT: {{.*}}fail_exprs.go:56:7: invalid operation: cannot index x (variable of type int)
// CHECK-NEXT: {{.*}}fail_exprs.go:57:6: invalid operation: cannot slice x (variable of type int)
// CHECK-NEXT: {{.*}}fail_exprs.go:58:11: 1.5 (untyped float constant) truncated to uint
// CHECK-NEXT: {{.*}}fail_exprs.go:60:6: invalid operation: shifted operand fl (variable of type float64) must be integer
// CHECK-NEXT: {{.*}}fail_exprs.go:67:11: cannot convert 1 (untyped int constant) to interface{M()}
// CHECK-NEXT: {{.*}}fail_exprs.go:69:6: invalid operation: a == a ([2][]int cannot be compared)
// CHECK-NEXT: {{.*}}fail_exprs.go:71:6: invalid operation: st == st (struct containing []int cannot be compared)
// CHECK-NEXT: {{.*}}fail_exprs.go:75:13: invalid operation: nil == nil (operator == not defined on untyped nil)
// CHECK-NEXT: {{.*}}fail_exprs.go:77:6: invalid operation: f1 == f2 (func can only be compared to nil)
// CHECK-NEXT: {{.*}}fail_exprs.go:79:12: invalid operation: st == nil (mismatched types S and untyped nil)
// CHECK-NEXT: {{.*}}fail_exprs.go:80:10: invalid operation: t < "a" (mismatched types T and untyped string)
// CHECK-NEXT: {{.*}}fail_exprs.go:82:6: invalid operation: b < b (operator < not defined on bool)
// CHECK-NEXT: {{.*}}fail_exprs.go:84:6: invalid operation: pt < pt (operator < not defined on pointer)
// CHECK-NEXT: {{.*}}fail_exprs.go:90:6: invalid operation: x (variable of type int) is not an interface
// CHECK-NEXT: {{.*}}fail_exprs.go:91:6: impossible type assertion: i.(int)
// CHECK-NEXT: int does not implement I (missing M method)
// CHECK-NEXT: {{.*}}fail_exprs.go:99:2: z declared but not used
// CHECK-NEXT: {{.*}}fail_exprs.go:100:15: z declared but not used
// CHECK-NEXT: {{.*}}fail_exprs.go:101:26: cannot use "x" (untyped string constant) as int value in return statement
// CHECK-NOT: {{.}}
