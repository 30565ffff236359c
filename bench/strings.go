// strings: string concatenation and comparison through the runtime.
package main

func main() {
	s := ""
	n := 0
	for i := 0; i < 20000; i++ {
		s = s + "x"
		if s > "xxxx" {
			n++
		}
	}
	println(len(s), n)
}
