// run

// Values waiting in channel buffers stay alive and intact across collections: the
// buffer is allocated with the element type (pointers, strings, slices, interfaces),
// and channels themselves are reachable only from other channels and the heap.
package main

type node struct {
	v    int
	next *node
	s    string
	b    []byte
}

var sink []byte

func garbage(n int) int {
	sum := 0
	for i := 0; i < n; i++ {
		b := make([]byte, 256)
		b[0] = byte(i)
		sink = b
		sum += int(b[0])
	}
	return sum
}

func main() {
	const n = 2000
	ptrs := make(chan *node, n)
	strs := make(chan string, n)
	ifs := make(chan interface{}, n)
	chans := make(chan chan []int, 16)
	for i := 0; i < n; i++ {
		ptrs <- &node{v: i, next: &node{v: -i}, s: string(rune('a' + i%26)), b: []byte{byte(i)}}
		strs <- string([]byte{byte('A' + i%26), byte('a' + i%26)})
		ifs <- &node{v: 2 * i}
	}
	for i := 0; i < 16; i++ {
		c := make(chan []int, 1)
		c <- []int{i, i * i}
		chans <- c
	}
	garbage(200000)
	bad := 0
	for i := 0; i < n; i++ {
		p := <-ptrs
		if p.v != i || p.next.v != -i || p.s != string(rune('a'+i%26)) || p.b[0] != byte(i) {
			bad++
		}
		if s := <-strs; s != string([]byte{byte('A' + i%26), byte('a' + i%26)}) {
			bad++
		}
		if q := (<-ifs).(*node); q.v != 2*i {
			bad++
		}
		if i%100 == 0 {
			garbage(5000)
		}
	}
	for i := 0; i < 16; i++ {
		s := <-<-chans
		if s[0] != i || s[1] != i*i {
			bad++
		}
	}
	println("bad", bad, len(ptrs), len(strs), len(ifs), len(chans))
}
