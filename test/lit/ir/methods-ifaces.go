// RUN: %talpa build '-gcflags=-N -precise=0' -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s

// Methods and interfaces: methods named as gc's tracebacks name them (receiver first),
// the method table of T and *T sorted exported-first (ifn called with the data word,
// tfn with the receiver), the interface's imethods, a static itab whose entries are the
// pointer method itself and a wrapper "main.(*T).M" that copies the value receiver, and
// an interface call through itab.fun[i] (offset 24 + 8i) with the data word first.
package main

type I interface {
	M() int
	n() int
}

type T struct{ a, b int }

func (t T) M() int  { return t.a }
func (t *T) n() int { return t.b }

func call(i I) int { return i.M() + i.n() }

func main() {
	println(call(&T{1, 2}))
}

// CHECK-DAG: @"type:main.T..methods" = linkonce_odr constant [1 x { ptr, ptr, ptr, ptr }] [{ ptr, ptr, ptr, ptr } { ptr @"type:main.T..m0", ptr @"type:func() int", ptr @"main.(*T).M", ptr @main.T.M }]
// CHECK-DAG: @"go:itab.*main.T,main.I" = linkonce_odr constant { ptr, ptr, i32, i32, [2 x ptr] } { ptr @"type:main.I", ptr @"type:*main.T", i32 {{-?[0-9]+}}, i32 0, [2 x ptr] [ptr @"main.(*T).M", ptr @"main.(*T).n"] }
// CHECK-DAG: @"type:*main.T..methods" = linkonce_odr constant [2 x { ptr, ptr, ptr, ptr }] [{ ptr, ptr, ptr, ptr } { ptr @"type:*main.T..m0", ptr @"type:func() int", ptr @"main.(*T).M", ptr @main.T.M }, { ptr, ptr, ptr, ptr } { ptr @"type:*main.T..m1", ptr @"type:func() int", ptr @"main.(*T).n", ptr @"main.(*T).n" }]
// CHECK-DAG: @"type:main.I..imethods" = linkonce_odr constant [2 x { ptr, ptr }] [{ ptr, ptr } { ptr @"type:main.I..im0", ptr @"type:func() int" }, { ptr, ptr } { ptr @"type:main.I..im1", ptr @"type:func() int" }]

// CHECK-LABEL: define i64 @main.call({ ptr, ptr } %i)
// CHECK: getelementptr i8, ptr %{{[0-9]+}}, i64 24
// CHECK: call i64 %{{[0-9]+}}(ptr %{{[0-9]+}})
// CHECK: getelementptr i8, ptr %{{[0-9]+}}, i64 32
// CHECK: call i64 %{{[0-9]+}}(ptr %{{[0-9]+}})

// CHECK-LABEL: define i64 @main.T.M(ptr %t)
// CHECK-LABEL: define linkonce_odr i64 @"main.(*T).M"(ptr %0)
// CHECK: call void @llvm.memcpy.p0.p0.i64(ptr align 8 %tmp, ptr align 8 %{{[0-9]+}}, i64 16, i1 false)
// CHECK-NEXT: call i64 @main.T.M(ptr %tmp)
// CHECK-LABEL: define i64 @"main.(*T).n"(ptr %t)
