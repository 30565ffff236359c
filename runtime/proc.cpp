// Process start-up and the main goroutine; mirrors runtime/proc.go (main) and the
// OS-independent half of asm_*.s (rt0_go).
//
// Start-up today, on the one and only thread:
//
//     OS entry (rt0_linux_<arch>.S _start / windows talpa_rt0 / darwin main)
//       -> rt0_go(argc, argv)
//            args(argc, argv); goenvs()        runtime1.cpp, os_<goos>.cpp
//            parsedebugvars()                  GODEBUG, runtime1.cpp
//            mallocinit(); gcinit()            the heap, GOGC; mheap.cpp, mgc.cpp
//            alginit()                         hash keys, fastrand seed (alg.cpp)
//            initsig()                         fault handlers, os_<goos>.cpp
//            startmain(main)                   onto a maxstacksize stack, stack.cpp
//              main()
//                main..init()                  package initialisation of main and deps
//                main.main()
//                exit(0)
//
// gc's rt0_go also sets up g0 and m0 on the OS stack, runs schedinit (GOMAXPROCS, the
// heap, signal handlers), then creates the main goroutine with newproc and starts the
// scheduler with mstart; runtime.main runs on that goroutine, starts sysmon and the GC
// workers, and only then calls the init tasks and main.main. Those steps arrive here with
// the scheduler (DESIGN.md section 4); the order of the calls to Go code will not change.
#include "malloc.h"

namespace runtime {

namespace {

// main runs the Go program: package initialisation, then main.main, then exit(0).
// Returning from main.main ends the process even if other goroutines would still run, as
// in gc. Runs on the main goroutine's stack (mainstack), on the main thread (windows: on
// the thread startmain created). Go: runtime.main.
[[noreturn]] void main() {
  MainInit();
  MainMain();
  if (debug.wbcheck != 0) wbcheckReport();
  exit(0);
}

} // namespace

uintptr_t osstackhi;

// Runs once, on the main thread, on the stack the OS gave the process.
extern "C" void rt0_go(int32_t c, uint8_t **v) {
  // If startmain cannot make the main goroutine's stack, Go code runs on this one,
  // below this frame; the collector scans it up to here.
  osstackhi = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  args(c, v);
  goenvs();
  parsedebugvars();
  if (debug.wbcheck != 0) writeBarrier.enabled = 1; // mbarrier.cpp's test mode
  mallocinit();
  gcinit();
  alginit();
  initsig();
  startmain(main);
}

} // namespace runtime
