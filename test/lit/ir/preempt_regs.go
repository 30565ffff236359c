// RUN: %talpa build -emit-asm -target linux/arm64 -o - %s | %FileCheck %s --check-prefix=ARM64
// RUN: %talpa build -emit-asm -target linux/riscv64 -o - %s | %FileCheck %s --check-prefix=RISCV64

// runtime.asyncPreempt returns to the interrupted instruction through a register that
// compiled Go code never uses (docs/runtime/proc.md "Preemption"): x18 on linux/arm64
// (the target reserves it), gp on riscv64. Under register pressure the allocator must
// still leave them alone.
package main

var sink [40]int

func pressure(n int) {
	a0, a1, a2, a3, a4, a5, a6, a7 := n, n+1, n+2, n+3, n+4, n+5, n+6, n+7
	b0, b1, b2, b3, b4, b5, b6, b7 := n*2, n*3, n*4, n*5, n*6, n*7, n*8, n*9
	c0, c1, c2, c3, c4, c5, c6, c7 := n^1, n^2, n^3, n^4, n^5, n^6, n^7, n^8
	d0, d1, d2, d3, d4, d5, d6, d7 := n|1, n|2, n|3, n|4, n|5, n|6, n|7, n|8
	for i := 0; i < n; i++ {
		a0, a1, a2, a3, a4, a5, a6, a7 = a1+b0, a2+b1, a3+b2, a4+b3, a5+b4, a6+b5, a7+b6, a0+b7
		b0, b1, b2, b3, b4, b5, b6, b7 = b1^c0, b2^c1, b3^c2, b4^c3, b5^c4, b6^c5, b7^c6, b0^c7
		c0, c1, c2, c3, c4, c5, c6, c7 = c1*d0, c2*d1, c3*d2, c4*d3, c5*d4, c6*d5, c7*d6, c0*d7
		d0, d1, d2, d3, d4, d5, d6, d7 = d1+a0, d2+a1, d3+a2, d4+a3, d5+a4, d6+a5, d7+a6, d0+a7
	}
	sink = [40]int{a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7,
		c0, c1, c2, c3, c4, c5, c6, c7, d0, d1, d2, d3, d4, d5, d6, d7}
}

func main() {
	pressure(100)
	println(sink[3])
}

// ARM64: {{^"?main\.pressure"?:}}
// ARM64-NOT: {{\b[xw]18\b}}
// ARM64: .Lfunc_end
// RISCV64: {{^"?main\.pressure"?:}}
// RISCV64-NOT: {{\bgp\b}}
// RISCV64: .Lfunc_end
