// Lowering: a checked package to one LLVM module, the stage's one entry.
#ifndef TALPA_LOWER_LOWER_H
#define TALPA_LOWER_LOWER_H

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/types/types.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

namespace talpa::lower {

// The packages lowered into modules of their own and linked with the package being
// lowered (talpa's runtime package, lib/runtime): it may import them and use their
// functions, methods, variables and types.
struct LinkedPackages {
  std::vector<const types::Package *> packages;
  // The package being lowered is such a package: its functions without bodies are
  // defined by the C++ runtime under their symbols.
  bool externalFunctions = false;
};

struct LowerOptions {
  LinkedPackages linked;
  // -ldflags "-X importpath.name=value": the static value of a package-level string
  // variable. As with gc, it holds when the variable is uninitialized or initialized to a
  // constant (an initializer that runs code overwrites it); names that match no variable
  // are ignored.
  std::map<std::string, std::string> stringDefs;
  // Receives one message per -X that names a variable which is not a string.
  std::vector<std::string> *errors = nullptr;
  // Receives "talpa: not yet supported: ..." at each construct the lowering cannot handle
  // yet (see support.cpp); Lower then makes no module.
  base::Diagnostics *diags = nullptr;
  // If set, the module carries debug locations (line tables) for tracebacks.
  const base::SourceManager *sources = nullptr;
};

// Builds the LLVM module for a checked package. The module's data layout and triple
// are taken from `tm`; nothing else about the target is assumed. Returns null, with the
// reasons in options.diags, if the package uses what the lowering does not implement.
std::unique_ptr<llvm::Module> Lower(const types::Package &pkg, llvm::LLVMContext &context,
                                    const llvm::TargetMachine &tm,
                                    const LowerOptions &options = {});

} // namespace talpa::lower

#endif // TALPA_LOWER_LOWER_H
