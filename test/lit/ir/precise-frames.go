// RUN: %talpa build -gcflags=-precise=1 -emit-llvm -target linux/amd64 -o - %s | FileCheck %s
// RUN: %talpa build -gcflags=-precise=1 -emit-llvm -target windows/amd64 -o - %s | FileCheck %s --check-prefix=WIN
// Precise frames (compiler/opt/precise_gc.cpp, docs/runtime/gc.md "Stack scanning"):
// - a function with an interface parameter gets a stack map: the stack check's retry
//   path made the parameter a phi of an aggregate, which is now split into field phis;
// - a stack object written whole before each read (the receive buffer, cleared before
//   each receive) is dead at the calls between its last read and the next write;
// - each function lists its frame (the record after the stack objects' one: outgoing
//   argument words, then every static alloca) so that the driver can count the rest of
//   the frame's body dead;
// - windows clears rsi and rdi before statepoints too.

package main

import "runtime"

// CHECK-LABEL: define void @main.param({ ptr, ptr } %x) {{.*}} gc "talpa"
// CHECK: call void {{.*}}@llvm.experimental.stackmap(i64 {{[0-9]+}}, i32 0, i64 0, ptr %morestack.pack, i64 16)
// CHECK: gc.statepoint.p0({{.*}}@runtime.GC{{.*}}"gc-live"(ptr %{{[0-9]+}}, ptr %{{[0-9]+}})
//go:noinline
func param(x interface{}) {
	runtime.GC()
	println(x.(*int))
}

// Object 0 is the receive buffer: live at the receive (its address is passed), dead at
// the collection after its value was loaded.
// CHECK-LABEL: define void @main.receive(
// CHECK: call void {{.*}}@llvm.experimental.stackmap(i64 {{[0-9]+}}, i32 0, i64 0, ptr %recvtmp, i64 8, ptr %morestack.pack, i64 8)
// CHECK: gc.statepoint.p0({{.*}}@runtime.chanrecv2{{.*}}"deopt"(i32 1)
// CHECK: gc.statepoint.p0({{.*}}@runtime.GC{{.*}}"deopt"(i32 0, i32 1)
// CHECK: gc.statepoint.p0({{.*}}@runtime.chanrecv2{{.*}}"deopt"(i32 1)
//go:noinline
func receive(c chan *int) {
	for {
		v, ok := <-c
		if !ok {
			return
		}
		println(*v)
		runtime.GC()
	}
}

// WIN: asm sideeffect "xorl %ebx{{.*}}xorl %esi, %esi; xorl %edi, %edi", "{{.*}}~{rsi},~{rdi},~{dirflag},~{fpsr},~{flags}"

func main() {
	param(new(int))
	c := make(chan *int, 1)
	c <- new(int)
	close(c)
	receive(c)
}
