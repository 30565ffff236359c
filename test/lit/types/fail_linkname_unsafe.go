// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// //go:linkname is only allowed in files that import unsafe (gc's message); a function
// without a body whose directive is refused so has a missing body.
package main

//go:linkname collect runtime.GC
func collect()

func main() { collect() }

// CHECK: # command-line-arguments
// CHECK-NEXT: fail_linkname_unsafe.go:7:3: //go:linkname only allowed in Go files that import "unsafe"
// CHECK-NEXT: fail_linkname_unsafe.go:8:6: missing function body
// CHECK-NOT: {{.}}
