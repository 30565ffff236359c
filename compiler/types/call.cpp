// Calls and conversions, after types2's call.go and conversions.go: a call is a
// conversion T(x), a builtin call, or a call of a function value or method (generic
// functions are instantiated by generics.cpp); arguments are matched to parameters,
// with variadic calls and f(g()) spreading a multi-value result.
#include "compiler/syntax/scanner.h"
#include "compiler/types/checker.h"

namespace talpa::types {

void Checker::CollectArgs(NodeId call, std::vector<Operand> &args) {
  syntax::File &f = F();
  syntax::NodeList list = f.ListBC(call);
  if (list.count == 1) {
    Operand x;
    RawExpr(x, f.At(list, 0), true);
    if (x.mode == Mode::Value && x.type && u_.IsTuple(x.type)) {
      for (uint32_t i = 0; i < u_.TupleLen(x.type); ++i) {
        Operand a = x;
        a.type = u_.TupleAt(x.type, i);
        args.push_back(a);
      }
      return;
    }
    if (x.mode == Mode::NoValue || x.mode == Mode::Builtin || x.mode == Mode::TypeExpr) {
      ErrorAtNode(x.expr, OperandString(x) + (x.mode == Mode::NoValue   ? " used as value"
                                              : x.mode == Mode::Builtin ? " must be called"
                                                                        : " is not an expression"));
      x.mode = Mode::Invalid;
    }
    args.push_back(x);
    return;
  }
  for (uint32_t i = 0; i < list.count; ++i) {
    Operand x;
    Expr(x, f.At(list, i));
    args.push_back(x);
  }
}

void Checker::Arguments(NodeId call, TypeId sig, std::vector<Operand> &args,
                        const std::string &fun) {
  Universe &T = u_;
  TypeId params = T.Params(sig);
  size_t npars = T.TupleLen(params), nargs = args.size();
  for (Operand &a : args)
    if (a.mode == Mode::Invalid) return;
  if (nargs != npars) {
    NodeId at = call;
    const char *qualifier = "not enough";
    if (nargs > npars) {
      at = args[npars].expr;
      qualifier = "too many";
    } else if (nargs > 0) {
      at = args[nargs - 1].expr;
    }
    std::vector<TypeId> have, want;
    for (Operand &a : args)
      have.push_back(a.type);
    for (size_t i = 0; i < npars; ++i)
      want.push_back(T.TupleAt(params, i));
    ErrorAtNode(at, std::string(qualifier) + " arguments in call to " + fun + "\n\thave " +
                        TypesSummary(have) + "\n\twant " + TypesSummary(want));
    return;
  }
  for (size_t i = 0; i < nargs; ++i)
    Assignment(args[i], T.TupleAt(params, i), "argument to " + fun);
}

void Checker::Call(Operand &x, NodeId e) {
  syntax::File &f = F();
  NodeId fun = f.A(e);
  Operand fn;
  RawExpr(fn, fun, false);
  ExprInfo &info = Info(e);
  if (f[e].flags && fn.mode != Mode::Invalid && fn.mode != Mode::Builtin) {
    NotSupported(e, "variadic calls");
    return;
  }
  switch (fn.mode) {
  case Mode::Invalid: {
    std::vector<Operand> args;
    CollectArgs(e, args);
    return;
  }
  case Mode::TypeExpr: {
    info.callKind = CallConversion;
    syntax::NodeList list = f.ListBC(e);
    if (list.count == 0) {
      ErrorAtNode(e, "missing argument in conversion to " + TypeString(fn.type));
      return;
    }
    if (list.count > 1) {
      for (uint32_t i = 0; i < list.count; ++i) {
        Operand a;
        Expr(a, f.At(list, i));
      }
      ErrorAtNode(f.At(list, list.count - 1),
                  "too many arguments in conversion to " + TypeString(fn.type));
      return;
    }
    Expr(x, f.At(list, 0));
    if (x.mode == Mode::Invalid) return;
    Conversion(x, fn.type, e);
    return;
  }
  case Mode::Builtin:
    info.callKind = CallBuiltin;
    Builtin(x, e, fn.builtin);
    return;
  default:
    break;
  }
  Universe &T = u_;
  if (!fn.type || !T.IsSignature(fn.type)) {
    ErrorAtNode(fun, "invalid operation: cannot call non-function " + OperandString(fn));
    std::vector<Operand> args;
    CollectArgs(e, args);
    return;
  }
  info.callKind = CallFunc;
  std::vector<Operand> args;
  CollectArgs(e, args);
  if (!T.Sig(fn.type).typeParams.empty()) {
    // A generic function: infer and instantiate (generics.cpp).
    TypeId sig = GenericCall(fn, e, args);
    if (!sig) return;
    fn.type = sig;
  }
  Arguments(e, fn.type, args, ExprString(fun));
  TypeId results = T.Results(fn.type);
  x.expr = e;
  switch (T.TupleLen(results)) {
  case 0:
    x.mode = Mode::NoValue;
    break;
  case 1:
    x.mode = Mode::Value;
    x.type = T.TupleAt(results, 0);
    break;
  default:
    x.mode = Mode::Value;
    x.type = results;
    break;
  }
}

void Checker::Conversion(Operand &x, TypeId t, NodeId call) {
  Universe &T = u_;
  bool constArg = x.mode == Mode::Constant;
  bool ok = false;
  if (constArg && T.IsConstType(t)) {
    // Constant conversion: representable, or integer -> string.
    Value r;
    if (T.IsString(t) && T.IsInteger(x.type)) {
      Value iv = Val(x).ToInt();
      std::string s;
      char32_t c = 0xFFFD;
      if (iv.FitsInt64() && iv.Int64() >= 0 && iv.Int64() <= 0x10FFFF &&
          !(iv.Int64() >= 0xD800 && iv.Int64() < 0xE000))
        c = static_cast<char32_t>(iv.Int64());
      syntax::AppendRune(s, c);
      x.val = AddConst(Value::MakeString(std::move(s)));
      ok = true;
    } else if (Representation(Val(x), t, &r) == 0) {
      x.val = AddConst(std::move(r));
      ok = true;
    }
  } else if (!constArg || !T.IsConstType(t)) {
    // Non-constant conversions between basic types.
    TypeId xt = T.Default(x.type);
    if (T.Identical(xt, t))
      ok = true;
    else if (T.IsNumeric(xt) && T.IsNumeric(t) && !T.IsComplex(xt) && !T.IsComplex(t))
      ok = true;
    else if (T.IsString(t) && T.IsInteger(xt))
      ok = true;
    if (ok) x.mode = Mode::Value;
  }
  if (!ok) {
    ErrorAtNode(x.expr, "cannot convert " + OperandString(x) + " to type " + TypeString(t));
    x.mode = Mode::Invalid;
    return;
  }
  if (T.IsUntyped(x.type)) {
    // The argument's type is final: the conversion gives it (for constants) or its
    // default type (non-constant untyped values).
    TypeId final = constArg ? t : T.Default(x.type);
    UpdateExprType(x.expr, final, true);
  }
  x.type = t;
  x.expr = call;
}

} // namespace talpa::types
