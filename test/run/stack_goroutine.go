// run

// Goroutine stacks grow by segments from a 2 KiB first one (docs/runtime/stack.md): a
// million frames in a goroutine, frames with large locals, heap objects reachable only
// from frames on older segments of goroutines that are blocked while others collect, a
// panic recovered many segments above where it was raised, and 100,000 goroutines that
// each recurse a little while all of them are alive.
package main

import "runtime"

//go:noinline
func depth(n int) int {
	if n == 0 {
		return 0
	}
	return depth(n-1) + 1
}

//go:noinline
func wide(n int) int {
	var a [100]int
	for i := range a {
		a[i] = n + i
	}
	if n == 0 {
		return a[99]
	}
	return wide(n-1) + a[n%100] - n
}

type node struct {
	v    int
	next *node
}

var sink *node

// hold keeps a heap object only in its frame, then blocks at the bottom until told to
// go on, while other goroutines allocate enough for several collections.
//
//go:noinline
func hold(n int, ready chan<- bool, wait <-chan bool) int {
	p := &node{v: n}
	if n == 0 {
		ready <- true
		<-wait
		return 0
	}
	r := hold(n-1, ready, wait)
	return r + p.v
}

//go:noinline
func boom(n int) {
	if n == 0 {
		panic("deep")
	}
	boom(n - 1)
}

func catch(n int) (msg string) {
	defer func() {
		msg = recover().(string)
	}()
	boom(n)
	return "no panic"
}

func churn() {
	for i := 0; i < 1000000; i++ {
		sink = &node{v: -1}
	}
}

func main() {
	res := make(chan int)
	go func() { res <- depth(1000000) }()
	println(<-res)
	go func() { res <- depth(1000000) + depth(1000) }()
	println(<-res)
	go func() { res <- wide(20000) }()
	println(<-res)

	// Two goroutines hold objects on older segments while blocked; main collects.
	ready := make(chan bool)
	wait := make(chan bool)
	sums := make(chan int)
	for k := 0; k < 2; k++ {
		go func() { sums <- hold(50000, ready, wait) }()
		<-ready
	}
	churn()
	runtime.GC()
	churn()
	wait <- true
	wait <- true
	println(<-sums + <-sums)

	msgs := make(chan string)
	go func() { msgs <- catch(300000) }()
	println(<-msgs)
	// The goroutine that recovered goes on with a deep call on the same segments.
	go func() {
		m := catch(1000)
		msgs <- m + " again"
	}()
	println(<-msgs)

	// 100,000 goroutines alive at once, each a few segments deep.
	const n = 100000
	start := make(chan bool)
	done := make(chan int, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			<-start
			done <- depth(i % 200)
		}(i)
	}
	close(start)
	total := 0
	for i := 0; i < n; i++ {
		total += <-done
	}
	println(total, runtime.NumGoroutine())
	println("done")
}
