// The linux/amd64 process entry point; mirrors runtime/rt0_linux_amd64.s and _rt0_amd64
// in asm_amd64.s.
//
// The kernel enters _start with rsp pointing at argc, followed by the argv vector, and
// no return address. We clear rbp so frame-pointer walks (tracebacks, debuggers) stop
// here, pass argc and &argv[0] in the SysV argument registers, align the stack to 16
// bytes as the ABI requires at a call, and call rt0_go, which never returns.

	.text
	.globl	_start
	.type	_start, @function
	.p2align 4
_start:
	xorl	%ebp, %ebp
	movl	(%rsp), %edi		// argc (int32)
	leaq	8(%rsp), %rsi		// argv
	andq	$-16, %rsp
	call	runtime.rt0_go
	ud2				// rt0_go does not return
	.size	_start, .-_start

// sigreturn is the sa_restorer of every signal handler (os_linux.cpp setsig): a handler
// returns here, with rsp at the kernel's signal frame, and rt_sigreturn restores the
// interrupted context. x86-64 linux delivers no signal without one. Go:
// sigreturn__sigaction (sys_linux_amd64.s).
	.globl	runtime.sigreturn
	.type	runtime.sigreturn, @function
	.p2align 4
runtime.sigreturn:
	movl	$15, %eax		// SYS_rt_sigreturn
	syscall
	ud2				// rt_sigreturn does not return here
	.size	runtime.sigreturn, .-runtime.sigreturn

	.section .note.GNU-stack,"",@progbits
