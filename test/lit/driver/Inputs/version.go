package main

var version = "dev"
var built string
var n = 3
var computed = version + "!"

func main() {
	println(version, built, n, computed)
}
