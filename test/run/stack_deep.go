// run

// Deep recursion on a growing stack (docs/runtime/stack.md): a million frames of a small
// function, frames with large locals, a panic recovered many segments above where it was
// raised, and heap objects reachable only from frames on older segments while the
// collector runs.
package main

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

// hold keeps a heap object only in its frame while deeper frames allocate.
//
//go:noinline
func hold(n int) int {
	p := &node{v: n}
	if n == 0 {
		// Enough garbage of node's size class for several collections: a node whose
		// only reference is on an older segment would be freed and overwritten.
		for i := 0; i < 1000000; i++ {
			sink = &node{v: -1}
		}
		return 0
	}
	r := hold(n - 1)
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

func main() {
	println(depth(1000000))
	println(depth(1000000))
	println(wide(20000))
	println(hold(100000))
	println(catch(500000))
	println(depth(100000))
	println("done")
}
