// RUN: %talpa build '-gcflags=-N -precise=0' -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s

// Lowering of the first slice: division checks, string operations through the runtime's
// scalar entry points, print sequences and panic.
package main

// Types shared with the runtime come from runtime/include/talpa/abi.h (docs/compiler/abi.md).
// CHECK: %abi.stringStruct = type { ptr, i64 }

// A variable divisor is checked against zero (runtime.panicdivide), and -1 is handled
// without a hardware division, which traps on MinInt / -1.
// CHECK-LABEL: define i64 @main.div(
// CHECK: icmp eq i64 %{{.*}}, 0
// CHECK: call void @runtime.panicdivide()
// CHECK-NEXT: unreachable
// CHECK: icmp eq i64 %{{.*}}, -1
// CHECK: sdiv i64
func div(a, b int) int { return a / b }

// CHECK-LABEL: define i64 @main.rem(
// CHECK: call void @runtime.panicdivide()
// CHECK: srem i64
// CHECK: select i1 %{{.*}}, i64 0,
func rem(a, b int) int { return a % b }

// A non-zero constant divisor needs no check.
// CHECK-LABEL: define i64 @main.half(
// CHECK-NOT: panicdivide
// CHECK: sdiv i64 %{{.*}}, 2
// CHECK-NEXT: ret i64
func half(a int) int { return a / 2 }

// Strings are abi.h's stringStruct; the runtime receives them as (ptr, len) and returns
// through an out-pointer.
// CHECK-LABEL: define %abi.stringStruct @main.cat(%abi.stringStruct %a, %abi.stringStruct %b)
// CHECK: call void @runtime.concatstring2(ptr %{{.*}}, ptr %{{.*}}, i64 %{{.*}}, ptr %{{.*}}, i64 %{{.*}})
func cat(a, b string) string { return a + b }

// CHECK-LABEL: define i1 @main.less(
// CHECK: call i64 @runtime.cmpstring(ptr %{{.*}}, i64 %{{.*}}, ptr %{{.*}}, i64 %{{.*}})
// CHECK: icmp slt i64 %{{.*}}, 0
func less(a, b string) bool { return a < b }

// println: printlock, each argument by type with printsp between, printnl, printunlock.
// CHECK-LABEL: define void @main.main()
// CHECK: call void @runtime.printlock()
// CHECK-NEXT: call void @runtime.printint(i64 %{{.*}})
// CHECK-NEXT: call void @runtime.printsp()
// CHECK: call void @runtime.printstring(ptr %{{.*}}, i64 %{{.*}})
// CHECK: call void @runtime.printbool(i8
// CHECK-NEXT: call void @runtime.printnl()
// CHECK-NEXT: call void @runtime.printunlock()
// CHECK: call void @runtime.gopanic(ptr @"type:string", ptr @.panicstr)
// CHECK-NEXT: unreachable
func main() {
	println(div(7, 2), rem(7, 2), half(9), cat("a", "b"), less("a", "b"))
	panic("boom")
}

// Runtime entry points are declared from runtime.def; panics are noreturn; every Go
// function keeps its frame pointer for tracebacks.
// CHECK: declare void @runtime.gopanic(ptr, ptr) [[NORETURN:#[0-9]+]]
// CHECK: attributes #0 = { {{.*}}"frame-pointer"="all"
// CHECK: attributes [[NORETURN]] = { noreturn
