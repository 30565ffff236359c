// RUN: %exit 2 %talpa build -gcflags=-e -o %t %s 2>&1 | %FileCheck %s

// Statement errors as gc (types2) reports them: unused expression results,
// assignments to what cannot be assigned, op-assignments, ++/--, :=, go and defer
// of what is not a call statement, sends, and a bare return whose result parameter is
// shadowed.
package p

type T struct{ f int }

func (T) m() int { return 0 }
func (*T) pm()   {}

func f() int        { return 1 }
func g() (int, int) { return 1, 2 }
func h()            {}

func stmts(t T, pt *T, b bool) {
	t.m()
	pt.pm()
	t.f = 1
	pt.f++
	t.m
	h
	int
	len
	b
	b == true
	f() + 1
	(f())
	1
	nil
	g()
	var u uint
	u += 1.5
	u <<= 2
	u++
	b++
	var s string
	s += "x"
	s -= "x"
	a, b := 1, 2
	a, b := 3, 4
	t.f, c := 1, 2
	d, d := 1, 2
	_ = a
	var e int
	e, _ = g()
	e, _, _ = g()
	_ = e
	const k = 1
	k = 2
	k++
	nil = 1
	f() = 1
	_ = nil
	x := nil
	_ = x
}

func suspended(t T, pt *T, ch chan int, sch chan<- int, rch <-chan int) {
	go h()
	defer h()
	go f()
	defer t.m()
	defer pt.pm()
	defer print()
	defer println("x")
	go panic("x")
	defer len("x")
	defer uint(1)
	go T(t)
	ch <- 1
	ch <- "s"
	sch <- 1
	rch <- 1
	f() <- 1
}

func ret() (x int, y string) {
	if true {
		x := 1
		_ = x
		return
	}
	{
		var y int
		_ = y
		return
	}
	return 1
}

func vars() {
	var c, d = 1, 2, 3
	var e, f, g = 1, 2
	var h = g()
	var n undefinedT
	_, _, _, _, _, _ = c, d, e, f, g, h
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_stmts.go:23:2: t.m (value of type func() int) is not used
// CHECK-NEXT: {{.*}}fail_stmts.go:24:2: h (value of type func()) is not used
// CHECK-NEXT: {{.*}}fail_stmts.go:25:2: int (type) is not an expression
// CHECK-NEXT: {{.*}}fail_stmts.go:26:2: len (built-in) must be called
// CHECK-NEXT: {{.*}}fail_stmts.go:27:2: b (variable of type bool) is not used
// CHECK-NEXT: {{.*}}fail_stmts.go:28:2: b == true (untyped bool value) is not used
// CHECK-NEXT: {{.*}}fail_stmts.go:29:2: f() + 1 (value of type int) is not used
// CHECK-NEXT: {{.*}}fail_stmts.go:31:2: 1 (untyped int constant) is not used
// CHECK-NEXT: {{.*}}fail_stmts.go:32:2: nil is not used
// CHECK-NEXT: {{.*}}fail_stmts.go:35:7: 1.5 (untyped float constant) truncated to uint
// CHECK-NEXT: {{.*}}fail_stmts.go:38:2: invalid operation: b++ (non-numeric type bool)
// CHECK-NEXT: {{.*}}fail_stmts.go:41:2: invalid operation: operator - not defined on s (variable of type string)
// CHECK-NEXT: {{.*}}fail_stmts.go:42:13: cannot use 2 (untyped int constant) as bool value in assignment
// CHECK-NEXT: {{.*}}fail_stmts.go:43:7: no new variables on left side of :=
// CHECK-NEXT: {{.*}}fail_stmts.go:43:13: cannot use 4 (untyped int constant) as bool value in assignment
// CHECK-NEXT: {{.*}}fail_stmts.go:44:2: non-name t.f on left side of :=
// CHECK-NEXT: {{.*}}fail_stmts.go:44:7: c declared but not used
// CHECK-NEXT: {{.*}}fail_stmts.go:45:2: d declared but not used
// CHECK-NEXT: {{.*}}fail_stmts.go:45:5: d repeated on left side of :=
// CHECK-NEXT: {{.*}}fail_stmts.go:49:12: assignment mismatch: 3 variables but g returns 2 values
// CHECK-NEXT: {{.*}}fail_stmts.go:52:2: cannot assign to k (untyped int constant 1)
// CHECK-NEXT: {{.*}}fail_stmts.go:53:2: cannot assign to k (untyped int constant 1)
// CHECK-NEXT: {{.*}}fail_stmts.go:54:2: cannot assign to nil
// CHECK-NEXT: {{.*}}fail_stmts.go:55:2: cannot assign to f() (value of type int)
// CHECK-NEXT: {{.*}}fail_stmts.go:56:6: use of untyped nil in assignment to _ identifier
// CHECK-NEXT: {{.*}}fail_stmts.go:57:7: use of untyped nil in assignment
// CHECK-NEXT: {{.*}}fail_stmts.go:70:8: defer discards result of len("x") (constant 1 of type int)
// CHECK-NEXT: {{.*}}fail_stmts.go:71:8: defer requires function call, not conversion uint(1) (constant 1 of type uint)
// CHECK-NEXT: {{.*}}fail_stmts.go:72:5: go requires function call, not conversion T(t) (value of type T)
// CHECK-NEXT: {{.*}}fail_stmts.go:74:8: cannot use "s" (untyped string constant) as int value in send
// CHECK-NEXT: {{.*}}fail_stmts.go:76:2: invalid operation: cannot send to receive-only channel rch (variable of type <-chan int)
// CHECK-NEXT: {{.*}}fail_stmts.go:77:2: invalid operation: cannot send to non-channel f() (value of type int)
// CHECK-NEXT: {{.*}}fail_stmts.go:84:3: result parameter x not in scope at return
// CHECK-NEXT: 	{{.*}}fail_stmts.go:82:3: inner declaration of var x int
// CHECK-NEXT: {{.*}}fail_stmts.go:89:3: result parameter y not in scope at return
// CHECK-NEXT: 	{{.*}}fail_stmts.go:87:7: inner declaration of var y string
// CHECK-NEXT: {{.*}}fail_stmts.go:91:9: not enough return values
// CHECK-NEXT: 	have (number)
// CHECK-NEXT: 	want (int, string)
// CHECK-NEXT: {{.*}}fail_stmts.go:95:19: extra init expr 3
// CHECK-NEXT: {{.*}}fail_stmts.go:96:12: missing init expr for g
// CHECK-NEXT: {{.*}}fail_stmts.go:98:8: undefined: undefinedT
// CHECK-NOT: {{.}}
