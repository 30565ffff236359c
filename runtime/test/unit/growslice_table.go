//go:build ignore

// Reference for the growslice table in slice_test.cpp: appends to slices of several
// element sizes under gc 1.19 and prints the capacity gc's growslice chose, one row per
// case: {element size, old len, old cap, required cap, new cap}.
//
//	HOME=/tmp GOCACHE=/tmp/gocache GO111MODULE=off /usr/lib/go-1.19/bin/go run growslice_table.go
//
// append(s, extra...) with len(s) = old len, cap(s) = old cap and len(extra) = n calls
// growslice with required cap old len + n whenever that exceeds old cap.
package main

import "fmt"

type (
	e1    [1]byte
	e5    [5]byte
	e8    [8]byte
	e12   [12]byte
	e16   [16]byte
	e24   [24]byte
	e32   [32]byte
	e48   [48]byte
	e100  [100]byte
	e1000 [1000]byte
	e5000 [5000]byte
)

type grow struct{ oldlen, oldcap, n int }

// The cases: growth from empty, doubling below 256, the 1.25x regime above it, a
// request beyond double, size-class rounding of odd sizes, and large (paged) arrays.
var cases = []grow{
	{0, 0, 1}, {0, 0, 2}, {0, 0, 3}, {0, 0, 5}, {0, 0, 7}, {0, 0, 9}, {0, 0, 17},
	{1, 1, 1}, {2, 2, 1}, {3, 3, 1}, {4, 4, 1}, {5, 5, 1}, {7, 7, 1}, {8, 8, 1},
	{12, 12, 1}, {13, 13, 1}, {25, 25, 1}, {100, 100, 1}, {100, 100, 150},
	{255, 255, 1}, {256, 256, 1}, {257, 257, 1}, {300, 300, 1}, {511, 511, 2},
	{512, 512, 1}, {1000, 1000, 1}, {1024, 1024, 1}, {2000, 2000, 1}, {4096, 4096, 1},
	{10000, 10000, 1}, {100000, 100000, 1}, {1000000, 1000000, 1}, {5, 10, 6},
	{0, 10, 11}, {300, 300, 700}, {1000, 1000, 5000}, {3, 3, 100},
}

func run[T any](size int) {
	for _, c := range cases {
		s := make([]T, c.oldlen, c.oldcap)
		s = append(s, make([]T, c.n)...)
		fmt.Printf("    {%d, %d, %d, %d, %d},\n", size, c.oldlen, c.oldcap, c.oldlen+c.n, cap(s))
	}
}

func main() {
	run[e1](1)
	run[e5](5)
	run[e8](8)
	run[e12](12)
	run[e16](16)
	run[e24](24)
	run[e32](32)
	run[e48](48)
	run[e100](100)
	run[e1000](1000)
	run[e5000](5000)
}
