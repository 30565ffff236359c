// Precise stack maps: talpa's GC strategy and the statepoint rewrite of Go functions.
//
// LLVM's RewriteStatepointsForGC turns every call of a function with a statepoint GC
// strategy into a gc.statepoint whose "gc-live" operands are the pointers live across
// it; the code generator keeps those in stack slots and lists them, per call site, in
// the object's .llvm_stackmaps section (the driver turns that into the runtime's table,
// compiler/driver/stackmap.cpp). talpa's collector does not move objects, so the
// relocations are identities; what matters is the list: a pointer that is dead at a call
// is not in it, and the runtime does not scan its slot.
//
// The strategy counts every pointer of address space 0 as a GC pointer (Go code keeps
// all its pointers there; an unsafe uintptr is an integer and is not one). Functions
// holding values the rewrite cannot track (aggregates or vectors of pointers live across
// a call) are left alone: their frames stay conservatively scanned.
#include "compiler/opt/precise_gc.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/GCStrategy.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Statepoint.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Scalar/RewriteStatepointsForGC.h"

namespace talpa::opt {

namespace {

class TalpaGC : public llvm::GCStrategy {
public:
  TalpaGC() {
    UseStatepoints = true;
    UseRS4GC = true;
  }
  std::optional<bool> isGCManagedPointer(const llvm::Type *t) const override {
    auto *p = llvm::dyn_cast<llvm::PointerType>(t);
    return p != nullptr && p->getAddressSpace() == 0;
  }
};

llvm::GCRegistry::Add<TalpaGC> registration("talpa", "talpa: precise stack maps, non-moving");

// Whether t holds a pointer the rewrite cannot track in SSA form.
bool Untracked(llvm::Type *t) {
  if (auto *v = llvm::dyn_cast<llvm::VectorType>(t)) return v->getElementType()->isPointerTy();
  if (auto *s = llvm::dyn_cast<llvm::StructType>(t)) {
    for (llvm::Type *e : s->elements())
      if (e->isPointerTy() || Untracked(e)) return true;
    return false;
  }
  if (auto *a = llvm::dyn_cast<llvm::ArrayType>(t))
    return a->getElementType()->isPointerTy() || Untracked(a->getElementType());
  return false;
}

bool HoldsPointer(llvm::Type *t) { return t->isPointerTy() || Untracked(t); }

// Whether the stack object a may hold a pointer. Its LLVM type does not say: the
// optimizer retypes allocas it rewrites as byte arrays ([24 x i8] for a slice whose
// words are stored one by one; fixedbugs/issue46725.go), so only types made of
// floating-point values are known to hold none. A word-sized or larger object of any
// other type may (tracking one that holds no pointer only spares the scan its words).
bool MayHoldPointers(const llvm::AllocaInst &a) {
  auto size = a.getAllocationSize(a.getDataLayout());
  if (!size || size->isScalable() || size->getFixedValue() < 8) return false;
  llvm::Type *t = a.getAllocatedType();
  while (t->isArrayTy() || t->isVectorTy())
    t = t->isArrayTy() ? t->getArrayElementType()
                       : llvm::cast<llvm::VectorType>(t)->getElementType();
  return !t->isFloatingPointTy();
}

// Whether call may reach the collector (a call the rewrite turns into a statepoint).
bool IsSafepoint(const llvm::CallBase &call) {
  if (llvm::isa<llvm::IntrinsicInst>(call)) return false;
  if (call.isInlineAsm()) return false;
  if (call.hasFnAttr("gc-leaf-function")) return false;
  return true;
}

// Moves extractvalue users of an aggregate next to its definition, so that only the
// scalar parts live across later calls.
void HoistExtracts(llvm::Instruction &agg) {
  std::vector<llvm::ExtractValueInst *> users;
  for (llvm::User *u : agg.users())
    if (auto *e = llvm::dyn_cast<llvm::ExtractValueInst>(u)) users.push_back(e);
  llvm::Instruction *after = &agg;
  if (llvm::isa<llvm::PHINode>(agg)) after = agg.getParent()->getFirstNonPHI()->getPrevNode();
  for (llvm::ExtractValueInst *e : users) {
    if (after == nullptr)
      e->moveBefore(&*agg.getParent()->getFirstInsertionPt());
    else
      e->moveAfter(after);
    after = e;
  }
}

// The index paths of an aggregate type's leaf fields (scalars, pointers, vectors), in
// order: what extractvalue takes to reach each.
std::vector<std::vector<unsigned>> LeafPaths(llvm::Type *type) {
  std::vector<std::vector<unsigned>> paths;
  std::vector<unsigned> path;
  auto walk = [&](auto &self, llvm::Type *t) -> void {
    if (auto *st = llvm::dyn_cast<llvm::StructType>(t)) {
      for (unsigned k = 0; k < st->getNumElements(); ++k) {
        path.push_back(k);
        self(self, st->getElementType(k));
        path.pop_back();
      }
    } else if (auto *ar = llvm::dyn_cast<llvm::ArrayType>(t)) {
      for (unsigned k = 0; k < ar->getNumElements(); ++k) {
        path.push_back(k);
        self(self, ar->getElementType());
        path.pop_back();
      }
    } else {
      paths.push_back(path);
    }
  };
  walk(walk, type);
  return paths;
}

// Replaces each phi of an aggregate holding pointers by one phi per scalar field, the
// aggregate being rebuilt after them. The stack check's retry path makes every
// aggregate parameter (an interface, a string, a slice) such a phi, which the split below
// cannot take apart (the incoming values would stay aggregates used by a phi): without
// this, no Go function with such a parameter got a stack map (runtime.SetFinalizer
// among them), and its frames and the callee-saved registers it left to the runtime
// were scanned conservatively (fixedbugs/issue46725.go on arm64).
void SplitAggregatePhis(llvm::Function &f) {
  std::vector<llvm::PHINode *> phis;
  for (llvm::BasicBlock &b : f)
    for (llvm::PHINode &phi : b.phis())
      if (Untracked(phi.getType()) && !llvm::isa<llvm::VectorType>(phi.getType()))
        phis.push_back(&phi);
  for (llvm::PHINode *phi : phis) {
    std::vector<std::vector<unsigned>> paths = LeafPaths(phi->getType());
    if (paths.empty() || paths.size() > 64) continue;
    std::vector<llvm::PHINode *> fields;
    for (auto &p : paths) {
      llvm::Type *t = llvm::ExtractValueInst::getIndexedType(phi->getType(), p);
      fields.push_back(llvm::PHINode::Create(t, phi->getNumIncomingValues(), phi->getName() + ".f",
                                             phi->getIterator()));
    }
    // One extraction per predecessor (a block may be listed more than once).
    std::map<llvm::BasicBlock *, std::vector<llvm::Value *>> parts;
    for (unsigned i = 0; i < phi->getNumIncomingValues(); ++i) {
      llvm::BasicBlock *from = phi->getIncomingBlock(i);
      auto [it, inserted] = parts.try_emplace(from);
      if (inserted) {
        llvm::IRBuilder<> b(from->getTerminator());
        for (auto &p : paths)
          it->second.push_back(b.CreateExtractValue(phi->getIncomingValue(i), p));
      }
      for (size_t k = 0; k < paths.size(); ++k)
        fields[k]->addIncoming(it->second[k], from);
    }
    llvm::IRBuilder<> b(&*phi->getParent()->getFirstInsertionPt());
    llvm::Value *agg = llvm::PoisonValue::get(phi->getType());
    for (size_t k = 0; k < paths.size(); ++k)
      agg = b.CreateInsertValue(agg, fields[k], paths[k]);
    phi->replaceAllUsesWith(agg);
    phi->eraseFromParent();
  }
}

// Splits f's aggregate values that hold pointers so that none is live across a call: each
// is taken apart into its scalar fields right where it is defined, and put together again
// right before each use other than an extractvalue (a call argument, a store, a return,
// an insertvalue, a phi's incoming value at the end of its block). Only the scalars then
// live across calls, and the rewrite tracks those.
void SplitAggregates(llvm::Function &f) {
  std::vector<llvm::Value *> aggs;
  for (llvm::Argument &a : f.args())
    if (Untracked(a.getType()) && !llvm::isa<llvm::VectorType>(a.getType())) aggs.push_back(&a);
  for (llvm::Instruction &i : llvm::instructions(f))
    if (Untracked(i.getType()) && !llvm::isa<llvm::VectorType>(i.getType())) aggs.push_back(&i);
  for (llvm::Value *v : aggs) {
    llvm::Instruction *at;
    if (auto *i = llvm::dyn_cast<llvm::Instruction>(v))
      at = llvm::isa<llvm::PHINode>(i) ? &*i->getParent()->getFirstInsertionPt() : i->getNextNode();
    else
      at = &*f.getEntryBlock().getFirstInsertionPt();
    if (at == nullptr) continue;
    // The leaf fields, by index path.
    std::vector<std::vector<unsigned>> paths = LeafPaths(v->getType());
    if (paths.size() > 64) continue; // large aggregates: left to the check below
    std::vector<llvm::Use *> uses;
    for (llvm::Use &u : v->uses())
      uses.push_back(&u);
    llvm::IRBuilder<> b(at);
    std::vector<llvm::Value *> parts;
    for (auto &p : paths)
      parts.push_back(b.CreateExtractValue(v, p));
    for (llvm::Use *u : uses) {
      auto *user = llvm::cast<llvm::Instruction>(u->getUser());
      if (auto *e = llvm::dyn_cast<llvm::ExtractValueInst>(user)) {
        // A field (or sub-aggregate) of v: from the parts when it is a leaf.
        bool leaf = false;
        for (size_t k = 0; k < paths.size() && !leaf; ++k)
          if (llvm::ArrayRef<unsigned>(paths[k]) == e->getIndices()) {
            e->replaceAllUsesWith(parts[k]);
            leaf = true;
          }
        if (leaf) {
          if (std::find(parts.begin(), parts.end(), e) == parts.end()) e->eraseFromParent();
        } else {
          llvm::IRBuilder<> rb(e);
          llvm::Value *agg = llvm::PoisonValue::get(v->getType());
          for (size_t k = 0; k < paths.size(); ++k)
            agg = rb.CreateInsertValue(agg, parts[k], paths[k]);
          e->setOperand(0, agg);
        }
        continue;
      }
      llvm::Instruction *before = user;
      if (auto *phi = llvm::dyn_cast<llvm::PHINode>(user))
        before = phi->getIncomingBlock(*u)->getTerminator();
      llvm::IRBuilder<> rb(before);
      llvm::Value *agg = llvm::PoisonValue::get(v->getType());
      for (size_t k = 0; k < paths.size(); ++k)
        agg = rb.CreateInsertValue(agg, parts[k], paths[k]);
      u->set(agg);
    }
  }
}

// Whether no value of f that holds pointers untracked by the rewrite is live across a
// safepoint. A conservative check: such a value's uses must all follow it in its block
// with no safepoint in between.
bool Trackable(llvm::Function &f) {
  for (llvm::Argument &a : f.args())
    if (Untracked(a.getType()) && !a.use_empty()) {
      // Used only before the entry block's first safepoint.
      for (llvm::User *u : a.users()) {
        auto *i = llvm::cast<llvm::Instruction>(u);
        if (i->getParent() != &f.getEntryBlock()) return false;
        for (llvm::Instruction *p = i->getPrevNode(); p != nullptr; p = p->getPrevNode())
          if (auto *c = llvm::dyn_cast<llvm::CallBase>(p); c && IsSafepoint(*c)) return false;
      }
    }
  for (llvm::Instruction &i : llvm::instructions(f)) {
    if (!Untracked(i.getType())) continue;
    HoistExtracts(i);
    for (llvm::User *u : i.users()) {
      auto *ui = llvm::cast<llvm::Instruction>(u);
      if (ui->getParent() != i.getParent() || llvm::isa<llvm::PHINode>(ui)) return false;
      for (llvm::Instruction *p = ui->getPrevNode(); p != nullptr && p != &i; p = p->getPrevNode())
        if (auto *c = llvm::dyn_cast<llvm::CallBase>(p); c && IsSafepoint(*c)) return false;
    }
  }
  return true;
}

// Calls that never reach the collector and must stay plain calls: the setjmp-like
// context save of defer frames (returns twice), the stack-growth entry (its caller's
// frame is not set up for a safepoint yet).
bool IsLeaf(const llvm::Function &callee) {
  if (callee.hasFnAttribute(llvm::Attribute::ReturnsTwice)) return true;
  llvm::StringRef n = callee.getName();
  return n == "runtime.morestack" || n == "talpa_morestack";
}

// Recomputes the addresses made from f's allocas (getelementptr, bitcast of one, at any
// depth) right where each is used, so that none is a pointer value live across a call.
// The optimizer hoists them (a loop's field addresses of its receive buffer, computed
// before the loop): the rewrite would then keep the address in a slot, live at every
// call of the loop, and the collector, which scans a stack object that is no root when a
// live pointer points into it, would scan the buffer and what it still holds
// (fixedbugs/issue15281.go f2). A use needs the address only when it runs: a callee
// given the address keeps it in its own frame.
void SinkAllocaAddresses(llvm::Function &f) {
  std::vector<llvm::Instruction *> work;
  for (llvm::Instruction &i : f.getEntryBlock())
    if (auto *a = llvm::dyn_cast<llvm::AllocaInst>(&i))
      for (llvm::User *u : a->users())
        if (llvm::isa<llvm::GetElementPtrInst>(u) || llvm::isa<llvm::BitCastInst>(u))
          work.push_back(llvm::cast<llvm::Instruction>(u));
  std::set<llvm::Instruction *> done;
  std::vector<llvm::Instruction *> unused;
  while (!work.empty()) {
    llvm::Instruction *addr = work.back();
    work.pop_back();
    if (!done.insert(addr).second) continue;
    std::vector<llvm::Use *> uses;
    for (llvm::Use &u : addr->uses())
      uses.push_back(&u);
    for (llvm::Use *u : uses) {
      auto *user = llvm::cast<llvm::Instruction>(u->getUser());
      llvm::Instruction *at = user;
      if (auto *phi = llvm::dyn_cast<llvm::PHINode>(user))
        at = phi->getIncomingBlock(*u)->getTerminator();
      if (at == addr->getNextNode() && !llvm::isa<llvm::PHINode>(user)) {
        // Used right after it is made: nothing runs in between.
        if (llvm::isa<llvm::GetElementPtrInst>(user) || llvm::isa<llvm::BitCastInst>(user))
          work.push_back(user);
        continue;
      }
      llvm::Instruction *copy = addr->clone();
      copy->setName(addr->getName());
      copy->insertBefore(at);
      u->set(copy);
      if (llvm::isa<llvm::GetElementPtrInst>(user) || llvm::isa<llvm::BitCastInst>(user))
        work.push_back(user);
    }
    if (addr->use_empty()) unused.push_back(addr);
  }
  for (llvm::Instruction *i : unused)
    i->eraseFromParent();
}

// Hides f's stack objects from the rewrite, which cannot take an alloca for a GC pointer:
// each use of an alloca's address gets the address back from an integer made next to
// the alloca (inttoptr(ptrtoint a)), so no alloca is live across a call. Stack objects
// are found by their frame offsets instead (the function's stack object record).
void HideAllocas(llvm::Function &f) {
  std::vector<llvm::AllocaInst *> allocas;
  for (llvm::Instruction &i : llvm::instructions(f))
    if (auto *a = llvm::dyn_cast<llvm::AllocaInst>(&i)) allocas.push_back(a);
  llvm::Type *intptr = f.getParent()->getDataLayout().getIntPtrType(f.getContext());
  for (llvm::AllocaInst *a : allocas) {
    if (a->use_empty()) continue;
    auto *addr =
        llvm::CastInst::Create(llvm::Instruction::PtrToInt, a, intptr, a->getName() + ".addr");
    addr->insertAfter(a);
    std::vector<llvm::Use *> uses;
    for (llvm::Use &u : a->uses())
      if (u.getUser() != addr) uses.push_back(&u);
    for (llvm::Use *u : uses) {
      auto *user = llvm::cast<llvm::Instruction>(u->getUser());
      llvm::Instruction *at = user;
      if (auto *phi = llvm::dyn_cast<llvm::PHINode>(user))
        at = phi->getIncomingBlock(*u)->getTerminator();
      auto *p = llvm::CastInst::Create(llvm::Instruction::IntToPtr, addr, a->getType(),
                                       a->getName() + ".p", at);
      u->set(p);
    }
  }
}

// The rewrite counts the arguments of a call as live across it (a callee may collect
// while it still uses them; its own frame then keeps what it needs): a pointer passed to
// its last use would stay a root in the caller for the whole call, where gc lets it go
// (fixedbugs/issue32477.go). Drops from each statepoint's "gc-live" bundle the values
// whose relocation nothing uses, until no statepoint changes.
void DropDeadLive(llvm::Function &f) {
  for (bool changed = true; changed;) {
    changed = false;
    std::vector<llvm::GCStatepointInst *> sps;
    for (llvm::Instruction &i : llvm::instructions(f))
      if (auto *sp = llvm::dyn_cast<llvm::GCStatepointInst>(&i)) sps.push_back(sp);
    for (llvm::GCStatepointInst *sp : sps) {
      auto bundle = sp->getOperandBundle(llvm::LLVMContext::OB_gc_live);
      if (!bundle || bundle->Inputs.empty()) continue;
      size_t n = bundle->Inputs.size();
      std::vector<bool> needed(n, false);
      std::vector<llvm::GCRelocateInst *> relocs;
      for (llvm::User *u : sp->users())
        if (auto *r = llvm::dyn_cast<llvm::GCRelocateInst>(u)) {
          relocs.push_back(r);
          if (!r->use_empty()) {
            needed[r->getBasePtrIndex()] = true;
            needed[r->getDerivedPtrIndex()] = true;
          }
        }
      if (std::all_of(needed.begin(), needed.end(), [](bool b) { return b; })) continue;
      std::vector<llvm::Value *> keep;
      std::vector<unsigned> index(n, 0);
      for (size_t i = 0; i < n; ++i)
        if (needed[i]) {
          index[i] = static_cast<unsigned>(keep.size());
          keep.push_back(bundle->Inputs[i]);
        }
      std::vector<llvm::OperandBundleDef> bundles;
      for (unsigned b = 0; b < sp->getNumOperandBundles(); ++b) {
        llvm::OperandBundleUse use = sp->getOperandBundleAt(b);
        if (use.getTagID() == llvm::LLVMContext::OB_gc_live) {
          if (!keep.empty()) bundles.emplace_back("gc-live", keep);
        } else {
          bundles.emplace_back(use);
        }
      }
      llvm::CallBase *replacement = llvm::CallBase::Create(sp, bundles, sp->getIterator());
      replacement->takeName(sp);
      for (llvm::GCRelocateInst *r : relocs) {
        if (r->use_empty()) {
          r->eraseFromParent();
          continue;
        }
        llvm::Type *i32 = llvm::Type::getInt32Ty(f.getContext());
        r->setArgOperand(1, llvm::ConstantInt::get(i32, index[r->getBasePtrIndex()]));
        r->setArgOperand(2, llvm::ConstantInt::get(i32, index[r->getDerivedPtrIndex()]));
      }
      sp->replaceAllUsesWith(replacement);
      sp->eraseFromParent();
      changed = true;
    }
  }
}

// Byte-typed objects larger than this are not zeroed on entry nor cleared after their
// last read (both are for precision, not soundness: a stale word in an object kept only
// makes the scan keep more).
constexpr uint64_t kMaxZeroedBytes = 256;

// Whether the object whose address and derived addresses are in addrs is read by i only
// while i runs: a load or a copy, or a call that neither keeps the address (nocapture;
// the channel operations, which are done with the element when they return) nor may
// return one derived from it (it returns no pointer).
bool ReadOnlyDuring(llvm::Instruction *i, const std::set<llvm::Value *> &addrs) {
  if (llvm::isa<llvm::LoadInst>(i) || llvm::isa<llvm::MemTransferInst>(i)) return true;
  auto *c = llvm::dyn_cast<llvm::CallBase>(i);
  if (c == nullptr || HoldsPointer(c->getType())) return false;
  llvm::StringRef callee = c->getCalledFunction() ? c->getCalledFunction()->getName() : "";
  bool chanop = callee == "runtime.chansend1" || callee == "runtime.chanrecv1" ||
                callee == "runtime.chanrecv2" || callee == "runtime.selectnbsend" ||
                callee == "runtime.selectnbrecv";
  for (unsigned j = 0; j < c->arg_size(); ++j)
    if (addrs.count(c->getArgOperand(j)) && !chanop && !c->doesNotCapture(j)) return false;
  return true;
}

// Liveness of a stack object at calls, from what its uses do to its memory: a read (a
// load, a call given its address: the callee may read through it) makes it live before
// it; a write of the whole object (a store or memset or memcpy covering it from its
// first byte) makes it dead before it, whatever came earlier; other writes and address
// arithmetic do neither. The object is live at a call if a read follows on some path
// with no whole write in between (fixedbugs/issue15281.go: a loop's receive buffer,
// cleared before each receive, is dead across the rest of the loop's body once its value
// was loaded). A standard backward dataflow over the blocks.
class ObjectLiveness {
public:
  explicit ObjectLiveness(llvm::AllocaInst &a) {
    const llvm::DataLayout &dl = a.getDataLayout();
    auto size = a.getAllocationSize(dl);
    uint64_t bytes = size && !size->isScalable() ? size->getFixedValue() : UINT64_MAX;
    std::vector<llvm::Value *> work = {&a};
    std::set<llvm::Value *> seen;
    while (!work.empty()) {
      llvm::Value *v = work.back();
      work.pop_back();
      if (!seen.insert(v).second) continue;
      // Whether v is the object's first byte (a whole write through it kills).
      llvm::APInt off(dl.getIndexTypeSizeInBits(v->getType()), 0);
      bool first = v->stripAndAccumulateConstantOffsets(dl, off, true) == &a && off.isZero();
      auto covers = [&](uint64_t n) { return first && n >= bytes; };
      for (llvm::Use &u : v->uses()) {
        auto *ui = llvm::cast<llvm::Instruction>(u.getUser());
        if (llvm::isa<llvm::PHINode>(ui) || llvm::isa<llvm::GetElementPtrInst>(ui) ||
            llvm::isa<llvm::SelectInst>(ui) || llvm::isa<llvm::BitCastInst>(ui) ||
            llvm::isa<llvm::AddrSpaceCastInst>(ui)) {
          work.push_back(ui);
        } else if (auto *st = llvm::dyn_cast<llvm::StoreInst>(ui)) {
          if (st->getValueOperand() == v) // the address itself stored: keep it alive
            event(ui, Read);
          else if (covers(dl.getTypeStoreSize(st->getValueOperand()->getType()).getFixedValue()))
            event(ui, Kill);
        } else if (auto *ms = llvm::dyn_cast<llvm::MemSetInst>(ui)) {
          auto *len = llvm::dyn_cast<llvm::ConstantInt>(ms->getLength());
          if (u.getOperandNo() == 0 && len && covers(len->getZExtValue())) event(ui, Kill);
        } else if (auto *mt = llvm::dyn_cast<llvm::MemTransferInst>(ui)) {
          auto *len = llvm::dyn_cast<llvm::ConstantInt>(mt->getLength());
          if (u.getOperandNo() != 0)
            event(ui, Read); // the source
          else if (len && covers(len->getZExtValue()))
            event(ui, Kill);
        } else if (auto *ii = llvm::dyn_cast<llvm::IntrinsicInst>(ui);
                   ii && ii->isLifetimeStartOrEnd()) {
          // removed with the other markers
        } else if (llvm::isa<llvm::ICmpInst>(ui)) {
          // compares the address: no access
        } else {
          event(ui, Read); // loads, calls, anything else
        }
      }
    }
    seen_ = seen;
    // Live on entry to each block: its first event, else live on exit (a fixpoint).
    llvm::Function &f = *a.getFunction();
    for (bool changed = true; changed;) {
      changed = false;
      for (llvm::BasicBlock &b : f) {
        bool in = liveFrom(&b, &*b.begin());
        if (in && !liveIn_.count(&b)) {
          liveIn_.insert(&b);
          changed = true;
        }
      }
    }
  }

