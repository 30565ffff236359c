// run

//go:build linux

// runtime.LockOSThread: a goroutine locked to its thread sees the same thread id
// (gettid through runtime/internal/syscall.Syscall6) across many yields, channel
// operations and sleeps-by-yielding while other goroutines run on two Ps; nested
// LockOSThread calls need as many UnlockOSThread calls; a LockOSThread in an init
// function keeps main.main on the main thread (whose thread id is the process id); a
// goroutine that exits while locked takes its thread with it, and later goroutines run
// on.

package main

import (
	"runtime"
	_ "unsafe"
)

//go:linkname syscall6 runtime/internal/syscall.Syscall6
func syscall6(num, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2, errno uintptr)

var sysGettid, sysGetpid uintptr = 178, 172

func gettid() uintptr {
	r, _, _ := syscall6(sysGettid, 0, 0, 0, 0, 0, 0)
	return r
}

func init() {
	if runtime.GOARCH == "amd64" {
		sysGettid, sysGetpid = 186, 39
	}
	runtime.LockOSThread()
}

// worker yields and talks to its peer over a channel; if locked, it checks its thread
// after every operation.
func worker(locked bool, ping, pong chan int, n int, result chan int) {
	if locked {
		runtime.LockOSThread()
		runtime.LockOSThread()
		runtime.UnlockOSThread() // still locked once
	}
	tid := gettid()
	moved := 0
	for i := 0; i < n; i++ {
		runtime.Gosched()
		if gettid() != tid {
			moved++
		}
		ping <- i
		if gettid() != tid {
			moved++
		}
		<-pong
		if gettid() != tid {
			moved++
		}
	}
	result <- moved
}

func peer(ping, pong chan int, n int) {
	for i := 0; i < n; i++ {
		<-ping
		x := 0
		for j := 0; j < 1000; j++ {
			x += j
		}
		pong <- x
	}
}

func main() {
	pid, _, _ := syscall6(sysGetpid, 0, 0, 0, 0, 0, 0)
	println("main on the main thread:", gettid() == pid)
	runtime.UnlockOSThread()

	runtime.GOMAXPROCS(2)
	const n = 2000
	results := make(chan int)
	for k := 0; k < 3; k++ {
		ping, pong := make(chan int), make(chan int)
		go peer(ping, pong, n)
		go worker(k == 0, ping, pong, n, results)
	}
	moved := []int{}
	for k := 0; k < 3; k++ {
		moved = append(moved, <-results)
	}
	locked := 0
	for _, m := range moved {
		if m == 0 {
			locked++
		}
	}
	// The locked worker never moved; the others may have (on two Ps they usually do,
	// but that is not guaranteed, so only the locked one is checked).
	println("a worker that never moved:", locked >= 1)

	// A goroutine exiting locked ends its thread; the program goes on.
	done := make(chan uintptr)
	for i := 0; i < 20; i++ {
		go func() {
			runtime.LockOSThread()
			done <- gettid()
		}()
	}
	tids := map[uintptr]bool{}
	for i := 0; i < 20; i++ {
		tids[<-done] = true
	}
	// Each ran on a thread of its own: none outlived its locked goroutine.
	println("threads of the exiting locked goroutines:", len(tids))
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	runtime.GC()
	println("still running:", runtime.NumGoroutine())
}
