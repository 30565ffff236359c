// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Expression switch errors: duplicate and mismatched case values, tagless cases that
// are not boolean, misplaced fallthrough, switches that do not terminate a function.
package main

func f(x int) int {
	switch x {
	case 1:
		return 1
	default:
		return 0
	}
}

func g(x int) int {
	switch x {
	case 1:
		return 1
	}
}

func h(x int) int {
L:
	switch x {
	case 1:
		break L
	default:
		return 0
	}
}

func main() {
	var i8 int8
	s := "a"
	switch 1 {
	case 1, 2, 1:
	case i8:
	}
	switch s {
	case "a", "b":
	case "a":
	case 1:
	}
	switch {
	case 1:
	case s == "b":
		fallthrough
	}
	fallthrough
	println(f(1), g(1), h(1))
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_switch.go:21:1: missing return
// CHECK-NEXT: {{.*}}fail_switch.go:31:1: missing return
// CHECK-NEXT: {{.*}}fail_switch.go:37:13: duplicate case 1 (constant of type int) in expression switch
// CHECK-NEXT: {{.*}}fail_switch.go:37:7: previous case
// CHECK-NEXT: {{.*}}fail_switch.go:38:7: invalid case i8 in switch on 1 (mismatched types int8 and int)
// CHECK-NEXT: {{.*}}fail_switch.go:42:7: duplicate case "a" (constant of type string) in expression switch
// CHECK-NEXT: {{.*}}fail_switch.go:41:7: previous case
// CHECK-NEXT: {{.*}}fail_switch.go:43:7: cannot convert 1 (untyped int constant) to string
// CHECK-NEXT: {{.*}}fail_switch.go:46:7: cannot convert 1 (untyped int constant) to bool
// CHECK-NEXT: {{.*}}fail_switch.go:48:3: cannot fallthrough final case in switch
// CHECK-NEXT: {{.*}}fail_switch.go:50:2: fallthrough statement out of place
// CHECK-NOT: {{.}}
