// sieve: loops, division and remainder (trial division primes count).
package main

func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	for d := 2; d*d <= n; d++ {
		if n%d == 0 {
			return false
		}
	}
	return true
}

func main() {
	count := 0
	for i := 0; i < 3000000; i++ {
		if isPrime(i) {
			count++
		}
	}
	println(count)
}
