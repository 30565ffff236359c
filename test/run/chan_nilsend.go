// run

// A send on a nil channel blocks forever: with no other goroutine, gc's deadlock error.
package main

func main() {
	var c chan int
	select {
	case c <- 1:
	default:
		println("nil: default")
	}
	c <- 1
}
