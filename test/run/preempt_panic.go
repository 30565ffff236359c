// run

// A goroutine that was preempted several times in a loop then panics: the panic and its
// traceback are those of an ordinary goroutine (the preemption frames are long gone).
package main

import "runtime"

var total int

func loop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i % 7
	}
	return s
}

func worker(done chan bool) {
	total = loop(50000000)
	if total > 0 {
		panic("boom after preemption")
	}
	done <- true
}

func main() {
	runtime.GOMAXPROCS(1)
	done := make(chan bool)
	go worker(done)
	for {
		select {
		case <-done:
			return
		default:
		}
	}
}
