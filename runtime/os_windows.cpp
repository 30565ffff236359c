// The windows OS layer: kernel32 imports only; mirrors runtime/os_windows.go and
// mem_windows.go.
//
// A talpa windows executable is a console-subsystem PE file whose entry point is
// talpa_rt0 (the linker passes /entry:talpa_rt0; there is no C runtime, so nothing runs
// before it). Every DLL function the runtime calls is listed in os_windows_imports.def,
// from which the linker generates the import library; they are declared below with their
// Win64 signatures as dllimport, so calls go through the import address table
// (__imp_<name>). A static_assert per list entry checks that each listed import is
// declared here; one declared but not listed fails at link time.
//
// Windows gives the process its command line as one UTF-16 string, not a vector. Start-up
// converts it to UTF-8 and splits it with the rules of the Microsoft C runtime
// (CommandLineToArgvW), so argv looks as it does on unix; the environment block (UTF-16
// "k=v" strings, ended by an empty one) becomes envs the same way. The memory comes from
// persistentalloc, outside the collected heap, and lives as long as the process.
//
// Faults: initsig adds a vectored exception handler (first in line, as gc's
// initExceptionHandler does), which takes the exceptions gc's isgoexception accepts when
// they happen inside the executable's image, decodes EXCEPTION_RECORD and CONTEXT into a
// sigfault and reports through sigpanic (signal.cpp). Anything else that no one handles
// reaches the unhandled-exception filter, which prints gc's winthrow report ("Exception
// 0xc0000005 0x0 0x8 0x7ff...", "PC=...") and exits 2; SetErrorMode turns off the
// Windows Error Reporting dialog, as gc's disableWER does.
//
// The main goroutine runs on a thread of its own created with a maxstacksize stack
// reservation (startmain): windows keeps each thread's stack bounds in its TEB, grows
// the stack through guard pages and raises EXCEPTION_STACK_OVERFLOW when the reservation
// is used up, on the same stack. SetThreadStackGuarantee keeps 64 KiB in reserve for the
// handler then. The original thread only waits; the process ends with ExitProcess.
//
// Not yet: print output is written with WriteFile as UTF-8 bytes, also to a console
// (gc converts to UTF-16 and uses WriteConsoleW there, so non-ASCII text shows correctly).
#include "malloc.h"
#include "proc.h"

namespace runtime::win {

using BOOL = int32_t;
using DWORD = uint32_t;
using HANDLE = void *;
using WCHAR = uint16_t;

extern "C" {
__attribute__((dllimport, noreturn)) void ExitProcess(uint32_t uExitCode);
__attribute__((dllimport)) HANDLE GetStdHandle(DWORD nStdHandle);
__attribute__((dllimport)) BOOL WriteFile(HANDLE hFile, const void *lpBuffer,
                                          DWORD nNumberOfBytesToWrite,
                                          DWORD *lpNumberOfBytesWritten, void *lpOverlapped);
__attribute__((dllimport)) WCHAR *GetCommandLineW();
__attribute__((dllimport)) WCHAR *GetEnvironmentStringsW();
__attribute__((dllimport)) void *VirtualAlloc(void *lpAddress, uintptr_t dwSize,
                                              DWORD flAllocationType, DWORD flProtect);
__attribute__((dllimport)) BOOL VirtualFree(void *lpAddress, uintptr_t dwSize, DWORD dwFreeType);
__attribute__((dllimport)) void *AddVectoredExceptionHandler(uint32_t First,
                                                             int32_t (*Handler)(void *));
__attribute__((dllimport)) void *SetUnhandledExceptionFilter(int32_t (*Filter)(void *));
__attribute__((dllimport)) uint32_t SetErrorMode(uint32_t uMode);
__attribute__((dllimport)) void RtlCaptureContext(void *ContextRecord);
__attribute__((dllimport)) void *RtlLookupFunctionEntry(uintptr_t ControlPc, uintptr_t *ImageBase,
                                                        void *HistoryTable);
__attribute__((dllimport)) void *RtlVirtualUnwind(DWORD HandlerType, uintptr_t ImageBase,
                                                  uintptr_t ControlPc, void *FunctionEntry,
                                                  void *ContextRecord, void **HandlerData,
                                                  uintptr_t *EstablisherFrame,
                                                  void *ContextPointers);
__attribute__((dllimport)) HANDLE CreateThread(void *lpThreadAttributes, uintptr_t dwStackSize,
                                               DWORD (*lpStartAddress)(void *), void *lpParameter,
                                               DWORD dwCreationFlags, DWORD *lpThreadId);
__attribute__((dllimport)) DWORD WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
__attribute__((dllimport)) BOOL SetThreadStackGuarantee(uint32_t *StackSizeInBytes);
__attribute__((dllimport)) void GetCurrentThreadStackLimits(uintptr_t *LowLimit,
                                                            uintptr_t *HighLimit);
__attribute__((dllimport)) HANDLE LoadLibraryExW(const WCHAR *lpLibFileName, HANDLE hFile,
                                                 DWORD dwFlags);
__attribute__((dllimport)) void *GetProcAddress(HANDLE hModule, const char *lpProcName);
__attribute__((dllimport)) BOOL FreeLibrary(HANDLE hLibModule);
__attribute__((dllimport)) BOOL TerminateProcess(HANDLE hProcess, uint32_t uExitCode);
__attribute__((dllimport)) BOOL QueryPerformanceCounter(int64_t *lpPerformanceCount);
__attribute__((dllimport)) BOOL QueryPerformanceFrequency(int64_t *lpFrequency);
__attribute__((dllimport)) DWORD TlsAlloc();
// SYSTEM_INFO, read at the offset of dwNumberOfProcessors.
__attribute__((dllimport)) void GetSystemInfo(void *lpSystemInfo);
__attribute__((dllimport)) void Sleep(DWORD dwMilliseconds);
// Preemption (preemptM).
__attribute__((dllimport)) DWORD SuspendThread(HANDLE hThread);
__attribute__((dllimport)) DWORD ResumeThread(HANDLE hThread);
__attribute__((dllimport)) BOOL GetThreadContext(HANDLE hThread, void *lpContext);
__attribute__((dllimport)) BOOL SetThreadContext(HANDLE hThread, const void *lpContext);
__attribute__((dllimport)) BOOL DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle,
                                                HANDLE hTargetProcessHandle, HANDLE *lpTargetHandle,
                                                DWORD dwDesiredAccess, BOOL bInheritHandle,
                                                DWORD dwOptions);
__attribute__((dllimport)) DWORD GetCurrentThreadId();
// Ms that end (mexit).
__attribute__((dllimport, noreturn)) void ExitThread(DWORD dwExitCode);
__attribute__((dllimport)) BOOL CloseHandle(HANDLE hObject);
}

