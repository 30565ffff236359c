// Memory: where values live and every way they are written.
//
// Storage. A local variable lives in an alloca (mem2reg and SROA promote it) unless its
// address is taken (&x, &x.f, &a[i], a slice of an array variable, see FindAddressTaken),
// in which case its declaration allocates a fresh zeroed heap object with runtime.mallocgc
// and the variable's type descriptor, so each execution of the declaration makes a new
// variable that outlives the frame. Temporaries of memory types (arrays and structs, see
// context.h) are allocas in the entry block, one per site.
//
// The store funnel. Every write of a Go value into memory that is not one of the
// function's own temporaries goes through StoreValue (one value), ZeroValue (the zero
// value), MoveElems or ZeroElems (n elements, memmove semantics): variables (stack,
// heap or global), fields, elements, *p, composite literal elements, results written
// through the caller's pointer.
//
// The write barrier lives here, in one place. A store of a type with pointers
// (PtrData(t) > 0) into memory that is not one of this function's allocas (the heap, a
// global, or memory a pointer leads to) checks the one-byte flag runtime.writeBarrier:
//
//     pointer word:   if writeBarrier { gcWriteBarrier(slot, p) } else { *slot = p }
//                     (strings and slices: their pointer word; interfaces: both words)
//     bulk copy or clear of values with pointers (structs, arrays, copy, append, clear):
//                     if writeBarrier { bulkBarrierPreWrite(typ, dst, src, n) }
//                     memmove / memset
//
// so the fast path costs a load and a predictable branch. Constants (nil, addresses of
// static data such as string literals, copies of constant literals) stored into an
// object allocated just before in the same block need none. While the collector stops the
// world the flag is never set while Go code runs; GODEBUG=wbcheck=1 sets it for a whole
// run to exercise the slow paths (runtime/mbarrier.cpp).
#include "compiler/lower/context.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"

