// Complex numbers: complex64 and complex128 are the first-class LLVM structs
// {float, float} and {double, double} (real, imaginary), SSA values like floats, stored as
// two consecutive floats as gc lays them out. + and - work on the parts; * is
// (ac - bd) + (ad + bc)i computed in float64 even for complex64 and rounded back, as gc's
// SSA backend does; / calls runtime.complex128div (runtime/complex.cpp: Smith's algorithm
// with C99's infinity and NaN fix-ups, gc's definition), complex64 operands widened first.
// == compares both parts (ordered, so NaN parts are unequal), != is its negation.
// Conversions between the two widths convert each part; constants come from the
// checker's exact values, each part rounded to the part's width. real, imag and complex
// extract and build parts. print shows "(" real imag "i)" with runtime.printfloat, as
// gc's printcomplex.
#include "compiler/lower/context.h"

namespace talpa::lower {

namespace {

llvm::Type *PartType(FunctionContext &fc, TypeId t) {
  return fc.T.Kind(fc.T.Under(fc.T.Default(t))) == BasicKind::Complex64 ? fc.b.getFloatTy()
                                                                        : fc.b.getDoubleTy();
}

llvm::Value *MakeComplex(llvm::IRBuilder<> &b, llvm::Type *ct, llvm::Value *re, llvm::Value *im) {
  llvm::Value *r = llvm::UndefValue::get(ct);
  r = b.CreateInsertValue(r, re, 0);
  return b.CreateInsertValue(r, im, 1);
}

} // namespace

llvm::Value *FunctionContext::ComplexConstant(const types::Value &v, TypeId t) {
  auto *ct = llvm::cast<llvm::StructType>(m.LLVMType(t));
  types::Value re = v.Real(), im = v.Imag();
  if (PartType(*this, t)->isFloatTy())
    return llvm::ConstantStruct::get(
        ct, {llvm::ConstantFP::get(b.getFloatTy(), static_cast<double>(re.Float32())),
             llvm::ConstantFP::get(b.getFloatTy(), static_cast<double>(im.Float32()))});
  return llvm::ConstantStruct::get(ct, {llvm::ConstantFP::get(b.getDoubleTy(), re.Float64()),
                                        llvm::ConstantFP::get(b.getDoubleTy(), im.Float64())});
}

llvm::Value *FunctionContext::ComplexBinary(TK op, TypeId t, llvm::Value *x, llvm::Value *y) {
  llvm::Type *ct = x->getType();
  llvm::Type *pt = PartType(*this, t);
  llvm::Value *a = b.CreateExtractValue(x, 0), *bi = b.CreateExtractValue(x, 1);
  llvm::Value *c = b.CreateExtractValue(y, 0), *d = b.CreateExtractValue(y, 1);
  switch (op) {
  case TK::Add:
    return MakeComplex(b, ct, b.CreateFAdd(a, c), b.CreateFAdd(bi, d));
  case TK::Sub:
    return MakeComplex(b, ct, b.CreateFSub(a, c), b.CreateFSub(bi, d));
  default:
    break;
  }
  // * and / in float64.
  llvm::Type *f64 = b.getDoubleTy();
  if (pt != f64) {
    a = b.CreateFPExt(a, f64);
    bi = b.CreateFPExt(bi, f64);
    c = b.CreateFPExt(c, f64);
    d = b.CreateFPExt(d, f64);
  }
  llvm::Value *re, *im;
  if (op == TK::Mul) {
    re = b.CreateFSub(b.CreateFMul(a, c), b.CreateFMul(bi, d));
    im = b.CreateFAdd(b.CreateFMul(a, d), b.CreateFMul(bi, c));
  } else {
    llvm::AllocaInst *out = Alloca(llvm::ArrayType::get(f64, 2), 8, "cdiv");
    b.CreateCall(m.Runtime(RuntimeFunc::Complex128Div), {out, a, bi, c, d});
    re = b.CreateLoad(f64, out);
    im = b.CreateLoad(f64, b.CreateConstGEP1_64(f64, out, 1));
  }
  if (pt != f64) {
    re = b.CreateFPTrunc(re, pt);
    im = b.CreateFPTrunc(im, pt);
  }
  return MakeComplex(b, ct, re, im);
}

llvm::Value *FunctionContext::ComplexCompare(TK op, llvm::Value *x, llvm::Value *y) {
  llvm::Value *eq =
      b.CreateAnd(b.CreateFCmpOEQ(b.CreateExtractValue(x, 0), b.CreateExtractValue(y, 0)),
                  b.CreateFCmpOEQ(b.CreateExtractValue(x, 1), b.CreateExtractValue(y, 1)));
  return op == TK::Eql ? eq : b.CreateNot(eq);
}

llvm::Value *FunctionContext::ComplexConvert(llvm::Value *v, TypeId from, TypeId to) {
  llvm::Type *ct = m.LLVMType(to);
  if (v->getType() == ct) return v;
  llvm::Type *pt = PartType(*this, to);
  return MakeComplex(b, ct, b.CreateFPCast(b.CreateExtractValue(v, 0), pt),
                     b.CreateFPCast(b.CreateExtractValue(v, 1), pt));
}

llvm::Value *FunctionContext::ComplexBuiltin(NodeId call, types::BuiltinId id) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  TypeId t = TypeOf(call);
  if (id == types::BuiltinId::Complex) {
    TypeId part = T.Kind(T.Under(t)) == BasicKind::Complex64
                      ? types::Universe::Basic(BasicKind::Float32)
                      : types::Universe::Basic(BasicKind::Float64);
    llvm::Value *x, *y;
    TypeId xt, yt;
    if (args.count == 1) {
      // complex(f()) with f returning two floats: the call's values spread.
      NodeId a = f.At(args, 0);
      std::vector<llvm::Value *> vals = Values(a);
      TypeId tuple = Info(a).type;
      x = vals[0], y = vals[1];
      xt = T.Default(T.TupleAt(tuple, 0)), yt = T.Default(T.TupleAt(tuple, 1));
    } else {
      NodeId xn = f.At(args, 0), yn = f.At(args, 1);
      x = Expr(xn), y = Expr(yn);
      xt = TypeOf(xn), yt = TypeOf(yn);
    }
    llvm::Value *re = Convert(x, xt, part);
    llvm::Value *im = Convert(y, yt, part);
    return MakeComplex(b, m.LLVMType(t), re, im);
  }
  NodeId xn = f.At(args, 0);
  llvm::Value *x = Expr(xn);
  llvm::Value *r = b.CreateExtractValue(x, id == types::BuiltinId::Real ? 0 : 1);
  return b.CreateFPCast(r, m.LLVMType(t));
}

void FunctionContext::PrintComplex(llvm::Value *v) {
  auto printString = [&](std::string_view s) {
    llvm::Constant *c = m.StringConstant(s);
    b.CreateCall(m.Runtime(RuntimeFunc::PrintString),
                 {c->getAggregateElement(0u), c->getAggregateElement(1u)});
  };
  printString("(");
  b.CreateCall(m.Runtime(RuntimeFunc::PrintFloat),
               {b.CreateFPExt(b.CreateExtractValue(v, 0), b.getDoubleTy())});
  b.CreateCall(m.Runtime(RuntimeFunc::PrintFloat),
               {b.CreateFPExt(b.CreateExtractValue(v, 1), b.getDoubleTy())});
  printString("i)");
}

} // namespace talpa::lower
