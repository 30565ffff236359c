// run

// Collections while goroutines are stopped by preemption in the middle of loops: the
// lists they walk are reachable only from their registers and stacks, which the
// collector must find (asyncPreempt saves every register on the goroutine's stack).
// main allocates and collects; the walkers check their lists' sums on every pass.
package main

import "runtime"

type node struct {
	next *node
	val  int
	pad  [4]int
}

func build(n, seed int) *node {
	var head *node
	for i := 0; i < n; i++ {
		head = &node{next: head, val: i*seed + 1}
	}
	return head
}

func walker(seed int, stop chan bool, out chan int) {
	l := build(5000, seed)
	want := 0
	for p := l; p != nil; p = p.next {
		want += p.val
	}
	bad, passes := 0, 0
	for {
		select {
		case <-stop:
			if passes > 0 {
				out <- bad
			} else {
				out <- -1
			}
			return
		default:
		}
		for r := 0; r < 50; r++ {
			s := 0
			for p := l; p != nil; p = p.next {
				s += p.val
			}
			if s != want {
				bad++
			}
		}
		passes++
	}
}

var garbage []*node

func main() {
	runtime.GOMAXPROCS(1)
	stop := make(chan bool)
	outs := []chan int{make(chan int), make(chan int), make(chan int)}
	for i, out := range outs {
		go walker(i+2, stop, out)
	}
	// Allocate (overwriting freed nodes with other values) and collect, never yielding
	// on purpose: the walkers run only when main is preempted and the other way round.
	for round := 0; round < 30; round++ {
		for i := 0; i < 2000; i++ {
			garbage = append(garbage, &node{val: -round, pad: [4]int{-1, -1, -1, -1}})
		}
		if round%3 == 0 {
			garbage = nil
			runtime.GC()
		}
		x := 0
		for i := 0; i < 3000000; i++ {
			x += i & 3
		}
		if x < 0 {
			println(x)
		}
	}
	close(stop)
	for i, out := range outs {
		println("walker", i, "bad sums:", <-out)
	}
}
