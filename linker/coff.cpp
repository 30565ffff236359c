// COFF/PE (windows/amd64, arm64): a console executable that links statically against the
// runtime archive and imports only the kernel32/ntdll functions the runtime calls.
//
// No Windows SDK is installed, so there is no kernel32.lib to link against: the import
// libraries are generated here, one per DLL, from runtime/os_windows_imports.def (the
// same table runtime/os_windows.cpp declares its dllimport functions from), with LLVM's
// COFF import-library writer. Each entry yields the `__imp_<name>` pointer the runtime's
// dllimport calls go through, and the `<name>` thunk for plain calls.
//
//   lld-link /nologo /out:<out> /machine:x64|arm64 /subsystem:console /entry:talpa_rt0
//            /nodefaultlib /dynamicbase /highentropyva /opt:ref /opt:noicf /Brepro
//            [/base:0x400000 on amd64] [/debug:dwarf] <objects...> <runtime>/libtalpart.a
//            <scratch>/<dll>.lib...
//
// /nodefaultlib drops the /DEFAULTLIB:libcmt directives clang's MSVC triple puts in every
// object: there is no C runtime. /dynamicbase + /highentropyva (ASLR above 4 GiB) are what
// a modern PE is expected to carry; lld keeps base relocations for them. /opt:ref is
// dead-code elimination; /opt:noicf keeps functions at distinct addresses, which the
// runtime's PC tables and Go's func values rely on. /Brepro sets the header time stamp to
// a hash of the image, so identical inputs give identical executables. No PDB is
// written: unless -s or -w is given, DWARF and the COFF symbol table stay in the image
// (/debug:dwarf), as gc does.
#include "linker/flavor.h"

#include <map>

#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/COFFImportFile.h"
#include "llvm/Support/Path.h"

namespace talpa::linker {

namespace {

struct WindowsImport {
  const char *dll;
  const char *symbol;
};

constexpr WindowsImport kWindowsImports[] = {
#define WINDOWS_IMPORT(dll, symbol) {dll, #symbol},
#include "runtime/os_windows_imports.def"
#undef WINDOWS_IMPORT
};

// Writes one import library per DLL named in the table into `dir`; returns their paths.
llvm::Expected<std::vector<std::string>> WriteImportLibraries(const std::string &dir,
                                                              llvm::COFF::MachineTypes machine) {
  // Grouped by DLL, lower-cased so "KERNEL32.dll" and "kernel32.dll" share a library.
  std::map<std::string, std::vector<llvm::object::COFFShortExport>> byDll;
  for (const WindowsImport &imp : kWindowsImports) {
    llvm::object::COFFShortExport e;
    e.Name = imp.symbol; // 64-bit targets: no underscore, no @n stdcall decoration
    byDll[llvm::StringRef(imp.dll).lower()].push_back(std::move(e));
  }
  std::vector<std::string> paths;
  for (auto &[dll, exports] : byDll) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, llvm::sys::path::stem(dll) + ".lib");
    if (llvm::Error e = llvm::object::writeImportLibrary(dll, path, exports, machine,
                                                         /*MinGW=*/false))
      return LinkError("link: writing import library %s: %s", path.c_str(),
                       llvm::toString(std::move(e)).c_str());
    paths.push_back(std::string(path));
  }
  return paths;
}

} // namespace

llvm::Expected<std::vector<std::string>> CoffCommandLine(const FlavorInput &in) {
  const LinkRequest &r = in.request;
  llvm::COFF::MachineTypes machine;
  llvm::StringRef machineFlag;
  if (r.target->goarch == "amd64") {
    machine = llvm::COFF::IMAGE_FILE_MACHINE_AMD64;
    machineFlag = "/machine:x64";
  } else if (r.target->goarch == "arm64") {
    machine = llvm::COFF::IMAGE_FILE_MACHINE_ARM64;
    machineFlag = "/machine:arm64";
  } else {
    return LinkError("link: no COFF machine for GOARCH %s", r.target->goarch.c_str());
  }

  auto importLibs = WriteImportLibraries(in.scratchDir, machine);
  if (!importLibs) return importLibs.takeError();

  std::vector<std::string> argv = {"lld-link",
                                   "/nologo",
                                   "/out:" + in.outputPath,
                                   machineFlag.str(),
                                   "/subsystem:console",
                                   "/entry:talpa_rt0",
                                   "/nodefaultlib",
                                   "/dynamicbase",
                                   "/highentropyva",
                                   "/opt:ref",
                                   "/opt:noicf",
                                   "/Brepro"};
  // windows/amd64 images prefer gc's base, 4 MiB (lld's default is 5 GiB): the image's
  // data then lies in the low 256 MiB, where Go programs that dereference large offsets
  // from nil expect mapped memory to be (the loader may still move a dynamic-base image).
  if (machine == llvm::COFF::IMAGE_FILE_MACHINE_AMD64) argv.push_back("/base:0x400000");
  if (!r.stripSymbols && !r.stripDebug) argv.push_back("/debug:dwarf");
  argv.insert(argv.end(), r.objects.begin(), r.objects.end());
  argv.push_back(in.runtimeArchive);
  argv.insert(argv.end(), importLibs->begin(), importLibs->end());
  return argv;
}

} // namespace talpa::linker
