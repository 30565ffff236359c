// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Calls with too few and too many arguments: gc adds have/want lines.
package main

func f(a int, s string) {}

func main() {
	f(1)
	f(1, "s", 3)
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_call.go:9:4: not enough arguments in call to f
// CHECK-NEXT: have (number)
// CHECK-NEXT: want (int, string)
// CHECK-NEXT: {{.*}}fail_call.go:10:12: too many arguments in call to f
// CHECK-NEXT: have (number, string, number)
// CHECK-NEXT: want (int, string)
// CHECK-NOT: {{.}}
