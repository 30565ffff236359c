package main

// Pointer stores into the heap and globals, bulk copies of structs with pointers, and map
// and slice operations; run with GODEBUG=wbcheck=1 every one goes through the write
// barrier's slow path and the results must be the same.

type node struct {
	next *node
	name string
	vals []int
}

var head *node

var table [4]node

func main() {
	for i := 0; i < 10; i++ {
		n := &node{name: "n", vals: []int{i}}
		n.next = head // a pointer store into the heap
		head = n      // into a global
	}
	table[1] = *head // a struct with pointers copied into a global
	s := make([]node, 3)
	copy(s, table[:]) // a bulk copy
	s = append(s, *head.next)
	m := map[string]*node{}
	for n := head; n != nil; n = n.next {
		m[n.name+string(rune('a'+n.vals[0]))] = n
	}
	total := 0
	for n := head; n != nil; n = n.next {
		total += n.vals[0]
	}
	println(total, len(m), s[1].vals[0], s[3].vals[0], m["ne"].vals[0])
}
