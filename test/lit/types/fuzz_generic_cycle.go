// RUN: %exit 1 %talpa tool check %s 2>&1 | %FileCheck %s

// Found by the type checker's fuzzer (a timeout, a stack overflow without the sanitizers):
// a generic struct that embeds its own instance has infinite size; unsafe.Sizeof of it
// recursed forever. Now it is an invalid recursive type. (gc reports it at the embedded
// field, 10:2, and adds a follow-on "is not constant" for the last line.)
package p

import "unsafe"

type T[P any] struct {
	T[P]
}

func _[P any]() {
	_ = unsafe.Sizeof(T[int]{})
	_ = unsafe.Sizeof(struct{ T[int] }{})
	_ = unsafe.Sizeof(T[P]{})
	_ = unsafe.Sizeof(struct{ T[P] }{})
}

const _ = unsafe.Sizeof(T[int]{})

// CHECK: # command-line-arguments
// CHECK-NEXT: fuzz_generic_cycle.go:{{11|12}}:{{[0-9]+}}: invalid recursive type T
