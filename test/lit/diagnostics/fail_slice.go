// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// String slice expressions with constant bounds out of range or out of order, in types2's
// words; a constant string's length is an inclusive bound here.
package main

const s = "abc"

func main() {
	var t = "xyz"
	var i int
	_ = s[1:5]
	_ = t[2:1]
	_ = t[1:2:3]
	_ = s[:-1]
	_ = s[4:]
	_ = s[3:]
	_ = i[1:]
	_ = s[2:1]
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_slice.go:12:10: invalid argument: index 5 out of bounds [0:4]
// CHECK-NEXT: {{.*}}fail_slice.go:13:10: invalid slice indices: 1 < 2
// CHECK-NEXT: {{.*}}fail_slice.go:14:12: invalid operation: 3-index slice of string
// CHECK-NEXT: {{.*}}fail_slice.go:15:9: invalid argument: index -1 (constant of type int) must not be negative
// CHECK-NEXT: {{.*}}fail_slice.go:16:8: invalid argument: index 4 out of bounds [0:4]
// CHECK-NEXT: {{.*}}fail_slice.go:18:6: invalid operation: cannot slice i (variable of type int)
// CHECK-NEXT: {{.*}}fail_slice.go:19:10: invalid slice indices: 1 < 2
// CHECK-NOT: {{.}}
