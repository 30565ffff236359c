// Expressions: constants are materialized from the checker's exact values in their final
// type; variables are loaded from their storage; operators map to LLVM instructions with
// Go's semantics: integer arithmetic wraps (no nsw/nuw), integer division checks for a
// zero divisor (runtime.panicdivide) unless the divisor is a non-zero constant and gives
// MinInt / -1 == MinInt and MinInt % -1 == 0 without trapping, shifts by at least the
// width give 0 (or the sign for >> of signed values), && and || short-circuit, strings
// compare through runtime.cmpstring and concatenate through runtime.concatstring2.
// String indexing and slicing check their bounds with one unsigned compare each (a
// negative index is a huge unsigned one) and call gc's boundsError panics on failure.
// string(r) of a non-constant integer calls runtime.intstring.
#include "compiler/lower/context.h"
#include "llvm/IR/MDBuilder.h"

namespace talpa::lower {

llvm::Value *FunctionContext::ConstantValue(const types::Value &v, TypeId t) {
  const types::Universe &T = pkg.types;
  t = T.Default(t);
  llvm::Type *ty = m.LLVMType(t);
  switch (v.kind()) {
  case types::Value::Kind::Bool:
    return llvm::ConstantInt::get(ty, v.BoolVal());
  case types::Value::Kind::String:
    return m.StringConstant(v.StringVal());
  case types::Value::Kind::Int:
  case types::Value::Kind::Float:
    if (T.IsFloat(t)) {
      if (T.Kind(t) == BasicKind::Float32)
        return llvm::ConstantFP::get(ty, static_cast<double>(v.Float32()));
      return llvm::ConstantFP::get(ty, v.Float64());
    }
    return llvm::ConstantInt::get(ty, v.ToInt().Uint64());
  default:
    return llvm::UndefValue::get(ty);
  }
}

llvm::Value *FunctionContext::Constant(NodeId e) {
  return ConstantValue(pkg.Constant(Info(e).value), Info(e).type);
}

llvm::Value *FunctionContext::Zero(TypeId t) { return llvm::Constant::getNullValue(m.LLVMType(t)); }

llvm::Value *FunctionContext::Expr(NodeId e) {
  LocationScope loc(*this, e);
  const types::ExprInfo &info = Info(e);
  if (info.mode == types::Mode::Constant) return Constant(e);
  const syntax::File &f = F();
  switch (f.Kind(e)) {
  case NodeKind::Name: {
    ObjectId obj = info.object;
    llvm::Value *addr = Address(obj);
    return b.CreateLoad(m.LLVMType(pkg.Obj(obj).type), addr, pkg.Obj(obj).name);
  }
  case NodeKind::ParenExpr:
    return Expr(f.A(e));
  case NodeKind::Operation:
    return f.B(e) ? Binary(e) : Unary(e);
  case NodeKind::CallExpr:
    return Call(e);
  case NodeKind::IndexExpr:
    return StringIndex(e);
  case NodeKind::SliceExpr:
    return StringSlice(e);
  default:
    return llvm::UndefValue::get(m.LLVMType(TypeOf(e))); // rejected by the checker
  }
}

llvm::Value *FunctionContext::Unary(NodeId e) {
  const syntax::File &f = F();
  TK op = static_cast<TK>(f[e].op);
  llvm::Value *x = Expr(f.A(e));
  TypeId t = TypeOf(e);
  switch (op) {
  case TK::Sub:
    return pkg.types.IsFloat(t) ? b.CreateFNeg(x)
                                : b.CreateSub(llvm::Constant::getNullValue(x->getType()), x);
  case TK::Xor:
    return b.CreateNot(x);
  case TK::Not:
    return b.CreateNot(x);
  default:
    return x;
  }
}

llvm::Value *FunctionContext::LogicalOp(NodeId e, TK op) {
  const syntax::File &f = F();
  llvm::Value *x = Expr(f.A(e));
  llvm::BasicBlock *from = b.GetInsertBlock();
  llvm::BasicBlock *rhs =
      llvm::BasicBlock::Create(m.ctx, op == TK::AndAnd ? "and.rhs" : "or.rhs", fn);
  llvm::BasicBlock *done =
      llvm::BasicBlock::Create(m.ctx, op == TK::AndAnd ? "and.end" : "or.end", fn);
  if (op == TK::AndAnd)
    b.CreateCondBr(x, rhs, done);
  else
    b.CreateCondBr(x, done, rhs);
  b.SetInsertPoint(rhs);
  llvm::Value *y = Expr(f.B(e));
  llvm::BasicBlock *rhsEnd = b.GetInsertBlock();
  b.CreateBr(done);
  b.SetInsertPoint(done);
  llvm::PHINode *phi = b.CreatePHI(b.getInt1Ty(), 2);
  phi->addIncoming(b.getInt1(op == TK::OrOr), from);
  phi->addIncoming(y, rhsEnd);
  return phi;
}

llvm::Value *FunctionContext::Binary(NodeId e) {
  const syntax::File &f = F();
  TK op = static_cast<TK>(f[e].op);
  if (op == TK::AndAnd || op == TK::OrOr) return LogicalOp(e, op);
  NodeId xn = f.A(e), yn = f.B(e);
  llvm::Value *x = Expr(xn);
  llvm::Value *y = Expr(yn);
  switch (op) {
  case TK::Eql:
  case TK::Neq:
  case TK::Lss:
  case TK::Leq:
  case TK::Gtr:
  case TK::Geq:
    return Compare(op, TypeOf(xn), x, y);
  default:
    return BinaryOp(op, TypeOf(e), x, y, yn, TypeOf(yn));
  }
}

llvm::Value *FunctionContext::Compare(TK op, TypeId t, llvm::Value *x, llvm::Value *y) {
  const types::Universe &T = pkg.types;
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

llvm::Value *FunctionContext::Shift(TK op, TypeId t, llvm::Value *x, llvm::Value *y, TypeId yType) {
  // Go: the count is unsigned (a negative signed count panics in gc; talpa treats it as a
  // huge count until the runtime table has panicshift); counts >= width saturate.
  unsigned width = x->getType()->getIntegerBitWidth();
  llvm::Value *count = b.CreateZExtOrTrunc(y, b.getInt64Ty());
  if (y->getType()->getIntegerBitWidth() > 64) count = b.CreateTrunc(y, b.getInt64Ty());
  llvm::Value *big = b.CreateICmpUGE(count, b.getInt64(width));
  llvm::Value *c =
      b.CreateZExtOrTrunc(b.CreateSelect(big, b.getInt64(width - 1), count), x->getType());
  bool isSigned = !pkg.types.IsUnsigned(t);
  if (op == TK::Shl)
    return b.CreateSelect(big, llvm::Constant::getNullValue(x->getType()), b.CreateShl(x, c));
  if (isSigned) return b.CreateAShr(x, c); // count clamped to width-1: the sign fills
  return b.CreateSelect(big, llvm::Constant::getNullValue(x->getType()), b.CreateLShr(x, c));
}

llvm::Value *FunctionContext::BinaryOp(TK op, TypeId t, llvm::Value *x, llvm::Value *y,
                                       NodeId yNode, TypeId yType) {
  const types::Universe &T = pkg.types;
  if (op == TK::Shl || op == TK::Shr) return Shift(op, t, x, y, yType);
  if (T.IsString(t)) {
    // op is +: runtime.concatstring2(&result, p1, l1, p2, l2).
    llvm::AllocaInst *out = StringResult();
    b.CreateCall(m.Runtime(RuntimeFunc::ConcatString2),
                 {out, b.CreateExtractValue(x, 0), b.CreateExtractValue(x, 1),
                  b.CreateExtractValue(y, 0), b.CreateExtractValue(y, 1)});
    return b.CreateLoad(m.stringTy, out);
  }
  if (T.IsFloat(t)) {
    switch (op) {
    case TK::Add:
      return b.CreateFAdd(x, y);
    case TK::Sub:
      return b.CreateFSub(x, y);
    case TK::Mul:
      return b.CreateFMul(x, y);
    default:
      return b.CreateFDiv(x, y);
    }
  }
  switch (op) {
  case TK::Add:
    return b.CreateAdd(x, y);
  case TK::Sub:
    return b.CreateSub(x, y);
  case TK::Mul:
    return b.CreateMul(x, y);
  case TK::And:
    return b.CreateAnd(x, y);
  case TK::Or:
    return b.CreateOr(x, y);
  case TK::Xor:
    return b.CreateXor(x, y);
  case TK::AndNot:
    return b.CreateAnd(x, b.CreateNot(y));
  case TK::Div:
  case TK::Rem: {
    bool isConst = yNode && Info(yNode).mode == types::Mode::Constant;
    if (!isConst) CheckDivide(y, yNode);
    if (T.IsUnsigned(t)) return op == TK::Div ? b.CreateUDiv(x, y) : b.CreateURem(x, y);
    // Signed: x / -1 is -x (wrapping MinInt to itself) and x % -1 is 0; hardware
    // division traps on MinInt / -1, so divide by 1 instead in that case.
    if (auto *c = llvm::dyn_cast<llvm::ConstantInt>(y); c && !c->isMinusOne())
      return op == TK::Div ? b.CreateSDiv(x, y) : b.CreateSRem(x, y);
    llvm::Value *negOne = b.CreateICmpEQ(y, llvm::ConstantInt::getSigned(y->getType(), -1));
    llvm::Value *safe = b.CreateSelect(negOne, llvm::ConstantInt::get(y->getType(), 1), y);
    if (op == TK::Div)
      return b.CreateSelect(negOne, b.CreateSub(llvm::Constant::getNullValue(x->getType()), x),
                            b.CreateSDiv(x, safe));
    return b.CreateSelect(negOne, llvm::Constant::getNullValue(x->getType()),
                          b.CreateSRem(x, safe));
  }
  default:
    return x;
  }
}

llvm::AllocaInst *FunctionContext::StringResult() {
  // The result is loaded at once, so one slot serves every call of the function (a chain
  // of 10^5 + would otherwise be 10^5 stack slots for the code generator to lay out).
  if (!concatResult) {
    concatResult = entry.CreateAlloca(m.stringTy, nullptr, "strres");
    llvm::BasicBlock *eb = &fn->getEntryBlock();
    concatResult->moveBefore(&*eb->getFirstInsertionPt());
  }
  return concatResult;
}

llvm::Value *FunctionContext::IndexValue(NodeId e) {
  llvm::Value *v = Expr(e);
  return b.CreateIntCast(v, b.getInt64Ty(), !pkg.types.IsUnsigned(TypeOf(e)));
}

void FunctionContext::CheckBounds(llvm::Value *ok, RuntimeFunc panic, llvm::Value *x,
                                  llvm::Value *y) {
  llvm::BasicBlock *panicBB = llvm::BasicBlock::Create(m.ctx, "bounds.fail", fn);
  llvm::BasicBlock *okBB = llvm::BasicBlock::Create(m.ctx, "bounds.ok", fn);
  llvm::MDBuilder md(m.ctx);
  b.CreateCondBr(ok, okBB, panicBB, md.createLikelyBranchWeights());
  b.SetInsertPoint(panicBB);
  b.CreateCall(m.Runtime(panic), {x, y});
  b.CreateUnreachable();
  b.SetInsertPoint(okBB);
}

llvm::Value *FunctionContext::StringIndex(NodeId e) {
  const syntax::File &f = F();
  llvm::Value *s = Expr(f.A(e));
  llvm::Value *i = IndexValue(f.B(e));
  llvm::Value *ptr = b.CreateExtractValue(s, 0), *len = b.CreateExtractValue(s, 1);
  // One unsigned compare rejects negative indices too.
  CheckBounds(b.CreateICmpULT(i, len), RuntimeFunc::PanicIndex, i, len);
  return b.CreateLoad(b.getInt8Ty(), b.CreateGEP(b.getInt8Ty(), ptr, i));
}

llvm::Value *FunctionContext::StringSlice(NodeId e) {
  const syntax::File &f = F();
  llvm::Value *s = Expr(f.A(e));
  llvm::Value *lo = f.B(e) ? IndexValue(f.B(e)) : nullptr;
  llvm::Value *hi = f.C(e) ? IndexValue(f.C(e)) : nullptr;
  llvm::Value *ptr = b.CreateExtractValue(s, 0), *len = b.CreateExtractValue(s, 1);
  // gc's order: the high bound against the length, then the low bound against the high.
  if (hi)
    CheckBounds(b.CreateICmpULE(hi, len), RuntimeFunc::PanicSliceAlen, hi, len);
  else
    hi = len;
  if (lo)
    CheckBounds(b.CreateICmpULE(lo, hi), RuntimeFunc::PanicSliceB, lo, hi);
  else
    lo = b.getInt64(0);
  llvm::Value *n = b.CreateSub(hi, lo);
  // s[len:] must not point past the end of the backing array: keep the base pointer
  // when the result is empty, as gc does.
  llvm::Value *p =
      b.CreateSelect(b.CreateICmpEQ(n, b.getInt64(0)), ptr, b.CreateGEP(b.getInt8Ty(), ptr, lo));
  llvm::Value *r = llvm::UndefValue::get(m.stringTy);
  r = b.CreateInsertValue(r, p, 0);
  return b.CreateInsertValue(r, n, 1);
}

llvm::Value *FunctionContext::Convert(llvm::Value *v, TypeId from, TypeId to) {
  const types::Universe &T = pkg.types;
  from = T.Default(from);
  to = T.Default(to);
  llvm::Type *dst = m.LLVMType(to);
  if (v->getType() == dst) return v;
  bool fromInt = T.IsInteger(from), toInt = T.IsInteger(to);
  if (fromInt && T.IsString(to)) {
    // string(r): runtime.intstring; a huge unsigned value wraps negative and encodes
    // U+FFFD, as in gc.
    llvm::AllocaInst *out = StringResult();
    b.CreateCall(m.Runtime(RuntimeFunc::IntString),
                 {out, b.CreateIntCast(v, b.getInt64Ty(), !T.IsUnsigned(from))});
    return b.CreateLoad(m.stringTy, out);
  }
  if (fromInt && toInt) return b.CreateIntCast(v, dst, !T.IsUnsigned(from));
  if (fromInt && T.IsFloat(to))
    return T.IsUnsigned(from) ? b.CreateUIToFP(v, dst) : b.CreateSIToFP(v, dst);
  if (T.IsFloat(from) && toInt) {
    // Saturating conversions: out-of-range values are implementation-defined in Go, and
    // must not be poison here.
    llvm::Intrinsic::ID id =
        T.IsUnsigned(to) ? llvm::Intrinsic::fptoui_sat : llvm::Intrinsic::fptosi_sat;
    return b.CreateIntrinsic(id, {dst, v->getType()}, {v});
  }
  if (T.IsFloat(from) && T.IsFloat(to)) return b.CreateFPCast(v, dst);
  return v;
}

} // namespace talpa::lower
