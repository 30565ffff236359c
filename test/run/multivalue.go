// run

// A call returning several values as the only argument of another call: print,
// println and ordinary functions take its results as their arguments.
package main

func pair() (int, string) { return 1, "one" }

func triple() (bool, float64, uint8) { return true, 0.5, 255 }

func join(n int, s string) string {
	if n > 0 {
		return s + s
	}
	return s
}

func sum3(a, b, c int) int { return a + b + c }

func three() (int, int, int) { return 1, 2, 3 }

func main() {
	println(pair())
	println(triple())
	print(pair())
	print(triple())
	println()
	println(join(pair()))
	println(sum3(three()))
}
