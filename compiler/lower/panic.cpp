// Panics: panic(s) for a string s calls runtime.panicstring(ptr, len); the compiler's own
// checks (integer division by zero) branch to a cold block that calls the runtime's
// noreturn panic function. Both end their block with unreachable.
#include "compiler/lower/context.h"
#include "llvm/IR/MDBuilder.h"

namespace talpa::lower {

void FunctionContext::PanicString(llvm::Value *s) {
  b.CreateCall(m.Runtime(RuntimeFunc::PanicString),
               {b.CreateExtractValue(s, 0), b.CreateExtractValue(s, 1)});
  b.CreateUnreachable();
}

void FunctionContext::CheckDivide(llvm::Value *y, NodeId) {
  llvm::Value *isZero = b.CreateICmpEQ(y, llvm::Constant::getNullValue(y->getType()));
  llvm::BasicBlock *panicBB = llvm::BasicBlock::Create(m.ctx, "div.zero", fn);
  llvm::BasicBlock *ok = llvm::BasicBlock::Create(m.ctx, "div.ok", fn);
  llvm::MDBuilder md(m.ctx);
  b.CreateCondBr(isZero, panicBB, ok, md.createUnlikelyBranchWeights());
  b.SetInsertPoint(panicBB);
  b.CreateCall(m.Runtime(RuntimeFunc::PanicDivide));
  b.CreateUnreachable();
  b.SetInsertPoint(ok);
}

} // namespace talpa::lower
