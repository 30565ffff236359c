// run

// Goroutines switching through runtime.Gosched: lists of heap objects held only by the
// goroutines' stacks survive collections while their owners are parked; dead goroutines
// are reused. GOMAXPROCS(1) keeps gc's order deterministic.
package main

import "runtime"

type node struct {
	next *node
	v    int
}

var counter, done, sum int
var garbage *node

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
	// Summed locally: a goroutine preempted inside the loop must not hold a stale copy
	// of the global (LLVM keeps it in a register across the loop).
	s := 0
	for p := head; p != nil; p = p.next {
		s += p.v
	}
	sum += s
	done++
}

type acc struct{ total int }

func (a *acc) add(v int) { a.total += v }

func addTo(a *acc, v int) { a.add(v) }

func main() {
	runtime.GOMAXPROCS(1)
	for i := 0; i < 10; i++ {
		go worker(i, 50)
	}
	println("goroutines", runtime.NumGoroutine())
	for done < 10 {
		runtime.GC()
		runtime.Gosched()
	}
	println("counter", counter, "sum", sum, "goroutines", runtime.NumGoroutine())

	// Closures and arguments evaluated at the go statement.
	a := &acc{}
	x := 1
	go addTo(a, x)
	x = 100
	go func(v int) { a.add(v) }(x)
	go func() { a.add(x * 10) }()
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	println("total", a.total)

	for round := 0; round < 3; round++ {
		for i := 0; i < 500; i++ {
			go worker(i, 2)
		}
		for done < 10+(round+1)*500 {
			runtime.Gosched()
		}
		println("round", round, "sum", sum, "goroutines", runtime.NumGoroutine())
	}
}
