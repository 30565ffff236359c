// StackCheck: the check at the entry of every compiled Go function that keeps it on a
// stack with room for its frame, and grows the goroutine's stack by a new segment when
// not (docs/runtime/stack.md). The IR-level counterpart of gc's morestack prologue.
//
// The pass runs last, after the O2 pipeline's inlining (so the functions left are the
// ones that get frames) or alone at -gcflags=-N. For each defined function F:
//
//     stackcheck:                           ; the new entry block
//       <F's small static allocas, and %pack = alloca {F's parameters..., F's result}>
//       %g  = the current g, through the thread pointer (HELPERS.md contract)
//       %sp = the stack pointer (after F's prologue made its fixed frame)
//       %lim = load g.stackguard0
//       br (%sp - <bytes of F's large allocas>) < %lim, %morestack, %body
//     body:                                 ; F's old entry block (phis of the parameters)
//       ... (the large allocas, now made after the check)
//     morestack:                            ; cold
//       store F's parameters into %pack
//       %ran = call i8 runtime.morestack(@F.morestack, %pack, <F's stack estimate>)
//       br %ran != 0, %morestack.done, %morestack.retry
//     morestack.retry:                      ; after a yield: the parameters reloaded
//       <the comparison again>              ; from %pack (phis in %body), then %body
//       br below, %morestack.again, %body   ; or morestack again (%morestack.again)
//     morestack.done:
//       ret load(%pack's result)
//
// and a thunk `void F.morestack(ptr pack)` that loads the parameters, calls F and stores
// its result. runtime.morestack runs the thunk on a new stack segment; F then checks
// again on the new segment and runs its body there. When the check failed because the
// scheduler asked for preemption, morestack yields and returns false: F compares again,
// and runs where it is if it has room (its return address unchanged: recover() depends on
// it in a deferred call).
//
// The comparison uses sp after F's own prologue: F's fixed frame is already made when
// the check runs. The runtime's red zone below stackguard0 therefore pays for F's fixed
// frame (callee-saved registers, spills, the small allocas: kMaxStaticFrame bytes of
// allocas at most, the larger ones being made after the check) plus the thunk call when
// the check fails, or the leaves and runtime functions F calls when it passes.
//
// Not checked: functions that call nothing (intrinsics and inline assembly aside) and
// have at most kNoSplitFrame bytes of allocas, as gc's NOSPLIT leaves: they run in the
// red zone their caller's check left.
#include "compiler/opt/stack_check.h"

#include <string>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/TargetParser/Triple.h"

