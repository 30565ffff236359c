// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// A for-range loop is not a terminating statement, so f is missing a return; z is unused.
// (This file once showed that a construct talpa could not check kept the function that
// held it from these reports; the checker now knows range over slices.) As go tool compile.
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

// CHECK: # command-line-arguments
// CHECK-NEXT: fail_missing_return_range.go:13:1: missing return
// CHECK-NEXT: fail_missing_return_range.go:16:2: z declared but not used
// CHECK-NOT: {{.}}
