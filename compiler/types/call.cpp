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
  syntax::File &f = F();
  Universe &T = u_;
  for (Operand &a : args)
    if (a.mode == Mode::Invalid) return;
  TypeId params = T.Params(sig);
  size_t nargs = args.size(), npars = T.TupleLen(params);
  bool ddd = f[call].flags & 1;
  bool variadic = T.Sig(sig).variadic;
  std::vector<TypeId> declared, types;
  for (size_t i = 0; i < npars; ++i)
    declared.push_back(T.TupleAt(params, i));
  types = declared;
  if (variadic && npars > 0) {
    if (ddd) {
      if (f.ListBC(call).count == 1 && nargs > 1) {
        ErrorAtNode(call, "cannot use ... with " + std::to_string(nargs) + "-valued " +
                              ExprString(f.At(f.ListBC(call), 0)));
        return;
      }
    } else if (nargs >= npars - 1) {
      // The final parameter stands for any number of arguments of its element type.
      TypeId last = types.back();
      TypeId elem = T.KindOf(last) == TypeKind::Slice ? T.Elem(last) : last;
      types.pop_back();
      while (types.size() < nargs)
        types.push_back(elem);
      npars = nargs;
    } else {
      --npars; // for the message
    }
  } else if (ddd) {
    ErrorAtNode(call, "cannot use ... in call to non-variadic " + fun);
    return;
  }
  if (nargs != npars) {
    NodeId at = call;
    const char *qualifier = "not enough";
    if (nargs > npars) {
      at = args[npars].expr;
      qualifier = "too many";
    } else if (nargs > 0) {
      at = args[nargs - 1].expr;
    }
    std::vector<TypeId> have;
    for (Operand &a : args)
      have.push_back(a.type);
    ErrorAtNode(at, std::string(qualifier) + " arguments in call to " + fun + "\n\thave " +
                        TypesSummary(have) + "\n\twant " + TypesSummary(declared, variadic));
    return;
  }
  for (size_t i = 0; i < nargs; ++i)
    Assignment(args[i], types[i], "argument to " + fun);
}

