// RUN: %talpa build "-gcflags=-N -stackcheck=0 -precise=0" -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s
// (Stack checks off: this test reads the lowering's IR, test/lit/ir/stack-check.go the checks.)

// Lowering of pointers, structs and slices: gc's struct layout as a packed LLVM struct with
// explicit padding, type descriptors (abi::_type with size, ptrdata and the pointer
// bitmap), heap allocation of address-taken variables with their descriptor, explicit nil
// checks, bounds checks, and the calling convention for memory types.
package main

// CHECK-DAG: @"type:int" = linkonce_odr constant { i64, i64, i32, i8, i8, i8, i8, ptr, ptr, ptr, ptr, ptr } { i64 8, i64 0, i32 {{-?[0-9]+}}, i8 8, i8 8, i8 8, i8 2, ptr @runtime.memequal64, ptr null, ptr @"type:int..str", ptr null, ptr null }, comdat, align 8

// N's words: next, name.ptr, name.len, vals.ptr, vals.len, vals.cap, n: pointers in words
// 0, 1 and 3 (bitmap 0b1011), ptrdata 32; kind 25 (struct), tflag Named and Uncommon (a
// named type lists its package and methods); not comparable (a slice field): no equal function
// (comparable types have one).
// CHECK-DAG: @"type:main.N" = linkonce_odr constant {{.*}} { i64 56, i64 32, i32 {{-?[0-9]+}}, i8 5, i8 8, i8 8, i8 25, ptr null, ptr @runtime.gcbits.0b, ptr @"type:main.N..str", ptr @"type:main.N..uncommon", ptr null }, ptr @"type:main.N..pkgpath", ptr @"type:main.N..fields", i64 4 }
// CHECK-DAG: @runtime.gcbits.0b = linkonce_odr constant [1 x i8] c"\0B"
// A pointer type: kind 22 with DirectIface (54), and its element's descriptor.
// CHECK-DAG: @"type:*main.N" = linkonce_odr constant {{.*}} i8 54, ptr @runtime.memequal64, ptr @runtime.gcbits.01, {{.*}}, ptr @"type:main.N" }

type S struct {
	a int8
	b int64
	c bool
}

type N struct {
	next *N
	name string
	vals []int
	n    int
}

// An address-taken local lives in the heap: a zeroed object of its type.
// CHECK-LABEL: define ptr @main.esc()
// CHECK-NEXT: entry:
// CHECK-NEXT: %x = call ptr @runtime.mallocgc(i64 8, ptr @"type:int", i8 1)
func esc() *int {
	x := 1
	return &x
}

// p.n: an explicit nil check, then the field at gc's offset 48 (element 3).
// CHECK-LABEL: define i64 @main.get(ptr %p)
// CHECK: icmp eq ptr %{{.*}}, null
// CHECK: call void @runtime.panicmem()
// CHECK-NEXT: unreachable
// CHECK: getelementptr inbounds <{ ptr, %abi.stringStruct, %abi.slice, i64 }>, ptr %{{.*}}, i32 0, i32 3
func get(p *N) int { return p.n }

// A struct parameter is a pointer to the caller's copy; a struct result is written
// through a pointer passed first. S's padding is explicit.
// CHECK-LABEL: define void @main.pass(ptr %results, ptr %s)
// CHECK: getelementptr inbounds <{ i8, [7 x i8], i64, i1, [7 x i8] }>, ptr %s, i32 0, i32 0
// CHECK: call void @llvm.memcpy.p0.p0.i64(ptr align 8 %results,
func pass(s S) S {
	s.a++
	return s
}

// s[i]: one unsigned compare against the length.
// CHECK-LABEL: define i64 @main.at(%abi.slice %s, i64 %i)
// CHECK: icmp ult i64
// CHECK: call void @runtime.panicIndex(i64
func at(s []int, i int) int { return s[i] }

// p.next = q: the value first, then the address (gc's order), then the store, a pointer
// into the heap: through the write barrier when runtime.writeBarrier is set.
// CHECK-LABEL: define void @main.set(ptr %p, ptr %q)
// CHECK: %[[Q:.*]] = load ptr, ptr %q
// CHECK: %[[P:.*]] = load ptr, ptr %p
// CHECK: icmp eq ptr %[[P]], null
// CHECK: %[[F:.*]] = getelementptr inbounds <{ ptr, %abi.stringStruct, %abi.slice, i64 }>, ptr %[[P]], i32 0, i32 0
// CHECK-NEXT: %[[W:.*]] = load i8, ptr @runtime.writeBarrier
// CHECK-NEXT: %wb = icmp ne i8 %[[W]], 0
// CHECK-NEXT: br i1 %wb, label %wb.slow, label %wb.fast
// CHECK: wb.slow:
// CHECK-NEXT: call void @runtime.gcWriteBarrier(ptr %[[F]], ptr %[[Q]])
// CHECK: wb.fast:
// CHECK-NEXT: store ptr %[[Q]], ptr %[[F]]
func set(p *N, q *N) { p.next = q }

// append: growslice only when the capacity is short, with the element's descriptor.
// CHECK-LABEL: define %abi.slice @main.add(
// CHECK: icmp ugt i64
// CHECK: call void @runtime.growslice(ptr %{{.*}}, ptr @"type:int", ptr
func add(s []int, v int) []int { return append(s, v) }

func main() {
	println(*esc(), get(&N{n: 2}), pass(S{}).a, at([]int{1}, 0), len(add(nil, 1)))
	set(&N{}, nil)
}
