// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// More switch errors: two defaults, an unused init variable, a non-boolean case in a
// tagless switch, duplicate float constants written differently.
package main

func main() {
	x := 1
	switch x {
	default:
	case 1:
	default:
	}
	switch y := 2; {
	}
	switch {
	case x:
	}
	var f float64
	switch f {
	case 1.5, 3 / 2.0:
	}
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_switch2.go:12:2: multiple defaults (first at {{.*}}fail_switch2.go:10:2)
// CHECK-NEXT: {{.*}}fail_switch2.go:14:9: y declared but not used
// CHECK-NEXT: {{.*}}fail_switch2.go:17:7: invalid case x in switch on true (mismatched types int and bool)
// CHECK-NEXT: {{.*}}fail_switch2.go:21:12: duplicate case 3 / 2.0 (constant 1.5 of type float64) in expression switch
// CHECK-NEXT: {{.*}}fail_switch2.go:21:7: previous case
// CHECK-NOT: {{.}}
