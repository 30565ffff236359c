// run

// Ranging over strings decodes UTF-8 as gc does: the key is the byte offset of each rune,
// invalid bytes give U+FFFD and advance one byte; string(r) encodes a rune, or U+FFFD.
package main

func count(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}

func main() {
	s := "aé€😀"
	for i, r := range s {
		println(i, r, string(r))
	}
	for i := range s {
		print(i, " ")
	}
	println()
	println(count(""), count("abc"), count(s), len(s))
	bad := "a\xffb\xe2\x82c\xed\xa0\x80\xc0\xafz\xf4\x90\x80\x80"
	for i, r := range bad {
		println(i, r)
	}
	var i int
	var r rune
	for i, r = range "xy" {
	}
	println(i, r)
	for k, v := range "héllo" {
		if v == 'l' {
			continue
		}
		if k > 4 {
			break
		}
		k += 10 // does not change the iteration
		print(k, ":", string(v), " ")
	}
	println()
	var n int = 0x1F600
	var u uint64 = 1 << 63
	var b byte = 'A'
	var neg int32 = -1
	println(string(n), string(rune(n+1)), string(b), string(neg) == "\uFFFD", string(u) == "\uFFFD")
	println(string(rune(0xD800)) == "\uFFFD", string(rune(0x10FFFF)) == "\U0010FFFF", len(string(rune(0x110000))))
	t := ""
	for _, r := range "héllo, 世界" {
		t = string(r) + t
	}
	println(t)
outer:
	for _, x := range "ab" {
		for _, y := range "cd" {
			if y == 'd' {
				continue outer
			}
			println(string(x), string(y))
		}
	}
}
