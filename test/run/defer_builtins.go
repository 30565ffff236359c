// run

// Deferred builtins: their operands are evaluated at the defer statement, the builtin
// runs when the function returns (delete, copy, print, println, panic, recover).

package main

func deletes() map[int]bool {
	m := map[int]bool{}
	for i := 0; i < 3; i++ {
		m[i] = true
		defer delete(m, i)
	}
	m[10] = true
	return m
}

type key interface{}

func deleteIface() map[key]int {
	m := map[key]int{1: 1, "a": 2, 2.5: 3}
	defer delete(m, "a")
	defer delete(m, 1)
	return m
}

func copies() (dst []byte) {
	dst = make([]byte, 5)
	src := "hello"
	defer copy(dst, src)
	src = "world"
	defer copy(dst[3:], []byte("XYZ"))
	return dst
}

func prints() {
	x, s := 1, "one"
	defer println("deferred println", x, s)
	defer print("deferred print ", x, " ", s, "\n")
	x, s = 2, "two"
	println("body", x, s)
}

func panics() (r string) {
	defer func() {
		r = recover().(string)
	}()
	msg := "deferred panic"
	defer panic(msg)
	msg = "changed"
	return "not reached"
}

func recovers() (n int) {
	defer func() {
		if e := recover(); e != nil {
			println("outer recovered", e.(string))
		}
	}()
	defer recover() // not called directly by a deferred function: recovers nothing
	panic("p")
}

func main() {
	m := deletes()
	println(len(m), m[10])
	mi := deleteIface()
	println(len(mi), mi[2.5])
	println(string(copies()))
	prints()
	println(panics())
	recovers()
	multi()
}

// Deferred calls whose arguments are one call's several values, evaluated at the defer.
type big struct{ a, b, c, d int }

func pair(n int) (int, string)        { println("pair", n); return n, "s" + string(rune('0'+n)) }
func bigs(n int) (big, []int, error)  { return big{n, n, n, n}, []int{n}, nil }
func show(n int, s string)            { println("show", n, s) }
func showBig(b big, s []int, e error) { println("showBig", b.a+b.d, s[0], e == nil) }
func variadic(xs ...int)              { println("variadic", len(xs)) }
func three() (int, int, int)          { return 1, 2, 3 }

type T struct{ name string }

func (t T) show(n int, s string) { println("method", t.name, n, s) }

func multi() {
	n := 1
	defer show(pair(n))
	n = 2
	defer showBig(bigs(n))
	defer variadic(three())
	t := T{"t"}
	defer t.show(pair(3))
	t.name = "u"
	f := show
	defer f(pair(4))
	f = nil
	println("multi body")
}
