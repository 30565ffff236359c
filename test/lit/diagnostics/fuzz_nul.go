// RUN: %python -c "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read().replace(b'\x40', b'\0'))" %s > %t.go
// RUN: %python -c "import sys; sys.stdout.buffer.write(b'\0\n' * 3000000)" >> %t.go
// RUN: %exit 2 %talpa build -o %t %t.go 2>&1 | %FileCheck %s

// NUL bytes (each at-sign below becomes one): each is reported once and skipped, as
// gc's scanner does, and an equal error on the same line is not repeated. A flood of them
// (3,000,000 lines more) stops at gc's ten errors and costs no memory per error.
package main

var x = 1 @+@ 2@

func main() { @@@ }

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}.go:10:11: invalid NUL character
// CHECK-NEXT: {{.*}}.go:12:15: invalid NUL character
// CHECK-NEXT: {{.*}}.go:{{[0-9]+}}:1: invalid NUL character
// CHECK-NEXT: {{.*}}.go:{{[0-9]+}}:1: invalid NUL character
// CHECK-NEXT: {{.*}}.go:{{[0-9]+}}:1: invalid NUL character
// CHECK-NEXT: {{.*}}.go:{{[0-9]+}}:1: invalid NUL character
// CHECK-NEXT: {{.*}}.go:{{[0-9]+}}:1: invalid NUL character
// CHECK-NEXT: {{.*}}.go:{{[0-9]+}}:1: invalid NUL character
// CHECK-NEXT: {{.*}}.go:{{[0-9]+}}:1: invalid NUL character
// CHECK-NEXT: {{.*}}.go:{{[0-9]+}}:1: invalid NUL character
// CHECK-NEXT: {{.*}}.go:{{[0-9]+}}:1: too many errors
// CHECK-NOT: {{.}}
