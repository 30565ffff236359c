// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Type argument inference unifies channel types of different directions (types2's
// inexact unification); the argument's assignability is checked afterwards.
package main

func Recv[E any](c <-chan E) E { return <-c }

func Send[E any](c chan<- E, e E) { c <- e }

func Both[E any](c chan E) E { return <-c }

type C chan string

func main() {
	c := make(chan int, 1)
	Send(c, 1)
	var n int = Recv(c)
	var s string = Recv(make(C))
	var r <-chan int = c
	_ = Recv(r)
	Send(r, 2)
	_ = Both(r)
	_, _ = n, s
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}generic_infer_chan.go:22:7: cannot use r (variable of type <-chan int) as type chan<- int in argument to Send
// CHECK-NEXT: {{.*}}generic_infer_chan.go:23:11: cannot use r (variable of type <-chan int) as type chan int in argument to Both
// CHECK-NOT: {{.}}
