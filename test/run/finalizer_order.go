// run

// runtime.SetFinalizer: finalizers run on their own goroutine once their object is
// unreachable; an object reachable from another one with a finalizer is finalized a cycle
// later (a chain goes in order); finalizers of any result shape, with pointer and
// interface parameters, and methods as finalizers. The finalizer goroutine may still be
// running when runtime.GC returns (on another P): main waits for each report.
package main

import "runtime"

type T struct {
	name string
	next *T
}

func (t *T) Close() { record("close " + t.name) }

type Namer interface{ Name() string }

func (t *T) Name() string { return t.name }

var done = make(chan string, 64)

func record(s string) { done <- s }

//go:noinline
func chain() {
	c := &T{name: "c"}
	b := &T{name: "b", next: c}
	a := &T{name: "a", next: b}
	for _, t := range []*T{a, b, c} {
		runtime.SetFinalizer(t, func(t *T) { record("finalized " + t.name) })
	}
}

//go:noinline
func shapes() {
	runtime.SetFinalizer(&T{name: "any"}, func(x any) { record("any " + x.(*T).name) })
	runtime.SetFinalizer(&T{name: "namer"}, func(n Namer) { record("namer " + n.Name()) })
	runtime.SetFinalizer(&T{name: "int result"}, func(t *T) int { record(t.name); return 1 })
	runtime.SetFinalizer(&T{name: "array result"}, func(t *T) [3]int {
		record(t.name)
		return [3]int{1, 2, 3}
	})
	runtime.SetFinalizer(&T{name: "five results"}, func(t *T) (int, int, string, float64, bool) {
		record(t.name)
		return 1, 2, "x", 4, true
	})
	runtime.SetFinalizer(&T{name: "method"}, (*T).Close)
	x := 7
	runtime.SetFinalizer(&T{name: "closure"}, func(t *T) { record(t.name + " " + string(rune('0'+x))) })
}

func gc(n int) {
	for i := 0; i < n; i++ {
		runtime.GC()
	}
}

func sorted(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

func main() {
	chain()
	for i := 0; i < 3; i++ {
		runtime.GC()
		println("after cycle", i+1, ":", <-done)
	}
	println("pending:", len(done))

	shapes()
	gc(3)
	var got []string
	for i := 0; i < 7; i++ {
		got = append(got, <-done)
	}
	for _, s := range sorted(got) {
		println(s)
	}
	println("goroutines:", runtime.NumGoroutine())
}
