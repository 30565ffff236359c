// Indexing and slicing of strings, arrays, pointers to arrays and slices, with gc's bounds
// checks: one unsigned compare per bound (a negative index is a huge unsigned one), a
// cold call of the boundsError panic for the check's kind (runtime.panicIndex,
// panicSliceAlen/Acap/B, panicSlice3Alen/Acap/B/C, their ...U variants when the index has
// an unsigned type) with the offending values. A pointer to an array is nil-checked before
// its index is evaluated, as gc's SSA does. Slicing evaluates every index first, then
// checks from the outermost bound inwards (max against the capacity, high against max,
// low against high) as gc does, and keeps the base pointer when the result's capacity is
// 0 so that it never points past its array.
#include "compiler/lower/context.h"
#include "llvm/IR/MDBuilder.h"

namespace talpa::lower {

namespace {

// The ...U variant of a bounds panic, for indices of unsigned types (gc prints them as
// unsigned values).
RuntimeFunc Unsigned(RuntimeFunc f) {
  switch (f) {
  case RuntimeFunc::PanicIndex:
    return RuntimeFunc::PanicIndexU;
  case RuntimeFunc::PanicSliceAlen:
    return RuntimeFunc::PanicSliceAlenU;
  case RuntimeFunc::PanicSliceAcap:
    return RuntimeFunc::PanicSliceAcapU;
  case RuntimeFunc::PanicSliceB:
    return RuntimeFunc::PanicSliceBU;
  case RuntimeFunc::PanicSlice3Alen:
    return RuntimeFunc::PanicSlice3AlenU;
  case RuntimeFunc::PanicSlice3Acap:
    return RuntimeFunc::PanicSlice3AcapU;
  case RuntimeFunc::PanicSlice3B:
    return RuntimeFunc::PanicSlice3BU;
  case RuntimeFunc::PanicSlice3C:
    return RuntimeFunc::PanicSlice3CU;
  default:
    return f;
  }
}

} // namespace

llvm::Value *FunctionContext::IndexValue(NodeId e) {
  llvm::Value *v = Expr(e);
  return b.CreateIntCast(v, b.getInt64Ty(), !T.IsUnsigned(TypeOf(e)));
}

void FunctionContext::CheckBounds(llvm::Value *ok, RuntimeFunc panic, llvm::Value *x,
                                  llvm::Value *y) {
  if (auto *c = llvm::dyn_cast<llvm::ConstantInt>(ok); c && c->isOne()) return;
  llvm::BasicBlock *panicBB = llvm::BasicBlock::Create(m.ctx, "bounds.fail", fn);
  llvm::BasicBlock *okBB = llvm::BasicBlock::Create(m.ctx, "bounds.ok", fn);
  llvm::MDBuilder md(m.ctx);
  b.CreateCondBr(ok, okBB, panicBB, md.createLikelyBranchWeights());
  b.SetInsertPoint(panicBB);
  b.CreateCall(m.Runtime(panic), {x, y});
  b.CreateUnreachable();
  b.SetInsertPoint(okBB);
}

// Every caller addresses an element of an array it has checked the index against (or one
// past its end, or index 0 of a possibly nil base), so the GEP is inbounds: that lets LLVM
// fold a nil check of the element's address into one of the base, and its alias analysis
// reason about element offsets.
llvm::Value *FunctionContext::ElemGEP(TypeId elem, llvm::Value *base, llvm::Value *i) {
  return b.CreateInBoundsGEP(m.LLVMType(elem), base, i);
}

llvm::Value *FunctionContext::MakeSlice(llvm::Value *ptr, llvm::Value *len, llvm::Value *cap) {
  llvm::Value *s = llvm::UndefValue::get(m.sliceTy);
  s = b.CreateInsertValue(s, ptr, 0);
  s = b.CreateInsertValue(s, len, 1);
  return b.CreateInsertValue(s, cap, 2);
}

llvm::Value *FunctionContext::Index(NodeId e) {
  const syntax::File &f = F();
  NodeId x = f.A(e);
  if (IsMapIndex(e)) return MapIndex(e); // map.cpp
  if (T.IsString(TypeOf(x))) {
    llvm::Value *s = Expr(x);
    NodeId in = f.B(e);
    llvm::Value *i = IndexValue(in);
    llvm::Value *ptr = b.CreateExtractValue(s, 0), *len = b.CreateExtractValue(s, 1);
    RuntimeFunc p = T.IsUnsigned(TypeOf(in)) ? RuntimeFunc::PanicIndexU : RuntimeFunc::PanicIndex;
    CheckBounds(b.CreateICmpULT(i, len), p, i, len);
    return b.CreateLoad(b.getInt8Ty(), b.CreateInBoundsGEP(b.getInt8Ty(), ptr, i));
  }
  return Load(IndexAddr(e), TypeOf(e));
}

llvm::Value *FunctionContext::IndexAddr(NodeId e) {
  const syntax::File &f = F();
  if (IsMapIndex(e)) return MapAssign(EvalMapOperands(e)); // m[k] = v: the slot, stored at once
  NodeId x = f.A(e), in = f.B(e);
  TypeId xt = T.Under(TypeOf(x));
  RuntimeFunc panic = T.IsUnsigned(TypeOf(in)) ? RuntimeFunc::PanicIndexU : RuntimeFunc::PanicIndex;
  if (T.KindOf(xt) == types::TypeKind::Slice) {
    llvm::Value *s = Expr(x);
    llvm::Value *i = IndexValue(in);
    llvm::Value *len = b.CreateExtractValue(s, 1);
    CheckBounds(b.CreateICmpULT(i, len), panic, i, len);
    return ElemGEP(T.Elem(xt), b.CreateExtractValue(s, 0), i);
  }
  llvm::Value *base;
  if (T.KindOf(xt) == types::TypeKind::Pointer) {
    base = Deref(x);
    xt = T.Under(T.Elem(xt));
  } else if (Info(x).mode == types::Mode::Variable) {
    base = Addr(x);
  } else {
    base = Expr(x); // an array value in a temporary
  }
  llvm::Value *i = IndexValue(in);
  llvm::Value *len = b.getInt64(T.ArrayLen(xt));
  // A constant index was checked against the length by the type checker.
  if (Info(in).mode != types::Mode::Constant) CheckBounds(b.CreateICmpULT(i, len), panic, i, len);
  return ElemGEP(T.Elem(xt), base, i);
}

void FunctionContext::SliceParts(NodeId x, llvm::Value **ptr, llvm::Value **len,
                                 llvm::Value **cap) {
  TypeId xt = T.Under(TypeOf(x));
  if (T.IsString(xt) || T.KindOf(xt) == types::TypeKind::Slice) {
    llvm::Value *v = Expr(x);
    *ptr = b.CreateExtractValue(v, 0);
    *len = b.CreateExtractValue(v, 1);
    *cap = T.IsString(xt) ? *len : b.CreateExtractValue(v, 2);
    return;
  }
  if (T.KindOf(xt) == types::TypeKind::Pointer) {
    *ptr = Deref(x);
    xt = T.Under(T.Elem(xt));
  } else {
    *ptr = Addr(x); // slicing an array requires it to be addressable
  }
  *len = *cap = b.getInt64(T.ArrayLen(xt));
}

llvm::Value *FunctionContext::SliceExpr(NodeId e) {
  const syntax::File &f = F();
  NodeId x = f.A(e);
  TypeId xt = T.Under(TypeOf(x));
  bool isString = T.IsString(xt);
  bool isSlice = T.KindOf(xt) == types::TypeKind::Slice;
  bool three = f[e].flags != 0;
  llvm::Value *ptr, *len, *cap;
  SliceParts(x, &ptr, &len, &cap);
  NodeId lo = f.B(e), hi = f.C(e), max = f.D(e);
  llvm::Value *i = lo ? IndexValue(lo) : nullptr;
  llvm::Value *j = hi ? IndexValue(hi) : nullptr;
  llvm::Value *k = max ? IndexValue(max) : nullptr;
  auto kind = [&](RuntimeFunc p, NodeId index) {
    return T.IsUnsigned(TypeOf(index)) ? Unsigned(p) : p;
  };
  if (three) {
    CheckBounds(b.CreateICmpULE(k, cap),
                kind(isSlice ? RuntimeFunc::PanicSlice3Acap : RuntimeFunc::PanicSlice3Alen, max), k,
                cap);
    CheckBounds(b.CreateICmpULE(j, k), kind(RuntimeFunc::PanicSlice3B, hi), j, k);
    if (i) CheckBounds(b.CreateICmpULE(i, j), kind(RuntimeFunc::PanicSlice3C, lo), i, j);
  } else {
    if (j) {
      CheckBounds(b.CreateICmpULE(j, cap),
                  kind(isSlice ? RuntimeFunc::PanicSliceAcap : RuntimeFunc::PanicSliceAlen, hi), j,
                  cap);
    } else {
      j = len;
    }
    if (i) CheckBounds(b.CreateICmpULE(i, j), kind(RuntimeFunc::PanicSliceB, lo), i, j);
    k = isString ? j : cap;
  }
  if (!i) i = b.getInt64(0);
  llvm::Value *rlen = b.CreateSub(j, i);
  llvm::Value *rcap = b.CreateSub(k, i);
  TypeId elem = isString
                    ? types::Universe::Basic(BasicKind::Uint8)
                    : T.Elem(T.KindOf(xt) == types::TypeKind::Pointer ? T.Under(T.Elem(xt)) : xt);
  llvm::Value *rptr = ptr;
  if (!llvm::isa<llvm::ConstantInt>(i) || !llvm::cast<llvm::ConstantInt>(i)->isZero())
    rptr = b.CreateSelect(b.CreateICmpEQ(rcap, b.getInt64(0)), ptr, ElemGEP(elem, ptr, i));
  if (isString) {
    llvm::Value *r = llvm::UndefValue::get(m.stringTy);
    r = b.CreateInsertValue(r, rptr, 0);
    return b.CreateInsertValue(r, rlen, 1);
  }
  return MakeSlice(rptr, rlen, rcap);
}

} // namespace talpa::lower
