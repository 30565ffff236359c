// map_bench.go does map_bench.cpp's work with gc's maps, for comparison: insertion into new
// maps made without a size hint, then one lookup of every key, for int64 and string keys;
// nanoseconds of thread CPU time per operation, best of several rounds.
//
//	HOME=/tmp GOCACHE=/tmp/gocache GO111MODULE=off /usr/lib/go-1.19/bin/go run map_bench.go
//
//go:build ignore

package main

import (
	"fmt"
	"runtime"
	"strconv"
	"syscall"
	"unsafe"
)

// threadCPU returns this thread's CPU time in nanoseconds (CLOCK_THREAD_CPUTIME_ID).
func threadCPU() float64 {
	var ts syscall.Timespec
	const clockThreadCPUTimeID = 3
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return float64(ts.Sec)*1e9 + float64(ts.Nsec)
}

var sink int64

func report(what string, n int, ins, look float64) {
	fmt.Printf("%-28s n=%-8d insert %7.1f ns/op   lookup %7.1f ns/op\n", what, n, ins, look)
}

func main() {
	runtime.LockOSThread()
	sizes := []struct{ n, maps, rounds int }{{1000, 300, 3}, {100000, 5, 3}, {1000000, 1, 2}}
	for _, s := range sizes {
		ikeys := make([]int64, s.n)
		skeys := make([]string, s.n)
		for i := range ikeys {
			ikeys[i] = int64(i) * -7046029254386353131 // 0x9E3779B97F4A7C15
			skeys[i] = "key" + strconv.Itoa(i)
		}
		ins, look := 1e30, 1e30
		for r := 0; r < s.rounds; r++ {
			ms := make([]map[int64]int64, s.maps)
			runtime.GC()
			t0 := threadCPU()
			for j := range ms {
				m := make(map[int64]int64)
				for i, k := range ikeys {
					m[k] = int64(i)
				}
				ms[j] = m
			}
			ins = min(ins, (threadCPU()-t0)/float64(s.n*s.maps))
			t0 = threadCPU()
			var sum int64
			for _, m := range ms {
				for _, k := range ikeys {
					sum += m[k]
				}
			}
			look = min(look, (threadCPU()-t0)/float64(s.n*s.maps))
			sink += sum
		}
		report("int64 gc", s.n, ins, look)
		ins, look = 1e30, 1e30
		for r := 0; r < s.rounds; r++ {
			ms := make([]map[string]int64, s.maps)
			runtime.GC()
			t0 := threadCPU()
			for j := range ms {
				m := make(map[string]int64)
				for i, k := range skeys {
					m[k] = int64(i)
				}
				ms[j] = m
			}
			ins = min(ins, (threadCPU()-t0)/float64(s.n*s.maps))
			t0 = threadCPU()
			var sum int64
			for _, m := range ms {
				for _, k := range skeys {
					sum += m[k]
				}
			}
			look = min(look, (threadCPU()-t0)/float64(s.n*s.maps))
			sink += sum
		}
		report("string gc", s.n, ins, look)
	}
	if sink == 42 {
		println()
	}
}

func min(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}
