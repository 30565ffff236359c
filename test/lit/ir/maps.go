// RUN: %talpa build "-gcflags=-N -stackcheck=0 -precise=0" -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s
// (Stack checks off: this test reads the lowering's IR, test/lit/ir/stack-check.go the checks.)

// Lowering of maps (compiler/lower/map.cpp): the maptype descriptor with its bucket type,
// hasher and flags; the fast variants gc's mapfast picks by key type; one mapassign for
// m[k] op= v; comma-ok through mapaccess2; range through an hiter on the stack; and the
// write barrier on bulk copies of values with pointers.
package main

type P struct{ x, y int32 }

type Big struct{ a [40]int }

// map[string]int: key, elem, the bucket (8 + 8*16 + 8*8 + 8 = 208 bytes, pointers in the
// key slots' first words and the overflow word), strhash, keysize 16, elemsize 8,
// bucketsize 208, flags NeedKeyUpdate|ReflexiveKey (12).
// CHECK-DAG: @"type:map[string]int" = linkonce_odr constant {{.*}} ptr @"type:string", ptr @"type:int", ptr @"type:map.bucket[string]int", ptr @runtime.strhash, i8 16, i8 8, i16 208, i32 12 }
// CHECK-DAG: @"type:map.bucket[string]int" = linkonce_odr constant {{.*}} { i64 208, i64 208, {{.*}}, ptr @"type:map.bucket[string]int..str", ptr null, ptr null }
// A struct key of plain memory: memequal64 for equality, memhash64, and the fast64 paths.
// CHECK-DAG: @"type:main.P" = linkonce_odr constant {{.*}} ptr @runtime.memequal64, ptr null,
// CHECK-DAG: @"type:map[main.P]bool" = {{.*}} ptr @runtime.memhash64, i8 8, i8 1, i16 88, i32 4 }
// Keys over 128 bytes are indirect: keysize 8, flags IndirectKey|ReflexiveKey; the key
// type gets a generated equality function, the hasher is the runtime's typehash (null).
// CHECK-DAG: @"type:map[main.Big]int" = {{.*}} ptr null, i8 8, i8 8, i16 144, i32 5 }
// CHECK-DAG: @"type:main.Big" = {{.*}} ptr @"type:main.Big..eq",
// Float keys: f64hash, neither reflexive nor without key updates (flags 8).
// CHECK-DAG: @"type:map[float64]int" = {{.*}} ptr @runtime.f64hash, i8 8, i8 8, i16 144, i32 8 }

// CHECK-LABEL: define i64 @main.str(ptr %m, %abi.stringStruct %k)
// CHECK: call ptr @runtime.mapaccess1_faststr(ptr @"type:map[string]int", ptr %{{.*}}, ptr %{{.*}}, i64 %{{.*}})
func str(m map[string]int, k string) int { return m[k] }

// m[k] += v: one mapassign; its slot is read and written.
// CHECK-LABEL: define void @main.add(ptr %m, i32 %k, i64 %v)
// CHECK: %[[S:.*]] = call ptr @runtime.mapassign_fast32(ptr @"type:map[int32]int", ptr %{{.*}}, i64 %{{.*}})
// CHECK-NEXT: load i64, ptr %[[S]]
// CHECK-NOT: mapassign
// CHECK: store i64 %{{.*}}, ptr %[[S]]
// CHECK: ret void
func add(m map[int32]int, k int32, v int) { m[k] += v }

// v, ok := m[k] for a pointer key: fast64 with the key as a word.
// CHECK-LABEL: define i1 @main.has(ptr %m, ptr %k)
// CHECK: %[[K:.*]] = ptrtoint ptr %{{.*}} to i64
// CHECK: call ptr @runtime.mapaccess2_fast64(ptr @"type:map[*int]string", ptr %{{.*}}, i64 %[[K]], ptr %mapok)
func has(m map[*int]string, k *int) bool {
	_, ok := m[k]
	return ok
}

// Assigning a pointer key: mapassign_fast64ptr, which barriers the key store.
// CHECK-LABEL: define void @main.setp(ptr %m, ptr %k)
// CHECK: call ptr @runtime.mapassign_fast64ptr(ptr @"type:map[*int]string", ptr %{{.*}}, ptr %{{.*}})
func setp(m map[*int]string, k *int) { m[k] = "x" }

// A struct key through the fast path: loaded as one word from its temporary.
// CHECK-LABEL: define void @main.del(ptr %m, ptr %k)
// CHECK: %[[W:.*]] = load i64, ptr %{{.*}}
// CHECK: call void @runtime.mapdelete_fast64(ptr @"type:map[main.P]bool", ptr %{{.*}}, i64 %[[W]])
func del(m map[P]bool, k P) { delete(m, k) }

// A generic key: the key's address, mapaccess1, and the element copied out.
// CHECK-LABEL: define i64 @main.big(ptr %m, ptr %k)
// CHECK: call ptr @runtime.mapaccess1(ptr @"type:map[main.Big]int", ptr %{{.*}}, ptr %{{.*}})
func big(m map[Big]int, k Big) int { return m[k] }

// make: makemap_small without a hint or with a constant one up to 8, else makemap.
// CHECK-LABEL: define i64 @main.mk(i64 %n)
// CHECK: call ptr @runtime.makemap_small()
// CHECK: call ptr @runtime.makemap(ptr @"type:map[float64]int", i64 %{{.*}}, ptr null)
// CHECK: call void @runtime.mapclear(ptr @"type:map[float64]int"
func mk(n int) int {
	a := make(map[float64]int, 8)
	b := make(map[float64]int, n)
	clear(b)
	return len(a) + len(b)
}

// range: mapiterinit with an hiter on the stack, until it.key is nil.
// CHECK-LABEL: define i64 @main.sum(ptr %m)
// CHECK: %hiter = alloca %abi.hiter
// CHECK: call void @runtime.mapiterinit(ptr @"type:map[string]int", ptr %{{.*}}, ptr %hiter)
// CHECK: range.cond:
// CHECK: %[[KP:.*]] = load ptr, ptr %{{.*}}
// CHECK-NEXT: icmp eq ptr %[[KP]], null
// CHECK: call void @runtime.mapiternext(ptr %hiter)
func sum(m map[string]int) int {
	t := 0
	for _, v := range m {
		t += v
	}
	return t
}

// A struct with pointers copied into the heap: bulkBarrierPreWrite when the flag is set,
// then the copy.
type R struct {
	name string
	next *R
}

// CHECK-LABEL: define void @main.copyR(ptr %p, ptr %r)
// CHECK: load i8, ptr @runtime.writeBarrier
// CHECK: wb.slow:
// CHECK-NEXT: call void @runtime.bulkBarrierPreWrite(ptr @"type:main.R", ptr %{{.*}}, ptr %{{.*}}, i64 1)
// CHECK: wb.done:
// CHECK-NEXT: call void @llvm.memcpy
func copyR(p *R, r R) { *p = r }

// A store into the function's own variable needs no barrier.
// CHECK-LABEL: define ptr @main.local(ptr %q)
// CHECK-NOT: writeBarrier
// CHECK: ret ptr
func local(q *R) *R {
	var x *R
	x = q
	return x
}

func main() {
	m := map[string]int{"a": 1}
	println(str(m, "a"), sum(m), mk(3), big(map[Big]int{}, Big{}), has(nil, nil))
	add(map[int32]int{}, 1, 2)
	setp(map[*int]string{}, new(int))
	del(map[P]bool{}, P{})
	copyR(new(R), R{})
	println(local(nil) == nil)
}
