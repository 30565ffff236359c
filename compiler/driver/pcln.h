// The PC table of a program (runtime/include/talpa/abi.h `pclntab`), built from the DWARF
// line tables of its compiled objects.
#ifndef TALPA_DRIVER_PCLN_H
#define TALPA_DRIVER_PCLN_H

#include <string>
#include <vector>

#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

namespace talpa::driver {

// The PC table names functions by symbol from another object, so compiled Go functions
// the optimizer made local (its clones: specializations, wrappers) become global with
// hidden visibility. Their names extend package-qualified Go symbols, so they stay
// unique in the program. Call before the module's object is emitted.
void ExposeFunctionsToPCTable(llvm::Module &module);

// Reads the functions and line rows of each object in `objects` (compiled from the
// corresponding `modules`, which say which functions take no parameters) and writes an
// object defining `talpa_pcln` for the target to `output`.
llvm::Error WritePCTable(const std::vector<std::string> &objects,
                         const std::vector<const llvm::Module *> &modules, llvm::TargetMachine &tm,
                         const std::string &output);

} // namespace talpa::driver

#endif // TALPA_DRIVER_PCLN_H
