// The target's architecture, chosen by the file name's build constraint.

package runtime

// GOARCH is the running program's architecture target.
const GOARCH = "amd64"
