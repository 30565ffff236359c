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
// mallocgc and lives as long as the process.
//
// Not yet: print output is written with WriteFile as UTF-8 bytes, also to a console
// (gc converts to UTF-16 and uses WriteConsoleW there, so non-ASCII text shows correctly).
#include "runtime.h"

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
}

#define WINDOWS_IMPORT(dll, name)                                                                  \
  static_assert(sizeof(&name) == sizeof(void *), #name " is listed but not declared");
#include "os_windows_imports.def"
#undef WINDOWS_IMPORT

constexpr DWORD STD_OUTPUT_HANDLE = static_cast<DWORD>(-11);
constexpr DWORD STD_ERROR_HANDLE = static_cast<DWORD>(-12);
constexpr DWORD MEM_COMMIT = 0x1000;
constexpr DWORD MEM_RESERVE = 0x2000;
constexpr DWORD PAGE_READWRITE = 0x04;

} // namespace runtime::win

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
  auto *out = static_cast<uint8_t *>(mallocgc(static_cast<uintptr_t>(len) + 1, nullptr, true));
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

void exit(int32_t code) { win::ExitProcess(static_cast<uint32_t>(code)); }

// sysAlloc reserves and commits n bytes, which windows zeroes. Go: sysAlloc
// (mem_windows.go). Runs on any thread; the caller (the heap) serialises.
void *sysAlloc(uintptr_t n) {
  return win::VirtualAlloc(nullptr, n, win::MEM_COMMIT | win::MEM_RESERVE, win::PAGE_READWRITE);
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
      mallocgc(sizeof(uint8_t *) * (static_cast<uintptr_t>(n) + 1), nullptr, true));
  int32_t i = 0;
  if (block != nullptr) {
    for (const win::WCHAR *p = block; *p != 0; p += wlen(p) + 1)
      envs[i++] = utf16to8(p, wlen(p));
  }
  envs[i] = nullptr;
  nenvs = n;
  // The block stays allocated (FreeEnvironmentStringsW is not imported): it is read once.
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
  auto *out =
      static_cast<uint8_t *>(mallocgc(static_cast<uintptr_t>(findnull(cmd)) + 2, nullptr, true));
  auto **av = static_cast<uint8_t **>(
      mallocgc(sizeof(uint8_t *) * (static_cast<uintptr_t>(n) + 1), nullptr, true));
  splitcommandline(cmd, out, av);
  av[n] = nullptr;
  rt0_go(n, av);
}
