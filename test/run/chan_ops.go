// run

// Channel operations without a second goroutine (compiler/lower/chan.cpp,
// runtime/chan.cpp, runtime/select.cpp): buffered sends and receives within capacity,
// len and cap, comma-ok receives, close, range, nil channels, elements of every shape,
// and every shape of select whose outcome is determined.
package main

type P struct {
	x, y int
	s    string
}

type Big struct {
	a [20]int
	p *int
}

type T struct{ f int }

func g() int {
	println("g")
	return 3
}

func ch(c chan int, name string) chan int {
	println("eval", name)
	return c
}

func main() {
	c := make(chan int, 3)
	println(len(c), cap(c))
	c <- 1
	c <- 2
	println(len(c), cap(c))
	x := <-c
	println(x, len(c))
	v, ok := <-c
	println(v, ok)
	c <- 7
	c <- 8
	c <- 9 // wraps around the buffer
	println(<-c, <-c, <-c)
	c <- 10
	close(c)
	v, ok = <-c
	println(v, ok, len(c))
	v, ok = <-c
	println(v, ok, len(c), cap(c))
	println(<-c)

	var n chan int
	println(len(n), cap(n), n == nil)
	var u chan int = make(chan int)
	println(len(u), cap(u), u == nil, u == u)

	// Element shapes: pointers, structs with strings, large structs, interfaces,
	// strings, zero-size values.
	ps := make(chan *P, 2)
	ps <- &P{1, 2, "a"}
	p := <-ps
	println(p.x, p.y, p.s)
	ss := make(chan P, 2)
	ss <- P{3, 4, "b"}
	ss <- P{s: "c"}
	q := <-ss
	println(q.x, q.y, q.s, (<-ss).s)
	k := 42
	bs := make(chan Big, 1)
	var b Big
	b.a[19] = 5
	b.p = &k
	bs <- b
	b.a[19] = 6
	b2 := <-bs
	println(b2.a[19], *b2.p)
	is := make(chan interface{}, 3)
	is <- 1
	is <- "two"
	is <- nil
	println((<-is).(int), (<-is).(string), <-is == nil)
	sc := make(chan string, 4)
	sc <- "x"
	sc <- "y"
	close(sc)
	for s := range sc {
		println("range", s)
	}
	z := make(chan struct{}, 2)
	z <- struct{}{}
	println(len(z))
	_, ok = <-z
	println(ok, len(z))
	cc := make(chan chan int, 1)
	cc <- c
	println(<-cc == c)

	// Directional channels.
	var sendOnly chan<- int = make(chan int, 1)
	sendOnly <- 1
	println(len(sendOnly), cap(sendOnly))
	var recvOnly <-chan int = c
	_, ok = <-recvOnly
	println(ok)

	// Receives into existing variables, fields, elements, map entries, blanks.
	d := make(chan int, 8)
	for i := 1; i <= 8; i++ {
		d <- i * 10
	}
	var t T
	var arr [3]int
	m := map[string]int{}
	var iv interface{}
	t.f = <-d
	arr[1] = <-d
	m["k"] = <-d
	iv = <-d
	_ = <-d
	<-d
	arr[2], ok = <-d
	println(t.f, arr[1], m["k"], iv.(int), arr[2], ok, len(d))

	// select.
	select {
	case v := <-c:
		println("closed recv", v)
	default:
		println("default")
	}
	e := make(chan int, 1)
	select {
	case v := <-e:
		println("recv", v)
	default:
		println("empty: default")
	}
	select {
	case e <- g():
		println("sent")
	default:
		println("full")
	}
	select {
	case e <- g(): // g runs even though the case cannot proceed
		println("sent")
	default:
		println("full")
	}
	select {
	default:
		println("only default")
	}
	select {
	case v, ok := <-e:
		println("one case", v, ok)
	}
	e <- 5
	select {
	case e <- 1:
		println("e full: not here")
	case v, ok := <-n: // nil: never
		println("nil", v, ok)
	case v, ok := <-e:
		println("recv", v, ok)
	}
	select {
	case v, ok := <-c:
		println("closed", v, ok)
	case n <- 1:
		println("nil send: never")
	}
	// The channel and value operands of all cases, in source order, before the select.
	select {
	case ch(n, "first") <- g():
		println("never")
	case <-ch(e, "second"):
		println("never")
	case ch(d, "third") <- 1:
		println("third sent")
	}
	var got int
	var gok bool
	select {
	case got, gok = <-ch(d, "d"):
		println("assigned", got, gok)
	case <-n:
	}
	t.f = 0
	select {
	case t.f = <-d:
	case <-n:
	}
	println("field", t.f)
	// break leaves the select; a labelled break leaves the loop around it.
	count := 0
loop:
	for {
		select {
		case v, ok := <-d:
			if !ok {
				break loop
			}
			count++
			if v == 1 {
				break
			}
			println("d", v)
		default:
			close(d)
		}
	}
	println("count", count)
	var ns [2]chan int
	select {
	case <-ns[0]:
	case ns[1] <- 1:
	default:
		println("all nil: default")
	}
}
