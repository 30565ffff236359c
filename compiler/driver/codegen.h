// From an LLVM module to an object file (or .ll / .s) for one target.
#ifndef TALPA_DRIVER_CODEGEN_H
#define TALPA_DRIVER_CODEGEN_H

#include <memory>
#include <string>

#include "compiler/driver/options.h"
#include "targets/target.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

namespace llvm {
class Module;
}

namespace talpa::driver {

// The LLVM target machine described by `target`: triple, CPU, features, ABI name, and
// the relocation model its linker expects (static on linux, PIC on darwin).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>> CreateTargetMachine(const Target &target,
                                                                         bool optimize);

// Gives the functions of a main package's module internal linkage, but for those the
// runtime calls (runtime.def's GO_HOOKs: main..init, main.main): nothing outside the
// program's own object refers to them, and the inliner treats a local function with one
// caller as free to inline and then delete. Run before Optimize. Functions still present
// afterwards become hidden globals again for the PC table (ExposeFunctionsToPCTable).
void InternalizeMainPackage(llvm::Module &module);

// Runs LLVM's default module pipeline (O2, or O0 when `optimize` is false).
void Optimize(llvm::Module &module, llvm::TargetMachine &tm, bool optimize,
              bool stackChecks = false);

// Writes the module to `path` as an object file, assembly or textual IR.
llvm::Error EmitFile(llvm::Module &module, llvm::TargetMachine &tm, Emit kind,
                     const std::string &path);

} // namespace talpa::driver

#endif
