// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Label and branch errors, in gc's words (gc checks these in its syntax package):
// unused, missing and duplicate labels, gotos over declarations and into blocks, bad
// break/continue labels.
package main

func main() {
	goto A
	x := 1
A:
	_ = x
	goto B
	{
	B:
	}
	goto C
	for {
	C:
	}
D:
	for {
		break D
	}
E:
	x = 2
E:
	for {
		continue E
	}
F:
	{
		break F
	}
	for {
		continue G
	}
	goto H
	var y int
H:
	_ = y
}

func unused() {
U:
	_ = 0
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_goto.go:9:7: goto A jumps over declaration of x at {{.*}}fail_goto.go:10:4
// CHECK-NEXT: {{.*}}fail_goto.go:13:7: goto B jumps into block starting at {{.*}}fail_goto.go:14:2
// CHECK-NEXT: {{.*}}fail_goto.go:17:7: goto C jumps into block starting at {{.*}}fail_goto.go:18:6
// CHECK-NEXT: {{.*}}fail_goto.go:27:1: label E already defined at {{.*}}fail_goto.go:25:1
// CHECK-NEXT: {{.*}}fail_goto.go:29:12: invalid continue label E
// CHECK-NEXT: {{.*}}fail_goto.go:33:9: invalid break label F
// CHECK-NEXT: {{.*}}fail_goto.go:36:12: continue label not defined: G
// CHECK-NEXT: {{.*}}fail_goto.go:38:7: goto H jumps over declaration of y at {{.*}}fail_goto.go:39:6
// CHECK-NEXT: {{.*}}fail_goto.go:45:1: label U defined and not used
// CHECK-NOT: {{.}}
