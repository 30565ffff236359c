// talpa's LLVM passes over lowered Go code.
#ifndef TALPA_OPT_HEAP_TO_STACK_H
#define TALPA_OPT_HEAP_TO_STACK_H

#include <cstdint>

#include "llvm/IR/PassManager.h"

namespace llvm {
class PassBuilder;
}

namespace talpa::opt {

// The largest object HeapToStack moves to the stack, in bytes. Goroutine stacks are
// small at first; gc's limit for implicit allocations (new, &T{}, make) is 64 KiB, but
// talpa keeps frames smaller until its stack scheme (issue 6) is settled.
inline constexpr uint64_t kMaxStackObject = 4096;

// Escape analysis at the LLVM level: an allocation the lowering made on the heap
// (runtime.mallocgc of a constant size, runtime.makeslice of constant length and
// capacity) whose pointer provably does not outlive the function becomes a stack slot,
// zeroed where the allocation was. See docs/compiler/opt.md.
class HeapToStackPass : public llvm::PassInfoMixin<HeapToStackPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &f, llvm::FunctionAnalysisManager &fam);
};

// Adds talpa's passes to the O1+ pipelines pb builds.
void RegisterPasses(llvm::PassBuilder &pb);

} // namespace talpa::opt

#endif // TALPA_OPT_HEAP_TO_STACK_H
