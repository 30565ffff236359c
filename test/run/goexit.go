// run

// runtime.Goexit runs the goroutine's deferred calls (recover returns nil in them) and
// ends it; the main goroutine calling it lets the others finish, then the program dies
// with gc's deadlock message. The workers take turns (main's deferred call lets worker
// 1 go, worker 1's last deferred call worker 2), so that the output does not depend on where the
// scheduler preempts main.
package main

import "runtime"

func work(id int, turn, next chan bool) {
	<-turn
	defer func() { next <- true }()
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
	turn1, turn2, done := make(chan bool, 1), make(chan bool, 1), make(chan bool, 1)
	go work(1, turn1, turn2)
	go work(2, turn2, done)
	defer func() {
		println("main deferred")
		turn1 <- true
	}()
	println("main exits")
	runtime.Goexit()
	println("not reached")
}
