// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Syntax errors in if headers, calls and an unterminated comment.
package main

func main() {
	if x := 1 {
	}
	for {
	println("a"
	}
}

func g() {
	a := 1 /* unterminated


// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_syntax2.go:7:7: syntax error: cannot use x := 1 as value
// CHECK-NEXT: {{.*}}fail_syntax2.go:10:13: syntax error: unexpected newline in argument list; possibly missing comma or )
// CHECK-NEXT: {{.*}}fail_syntax2.go:15:9: comment not terminated
// CHECK-NOT: {{.}}
