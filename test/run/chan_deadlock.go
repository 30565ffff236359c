// run

// A receive that no other goroutine can complete: gc's deadlock error, exit status 2.
package main

func main() {
	c := make(chan int, 1)
	c <- 1
	println(<-c)
	<-c
	println("not reached")
}
