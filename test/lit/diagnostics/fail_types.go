// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Checker errors in gc 1.19 wording, stopping at the tenth ("too many errors").
package main

func f(a int) int { return a }

func g() int {
	for {
	}
}

func h(x int) int {
	if x > 0 {
		return 1
	}
}

func main() {
	var x int = 1
	var s string = x
	var b byte = 300
	var c int = 1 << 70
	y := 5
	z := x + "a"
	f(1, 2)
	f()
	if x {
	}
	_ = byte(300)
	_ = 1 / 0
	u := undefinedThing
	var x int
	_ = s + b
}


// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_types.go:17:1: missing return
// CHECK-NEXT: {{.*}}fail_types.go:21:17: cannot use x (variable of type int) as type string in variable declaration
// CHECK-NEXT: {{.*}}fail_types.go:22:15: cannot use 300 (untyped int constant) as byte value in variable declaration (overflows)
// CHECK-NEXT: {{.*}}fail_types.go:23:14: cannot use 1 << 70 (untyped int constant 1180591620717411303424) as int value in variable declaration (overflows)
// CHECK-NEXT: {{.*}}fail_types.go:25:7: invalid operation: x + "a" (mismatched types int and untyped string)
// CHECK-NEXT: {{.*}}fail_types.go:26:7: too many arguments in call to f
// CHECK-NEXT: have (number, number)
// CHECK-NEXT: want (int)
// CHECK-NEXT: {{.*}}fail_types.go:27:2: not enough arguments in call to f
// CHECK-NEXT: have ()
// CHECK-NEXT: want (int)
// CHECK-NEXT: {{.*}}fail_types.go:28:5: non-boolean condition in if statement
// CHECK-NEXT: {{.*}}fail_types.go:30:11: cannot convert 300 (untyped int constant) to type byte
// CHECK-NEXT: {{.*}}fail_types.go:31:10: invalid operation: division by zero
// CHECK-NEXT: {{.*}}fail_types.go:31:10: too many errors
// CHECK-NOT: {{.}}
