// run

// strings: string building, comparison, indexing and conversion. Makes lines by
// concatenation with a hand-written itoa, reverses strings through []byte, sorts the
// lines with a hand-written quicksort (string comparison), joins them into one text and
// splits it again (indexing, slicing, equality), parses the numbers back, counts a
// substring and hashes the bytes. The output is counts and hashes.
package main

const (
	rounds = 3
	lines  = 1 << 18
)

// Rand is a 64-bit xorshift generator: the same sequence on every run.
type Rand struct {
	state uint64
}

func (r *Rand) intn(n int) int {
	x := r.state
	x ^= x << 13
	x ^= x >> 7
	x ^= x << 17
	r.state = x
	return int(x % uint64(n))
}

// itoa formats i in decimal.
func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
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

// atoi parses the decimal digits at the start of s; it returns the number and how many
// bytes it read.
func atoi(s string) (int, int) {
	n, i := 0, 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, i
}

// reverse returns s with its bytes in reverse order.
func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// join concatenates parts with sep between them.
func join(parts []string, sep string) string {
	size := 0
	for _, p := range parts {
		size += len(p) + len(sep)
	}
	b := make([]byte, 0, size)
	for i, p := range parts {
		if i > 0 {
			b = append(b, sep...)
		}
		b = append(b, p...)
	}
	return string(b)
}

// split cuts s at every sep byte.
func split(s string, sep byte) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// count returns the number of (possibly overlapping) occurrences of sub in s.
func count(s, sub string) int {
	n := 0
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i] == sub[0] && s[i:i+len(sub)] == sub {
			n++
		}
	}
	return n
}

// sortStrings sorts a in increasing order.
func sortStrings(a []string) {
	for len(a) > 12 {
		// Median of three as the pivot, then Hoare's partition.
		mid := len(a) / 2
		if a[mid] < a[0] {
			a[mid], a[0] = a[0], a[mid]
		}
		if a[len(a)-1] < a[0] {
			a[len(a)-1], a[0] = a[0], a[len(a)-1]
		}
		if a[len(a)-1] < a[mid] {
			a[len(a)-1], a[mid] = a[mid], a[len(a)-1]
		}
		pivot := a[mid]
		i, j := 0, len(a)-1
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for pivot < a[j] {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		// Recurse into the smaller part, loop on the larger.
		if j+1 < len(a)-i {
			sortStrings(a[:j+1])
			a = a[i:]
		} else {
			sortStrings(a[i:])
			a = a[:j+1]
		}
	}
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// hash is the 32-bit FNV-1a hash of s's bytes.
func hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func round(r *Rand) {
	items := make([]string, lines)
	for i := range items {
		items[i] = "item" + itoa(r.intn(100000)) + "/" + reverse(itoa(r.intn(3000))) + "/" + itoa(-i%7)
	}
	sortStrings(items)
	unique := 1
	for i := 1; i < len(items); i++ {
		if items[i] < items[i-1] {
			panic("not sorted")
		}
		if items[i] != items[i-1] {
			unique++
		}
	}

	text := join(items, "\n")
	parts := split(text, '\n')
	if len(parts) != len(items) {
		panic("split: wrong count")
	}
	sum := 0
	for i, p := range parts {
		if p != items[i] {
			panic("split: wrong part")
		}
		n, digits := atoi(p[len("item"):])
		if p[len("item")+digits] != '/' {
			panic("atoi: no slash")
		}
		sum += n
	}

	// A string built by repeated concatenation, as a short loop would do it.
	initials := ""
	for i := 0; i < len(items); i += 16 {
		initials += items[i][4:6]
	}
	println(unique, len(text), sum, count(text, "42"), hash(text), hash(initials))
}

func main() {
	r := &Rand{state: 2463534242}
	for i := 0; i < rounds; i++ {
		round(r)
	}
}
