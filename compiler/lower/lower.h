// Lowering: a checked package to one LLVM module, the stage's one entry.
#ifndef TALPA_LOWER_LOWER_H
#define TALPA_LOWER_LOWER_H

#include <memory>

#include "compiler/types/types.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

namespace talpa::lower {

// Builds the LLVM module for a checked package. The module's data layout and triple
// are taken from `tm`; nothing else about the target is assumed.
std::unique_ptr<llvm::Module> Lower(const types::Package &pkg, llvm::LLVMContext &context,
                                    const llvm::TargetMachine &tm);

}  // namespace talpa::lower

#endif  // TALPA_LOWER_LOWER_H
