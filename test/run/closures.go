// run

// Closures: captured variables shared with the enclosing function when assigned after
// capture, copied otherwise; counters; nested closures; loop variables (one per loop, as
// in Go 1.19); recursive closures; closures in package variable initializers;
// immediately called literals; captured arrays, structs, parameters and named results;
// many closures alive at once (the collector scans their captures).
package main

var global = func() func() int {
	n := 100
	return func() int {
		n++
		return n
	}
}()

var sq = func(x int) int { return x * x }

func counter(start int) (func() int, func()) {
	n := start
	return func() int { return n }, func() { n++ }
}

func adder() func(int) int {
	sum := 0
	return func(x int) int {
		sum += x
		return sum
	}
}

type point struct{ x, y int }

func named() (r int) {
	set := func(v int) { r = v }
	set(7)
	return
}

func param(p int) func() int {
	f := func() int { return p * 10 }
	p++
	return f
}

func byValue(a [3]int, pt point) func() int {
	return func() int { return a[0] + a[1] + a[2] + pt.x + pt.y }
}

func nested() func() func() int {
	x := 1
	return func() func() int {
		y := 10
		return func() int {
			x++
			y++
			return x*100 + y
		}
	}
}

type node struct {
	val  int
	next func() *node
}

func chain(n int) *node {
	if n == 0 {
		return nil
	}
	return &node{val: n, next: func() *node { return chain(n - 1) }}
}

func main() {
	get, incr := counter(5)
	incr()
	incr()
	println(get())

	a := adder()
	a(1)
	a(2)
	println(a(3))
	b := adder()
	println(b(10), a(0))

	println(global(), global(), sq(9))

	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		print(f(), " ")
	}
	println()
	var gs []func() int
	for _, v := range []int{7, 8, 9} {
		gs = append(gs, func() int { return v })
	}
	for _, g := range gs {
		print(g(), " ")
	}
	println()
	var hs []func() int
	for i := 0; i < 3; i++ {
		j := i
		hs = append(hs, func() int { return j * j })
	}
	for _, h := range hs {
		print(h(), " ")
	}
	println()

	var fib func(int) int
	fib = func(n int) int {
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	println(fib(25))

	x := 3
	println(func(y int) int { return x * y }(4))
	func() {
		x = 30
	}()
	println(x)

	println(named(), param(4)())

	arr := [3]int{1, 2, 3}
	pt := point{10, 20}
	bv := byValue(arr, pt)
	arr[0] = 100
	pt.x = 1000
	println(bv())
	local := [3]int{4, 5, 6}
	lf := func() int { return local[0] + local[2] }
	println(lf())
	shared := point{1, 2}
	sf := func() int { return shared.x + shared.y }
	shared.y = 50
	println(sf())

	n := nested()
	n1 := n()
	n2 := n()
	println(n1(), n1(), n2(), n1())

	total := 0
	for c := chain(5); c != nil; c = c.next() {
		total += c.val
	}
	println(total)

	// Many closures alive at once, each with its own captures.
	var many []func() int
	for i := 0; i < 20000; i++ {
		k := i
		s := make([]int, 8)
		s[7] = k
		many = append(many, func() int { return s[7] + k })
	}
	check := 0
	for i, f := range many {
		if f() != 2*i {
			println("bad", i)
		}
		check += f()
	}
	println(check)

	str := "hello"
	mk := func(suffix string) func() string {
		return func() string { return str + suffix }
	}
	w := mk(", world")
	str = "goodbye"
	println(w())
}
