// run

// maps: hash maps with int and string keys. Inserting into growing maps, updating,
// looking up present and absent keys, deleting (also while ranging, which Go allows),
// ranging and len. Keys come from a fixed xorshift sequence; everything printed is a
// count or a sum that does not depend on the (randomised) iteration order.
package main

const (
	rounds     = 4
	intOps     = 1 << 19 // inserts and lookups per round in the int map
	intKeys    = 1 << 18 // int keys are drawn from [0, intKeys)
	vocabulary = 1 << 15 // distinct words
	wordOps    = 1 << 20 // words counted per round
)

// Rand is a 64-bit xorshift generator: the same sequence on every run.
type Rand struct {
	state uint64
}

func (r *Rand) next() uint64 {
	x := r.state
	x ^= x << 13
	x ^= x >> 7
	x ^= x << 17
	r.state = x
	return x
}

// intn returns a number in [0, n).
func (r *Rand) intn(n int) int {
	return int(r.next() % uint64(n))
}

// itoa formats a non-negative int in decimal.
func itoa(i int) string {
	var buf [20]byte
	pos := len(buf)
	for {
		pos--
		buf[pos] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			break
		}
	}
	return string(buf[pos:])
}

// intMap inserts, updates, looks up and deletes int keys, and returns a checksum.
func intMap(r *Rand) int {
	m := make(map[int]int)
	for i := 0; i < intOps; i++ {
		m[r.intn(intKeys)] += i
	}
	sum := len(m)
	for i := 0; i < intOps; i++ {
		if v, ok := m[r.intn(2*intKeys)]; ok {
			sum += v & 0xff
		} else {
			sum++
		}
	}
	// Deleting while ranging is allowed; no deleted key may show up afterwards.
	for k := range m {
		if k%3 == 0 {
			delete(m, k)
		}
	}
	for k, v := range m {
		if k%3 == 0 {
			panic("deleted key in map")
		}
		sum += k ^ v
	}
	return sum + len(m)
}

// Counter counts words.
type Counter struct {
	counts map[string]int
}

func (c *Counter) add(word string) {
	c.counts[word]++
}

// prune deletes the words seen fewer than atLeast times and returns how many it deleted.
func (c *Counter) prune(atLeast int) int {
	n := 0
	for w, k := range c.counts {
		if k < atLeast {
			delete(c.counts, w)
			n++
		}
	}
	return n
}

// top returns the most frequent word, the smallest one among equals.
func (c *Counter) top() (string, int) {
	best, most := "", 0
	for w, k := range c.counts {
		if k > most || k == most && w < best {
			best, most = w, k
		}
	}
	return best, most
}

// wordMap counts words drawn from a vocabulary with a skewed distribution, looks words
// up, prunes the rare ones, and returns a checksum.
func wordMap(r *Rand, words []string) int {
	c := &Counter{counts: make(map[string]int)}
	for i := 0; i < wordOps; i++ {
		// The smaller of two draws: low-numbered words are more frequent.
		a, b := r.intn(len(words)), r.intn(len(words))
		if b < a {
			a = b
		}
		c.add(words[a])
	}
	sum := len(c.counts)
	for i := 0; i < wordOps/4; i++ {
		sum += c.counts[words[r.intn(len(words))]]
	}
	sum += c.prune(8)
	w, k := c.top()
	sum += len(w) * k
	for w, k := range c.counts {
		sum += len(w) * k
	}
	return sum + len(c.counts)
}

func main() {
	r := &Rand{state: 88172645463325252}
	words := make([]string, vocabulary)
	for i := range words {
		words[i] = "w" + itoa(i*7919%vocabulary)
	}
	total := 0
	for round := 0; round < rounds; round++ {
		a := intMap(r)
		b := wordMap(r, words)
		println("round", round, "int map", a, "word map", b)
		total += a + b
	}
	println("total", total)
}
