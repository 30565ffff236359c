// run

// A value method called through an interface holding a nil pointer: gc's wrapper panics
// with "value method T.M called using nil *T pointer" (a runtime.Error); promoted through
// an embedded struct, the nil dereference panic.

package main

type T struct{ a, b, c int }

func (t T) M() int { return t.a }

type small int

func (s small) M() int { return int(s) }

type Outer struct {
	pad int
	T
}

type I interface{ M() int }

func call(i I) {
	defer func() {
		if e := recover(); e != nil {
			_, isRuntime := e.(interface{ RuntimeError() })
			println(e.(error).Error(), isRuntime)
		}
	}()
	println(i.M())
}

func main() {
	var p *T
	call(p)
	call(&T{a: 1})
	var s *small
	call(s)
	var o *Outer
	call(o)
	var i I = p
	f := i.M
	call(fwrap(f))
}

type fwrap func() int

func (f fwrap) M() int { return f() }
