// run

// goto and labels: backward jumps make loops, forward jumps skip code, gotos leave
// nested blocks and loops, and a label may end a block.
package main

func count(n int) int {
	i, sum := 0, 0
loop:
	if i < n {
		sum += i
		i++
		goto loop
	}
	return sum
}

func find(target int) int {
	for i := 0; i < 10; i++ {
		for j := 0; j < 10; j++ {
			if i*j == target {
				goto found
			}
		}
	}
	return -1
found:
	return target
}

func skip(x int) string {
	s := "a"
	if x > 0 {
		goto end
	}
	s += "b"
end:
	s += "c"
	return s
}

func main() {
	println(count(5), count(0))
	println(find(12), find(13*13))
	println(skip(1), skip(0))
	n := 0
	{
		goto inner
	inner:
		n++
	}
	switch n {
	case 1:
		goto done
	}
	println("not printed")
done:
	println("n =", n)
	_ = 0
	goto last
last:
}
