// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// String index expressions with constant indices out of range or of the wrong kind, in
// types2's words. Indexing a constant string is not a constant expression.
package main

const s = "abc"

func main() {
	var t = "xyz"
	var i int
	_ = s[5]
	_ = t[-1]
	_ = s[1.5]
	_ = t["a"]
	_ = s[3]
	_ = i[0]
	const c = s[0]
	_ = s[1<<70]
	_ = t[1<<70]
	_ = s[2]
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_index.go:12:8: invalid argument: index 5 out of bounds [0:3]
// CHECK-NEXT: {{.*}}fail_index.go:13:8: invalid argument: index -1 (constant of type int) must not be negative
// CHECK-NEXT: {{.*}}fail_index.go:14:8: 1.5 (untyped float constant) truncated to int
// CHECK-NEXT: {{.*}}fail_index.go:15:8: cannot convert "a" (untyped string constant) to int
// CHECK-NEXT: {{.*}}fail_index.go:16:8: invalid argument: index 3 out of bounds [0:3]
// CHECK-NEXT: {{.*}}fail_index.go:17:7: invalid operation: cannot index i (variable of type int)
// CHECK-NEXT: {{.*}}fail_index.go:18:12: s[0] (value of type byte) is not constant
// CHECK-NEXT: {{.*}}fail_index.go:19:8: 1 << 70 (untyped int constant 1180591620717411303424) overflows int
// CHECK-NEXT: {{.*}}fail_index.go:20:8: 1 << 70 (untyped int constant 1180591620717411303424) overflows int
// CHECK-NOT: {{.}}
