// run

// runtime.GOMAXPROCS returns the previous setting and changes the number of Ps (with the
// world stopped); goroutines, channels and collections keep working across several Ms.
package main

import "runtime"

type node struct {
	next *node
	val  int
}

// build makes a list of n nodes and returns it with the sum it should have.
func build(n, seed int) (*node, int) {
	var head *node
	sum := 0
	for i := 0; i < n; i++ {
		v := (i*7 + seed) % 1000
		head = &node{head, v}
		sum += v
	}
	return head, sum
}

func check(l *node) int {
	s := 0
	for ; l != nil; l = l.next {
		s += l.val
	}
	return s
}

func main() {
	old := runtime.GOMAXPROCS(4)
	println("old >= 1:", old >= 1)
	println("now:", runtime.GOMAXPROCS(0))
	println("prev:", runtime.GOMAXPROCS(3))
	println("now:", runtime.GOMAXPROCS(0))

	// A pipeline across the Ps: 8 stages, 1000 values.
	const stages = 8
	first := make(chan int)
	in := first
	for s := 0; s < stages; s++ {
		out := make(chan int, s%3)
		go func(in <-chan int, out chan<- int) {
			for v := range in {
				out <- v + 1
			}
			close(out)
		}(in, out)
		in = out
	}
	go func() {
		for i := 0; i < 1000; i++ {
			first <- i
		}
		close(first)
	}()
	total := 0
	for v := range in {
		total += v
	}
	println("pipeline:", total)

	// Allocation-heavy goroutines with collections running under them: every list must
	// survive intact.
	results := make(chan bool)
	for w := 0; w < 6; w++ {
		go func(w int) {
			ok := true
			for round := 0; round < 20; round++ {
				l, want := build(2000, w*100+round)
				if round%5 == 0 {
					runtime.GC()
				}
				if check(l) != want {
					ok = false
				}
			}
			results <- ok
		}(w)
	}
	good := 0
	for w := 0; w < 6; w++ {
		if <-results {
			good++
		}
	}
	println("lists intact:", good)

	// Changing the number of Ps while goroutines are blocked and runnable.
	done := make(chan int)
	for i := 0; i < 50; i++ {
		go func(i int) {
			runtime.Gosched()
			done <- i
		}(i)
	}
	println("prev:", runtime.GOMAXPROCS(1))
	sum := 0
	for i := 0; i < 25; i++ {
		sum += <-done
	}
	println("prev:", runtime.GOMAXPROCS(2))
	for i := 0; i < 25; i++ {
		sum += <-done
	}
	println("sum:", sum)
	runtime.GOMAXPROCS(old)
	println("restored:", runtime.GOMAXPROCS(0) == old)
}
