// Stack queries: Caller, Callers, FuncForPC and CallersFrames, over the program's PC
// table (talpa_pcln, written by the driver from the line tables of the compiled code) as
// runtime/traceback.cpp reads it. Frames inlined into one physical frame are frames of
// their own for Caller and CallersFrames, as in gc; Callers records one return address
// per physical frame.
package runtime

// Defined in runtime/traceback.cpp.
func callerframe(skip int, pc *uintptr, file *string, line *int) int
func callerpcs(skip int, buf *uintptr, n int) int
func funcframe(pc uintptr, i int, name *string, file *string, line *int, entry *uintptr) int

// Caller reports the file and line of the call on the calling goroutine's stack that is
// skip frames up (0: the caller of Caller), and the program counter of that call.
func Caller(skip int) (pc uintptr, file string, line int, ok bool) {
	ok = callerframe(skip+1, &pc, &file, &line) != 0
	return
}

// Callers stores the return program counters of the calling goroutine's frames into pc,
// skipping skip frames (0: Callers itself, 1: its caller), and returns how many it
// stored.
func Callers(skip int, pc []uintptr) int {
	if len(pc) == 0 {
		return 0
	}
	return callerpcs(skip, &pc[0], len(pc))
}

// A Func is a function of the running program.
type Func struct {
	pc    uintptr // a code address in the function (innermost if inlined there)
	entry uintptr
	name  string
}

// FuncForPC returns the function holding code address pc (the innermost of those
// inlined there), or nil.
func FuncForPC(pc uintptr) *Func {
	var name, file string
	var line int
	var entry uintptr
	if funcframe(pc, 0, &name, &file, &line, &entry) == 0 {
		return nil
	}
	return &Func{pc: pc, entry: entry, name: name}
}

// Name returns the function's name, as tracebacks print it.
func (f *Func) Name() string {
	if f == nil {
		return ""
	}
	return f.name
}

// Entry returns the entry address of the function.
func (f *Func) Entry() uintptr {
	if f == nil {
		return 0
	}
	return f.entry
}

// FileLine returns the source file and line of code address pc, which should be in f.
func (f *Func) FileLine(pc uintptr) (file string, line int) {
	var name string
	var entry uintptr
	if funcframe(pc, 0, &name, &file, &line, &entry) == 0 {
		return "?", 0
	}
	return file, line
}

// Frames iterates over the source frames of a slice of return addresses (Callers').
type Frames struct {
	callers []uintptr
	inner   int // the next source frame at callers[0]
}

// Frame is one source frame: the function, file and line of a call.
type Frame struct {
	// PC is the frame's program counter: inside the call instruction.
	PC uintptr
	// Func is the frame's function, nil for a function inlined into another.
	Func     *Func
	Function string // the function's name, as tracebacks print it
	File     string
	Line     int
	Entry    uintptr // the entry address of the physical function
}

// CallersFrames returns the source frames of the return addresses Callers stored.
func CallersFrames(callers []uintptr) *Frames {
	return &Frames{callers: callers}
}

// Next returns the next frame, and whether there are more after it.
func (ci *Frames) Next() (frame Frame, more bool) {
	for len(ci.callers) > 0 {
		pc := ci.callers[0]
		look := pc - 1 // a return address: the call is the instruction before
		var line int
		var entry uintptr
		n := funcframe(look, ci.inner, &frame.Function, &frame.File, &line, &entry)
		if n == 0 {
			ci.callers = ci.callers[1:]
			ci.inner = 0
			continue
		}
		frame.PC = look
		frame.Line = line
		frame.Entry = entry
		if ci.inner == n-1 {
			frame.Func = &Func{pc: look, entry: entry, name: frame.Function}
			ci.callers = ci.callers[1:]
			ci.inner = 0
		} else {
			ci.inner++
		}
		return frame, len(ci.callers) > 0
	}
	return Frame{}, false
}
