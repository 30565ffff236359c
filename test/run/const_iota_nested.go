// run

// A constant declaration group inside another group's spec (in a function literal of a
// constant's value) has its own iota and repeated list; the outer group's go on after it.

package main

import "unsafe"

const (
	a = iota * 10
	b = unsafe.Sizeof(func() int {
		const (
			x = iota + 100
			y
			z
		)
		println(x, y, z)
		return z
	}())
	c
	d = iota * 10
	e
)

func main() {
	println(a, b, c, d, e)
	const (
		p = iota
		q = len([3]int{}) + iota
		r
	)
	println(p, q, r)
}
