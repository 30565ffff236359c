// Two goroutines pass a counter back and forth over unbuffered channels a million times:
// the cost of a blocking hand-off (park, wake, switch).
package main

const rounds = 1000000

func player(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v + 1
	}
	close(out)
}

func main() {
	ping := make(chan int)
	pong := make(chan int)
	go player(ping, pong)
	v := 0
	for i := 0; i < rounds; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	_, ok := <-pong
	println("round trips:", rounds, "value:", v, "closed:", !ok)
}
