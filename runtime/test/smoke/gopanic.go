package main

import "runtime"

var done int

func f(x int) {
	if x == 2 {
		panic("boom in goroutine")
	}
	done++
}

func main() {
	runtime.GOMAXPROCS(1)
	go f(0)
	go f(1)
	for done < 2 {
		runtime.Gosched()
	}
	go f(2)
	for {
		runtime.Gosched()
	}
}
