// RUN: %exit 2 %talpa build -gcflags=-e -o %t %s 2>&1 | %FileCheck %s

// Calls in types2's words: argument counts with have/want (variadic parameters shown as
// ...T), ... with a non-final or non-variadic call, assignability causes, conversions.
package p

type I interface{ M() }
type J interface {
	M()
	N()
}

type T int

func (T) M() {}

func f() int                { return 0 }
func g(a int, b ...string)  {}
func h() (int, int)         { return 1, 2 }
func k(a, b int)            {}
func variadic(xs ...int)    {}
func iface(i I)             {}

func calls() {
	g(1)
	g(1, "a", "b")
	g(1, []string{}...)
	g()
	k(1)
	k(1, 2, 3)
	k(h())
	g(h())
	f(1)
	var x int
	x()
	k(1, "a")
	var j J = T(1)
	_ = j
	var s []string
	g(1, s)
	k(s...)
	g(1, "a", s...)
	var fn func(...int)
	fn(h()...)
	variadic(1, []int{1}...)
	iface(x)
	iface(j)
	_ = append
}

func conversions() {
	var s []string
	var x int
	_ = string(1)
	_ = string(1.5)
	_ = int("a")
	_ = []byte("a")
	_ = int(1.5)
	_ = float32(1e100)
	_ = T(1.5)
	_ = I(x)
	_ = (*int)(nil)
	_ = uint8(256)
	_ = []int(s)
	_ = int(1, 2)
	_ = int()
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_calls.go:28:2: not enough arguments in call to g
// CHECK-NEXT: have ()
// CHECK-NEXT: want (int, ...string)
// CHECK-NEXT: {{.*}}fail_calls.go:29:4: not enough arguments in call to k
// CHECK-NEXT: have (number)
// CHECK-NEXT: want (int, int)
// CHECK-NEXT: {{.*}}fail_calls.go:30:10: too many arguments in call to k
// CHECK-NEXT: have (number, number, number)
// CHECK-NEXT: want (int, int)
// CHECK-NEXT: {{.*}}fail_calls.go:32:4: cannot use h() (value of type int) as type string in argument to g
// CHECK-NEXT: {{.*}}fail_calls.go:33:4: too many arguments in call to f
// CHECK-NEXT: have (number)
// CHECK-NEXT: want ()
// CHECK-NEXT: {{.*}}fail_calls.go:35:2: invalid operation: cannot call non-function x (variable of type int)
// CHECK-NEXT: {{.*}}fail_calls.go:36:7: cannot use "a" (untyped string constant) as int value in argument to k
// CHECK-NEXT: {{.*}}fail_calls.go:37:12: cannot use T(1) (constant 1 of type T) as type J in variable declaration:
// CHECK-NEXT: T does not implement J (missing N method)
// CHECK-NEXT: {{.*}}fail_calls.go:40:7: cannot use s (variable of type []string) as type string in argument to g
// CHECK-NEXT: {{.*}}fail_calls.go:41:2: cannot use ... in call to non-variadic k
// CHECK-NEXT: {{.*}}fail_calls.go:42:12: too many arguments in call to g
// CHECK-NEXT: have (number, string, []string)
// CHECK-NEXT: want (int, ...string)
// CHECK-NEXT: {{.*}}fail_calls.go:44:2: cannot use ... with 2-valued h()
// CHECK-NEXT: {{.*}}fail_calls.go:45:14: too many arguments in call to variadic
// CHECK-NEXT: have (number, []int)
// CHECK-NEXT: want (...int)
// CHECK-NEXT: {{.*}}fail_calls.go:46:8: cannot use x (variable of type int) as type I in argument to iface:
// CHECK-NEXT: int does not implement I (missing M method)
// CHECK-NEXT: {{.*}}fail_calls.go:48:6: append (built-in) must be called
// CHECK-NEXT: {{.*}}fail_calls.go:55:13: cannot convert 1.5 (untyped float constant) to type string
// CHECK-NEXT: {{.*}}fail_calls.go:56:10: cannot convert "a" (untyped string constant) to type int
// CHECK-NEXT: {{.*}}fail_calls.go:58:10: cannot convert 1.5 (untyped float constant) to type int
// CHECK-NEXT: {{.*}}fail_calls.go:59:14: cannot convert 1e100 (untyped float constant 1e+100) to type float32
// CHECK-NEXT: {{.*}}fail_calls.go:60:8: cannot convert 1.5 (untyped float constant) to type T
// CHECK-NEXT: {{.*}}fail_calls.go:61:8: cannot convert x (variable of type int) to type I:
// CHECK-NEXT: int does not implement I (missing M method)
// CHECK-NEXT: {{.*}}fail_calls.go:63:12: cannot convert 256 (untyped int constant) to type uint8
// CHECK-NEXT: {{.*}}fail_calls.go:64:12: cannot convert s (variable of type []string) to type []int
// CHECK-NEXT: {{.*}}fail_calls.go:65:13: too many arguments in conversion to int
// CHECK-NEXT: {{.*}}fail_calls.go:66:6: missing argument in conversion to int
// CHECK-NOT: {{.}}
