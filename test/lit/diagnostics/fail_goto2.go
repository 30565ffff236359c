// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// More branch errors: an undefined goto target, labelled continue of a switch, and a
// label on a statement that break cannot target.
package main

func main() {
	goto nowhere
L:
	switch {
	case true:
		for {
			continue L
		}
	}
M:
	if true {
		break M
	}
	for {
		break nolabel
	}
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_goto2.go:8:7: label nowhere not defined
// CHECK-NEXT: {{.*}}fail_goto2.go:13:13: invalid continue label L
// CHECK-NEXT: {{.*}}fail_goto2.go:18:9: invalid break label M
// CHECK-NEXT: {{.*}}fail_goto2.go:21:9: break label not defined: nolabel
// CHECK-NOT: {{.}}
