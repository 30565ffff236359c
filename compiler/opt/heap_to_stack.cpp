// HeapToStack: talpa's escape analysis, done on LLVM IR after inlining.
//
// The lowering puts every object whose address may be taken on the heap: new(T), &T{...},
// address-taken locals, make([]T, n). Here, after the inliner has pulled small callees
// in and the function-attribute inference has marked which callee parameters are not
// captured, each such allocation of a constant size no larger than kMaxStackObject is
// checked: if its pointer can only be used to read or write the object itself, never
// stored, returned, merged through a phi or handed to a call that may keep it, it
// becomes a stack slot, zeroed where the allocation was.
//
// Why a slot in the entry block is enough even inside a loop: without a phi or a store,
// the only way to reach the object is the SSA value of the allocation, and each
// iteration's execution of the allocation replaces that value; the previous iteration's
// object is unreachable by then, so one slot can serve every iteration.
//
// The collector scans stacks conservatively (docs/runtime/gc.md), so heap pointers held
// in such a slot keep their targets alive, as they did from the heap object.
#include "compiler/opt/heap_to_stack.h"

#include <optional>
#include <string_view>

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Passes/PassBuilder.h"

namespace talpa::opt {

namespace {

// The runtime's allocation entry points (runtime/include/talpa/runtime.def).
constexpr std::string_view kMallocGC = "runtime.mallocgc";   // (size, typ, needzero)
constexpr std::string_view kMakeSlice = "runtime.makeslice"; // (elemtyp, len, cap)

// Runtime functions that read or write through a pointer argument without keeping it:
// the argument positions that may be a stack object.
bool RuntimeArgNotCaptured(std::string_view callee, unsigned arg) {
  if (callee == "runtime.typedmemmove") return arg == 1 || arg == 2; // (typ, dst, src)
  if (callee == "runtime.gcWriteBarrier") return arg == 0;           // (slot, ptr)
  if (callee == "runtime.memequal") return arg == 0 || arg == 1;     // (p, q, size)
  if (callee == "runtime.growslice") return arg == 2;                // old elements
  return false;
}

// Whether the pointer `root` may be used other than to access the object it points to.
bool MayEscape(llvm::Instruction *root) {
  llvm::SmallVector<llvm::Value *, 16> work{root};
  llvm::SmallPtrSet<llvm::Value *, 16> seen{root};
  while (!work.empty()) {
    llvm::Value *v = work.pop_back_val();
    for (llvm::Use &use : v->uses()) {
      auto *user = llvm::dyn_cast<llvm::Instruction>(use.getUser());
      if (!user) return true;
      if (llvm::isa<llvm::GetElementPtrInst, llvm::BitCastInst, llvm::AddrSpaceCastInst>(user)) {
        if (seen.insert(user).second) work.push_back(user);
        continue;
      }
      if (llvm::isa<llvm::LoadInst, llvm::ICmpInst>(user)) continue;
      if (auto *store = llvm::dyn_cast<llvm::StoreInst>(user)) {
        if (use.getOperandNo() == llvm::StoreInst::getPointerOperandIndex() && !store->isVolatile())
          continue;
        return true;
      }
      if (auto *call = llvm::dyn_cast<llvm::CallBase>(user)) {
        if (!call->isArgOperand(&use)) return true; // the callee, or a bundle operand
        unsigned arg = call->getArgOperandNo(&use);
        if (auto *intrinsic = llvm::dyn_cast<llvm::IntrinsicInst>(call)) {
          switch (intrinsic->getIntrinsicID()) {
          case llvm::Intrinsic::memset:
          case llvm::Intrinsic::memcpy:
          case llvm::Intrinsic::memmove:
          case llvm::Intrinsic::lifetime_start:
          case llvm::Intrinsic::lifetime_end:
            if (!llvm::cast<llvm::Instruction>(call)->isVolatile()) continue;
            return true;
          default:
            return true;
          }
        }
        llvm::Function *callee = call->getCalledFunction();
        if (callee && RuntimeArgNotCaptured(callee->getName(), arg)) continue;
        // Inferred by the function-attribute passes for Go functions in this module.
        if (call->doesNotCapture(arg) && !call->hasRetAttr(llvm::Attribute::Returned) &&
            !call->paramHasAttr(arg, llvm::Attribute::Returned))
          continue;
        return true;
      }
      return true; // returned, merged (phi, select), converted to an integer, ...
    }
  }
  return false;
}

std::optional<uint64_t> ConstantUint(llvm::Value *v) {
  if (auto *c = llvm::dyn_cast<llvm::ConstantInt>(v))
    if (c->getValue().getActiveBits() <= 63) return c->getZExtValue();
  return std::nullopt;
}

// The size of a type descriptor's type: abi::_type's first field (runtime/include/talpa/
// abi.h), read from the descriptor's constant initializer.
std::optional<uint64_t> DescriptorSize(llvm::Value *typ) {
  auto *g = llvm::dyn_cast<llvm::GlobalVariable>(typ->stripPointerCasts());
  if (!g || !g->hasDefinitiveInitializer()) return std::nullopt;
  llvm::Constant *c = g->getInitializer();
  while (c && (llvm::isa<llvm::ConstantAggregate>(c) || llvm::isa<llvm::ConstantDataSequential>(c)))
    c = c->getAggregateElement(0u);
  return c ? ConstantUint(c) : std::nullopt;
}

// The bytes a movable allocation needs, or nothing if `call` is not one.
std::optional<uint64_t> AllocationSize(llvm::CallBase *call) {
  llvm::Function *callee = call->getCalledFunction();
  if (!callee) return std::nullopt;
  std::string_view name = callee->getName();
  if (name == kMallocGC && call->arg_size() == 3) return ConstantUint(call->getArgOperand(0));
  if (name == kMakeSlice && call->arg_size() == 3) {
    auto elem = DescriptorSize(call->getArgOperand(0));
    auto len = ConstantUint(call->getArgOperand(1));
    auto cap = ConstantUint(call->getArgOperand(2));
    // makeslice panics for len > cap; keep those calls.
    if (!elem || !len || !cap || *len > *cap || *cap > kMaxStackObject) return std::nullopt;
    return *elem * *cap;
  }
  return std::nullopt;
}

} // namespace

llvm::PreservedAnalyses HeapToStackPass::run(llvm::Function &f, llvm::FunctionAnalysisManager &) {
  if (f.isDeclaration()) return llvm::PreservedAnalyses::all();
  llvm::SmallVector<std::pair<llvm::CallBase *, uint64_t>, 8> moves;
  for (llvm::BasicBlock &bb : f)
    for (llvm::Instruction &inst : bb)
      if (auto *call = llvm::dyn_cast<llvm::CallBase>(&inst))
        if (auto size = AllocationSize(call);
            size && *size > 0 && *size <= kMaxStackObject && !MayEscape(call))
          moves.emplace_back(call, *size);
  if (moves.empty()) return llvm::PreservedAnalyses::all();

  const llvm::DataLayout &dl = f.getDataLayout();
  for (auto [call, size] : moves) {
    // At the top of the entry block (a moved call may be its first instruction).
    llvm::BasicBlock &entry = f.getEntryBlock();
    auto *slot = new llvm::AllocaInst(
        llvm::ArrayType::get(llvm::Type::getInt8Ty(f.getContext()), size), dl.getAllocaAddrSpace(),
        nullptr, llvm::Align(8) /* no Go type is aligned more */, "stackobj",
        entry.getFirstNonPHIOrDbgOrAlloca());
    slot->takeName(call);
    llvm::IRBuilder<> at(call);
    // mallocgc from compiled code always zeroes; makeslice's memory is zeroed too.
    at.CreateMemSet(slot, at.getInt8(0), size, llvm::Align(8));
    call->replaceAllUsesWith(slot);
    call->eraseFromParent();
  }
  llvm::PreservedAnalyses kept;
  kept.preserveSet<llvm::CFGAnalyses>();
  return kept;
}

void RegisterPasses(llvm::PassBuilder &pb) {
  // After each round of instruction combining in the function simplification pipeline:
  // the first round runs after inlining and before the late SROA, which then splits the
  // new slots into registers.
  pb.registerPeepholeEPCallback([](llvm::FunctionPassManager &fpm, llvm::OptimizationLevel) {
    fpm.addPass(HeapToStackPass());
  });
}

} // namespace talpa::opt
