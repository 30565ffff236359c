// StackCheck: the prologue check that grows goroutine stacks (docs/runtime/stack.md).
#ifndef TALPA_OPT_STACK_CHECK_H
#define TALPA_OPT_STACK_CHECK_H

#include <cstdint>

#include "llvm/IR/PassManager.h"

namespace talpa::opt {

// The stack budget a checked function may rely on below g.stackguard0 is the runtime's
// red zone (runtime/stack.cpp, abi.h's stackRedZone). The compiler keeps its part of it:
//   - a function whose static stack objects (allocas) sum to more than kMaxStaticFrame
//     bytes keeps the larger ones out of its fixed frame: they are allocated after the
//     check, which asks for their size on top of the frame;
//   - a function that calls nothing and whose stack objects sum to at most
//     kNoSplitFrame bytes gets no check at all (gc's NOSPLIT leaves).
inline constexpr uint64_t kMaxStaticFrame = 512;
inline constexpr uint64_t kNoSplitFrame = 256;

// Inserts the stack check into every defined function of the module (see stack_check.cpp).
class StackCheckPass : public llvm::PassInfoMixin<StackCheckPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &m, llvm::ModuleAnalysisManager &mam);
  static bool isRequired() { return true; } // also at -gcflags=-N
};

} // namespace talpa::opt

#endif // TALPA_OPT_STACK_CHECK_H
