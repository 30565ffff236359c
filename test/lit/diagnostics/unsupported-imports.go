// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Of the imports, only unsafe and runtime (talpa's own runtime package, lib/runtime) are
// lowered; any other is refused at its import declaration and where it is used, and
// nothing of runtime or unsafe is (runtime.SetFinalizer was, until it was implemented).
package main

import (
	"os"
	"runtime"
	"unsafe"
)

type T struct{ x int }

func main() {
	t := &T{}
	runtime.SetFinalizer(t, nil)
	runtime.GC()
	println(unsafe.Sizeof(t.x), runtime.Compiler)
	os.Exit(0)
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}unsupported-imports.go:9:2: talpa: not yet supported: imports
// CHECK-NEXT: {{.*}}unsupported-imports.go:21:2: talpa: not yet supported: imports
// CHECK-NOT: {{.}}