namespace talpa::opt {

namespace {

// g's head (runtime/include/talpa/abi.h, the session-6 contract): stack {lo, hi} at 0,
// stackguard0 at 16; the M's thread block holds g at word 1 on linux.
constexpr uint64_t kStackGuard0Offset = 16;
constexpr uint64_t kLinuxTLSGOffset = 8;
constexpr const char *kMoreStack = "runtime.morestack"; // (thunk, pack, framesize)
constexpr const char *kTLSG = "runtime.tls_g";          // windows, darwin: g's TLS offset
constexpr const char *kThunkSuffix = ".morestack";

bool IsCall(const llvm::Instruction &i) {
  auto *call = llvm::dyn_cast<llvm::CallBase>(&i);
  if (!call) return false;
  if (call->isInlineAsm()) return false;
  if (auto *f = call->getCalledFunction(); f && f->isIntrinsic()) {
    // Memory intrinsics may become calls of memcpy/memset (the runtime's, no check).
    switch (f->getIntrinsicID()) {
    case llvm::Intrinsic::memcpy:
    case llvm::Intrinsic::memmove:
    case llvm::Intrinsic::memset:
      return true;
    default:
      return false;
    }
  }
  return true;
}

// The thread pointer (arm64: tpidr_el0, darwin: tpidrro_el0; riscv64: tp), read where it
// is used: a goroutine may continue on another thread after any call (a yield in
// morestack, a preemption), so a value read before a call must not stand for one after
// it. llvm.thread.pointer is a constant to LLVM, which would keep it in a register across
// the retry after morestack (and compare with another M's g); llvm.read_register reads
// anew each time.
llvm::Value *ThreadPointer(llvm::IRBuilder<> &b, const llvm::Triple &t) {
  llvm::LLVMContext &ctx = b.getContext();
  const char *reg = t.isAArch64() ? (t.isOSDarwin() ? "tpidrro_el0" : "tpidr_el0") : "tp";
  auto *md = llvm::MDNode::get(ctx, llvm::MDString::get(ctx, reg));
  llvm::Value *v = b.CreateIntrinsic(llvm::Intrinsic::read_register, {b.getInt64Ty()},
                                     {llvm::MetadataAsValue::get(ctx, md)});
  // darwin: the low three bits may hold the CPU number (runtime.h's gslot masks them too).
  if (t.isOSDarwin() && t.isAArch64()) v = b.CreateAnd(v, b.getInt64(~uint64_t(7)));
  return b.CreateIntToPtr(v, b.getPtrTy());
}

// The current g, as the runtime's getg() reads it (runtime/include/talpa/abi.h).
llvm::Value *LoadG(llvm::IRBuilder<> &b, llvm::Module &m, const llvm::Triple &t) {
  llvm::Type *ptr = b.getPtrTy();
  llvm::Type *i64 = b.getInt64Ty();
  if (t.isOSWindows() || t.isOSDarwin()) {
    auto *slot = m.getNamedGlobal(kTLSG);
    if (!slot)
      slot = new llvm::GlobalVariable(m, i64, false, llvm::GlobalValue::ExternalLinkage, nullptr,
                                      kTLSG);
    llvm::Value *off = b.CreateLoad(i64, slot, "tls_g");
    if (t.getArch() == llvm::Triple::x86_64)
      return b.CreateLoad(ptr, b.CreateIntToPtr(off, b.getPtrTy(256)), "g");
    return b.CreateLoad(ptr, b.CreateGEP(b.getInt8Ty(), ThreadPointer(b, t), off), "g");
  }
  if (t.getArch() == llvm::Triple::x86_64) // %fs:8
    return b.CreateLoad(ptr, b.CreateIntToPtr(b.getInt64(kLinuxTLSGOffset), b.getPtrTy(257)), "g");
  llvm::Value *tp = ThreadPointer(b, t);
  return b.CreateLoad(ptr, b.CreateConstGEP1_64(b.getInt8Ty(), tp, kLinuxTLSGOffset), "g");
}

llvm::Value *ReadSP(llvm::IRBuilder<> &b, const llvm::Triple &t) {
  llvm::LLVMContext &ctx = b.getContext();
  const char *name = t.getArch() == llvm::Triple::x86_64 ? "rsp" : "sp";
  auto *md = llvm::MDNode::get(ctx, llvm::MDString::get(ctx, name));
  return b.CreateIntrinsic(llvm::Intrinsic::read_register, {b.getInt64Ty()},
                           {llvm::MetadataAsValue::get(ctx, md)}, nullptr, "sp");
}

// The thunk runtime.morestack runs on the new segment: F's parameters from pack, F's
// result back into it.
llvm::Function *MakeThunk(llvm::Function &f, llvm::StructType *packTy) {
  llvm::Module &m = *f.getParent();
  llvm::LLVMContext &ctx = m.getContext();
  auto *ty =
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {llvm::PointerType::get(ctx, 0)}, false);
  auto *thunk =
      llvm::Function::Create(ty, llvm::GlobalValue::InternalLinkage, f.getName() + kThunkSuffix, m);
  thunk->addFnAttr(llvm::Attribute::NoInline);
  thunk->addFnAttr(llvm::Attribute::NoUnwind);
  thunk->addFnAttr("frame-pointer", "all");
  thunk->addFnAttr("disable-tail-calls", "true");
  thunk->setUWTableKind(f.getUWTableKind());
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", thunk));
  llvm::Value *pack = thunk->getArg(0);
  llvm::SmallVector<llvm::Value *, 8> args;
  for (unsigned i = 0; i < f.arg_size(); ++i)
    args.push_back(b.CreateLoad(packTy->getElementType(i), b.CreateStructGEP(packTy, pack, i)));
  llvm::CallInst *call = b.CreateCall(f.getFunctionType(), &f, args);
  call->setCallingConv(f.getCallingConv());
  call->setAttributes(f.getAttributes());
  if (!f.getReturnType()->isVoidTy())
    b.CreateStore(call, b.CreateStructGEP(packTy, pack, f.arg_size()));
  b.CreateRetVoid();
  return thunk;
}

bool Check(llvm::Function &f, llvm::FunctionCallee morestack, const llvm::Triple &t) {
  const llvm::DataLayout &dl = f.getParent()->getDataLayout();
  llvm::BasicBlock &entry = f.getEntryBlock();
  uint64_t allocas = 0;
  llvm::SmallVector<llvm::AllocaInst *, 16> statics;
  for (llvm::Instruction &i : entry) {
    auto *a = llvm::dyn_cast<llvm::AllocaInst>(&i);
    if (!a || !a->isStaticAlloca()) continue;
    statics.push_back(a);
    if (auto size = a->getAllocationSize(dl)) allocas += size->getFixedValue();
  }
  bool calls = false;
  for (llvm::BasicBlock &bb : f)
    for (llvm::Instruction &i : bb) {
      calls = calls || IsCall(i);
      if (auto *a = llvm::dyn_cast<llvm::AllocaInst>(&i); a && !a->isStaticAlloca())
        calls = true; // dynamic stack use: check
    }
  if (!calls && allocas <= kNoSplitFrame) return false;

  llvm::LLVMContext &ctx = f.getContext();
  // The allocas kept in the fixed frame, the largest leaving first when over budget.
  llvm::SmallVector<llvm::AllocaInst *, 16> late;
  if (allocas > kMaxStaticFrame) {
    // Largest first; equal sizes in program order (the sort is not stable).
    llvm::SmallVector<std::pair<uint64_t, unsigned>, 16> bySize;
    for (unsigned i = 0; i < statics.size(); ++i)
      bySize.push_back({statics[i]->getAllocationSize(dl)->getFixedValue(), i});
    llvm::sort(bySize, [](auto x, auto y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    for (auto [size, i] : bySize) {
      if (allocas <= kMaxStaticFrame) break;
      allocas -= size;
      late.push_back(statics[i]);
    }
  }
  uint64_t lateBytes = 0;
  for (llvm::AllocaInst *a : late)
    lateBytes += a->getAllocationSize(dl)->getFixedValue() + a->getAlign().value();

  auto *check = llvm::BasicBlock::Create(ctx, "stackcheck", &f, &entry);
  auto *slow = llvm::BasicBlock::Create(ctx, "morestack", &f);
  entry.setName("body");
  // The small allocas stay static: they move to the new entry block.
  for (llvm::AllocaInst *a : statics)
    if (std::find(late.begin(), late.end(), a) == late.end()) a->moveBefore(*check, check->end());

  llvm::SmallVector<llvm::Type *, 8> fields;
  for (llvm::Argument &a : f.args())
    fields.push_back(a.getType());
  if (!f.getReturnType()->isVoidTy()) fields.push_back(f.getReturnType());
  auto *packTy = llvm::StructType::get(ctx, fields);

  llvm::IRBuilder<> b(check);
  llvm::AllocaInst *pack = b.CreateAlloca(packTy, nullptr, "morestack.pack");
  // sp (less the large allocas) below g.stackguard0?
  auto below = [&](llvm::IRBuilder<> &b) {
    llvm::Value *g = LoadG(b, *f.getParent(), t);
    llvm::Value *limit = b.CreateLoad(
        b.getInt64Ty(), b.CreateConstGEP1_64(b.getInt8Ty(), g, kStackGuard0Offset), "stackguard0");
    llvm::Value *sp = ReadSP(b, t);
    if (lateBytes != 0) sp = b.CreateSub(sp, b.getInt64(lateBytes));
    return b.CreateICmpULT(sp, limit);
  };
  auto *unlikely = llvm::MDBuilder(ctx).createUnlikelyBranchWeights();
  b.CreateCondBr(below(b), slow, &entry, unlikely);

  // The estimate runtime.morestack sizes a new segment by: the allocas, the late ones,
  // and room for spills and the calls' argument areas.
  uint64_t estimate = allocas + lateBytes + dl.getTypeAllocSize(packTy) + 256;
  llvm::Function *thunk = MakeThunk(f, packTy);
  auto *done = llvm::BasicBlock::Create(ctx, "morestack.done", &f);
  auto *retry = llvm::BasicBlock::Create(ctx, "morestack.retry", &f);
  auto *again = llvm::BasicBlock::Create(ctx, "morestack.again", &f);
  // The parameters enter the body from the entry or, after a yield, from the pack (so
  // that none is live across the call: the fast path needs no register for them).
  llvm::IRBuilder<> phis(&entry, entry.begin());
  llvm::SmallVector<llvm::PHINode *, 8> params;
  for (llvm::Argument &a : f.args()) {
    llvm::PHINode *phi = phis.CreatePHI(a.getType(), 2, a.getName());
    a.replaceAllUsesWith(phi);
    phi->addIncoming(&a, check);
    params.push_back(phi);
  }
  b.SetInsertPoint(slow);
  for (llvm::Argument &a : f.args())
    b.CreateStore(&a, b.CreateStructGEP(packTy, pack, a.getArgNo()));
  llvm::Value *ran = b.CreateCall(morestack, {thunk, pack, b.getInt64(estimate)}, "ran");
  b.CreateCondBr(b.CreateICmpNE(ran, b.getInt8(0)), done, retry);
  // After a yield: compare again (a loop of its own, off the fast path).
  b.SetInsertPoint(retry);
  for (llvm::Argument &a : f.args())
    params[a.getArgNo()]->addIncoming(
        b.CreateLoad(a.getType(), b.CreateStructGEP(packTy, pack, a.getArgNo()), a.getName()),
        retry);
  b.CreateCondBr(below(b), again, &entry, unlikely);
  b.SetInsertPoint(again);
  ran = b.CreateCall(morestack, {thunk, pack, b.getInt64(estimate)}, "ran");
  b.CreateCondBr(b.CreateICmpNE(ran, b.getInt8(0)), done, retry);
  b.SetInsertPoint(done);
  if (f.getReturnType()->isVoidTy())
    b.CreateRetVoid();
  else
    b.CreateRet(b.CreateLoad(f.getReturnType(), b.CreateStructGEP(packTy, pack, f.arg_size())));
  return true;
}

} // namespace

llvm::PreservedAnalyses StackCheckPass::run(llvm::Module &m, llvm::ModuleAnalysisManager &) {
  llvm::Triple t(m.getTargetTriple());
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *ptr = llvm::PointerType::get(ctx, 0);
  llvm::FunctionCallee morestack = m.getOrInsertFunction(
      kMoreStack, llvm::FunctionType::get(llvm::Type::getInt8Ty(ctx),
                                          {ptr, ptr, llvm::Type::getInt64Ty(ctx)}, false));
  if (auto *decl = llvm::dyn_cast<llvm::Function>(morestack.getCallee())) {
    decl->addFnAttr(llvm::Attribute::NoUnwind);
    decl->addFnAttr(llvm::Attribute::Cold);
  }
  // The driver's PC-table object then tells the runtime (compiler/driver/pcln.cpp).
  m.addModuleFlag(llvm::Module::Max, "talpa.stackchecks", 1);
  llvm::SmallVector<llvm::Function *, 64> funcs;
  for (llvm::Function &f : m)
    if (!f.isDeclaration() && !f.hasFnAttribute(llvm::Attribute::Naked)) funcs.push_back(&f);
  bool changed = false;
  for (llvm::Function *f : funcs)
    changed |= Check(*f, morestack, t);
  return changed ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
}

} // namespace talpa::opt
