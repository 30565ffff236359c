// run

// `defer recover()`: it recovers when the function holding it returns normally while
// that function is the deferred call a panic is running, and does nothing when a panic
// runs it (then the panic goes on).
package main

func report(what string) {
	if v := recover(); v != nil {
		println(what, "recovered", v.(int))
	}
}

// Returns normally from a deferred call: the deferred recover() stops panic 1.
func normalReturn() {
	defer report("normalReturn: nothing left, so never")
	defer func() {
		defer recover()
	}()
	panic(1)
}

// A panic inside the deferred call runs the deferred recover(): a no-op; report(3)
// then recovers 3, and the deferred call's return runs nothing more, so 2 goes on to
// the outer report.
func panicRunsIt() {
	defer report("panicRunsIt outer:")
	defer func() {
		defer report("panicRunsIt inner:")
		defer recover()
		panic(3)
	}()
	panic(2)
}

// In the panicking function itself `defer recover()` is run by the panic: no effect.
func direct() {
	defer report("direct:")
	defer recover()
	panic(4)
}

// Not a deferred call at all: a function called by one; its deferred recover() sees
// a frame that is not the panic's deferred call.
func helper() {
	defer recover()
}

func calledByDeferred() {
	defer report("calledByDeferred:")
	defer func() {
		helper()
	}()
	panic(5)
}

// With arguments, the deferred function runs through talpa's wrapper.
func withArgs() {
	defer report("withArgs: nothing left, so never")
	defer func(n int) {
		defer recover()
		println("withArgs deferred call", n)
	}(6)
	panic(6)
}

func main() {
	normalReturn()
	panicRunsIt()
	direct()
	calledByDeferred()
	withArgs()
	println("done")
}
