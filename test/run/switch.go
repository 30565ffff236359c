// run

// Expression switches: tags of several types, tagless switches, init statements,
// lists of case values, default anywhere, fallthrough, break (plain and labelled) and
// the order in which case values are evaluated.
package main

var trace string

func val(s string, v int) int {
	trace += s
	return v
}

func classify(x int) string {
	switch {
	case x < 0:
		return "negative"
	case x == 0:
		return "zero"
	case x < 10:
		return "small"
	default:
		return "large"
	}
}

func days(m int) int {
	switch m {
	case 2:
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func name(s string) int {
	switch s {
	default:
		return -1
	case "one":
		return 1
	case "two", "deux":
		return 2
	}
}

func falls(x int) string {
	s := ""
	switch x {
	case 0:
		s += "0"
		fallthrough
	case 1:
		s += "1"
		fallthrough
	default:
		s += "d"
	case 3:
		s += "3"
		fallthrough
	case 4:
		s += "4"
	}
	return s
}

func two() (int, string) { return 7, "seven" }

func main() {
	for i := -1; i < 12; i += 4 {
		println(i, classify(i))
	}
	println(days(2), days(6), days(7))
	println(name("one"), name("deux"), name("three"))
	for i := 0; i < 6; i++ {
		println(i, falls(i))
	}

	// The tag once, then the case values in order until one matches.
	trace = ""
	switch val("t", 3) {
	case val("a", 1), val("b", 3), val("c", 3):
		trace += "!"
	case val("d", 3):
		trace += "?"
	}
	println(trace)

	// Init statement and its scope; each case its own scope.
	switch x := 5; x * 2 {
	case 10:
		x := "shadow"
		println("ten", x)
	default:
		println("other", x)
	}

	// break leaves the switch; a labelled break can leave a loop from inside one.
	n := 0
outer:
	for i := 0; ; i++ {
		switch {
		case i%2 == 0:
			n += i
			if i > 6 {
				break outer
			}
			break
		case i > 100:
			println("unreachable")
		}
		n += 100
	}
	println(n)

	// continue inside a switch continues the loop.
	for i := 0; i < 4; i++ {
		switch i {
		case 1, 3:
			continue
		}
		println("even", i)
	}

	// A labelled switch.
sw:
	switch {
	case true:
		for {
			break sw
		}
	}

	// Untyped constant tag and float, bool, typed values.
	switch 3 {
	case 1 + 2:
		println("three")
	}
	f := 2.5
	switch f {
	case 2.5:
		println("float")
	}
	b := false
	switch b {
	case true:
		println("true")
	case false:
		println("false")
	}
	var u8 uint8 = 200
	switch u8 {
	case 100 + 100:
		println("uint8")
	}
	switch {
	}
	switch x := 1; {
	default:
		println("default only", x)
	}

	// Multi-value calls as arguments.
	println(two())
	print(two())
	println()
}
