// run

// runtime.SetFinalizer: a finalizer that stores its object resurrects it (the object
// lives on, intact); a finalizer may set a new finalizer on its object, which then runs
// when the object is unreachable again; SetFinalizer(p, nil) removes p's finalizer.
package main

import "runtime"

type T struct {
	id   int
	data [4]int
}

var saved *T
var runs int
var ran = make(chan bool, 4) // the finalizer goroutine may run on another P: main waits

func fin(t *T) {
	runs++
	println("finalizer", runs, "of", t.id, "data", t.data[0]+t.data[3])
	if runs < 3 {
		saved = t
		runtime.SetFinalizer(t, fin)
	}
	ran <- true
}

//go:noinline
func setup() {
	t := &T{id: 1, data: [4]int{10, 20, 30, 40}}
	runtime.SetFinalizer(t, fin)
	u := &T{id: 2}
	runtime.SetFinalizer(u, func(*T) { println("removed finalizer ran") })
	runtime.SetFinalizer(u, nil)
	runtime.SetFinalizer(u, nil) // none to remove: fine
}

func main() {
	setup()
	for i := 0; i < 4; i++ {
		runtime.GC()
		runtime.GC()
		if i < 3 {
			<-ran
		}
		if saved != nil {
			println("resurrected", saved.id, saved.data[1])
			saved = nil
		}
	}
	println("finalizer runs:", runs)
}
