// RUN: %talpa build -gcflags=-lang=go1.17 -o %t %s

// Before Go 1.18, a //go:linkname naming no function or variable is ignored (gc keeps
// that for old modules, fixedbugs/issue55889.go).
package main

import _ "unsafe"

//go:linkname nonexistent nonexistent

//go:linkname constant constant
const constant = 42

func main() {}
