// run

// Map operations whose key operand converts to the map's interface key type: index,
// comma-ok, assignment, compound assignment, delete; an unhashable dynamic key panics.

package main

type K interface{}

type Named interface{ Name() string }

type id int

func (i id) Name() string { return "id" }

type pt struct{ x, y int }

func (p pt) Name() string { return "pt" }

func try(f func()) {
	defer func() {
		if e := recover(); e != nil {
			println("panic:", e.(error).Error())
		}
	}()
	f()
}

func main() {
	m := map[K]int{}
	m[1] = 10
	m["s"] = 20
	m[pt{1, 2}] = 30
	var i8 int8 = 1
	m[i8] = 40
	m[1] += 5
	v, ok := m[pt{1, 2}]
	println(m[1], m["s"], v, ok, m[i8], len(m))
	_, ok = m[pt{2, 1}]
	println(ok)
	delete(m, "s")
	println(len(m))

	n := map[Named]string{}
	n[id(3)] = "three"
	n[pt{}] = "zero"
	println(n[id(3)], n[pt{}], n[id(4)] == "")

	k := []int{}
	try(func() { _ = m[k] })
	try(func() { m[k] = 1 })
	try(func() { delete(m, k) })
	try(func() { _, _ = m[map[int]int{}] })
}
