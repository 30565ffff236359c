// errorcheck

// Errors marked the way Go's test/ marks them: each ERROR comment's quoted regexps must
// match a diagnostic on its line, and every diagnostic must be claimed. A .go file here with no
// run line is checked this way (tools/errorcheck.py).

package main

type T struct{ a int }

func main() {
	var t T
	t.b = 1          // ERROR "t.b undefined \(type T has no field or method b\)"
	var n int = 1.5  // ERROR "cannot use 1.5 \(untyped float constant\) as int value in variable declaration|truncated"
	var s string = n // ERROR "cannot use n \(variable of type int\) as (type )?string"
	_ = s
}
