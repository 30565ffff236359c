// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Two functions with bodies defined under one //go:linkname symbol are a duplicate
// definition (gc refuses them too).
package main

import _ "unsafe"

//go:linkname a main.both
func a() int { return 1 }

//go:linkname b main.both
func b() int { return 2 }

func main() { println(a(), b()) }

// CHECK: talpa: duplicated definition of symbol main.both
