package main

import "runtime"

type node struct {
	next *node
	v    int
}

var counter, done, sum int
var garbage *node

// worker builds a list held only by its own stack (and registers), yielding after each
// node, with collections in between; the sum shows whether any node was lost.
func worker(id, n int) {
	var head *node
	for i := 0; i < n; i++ {
		head = &node{head, id*1000 + i}
		for j := 0; j < 20; j++ {
			garbage = &node{nil, j}
		}
		counter++
		runtime.Gosched()
	}
	for p := head; p != nil; p = p.next {
		sum += p.v
	}
	done++
}

func main() {
	runtime.GOMAXPROCS(1)
	for i := 0; i < 10; i++ {
		go worker(i, 100)
	}
	println("goroutines", runtime.NumGoroutine())
	for done < 10 {
		runtime.GC()
		runtime.Gosched()
	}
	println("counter", counter, "sum", sum, "goroutines", runtime.NumGoroutine())
	for round := 0; round < 3; round++ {
		for i := 0; i < 1000; i++ {
			go worker(i, 2)
		}
		for done < 10+(round+1)*1000 {
			runtime.Gosched()
		}
		println("round", round, "sum", sum, "goroutines", runtime.NumGoroutine())
	}
}