#define WINDOWS_IMPORT(dll, name)                                                                  \
  static_assert(sizeof(&name) == sizeof(void *), #name " is listed but not declared");
#include "os_windows_imports.def"
#undef WINDOWS_IMPORT

constexpr DWORD STD_OUTPUT_HANDLE = static_cast<DWORD>(-11);
constexpr DWORD STD_ERROR_HANDLE = static_cast<DWORD>(-12);
constexpr DWORD MEM_COMMIT = 0x1000;
constexpr DWORD MEM_RESERVE = 0x2000;
constexpr DWORD MEM_RELEASE = 0x8000;
constexpr DWORD PAGE_READWRITE = 0x04;
constexpr DWORD STACK_SIZE_PARAM_IS_A_RESERVATION = 0x00010000;
constexpr DWORD INFINITE = 0xFFFFFFFF;
constexpr uint32_t SEM_FAILCRITICALERRORS = 0x0001;
constexpr uint32_t SEM_NOGPFAULTERRORBOX = 0x0002;
constexpr uint32_t SEM_NOOPENFILEERRORBOX = 0x8000;
constexpr int32_t EXCEPTION_CONTINUE_SEARCH = 0;
constexpr int32_t EXCEPTION_CONTINUE_EXECUTION = -1;
constexpr DWORD LOAD_LIBRARY_SEARCH_SYSTEM32 = 0x00000800;

// Exception codes. Go: defs_windows.go.
constexpr DWORD EXCEPTION_ACCESS_VIOLATION = 0xC0000005;
constexpr DWORD EXCEPTION_IN_PAGE_ERROR = 0xC0000006;
constexpr DWORD EXCEPTION_BREAKPOINT = 0x80000003;
constexpr DWORD EXCEPTION_ILLEGAL_INSTRUCTION = 0xC000001D;
constexpr DWORD EXCEPTION_FLT_DENORMAL_OPERAND = 0xC000008D;
constexpr DWORD EXCEPTION_FLT_DIVIDE_BY_ZERO = 0xC000008E;
constexpr DWORD EXCEPTION_FLT_INEXACT_RESULT = 0xC000008F;
constexpr DWORD EXCEPTION_FLT_OVERFLOW = 0xC0000091;
constexpr DWORD EXCEPTION_FLT_UNDERFLOW = 0xC0000093;
constexpr DWORD EXCEPTION_INT_DIVIDE_BY_ZERO = 0xC0000094;
constexpr DWORD EXCEPTION_INT_OVERFLOW = 0xC0000095;
constexpr DWORD EXCEPTION_STACK_OVERFLOW = 0xC00000FD;

// EXCEPTION_RECORD and EXCEPTION_POINTERS (winnt.h), 64-bit. Go: exceptionrecord.
struct EXCEPTION_RECORD {
  DWORD ExceptionCode;
  DWORD ExceptionFlags;
  EXCEPTION_RECORD *ExceptionRecord;
  void *ExceptionAddress;
  DWORD NumberParameters;
  uintptr_t ExceptionInformation[15];
};
static_assert(__builtin_offsetof(EXCEPTION_RECORD, ExceptionInformation) == 32);
struct EXCEPTION_POINTERS {
  EXCEPTION_RECORD *ExceptionRecord;
  uint8_t *ContextRecord; // CONTEXT, read at the offsets below
};

// Where CONTEXT (winnt.h) keeps the stack pointer, pc and frame pointer. Go: context
// (defs_windows_<arch>.go).
#if defined(GOARCH_amd64)
constexpr uintptr_t CONTEXT_SP = 0x98; // Rsp
constexpr uintptr_t CONTEXT_PC = 0xF8; // Rip
constexpr uintptr_t CONTEXT_FP = 0xA0; // Rbp
constexpr uintptr_t CONTEXT_SIZE = 1232;
#elif defined(GOARCH_arm64)
constexpr uintptr_t CONTEXT_SP = 0x100; // Sp, after ContextFlags, Cpsr and X0-X30
constexpr uintptr_t CONTEXT_PC = 0x108; // Pc
constexpr uintptr_t CONTEXT_FP = 0xF0;  // Fp (X29)
constexpr uintptr_t CONTEXT_LR = 0xF8;  // Lr (X30)
constexpr uintptr_t CONTEXT_SIZE = 912;
#else
#error "os_windows.cpp: no CONTEXT layout for this GOARCH"
#endif

} // namespace runtime::win

// The image's own PE header, placed here by the linker (lld-link and link.exe).
extern "C" const uint8_t __ImageBase[];

// The MSVC ABI makes every object file that uses floating point refer to _fltused (the C
// runtime defines it to pull in its float support). We have no C runtime; define it.
extern "C" int _fltused;
extern "C" int _fltused = 0;

