// The linux/arm64 process entry point; mirrors runtime/rt0_linux_arm64.s and _rt0_arm64
// in asm_arm64.s.
//
// The kernel enters _start with sp (16-byte aligned) pointing at argc, followed by the
// argv vector. We clear the frame pointer and link register so frame-pointer walks stop
// here, pass argc and &argv[0] in x0/x1 and call rt0_go, which never returns.

	.text
	.globl	_start
	.type	_start, %function
	.p2align 2
_start:
	mov	x29, #0
	mov	x30, #0
	ldr	w0, [sp]		// argc (int32)
	add	x1, sp, #8		// argv
	mov	x2, sp
	and	x2, x2, #~15
	mov	sp, x2
	bl	runtime.rt0_go
	brk	#0			// rt0_go does not return
	.size	_start, .-_start

	.section .note.GNU-stack,"",%progbits
