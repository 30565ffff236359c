// run

package main

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
)

const huge = 1 << 100
const third = huge >> 98

func div(a, b int) int { return a / b }

func rem8(a, b int8) int8 { return a % b }

func minmax(xs0, xs1, xs2 int) (lo, hi int) {
	lo, hi = xs0, xs0
	if xs1 < lo {
		lo = xs1
	}
	if xs1 > hi {
		hi = xs1
	}
	if xs2 < lo {
		lo = xs2
	}
	if xs2 > hi {
		hi = xs2
	}
	return
}

func main() {
	println(KB, MB, GB, third)
	var i8 int8 = 127
	i8++
	println(i8)
	var u16 uint16 = 0
	u16--
	println(u16)
	var m int64 = -9223372036854775808
	var neg int64 = -1
	println(m/neg, m%neg)
	println(rem8(-128, -1), div(-7, 2), -7%3, 7%-3)
	lo, hi := minmax(3, -1, 9)
	println(lo, hi)
	x := 0x_FF + 0o17 + 0b1010 + 017 + 1_000
	println(x)
	var f float64 = 1.5
	f *= 2
	println(f, f/4, float32(0.1), 0x1p-2)
	one := int64(1)
	u8 := uint8(200)
	println(one<<63>>63, u8+uint8(100), ^uint32(0))
	var s uint = 70
	var one32 int32 = 1
	println(1<<s == 0, one32<<31, one<<s, -one>>s)
	b := 3 > 2 && !(2 > 3) || false
	println(b, 'x', "tab\there", `raw\n`)
	println(len("héllo"), "a" < "b", "abc" != "abd", "z" >= "z")
	println(int(-3.0), uint8(255), byte('A'), rune(0x4e16))
}
