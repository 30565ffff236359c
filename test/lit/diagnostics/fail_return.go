// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// A function that can fall off its end, and a return with the wrong count.
package main

func f(x int) int {
	if x > 0 {
		return 1
	}
}

func g() (int, string) {
	return 1
}

func main() {
	f(1)
	g()
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_return.go:10:1: missing return
// CHECK-NEXT: {{.*}}fail_return.go:13:9: not enough return values
// CHECK-NEXT: have (number)
// CHECK-NEXT: want (int, string)
// CHECK-NOT: {{.}}
