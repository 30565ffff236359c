// RUN: %talpa build '-gcflags=-N -precise=0' -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s
// RUN: %talpa build -gcflags=-precise=0 -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s --check-prefix=OPT

// An element's address after its bounds check is an inbounds GEP (slices, arrays, string
// bytes), so that LLVM can fold a nil check of &s[i] into one of the slice's base pointer.
package main

type P struct{ x, y, m float64 }

// CHECK-LABEL: define {{.*}}@main.elem(
// CHECK: bounds.ok:
// CHECK: getelementptr inbounds <{ double, double, double }>, ptr %{{.*}}, i64 %
func elem(s []P, i int) float64 { return s[i].x }

// CHECK-LABEL: define {{.*}}@main.byte_(
// CHECK: getelementptr inbounds i8, ptr %{{.*}}, i64 %
func byte_(s string, i int) byte { return s[i] }

// Both nil checks of the loop body test the slice's base pointer, not each element's address.
// OPT-LABEL: define {{.*}}@main.pairs(
// OPT-NOT: icmp eq ptr %{{[0-9]+}}, null
// OPT: icmp eq ptr %s.{{.*}}, null
// OPT-NOT: icmp eq ptr %{{[0-9]+}}, null
// OPT: ret
func pairs(s []P) {
	for i := range s {
		a := &s[i]
		for j := i + 1; j < len(s); j++ {
			b := &s[j]
			a.m += b.x
			b.y -= a.x
		}
	}
}

func main() {
	s := []P{{1, 2, 3}, {4, 5, 6}}
	pairs(s)
	println(elem(s, 1), byte_("ab", 1))
}
