// run

// The builtin print and println on each basic kind: ints of every size, extremes,
// bools, strings (empty, with escapes, non-ASCII), floats, nil, and argument spacing.
package main

func main() {
	println(0, 1, -1, 42)
	println(int8(-128), int16(32767), int32(-2147483648), int64(-9223372036854775808))
	println(uint8(255), uint16(65535), uint32(4294967295), uint64(18446744073709551615))
	println(true, false, 1 < 2)
	println("", "a", "hello world", "tab\there", "naïve ünïcode 世界")
	println(1.5, -0.25, 1e100, float32(3))
	print("no", "spaces", 1, 2, true, "\n")
	print("one\n")
	println()
	var b byte = 'x'
	var r rune = '世'
	println(b, r)
	var p *int
	println(p == nil)
	println(string(rune(65)), len("héllo"))
}
