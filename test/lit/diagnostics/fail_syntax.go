// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Syntax errors and recovery: one report per line, several lines reported.
package main

func main() {
	x := 1 +
	y := @
	s := "abc
	if x {
	}
	for i := 0; i < 3; i++ {
	var a [3]int
	f(1, 2
}


// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_syntax.go:8:4: syntax error: unexpected := at end of statement
// CHECK-NEXT: {{.*}}fail_syntax.go:8:7: invalid character U+0040 '@'
// CHECK-NEXT: {{.*}}fail_syntax.go:9:11: newline in string
// CHECK-NEXT: {{.*}}fail_syntax.go:14:8: syntax error: unexpected newline in argument list; possibly missing comma or )
// CHECK-NOT: {{.}}