  // Whether the object is a root while call runs: a read follows the call (the call's
  // own read counts only when the call can run again, around a loop). A callee given
  // the object's address keeps it alive itself, through the pointer in its frame (the
  // object is then scanned as gc's stack objects are: TrackStackObjects).
  bool liveAt(const llvm::CallBase &call) const {
    return liveFrom(call.getParent(), call.getNextNode());
  }
  // Whether the object is live right after i (ClearDeadObjects).
  bool liveAfter(const llvm::Instruction &i) const {
    return liveFrom(i.getParent(), i.getNextNode());
  }
  // The instructions that read it, and its address with those derived from it.
  std::vector<llvm::Instruction *> reads() const {
    std::vector<llvm::Instruction *> r;
    for (auto [i, k] : events_)
      if (k == Read) r.push_back(const_cast<llvm::Instruction *>(i));
    return r;
  }
  const std::set<llvm::Value *> &addresses() const { return seen_; }

private:
  enum Kind { Read, Kill };
  void event(llvm::Instruction *i, Kind k) {
    auto [it, inserted] = events_.try_emplace(i, k);
    if (!inserted && k == Read) it->second = Read; // a read of it happens first
  }
  // Live just before i of block b (i null: at b's end).
  bool liveFrom(const llvm::BasicBlock *b, const llvm::Instruction *i) const {
    for (; i != nullptr; i = i->getNextNode()) {
      auto e = events_.find(i);
      if (e != events_.end()) return e->second == Read;
    }
    for (const llvm::BasicBlock *s : llvm::successors(b))
      if (liveIn_.count(s)) return true;
    return false;
  }
  std::map<const llvm::Instruction *, Kind> events_;
  std::set<const llvm::BasicBlock *> liveIn_;
  std::set<llvm::Value *> seen_;
};

// Undoes one speculation of LLVM's that moves a pointer's liveness: a load through a
// select of two addresses, one of them a constant holding zero (`p := &s` or `&null`,
// then `p.h`), becomes a select of two loads, the constant one folded:
// `select c, (load x), zeroinitializer`. The object at x is then read, and live, until
// that point whatever c says; gc keeps p, which points to it only when c holds
// (test/stackobj3.go). Put back as a load through `select c, x, @zero` (a constant zero
// of the loaded type), the select placed where both x and c are first available: the
// pointer then lives in a slot of its own and reaches x only when c holds.
void UnspeculateLoads(llvm::Function &f) {
  std::vector<llvm::SelectInst *> selects;
  for (llvm::Instruction &i : llvm::instructions(f))
    if (auto *s = llvm::dyn_cast<llvm::SelectInst>(&i)) selects.push_back(s);
  if (selects.empty()) return;
  llvm::DominatorTree dt(f);
  llvm::Module &m = *f.getParent();
  const llvm::DataLayout &dl = m.getDataLayout();
  std::map<llvm::Type *, llvm::GlobalVariable *> zeros;
  for (llvm::SelectInst *sel : selects) {
    bool onTrue = llvm::isa<llvm::LoadInst>(sel->getTrueValue());
    auto *ld = llvm::dyn_cast<llvm::LoadInst>(onTrue ? sel->getTrueValue() : sel->getFalseValue());
    auto *k = llvm::dyn_cast<llvm::Constant>(onTrue ? sel->getFalseValue() : sel->getTrueValue());
    if (!ld || !k || !k->isNullValue() || !ld->isSimple() || !ld->hasOneUse() ||
        !HoldsPointer(ld->getType()))
      continue;
    llvm::Value *x = ld->getPointerOperand();
    llvm::Value *c = sel->getCondition();
    if (x->getType()->getPointerAddressSpace() != 0 || c->getType()->isVectorTy()) continue;
    auto firstAfter = [&](llvm::Value *v) -> llvm::Instruction * {
      if (auto *i = llvm::dyn_cast<llvm::Instruction>(v)) {
        if (llvm::isa<llvm::PHINode>(i)) return &*i->getParent()->getFirstInsertionPt();
        if (i->isTerminator()) return nullptr;
        return i->getNextNode();
      }
      return &*f.getEntryBlock().getFirstInsertionPt();
    };
    llvm::Instruction *px = firstAfter(x), *pc = firstAfter(c);
    if (!px || !pc) continue;
    llvm::Instruction *at = dt.dominates(px, pc) ? pc : dt.dominates(pc, px) ? px : nullptr;
    if (!at || !dt.dominates(at, ld)) continue;
    while (llvm::isa<llvm::AllocaInst>(at))
      at = at->getNextNode();
    llvm::GlobalVariable *&zero = zeros[ld->getType()];
    if (zero == nullptr) {
      zero = new llvm::GlobalVariable(m, ld->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                      llvm::Constant::getNullValue(ld->getType()), "talpa.zero");
      zero->setAlignment(dl.getABITypeAlign(ld->getType()));
    }
    if (zero->getAlign().valueOrOne() < ld->getAlign()) zero->setAlignment(ld->getAlign());
    llvm::IRBuilder<> b(at);
    llvm::Value *p =
        onTrue ? b.CreateSelect(c, x, zero, "unspec") : b.CreateSelect(c, zero, x, "unspec");
    llvm::IRBuilder<> lb(sel);
    llvm::LoadInst *load = lb.CreateAlignedLoad(ld->getType(), p, ld->getAlign(), ld->getName());
    sel->replaceAllUsesWith(load);
    sel->eraseFromParent();
    ld->eraseFromParent();
  }
}

// Stack objects: the entry block's static allocas that may hold pointers, whose address
// never goes into memory (Go's escape analysis keeps such objects off the heap: their
// address lives only in SSA values and call arguments). One is a root at a call if one of
// its uses (through derived addresses) can run after the call; each call that becomes a
// statepoint carries the indices of the objects that are not roots there as its "deopt"
// values, which the stack map records as constants. Those are gc's stack objects: the
// collector scans one only if a pointer it finds on the stack points into it (the
// callee's own slot holding an argument's address, another object being scanned, a
// conservatively scanned word), so an argument copy the call itself uses is not a root
// (the callee keeps it alive as long as it needs it; docs/runtime/gc.md "Stack
// scanning"). A function with a returns-twice call (a defer frame's context save) may be
// resumed right after that call from any later call that panics: uses reachable from
// there count as following every call. Lifetime markers go, so that no two objects share
// memory. Returns the objects, in index order.
std::vector<llvm::AllocaInst *> TrackStackObjects(llvm::Function &f) {
  std::vector<llvm::AllocaInst *> objects;
  std::vector<llvm::CallBase *> resumes;
  for (llvm::Instruction &i : llvm::instructions(f))
    if (auto *c = llvm::dyn_cast<llvm::CallBase>(&i);
        c && c->hasFnAttr(llvm::Attribute::ReturnsTwice))
      resumes.push_back(c);
  std::vector<std::vector<llvm::Instruction *>> uses;
  for (llvm::Instruction &i : f.getEntryBlock()) {
    auto *a = llvm::dyn_cast<llvm::AllocaInst>(&i);
    if (!a || !a->isStaticAlloca() || !MayHoldPointers(*a)) continue;
    if (auto *st = llvm::dyn_cast<llvm::StructType>(a->getAllocatedType());
        st && st->hasName() && st->getName() == "abi.deferframe")
      continue;
    std::vector<llvm::Instruction *> at;
    std::vector<llvm::Value *> work = {a};
    std::vector<llvm::Value *> seen;
    bool escapes = false;
    while (!work.empty() && !escapes) {
      llvm::Value *v = work.back();
      work.pop_back();
      if (std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
      seen.push_back(v);
      for (llvm::Use &u : v->uses()) {
        auto *ui = llvm::cast<llvm::Instruction>(u.getUser());
        if (auto *phi = llvm::dyn_cast<llvm::PHINode>(ui)) {
          at.push_back(phi->getIncomingBlock(u)->getTerminator());
          work.push_back(phi);
        } else if (llvm::isa<llvm::GetElementPtrInst>(ui) || llvm::isa<llvm::SelectInst>(ui) ||
                   llvm::isa<llvm::BitCastInst>(ui) || llvm::isa<llvm::AddrSpaceCastInst>(ui)) {
          at.push_back(ui);
          work.push_back(ui);
        } else if (auto *st = llvm::dyn_cast<llvm::StoreInst>(ui)) {
          if (st->getValueOperand() == v) escapes = true;
          at.push_back(ui);
        } else if (auto *ii = llvm::dyn_cast<llvm::IntrinsicInst>(ui);
                   ii && ii->isLifetimeStartOrEnd()) {
          // Not a use: the markers go (below), and an object's end is no reason to keep it.
        } else if (llvm::isa<llvm::LoadInst>(ui) || llvm::isa<llvm::ICmpInst>(ui) ||
                   llvm::isa<llvm::CallBase>(ui)) {
          at.push_back(ui);
        } else {
          escapes = true; // ptrtoint, insertvalue, ret, atomics...: not followed
        }
      }
    }
    if (escapes) continue;
    objects.push_back(a);
    uses.push_back(std::move(at));
  }
  if (objects.empty()) return objects;
  std::vector<ObjectLiveness> liveness;
  for (llvm::AllocaInst *a : objects)
    liveness.emplace_back(*a);

  // Blocks reachable from each block's successors, computed on demand.
  std::map<llvm::BasicBlock *, std::set<llvm::BasicBlock *>> reach;
  auto reachable = [&](llvm::BasicBlock *b) -> const std::set<llvm::BasicBlock *> & {
    auto [it, inserted] = reach.try_emplace(b);
    if (inserted) {
      std::vector<llvm::BasicBlock *> work(llvm::succ_begin(b), llvm::succ_end(b));
      while (!work.empty()) {
        llvm::BasicBlock *x = work.back();
        work.pop_back();
        if (!it->second.insert(x).second) continue;
        for (llvm::BasicBlock *y : llvm::successors(x))
          work.push_back(y);
      }
    }
    return it->second;
  };
  llvm::Type *i32 = llvm::Type::getInt32Ty(f.getContext());
  std::vector<llvm::CallBase *> calls;
  for (llvm::Instruction &i : llvm::instructions(f))
    if (auto *c = llvm::dyn_cast<llvm::CallBase>(&i);
        c && IsSafepoint(*c) && !c->getOperandBundle(llvm::LLVMContext::OB_deopt)) {
      if (auto *callee = c->getCalledFunction();
          callee && callee->hasFnAttribute("gc-leaf-function"))
        continue;
      calls.push_back(c);
    }
  // Whether a use in us can run after the instruction at has run (at itself counts only
  // when it can run again: a loop passing the same argument copy on every trip).
  auto usedAfter = [&](const std::vector<llvm::Instruction *> &us, llvm::Instruction *at) {
    llvm::BasicBlock *b = at->getParent();
    const std::set<llvm::BasicBlock *> &after = reachable(b);
    for (llvm::Instruction *u : us) {
      if (u->getParent() != b ? after.count(u->getParent()) != 0
                              : after.count(b) != 0 || (u != at && at->comesBefore(u)))
        return true;
    }
    return false;
  };
  // The objects used after a resumption point: roots at every call. A defer frame's
  // context save returns 0 first and nonzero when a recovered panic resumes the function
  // there; when its result only decides a branch on zero, the resumption goes on in that
  // branch's nonzero target.
  auto usedOnResume = [&](const std::vector<llvm::Instruction *> &us, llvm::CallBase *r) {
    llvm::BasicBlock *target = nullptr;
    if (r->hasOneUse())
      if (auto *cmp = llvm::dyn_cast<llvm::ICmpInst>(*r->user_begin());
          cmp && cmp->hasOneUse() && cmp->getOperand(0) == r && cmp->getParent() == r->getParent())
        if (auto *zero = llvm::dyn_cast<llvm::ConstantInt>(cmp->getOperand(1));
            zero && zero->isZero())
          if (auto *br = llvm::dyn_cast<llvm::BranchInst>(*cmp->user_begin());
              br && br->isConditional() && br->getParent() == r->getParent()) {
            if (cmp->getPredicate() == llvm::ICmpInst::ICMP_EQ) target = br->getSuccessor(1);
            if (cmp->getPredicate() == llvm::ICmpInst::ICMP_NE) target = br->getSuccessor(0);
          }
    if (target == nullptr || target == r->getParent()) return usedAfter(us, r);
    const std::set<llvm::BasicBlock *> &after = reachable(target);
    for (llvm::Instruction *u : us)
      if (u->getParent() == target || after.count(u->getParent()) != 0 ||
          (u->getParent() == r->getParent() && r->comesBefore(u)))
        return true;
    return false;
  };
  std::vector<bool> resumed(objects.size(), false);
  for (llvm::CallBase *r : resumes)
    for (size_t k = 0; k < objects.size(); ++k)
      if (!resumed[k] && usedOnResume(uses[k], r)) resumed[k] = true;
  // An object is cleared right after its last read (a read with no read after it but
  // after an overwrite), as its entry zeroing does before the first write: a stale word
  // pointing into a dead object (one of the runtime's frames below left it) then finds
  // nothing to keep (fixedbugs/issue15281.go: the slice a channel send copied from).
  const llvm::DataLayout &layout = f.getParent()->getDataLayout();
  for (size_t k = 0; k < objects.size(); ++k) {
    auto size = objects[k]->getAllocationSize(layout);
    if (resumed[k] || !size || size->isScalable() ||
        (!HoldsPointer(objects[k]->getAllocatedType()) && size->getFixedValue() > kMaxZeroedBytes))
      continue;
    for (llvm::Instruction *i : liveness[k].reads())
      if (!liveness[k].liveAfter(*i) && !i->isTerminator() &&
          ReadOnlyDuring(i, liveness[k].addresses())) {
        llvm::IRBuilder<> b(i->getNextNode());
        b.CreateMemSet(objects[k], b.getInt8(0), size->getFixedValue(), objects[k]->getAlign());
      }
  }
  for (llvm::CallBase *c : calls) {
    std::vector<llvm::Value *> dead;
    for (size_t k = 0; k < objects.size(); ++k)
      if (!resumed[k] && !liveness[k].liveAt(*c)) dead.push_back(llvm::ConstantInt::get(i32, k));
    if (dead.empty()) continue;
    llvm::SmallVector<llvm::OperandBundleDef, 2> bundles;
    c->getOperandBundlesAsDefs(bundles);
    bundles.emplace_back("deopt", dead);
    llvm::CallBase *n = llvm::CallBase::Create(c, bundles, c->getIterator());
    n->takeName(c);
    c->replaceAllUsesWith(n);
    c->eraseFromParent();
  }
  // Zeroed on entry, as gc zeroes its stack objects: a root object not written yet (one
  // the function fills later) or one reached through a stale pointer would otherwise
  // show the collector whatever an earlier frame left in that memory. After the stack
  // check (compiler/opt/stack_check.cpp), which may find the frame below the segment.
  {
    llvm::BasicBlock *start = &f.getEntryBlock();
    if (auto *br = llvm::dyn_cast<llvm::BranchInst>(start->getTerminator());
        start->getName() == "stackcheck" && br && br->isConditional())
      for (llvm::BasicBlock *succ : br->successors())
        if (!succ->getName().starts_with("morestack")) start = succ;
    llvm::IRBuilder<> b(start == &f.getEntryBlock() ? &*start->getFirstNonPHIOrDbgOrAlloca()
                                                    : &*start->getFirstInsertionPt());
    const llvm::DataLayout &dl = f.getParent()->getDataLayout();
    for (llvm::AllocaInst *a : objects)
      if (auto size = a->getAllocationSize(dl); size && !size->isScalable())
        if (HoldsPointer(a->getAllocatedType()) || size->getFixedValue() <= kMaxZeroedBytes)
          b.CreateMemSet(a, b.getInt8(0), size->getFixedValue(), a->getAlign());
  }
  // No sharing of memory between objects (stack coloring follows lifetime markers).
  std::vector<llvm::Instruction *> markers;
  for (llvm::Instruction &i : llvm::instructions(f))
    if (auto *ii = llvm::dyn_cast<llvm::IntrinsicInst>(&i); ii && ii->isLifetimeStartOrEnd())
      markers.push_back(ii);
  for (llvm::Instruction *m : markers)
    m->eraseFromParent();
  return objects;
}

// windows/amd64: clears the four words of the home area below the frame (where a Win64
// callee may store its register arguments) at the start of the body. The frame's own
// code never writes them (LLVM uses the area only for variadic functions), and the scan
// keeps them (a callee still running may read its stack arguments there), so what
// earlier, deeper frames left in that memory would otherwise stay a root for as long as
// the frame lives (stackobj3.go: a heap pointer SetFinalizer's frames left there;
// fixedbugs/issue46725.go: a dead address of a stack object).
void ClearHomeArea(llvm::Function &f) {
  llvm::Triple triple(f.getParent()->getTargetTriple());
  if (!triple.isOSWindows() || triple.getArch() != llvm::Triple::x86_64) return;
  // The area is the bottom of the frame only when the frame reserves its calls' argument
  // area once (no dynamic alloca) and makes a call at all (a statepoint).
  bool calls = false;
  for (llvm::Instruction &i : llvm::instructions(f)) {
    if (auto *a = llvm::dyn_cast<llvm::AllocaInst>(&i); a && !a->isStaticAlloca()) return;
    if (llvm::isa<llvm::GCStatepointInst>(&i)) calls = true;
  }
  if (!calls) return;
  llvm::BasicBlock *start = &f.getEntryBlock();
  if (auto *br = llvm::dyn_cast<llvm::BranchInst>(start->getTerminator());
      start->getName() == "stackcheck" && br && br->isConditional())
    for (llvm::BasicBlock *succ : br->successors())
      if (!succ->getName().starts_with("morestack")) start = succ;
  auto *asmTy = llvm::FunctionType::get(llvm::Type::getVoidTy(f.getContext()), false);
  llvm::InlineAsm *clear = llvm::InlineAsm::get(
      asmTy, "movq $$0, (%rsp); movq $$0, 8(%rsp); movq $$0, 16(%rsp); movq $$0, 24(%rsp)",
      "~{memory}", true);
  llvm::IRBuilder<> b(start == &f.getEntryBlock() ? &*start->getFirstNonPHIOrDbgOrAlloca()
                                                  : &*start->getFirstInsertionPt());
  b.CreateCall(asmTy, clear);
}

// Clears the callee-saved registers right before every statepoint. The rewrite keeps no
// live pointer in a register across such a call, but a dead one may still sit in a
// callee-saved register, and the runtime (C++) frames the call reaches save those
// registers where the collector scans them conservatively (fixedbugs/issue32477.go on
// arm64). The clobber makes the function save and restore them and keep nothing in them
// across calls; what a Go function inherits from a Go caller is then zero, what it
// inherits from a runtime caller is saved by its prologue, in a word the scan keeps. The
// frame pointer is kept. Windows has two more callee-saved integer registers, rsi and
// rdi (fixedbugs/issue27518b.go), and xmm6-15, which are left alone: compiled code keeps
// a pointer across a call in a spill slot (every pointer) or in a general register (the
// rest), never in a vector register, and moves through xmm0-5 are caller-saved.
// Whether f computes a pointer value a register could keep: a pointer argument or an
// instruction whose result is or holds a pointer, but the g it loads through the thread
// pointer (address space 257: a g is never garbage while its goroutine runs), the
// address of the stack check's parameter pack (morestack.pack, used on the cold path)
// and addresses of fields of those.
bool ComputesPointers(llvm::Function &f) {
  for (llvm::Argument &a : f.args())
    if (HoldsPointer(a.getType())) return true;
  // The g, the pack, and addresses into them (their fields).
  auto harmless = [](const llvm::Value *v) {
    while (auto *gep = llvm::dyn_cast<llvm::GetElementPtrInst>(v))
      v = gep->getPointerOperand();
    if (auto *l = llvm::dyn_cast<llvm::LoadInst>(v); l && l->getPointerAddressSpace() == 257)
      return true;
    // An alloca is a frame slot, used through inttoptr(ptrtoint) once hidden (HideAllocas):
    // those uses are what may reach a register.
    if (llvm::isa<llvm::AllocaInst>(v)) return true;
    if (auto *c = llvm::dyn_cast<llvm::IntToPtrInst>(v))
      if (auto *p = llvm::dyn_cast<llvm::PtrToIntInst>(c->getOperand(0)))
        return p->getPointerOperand()->getName().starts_with("morestack.pack");
    return false;
  };
  for (llvm::Instruction &i : llvm::instructions(f))
    if (HoldsPointer(i.getType()) && !harmless(&i)) return true;
  return false;
}

void ClearCalleeSaved(llvm::Function &f) {
  llvm::Triple triple(f.getParent()->getTargetTriple());
  // A function that computes no pointer puts only integers in those registers, and what
  // it inherits is what its caller left: cleared before the call by a precise Go caller
  // that computes pointers, else again only integers, or a runtime caller's own values
  // (saved where the scan keeps them). Not clearing costs no precision there, and saves
  // call-bound code the clearing and the saves it forces (fib: x1.37 CPU with it).
  if (!ComputesPointers(f)) return;
  // Each register with the instruction that zeroes it. The first one is the register the
  // back end takes as its base pointer in a frame with variable-sized objects (the large
  // allocas the stack check makes after its comparison) that also needs realignment or,
  // on arm64, a large local area: clobbering it there is undefined (stack.go crashed on
  // arm64), so such a function leaves it alone.
  struct reg {
    const char *name, *zero;
  };
  llvm::SmallVector<reg, 12> regs;
  const char *extra = "";
  switch (triple.getArch()) {
  case llvm::Triple::x86_64:
    regs = {{"rbx", "xorl %ebx, %ebx"},
            {"r12", "xorl %r12d, %r12d"},
            {"r13", "xorl %r13d, %r13d"},
            {"r14", "xorl %r14d, %r14d"},
            {"r15", "xorl %r15d, %r15d"}};
    if (triple.isOSWindows()) {
      regs.push_back({"rsi", "xorl %esi, %esi"});
      regs.push_back({"rdi", "xorl %edi, %edi"});
    }
    // xor sets the flags: a comparison the code generator placed before the clearing
    // and a setcc after it read the xors' flags (runtime_pkg.go's len(file) > 0).
    extra = ",~{dirflag},~{fpsr},~{flags}";
    break;
  case llvm::Triple::aarch64:
    for (const char *r : {"x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28"})
      regs.push_back({r, nullptr});
    break;
  case llvm::Triple::riscv64: // s1, s2-s11 (x9, x18-x27): the clobbers take x names
    regs = {{"x9", "li s1, 0"},  {"x18", "li s2, 0"},  {"x19", "li s3, 0"}, {"x20", "li s4, 0"},
            {"x21", "li s5, 0"}, {"x22", "li s6, 0"},  {"x23", "li s7, 0"}, {"x24", "li s8, 0"},
            {"x25", "li s9, 0"}, {"x26", "li s10, 0"}, {"x27", "li s11, 0"}};
    break;
  default:
    return;
  }
  bool dynamic = false;
  for (llvm::Instruction &i : llvm::instructions(f))
    if (auto *a = llvm::dyn_cast<llvm::AllocaInst>(&i); a && !a->isStaticAlloca()) dynamic = true;
  std::string code, clobbers;
  for (size_t k = dynamic ? 1 : 0; k < regs.size(); ++k) {
    const reg &r = regs[k];
    if (!code.empty()) code += "; ";
    code += r.zero ? std::string(r.zero) : std::string("mov ") + r.name + ", xzr"; // arm64
    if (!clobbers.empty()) clobbers += ",";
    clobbers += std::string("~{") + r.name + "}";
  }
  clobbers += extra;
  auto *asmTy = llvm::FunctionType::get(llvm::Type::getVoidTy(f.getContext()), false);
  llvm::InlineAsm *clear = llvm::InlineAsm::get(asmTy, code, clobbers, true);
  std::vector<llvm::Instruction *> sps;
  for (llvm::Instruction &i : llvm::instructions(f))
    if (llvm::isa<llvm::GCStatepointInst>(&i)) sps.push_back(&i);
  for (llvm::Instruction *sp : sps)
    llvm::CallInst::Create(asmTy, clear, "", sp->getIterator());
}

// LLVM 19's statepoint rewrite crashes on some functions with inline assembly among
// their calls, even ones marked gc-leaf-function (fixedbugs/bug293.go: the empty asm that
// keeps a named result's slot alive; issue24491a/b: the one keeping uintptr arguments'
// objects alive), while a call of a declared leaf function in its place goes through. So
// every inline assembly call of a precise function calls a stand-in declaration for the
// rewrite (same type, gc-leaf-function), and gets its assembly back afterwards.
class AsmMask {
public:
  void Hide(llvm::Function &f) {
    llvm::Module &m = *f.getParent();
    for (llvm::Instruction &i : llvm::instructions(f)) {
      auto *c = llvm::dyn_cast<llvm::CallInst>(&i);
      if (!c || !c->isInlineAsm()) continue;
      auto *a = llvm::cast<llvm::InlineAsm>(c->getCalledOperand());
      llvm::Function *&stand = standIns_[a];
      if (!stand) {
        stand = llvm::Function::Create(a->getFunctionType(), llvm::GlobalValue::ExternalLinkage,
                                       "talpa.asm." + llvm::Twine(standIns_.size()), m);
        stand->addFnAttr("gc-leaf-function");
        asms_.push_back({stand, a});
      }
      c->setCalledOperand(stand);
    }
  }
  // Puts the assembly back in every call of a stand-in and deletes the declarations.
  void Restore() {
    for (auto [stand, a] : asms_) {
      for (llvm::User *u : llvm::make_early_inc_range(stand->users()))
        if (auto *c = llvm::dyn_cast<llvm::CallInst>(u); c && c->getCalledOperand() == stand)
          c->setCalledOperand(a);
      if (stand->use_empty()) stand->eraseFromParent();
    }
  }

private:
  llvm::DenseMap<llvm::InlineAsm *, llvm::Function *> standIns_;
  std::vector<std::pair<llvm::Function *, llvm::InlineAsm *>> asms_;
};

// ---- Precise frames: what the driver needs to count a frame's other words dead ----

// The argument registers a value of type t takes at most: one per scalar leaf (two for
// one wider than a word), whatever its size.
uint64_t ArgumentLeaves(llvm::Type *t, const llvm::DataLayout &dl) {
  if (auto *st = llvm::dyn_cast<llvm::StructType>(t)) {
    uint64_t n = 0;
    for (llvm::Type *e : st->elements())
      n += ArgumentLeaves(e, dl);
    return n;
  }
  if (auto *at = llvm::dyn_cast<llvm::ArrayType>(t))
    return at->getNumElements() * ArgumentLeaves(at->getElementType(), dl);
  return std::max<uint64_t>(1, (dl.getTypeAllocSize(t).getKnownMinValue() + 7) / 8);
}

// At most how many words a call of f may pass on the stack, or nullopt when that is not
// known (a variadic callee, an argument passed by value in memory) or when the frame's
// body must stay scanned. A call whose arguments have no more scalar leaves in all than
// the convention has integer argument registers passes none (each leaf takes one
// register of its kind, and there are as many of the other kind); otherwise every leaf
// is counted as a stack word.
std::optional<uint64_t> OutgoingArgWords(llvm::Function &f) {
  llvm::Triple triple(f.getParent()->getTargetTriple());
  uint64_t regs, home = 0;
  switch (triple.getArch()) {
  case llvm::Triple::x86_64:
    regs = 6;
    if (triple.isOSWindows()) {
      // Four arguments in registers, whatever their kinds, and a home area of four
      // words reserved for them below the rest, which the callee may store them to.
      regs = 4;
      home = 4;
    }
    break;
  case llvm::Triple::aarch64:
  case llvm::Triple::riscv64:
    regs = 8;
    break;
  default:
    return std::nullopt;
  }
  const llvm::DataLayout &dl = f.getParent()->getDataLayout();
  uint64_t most = 0;
  for (llvm::Instruction &i : llvm::instructions(f)) {
    auto *c = llvm::dyn_cast<llvm::CallBase>(&i);
    if (c == nullptr || c->isInlineAsm()) continue;
    // A returns-twice call (a defer frame's context save) is returned to again from any
    // later call, an edge the rewrite's liveness does not see: what the resumption uses
    // may sit in any slot. Such frames keep their body scanned.
    if (c->hasFnAttr(llvm::Attribute::ReturnsTwice)) return std::nullopt;
    if (c->getFunctionType()->isVarArg()) return std::nullopt;
    if (llvm::isa<llvm::IntrinsicInst>(c) && !llvm::isa<llvm::MemIntrinsic>(c)) continue;
    // A result too large for the return registers comes back through a hidden pointer,
    // one more argument.
    uint64_t leaves = c->getType()->isAggregateType() ? 1 : 0;
    for (unsigned a = 0; a < c->arg_size(); ++a) {
      if (c->isByValArgument(a) || c->paramHasAttr(a, llvm::Attribute::InAlloca) ||
          c->paramHasAttr(a, llvm::Attribute::Preallocated))
        return std::nullopt;
      leaves += ArgumentLeaves(c->getArgOperand(a)->getType(), dl);
    }
    if (leaves > regs) most = std::max(most, leaves);
  }
  return most + home;
}

// The frame record (kFrameId): the outgoing argument words, then every static alloca of
// f with its size. Emitted in the entry block after the rewrite.
void RecordFrame(llvm::Function &f, uint64_t id, uint64_t outWords) {
  llvm::Module &module = *f.getParent();
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  std::vector<llvm::Value *> args = {llvm::ConstantInt::get(i64, id),
                                     llvm::ConstantInt::get(i32, 0),
                                     llvm::ConstantInt::get(i64, outWords)};
  for (llvm::Instruction &i : f.getEntryBlock()) {
    auto *a = llvm::dyn_cast<llvm::AllocaInst>(&i);
    if (a == nullptr || !a->isStaticAlloca()) continue;
    auto size = a->getAllocationSize(module.getDataLayout());
    if (!size || size->isScalable() || size->getFixedValue() == 0) continue;
    args.push_back(a);
    args.push_back(llvm::ConstantInt::get(i64, size->getFixedValue()));
  }
  llvm::IRBuilder<> b(f.getEntryBlock().getTerminator());
  b.CreateCall(llvm::Intrinsic::getDeclaration(&module, llvm::Intrinsic::experimental_stackmap),
               args);
}

} // namespace

unsigned MakeStackMaps(llvm::Module &module) {
  std::vector<llvm::Function *> precise;
  std::vector<std::vector<llvm::AllocaInst *>> objects; // per precise function
  std::vector<std::optional<uint64_t>> outWords;        // per precise function
  AsmMask asmMask;
  for (llvm::Function &f : module)
    if (f.isDeclaration() && IsLeaf(f)) f.addFnAttr("gc-leaf-function");
  for (llvm::Function &f : module) {
    if (f.isDeclaration()) continue;
    if (!f.getSubprogram() || f.hasGC()) continue;
    SplitAggregatePhis(f);
    SplitAggregates(f);
    if (!Trackable(f)) continue;
    if (const char *only = std::getenv("TALPA_PRECISE_ONLY"); only && f.getName() != only) continue;
    // The rewrite would make a statepoint of inline assembly (it only knows leaves by
    // their callee): mark those calls.
    // Nor can the code generator lower a statepoint whose result is an aggregate (one
    // returned through a hidden pointer came out as calls of that pointer): such a call
    // stays plain too, and a frame stopped there is scanned conservatively (no record).
    for (llvm::Instruction &i : llvm::instructions(f))
      if (auto *c = llvm::dyn_cast<llvm::CallBase>(&i);
          c && (c->isInlineAsm() || c->getType()->isAggregateType()))
        c->addFnAttr(llvm::Attribute::get(f.getContext(), "gc-leaf-function"));
    UnspeculateLoads(f);
    objects.push_back(TrackStackObjects(f));
    outWords.push_back(OutgoingArgWords(f));
    SinkAllocaAddresses(f);
    HideAllocas(f);
    asmMask.Hide(f);
    f.setGC(kGCStrategyName);
    precise.push_back(&f);
  }
  if (precise.empty()) return 0;
  if (const char *dump = std::getenv("TALPA_PRECISE_DUMP")) {
    std::error_code ec;
    llvm::raw_fd_ostream os(std::string(dump) + "." + module.getModuleIdentifier(), ec);
    module.print(os, nullptr);
  }

  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb;
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm;
  mpm.addPass(llvm::RewriteStatepointsForGC());
  mpm.run(module, mam);
  asmMask.Restore();

  // Number the call sites, and list each function's stack objects that may hold
  // pointers (static allocas) in a stack map record of their own.
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  for (size_t fi = 0; fi < precise.size(); ++fi) {
    llvm::Function &f = *precise[fi];
    DropDeadLive(f);
    ClearCalleeSaved(f);
    ClearHomeArea(f);
    uint64_t k = 0;
    for (llvm::Instruction &i : llvm::instructions(f)) {
      auto *sp = llvm::dyn_cast<llvm::GCStatepointInst>(&i);
      if (!sp) continue;
      if (k == kStackObjectsId) {
        // Too many call sites to number: the function keeps no table (the driver drops
        // records whose ID does not name a call site of its function).
        k = kStackObjectsId + 1;
        break;
      }
      sp->setArgOperand(0,
                        llvm::ConstantInt::get(i64, (uint64_t(fi + 1) << kStatepointIdShift) | k));
      ++k;
    }
    std::vector<llvm::Value *> args = {
        llvm::ConstantInt::get(i64, (uint64_t(fi + 1) << kStatepointIdShift) | kStackObjectsId),
        llvm::ConstantInt::get(i32, 0)};
    for (llvm::AllocaInst *a : objects[fi]) {
      auto size = a->getAllocationSize(module.getDataLayout());
      args.push_back(a);
      args.push_back(llvm::ConstantInt::get(i64, size ? size->getFixedValue() : 0));
    }
    for (llvm::Instruction &i : f.getEntryBlock())
      if (auto *a = llvm::dyn_cast<llvm::AllocaInst>(&i))
        if (auto *st = llvm::dyn_cast<llvm::StructType>(a->getAllocatedType());
            st && st->hasName() && st->getName() == "abi.deferframe") {
          llvm::IRBuilder<> b(f.getEntryBlock().getTerminator());
          b.CreateCall(
              llvm::Intrinsic::getDeclaration(&module, llvm::Intrinsic::experimental_stackmap),
              {llvm::ConstantInt::get(i64,
                                      (uint64_t(fi + 1) << kStatepointIdShift) | kDeferFrameId),
               llvm::ConstantInt::get(i32, 0), a});
          break;
        }
    if (outWords[fi])
      RecordFrame(f, (uint64_t(fi + 1) << kStatepointIdShift) | kFrameId, *outWords[fi]);
    if (args.size() > 2) {
      llvm::IRBuilder<> b(f.getEntryBlock().getTerminator());
      llvm::Function *stackmap =
          llvm::Intrinsic::getDeclaration(&module, llvm::Intrinsic::experimental_stackmap);
      b.CreateCall(stackmap, args);
    }
  }
  return static_cast<unsigned>(precise.size());
}

} // namespace talpa::opt
