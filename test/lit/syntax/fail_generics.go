// RUN: %exit 1 %talpa tool parse %s 2>&1 | %FileCheck %s
// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Type parameter lists that gc's parser rejects, with gc's messages and positions
// (checked against go1.19's `go tool compile`).
package p

func f1[]()
func f2[T]()
func f3[T any, U]()
type I interface{ m[T any]() }
type S struct{}
func (S) m[T any]()
var v = func[T any]() {}
type E interface{ ~int | ~ }

// CHECK: fail_generics.go:8:9: syntax error: empty type parameter list
// CHECK-NEXT: fail_generics.go:9:10: syntax error: missing type constraint
// CHECK-NEXT: fail_generics.go:10:17: syntax error: missing type constraint
// CHECK-NEXT: fail_generics.go:11:20: interface method must have no type parameters
// CHECK-NEXT: fail_generics.go:13:11: syntax error: method must have no type parameters
// CHECK-NEXT: fail_generics.go:14:13: syntax error: function type must have no type parameters
// CHECK-NEXT: fail_generics.go:15:28: syntax error: unexpected }, expecting type
// CHECK-NOT: {{.}}
