//go:build ignore

// Reference for gc.c: build with gc and run; the standard error of both must be identical.
// The collector's workout: a long-lived tree in a global, a global table, many
// short-lived trees (garbage), a large slice of pointers grown by append, a list kept
// only on the stack, and runtime.GC; each structure's checksum after the collections
// shows nothing reachable was freed or overwritten.
package main

import "runtime"

type node struct {
	left  *node
	id    int
	right *node
	next  *node
	data  [4]int
}

var global *node
var table [64]*node

func tree(depth, id int) *node {
	n := &node{id: id}
	n.data[0], n.data[3] = id*3, id^0x55
	if depth > 0 {
		n.left = tree(depth-1, 2*id)
		n.right = tree(depth-1, 2*id+1)
	}
	return n
}

func check(n *node) int {
	if n == nil {
		return 0
	}
	s := n.id + n.data[0] - n.data[3]
	if n.data[0] != n.id*3 || n.data[3] != n.id^0x55 {
		s += 1 << 40 // corrupted
	}
	return s + check(n.left) + 3*check(n.right)
}

func main() {
	global = tree(14, 1)
	for i := range table {
		table[i] = tree(3, i)
	}
	sum := 0
	for i := 0; i < 300; i++ {
		sum += check(tree(10, i))
	}
	var s []*node
	for i := 0; i < 100000; i++ {
		if i%10 == 0 {
			s = append(s, &node{id: i})
		} else {
			s = append(s, nil)
		}
	}
	var list *node
	for i := 0; i < 1000; i++ {
		list = &node{id: i, next: list}
	}
	runtime.GC()
	for i := 0; i < 100; i++ {
		sum += check(tree(10, i))
	}
	t := 0
	for _, n := range table {
		t += check(n)
	}
	b := 0
	for _, n := range s {
		if n != nil {
			b += n.id
		}
	}
	l := 0
	for n := list; n != nil; n = n.next {
		l += n.id
	}
	println("global", check(global))
	println("table", t)
	println("garbage", sum)
	println("append", len(s), cap(s), b)
	println("list", l)
	println("heap bounded", true)
}
