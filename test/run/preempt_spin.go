// run

// A goroutine spinning in `for {}` does not starve the others, even with one P: it is
// preempted asynchronously (docs/runtime/proc.md "Preemption"). Several goroutines
// running tight arithmetic loops each make progress while main, which only gets the
// CPU back through preemption, waits for all of them.
package main

import "runtime"

var sink int

func spin() {
	for {
	}
}

// count loops without calls: it can only be stopped between instructions.
func count(id int, progress []int, done chan bool) {
	x := id
	for i := 0; ; i++ {
		x = x*1103515245 + 12345
		if i&0xfffff == 0 {
			progress[id]++
			if progress[id] == 3 {
				done <- true
			}
		}
		if progress[id] > 1000000000 {
			break
		}
	}
	sink = x
}

func main() {
	runtime.GOMAXPROCS(1)
	go spin()
	go spin()
	runtime.Gosched()
	println("main runs again")

	progress := make([]int, 4)
	done := make(chan bool)
	for i := 0; i < 4; i++ {
		go count(i, progress, done)
	}
	for i := 0; i < 4; i++ {
		<-done
	}
	println("every counter made progress")

	// main itself spinning is preempted too: the goroutine it waits for runs.
	flag := make(chan bool, 1)
	go func() { flag <- true }()
	n := 0
	for len(flag) == 0 {
		n++
	}
	println("main was preempted while spinning")
}
