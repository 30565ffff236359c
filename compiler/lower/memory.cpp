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
// through the caller's pointer. The GC's write barrier will be inserted here, in one
// place, for the types that hold pointers (PtrData(t) > 0); stores into allocas can skip
// it. Memory types are copied with llvm.memcpy/llvm.memmove, so the barrier will replace
// those copies with the runtime's typedmemmove.
#include "compiler/lower/context.h"

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

void FunctionContext::StoreValue(llvm::Value *addr, llvm::Value *v, TypeId t) {
  // Write barrier: here, when m.PtrData(t) > 0 and addr may be outside the stack.
  if (IsMemory(t)) {
    // v is a temporary of the consumer's (see context.h): it never overlaps addr.
    CopyMemory(addr, v, t);
    return;
  }
  b.CreateStore(v, addr);
}

void FunctionContext::ZeroValue(llvm::Value *addr, TypeId t) {
  // Write barrier: here too (zeroing overwrites pointers).
  if (!IsMemory(t)) {
    b.CreateStore(llvm::Constant::getNullValue(m.LLVMType(t)), addr);
    return;
  }
  int64_t size = m.Sizeof(t);
  if (size == 0) return;
  b.CreateMemSet(addr, b.getInt8(0), static_cast<uint64_t>(size),
                 llvm::Align(static_cast<uint64_t>(m.Alignof(t))));
}

void FunctionContext::MoveElems(llvm::Value *dst, llvm::Value *src, llvm::Value *count,
                                TypeId elem) {
  // Write barrier: here, for element types with pointers (the runtime's typedslicecopy).
  int64_t size = m.Sizeof(elem);
  if (size == 0) return;
  llvm::Value *bytes = b.CreateMul(count, b.getInt64(size));
  llvm::Align a(static_cast<uint64_t>(m.Alignof(elem)));
  b.CreateMemMove(dst, a, src, a, bytes);
}

void FunctionContext::ZeroElems(llvm::Value *dst, llvm::Value *count, TypeId elem) {
  // Write barrier: here too.
  int64_t size = m.Sizeof(elem);
  if (size == 0) return;
  llvm::Value *bytes = b.CreateMul(count, b.getInt64(size));
  b.CreateMemSet(dst, b.getInt8(0), bytes, llvm::Align(static_cast<uint64_t>(m.Alignof(elem))));
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
