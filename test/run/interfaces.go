// run

// Interfaces: conversion of values of every kind to interfaces, method calls through
// itabs (value and pointer receivers, promoted methods, methods promoted from an embedded
// interface), interface-to-interface conversion, embedded interfaces, assertions with and
// without comma-ok, type switches (nil, several types per case, interface cases, the
// bound variable), comparison and printing.
package main

type Shape interface {
	Area() int
	Name() string
}

type Named interface{ Name() string }

type Rect struct{ w, h int }

func (r Rect) Area() int    { return r.w * r.h }
func (r Rect) Name() string { return "rect" }

type Sq struct{ s int }

func (q *Sq) Area() int    { return q.s * q.s }
func (q *Sq) Name() string { return "square" }

type E struct{ msg string }

func (e E) Error() string { return "E:" + e.msg }

type Celsius float64

func (c Celsius) Name() string { return "celsius" }

type Wrap struct {
	Shape
	extra int
}

type Outer struct {
	Rect
}

type ReadWriter interface {
	Reader
	Writer
}
type Reader interface{ Read() int }
type Writer interface{ Write(int) }

type Buf struct{ data []int }

func (b *Buf) Read() int {
	if len(b.data) == 0 {
		return -1
	}
	v := b.data[0]
	b.data = b.data[1:]
	return v
}
func (b *Buf) Write(v int) { b.data = append(b.data, v) }

type Big struct {
	a, b, c, d int
	s     string
}

func (b Big) Name() string { return b.s }

func describe(s Shape) {
	println(s.Name(), s.Area())
}

func kind(x interface{}) string {
	switch v := x.(type) {
	case nil:
		return "nil"
	case int, int8:
		return "small int"
	case string:
		return "string " + v
	case Shape:
		return "shape " + v.Name()
	case error:
		return "error " + v.Error()
	case Named:
		return "named " + v.Name()
	default:
		return "other"
	}
}

func main() {
	describe(Rect{2, 3})
	describe(&Sq{4})
	describe(Outer{Rect{1, 7}})
	var n Named = Rect{1, 1}
	println(n.Name())
	var s Shape = &Sq{2}
	n = s
	println(n.Name())

	var e interface{} = 42
	i, ok := e.(int)
	println(i, ok)
	str, ok2 := e.(string)
	println(str == "", ok2)
	println(kind(nil), kind(1), kind(int8(2)), kind("x"), kind(Rect{}), kind(E{"bad"}),
		kind(1.5), kind(Celsius(3)))

	var a, b interface{} = 1, 1
	println(a == b, a != b, a == 2, e == 42, a == nil)
	sh, ok3 := e.(Shape)
	println(sh == nil, ok3)
	var x interface{} = &Sq{3}
	if q, ok := x.(Shape); ok {
		println(q.Area())
	}
	w := Wrap{Rect{5, 5}, 1}
	println(w.Area())
	var ws Shape = w
	println(ws.Name(), ws.Area())
	var err error = E{"boom"}
	println(err.Error())
	var r1, r2 interface{} = Rect{1, 2}, Rect{1, 2}
	println(r1 == r2, r1 == interface{}(Rect{2, 1}))
	var s1, s2 Shape = &Sq{1}, &Sq{1}
	println(s1 == s2, s1 == s1)

	var rw ReadWriter = &Buf{}
	rw.Write(5)
	rw.Write(6)
	var rd Reader = rw
	println(rd.Read(), rw.Read(), rd.Read())
	var wr Writer = rw
	wr.Write(1)
	println(rw.(Reader).Read())

	big := Big{1, 2, 3, 4, "big"}
	var bn Named = big
	big.s = "changed"
	println(bn.Name(), bn.(Big).a)

	var fs []interface{} = []interface{}{1, "two", 3.5, Rect{1, 1}, nil, true}
	for _, v := range fs {
		print(kind(v), ";")
	}
	println()

	var ei interface{}
	var ni Named
	println(ei == nil, ni == nil)
	ni = Celsius(1)
	ei = ni
	println(ei.(Named).Name(), ei.(Celsius) == 1)
	var empty struct{}
	var z interface{} = empty
	println(z == interface{}(struct{}{}))
	println(e.(string))
}
