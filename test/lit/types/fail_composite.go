// RUN: %exit 2 %talpa build -gcflags=-e -o %t %s 2>&1 | %FileCheck %s

// Composite literals in types2's words: struct literals (keyed and positional), arrays
// with [...] and indices, slices, maps with duplicate constant keys, elided element types
// (&T for pointer elements), invalid literal types.
package p

type S struct {
	a, b int
	c    string
}

type P struct{ x, y int }

func composite() {
	_ = S{1, 2}
	_ = S{1, 2, "a", 4}
	_ = S{a: 1, 2}
	_ = S{1, b: 2}
	_ = S{d: 1}
	_ = S{a: 1, a: 2}
	_ = S{a: "x"}
	_ = []int{1, 2, "a"}
	_ = [2]int{1, 2, 3}
	_ = [...]int{1, 2, 3, 5: 4, 2: 1}
	_ = []int{-1: 1}
	_ = map[string]int{"a": 1, "a": 2}
	_ = map[string]int{1}
	_ = map[interface{}]int{1: 1, 1.0: 2, "a": 3, 1: 4}
	_ = []*P{{1, 2}, &P{3, 4}, {x: 1}, {z: 1}}
	_ = map[P]P{{1, 2}: {3, 4}, {1, 2}: {}}
	_ = int{1}
	_ = []int{{1}}
	_ = struct{ a int }{1}
	_ = [][]int{{1}, {"a"}}
	var n int
	_ = []int{n: 1}
	_ = [1]int{1.5}
	var a [3]int = [...]int{1, 2}
	_ = a
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_composite.go:16:12: too few values in S{…}
// CHECK-NEXT: {{.*}}fail_composite.go:17:19: too many values in S{…}
// CHECK-NEXT: {{.*}}fail_composite.go:18:14: mixture of field:value and value elements in struct literal
// CHECK-NEXT: {{.*}}fail_composite.go:19:12: mixture of field:value and value elements in struct literal
// CHECK-NEXT: {{.*}}fail_composite.go:19:15: too few values in S{…}
// CHECK-NEXT: {{.*}}fail_composite.go:20:8: unknown field 'd' in struct literal of type S
// CHECK-NEXT: {{.*}}fail_composite.go:21:15: duplicate field name a in struct literal
// CHECK-NEXT: {{.*}}fail_composite.go:22:11: cannot use "x" (untyped string constant) as int value in struct literal
// CHECK-NEXT: {{.*}}fail_composite.go:23:18: cannot use "a" (untyped string constant) as int value in array or slice literal
// CHECK-NEXT: {{.*}}fail_composite.go:24:19: index 2 is out of bounds (>= 2)
// CHECK-NEXT: {{.*}}fail_composite.go:25:31: duplicate index 2 in array or slice literal
// CHECK-NEXT: {{.*}}fail_composite.go:26:12: invalid argument: index -1 (constant of type int) must not be negative
// CHECK-NEXT: {{.*}}fail_composite.go:27:29: duplicate key "a" in map literal
// CHECK-NEXT: {{.*}}fail_composite.go:28:21: missing key in map literal
// CHECK-NEXT: {{.*}}fail_composite.go:29:48: duplicate key 1 in map literal
// CHECK-NEXT: {{.*}}fail_composite.go:30:38: unknown field 'z' in struct literal of type P
// CHECK-NEXT: {{.*}}fail_composite.go:32:6: invalid composite literal type int
// CHECK-NEXT: {{.*}}fail_composite.go:33:12: invalid composite literal type int
// CHECK-NEXT: {{.*}}fail_composite.go:35:20: cannot use "a" (untyped string constant) as int value in array or slice literal
// CHECK-NEXT: {{.*}}fail_composite.go:37:13: index n must be integer constant
// CHECK-NEXT: {{.*}}fail_composite.go:38:13: cannot use 1.5 (untyped float constant) as int value in array or slice literal (truncated)
// CHECK-NEXT: {{.*}}fail_composite.go:39:17: cannot use [...]int{…} (value of type [2]int) as type [3]int in variable declaration
// CHECK-NOT: {{.}}
