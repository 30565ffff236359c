// run

// Builtins called with one multi-value call as all their arguments: complex(f()) and
// append(f()), the call's values spread over the parameters.
package main

func parts() (float64, float64) { return 5, 7 }

func parts32() (float32, float32) { return 1.5, -2 }

func strs() ([]string, string) { return []string{"foo"}, "bar" }

func bytes3() ([]byte, byte, byte) { return []byte{'a', 'b'}, '1', '2' }

func only() []int { return []int{4} }

func main() {
	c := complex(parts())
	println(c, real(c), imag(c))
	var c64 complex64 = complex(parts32())
	println(c64)
	s := append(strs())
	println(len(s), s[0], s[1])
	b := append(bytes3())
	println(len(b), string(b))
	println(len(append(only())))
}
