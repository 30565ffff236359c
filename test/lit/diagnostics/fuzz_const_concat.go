// RUN: %python -c "print(open(r'%s').read().replace('CHA' + 'IN', ' + '.join(['\"abcdefghij\"'] * 90000)))" > %t.go
// RUN: %exit 2 %talpa build -o %t %t.go 2>&1 | %FileCheck %s

// A constant string built by a long chain of + (90,000 operands, substituted below) is joined
// once, as go/constant's ropes do, instead of copying each partial sum: this used to take
// minutes and gigabytes. Its length is exact.
package main

const s = CHAIN

const _ int8 = len(s)

func main() {}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}.go:11:16: cannot use len(s) (constant 900000 of type int) as type int8 in constant declaration
// CHECK-NOT: {{.}}
