// run

// Preemption keeps every register: goroutines running floating-point code with many
// live values and loops the compiler vectorizes are stopped again and again (one P,
// several of them running), and each block of work must give the same checksum every
// time. main only gets the CPU through preemption, and the workers only start then.
package main

import "runtime"

type result struct {
	name       string
	blocks     int
	mismatches int
}

// fpblock keeps 16 float64 accumulators live across a loop without calls.
func fpblock(seed float64) float64 {
	a0, a1, a2, a3 := seed, seed+1, seed+2, seed+3
	a4, a5, a6, a7 := seed*2, seed*3, seed*4, seed*5
	b0, b1, b2, b3 := 0.5, 0.25, 0.125, 0.0625
	b4, b5, b6, b7 := 1.5, 1.25, 1.125, 1.0625
	for i := 0; i < 200000; i++ {
		a0 = a0*0.999 + b0
		a1 = a1*0.998 + b1
		a2 = a2*0.997 + b2
		a3 = a3*0.996 + b3
		a4 = a4*0.995 + b4
		a5 = a5*0.994 + b5
		a6 = a6*0.993 + b6
		a7 = a7*0.992 + b7
		b0, b1, b2, b3 = b1*1.0001, b2*1.0001, b3*1.0001, b0*0.9997
		b4, b5, b6, b7 = b5*1.0001, b6*1.0001, b7*1.0001, b4*0.9997
	}
	return a0 + 2*a1 + 3*a2 + 4*a3 + 5*a4 + 6*a5 + 7*a6 + 8*a7 + b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7
}

// vecblock: integer loops over arrays, which the compiler vectorizes.
func vecblock(a, b []int32) int32 {
	var s int32
	for r := 0; r < 200; r++ {
		for i := range a {
			s += a[i]*b[i] + int32(r)
		}
		for i := range a {
			a[i] = a[i] ^ b[i]
		}
	}
	return s
}

func fpworker(stop chan bool, out chan result) {
	want := fpblock(1.5)
	r := result{name: "fp"}
	for {
		select {
		case <-stop:
			out <- r
			return
		default:
		}
		if fpblock(1.5) != want {
			r.mismatches++
		}
		r.blocks++
	}
}

func vecworker(stop chan bool, out chan result) {
	a := make([]int32, 1000)
	b := make([]int32, 1000)
	for i := range a {
		a[i] = int32(i * 7)
		b[i] = int32(i*13 + 1)
	}
	want := vecblock(a, b) // 200 rounds: a is back where it started
	r := result{name: "vec"}
	for {
		select {
		case <-stop:
			out <- r
			return
		default:
		}
		if vecblock(a, b) != want {
			r.mismatches++
		}
		r.blocks++
	}
}

func main() {
	runtime.GOMAXPROCS(1)
	stop := make(chan bool)
	outs := []chan result{make(chan result), make(chan result), make(chan result)}
	go fpworker(stop, outs[0])
	go vecworker(stop, outs[1])
	go fpworker(stop, outs[2])
	// Work of main's own (without preemption the workers would not run before it ends,
	// and would then see stop at once).
	x := 0.0
	for i := 0; i < 10000000; i++ {
		x = x*0.5 + float64(i&7)
	}
	close(stop)
	for _, out := range outs {
		r := <-out
		println(r.name, "ran:", r.blocks > 0, "mismatches:", r.mismatches)
	}
	println("main:", x > 0)
}
