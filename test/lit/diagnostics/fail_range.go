// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Range clauses over strings: the key is an int and the value a rune; over an integer
// (Go 1.22) the key has the integer's type; ranging over other basic types is an error,
// and := declares variables that must be used.
package main

func main() {
	var n int
	var f float64
	var s string
	for i := range n {
	}
	for range 1.5 {
	}
	for i, r := range s {
		println(i)
	}
	for f = range s {
	}
	var b byte
	for _, b = range "x" {
	}
	var x int
	for x, s = range s {
	}
	for a, a := range s {
		println(a)
	}
	println(f, b, x)
	var c string = string(f)
	println(c)
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_range.go:12:6: i declared but not used
// CHECK-NEXT: {{.*}}fail_range.go:14:12: cannot range over 1.5 (untyped float constant)
// CHECK-NEXT: {{.*}}fail_range.go:16:9: r declared but not used
// CHECK-NEXT: {{.*}}fail_range.go:19:6: cannot use f (value of type int) as type float64 in assignment
// CHECK-NEXT: {{.*}}fail_range.go:22:9: cannot use b (value of type rune) as type byte in assignment
// CHECK-NEXT: {{.*}}fail_range.go:25:9: cannot use s (value of type rune) as type string in assignment
// CHECK-NEXT: {{.*}}fail_range.go:27:9: a redeclared in this block
// CHECK-NEXT: {{.*}}fail_range.go:27:6: other declaration of a
// CHECK-NEXT: {{.*}}fail_range.go:31:24: cannot convert f (variable of type float64) to type string
// CHECK-NOT: {{.}}
