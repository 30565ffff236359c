// One million goroutines block on one channel, then are released: the cost of a
// goroutine (creation, a parked goroutine's memory, waking, exit).
package main

const n = 1000000

func main() {
	start := make(chan int)
	done := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) {
			base := <-start // blocks until start is closed
			done <- base + i%7
		}(i)
	}
	close(start)
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-done
	}
	println("goroutines:", n, "sum:", sum)
}
