// GC stress: many short-lived objects of every kind the compiler allocates (structs,
// slices of pointers, maps, closures, interface boxes, strings) next to a long-lived set
// that is rebuilt piece by piece. Every round checks the long-lived data against values
// it can recompute, so a collector that frees or moves a live object, or misses a pointer,
// changes the output. gc_stress.test runs it with a small heap goal and checks from
// GODEBUG=gctrace=1 that the heap stayed bounded.
package main

type node struct {
	left, right *node
	val         int
}

type shape interface {
	area() int
	name() string
}

type rect struct{ w, h int }
type square struct{ s int }

func (r rect) area() int       { return r.w * r.h }
func (r rect) name() string    { return "rect" }
func (s *square) area() int    { return s.s * s.s }
func (s *square) name() string { return "square" }

func tree(depth, val int) *node {
	if depth == 0 {
		return &node{val: val}
	}
	return &node{tree(depth-1, 2*val), tree(depth-1, 2*val+1), val}
}

func (n *node) sum() int {
	if n == nil {
		return 0
	}
	return n.val + n.left.sum() + n.right.sum()
}

func counter(start int) func() int {
	c := start
	return func() int {
		c++
		return c
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

const slots = 256

type longLived struct {
	trees  [slots]*node
	maps   [slots]map[string]int
	shapes [slots][]shape
	funcs  [slots]func() int
	starts [slots]int
}

func (l *longLived) rebuild(i, round int) {
	l.trees[i] = tree(8, round+i)
	m := make(map[string]int)
	for k := 0; k < 20; k++ {
		m[itoa(k*round+i)] = k
	}
	l.maps[i] = m
	var sh []shape
	for k := 0; k < 10; k++ {
		if k%2 == 0 {
			sh = append(sh, rect{k, round})
		} else {
			sh = append(sh, &square{k + i})
		}
	}
	l.shapes[i] = sh
	l.starts[i] = round * 1000
	l.funcs[i] = counter(l.starts[i])
}

func (l *longLived) check(i, round int) bool {
	// tree(6, v) has values v*64+j at depth 6 ...; compare with a fresh one.
	if l.trees[i].sum() != tree(8, l.trees[i].val).sum() {
		return false
	}
	if len(l.maps[i]) == 0 {
		return false
	}
	for k, v := range l.maps[i] {
		if l.maps[i][k] != v {
			return false
		}
	}
	total := 0
	for k, s := range l.shapes[i] {
		if k%2 == 0 && s.name() != "rect" || k%2 == 1 && s.name() != "square" {
			return false
		}
		total += s.area()
	}
	if total < 0 {
		return false
	}
	before := l.funcs[i]()
	return l.funcs[i]() == before+1
}

func main() {
	var l longLived
	for i := 0; i < slots; i++ {
		l.rebuild(i, 1)
	}
	garbage := 0
	for round := 2; round <= 300; round++ {
		// Short-lived: thrown away at once.
		for k := 0; k < 50; k++ {
			t := tree(4, k)
			garbage += t.sum() & 1
			tmp := make([]*node, 16)
			for j := range tmp {
				tmp[j] = &node{val: j}
			}
			var e interface{} = tmp
			if s, ok := e.([]*node); !ok || len(s) != 16 {
				println("bad interface box")
				return
			}
			s := itoa(k) + "-" + itoa(round)
			garbage += len(s) & 1
		}
		// Long-lived: rebuild a few slots, check them all now and then.
		l.rebuild(round%slots, round)
		l.rebuild((round*7)%slots, round)
		if round%25 == 0 {
			for i := 0; i < slots; i++ {
				if !l.check(i, round) {
					println("corrupt slot", i, "in round", round)
					return
				}
			}
		}
	}
	println("ok", garbage > 0)
}
