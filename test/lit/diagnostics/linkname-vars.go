// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Two variables defined under one //go:linkname symbol (or a linknamed variable and
// the variable whose symbol it names) are refused as gc's object writer refuses them.
package main

import _ "unsafe"

//go:linkname c main.d
var c int

var d int

func main() { println(c, d) }

// CHECK: talpa: symbol main.d listed multiple times
