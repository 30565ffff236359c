// run arg1 arg2

// XFAIL: *

// os.Args and os.Exit: arguments from the recipe reach the program, and a nonzero
// os.Exit status is the process's; deferred calls do not run on os.Exit.
// exitcode 3

package main

import "os"

func main() {
	defer println("not printed")
	println(len(os.Args), os.Args[1], os.Args[2])
	os.Exit(3)
}
