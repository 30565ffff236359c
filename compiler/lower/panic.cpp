// Panics: panic(s) for a string s calls runtime.panicstring(ptr, len); the compiler's own
// checks (integer division by zero, nil dereference) branch to a cold block that calls the
// runtime's noreturn panic function. Both end their block with unreachable.
//
// Nil checks are explicit: every dereference gc would make (*p, p.f, p[i] and p[i:j] for
// a pointer to an array, an embedded pointer on a selector's path) first compares the
// pointer with nil, so no access relies on a fault at a small address (a large array
// behind a nil pointer could reach mapped memory). runtime.panicmem prints gc's
// "invalid memory address or nil pointer dereference" panic without the
// "[signal SIGSEGV ...]" line gc adds for a fault: no signal happened, and the runtime
// prints no made-up line.
#include "compiler/lower/context.h"
#include "llvm/IR/MDBuilder.h"

namespace talpa::lower {

void FunctionContext::PanicString(llvm::Value *s) {
  b.CreateCall(m.Runtime(RuntimeFunc::PanicString),
               {b.CreateExtractValue(s, 0), b.CreateExtractValue(s, 1)});
  b.CreateUnreachable();
}

// Branches (unlikely) to a call of the runtime panic `f` when `fail` holds.
void FunctionContext::PanicIf(llvm::Value *fail, RuntimeFunc f, const char *name) {
  llvm::BasicBlock *panicBB = llvm::BasicBlock::Create(m.ctx, llvm::Twine(name) + ".fail", fn);
  llvm::BasicBlock *ok = llvm::BasicBlock::Create(m.ctx, llvm::Twine(name) + ".ok", fn);
  llvm::MDBuilder md(m.ctx);
  b.CreateCondBr(fail, panicBB, ok, md.createUnlikelyBranchWeights());
  b.SetInsertPoint(panicBB);
  b.CreateCall(m.Runtime(f));
  b.CreateUnreachable();
  b.SetInsertPoint(ok);
}

void FunctionContext::CheckDivide(llvm::Value *y, NodeId) {
  PanicIf(b.CreateICmpEQ(y, llvm::Constant::getNullValue(y->getType())), RuntimeFunc::PanicDivide,
          "div");
}

void FunctionContext::CheckNil(llvm::Value *p) {
  if (llvm::isa<llvm::GlobalValue>(p) || llvm::isa<llvm::AllocaInst>(p)) return;
  PanicIf(b.CreateIsNull(p), RuntimeFunc::PanicMem, "nil");
}

} // namespace talpa::lower
