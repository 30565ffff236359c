// run

// runtime.Goexit runs the goroutine's deferred calls (recover returns nil in them) and
// ends it; the main goroutine calling it lets the others finish, then the program dies
// with gc's deadlock message.
package main

import "runtime"

func work(id int) {
	defer println("work", id, "deferred, recovered nil:", recover() == nil)
	defer func() {
		println("work", id, "recover in Goexit:", recover())
	}()
	for i := 0; i < 2; i++ {
		println("work", id, i)
		runtime.Gosched()
	}
	runtime.Goexit()
	println("not reached")
}

func main() {
	runtime.GOMAXPROCS(1)
	go work(1)
	go work(2)
	defer println("main deferred")
	println("main exits")
	runtime.Goexit()
	println("not reached")
}
