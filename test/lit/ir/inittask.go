// RUN: %talpa build -emit-llvm -gcflags=-N -o - %s | %FileCheck %s

// Package initialization as gc's: main..inittask is abi.h's initTask {state, ndeps,
// nfns}, then the imported packages' tasks, then main.init (the initializers that run
// code) and the init functions that are not empty; main..init, the runtime's hook, runs it
// with runtime.doInit.
package main

import "runtime"

var n = runtime.NumCPU()

var static = 3

func init() {}

func init() { static++ }

func init() {
	if false {
		static++
	}
}

func main() { println(n, static) }

// CHECK: @runtime..inittask = external global %abi.initTask
// CHECK: @main..inittask = global { %abi.initTask, [1 x ptr], [2 x ptr] } { %abi.initTask { i64 0, i64 1, i64 2 }, [1 x ptr] [ptr @runtime..inittask], [2 x ptr] [ptr @main.init, ptr @main.init.1] }, align 8
// CHECK: define internal void @main.init()
// CHECK: define void @main..init()
// CHECK-NOT: define
// CHECK: call void @runtime.doInit(ptr @main..inittask)
// CHECK-NEXT: ret void
