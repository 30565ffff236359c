// The linux/riscv64 process entry point; mirrors runtime/rt0_linux_riscv64.s.
//
// The kernel enters _start with sp pointing at argc, followed by the argv vector. The
// psABI lets the linker relax accesses to small data relative to gp, so gp must hold
// __global_pointer$ before any compiled code runs; that load itself must not be relaxed
// (it would become gp-relative to a gp not yet set), hence .option norelax. We clear fp
// (s0) and ra so frame-pointer walks stop here, pass argc and &argv[0] in a0/a1, align
// sp to 16 bytes and call rt0_go, which never returns.

	.text
	.globl	_start
	.type	_start, @function
	.p2align 2
_start:
	.option	push
	.option	norelax
	lla	gp, __global_pointer$
	.option	pop
	li	s0, 0
	li	ra, 0
	lw	a0, 0(sp)		// argc (int32)
	addi	a1, sp, 8		// argv
	andi	sp, sp, -16
	call	runtime.rt0_go
	unimp				// rt0_go does not return
	.size	_start, .-_start

	.section .note.GNU-stack,"",@progbits
