// run

// talpa's runtime package (lib/runtime): constants, GC, KeepAlive, runtime.Error,
// Caller/Callers/FuncForPC/CallersFrames, ReadMemStats, a variable, a function as a value
// and in a defer statement.
package main

import "runtime"

type big struct{ a [64]int }

//go:noinline
func where() {
	pc, file, line, ok := runtime.Caller(0)
	println(runtime.FuncForPC(pc).Name(), len(file) > 0, line, ok)
	_, _, line, ok = runtime.Caller(1)
	println("called from line", line, ok)
	pcs := make([]uintptr, 8)
	n := runtime.Callers(1, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if f.Function == "main.where" || f.Function == "main.main" {
			println(f.Function, f.Line, f.Func != nil && f.Func.Name() == f.Function)
		}
		if !more {
			break
		}
	}
	var nilFunc *runtime.Func
	println(runtime.FuncForPC(0) == nil, nilFunc.Name() == "")
}

//go:noinline
func fault(s []int, i int) int { return s[i] }

func main() {
	ok := false
	for _, os := range []string{"linux", "windows", "darwin"} {
		for _, arch := range []string{"amd64", "arm64", "riscv64"} {
			ok = ok || (runtime.GOOS == os && runtime.GOARCH == arch)
		}
	}
	println("target known:", ok, "compiler:", runtime.Compiler)

	where()

	// Errors the runtime panics with are runtime.Error values.
	func() {
		defer func() {
			err := recover().(error)
			re, isRuntime := err.(runtime.Error)
			println(isRuntime, re.Error())
		}()
		println(fault(nil, 3))
	}()

	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	mallocs, numGC := m.Mallocs, m.NumGC
	keep := make([]*big, 0, 100)
	for i := 0; i < 100; i++ {
		keep = append(keep, &big{})
	}
	gc := runtime.GC
	gc()
	runtime.ReadMemStats(&m)
	println("mallocs >= 100:", m.Mallocs-mallocs >= 100, "collections:", m.NumGC-numGC,
		"forced:", m.NumForcedGC >= 1, "alloc > 0:", m.HeapAlloc >= 100*8*64, m.EnableGC)
	runtime.KeepAlive(keep)

	runtime.MemProfileRate = 0
	println("MemProfileRate:", runtime.MemProfileRate)
	defer println("deferred GC done")
	defer runtime.GC()
}
