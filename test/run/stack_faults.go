// run

// Faults and panics at every depth of a goroutine's first segments (docs/runtime/stack.md,
// "Red zone"): a nil dereference, a division by zero and an explicit panic, each
// recovered, with the faulting frame anywhere from the top of a segment to just above
// its stackguard0. On windows the exception is dispatched on that stack.
package main

type T struct{ x [4]int }

var nilT *T
var zero int

//go:noinline
func fault(kind int) int {
	switch kind {
	case 0:
		return nilT.x[1]
	case 1:
		return 7 / zero
	default:
		panic("explicit")
	}
}

func try(kind int) (r string) {
	defer func() {
		if e := recover(); e != nil {
			if err, ok := e.(error); ok {
				r = err.Error()
			} else {
				r = e.(string)
			}
		}
	}()
	fault(kind)
	return "no fault"
}

//go:noinline
func down(n, kind int) string {
	if n == 0 {
		return try(kind)
	}
	return down(n-1, kind)
}

func main() {
	res := make(chan string)
	count := map[string]int{}
	for kind := 0; kind < 3; kind++ {
		for d := 0; d < 300; d++ {
			go func(d, kind int) { res <- down(d, kind) }(d, kind)
			count[<-res]++
		}
	}
	println(count["runtime error: invalid memory address or nil pointer dereference"],
		count["runtime error: integer divide by zero"], count["explicit"], len(count))
}
