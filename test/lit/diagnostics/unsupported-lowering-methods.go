// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Methods of a named basic type, called directly and through a method expression (Go's
// fixedbugs/bug441.go), used to reach the lowering and make invalid IR; they are refused
// with gc-style diagnostics instead, and no "internal compiler error" is printed.
package main

type T int

func (T) m1() {}

func (t T) m2(_ int) {}

func main() {
	T.m1(T(1))
	T(1).m2(2)
}

// CHECK: # command-line-arguments
// CHECK-NEXT: unsupported-lowering-methods.go:10:10: talpa: not yet supported: methods
// CHECK-NEXT: unsupported-lowering-methods.go:12:12: talpa: not yet supported: methods
// CHECK-NEXT: unsupported-lowering-methods.go:15:2: talpa: not yet supported: method expressions
// CHECK-NEXT: unsupported-lowering-methods.go:16:2: talpa: not yet supported: methods
// CHECK-NOT: {{.}}
