// RUN: %exit 2 %talpa build -gcflags=-e -o %t %s 2>&1 | %FileCheck %s

// Complex constants: imaginary literals, exact arithmetic (complex division included), comparisons, real/imag/complex, and representability as integer, float and complex types (truncated, overflows).
package main

const (
	a = 1 + 2i
	b = 3 - 4i
	c = a * b
	d = a / b
	e = 0x10i + 0b11i + 0o7i + 017i
	f = 1.5e3i
	g = complex(1, 2)
	h = real(c) + imag(d)
	k = a == 1+2i
	l = a != b
	m = -a
	n = (1 + 0i) << 3
	o = 1 / 3i
)

type C64 complex64

var (
	_ int        = c
	_ float64    = d
	_ int        = e
	_ float32    = f
	_ int8       = g
	_ int        = h
	_ string     = k
	_ string     = l
	_ int        = m
	_ string     = n
	_ float32    = o
	_ complex64  = 1e40
	_ complex128 = 1e400i
	_ int        = 1 + 0i
	_ float64    = 2.5 + 0i
	_ uint8      = 256 + 0i
	_ int        = 2.5 + 0i
	_ float64    = real(1e400i)
	_            = 1 / (0i)
	_            = len(1i)
	_            = complex(1i, 2)
	_            = real("a")
)

func main() {}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}complex_const.go:25:17: cannot use c (untyped complex constant (11 + 2i)) as int value in variable declaration (truncated)
// CHECK-NEXT: {{.*}}complex_const.go:26:17: cannot use d (untyped complex constant (-0.2 + 0.4i)) as float64 value in variable declaration (overflows)
// CHECK-NEXT: {{.*}}complex_const.go:27:17: cannot use e (untyped complex constant (0 + 43i)) as int value in variable declaration (truncated)
// CHECK-NEXT: {{.*}}complex_const.go:28:17: cannot use f (untyped complex constant (0 + 1500i)) as float32 value in variable declaration (overflows)
// CHECK-NEXT: {{.*}}complex_const.go:29:17: cannot use g (untyped complex constant (1 + 2i)) as int8 value in variable declaration (truncated)
// CHECK-NEXT: {{.*}}complex_const.go:30:17: cannot use h (untyped float constant 11.4) as int value in variable declaration (truncated)
// CHECK-NEXT: {{.*}}complex_const.go:31:17: cannot use k (untyped bool constant true) as string value in variable declaration
// CHECK-NEXT: {{.*}}complex_const.go:32:17: cannot use l (untyped bool constant true) as string value in variable declaration
// CHECK-NEXT: {{.*}}complex_const.go:33:17: cannot use m (untyped complex constant (-1 + -2i)) as int value in variable declaration (truncated)
// CHECK-NEXT: {{.*}}complex_const.go:34:17: cannot use n (untyped int constant 8) as string value in variable declaration
// CHECK-NEXT: {{.*}}complex_const.go:35:17: cannot use o (untyped complex constant (0 + -0.333333i)) as float32 value in variable declaration (overflows)
// CHECK-NEXT: {{.*}}complex_const.go:36:17: cannot use 1e40 (untyped float constant 1e+40) as complex64 value in variable declaration (overflows)
// CHECK-NEXT: {{.*}}complex_const.go:37:17: cannot use 1e400i (untyped complex constant (0 + 1e+400i)) as complex128 value in variable declaration (overflows)
// CHECK-NEXT: {{.*}}complex_const.go:40:17: cannot use 256 + 0i (untyped complex constant (256 + 0i)) as uint8 value in variable declaration (truncated)
// CHECK-NEXT: {{.*}}complex_const.go:41:17: cannot use 2.5 + 0i (untyped complex constant (2.5 + 0i)) as int value in variable declaration (truncated)
// CHECK-NEXT: {{.*}}complex_const.go:43:21: invalid operation: division by zero
// CHECK-NEXT: {{.*}}complex_const.go:44:21: invalid argument: 1i (untyped complex constant (0 + 1i)) for len
// CHECK-NEXT: {{.*}}complex_const.go:45:25: invalid operation: complex(1i, 2) (mismatched types untyped complex and untyped float)
// CHECK-NEXT: {{.*}}complex_const.go:46:22: invalid argument: argument has type untyped string, expected complex type
// CHECK-NOT: {{.}}
