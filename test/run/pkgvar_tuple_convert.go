// run

package main

type E struct{ s string }

func (e *E) Error() string { return e.s }

func two() (int, *E) { return 7, &E{"boom"} }

var i, e = two()

var a, b any = any(nil).(bool)
var m = map[string]int{"k": 3}
var p, q any = m["k"]
var n, err interface{ Error() string } = nil, nil
var f64, ok2 = any(2.5).(float64)

func main() {
	println(a.(bool), b.(bool))
	println(p.(int), q.(bool))
	println(n == nil, err == nil)
	println(i, e.Error())
	println(f64, ok2)
	var x, y any = any(nil).(bool)
	println(x.(bool), y.(bool))
}
