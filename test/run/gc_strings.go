// run

// The garbage collector under compiled code: about 30 MB of short-lived strings (so the
// default GOGC=100 collects about ten times), while a global string, strings held only
// in locals across the allocating calls and a deep recursion's frames keep their values.
// Any of them freed and reused would show up as a wrong checksum.
package main

var global string

func word(i int) string {
	s := ""
	for j := 0; j < 16; j++ {
		s = s + string(rune('a'+(i*7+j)%26))
	}
	return s
}

func sum(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*31 + int(s[i])
	}
	return n % 1000003
}

// deep holds a string in each of d frames while the innermost ones allocate.
func deep(d int) int {
	mine := word(d)
	if d == 0 {
		x := 0
		for i := 0; i < 20000; i++ {
			x += len(word(i))
		}
		return x
	}
	r := deep(d - 1)
	if mine != word(d) {
		return -1000000
	}
	return r + sum(mine)
}

func main() {
	total := 0
	kept := ""
	for i := 0; i < 200000; i++ {
		w := word(i)
		total += sum(w)
		if i%10000 == 0 {
			global = global + w[:2]
			kept = w + kept[:len(kept)/2]
		}
	}
	println(total, global, len(kept), sum(kept))
	println(deep(200))
}