void Checker::Call(Operand &x, NodeId e) {
  syntax::File &f = F();
  NodeId fun = f.A(e);
  Operand fn;
  RawExpr(fn, fun, false);
  ExprInfo &info = Info(e);
  x.expr = e;
  auto useArgs = [&]() {
    syntax::NodeList list = f.ListBC(e);
    for (uint32_t i = 0; i < list.count; ++i)
      UseExpr(f.At(list, i));
  };
  switch (fn.mode) {
  case Mode::Invalid:
    useArgs();
    return;
  case Mode::NoValue:
    ErrorAtNode(fun, OperandString(fn) + " used as value");
    useArgs();
    return;
  case Mode::TypeExpr: {
    info.callKind = CallConversion;
    TypeId t = fn.type;
    syntax::NodeList list = f.ListBC(e);
    if (list.count == 0) {
      ErrorAtNode(e, "missing argument in conversion to " + TypeString(t));
      return;
    }
    if (list.count > 1) {
      useArgs();
      ErrorAtNode(f.At(list, list.count - 1),
                  "too many arguments in conversion to " + TypeString(t));
      return;
    }
    Expr(x, f.At(list, 0));
    if (x.mode == Mode::Invalid) return;
    TypeId tu = u_.Under(t);
    if (tu && u_.KindOf(tu) == TypeKind::Interface && !u_.IsTypeParam(t)) {
      const InterfaceInfo &ts = u_.TypeSet(tu);
      if (!ts.allTypes || ts.comparable) {
        ErrorAtNode(e, "cannot use interface " + TypeString(t) +
                           " in conversion (contains specific type constraints or is comparable)");
        x.mode = Mode::Invalid;
        return;
      }
    }
    if (f[e].flags & 1) {
      ErrorAtNode(f.At(list, 0), "invalid use of ... in type conversion to " + TypeString(t));
      x.mode = Mode::Invalid;
      return;
    }
    Conversion(x, t, e);
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
  TypeId sig = fn.type ? CoreType(fn.type) : TypeId{};
  if (!sig || !T.IsSignature(sig)) {
    ErrorAtNode(fun, "invalid operation: cannot call non-function " + OperandString(fn));
    useArgs();
    return;
  }
  info.callKind = CallFunc;
  std::vector<Operand> args;
  CollectArgs(e, args);
  if (!T.Sig(sig).typeParams.empty()) {
    // A generic function: infer and instantiate (generics.cpp).
    fn.type = sig;
    TypeId inst = GenericCall(fn, e, args);
    if (!inst) return;
    sig = inst;
  }
  Arguments(e, sig, args, ExprString(fun));
  TypeId results = T.Results(sig);
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

// Conversion checks T(x), after types2's conversion: constant conversions stay constant
// (representable values, integer to string), others follow ConvertibleTo.
void Checker::Conversion(Operand &x, TypeId t, NodeId call) {
  Universe &T = u_;
  bool constArg = x.mode == Mode::Constant;
  auto constConvertible = [&](TypeId to, bool store) {
    TypeId tu = T.Under(to);
    if (!tu || !T.IsBasic(tu)) return false;
    Value r;
    if (Representation(Val(x), tu, &r) == 0) {
      if (store) x.val = AddConst(std::move(r));
      return true;
    }
    if (T.IsInteger(x.type) && T.IsString(tu)) {
      Value iv = Val(x).ToInt();
      char32_t c = 0xFFFD;
      if (iv.FitsUint64() && iv.Uint64() <= 0x10FFFF) c = static_cast<char32_t>(iv.Uint64());
      if (c >= 0xD800 && c < 0xE000) c = 0xFFFD;
      if (store) {
        std::string s;
        syntax::AppendRune(s, c);
        x.val = AddConst(Value::MakeString(std::move(s)));
      }
      return true;
    }
    return false;
  };
  bool ok = false;
  std::string cause;
  if (constArg && T.IsConstType(t)) {
    ok = constConvertible(t, true);
  } else if (constArg && T.IsTypeParam(t)) {
    ok = ForEachTerm(t, [&](TypeId term) {
      if (!term) {
        cause = TypeString(t) + " does not contain specific types";
        return false;
      }
      TypeId u = T.Under(term);
      if (T.IsString(x.type) && u && T.KindOf(u) == TypeKind::Slice) {
        BasicKind k = T.Kind(T.Elem(u));
        if (k == BasicKind::Uint8 || k == BasicKind::Int32) return true;
      }
      if (!constConvertible(u, false)) {
        cause = "cannot convert " + OperandString(x) + " to " + TypeString(u) + " (in " +
                TypeString(t) + ")";
        return false;
      }
      return true;
    });
    x.mode = Mode::Value;
  } else if (ConvertibleTo(x, t, &cause)) {
    ok = true;
    x.mode = Mode::Value;
  }
  if (!ok) {
    std::string msg = "cannot convert " + OperandString(x) + " to type " + TypeString(t);
    if (!cause.empty()) msg += ":\n\t" + cause;
    ErrorAtNode(x.expr, msg);
    x.mode = Mode::Invalid;
    return;
  }
  if (T.IsUntyped(x.type)) {
    // The argument's type is final: the conversion gives it, or its default type for
    // interfaces and non-constant results; an integer constant converted to a string
    // keeps its own type.
    TypeId final = t;
    if (x.type == Universe::Basic(BasicKind::UntypedNil)) {
    } else if ((!T.IsTypeParam(t) && T.IsInterface(t)) || (constArg && !T.IsConstType(t))) {
      final = T.Default(x.type);
    } else if (x.mode == Mode::Constant && T.IsInteger(x.type) && T.IsString(t)) {
      final = x.type;
    }
    UpdateExprType(x.expr, final, true);
  }
  x.type = t;
  x.expr = call;
}

} // namespace talpa::types
