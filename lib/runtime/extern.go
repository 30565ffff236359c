// Package runtime is talpa's runtime package: the part of the Go runtime's API that
// programs import as "runtime". It is compiled by talpa with the program; its functions
// without bodies are defined by talpa's C++ runtime (runtime/*.cpp) under the symbol
// runtime.Name, with the compiler's calling convention, and the functions with bodies
// reach the C++ runtime through entry points that take and return only integers and
// pointers, so no C ABI rule for strings, slices or interfaces applies on any target.
package runtime

// Compiler is the name of the toolchain that built the program. talpa reports "gc":
// programs compare it with "gc" or "gccgo" to choose between the two runtimes'
// behaviours, and talpa follows gc's (its messages, tracebacks, panics and type
// strings).
const Compiler = "gc"

// GOROOT-independent: talpa programs carry no Go tree. Version is the Go release whose
// language and runtime talpa implements.
func Version() string { return "go1.19" }

// Error identifies a run-time error: the values the runtime panics with (index out of
// range, nil dereference, failed type assertion, ...) implement it.
type Error interface {
	error
	// RuntimeError is a no-op that distinguishes a run-time error from an ordinary error.
	RuntimeError()
}

// ---- Defined by the C++ runtime ----

// GC runs a garbage collection and blocks until it is complete (runtime/mgc.cpp).
func GC()

// Breakpoint executes a breakpoint trap (runtime/extern.cpp).
func Breakpoint()

// The scheduler's entry points (runtime/proc.cpp).

// Gosched yields the processor, allowing other goroutines to run.
func Gosched()

// Goexit terminates the goroutine that calls it, after running its deferred calls.
func Goexit()

// NumGoroutine returns the number of goroutines that currently exist.
func NumGoroutine() int

// GOMAXPROCS sets the maximum number of CPUs executing simultaneously and returns the
// previous setting; n < 1 leaves it unchanged.
func GOMAXPROCS(n int) int

// NumCPU returns the number of logical CPUs usable by the current process.
func NumCPU() int

// LockOSThread wires the calling goroutine to its current operating system thread.
func LockOSThread()

// UnlockOSThread undoes an earlier call to LockOSThread.
func UnlockOSThread()

// ---- Implemented here ----

// KeepAlive marks its argument as currently reachable: the object x refers to is not
// collected before the point in the program where KeepAlive is called. The call is to
// another object file than the caller's, so x is a live argument up to it.
//
//go:noinline
func KeepAlive(x any) {}

// MemProfileRate controls the fraction of memory allocations recorded in the memory
// profile. talpa has no memory profiler; the variable exists for programs that set it.
var MemProfileRate int = 512 * 1024

// SetFinalizer sets the finalizer associated with obj to the provided finalizer
// function. When the garbage collector finds an unreachable block with an associated
// finalizer, it clears the association and runs finalizer(obj) in a separate goroutine
// (runtime.runfinq); the object is freed by a later collection if the finalizer did not
// make it reachable again. obj must be a pointer to an object allocated by new, a
// composite literal or a make'd value's backing array (or to a global, which is never
// collected: nothing is recorded); finalizer is nil (removing obj's finalizer) or a
// function of one argument to which obj's type can be assigned, with any results, which
// are ignored. Misuse throws, with gc's messages. See docs/runtime/gc.md "Finalizers".
func SetFinalizer(obj any, finalizer any) {
	setfinalizer(&obj, &finalizer)
}

// Defined in runtime/mfinal.cpp: SetFinalizer on the two interface values.
func setfinalizer(obj, finalizer *any)
