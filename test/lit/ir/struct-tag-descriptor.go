// RUN: %talpa build -emit-llvm -o - %s | FileCheck %s
// A struct type's descriptor string shows each tag as gc does: the tag's value quoted by
// strconv.Quote, whether the source wrote it raw or interpreted.

package main

// CHECK: $"type:struct { X int \22json:\\\22x\\\22\22; Y int \22a\\tb\22 }" = comdat any

var sink *struct {
	X int `json:"x"`
	Y int "a\tb"
}

func main() {
	// Escapes (stored in a global), so it stays on the heap with its descriptor.
	p := new(struct {
		X int `json:"x"`
		Y int "a\tb"
	})
	sink = p
	println(p.X, p.Y)
}
