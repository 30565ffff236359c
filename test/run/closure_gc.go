// run

// Closure objects on a collected heap: many short-lived closures (garbage) while others
// stay reachable only through closure objects, their captured cells, slices and pointers;
// the collector must scan the captures (the objects' descriptors give their pointer
// words) and keep what the kept closures use.
package main

type node struct {
	val  int
	next *node
}

func keep(i int) func() int {
	n := &node{val: i}
	n.next = &node{val: 2 * i}
	buf := make([]int, 16)
	buf[15] = 3 * i
	count := 0
	return func() int {
		count++
		return n.val + n.next.val + buf[15] + count - 1
	}
}

func churn(i int) int {
	s := make([]byte, 256)
	s[0] = byte(i)
	f := func() int { return int(s[0]) + len(s) }
	return f()
}

func main() {
	var kept []func() int
	sum := 0
	for i := 0; i < 200000; i++ {
		sum += churn(i)
		if i%100 == 0 {
			kept = append(kept, keep(i))
		}
	}
	println(sum)
	bad := 0
	for round := 0; round < 3; round++ {
		for k, f := range kept {
			i := k * 100
			if got := f(); got != 6*i+round {
				bad++
			}
		}
		for i := 0; i < 50000; i++ {
			sum += churn(i)
		}
	}
	println(len(kept), bad, sum)
}
