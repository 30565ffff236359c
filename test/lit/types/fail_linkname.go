// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// gc's //go:linkname rules, reported at the directive's "go:": the usage (one or two
// words after it), a package-level function or variable, one directive per object.
// "//go:linkname" without a space is not the directive.
package main

import _ "unsafe"

type t int

const c = 1

var x int

//go:linkname
//go:linkname x a b
//go:linkname nonexist nonexist
//go:linkname t notvarfunc
//go:linkname c constant
//go:linkname x ok
//go:linkname x duplicate
//go:linkname f main.g
func f()

func main() { f() }

// CHECK: # command-line-arguments
// CHECK-NEXT: fail_linkname.go:17:3: usage: //go:linkname localname [linkname]
// CHECK-NEXT: fail_linkname.go:18:3: //go:linkname must refer to declared function or variable
// CHECK-NEXT: fail_linkname.go:19:3: //go:linkname must refer to declared function or variable
// CHECK-NEXT: fail_linkname.go:20:3: //go:linkname must refer to declared function or variable
// CHECK-NEXT: fail_linkname.go:22:3: duplicate //go:linkname for x
// CHECK-NOT: {{.}}
