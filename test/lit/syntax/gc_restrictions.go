// RUN: %talpa tool parse %s
// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Restrictions gc's parser checks though the grammar allows them: `talpa tool parse`
// (gofmt's view of syntax) accepts the file, `talpa build` reports them as gc does.
package p

type T struct{ *(int) }

func () m()
func (a, b T) n()

func f() {
	for ;; x := 1 {
	}
}

// CHECK: # command-line-arguments
// CHECK-NEXT: gc_restrictions.go:8:17: syntax error: cannot parenthesize embedded type
// CHECK-NEXT: gc_restrictions.go:10:6: method has no receiver
// CHECK-NEXT: gc_restrictions.go:11:6: method has multiple receivers
// CHECK-NEXT: gc_restrictions.go:14:11: syntax error: cannot declare in post statement of for loop
