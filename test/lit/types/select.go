// RUN: %exit 2 %talpa build -gcflags=-e -o %t %s 2>&1 | %FileCheck %s

// select cases must be sends or receives; at most one default; break and continue
// inside; and which select statements end a function ("missing return").
package p

func f() int { return 0 }

func sel(ch chan int, n int) {
	select {
	case ch <- 1:
	case ch <- "s":
	default:
	case f():
	case n := 1:
	case n > 1:
	default:
	}
L:
	select {
	case ch <- 1:
		break L
	}
	select {
	case ch <- 1:
		continue
	}
	for {
		select {
		case ch <- 2:
			continue L
		}
	}
}

func t1() int {
	select {}
}

func t2(ch chan int) int {
	select {
	case ch <- 1:
		return 1
	default:
		panic("x")
	}
}

func t3(ch chan int) int {
L:
	select {
	case ch <- 1:
		break L
	default:
		panic("x")
	}
}

func t4(ch chan int) int {
	select {
	case ch <- 1:
		break
	default:
		return 1
	}
}

func t5(ch chan int) int {
	for {
		select {
		case ch <- 1:
			break
		}
	}
}

func t6() int {
L:
	goto L
}

func t7() int {
L:
	for {
		break L
	}
}

func t8(s []int) int {
	for range s {
	}
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}select.go:12:13: cannot use "s" (untyped string constant) as int value in send
// CHECK-NEXT: {{.*}}select.go:14:8: select case must be send or receive (possibly with assignment)
// CHECK-NEXT: {{.*}}select.go:15:7: select case must be send or receive (possibly with assignment)
// CHECK-NEXT: {{.*}}select.go:16:9: select case must be send or receive (possibly with assignment)
// CHECK-NEXT: {{.*}}select.go:17:2: multiple defaults (first at {{.*}}select.go:13:2)
// CHECK-NEXT: {{.*}}select.go:26:3: continue is not in a loop
// CHECK-NEXT: {{.*}}select.go:31:13: invalid continue label L
// CHECK-NEXT: {{.*}}select.go:57:1: missing return
// CHECK-NEXT: {{.*}}select.go:66:1: missing return
// CHECK-NEXT: {{.*}}select.go:87:1: missing return
// CHECK-NEXT: {{.*}}select.go:92:1: missing return
// CHECK-NOT: {{.}}
