// A fan-out/fan-in worker pool: a producer feeds jobs through a buffered channel to
// eight workers, whose results a collector sums; a select with a quit channel ends
// them. Channel traffic with a little work per item, on every core.
package main

const (
	jobs    = 2000000
	workers = 8
)

// steps counts the Collatz steps of n: a few dozen loop iterations of work per job.
func steps(n int) int {
	s := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		s++
	}
	return s
}

func worker(in <-chan int, out chan<- int, quit <-chan struct{}) {
	for {
		select {
		case n := <-in:
			out <- steps(n)
		case <-quit:
			return
		}
	}
}

func main() {
	in := make(chan int, 256)
	out := make(chan int, 256)
	quit := make(chan struct{})
	for w := 0; w < workers; w++ {
		go worker(in, out, quit)
	}
	go func() {
		for i := 1; i <= jobs; i++ {
			in <- i
		}
	}()
	total := 0
	for i := 0; i < jobs; i++ {
		total += <-out
	}
	close(quit)
	println("jobs:", jobs, "workers:", workers, "total steps:", total)
}
