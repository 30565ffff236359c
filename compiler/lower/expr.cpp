// Expressions: constants are materialized from the checker's exact values in their final
// type; variables are loaded from their storage (a memory type is copied into a
// temporary, see context.h); operators map to LLVM instructions with Go's semantics:
// integer arithmetic wraps (no nsw/nuw), integer division checks for a zero divisor
// (runtime.panicdivide) unless the divisor is a non-zero constant and gives MinInt / -1 ==
// MinInt and MinInt % -1 == 0 without trapping, shifts by at least the width give 0 (or
// the sign for >> of signed values), && and || short-circuit, strings concatenate
// through runtime.concatstring2. Addressable expressions (variables, *p, fields,
// elements) have an address (Addr); x.f follows the checker's selection path through
// embedded fields, loading and nil-checking embedded pointers on the way. Conversions
// change representation only between numbers, strings and byte or rune slices (the
// runtime's conversion helpers), slices and arrays or array pointers, and unsafe.Pointer
// and uintptr; the others keep the value.
#include "compiler/lower/context.h"

namespace talpa::lower {

llvm::Value *FunctionContext::ConstantValue(const types::Value &v, TypeId t) {
  t = T.Default(t);
  if (T.IsComplex(t)) return ComplexConstant(v, t); // complex.cpp
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

llvm::Value *FunctionContext::Zero(TypeId t) {
  if (!IsMemory(t)) return llvm::Constant::getNullValue(m.LLVMType(t));
  llvm::AllocaInst *tmp = Temp(t, "zero");
  ZeroValue(tmp, t);
  return tmp;
}

namespace {
bool IsNilName(const syntax::File &f, const types::Package &pkg, uint32_t file, NodeId e) {
  e = f.Unparen(e);
  if (f.Kind(e) != NodeKind::Name) return false;
  ObjectId o = pkg.Info(file, e).object;
  return o && pkg.Obj(o).kind == types::ObjectKind::Nil;
}
} // namespace

llvm::Value *FunctionContext::Expr(NodeId e) {
  LocationScope loc(*this, e);
  const types::ExprInfo &info = Info(e);
  if (info.mode == types::Mode::Constant) return Constant(e);
  if (auto it = hoisted_.find(e.index); it != hoisted_.end()) return it->second;
  const syntax::File &f = F();
  if (info.instance || (f.Kind(e) == NodeKind::IndexExpr && Info(f.A(e)).instance))
    if (llvm::Value *v = GenericFuncValue(e)) return v; // generic.cpp
  switch (f.Kind(e)) {
  case NodeKind::Name: {
    ObjectId obj = info.object;
    if (pkg.Obj(obj).kind == types::ObjectKind::Nil) return Zero(TypeOf(e));
    if (pkg.Obj(obj).kind == types::ObjectKind::Func) return m.FuncValue(obj); // closure.cpp
    llvm::Value *v = Load(Address(obj), VarType(obj));
    if (!IsMemory(VarType(obj))) v->setName(pkg.Obj(obj).name);
    return v;
  }
  case NodeKind::ParenExpr:
    return Expr(f.A(e));
  case NodeKind::Operation:
    return f.B(e) ? Binary(e) : Unary(e);
  case NodeKind::CallExpr:
    return Call(e);
  case NodeKind::IndexExpr:
    return Index(e);
  case NodeKind::SliceExpr:
    return SliceExpr(e);
  case NodeKind::SelectorExpr:
    switch (pkg.selections[info.selection].kind) {
    case types::SelectionKind::Qualified: { // an imported package's function or variable
      ObjectId obj = QualifiedObject(e);
      if (pkg.Obj(obj).kind == types::ObjectKind::Func) return m.FuncValue(obj);
      return Load(Address(obj), TypeOf(e));
    }
    case types::SelectionKind::MethodVal:
      return MethodValue(e); // method.cpp
    case types::SelectionKind::MethodExpr:
      return MethodExpr(e);
    default:
      return Load(FieldAddr(e), TypeOf(e));
    }
  case NodeKind::CompositeLit:
    return CompositeLit(e);
  case NodeKind::FuncLit:
    return FuncLit(e); // closure.cpp
  case NodeKind::AssertExpr:
    return TypeAssert(e, nullptr); // iface.cpp
  default:
    return llvm::UndefValue::get(m.LLVMType(TypeOf(e))); // rejected by the checker
  }
}

void FunctionContext::ExprInto(NodeId e, llvm::Value *dst, TypeId t) {
  const syntax::File &f = F();
  NodeId x = f.Unparen(e);
  // A call hoisted already (order.cpp) has its value: it must not run again.
  if (IsMemory(t) && Info(x).mode != types::Mode::Constant && !hoisted_.count(x.index)) {
    if (f.Kind(x) == NodeKind::CompositeLit && IsMemory(TypeOf(x))) {
      InitComposite(x, TypeOf(x), dst, false);
      return;
    }
    if (f.Kind(x) == NodeKind::CallExpr && Info(x).callKind != types::CallConversion &&
        Info(x).callKind != types::CallBuiltin) {
      CallInto(x, dst);
      return;
    }
  }
  StoreValue(dst, Convert(Expr(e), TypeOf(e), t), t);
}

llvm::Value *FunctionContext::Addr(NodeId e) {
  const syntax::File &f = F();
  switch (f.Kind(e)) {
  case NodeKind::ParenExpr:
    return Addr(f.A(e));
  case NodeKind::Name:
    return Address(Info(e).object);
  case NodeKind::SelectorExpr:
    if (ObjectId q = QualifiedObject(e)) return Address(q);
    return FieldAddr(e);
  case NodeKind::IndexExpr:
    return IndexAddr(e);
  case NodeKind::Operation:
    if (!f.B(e) && static_cast<TK>(f[e].op) == TK::Mul) return Deref(f.A(e));
    break;
  default:
    break;
  }
  // Not addressable (rejected by the checker where Go requires an address): a copy.
  TypeId t = TypeOf(e);
  llvm::Value *v = Expr(e);
  if (IsMemory(t)) return v;
  llvm::AllocaInst *tmp = Temp(t);
  b.CreateStore(v, tmp);
  return tmp;
}

llvm::Value *FunctionContext::Deref(NodeId x) {
  llvm::Value *p = Expr(x);
  CheckNil(p);
  return p;
}

llvm::Value *FunctionContext::FieldGEP(llvm::Value *addr, TypeId structType, unsigned index) {
  const ModuleContext::StructLayout &l = m.Layout(structType);
  return b.CreateStructGEP(l.type, addr, l.index[index]);
}

// x.f: from x (a pointer, an addressable struct or a struct value in a temporary) along
// the selection's path, one field per step; an embedded pointer met on the way is loaded
// and nil-checked, as gc's implicit dereferences are.
llvm::Value *FunctionContext::FieldAddr(NodeId e) {
  const syntax::File &f = F();
  const types::Selection &sel = pkg.selections[Info(e).selection];
  NodeId x = f.A(e);
  TypeId cur = TypeOf(x);
  llvm::Value *base;
  if (T.IsPointer(cur)) {
    base = Deref(x);
    cur = T.Elem(T.Under(cur));
  } else if (Info(x).mode == types::Mode::Variable) {
    base = Addr(x);
  } else {
    base = Expr(x);
  }
  for (int index : sel.path) {
    if (T.IsPointer(cur)) {
      base = b.CreateLoad(m.ptrTy, base);
      CheckNil(base);
      cur = T.Elem(T.Under(cur));
    }
    base = FieldGEP(base, cur, static_cast<unsigned>(index));
    cur = T.Obj(T.Struct(T.Under(cur)).fields[static_cast<size_t>(index)]).type;
  }
  return base;
}

llvm::Value *FunctionContext::Unary(NodeId e) {
  const syntax::File &f = F();
  TK op = static_cast<TK>(f[e].op);
  NodeId xn = f.A(e);
  if (op == TK::And) {
    // &T{...} allocates the literal's variable; &x is x's (heap) storage.
    NodeId lit = f.Unparen(xn);
    if (f.Kind(lit) == NodeKind::CompositeLit) {
      TypeId t = TypeOf(lit);
      llvm::Value *p = NewObject(t);
      if (IsMemory(t))
        InitComposite(lit, t, p, true);
      else
        StoreValue(p, CompositeLit(lit), t); // &[]T{...}: a variable holding the slice
      return p;
    }
    return Addr(xn);
  }
  if (op == TK::Mul) return Load(Deref(xn), TypeOf(e));
  llvm::Value *x = Expr(xn);
  TypeId t = TypeOf(e);
  switch (op) {
  case TK::Sub:
    if (T.IsComplex(t))
      return b.CreateInsertValue(
          b.CreateInsertValue(x, b.CreateFNeg(b.CreateExtractValue(x, 0)), 0),
          b.CreateFNeg(b.CreateExtractValue(x, 1)), 1);
    return T.IsFloat(t) ? b.CreateFNeg(x)
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
  llvm::Value *y = Eval(f.B(e)); // its calls run only if it is evaluated
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
  if ((op == TK::Eql || op == TK::Neq) &&
      (IsNilName(f, pkg, file, xn) || IsNilName(f, pkg, file, yn))) {
    // x == nil for a pointer, slice, map, channel or function: its pointer word.
    bool xnil = IsNilName(f, pkg, file, xn);
    NodeId other = xnil ? yn : xn;
    llvm::Value *v = Expr(other);
    if (xnil) Expr(xn); // nil has no code; keeps left-to-right order trivially
    if (v->getType()->isStructTy()) v = b.CreateExtractValue(v, 0);
    return op == TK::Eql ? b.CreateIsNull(v) : b.CreateIsNotNull(v);
  }
  llvm::Value *x = Expr(xn);
  llvm::Value *y = Expr(yn);
  if ((op == TK::Eql || op == TK::Neq) && (T.IsInterface(TypeOf(xn)) || T.IsInterface(TypeOf(yn))))
    return CompareInterface(op, TypeOf(xn), x, TypeOf(yn), y); // iface.cpp
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

llvm::Value *FunctionContext::Shift(TK op, TypeId t, llvm::Value *x, llvm::Value *y, TypeId yType) {
  // Go: a negative signed count panics (runtime.panicshift); counts >= width saturate.
  if (yType && !pkg.types.IsUnsigned(T.Default(yType)) && !llvm::isa<llvm::Constant>(y)) {
    PanicIf(b.CreateICmpSLT(y, llvm::Constant::getNullValue(y->getType())), RuntimeFunc::PanicShift,
            "shift");
  }
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
  if (op == TK::Shl || op == TK::Shr) return Shift(op, t, x, y, yType);
  if (T.IsComplex(t)) return ComplexBinary(op, t, x, y); // complex.cpp
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

llvm::Value *FunctionContext::Convert(llvm::Value *v, TypeId from, TypeId to) {
  from = T.Default(from);
  to = T.Default(to);
  if (T.Kind(from) == BasicKind::UntypedNil) return Zero(to);
  if (T.IsInterface(to) && !T.Identical(T.Under(from), T.Under(to)))
    return ToInterface(v, from, to); // iface.cpp
  if (IsMemory(to)) {
    if (!IsMemory(from) && T.KindOf(T.Under(from)) == types::TypeKind::Slice) {
      // [N]T(s) (Go 1.20): as (*[N]T)(s), then a copy.
      TypeId at = T.Under(to);
      llvm::Value *p = Convert(v, from, pkg.types.NewPointer(at));
      return Load(p, to);
    }
    return v; // identical underlying types: the same bytes
  }
  llvm::Type *dst = m.LLVMType(to);
  TypeId fu = T.Under(from), tu = T.Under(to);
  bool fromSlice = T.KindOf(fu) == types::TypeKind::Slice;
  bool toSlice = T.KindOf(tu) == types::TypeKind::Slice;
  auto elemKind = [&](TypeId sliceType) { return T.Kind(T.Elem(sliceType)); };
  if (fromSlice && T.IsString(to)) {
    // string(bytes), string(runes): a fresh copy.
    RuntimeFunc fnId = elemKind(fu) == BasicKind::Int32 ? RuntimeFunc::SliceRuneToString
                                                        : RuntimeFunc::SliceByteToString;
    llvm::AllocaInst *out = StringResult();
    b.CreateCall(m.Runtime(fnId), {out, b.CreateExtractValue(v, 0), b.CreateExtractValue(v, 1)});
    return b.CreateLoad(m.stringTy, out);
  }
  if (T.IsString(from) && toSlice) {
    RuntimeFunc fnId = elemKind(tu) == BasicKind::Int32 ? RuntimeFunc::StringToSliceRune
                                                        : RuntimeFunc::StringToSliceByte;
    llvm::AllocaInst *out = Alloca(m.sliceTy, 8, "sliceres");
    b.CreateCall(m.Runtime(fnId), {out, b.CreateExtractValue(v, 0), b.CreateExtractValue(v, 1)});
    return b.CreateLoad(m.sliceTy, out);
  }
  if (fromSlice && T.KindOf(tu) == types::TypeKind::Pointer) {
    // (*[N]T)(s): s must hold at least N elements; the pointer is s's (nil for a nil s).
    int64_t n = T.ArrayLen(T.Under(T.Elem(tu)));
    llvm::Value *len = b.CreateExtractValue(v, 1);
    CheckBounds(b.CreateICmpSGE(len, b.getInt64(n)), RuntimeFunc::PanicSliceConvert, b.getInt64(n),
                len);
    return b.CreateExtractValue(v, 0);
  }
  if (T.IsComplex(from) && T.IsComplex(to)) return ComplexConvert(v, from, to);
  if (v->getType() == dst) return v;
  if (v->getType()->isPointerTy() && dst->isIntegerTy()) return b.CreatePtrToInt(v, dst);
  if (v->getType()->isIntegerTy() && dst->isPointerTy()) return b.CreateIntToPtr(v, dst);
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