namespace runtime {

namespace {

// decodeutf16 calls emit with each UTF-8 byte of the n UTF-16 units at s; unpaired
// surrogates become U+FFFD, as with Go's utf16.Decode.
template <typename Emit> void decodeutf16(const win::WCHAR *s, intptr_t n, Emit emit) {
  for (intptr_t i = 0; i < n; i++) {
    uint32_t r = s[i];
    if (r >= 0xD800 && r < 0xDC00 && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) {
      r = 0x10000 + ((r - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      i++;
    } else if (r >= 0xD800 && r < 0xE000) {
      r = 0xFFFD;
    }
    if (r < 0x80) {
      emit(static_cast<uint8_t>(r));
    } else if (r < 0x800) {
      emit(static_cast<uint8_t>(0xC0 | r >> 6));
      emit(static_cast<uint8_t>(0x80 | (r & 0x3F)));
    } else if (r < 0x10000) {
      emit(static_cast<uint8_t>(0xE0 | r >> 12));
      emit(static_cast<uint8_t>(0x80 | (r >> 6 & 0x3F)));
      emit(static_cast<uint8_t>(0x80 | (r & 0x3F)));
    } else {
      emit(static_cast<uint8_t>(0xF0 | r >> 18));
      emit(static_cast<uint8_t>(0x80 | (r >> 12 & 0x3F)));
      emit(static_cast<uint8_t>(0x80 | (r >> 6 & 0x3F)));
      emit(static_cast<uint8_t>(0x80 | (r & 0x3F)));
    }
  }
}

intptr_t wlen(const win::WCHAR *s) {
  intptr_t n = 0;
  while (s[n] != 0)
    n++;
  return n;
}

// utf16to8 returns a NUL-terminated UTF-8 copy of the n UTF-16 units at s.
uint8_t *utf16to8(const win::WCHAR *s, intptr_t n) {
  intptr_t len = 0;
  decodeutf16(s, n, [&](uint8_t) { len++; });
  auto *out = static_cast<uint8_t *>(persistentalloc(static_cast<uintptr_t>(len) + 1, 1));
  intptr_t i = 0;
  decodeutf16(s, n, [&](uint8_t b) { out[i++] = b; });
  out[len] = 0;
  return out;
}

// splitcommandline splits the UTF-8 command line s with CommandLineToArgvW's rules and
// returns the number of arguments. With out and av non-null it also writes each argument,
// NUL-terminated, into out (which needs at most findnull(s) + 2 bytes) and its start into
// av[i]. The rules:
//   - argv[0], the program name, ends at the first space or tab, or, if it starts with a
//     quote, at the next quote; backslashes are literal in it.
//   - Later arguments are separated by spaces and tabs outside quotes. 2n backslashes then
//     a quote give n backslashes and toggle quoting; 2n+1 backslashes then a quote give n
//     backslashes and a literal quote; backslashes before anything else are literal. Inside
//     quotes, "" gives a literal quote and stays quoted.
int32_t splitcommandline(const uint8_t *s, uint8_t *out, uint8_t **av) {
  int32_t n = 0;
  intptr_t o = 0;
  auto put = [&](uint8_t b) {
    if (out != nullptr) out[o] = b;
    o++;
  };
  auto begin = [&]() {
    if (av != nullptr) av[n] = out + o;
    n++;
  };
  auto isspace = [](uint8_t c) { return c == ' ' || c == '\t'; };

  // argv[0]
  if (*s != 0) {
    begin();
    if (*s == '"') {
      for (s++; *s != 0 && *s != '"'; s++)
        put(*s);
      if (*s == '"') s++;
    } else {
      for (; *s != 0 && !isspace(*s); s++)
        put(*s);
    }
    put(0);
  }
  for (;;) {
    while (isspace(*s))
      s++;
    if (*s == 0) break;
    begin();
    bool quoted = false;
    while (*s != 0 && (quoted || !isspace(*s))) {
      if (*s == '\\') {
        intptr_t nbs = 0;
        while (*s == '\\')
          s++, nbs++;
        if (*s == '"') {
          for (intptr_t i = 0; i < nbs / 2; i++)
            put('\\');
          if (nbs % 2 == 1) {
            put('"');
            s++;
          }
          // An even count leaves the quote for the next iteration to toggle.
        } else {
          for (intptr_t i = 0; i < nbs; i++)
            put('\\');
        }
        continue;
      }
      if (*s == '"') {
        if (quoted && s[1] == '"') {
          put('"');
          s += 2;
          continue;
        }
        quoted = !quoted;
        s++;
        continue;
      }
      put(*s++);
    }
    put(0);
  }
  return n;
}

} // namespace

// write1 writes to the standard output or error handle. Runs on any thread.
int32_t write1(uintptr_t fd, const void *p, int32_t n) {
  win::HANDLE h = win::GetStdHandle(fd == 1 ? win::STD_OUTPUT_HANDLE : win::STD_ERROR_HANDLE);
  // No console or redirection (a GUI process): the output goes nowhere, as in gc.
  if (h == nullptr || h == reinterpret_cast<win::HANDLE>(-1)) return -1;
  auto *b = static_cast<const uint8_t *>(p);
  int32_t done = 0;
  while (done < n) {
    win::DWORD w = 0;
    if (!win::WriteFile(h, b + done, static_cast<win::DWORD>(n - done), &w, nullptr) || w == 0) {
      return done > 0 ? done : -1;
    }
    done += static_cast<int32_t>(w);
  }
  return done;
}

namespace {
// Held by preemptM while it has a thread suspended; exit takes it for good (preemptM).
// The holder's thread id, 0 when free.
uint32_t suspendlock;

// takesuspendlock waits until the lock is free and takes it; true if this thread held it
// already (a fault in exit or in preemptM, reported through exit).
bool takesuspendlock() {
  win::DWORD me = win::GetCurrentThreadId();
  for (;;) {
    uint32_t cur = 0;
    if (__atomic_compare_exchange_n(&suspendlock, &cur, me, false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED))
      return false;
    if (cur == me) return true;
    win::Sleep(0);
  }
}
} // namespace

void exit(int32_t code) {
  // No thread may be suspended for preemption from here on: one suspended while the
  // process ends could hold its end up, and a suspension requested while the process
  // ends can leave the requesting thread waiting in wine's server for good (gc: exit's
  // suspendLock). preemptM holds the lock only for a few system calls; a second exit
  // (a fault in the first, or in preemptM) finds it its own.
  takesuspendlock();
  // A fatal error may be reported on an exhausted stack (a stack overflow's handler runs
  // in the last guard pages): ExitProcess then overflows again in the loader's shutdown
  // work and the process dies with another status. TerminateProcess of the current
  // process (the pseudo-handle -1) ends it at once with `code`; there is no C runtime
  // whose buffers would need flushing.
  win::TerminateProcess(reinterpret_cast<win::HANDLE>(intptr_t(-1)), static_cast<uint32_t>(code));
  win::ExitProcess(static_cast<uint32_t>(code));
}

// sysAlloc reserves and commits n bytes, which windows zeroes. Go: sysAlloc
// (mem_windows.go). Runs on any thread; the caller (the heap) serialises.
void *sysAlloc(uintptr_t n) {
  return win::VirtualAlloc(nullptr, n, win::MEM_COMMIT | win::MEM_RESERVE, win::PAGE_READWRITE);
}

// sysReserveAligned reserves n + align bytes to learn where an aligned range lies, gives
// them back and reserves exactly that range, retrying if another thread took it (windows
// cannot release part of a reservation). Runs on any thread; the caller serialises.
void *sysReserveAligned(uintptr_t n, uintptr_t align) {
  for (int tries = 0; tries < 16; tries++) {
    void *p = win::VirtualAlloc(nullptr, n + align, win::MEM_RESERVE, win::PAGE_READWRITE);
    if (p == nullptr) return nullptr;
    uintptr_t base = (reinterpret_cast<uintptr_t>(p) + align - 1) & ~(align - 1);
    win::VirtualFree(p, 0, win::MEM_RELEASE);
    void *q =
        win::VirtualAlloc(reinterpret_cast<void *>(base), n, win::MEM_RESERVE, win::PAGE_READWRITE);
    if (q == reinterpret_cast<void *>(base)) return q;
    if (q != nullptr) win::VirtualFree(q, 0, win::MEM_RELEASE);
  }
  return nullptr;
}

// Commits [p, p+n) of a reservation; windows zeroes committed pages. Go: sysMap.
bool sysMap(void *p, uintptr_t n) {
  return win::VirtualAlloc(p, n, win::MEM_COMMIT, win::PAGE_READWRITE) != nullptr;
}

void sysFree(void *p, uintptr_t n) {
  (void)n; // MEM_RELEASE frees the whole reservation made at p
  win::VirtualFree(p, 0, win::MEM_RELEASE);
}

// The performance counter, scaled without overflowing for counters of any frequency.
// Go: nanotime1 (which reads the interrupt time from KUSER_SHARED_DATA). Runs anywhere.
int64_t nanotime() {
  static int64_t freq;
  if (freq == 0) win::QueryPerformanceFrequency(&freq);
  int64_t c = 0;
  win::QueryPerformanceCounter(&c);
  return c / freq * 1000000000 + c % freq * 1000000000 / freq;
}

namespace {

uintptr_t contextreg(const uint8_t *ctx, uintptr_t off) {
  uintptr_t v;
  __builtin_memcpy(&v, ctx + off, sizeof v);
  return v;
}

// inimage says whether pc lies in the executable's image, that is in Go or runtime code
// (talpa links statically: nothing else is in the image). Go: isgoexception's text
// range check. Runs in an exception handler.
bool inimage(uintptr_t pc) {
  const uint8_t *base = __ImageBase;
  uint32_t lfanew, size;
  __builtin_memcpy(&lfanew, base + 0x3C, 4);
  // PE signature (4) + IMAGE_FILE_HEADER (20), then SizeOfImage at offset 56 of the
  // PE32+ optional header.
  __builtin_memcpy(&size, base + lfanew + 4 + 20 + 56, 4);
  auto b = reinterpret_cast<uintptr_t>(base);
  return pc >= b && pc < b + size;
}

void setcontextreg(uint8_t *ctx, uintptr_t off, uintptr_t v) {
  __builtin_memcpy(ctx + off, &v, sizeof v);
}

} // namespace

static_assert(sizeof(winframes::context) >= win::CONTEXT_SIZE);

// The traceback's unwinder: RtlVirtualUnwind replays a frame's prologue backwards from its
// unwind codes (.pdata/.xdata; talpa asks LLVM for them on every windows function), giving
// the caller's registers. A function without unwind data is a leaf that keeps its return
// address where the call left it: at the stack pointer on amd64, in the link register on
// arm64. Runs on the goroutine being traced, or in an exception handler.
void winunwindstart(winframes &w, const void *context) {
  if (context != nullptr)
    __builtin_memcpy(w.context, context, win::CONTEXT_SIZE);
  else
    win::RtlCaptureContext(w.context);
}

// The registers gogo saved at sp (asm.cpp's save areas) as a CONTEXT: where a goroutine
// that is not running resumes.
void winunwindsaved(winframes &w, uintptr_t sp) {
  __builtin_memset(w.context, 0, sizeof w.context);
  auto *a = reinterpret_cast<const uintptr_t *>(sp);
#if defined(GOARCH_amd64)
  // r15 r14 r13 r12 rsi rdi rbx rbp ret after 20 words of xmm6-xmm15.
  constexpr uintptr_t Rbx = 0x90, Rsi = 0xA8, Rdi = 0xB0, R12 = 0xD8;
  setcontextreg(w.context, R12 + 24, a[20]);
  setcontextreg(w.context, R12 + 16, a[21]);
  setcontextreg(w.context, R12 + 8, a[22]);
  setcontextreg(w.context, R12, a[23]);
  setcontextreg(w.context, Rsi, a[24]);
  setcontextreg(w.context, Rdi, a[25]);
  setcontextreg(w.context, Rbx, a[26]);
  setcontextreg(w.context, win::CONTEXT_FP, a[27]);
  setcontextreg(w.context, win::CONTEXT_PC, a[28]);
  setcontextreg(w.context, win::CONTEXT_SP, sp + 29 * 8);
#else
  // x19-x28 x29 x30, then d8-d15.
  for (uintptr_t i = 0; i < 10; i++)
    setcontextreg(w.context, 8 + 8 * (19 + i), a[i]);
  setcontextreg(w.context, win::CONTEXT_FP, a[10]);
  setcontextreg(w.context, win::CONTEXT_LR, a[11]);
  setcontextreg(w.context, win::CONTEXT_PC, a[11]);
  setcontextreg(w.context, win::CONTEXT_SP, sp + 160);
#endif
}

bool winunwindnext(winframes &w) {
  uintptr_t pc = contextreg(w.context, win::CONTEXT_PC);
  uintptr_t sp = contextreg(w.context, win::CONTEXT_SP);
  if (!inimage(pc)) return false;
  uintptr_t base = 0;
  void *entry = win::RtlLookupFunctionEntry(pc, &base, nullptr);
  if (entry != nullptr) {
    void *handler = nullptr;
    uintptr_t establisher = 0;
    win::RtlVirtualUnwind(0 /* UNW_FLAG_NHANDLER */, base, pc, entry, w.context, &handler,
                          &establisher, nullptr);
  } else {
#if defined(GOARCH_amd64)
    setcontextreg(w.context, win::CONTEXT_PC, *reinterpret_cast<const uintptr_t *>(sp));
    setcontextreg(w.context, win::CONTEXT_SP, sp + 8);
#else
    setcontextreg(w.context, win::CONTEXT_PC, contextreg(w.context, win::CONTEXT_LR));
#endif
  }
  uintptr_t next = contextreg(w.context, win::CONTEXT_PC);
  // A frame that does not move up the stack would repeat forever.
  return next != 0 && contextreg(w.context, win::CONTEXT_SP) > sp - (entry ? 0 : 1);
}

uintptr_t winunwindpc(const winframes &w) { return contextreg(w.context, win::CONTEXT_PC); }
uintptr_t winunwindsp(const winframes &w) { return contextreg(w.context, win::CONTEXT_SP); }

namespace {

// The context of the fault being turned into a panic (one thread until the scheduler).
alignas(16) uint8_t faultcontext[win::CONTEXT_SIZE];

// exceptionhandler is the vectored handler: gc's exceptionhandler + sigpanic for the
// exceptions a Go program raises in its own code; everything else is left to whoever
// handles it (a DLL's own __try) and, failing that, to lastcontinuehandler. Runs on the
// faulting thread's stack (for a stack overflow, in the guaranteed reserve).
int32_t exceptionhandler(void *p) {
  auto *ep = static_cast<win::EXCEPTION_POINTERS *>(p);
  const win::EXCEPTION_RECORD *er = ep->ExceptionRecord;
  sigfault f{};
  f.sig = er->ExceptionCode;
  f.code = er->NumberParameters > 0 ? er->ExceptionInformation[0] : 0;
  f.addr = er->NumberParameters > 1 ? er->ExceptionInformation[1] : 0;
  f.pc = contextreg(ep->ContextRecord, win::CONTEXT_PC);
  f.sp = contextreg(ep->ContextRecord, win::CONTEXT_SP);
  f.fp = contextreg(ep->ContextRecord, win::CONTEXT_FP);
  f.context = ep->ContextRecord;
  switch (f.sig) {
  case win::EXCEPTION_ACCESS_VIOLATION:
  case win::EXCEPTION_IN_PAGE_ERROR:
    f.kind = sigkind::mem;
    break;
  case win::EXCEPTION_STACK_OVERFLOW:
    f.kind = sigkind::stackoverflow;
    break;
  case win::EXCEPTION_INT_DIVIDE_BY_ZERO:
    f.kind = sigkind::intdiv;
    break;
  case win::EXCEPTION_INT_OVERFLOW:
    f.kind = sigkind::intovf;
    break;
  case win::EXCEPTION_FLT_DENORMAL_OPERAND:
  case win::EXCEPTION_FLT_DIVIDE_BY_ZERO:
  case win::EXCEPTION_FLT_INEXACT_RESULT:
  case win::EXCEPTION_FLT_OVERFLOW:
  case win::EXCEPTION_FLT_UNDERFLOW:
    f.kind = sigkind::floaterr;
    break;
  case win::EXCEPTION_BREAKPOINT:
  case win::EXCEPTION_ILLEGAL_INSTRUCTION: // a breakpoint arrives this way on arm64
    f.kind = sigkind::throwfault;
    break;
  default:
    return win::EXCEPTION_CONTINUE_SEARCH;
  }
  if (!inimage(f.pc)) return win::EXCEPTION_CONTINUE_SEARCH;
  // The panic's traceback starts from the fault's context, which the system frees when
  // the handler returns: keep a copy.
  __builtin_memcpy(faultcontext, ep->ContextRecord, win::CONTEXT_SIZE);
  f.context = faultcontext;
  if (sigtopanic(f)) {
    // The thread resumes in sigpanictramp, called from the faulting pc. Go:
    // preparePanic (signal_windows.go).
    uint8_t *c = ep->ContextRecord;
#if defined(GOARCH_amd64)
    uintptr_t sp = contextreg(c, win::CONTEXT_SP) - 8;
    *reinterpret_cast<uintptr_t *>(sp) = f.pc;
    setcontextreg(c, win::CONTEXT_SP, sp);
#else
    setcontextreg(c, win::CONTEXT_LR, f.pc);
#endif
    setcontextreg(c, win::CONTEXT_PC, reinterpret_cast<uintptr_t>(sigpanictramp));
    return win::EXCEPTION_CONTINUE_EXECUTION;
  }
  sigpanic(f);
}

// lastcontinuehandler reports an exception no one handled, in gc's winthrow words, and
// exits 2. Go: lastcontinuehandler + winthrow. Runs on the faulting thread's stack.
int32_t lastcontinuehandler(void *p) {
  auto *ep = static_cast<win::EXCEPTION_POINTERS *>(p);
  const win::EXCEPTION_RECORD *er = ep->ExceptionRecord;
  uintptr_t pc = contextreg(ep->ContextRecord, win::CONTEXT_PC);
  startpanic();
  printcstr("Exception ");
  printhex(er->ExceptionCode);
  printcstr(" ");
  printhex(er->NumberParameters > 0 ? er->ExceptionInformation[0] : 0);
  printcstr(" ");
  printhex(er->NumberParameters > 1 ? er->ExceptionInformation[1] : 0);
  printcstr(" ");
  printhex(pc);
  printcstr("\nPC=");
  printhex(pc);
  printcstr("\n\n");
  // gc continues with the traceback and a register dump (future work).
  exit(2);
}

// mainthread is the main goroutine's thread (startmain). Runs on the new thread.
win::DWORD mainthread(void *fn) {
  // Leave 64 KiB of the stack to the exception handler when the rest overflows.
  uint32_t guarantee = 64 << 10;
  win::SetThreadStackGuarantee(&guarantee);
  uintptr_t lo = 0, hi = 0;
  win::GetCurrentThreadStackLimits(&lo, &hi);
  mainstack.lo = lo;
  mainstack.hi = hi;
  reinterpret_cast<void (*)()>(fn)();
  return 0; // not reached: fn does not return
}

} // namespace

// Go: initExceptionHandler + disableWER. Runs once, on the main thread, before any Go
// code.
void initsig() {
  uint32_t mode = win::SetErrorMode(win::SEM_NOGPFAULTERRORBOX);
  win::SetErrorMode(mode | win::SEM_FAILCRITICALERRORS | win::SEM_NOGPFAULTERRORBOX |
                    win::SEM_NOOPENFILEERRORBOX);
  win::AddVectoredExceptionHandler(1, exceptionhandler);
  win::SetUnhandledExceptionFilter(lastcontinuehandler);
}

// If the thread cannot be created, fn runs on the OS's main thread stack (1 MiB by the
// PE header's default). Runs once, on the main thread.
void startmain(void (*fn)()) {
  win::HANDLE h = win::CreateThread(nullptr, maxstacksize, mainthread, reinterpret_cast<void *>(fn),
                                    win::STACK_SIZE_PARAM_IS_A_RESERVATION, nullptr);
  if (h == nullptr) {
    fn();
    exit(0); // not reached
  }
  // The process ends when fn calls exit (ExitProcess), on the new thread.
  for (;;)
    win::WaitForSingleObject(h, win::INFINITE);
}

// goenvs converts the UTF-16 environment block into envs. Runs once at start-up.
// Go: goenvs (os_windows.go).
void goenvs() {
  const win::WCHAR *block = win::GetEnvironmentStringsW();
  int32_t n = 0;
  if (block != nullptr) {
    for (const win::WCHAR *p = block; *p != 0; p += wlen(p) + 1)
      n++;
  }
  envs = static_cast<uint8_t **>(
      persistentalloc(sizeof(uint8_t *) * (static_cast<uintptr_t>(n) + 1), 8));
  int32_t i = 0;
  if (block != nullptr) {
    for (const win::WCHAR *p = block; *p != 0; p += wlen(p) + 1)
      envs[i++] = utf16to8(p, wlen(p));
  }
  envs[i] = nullptr;
  nenvs = n;
  // The block stays allocated (FreeEnvironmentStringsW is not imported): it is read once.
}

// getRandomData calls advapi32's RtlGenRandom (exported as SystemFunction036), found at
// run time as gc 1.19 does, so that the executable imports kernel32 alone. Go:
// getRandomData + loadOptionalSyscalls (os_windows.go). Runs anywhere.
uintptr_t getRandomData(uint8_t *r, uintptr_t n) {
  static const char16_t advapi32[] = u"advapi32.dll";
  win::HANDLE lib = win::LoadLibraryExW(reinterpret_cast<const win::WCHAR *>(advapi32), nullptr,
                                        win::LOAD_LIBRARY_SEARCH_SYSTEM32);
  if (lib == nullptr) return 0;
  void *fn = win::GetProcAddress(lib, "SystemFunction036");
  uintptr_t done = 0;
  if (fn != nullptr) {
    auto rtlGenRandom = reinterpret_cast<uint8_t (*)(void *, uint32_t)>(fn);
    while (done < n) {
      uint32_t chunk = n - done > 0x10000000 ? 0x10000000 : static_cast<uint32_t>(n - done);
      if (rtlGenRandom(r + done, chunk) == 0) break;
      done += chunk;
    }
  }
  // Unloaded again: nothing else calls into it.
  win::FreeLibrary(lib);
  return done;
}

} // namespace runtime

// talpa_rt0 is the PE entry point. The loader calls it as an ordinary Win64 function on
// the main thread's stack, so no assembly is needed: build argv from the command line and
// start the runtime. Go: _rt0_amd64_windows / _rt0_arm64_windows.
extern "C" [[noreturn]] void talpa_rt0();
extern "C" void talpa_rt0() {
  using namespace runtime;
  const win::WCHAR *wcmd = win::GetCommandLineW();
  const uint8_t *cmd = utf16to8(wcmd, wcmd != nullptr ? wlen(wcmd) : 0);
  int32_t n = splitcommandline(cmd, nullptr, nullptr);
  auto *out = static_cast<uint8_t *>(persistentalloc(static_cast<uintptr_t>(findnull(cmd)) + 2, 1));
  auto **av = static_cast<uint8_t **>(
      persistentalloc(sizeof(uint8_t *) * (static_cast<uintptr_t>(n) + 1), 8));
  splitcommandline(cmd, out, av);
  av[n] = nullptr;
  rt0_go(n, av);
}

// __chkstk: the stack probe every function with a frame of more than a page calls on
// windows before moving its stack pointer (LLVM emits the call; it cannot be turned off
// for x86-64 windows). The stack grows through a guard page, so the frame's pages must be
// touched in order from the top down: one read per page, then the new stack pointer's
// own. It only probes; the caller moves its stack pointer itself.
//   amd64: the frame size in rax; only r10 and r11 may change.
//   arm64: the frame size / 16 in x15; only x16 and x17 may change.
// A frame beyond the reservation reaches its end and raises EXCEPTION_STACK_OVERFLOW,
// which sigpanic reports as gc's stack overflow.
#if defined(__x86_64__)
__asm__(".text\n"
        ".globl __chkstk\n"
        ".p2align 4\n"
        "__chkstk:\n"
        "  leaq 8(%rsp), %r10\n" // the caller's stack pointer
        "  movq %r10, %r11\n"
        "  subq %rax, %r11\n" // where it is going
        "1:\n"
        "  subq $0x1000, %r10\n"
        "  cmpq %r11, %r10\n"
        "  jbe 2f\n"
        "  testq %r10, (%r10)\n"
        "  jmp 1b\n"
        "2:\n"
        "  testq %r11, (%r11)\n"
        "  ret\n");
#elif defined(__aarch64__)
__asm__(".text\n"
        ".globl __chkstk\n"
        ".p2align 2\n"
        "__chkstk:\n"
        "  mov x17, sp\n"
        "  sub x16, x17, x15, lsl #4\n" // where the stack pointer is going
        "1:\n"
        "  sub x17, x17, #1, lsl #12\n"
        "  cmp x17, x16\n"
        "  b.ls 2f\n"
        "  ldr xzr, [x17]\n"
        "  b 1b\n"
        "2:\n"
        "  ldr xzr, [x16]\n"
        "  ret\n");
#endif

namespace runtime {

// ---- Threads: the g slot, sleeping ----

// settls allocates the process's TLS slot on the first call (its offset in the TEB goes
// to tls_g: TlsSlots start at 0x1480 on amd64 and arm64; only the first 64 slots live in
// the TEB itself) and stores t->curg in the calling thread's slot. Go: the TLS slot of
// osinit / mstart (os_windows.go).
void settls(mtls *t) {
  t->self = reinterpret_cast<uintptr_t>(t);
  if (tls_g == 0) {
    win::DWORD i = win::TlsAlloc();
    if (i >= 64) throw_("runtime: unexpected TLS index");
    tls_g = 0x1480 + 8 * uintptr_t(i);
  }
  setg(t->curg);
}

// osleep: Sleep in milliseconds, at least 1. Go: usleep.
void osleep(int64_t ns) {
  int64_t ms = (ns + 999999) / 1000000;
  if (ms < 1) ms = 1;
  if (ms > 0x7fffffff) ms = 0x7fffffff;
  win::Sleep(static_cast<win::DWORD>(ms));
}

// ---- Address waits (lock_futex.cpp's futexsleep / futexwakeup) ----
//
// WaitOnAddress / WakeByAddressSingle / WakeByAddressAll: windows' futex (Windows 8 and
// later; wine implements them). They live in the API set
// api-ms-win-core-synch-l1-2-0.dll (kernelbase.dll), not in kernel32.dll, so they are
// looked up at start-up rather than imported: a system without them (Windows 7) keeps
// the polling fallback, a short sleep per round. gc waits on a per-M event (lock_sema);
// the address wait keeps the one futex-based lock and note of lock_futex.cpp.

namespace {

using waitOnAddressFn = win::BOOL (*)(volatile void *addr, void *compare, uintptr_t size,
                                      win::DWORD ms);
using wakeByAddressFn = void (*)(void *addr);
waitOnAddressFn waitOnAddress;
wakeByAddressFn wakeByAddressSingle;
wakeByAddressFn wakeByAddressAll;

void loadaddresswait() {
  static const char16_t synch[] = u"api-ms-win-core-synch-l1-2-0.dll";
  win::HANDLE lib = win::LoadLibraryExW(reinterpret_cast<const win::WCHAR *>(synch), nullptr,
                                        win::LOAD_LIBRARY_SEARCH_SYSTEM32);
  if (lib == nullptr) return;
  void *wait = win::GetProcAddress(lib, "WaitOnAddress");
  void *one = win::GetProcAddress(lib, "WakeByAddressSingle");
  void *all = win::GetProcAddress(lib, "WakeByAddressAll");
  if (wait == nullptr || one == nullptr || all == nullptr) return; // kept loaded: harmless
  waitOnAddress = reinterpret_cast<waitOnAddressFn>(wait);
  wakeByAddressSingle = reinterpret_cast<wakeByAddressFn>(one);
  wakeByAddressAll = reinterpret_cast<wakeByAddressFn>(all);
}

} // namespace

// getproccount: GetSystemInfo's dwNumberOfProcessors (offset 32 of SYSTEM_INFO on
// 64-bit windows). Also does the rest of windows' osinit: the address-wait functions,
// before any other thread exists. Go: getproccount + osinit (os_windows.go). Runs once,
// at start-up.
int32_t getproccount() {
  loadaddresswait();
  alignas(8) uint8_t info[48] = {};
  win::GetSystemInfo(info);
  uint32_t n = 0;
  __builtin_memcpy(&n, info + 32, 4);
  return n > 0 ? static_cast<int32_t>(n) : 1;
}

// futexsleep sleeps while *addr holds val, at most ns (< 0: no limit; rounded up to
// WaitOnAddress's milliseconds). Without WaitOnAddress it returns after one short sleep.
// Callers loop: a return may be early. Runs on any thread.
void futexsleep(uint32_t *addr, uint32_t val, int64_t ns) {
  if (waitOnAddress == nullptr) {
    if (__atomic_load_n(addr, __ATOMIC_ACQUIRE) != val) return;
    win::Sleep(1);
    return;
  }
  win::DWORD ms = win::INFINITE;
  if (ns >= 0) {
    int64_t r = (ns + 999999) / 1000000;
    ms = r > 0x7fffffff ? 0x7fffffff : static_cast<win::DWORD>(r);
  }
  uint32_t cmp = val;
  waitOnAddress(addr, &cmp, sizeof(cmp), ms);
}

void futexwakeup(uint32_t *addr, uint32_t n) {
  if (wakeByAddressSingle == nullptr) return; // sleepers poll
  if (n == 1) {
    wakeByAddressSingle(addr);
  } else {
    wakeByAddressAll(addr);
  }
}

void osyield() { win::Sleep(0); }

// ---- Preemption (preempt.cpp; docs/runtime/proc.md "Preemption") ----
//
// Windows has no signal to send: preemptM suspends the M's thread, reads its registers,
// and if its goroutine wants to stop at an asynchronous safe point, writes them back with
// a call of runtime.asyncPreempt injected (as sigpreempt does on unix), then resumes it.
// GetThreadContext also waits until the suspension has taken effect. Go: preemptM
// (os_windows.go).

#if defined(GOARCH_amd64)
bool preemptMSupported = true;

void preemptM(m *mp) {
  auto h = static_cast<win::HANDLE>(__atomic_load_n(&mp->thread, __ATOMIC_ACQUIRE));
  if (h == nullptr) return;
  // One preemptM at a time per M.
  if (__atomic_exchange_n(&mp->signalPending, 1, __ATOMIC_ACQ_REL) != 0) return;
  // exit takes suspendlock for good: a thread suspended while it runs ExitProcess would
  // never be resumed (ExitProcess ends the suspending thread). Go: suspendLock.
  if (takesuspendlock()) return; // cannot happen: preemptM does not nest
  if (win::SuspendThread(h) == static_cast<win::DWORD>(-1)) {
    __atomic_store_n(&suspendlock, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&mp->signalPending, 0, __ATOMIC_RELEASE);
    return;
  }
  constexpr uintptr_t CONTEXT_FLAGS = 0x30;
  constexpr win::DWORD CONTEXT_CONTROL = 0x100001; // CONTEXT_AMD64 | Rip, Rsp, EFlags ...
  alignas(16) uint8_t ctx[win::CONTEXT_SIZE] = {};
  __builtin_memcpy(ctx + CONTEXT_FLAGS, &CONTEXT_CONTROL, 4);
  if (win::GetThreadContext(h, ctx) != 0) {
    g *gp = __atomic_load_n(&mp->curg, __ATOMIC_ACQUIRE);
    uintptr_t pc = contextreg(ctx, win::CONTEXT_PC), sp = contextreg(ctx, win::CONTEXT_SP);
    if (gp != nullptr && wantAsyncPreempt(gp) && isAsyncSafePoint(gp, pc, sp)) {
      asyncPreemptInject(&pc, &sp, nullptr);
      setcontextreg(ctx, win::CONTEXT_PC, pc);
      setcontextreg(ctx, win::CONTEXT_SP, sp);
      win::SetThreadContext(h, ctx);
    }
  }
  win::ResumeThread(h);
  __atomic_store_n(&suspendlock, 0, __ATOMIC_RELEASE);
  __atomic_store_n(&mp->signalPending, 0, __ATOMIC_RELEASE);
}
#endif
// windows/arm64: x18 holds the TEB, so asyncPreempt cannot return through it; proc.cpp's
// weak preemptMSupported (false) stands.

// ---- Ms (h-threads) ----
//
// Each M is a thread of its own whose stack (g0stacksize reserved, committed as touched)
// is its g0's: windows keeps a thread's stack bounds in its TEB and dispatches exceptions
// on it, so the scheduler runs there as gc's does. The new thread sets its g slot (settls),
// notes its id and handle (preemptM suspends it by handle), and enters the scheduler.

namespace {

win::DWORD threadstart(void *arg) {
  auto *mp = static_cast<m *>(arg);
  uintptr_t lo = 0, hi = 0;
  win::GetCurrentThreadStackLimits(&lo, &hi);
  g *g0p = mp->g0;
  g0p->stack.lo = lo;
  g0p->stack.hi = hi;
  g0p->stackguard0 = lo;
  g0p->stackguard1 = lo;
  settls(&mp->tls);
  mstart(mp);
}

} // namespace

// Runs on any M.
void newosproc(m *mp) {
  win::DWORD tid = 0;
  win::HANDLE h = win::CreateThread(nullptr, g0stacksize, threadstart, mp,
                                    win::STACK_SIZE_PARAM_IS_A_RESERVATION, &tid);
  if (h == nullptr) {
    printcstr("runtime: failed to create new OS thread\n");
    throw_("newosproc");
  }
  mp->thread = h;
}

// Runs on mp's g0, the thread's own stack (the system frees it).
void exitThread(m *mp) {
  __atomic_store_n(&mp->freewait, 0, __ATOMIC_RELEASE);
  win::ExitThread(0);
}

// Runs on any M, once mp's thread is gone: its handle.
void mfree(m *mp) {
  if (mp->thread != nullptr) win::CloseHandle(static_cast<win::HANDLE>(mp->thread));
  mp->thread = nullptr;
}

// Runs on the new M. The vectored exception handler serves every thread.
void minit(m *mp) {
  mp->procid = win::GetCurrentThreadId();
  // m0's thread (startmain's) has no handle from newosproc: preemptM needs one.
  if (mp->id == 0) {
    constexpr win::DWORD DUPLICATE_SAME_ACCESS = 2;
    auto self = reinterpret_cast<win::HANDLE>(-1);   // GetCurrentProcess()
    auto thread = reinterpret_cast<win::HANDLE>(-2); // GetCurrentThread()
    win::HANDLE h = nullptr;
    if (win::DuplicateHandle(self, thread, self, &h, 0, 0, DUPLICATE_SAME_ACCESS) != 0)
      __atomic_store_n(&mp->thread, h, __ATOMIC_RELEASE);
  }
}

} // namespace runtime
