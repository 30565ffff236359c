package main

import "runtime"

func work(id int) {
	for i := 0; i < 2; i++ {
		println("work", id, i)
		runtime.Gosched()
	}
}

func main() {
	runtime.GOMAXPROCS(1)
	go work(1)
	println("main exits")
	runtime.Goexit()
	println("not reached")
}
