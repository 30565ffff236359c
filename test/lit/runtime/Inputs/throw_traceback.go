package main

import "runtime"

var block = make(chan int)

func waiter() {
	<-block
}

//go:noinline
func misuse() {
	var p *int
	runtime.SetFinalizer(p, nil)
}

func main() {
	go waiter()
	runtime.Gosched()
	misuse()
}
