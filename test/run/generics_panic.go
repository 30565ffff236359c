// run

package main

type Stack[T any] struct {
	items []T
}

func Pop[T any](s *Stack[T]) T {
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v
}

func Drain[T any](s *Stack[T], n int) {
	for i := 0; i < n; i++ {
		println(Pop(s))
	}
}

func main() {
	s := &Stack[string]{items: []string{"a", "b"}}
	Drain(s, 3)
}
