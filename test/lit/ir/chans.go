// RUN: %talpa build '-gcflags=-N -precise=0' -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s

// Lowering of channels and select (compiler/lower/chan.cpp): the chantype descriptor
// (element type, direction), makechan, len and cap as loads of hchan's first two words
// behind a nil check, send and comma-ok receive through temporaries, and the shapes of
// select: one case with a default becomes a non-blocking call, several cases an scase
// array (sends first, receives from the end) for selectgo and a switch on its result,
// no case runtime.block.
package main

// CHECK-DAG: @"type:chan string" = linkonce_odr constant {{.*}} i8 50, ptr @runtime.memequal64, {{.*}}, ptr @"type:string", i64 3 }

// CHECK-LABEL: define ptr @main.mk(i64 %n)
// CHECK: call ptr @runtime.makechan(ptr @"type:chan string", i64 %{{.*}})
func mk(n int) chan string { return make(chan string, n) }

// CHECK-LABEL: define { i64, i64 } @main.lens(ptr %c)
// CHECK: br i1 %{{.*}}, label %chanlen.end, label %chanlen.load
// CHECK: chanlen.load:
// CHECK-NEXT: getelementptr inbounds %abi.hchan, ptr %{{.*}}, i32 0, i32 0
// CHECK: chanlen.end:
// CHECK-NEXT: phi i64 [ 0, %entry ]
// CHECK: chancap.load:
// CHECK-NEXT: getelementptr inbounds %abi.hchan, ptr %{{.*}}, i32 0, i32 1
func lens(c <-chan int) (int, int) { return len(c), cap(c) }

// CHECK-LABEL: define void @main.send(ptr %c, i64 %v)
// CHECK: store i64 %{{.*}}, ptr %[[E:chanelem[0-9]*]], align 8
// CHECK: call void @runtime.chansend1(ptr %{{.*}}, ptr %[[E]])
func send(c chan int, v int) { c <- v }

// CHECK-LABEL: define { i64, i1 } @main.recv2(ptr %c)
// CHECK: %[[OK:.*]] = call i8 @runtime.chanrecv2(ptr %{{.*}}, ptr %[[T:[a-z0-9.]+]])
// CHECK-DAG: icmp ne i8 %[[OK]], 0
// CHECK-DAG: load i64, ptr %[[T]]
func recv2(c chan int) (int, bool) {
	v, ok := <-c
	return v, ok
}

// One case and a default: selectnbrecv, no ok wanted.
// CHECK-LABEL: define i64 @main.nb(ptr %c)
// CHECK: call i8 @runtime.selectnbrecv(ptr %{{.*}}, ptr %{{.*}}, ptr null)
// CHECK-NOT: selectgo
// CHECK: ret i64
func nb(c chan int) int {
	select {
	case v := <-c:
		return v
	default:
		return -1
	}
}

// The general form: the send at index 0, the receives from the end (<-b at 2, <-c at 1,
// which discards its value), then selectgo blocking (no default) and a switch.
// CHECK-LABEL: define i64 @main.sel(ptr %a, ptr %b, ptr %c)
// CHECK: store i64 1, ptr %[[V:[a-z0-9.]+]], align 8
// CHECK: getelementptr inbounds [3 x %abi.scase], ptr %[[SEL:[a-z0-9.]+]], i32 0, i32 0
// CHECK: store ptr %[[V]]
// CHECK: getelementptr inbounds [3 x %abi.scase], ptr %[[SEL]], i32 0, i32 2
// CHECK: store ptr %[[T:recvtmp[0-9]*]], ptr
// CHECK: getelementptr inbounds [3 x %abi.scase], ptr %[[SEL]], i32 0, i32 1
// CHECK: store ptr null, ptr
// CHECK: %[[N:[0-9]+]] = call i64 @runtime.selectgo(ptr %[[SEL]], ptr %{{.*}}, i64 1, i64 2, i8 1, ptr %[[OK:[a-z0-9.]+]])
// CHECK-NEXT: switch i64 %[[N]], label
// CHECK: load i8, ptr %[[OK]]
// CHECK: load i64, ptr %[[T]]
func sel(a, b chan int, c chan string) int {
	select {
	case a <- 1:
		return 0
	case v, ok := <-b:
		if ok {
			return v
		}
		return 1
	case <-c:
		return 2
	}
}

// CHECK-LABEL: define void @main.forever()
// CHECK: call void @runtime.block()
// CHECK-NEXT: unreachable
func forever() { select {} }

func main() {}
