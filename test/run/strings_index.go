// run

// String indexing and slicing: bytes (not runes) by index, constant strings indexed at
// run time, slices that share or empty their operand, and bounds at the edges.
package main

const greeting = "héllo"

func at(s string, i int) byte { return s[i] }

func sub(s string, i, j int) string { return s[i:j] }

func main() {
	s := "abc"
	println(s[0], s[1], s[2])
	println(at(s, 2) == 'c', greeting[1], greeting[2], len(greeting))
	var u uint8 = 1
	var n int64 = 2
	println(s[u], s[n], "xyz"[1])
	println(s[1:], s[:2], s[1:2], s[:], s[3:], s[:0], len(s[3:]))
	println(sub(greeting, 1, 3) == "é", sub(s, 0, 3), sub(s, 2, 2) == "")
	t := s
	for i := 0; i < len(t); i++ {
		print(t[len(t)-1-i])
	}
	println()
	println(greeting[1:3] + greeting[:1] + s[2:])
	var b byte = s[0] + 1
	println(b, s[0] < s[1])
}
