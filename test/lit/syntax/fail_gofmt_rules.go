// RUN: %exit 1 %talpa tool parse %s 2>&1 | %FileCheck %s

// `talpa tool parse` judges syntax as gofmt does: rules that go/parser enforces and gc
// leaves to type checking are reported, in gc's words.
package p

import ""
import "a b"

const c

var a = [...]int
var b = struct{ x int }

func f(x interface{}) {
	(x) := 0
	for i, j, k := range "" {
	}
	switch x.(type) {
	case 0:
	}
}

// CHECK: fail_gofmt_rules.go:7:8: invalid import path (empty string)
// CHECK-NEXT: fail_gofmt_rules.go:8:8: invalid import path (invalid character U+0020 ' ')
// CHECK-NEXT: fail_gofmt_rules.go:10:7: missing init expr for c
// CHECK-NEXT: fail_gofmt_rules.go:12:9: invalid use of [...] array (outside a composite literal)
// CHECK-NEXT: fail_gofmt_rules.go:13:9: struct{x int} (type) is not an expression
// CHECK-NEXT: fail_gofmt_rules.go:16:2: non-name (x) on left side of :=
// CHECK-NEXT: fail_gofmt_rules.go:17:12: range clause permits at most two iteration variables
// CHECK-NEXT: fail_gofmt_rules.go:20:7: 0 is not a type
// CHECK-NOT: {{.}}
