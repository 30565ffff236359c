// RUN: %talpa tool parse -directives %s | %FileCheck %s

//go:build linux && !cgo
// +build linux,!cgo

// Compiler directives are recorded with the declaration they come before.
package p

import _ "unsafe"

//go:linkname now runtime.nanotime
func now() int64

//go:noinline
//go:nosplit
func f() {
	//go:noinline
	_ = 1
}

//go:embed hello.txt
var s string

//line directives.go:25
type T int

/* //go:noinline */ var notOne int

//go:other

// CHECK: directives.go:3:1: //go:build linux && !cgo
// CHECK-NEXT: directives.go:4:1: // +build linux,!cgo
// CHECK-NEXT: directives.go:11:1: //go:linkname now runtime.nanotime (func now, line 12)
// CHECK-NEXT: directives.go:14:1: //go:noinline (func f, line 16)
// CHECK-NEXT: directives.go:15:1: //go:nosplit (func f, line 16)
// CHECK-NEXT: directives.go:17:2: //go:noinline
// CHECK-NEXT: directives.go:21:1: //go:embed hello.txt (var s, line 22)
// CHECK-NEXT: directives.go:24:1: //line directives.go:25 (type T, line 25)
// CHECK-NEXT: {{^}}directives.go:29: //go:other
// CHECK-NOT: {{.}}
