// The linux vDSO: the kernel maps a small shared object into every process (its address
// is the auxiliary vector's AT_SYSINFO_EHDR entry) whose clock_gettime reads the clock
// from a page the kernel keeps up to date, without entering the kernel. nanotime uses it
// when it is there: the scheduler reads the clock on every park of a goroutine with a
// timer pending, and the system call costs about ten times as much. Go: vdso_linux.go,
// vdso_linux_<arch>.go.
//
// vdsoinit finds the image's dynamic symbol table through its section headers (the whole
// image is mapped, headers included), looks up the one function by name and relocates
// its value by the image's load bias (the address it was mapped at minus the virtual
// address of its first PT_LOAD segment). Symbol versions are not checked: every vDSO of
// a given architecture has exported the function under one version only. Without an
// AT_SYSINFO_EHDR entry (qemu-user before 8.0, for instance) or without the symbol,
// nanotime keeps the system call.
#include "runtime.h"

namespace runtime {

namespace {

struct Elf64Ehdr {
  uint8_t ident[16];
  uint16_t type, machine;
  uint32_t version;
  uint64_t entry, phoff, shoff;
  uint32_t flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct Elf64Phdr {
  uint32_t type, flags;
  uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct Elf64Shdr {
  uint32_t name, type;
  uint64_t flags, addr, offset, size;
  uint32_t link, info;
  uint64_t addralign, entsize;
};

struct Elf64Sym {
  uint32_t name;
  uint8_t info, other;
  uint16_t shndx;
  uint64_t value, size;
};

constexpr uintptr_t AT_NULL = 0;
constexpr uintptr_t AT_SYSINFO_EHDR = 33;
constexpr uint32_t PT_LOAD = 1;
constexpr uint32_t SHT_DYNSYM = 11;
constexpr uint8_t STT_FUNC = 2;

#if defined(GOARCH_arm64)
constexpr const char clockGettimeName[] = "__kernel_clock_gettime";
#else
constexpr const char clockGettimeName[] = "__vdso_clock_gettime";
#endif

bool equal(const char *a, const char *b) {
  for (; *a != 0 && *a == *b; a++, b++) {
  }
  return *a == *b;
}

// lookup returns the address of the function `name` in the vDSO image at base, or 0.
uintptr_t lookup(uintptr_t base, const char *name) {
  const auto *eh = reinterpret_cast<const Elf64Ehdr *>(base);
  if (eh->ident[0] != 0x7f || eh->ident[1] != 'E' || eh->ident[2] != 'L' || eh->ident[3] != 'F' ||
      eh->ident[4] != 2 /* ELFCLASS64 */) {
    return 0;
  }
  const auto *ph = reinterpret_cast<const Elf64Phdr *>(base + eh->phoff);
  uintptr_t bias = 0;
  bool loaded = false;
  for (uint16_t i = 0; i < eh->phnum; i++) {
    if (ph[i].type == PT_LOAD) {
      bias = base + ph[i].offset - ph[i].vaddr;
      loaded = true;
      break;
    }
  }
  if (!loaded || eh->shoff == 0 || eh->shentsize != sizeof(Elf64Shdr)) return 0;
  const auto *sh = reinterpret_cast<const Elf64Shdr *>(base + eh->shoff);
  for (uint16_t i = 0; i < eh->shnum; i++) {
    if (sh[i].type != SHT_DYNSYM || sh[i].entsize != sizeof(Elf64Sym) || sh[i].link >= eh->shnum)
      continue;
    const auto *syms = reinterpret_cast<const Elf64Sym *>(base + sh[i].offset);
    const char *strs = reinterpret_cast<const char *>(base + sh[sh[i].link].offset);
    for (uint64_t k = 0; k < sh[i].size / sizeof(Elf64Sym); k++) {
      if ((syms[k].info & 0xf) != STT_FUNC || syms[k].shndx == 0 || syms[k].value == 0) continue;
      if (equal(strs + syms[k].name, name)) return bias + syms[k].value;
    }
  }
  return 0;
}

} // namespace

int32_t (*vdsoClockGettime)(uintptr_t clock, void *ts);

// vdsoinit looks the vDSO's clock_gettime up. auxv is the auxiliary vector that follows
// the environment. Runs once, at start-up, before any goroutine.
void vdsoinit(const uintptr_t *auxv) {
  for (; auxv[0] != AT_NULL; auxv += 2) {
    if (auxv[0] != AT_SYSINFO_EHDR || auxv[1] == 0) continue;
    uintptr_t fn = lookup(auxv[1], clockGettimeName);
    vdsoClockGettime = reinterpret_cast<int32_t (*)(uintptr_t, void *)>(fn);
    return;
  }
}

} // namespace runtime
