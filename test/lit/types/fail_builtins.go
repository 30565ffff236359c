// RUN: %exit 2 %talpa build -gcflags=-e -o %t %s 2>&1 | %FileCheck %s

// Builtin calls: argument counts, argument kinds, constant len/cap/unsafe results, make's sizes, ... with builtins, unsafe.Offsetof through embedded fields.
package main

import "unsafe"

type S struct {
	a int8
	b int64
	E
	*P
}
type E struct{ x, y int32 }
type P struct{ z int }

func (S) M() {}

var gs []int

func f() []int { return gs }
func two() (int, int) { return 1, 2 }

var arr [10]int
var parr *[5]int
var sv S
var up unsafe.Pointer

const c1 = len(arr)
const c2 = cap(parr)
const c3 = len("hello")
const c4 = len(f())
const c5 = unsafe.Sizeof(sv)
const c6 = unsafe.Offsetof(sv.y)
const c7 = unsafe.Alignof(sv.b)

var _ string = c1
var _ string = c2 + c3
var _ string = c5 + c6 + c7

func main() {
	var s []int
	var m map[string]int
	var ch chan int
	var rch <-chan int
	_ = len()
	_ = len(1, 2)
	_ = len(1)
	_ = cap(m)
	_ = append()
	_ = append(1, 2)
	_ = append(nil, 2)
	_ = append(s, "x")
	_ = append(s, s...)
	_ = append(s, 1, s...)
	_ = append(s, two()...)
	close(rch)
	close(s)
	close(ch)
	_ = complex(1, "a")
	var f32 float32
	var f64 float64
	_ = complex(f32, f64)
	_ = complex(s, s)
	_ = copy(s, "abc")
	_ = copy(s, 1)
	var bs []byte
	_ = copy(bs, "abc")
	_ = copy(s, bs)
	delete(m, 1)
	delete(s, 1)
	delete(m)
	_ = real(f32)
	_ = imag("a")
	_ = make([]int)
	_ = make([]int, 1, 2, 3)
	_ = make(int)
	_ = make([]int, -1)
	_ = make([]int, 10, 5)
	_ = make(map[int]int, 1, 2)
	_ = make([]int, 1.5)
	_ = make([]int, "a")
	_ = make(chan int, 1<<70)
	_ = new(5)
	_ = new(int, 1)
	panic()
	print(nil)
	println(1, nil)
	_ = recover(1)
	_ = unsafe.Offsetof(sv.z)
	_ = unsafe.Offsetof(sv.M)
	_ = unsafe.Offsetof(sv.q)
	_ = unsafe.Offsetof(arr)
	_ = unsafe.Sizeof(1, 2)
	_ = unsafe.Slice(1, 2)
	_ = unsafe.Add(up, "a")
	_ = len
	_ = len(s...)
	_ = copy(s, s...)
	var i int = len(s)
	_ = append(bs, "abc"...)
	_, _, _ = i, f32, f64
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_builtins.go:32:12: len(f()) (value of type int) is not constant
// CHECK-NEXT: {{.*}}fail_builtins.go:37:16: cannot use c1 (constant 10 of type int) as type string in variable declaration
// CHECK-NEXT: {{.*}}fail_builtins.go:38:16: cannot use c2 + c3 (constant 10 of type int) as type string in variable declaration
// CHECK-NEXT: {{.*}}fail_builtins.go:39:16: cannot use c5 + c6 + c7 (constant 60 of type uintptr) as type string in variable declaration
// CHECK-NEXT: {{.*}}fail_builtins.go:46:6: invalid operation: not enough arguments for len() (expected 1, found 0)
// CHECK-NEXT: {{.*}}fail_builtins.go:47:6: invalid operation: too many arguments for len(1, 2) (expected 1, found 2)
// CHECK-NEXT: {{.*}}fail_builtins.go:48:10: invalid argument: 1 (untyped int constant) for len
// CHECK-NEXT: {{.*}}fail_builtins.go:49:10: invalid argument: m (variable of type map[string]int) for cap
// CHECK-NEXT: {{.*}}fail_builtins.go:50:6: invalid operation: not enough arguments for append() (expected 1, found 0)
// CHECK-NEXT: {{.*}}fail_builtins.go:51:13: first argument to append must be a slice; have 1 (untyped int constant)
// CHECK-NEXT: {{.*}}fail_builtins.go:52:13: first argument to append must be a slice; have untyped nil
// CHECK-NEXT: {{.*}}fail_builtins.go:53:16: cannot use "x" (untyped string constant) as int value in argument to append
// CHECK-NEXT: {{.*}}fail_builtins.go:55:19: too many arguments in call to append
// CHECK-NEXT: 	have ([]int, number, []int)
// CHECK-NEXT: 	want ([]int, ...int)
// CHECK-NEXT: {{.*}}fail_builtins.go:56:16: multiple-value two() (value of type (int, int)) in single-value context
// CHECK-NEXT: {{.*}}fail_builtins.go:57:8: invalid operation: cannot close receive-only channel rch (variable of type <-chan int)
// CHECK-NEXT: {{.*}}fail_builtins.go:58:8: invalid operation: cannot close non-channel s (variable of type []int)
// CHECK-NEXT: {{.*}}fail_builtins.go:60:14: invalid operation: complex(1, "a") (mismatched types untyped float and untyped string)
// CHECK-NEXT: {{.*}}fail_builtins.go:63:14: invalid operation: complex(f32, f64) (mismatched types float32 and float64)
// CHECK-NEXT: {{.*}}fail_builtins.go:64:14: invalid argument: arguments have type []int, expected floating-point
// CHECK-NEXT: {{.*}}fail_builtins.go:65:11: invalid argument: arguments to copy s (variable of type []int) and "abc" (untyped string constant) have different element types int and byte
// CHECK-NEXT: {{.*}}fail_builtins.go:66:11: invalid argument: copy expects slice arguments; found s (variable of type []int) and 1 (untyped int constant)
// CHECK-NEXT: {{.*}}fail_builtins.go:69:11: invalid argument: arguments to copy s (variable of type []int) and bs (variable of type []byte) have different element types int and byte
// CHECK-NEXT: {{.*}}fail_builtins.go:70:12: cannot use 1 (untyped int constant) as string value in argument to delete
// CHECK-NEXT: {{.*}}fail_builtins.go:71:9: invalid argument: s (variable of type []int) is not a map
// CHECK-NEXT: {{.*}}fail_builtins.go:72:2: invalid operation: not enough arguments for delete(m) (expected 2, found 1)
// CHECK-NEXT: {{.*}}fail_builtins.go:73:11: invalid argument: argument has type float32, expected complex type
// CHECK-NEXT: {{.*}}fail_builtins.go:74:11: invalid argument: argument has type untyped string, expected complex type
// CHECK-NEXT: {{.*}}fail_builtins.go:75:6: invalid operation: make([]int) expects 2 or 3 arguments; found 1
// CHECK-NEXT: {{.*}}fail_builtins.go:76:6: invalid operation: make([]int, 1, 2, 3) expects 2 or 3 arguments; found 4
// CHECK-NEXT: {{.*}}fail_builtins.go:77:11: invalid argument: cannot make int; type must be slice, map, or channel
// CHECK-NEXT: {{.*}}fail_builtins.go:78:18: invalid argument: index -1 (constant of type int) must not be negative
// CHECK-NEXT: {{.*}}fail_builtins.go:79:18: invalid argument: length and capacity swapped
// CHECK-NEXT: {{.*}}fail_builtins.go:80:6: invalid operation: make(map[int]int, 1, 2) expects 1 or 2 arguments; found 3
// CHECK-NEXT: {{.*}}fail_builtins.go:81:18: 1.5 (untyped float constant) truncated to int
// CHECK-NEXT: {{.*}}fail_builtins.go:82:18: cannot convert "a" (untyped string constant) to int
// CHECK-NEXT: {{.*}}fail_builtins.go:83:21: 1 << 70 (untyped int constant 1180591620717411303424) overflows int
// CHECK-NEXT: {{.*}}fail_builtins.go:84:10: 5 is not a type
// CHECK-NEXT: {{.*}}fail_builtins.go:85:6: invalid operation: too many arguments for new(int, 1) (expected 1, found 2)
// CHECK-NEXT: {{.*}}fail_builtins.go:86:2: invalid operation: not enough arguments for panic() (expected 1, found 0)
// CHECK-NEXT: {{.*}}fail_builtins.go:87:8: use of untyped nil in argument to print
// CHECK-NEXT: {{.*}}fail_builtins.go:88:13: use of untyped nil in argument to println
// CHECK-NEXT: {{.*}}fail_builtins.go:89:6: invalid operation: too many arguments for recover(1) (expected 0, found 1)
// CHECK-NEXT: {{.*}}fail_builtins.go:90:22: invalid argument: field z is embedded via a pointer in S
// CHECK-NEXT: {{.*}}fail_builtins.go:91:22: invalid argument: sv.M is a method value
// CHECK-NEXT: {{.*}}fail_builtins.go:92:22: invalid argument: S has no single field q
// CHECK-NEXT: {{.*}}fail_builtins.go:93:22: invalid argument: arr is not a selector expression
// CHECK-NEXT: {{.*}}fail_builtins.go:94:6: invalid operation: too many arguments for unsafe.Sizeof(1, 2) (expected 1, found 2)
// CHECK-NEXT: {{.*}}fail_builtins.go:95:19: invalid argument: 1 (untyped int constant) is not a pointer
// CHECK-NEXT: {{.*}}fail_builtins.go:96:21: cannot convert "a" (untyped string constant) to int
// CHECK-NEXT: {{.*}}fail_builtins.go:97:6: len (built-in) must be called
// CHECK-NEXT: {{.*}}fail_builtins.go:98:6: invalid operation: invalid use of ... with built-in len
// CHECK-NEXT: {{.*}}fail_builtins.go:99:6: invalid operation: invalid use of ... with built-in copy
// CHECK-NOT: {{.}}