namespace talpa::lower {

llvm::AllocaInst *FunctionContext::Alloca(llvm::Type *t, int64_t align, const llvm::Twine &name) {
  // Allocas go first in the entry block, where mem2reg finds them.
  llvm::BasicBlock *eb = &fn->getEntryBlock();
  entry.SetInsertPoint(eb, eb->getFirstInsertionPt());
  llvm::AllocaInst *a = entry.CreateAlloca(t, nullptr, name);
  a->setAlignment(llvm::Align(static_cast<uint64_t>(align < 1 ? 1 : align)));
  return a;
}

llvm::AllocaInst *FunctionContext::Temp(TypeId t, const llvm::Twine &name) {
  return Alloca(m.LLVMType(t), m.Alignof(t), name);
}

void FunctionContext::CopyMemory(llvm::Value *dst, llvm::Value *src, TypeId t) {
  int64_t size = m.Sizeof(t);
  if (size == 0) return;
  llvm::Align a(static_cast<uint64_t>(m.Alignof(t)));
  b.CreateMemCpy(dst, a, src, a, static_cast<uint64_t>(size));
}

llvm::Value *FunctionContext::Load(llvm::Value *addr, TypeId t) {
  if (!IsMemory(t)) return b.CreateLoad(m.LLVMType(t), addr);
  llvm::AllocaInst *tmp = Temp(t);
  CopyMemory(tmp, addr, t);
  return tmp;
}

// ---------------------------------------------------------------------------
// The write barrier

namespace {

// The allocation or global addr points into, through GEPs and casts.
const llvm::Value *Base(const llvm::Value *addr) {
  for (;;) {
    addr = addr->stripPointerCasts();
    if (auto *gep = llvm::dyn_cast<llvm::GEPOperator>(addr)) {
      addr = gep->getPointerOperand();
      continue;
    }
    return addr;
  }
}

} // namespace

// Whether base is an object this block allocated with no call since (so no collection
// can have started in between): the object is still zeroed where it was not written, and
// a constant (null, or the address of static data, never a heap pointer) stored into it
// needs no barrier: no heap pointer is overwritten or written (gc's writebarrier pass:
// stores of global addresses and copies of read-only data into a new object).
static bool FreshObject(llvm::IRBuilder<> &b, const llvm::Value *base, llvm::Function *malloc) {
  auto *alloc = llvm::dyn_cast<llvm::CallInst>(base);
  if (!alloc || alloc->getCalledFunction() != malloc || alloc->getParent() != b.GetInsertBlock())
    return false;
  for (auto it = b.GetInsertPoint(); it != b.GetInsertBlock()->begin();) {
    --it;
    if (&*it == alloc) return true;
    if (auto *call = llvm::dyn_cast<llvm::CallInst>(&*it);
        call && !llvm::isa<llvm::IntrinsicInst>(call))
      return false;
  }
  return false;
}

bool FunctionContext::NeedsBarrier(llvm::Value *addr, TypeId t, llvm::Value *v) {
  if (m.PtrData(t) == 0) return false;
  const llvm::Value *base = Base(addr);
  if (llvm::isa<llvm::AllocaInst>(base)) return false;
  // A constant value, or for memory types a copy of constant data.
  auto *global = v ? llvm::dyn_cast<llvm::GlobalVariable>(v) : nullptr;
  bool constant = global ? global->isConstant() : v && llvm::isa<llvm::Constant>(v);
  return !(constant && FreshObject(b, base, m.Runtime(RuntimeFunc::MallocGC)));
}

llvm::Value *FunctionContext::WriteBarrierOn() {
  llvm::GlobalVariable *flag = m.module->getGlobalVariable("runtime.writeBarrier");
  if (!flag)
    flag = new llvm::GlobalVariable(*m.module, b.getInt8Ty(), false,
                                    llvm::GlobalValue::ExternalLinkage, nullptr,
                                    "runtime.writeBarrier");
  return b.CreateICmpNE(b.CreateLoad(b.getInt8Ty(), flag), b.getInt8(0), "wb");
}

// Branches on the flag: slow() runs when it is set, fast() otherwise (either may be null);
// both continue at a common block.
template <typename Slow, typename Fast>
static void OnBarrier(FunctionContext &fc, Slow slow, Fast fast) {
  llvm::LLVMContext &ctx = fc.m.ctx;
  llvm::BasicBlock *slowBB = llvm::BasicBlock::Create(ctx, "wb.slow", fc.fn);
  llvm::BasicBlock *fastBB = llvm::BasicBlock::Create(ctx, "wb.fast", fc.fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(ctx, "wb.done", fc.fn);
  llvm::MDBuilder md(ctx);
  fc.b.CreateCondBr(fc.WriteBarrierOn(), slowBB, fastBB, md.createUnlikelyBranchWeights());
  fc.b.SetInsertPoint(slowBB);
  slow();
  fc.b.CreateBr(done);
  fc.b.SetInsertPoint(fastBB);
  fast();
  fc.b.CreateBr(done);
  fc.b.SetInsertPoint(done);
}

void FunctionContext::StorePointerWB(llvm::Value *slot, llvm::Value *ptr) {
  OnBarrier(
      *this, [&] { b.CreateCall(m.Runtime(RuntimeFunc::GCWriteBarrier), {slot, ptr}); },
      [&] { b.CreateStore(ptr, slot); });
}

// A scalar value with pointers: pointers, strings, slices, interfaces (and maps, channels,
// functions: pointers too).
void FunctionContext::StoreWithBarrier(llvm::Value *addr, llvm::Value *v, TypeId t) {
  llvm::Type *lt = v->getType();
  if (lt->isPointerTy()) {
    StorePointerWB(addr, v);
    return;
  }
  auto *st = llvm::cast<llvm::StructType>(lt);
  bool iface = T.KindOf(T.Under(T.Default(t))) == types::TypeKind::Interface;
  for (unsigned i = 0; i < st->getNumElements(); ++i) {
    llvm::Value *part = b.CreateExtractValue(v, i);
    llvm::Value *slot = b.CreateStructGEP(st, addr, i);
    if (i == 0 || iface)
      StorePointerWB(slot, part);
    else
      b.CreateStore(part, slot);
  }
}

// A bulk write of n values of type elem at dst (from src, or cleared if src is null):
// the barrier over the old and new pointer words when the flag is set, then `write`.
template <typename Write>
static void BulkWrite(FunctionContext &fc, llvm::Value *dst, llvm::Value *src, llvm::Value *n,
                      TypeId elem, Write write) {
  if (!fc.NeedsBarrier(dst, elem, src)) {
    write();
    return;
  }
  llvm::Value *typ = fc.m.TypeDescriptor(elem);
  llvm::Value *from = src ? src : llvm::ConstantPointerNull::get(fc.m.ptrTy);
  OnBarrier(
      fc,
      [&] {
        fc.b.CreateCall(fc.m.Runtime(RuntimeFunc::BulkBarrierPreWrite),
                        {typ, dst, from, fc.b.CreateZExtOrTrunc(n, fc.m.intptrTy)});
      },
      [] {});
  write();
}

void FunctionContext::StoreValue(llvm::Value *addr, llvm::Value *v, TypeId t) {
  if (IsMemory(t)) {
    // v is a temporary of the consumer's (see context.h): it never overlaps addr.
    BulkWrite(*this, addr, v, b.getInt64(1), t, [&] { CopyMemory(addr, v, t); });
    return;
  }
  if (NeedsBarrier(addr, t, v)) {
    StoreWithBarrier(addr, v, t);
    return;
  }
  b.CreateStore(v, addr);
}

void FunctionContext::ZeroValue(llvm::Value *addr, TypeId t) {
  if (!IsMemory(t)) {
    llvm::Value *zero = llvm::Constant::getNullValue(m.LLVMType(t));
    if (NeedsBarrier(addr, t, zero))
      StoreWithBarrier(addr, zero, t);
    else
      b.CreateStore(zero, addr);
    return;
  }
  int64_t size = m.Sizeof(t);
  if (size == 0) return;
  BulkWrite(*this, addr, nullptr, b.getInt64(1), t, [&] {
    b.CreateMemSet(addr, b.getInt8(0), static_cast<uint64_t>(size),
                   llvm::Align(static_cast<uint64_t>(m.Alignof(t))));
  });
}

void FunctionContext::MoveElems(llvm::Value *dst, llvm::Value *src, llvm::Value *count,
                                TypeId elem) {
  int64_t size = m.Sizeof(elem);
  if (size == 0) return;
  BulkWrite(*this, dst, src, count, elem, [&] {
    llvm::Value *bytes = b.CreateMul(count, b.getInt64(size));
    llvm::Align a(static_cast<uint64_t>(m.Alignof(elem)));
    b.CreateMemMove(dst, a, src, a, bytes);
  });
}

void FunctionContext::ZeroElems(llvm::Value *dst, llvm::Value *count, TypeId elem) {
  int64_t size = m.Sizeof(elem);
  if (size == 0) return;
  BulkWrite(*this, dst, nullptr, count, elem, [&] {
    llvm::Value *bytes = b.CreateMul(count, b.getInt64(size));
    b.CreateMemSet(dst, b.getInt8(0), bytes, llvm::Align(static_cast<uint64_t>(m.Alignof(elem))));
  });
}

llvm::Value *FunctionContext::NewObject(TypeId t) {
  return b.CreateCall(m.Runtime(RuntimeFunc::MallocGC),
                      {llvm::ConstantInt::get(m.intptrTy, static_cast<uint64_t>(m.Sizeof(t))),
                       m.TypeDescriptor(t), b.getInt8(1)});
}

// ---------------------------------------------------------------------------
// Address-taken variables

// MarkRoot marks the variable at the root of an addressable expression whose address is
// taken: x in &x, &x.f.g, &x[i] (x an array), x[i:j]; paths through a pointer (p.f with p
// a pointer, s[i] of a slice, *p) end at memory that is already addressable.
void ModuleContext::MarkRoot(const syntax::File &f, uint32_t file, NodeId e) {
  for (;;) {
    e = f.Unparen(e);
    if (!e) return;
    const types::ExprInfo &info = pkg.Info(file, e);
    switch (f.Kind(e)) {
    case NodeKind::Name:
      if (info.object && T.Obj(info.object).kind == types::ObjectKind::Var &&
          !T.Obj(info.object).packageLevel)
        addrTaken_.insert(info.object.index);
      return;
    case NodeKind::SelectorExpr: {
      if (!info.selection || info.selection >= pkg.selections.size()) return;
      const types::Selection &sel = pkg.selections[info.selection];
      if (sel.kind != types::SelectionKind::FieldVal || sel.indirect) return;
      e = f.A(e);
      continue;
    }
    case NodeKind::IndexExpr: {
      TypeId xt = pkg.Info(file, f.A(e)).type;
      if (!xt || T.KindOf(T.Under(xt)) != types::TypeKind::Array) return;
      e = f.A(e);
      continue;
    }
    default:
      return;
    }
  }
}

void ModuleContext::FindAddressTaken() {
  for (uint32_t file = 0; file < pkg.files.size(); ++file) {
    const syntax::File &f = *pkg.files[file];
    for (uint32_t i = 1; i < f.nodes.size(); ++i) {
      NodeId n{i};
      if (f.Kind(n) == NodeKind::Operation && !f.B(n) && static_cast<TK>(f[n].op) == TK::And) {
        MarkRoot(f, file, f.A(n));
      } else if (f.Kind(n) == NodeKind::SliceExpr) {
        TypeId xt = pkg.Info(file, f.A(n)).type;
        if (xt && T.KindOf(T.Under(xt)) == types::TypeKind::Array) MarkRoot(f, file, f.A(n));
      } else if (f.Kind(n) == NodeKind::SelectorExpr && PointerMethodOfValue(file, n)) {
        MarkRoot(f, file, f.A(n)); // x.M() with a pointer receiver takes &x
      }
    }
  }
}

} // namespace talpa::lower
