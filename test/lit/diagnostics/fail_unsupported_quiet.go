// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// A construct talpa cannot check yet is reported once; the function that holds it gets no
// "declared but not used" or "missing return" guesses, other functions are checked fully.
package main

func f(x int) int {
	y := 2
	for range []int{1, 2} {
		return y + x
	}
}

func main() {
	z := 1
	println(f(1))
}

// CHECK: fail_unsupported_quiet.go:9:{{[0-9]+}}: talpa: not yet supported:
// CHECK-NEXT: fail_unsupported_quiet.go:15:2: z declared but not used
// CHECK-NOT: {{.}}
