// RUN: %exit 2 %talpa build -gcflags=-e -o %t %s 2>&1 | %FileCheck %s

// Go 1.21's min, max and clear and Go 1.20's unsafe.SliceData, String and StringData
// (beyond the Go 1.19 reference compiler: expectations follow types2's builtins.go of
// those releases).
package main

import "unsafe"

const lo = min(1, 2.5, -3)
const hi = max(1, 2.5, -3)
const str = max("a", "c", "b")

var _ string = lo
var _ string = hi
var _ int = str

func main() {
	var s []int
	var m map[int]int
	var i int
	var f float64
	var c complex128
	var p *byte
	_ = min()
	_ = min(c)
	_ = max(i, f)
	_ = min(i, 1.5)
	_ = max(s, s)
	var x int = min(i, 2)
	clear(s)
	clear(m)
	clear(i)
	clear()
	_ = unsafe.SliceData(i)
	_ = unsafe.SliceData(s)
	_ = unsafe.String(i, 1)
	_ = unsafe.String(p, -1)
	_ = unsafe.StringData(1)
	_ = x
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:14:16: cannot use lo (untyped float constant -3) as string value in variable declaration
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:15:16: cannot use hi (untyped float constant 2.5) as string value in variable declaration
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:16:13: cannot use str (untyped string constant "c") as int value in variable declaration
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:25:6: invalid operation: not enough arguments for min() (expected 1, found 0)
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:26:10: invalid argument: c (variable of type complex128) cannot be ordered
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:27:13: invalid argument: mismatched types int (previous argument) and float64 (type of f)
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:28:13: 1.5 (untyped float constant) truncated to int
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:29:10: invalid argument: s (variable of type []int) cannot be ordered
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:33:8: invalid argument: cannot clear i (variable of type int): argument must be (or constrained by) map or slice
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:34:2: invalid operation: not enough arguments for clear() (expected 1, found 0)
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:35:23: invalid argument: i (variable of type int) is not a slice
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:37:20: cannot use i (variable of type int) as type *byte in argument to unsafe.String
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:38:23: invalid argument: length -1 (constant of type int) must not be negative
// CHECK-NEXT: {{.*}}fail_builtins_go121.go:39:24: cannot use 1 (untyped int constant) as string value in argument to unsafe.StringData
// CHECK-NOT: {{.}}
