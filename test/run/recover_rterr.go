// run

package main

type runtimeError interface {
	error
	RuntimeError()
}

func try(name string, f func()) {
	defer func() {
		r := recover()
		e, ok := r.(error)
		if !ok {
			println(name, "not an error")
			return
		}
		println(name+":", e.Error())
		if re, ok := r.(runtimeError); ok {
			re.RuntimeError()
			println("  runtime.Error:", re.Error())
		} else {
			println("  not a runtime.Error")
		}
	}()
	f()
}

type myErr struct{ s string }

func (e *myErr) Error() string { return "my " + e.s }

var sink int

func main() {
	a := []int{1, 2, 3}
	i := 5
	try("index", func() { sink = a[i] })
	j := -1
	try("neg", func() { sink = a[j] })
	try("slice", func() { sink = len(a[1:i]) })
	try("slice3", func() { sink = len(a[1:2:i]) })
	z := 0
	try("div", func() { sink = 10 / z })
	var p *int
	try("nil", func() { sink = *p })
	var x interface{} = "str"
	try("assert", func() { sink = x.(int) })
	try("assertiface", func() { _ = x.(error) })
	var nx interface{}
	try("assertnil", func() { sink = nx.(int) })
	try("user", func() { panic(&myErr{"err"}) })
	try("map", func() {
		var m map[string]int
		m["a"] = 1
	})
	try("str", func() { panic("plain") })
	var r runtimeError
	try("nilmeth", func() { r.RuntimeError() })
	// A type switch over the runtime's values.
	func() {
		defer func() {
			switch v := recover().(type) {
			case runtimeError:
				println("switch runtime error:", v.Error())
			case error:
				println("switch error")
			}
		}()
		sink = a[i]
	}()
	sink = a[i]
}
