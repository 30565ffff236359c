// Comparisons. Numbers compare with LLVM's integer or ordered float predicates (!= is
// unordered, so NaN != NaN), strings through runtime.cmpstring, pointers by address. Arrays
// and structs compare element by element and field by field in order, as gc's generated
// equality does: each part's inequality branches to a shared "false" block, so the
// comparison stops at the first difference; blank fields are skipped, floats compare as
// IEEE values (+0 == -0, NaN != NaN) and strings by content. Arrays longer than four
// elements compare in a loop.
#include "compiler/lower/context.h"

namespace talpa::lower {

void FunctionContext::EqualMem(TypeId t, llvm::Value *x, llvm::Value *y, llvm::BasicBlock *fail) {
  TypeId u = T.Under(t);
  auto next = [&](llvm::Value *equal) {
    llvm::BasicBlock *ok = llvm::BasicBlock::Create(m.ctx, "eq.next", fn);
    b.CreateCondBr(equal, ok, fail);
    b.SetInsertPoint(ok);
  };
  auto part = [&](TypeId pt, llvm::Value *px, llvm::Value *py) {
    if (IsMemory(pt)) {
      EqualMem(pt, px, py, fail);
      return;
    }
    llvm::Type *lt = m.LLVMType(pt);
    next(Compare(TK::Eql, pt, b.CreateLoad(lt, px), b.CreateLoad(lt, py)));
  };
  if (T.KindOf(u) == types::TypeKind::Struct) {
    const types::StructInfo &s = T.Struct(u);
    for (size_t i = 0; i < s.fields.size(); ++i) {
      const types::Object &f = T.Obj(s.fields[i]);
      if (f.name == "_") continue;
      auto index = static_cast<unsigned>(i);
      part(f.type, FieldGEP(x, u, index), FieldGEP(y, u, index));
    }
    return;
  }
  // An array.
  TypeId elem = T.Elem(u);
  int64_t n = T.ArrayLen(u);
  if (n <= 4) {
    for (int64_t i = 0; i < n; ++i)
      part(elem, ElemGEP(elem, x, b.getInt64(i)), ElemGEP(elem, y, b.getInt64(i)));
    return;
  }
  llvm::BasicBlock *before = b.GetInsertBlock();
  llvm::BasicBlock *loop = llvm::BasicBlock::Create(m.ctx, "eq.loop", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "eq.done", fn);
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  llvm::PHINode *i = b.CreatePHI(b.getInt64Ty(), 2, "i");
  i->addIncoming(b.getInt64(0), before);
  part(elem, ElemGEP(elem, x, i), ElemGEP(elem, y, i));
  llvm::Value *inext = b.CreateAdd(i, b.getInt64(1));
  i->addIncoming(inext, b.GetInsertBlock());
  b.CreateCondBr(b.CreateICmpULT(inext, b.getInt64(n)), loop, done);
  b.SetInsertPoint(done);
}

llvm::Value *FunctionContext::Compare(TK op, TypeId t, llvm::Value *x, llvm::Value *y) {
  if (IsMemory(t)) {
    llvm::BasicBlock *fail = llvm::BasicBlock::Create(m.ctx, "eq.false", fn);
    llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "eq.end", fn);
    EqualMem(t, x, y, fail);
    llvm::BasicBlock *equal = b.GetInsertBlock();
    b.CreateBr(done);
    b.SetInsertPoint(fail);
    b.CreateBr(done);
    b.SetInsertPoint(done);
    llvm::PHINode *r = b.CreatePHI(b.getInt1Ty(), 2, "eq");
    r->addIncoming(b.getInt1(op == TK::Eql), equal);
    r->addIncoming(b.getInt1(op != TK::Eql), fail);
    return r;
  }
  if (T.IsInterface(t)) return CompareInterface(op, t, x, t, y); // iface.cpp
  if (T.IsComplex(t)) return ComplexCompare(op, x, y);           // complex.cpp
  if (T.IsString(t)) {
    llvm::Value *c = b.CreateCall(m.Runtime(RuntimeFunc::CmpString),
                                  {b.CreateExtractValue(x, 0), b.CreateExtractValue(x, 1),
                                   b.CreateExtractValue(y, 0), b.CreateExtractValue(y, 1)});
    x = c;
    y = b.getInt64(0);
    t = types::Universe::Basic(BasicKind::Int);
  }
  if (T.IsFloat(t)) {
    llvm::CmpInst::Predicate p = op == TK::Eql   ? llvm::CmpInst::FCMP_OEQ
                                 : op == TK::Neq ? llvm::CmpInst::FCMP_UNE
                                 : op == TK::Lss ? llvm::CmpInst::FCMP_OLT
                                 : op == TK::Leq ? llvm::CmpInst::FCMP_OLE
                                 : op == TK::Gtr ? llvm::CmpInst::FCMP_OGT
                                                 : llvm::CmpInst::FCMP_OGE;
    return b.CreateFCmp(p, x, y);
  }
  // Slices compare only with nil (a switch case may be one): their pointer words.
  if (x->getType()->isStructTy()) x = b.CreateExtractValue(x, 0);
  if (y->getType()->isStructTy()) y = b.CreateExtractValue(y, 0);
  bool u = T.IsUnsigned(t);
  llvm::CmpInst::Predicate p =
      op == TK::Eql   ? llvm::CmpInst::ICMP_EQ
      : op == TK::Neq ? llvm::CmpInst::ICMP_NE
      : op == TK::Lss ? (u ? llvm::CmpInst::ICMP_ULT : llvm::CmpInst::ICMP_SLT)
      : op == TK::Leq ? (u ? llvm::CmpInst::ICMP_ULE : llvm::CmpInst::ICMP_SLE)
      : op == TK::Gtr ? (u ? llvm::CmpInst::ICMP_UGT : llvm::CmpInst::ICMP_SGT)
                      : (u ? llvm::CmpInst::ICMP_UGE : llvm::CmpInst::ICMP_SGE);
  return b.CreateICmp(p, x, y);
}

} // namespace talpa::lower
