// run

// Goroutines that exit while locked to their thread (runtime.LockOSThread) end it, on
// every target (linux exit, windows ExitThread): 50 of them yield among each other on
// two Ps first (new Ms reuse the records of ended ones), and the program, a
// collection included, goes on with only main left.

package main

import "runtime"

func main() {
	runtime.GOMAXPROCS(2)
	done := make(chan int)
	for i := 0; i < 50; i++ {
		go func(i int) {
			runtime.LockOSThread()
			x := 0
			for j := 0; j < 100; j++ {
				runtime.Gosched()
				x += j
			}
			done <- x + i
		}(i)
	}
	s := 0
	for i := 0; i < 50; i++ {
		s += <-done
	}
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	runtime.GC()
	println(s, runtime.NumGoroutine())
}
