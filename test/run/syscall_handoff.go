// run

//go:build linux

// A goroutine blocked in a system call gives up its P: with GOMAXPROCS(1), a goroutine
// blocks in read(2) on a pipe (runtime/internal/syscall.Syscall6 between
// runtime.entersyscall and runtime.exitsyscall, as gc's syscall package calls them)
// while main keeps computing, collects garbage and then writes to the pipe. Without the
// hand-off of the P, main would never run again. Short system calls keep their P.

package main

import (
	"runtime"
	"unsafe"
)

//go:linkname entersyscall runtime.entersyscall
func entersyscall()

//go:linkname exitsyscall runtime.exitsyscall
func exitsyscall()

//go:linkname syscall6 runtime/internal/syscall.Syscall6
func syscall6(num, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2, errno uintptr)

var sysRead, sysWrite, sysPipe2, sysGetpid uintptr = 63, 64, 59, 172

func init() {
	if runtime.GOARCH == "amd64" {
		sysRead, sysWrite, sysPipe2, sysGetpid = 0, 1, 293, 39
	}
}

// read is syscall.Read's shape: the system call bracketed by entersyscall/exitsyscall.
func read(fd int32, p []byte) (int, uintptr) {
	entersyscall()
	r, _, e := syscall6(sysRead, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)), 0, 0, 0)
	exitsyscall()
	return int(r), e
}

func write(fd int32, p []byte) (int, uintptr) {
	entersyscall()
	r, _, e := syscall6(sysWrite, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)), 0, 0, 0)
	exitsyscall()
	return int(r), e
}

type node struct {
	next *node
	v    int
}

var sink *node

func main() {
	runtime.GOMAXPROCS(1)
	var fds [2]int32
	if _, _, e := syscall6(sysPipe2, uintptr(unsafe.Pointer(&fds)), 0, 0, 0, 0, 0); e != 0 {
		println("pipe2 failed", e)
		return
	}
	// A failing call reports its errno: read from a closed (bad) descriptor.
	if r, _, e := syscall6(sysRead, 1<<20, 0, 0, 0, 0, 0); int(r) != -1 || e != 9 {
		println("bad fd:", int(r), e)
	}

	// Short calls: the P stays.
	pid, _, _ := syscall6(sysGetpid, 0, 0, 0, 0, 0, 0)
	for i := 0; i < 10000; i++ {
		entersyscall()
		r, _, _ := syscall6(sysGetpid, 0, 0, 0, 0, 0, 0)
		exitsyscall()
		if r != pid {
			println("getpid changed")
		}
	}

	started := make(chan bool)
	done := make(chan string)
	go func() {
		// A list only this goroutine's stack holds while it is blocked: the collector
		// must find it from the sp the goroutine left at entersyscall.
		var head *node
		for i := 0; i < 1000; i++ {
			head = &node{head, i}
		}
		buf := make([]byte, 64)
		started <- true
		n, e := read(fds[0], buf)
		sum := 0
		for p := head; p != nil; p = p.next {
			sum += p.v
		}
		if e != 0 {
			done <- "read failed"
			return
		}
		done <- string(buf[:n]) + " " + itoa(sum)
	}()
	<-started
	// The reader is about to block in read(2) (or has); main computes meanwhile, on the
	// P the reader's M gave up.
	x := 0
	for i := 0; i < 20000000; i++ {
		x += i % 7
	}
	// Collections while the reader is in the call (the world stops without it: its P is
	// main's now): its list must survive them, scanned from the sp it left at entersyscall
	// and the registers it saved there; the garbage allocated in between would reuse and
	// overwrite the nodes of a list the collector missed.
	runtime.GC()
	for k := 0; k < 3; k++ {
		for i := 0; i < 100000; i++ {
			sink = &node{nil, -1}
		}
		runtime.GC()
	}
	println("computed", x)
	msg := []byte("hello from main")
	if n, e := write(fds[1], msg); n != len(msg) || e != 0 {
		println("write failed", n, e)
	}
	println("reader got:", <-done)

	// Two Ps: a reader blocks while a writer computes on the other P and main waits; back
	// from the call, the reader parks and wakes a thousand times with main.
	runtime.GOMAXPROCS(2)
	results := make(chan int)
	go func() {
		buf := make([]byte, 8)
		n, _ := read(fds[0], buf)
		for i := 0; i < 1000; i++ {
			results <- i
		}
		results <- n
	}()
	go func() {
		x := 0
		for i := 0; i < 5000000; i++ {
			x += i % 3
		}
		if n, e := write(fds[1], []byte("again")); n != 5 || e != 0 || x == 0 {
			println("write failed", n, e)
		}
	}()
	total := 0
	for i := 0; i < 1000; i++ {
		total += <-results
	}
	println("second phase:", total, <-results)
}

func itoa(v int) string {
	if v == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for v > 0 {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[i:])
}
