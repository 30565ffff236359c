// run

// The channel operations' panics, as gc raises them: runtime errors (plainError values,
// whose Error() has no "runtime error: " prefix) that recover returns.
package main

type runtimeError interface {
	error
	RuntimeError()
}

func try(name string, f func()) {
	defer func() {
		r := recover()
		if e, ok := r.(runtimeError); ok {
			println(name+":", e.Error())
		} else {
			println(name+":", "no runtime error", r == nil)
		}
	}()
	f()
}

func main() {
	try("close nil", func() {
		var c chan int
		close(c)
	})
	try("close closed", func() {
		c := make(chan int)
		close(c)
		close(c)
	})
	try("send closed", func() {
		c := make(chan int, 1)
		close(c)
		c <- 1
	})
	try("send closed full", func() {
		c := make(chan string, 1)
		c <- "x"
		close(c)
		c <- "y"
	})
	try("negative size", func() {
		n := -1
		_ = make(chan int, n)
	})
	try("huge size", func() {
		n := 1 << 62
		_ = make(chan int64, n)
	})
	try("huge unsigned size", func() {
		var n uint64 = 1 << 63
		_ = make(chan byte, n)
	})
	try("select send closed", func() {
		c := make(chan int, 1)
		d := make(chan int)
		close(c)
		select {
		case c <- 1:
		case <-d:
		}
	})
	try("nonblocking send closed", func() {
		c := make(chan int)
		close(c)
		select {
		case c <- 1:
		default:
		}
	})
	try("deferred close", func() {
		c := make(chan int, 1)
		defer close(c)
		c <- 1
		println("len", len(c))
	})
	try("ok", func() {})
}
