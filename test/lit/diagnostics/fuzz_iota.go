// RUN: %python -c "print(open(r'%s').read().replace('SPE' + 'CS', '_\n' * 69998))" > %t.go
// RUN: %exit 2 %talpa build -o %t %t.go 2>&1 | %FileCheck %s
// RUN: %python -c "print(open(r'%s').read().replace('SPE' + 'CS', '_\n' * 8400000))" > %t.big.go
// RUN: %exit 2 %talpa build -o %t %t.big.go 2>&1 | %FileCheck %s --check-prefix=BIG

// iota past 65535 (69,998 blank specs are substituted below): it used to wrap around to 4464. A group
// longer than the syntax tree holds (2^23 specs) is one error.
package main

const (
	_ = iota
	SPECS
	x
)

const _ int8 = x

func main() {}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}.go:{{[0-9]+}}:16: cannot use x (untyped int constant 69999) as int8 value in constant declaration (overflows)
// CHECK-NOT: {{.}}

// BIG: # command-line-arguments
// BIG-NEXT: {{.*}}.go:8388619:2: talpa: too many constants in one declaration group
// BIG-NOT: {{.}}
