// run

// An unrecovered panic with an error value prints its Error() (a Stringer its String()),
// as gc's printpanics does; the method is found in the dynamic type's method table and
// called by the runtime through runtime.callstringmethod.
package main

type E struct{ code int }

func (e *E) Error() string {
	if e.code == 0 {
		return "no code"
	}
	return "failed with code " + string(rune('0'+e.code))
}

type Level int

func (l Level) String() string { return "level-" + string(rune('0'+int(l))) }

func check(ok bool) error {
	if ok {
		return nil
	}
	return &E{7}
}

func main() {
	println(Level(3).String())
	if err := check(true); err != nil {
		panic(Level(1))
	}
	if err := check(false); err != nil {
		panic(err)
	}
}
