// The target's operating system, chosen by the file name's build constraint.

package runtime

// GOOS is the running program's operating system target.
const GOOS = "linux"
