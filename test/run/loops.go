// run

// Loops: three-clause, condition-only and infinite for, break and continue with
// and without labels, goto, and range over integers slices and strings.
package main

func main() {
	sum := 0
	for i := 0; i < 10; i++ {
		sum += i
	}
	println("sum", sum)

	n := 1
	for n < 1000 {
		n *= 3
	}
	println("n", n)

	k := 0
	for {
		k++
		if k%2 == 0 {
			continue
		}
		if k > 7 {
			break
		}
		print(k, " ")
	}
	println()

outer:
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if j == 2 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			print(i, j, " ")
		}
	}
	println()

	i := 0
loop:
	if i < 3 {
		print("goto", i, " ")
		i++
		goto loop
	}
	println()

	for idx, v := range []int{10, 20, 30} {
		print(idx, ":", v, " ")
	}
	println()
	for idx, r := range "aé😀" {
		print(idx, ":", r, " ")
	}
	println()
}
