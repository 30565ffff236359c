// run

// Composite literals and the corners of memory types: elided element types (&T too),
// keyed arrays, anonymous structs, conversions between struct types, package variables
// with static and dynamic initializers, switch on structs, arrays in results.
package main

type P struct{ X, Y int }

type Q P

type Box struct {
	Items [4]P
	Tags  []string
	Next  *Box
}

var origin = &P{}

var table = []P{{1, 2}, {3, 4}}

var boxes = [2]Box{{Tags: []string{"a"}}, {Items: [4]P{2: {9, 9}}}}

var computed = mk(5)

var ptrs = []*P{{1, 1}, nil, {2, 2}}

func mk(n int) Box {
	var b Box
	for i := range b.Items {
		b.Items[i] = P{i * n, -i}
	}
	b.Tags = append(b.Tags, "mk")
	return b
}

func corners() ([3]int, P, string) {
	return [3]int{1, 2, 3}, P{4, 5}, "six"
}

func classify(p P) string {
	switch p {
	case P{}:
		return "origin"
	case P{1, 2}, P{3, 4}:
		return "table"
	default:
		return "other"
	}
}

func main() {
	origin.X++
	println(origin.X, origin.Y)
	table = append(table, P{5, 6})
	println(len(table), table[2].X, table[0].Y)
	println(boxes[0].Tags[0], boxes[1].Items[2].X, boxes[1].Items[1].X, boxes[0].Next == nil)
	println(computed.Items[3].X, computed.Items[3].Y, computed.Tags[0])
	println(ptrs[0].X, ptrs[1] == nil, ptrs[2].Y)

	a, p, s := corners()
	println(a[2], p.Y, s)

	q := Q(p)
	q.X = 40
	back := P(q)
	println(p.X, q.X, back.X, back == P{40, 5})

	anon := struct {
		Name string
		Vals [2]float64
	}{"anon", [2]float64{0.5, 1.5}}
	println(anon.Name, anon.Vals[1])
	other := struct {
		Name string
		Vals [2]float64
	}{Name: "anon"}
	other.Vals = anon.Vals
	println(anon == other)

	for _, t := range table {
		print(classify(t), " ")
	}
	println(classify(P{}))

	grid := [3][3]int{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	g2 := grid
	g2[2][2] = 0
	println(grid == g2, grid[2] == [3]int{7, 8, 9}, g2[2][2])

	big := [10]string{9: "last", 0: "first"}
	big2 := big
	println(big == big2, big[9], len(big[5]))
	big2[5] = "mid"
	println(big == big2)

	sp := &[]int{1, 2, 3}
	*sp = append(*sp, 4)
	println(len(*sp), (*sp)[3])

	var chain Box
	chain.Next = &Box{Next: &Box{Tags: []string{"deep"}}}
	println(chain.Next.Next.Tags[0])
	chain.Next.Next.Items[1].Y += 7
	println(chain.Next.Next.Items[1].Y)
}
