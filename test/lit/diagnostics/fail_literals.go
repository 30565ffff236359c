// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Scanner errors in number, rune and string literals.
package main

func main() {
	x := 08
	y := 0x
	z := 1_
	r := ''
	q := 'ab'
	e := "\q"
	println(x, y, z, r, q, e)
}


// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_literals.go:7:8: invalid digit '8' in octal literal
// CHECK-NEXT: {{.*}}fail_literals.go:8:9: hexadecimal literal has no digits
// CHECK-NEXT: {{.*}}fail_literals.go:9:8: '_' must separate successive digits
// CHECK-NEXT: {{.*}}fail_literals.go:10:8: empty rune literal or unescaped '
// CHECK-NEXT: {{.*}}fail_literals.go:11:7: more than one character in rune literal
// CHECK-NEXT: {{.*}}fail_literals.go:12:9: unknown escape
// CHECK-NOT: {{.}}
