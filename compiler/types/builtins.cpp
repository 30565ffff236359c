// Builtin functions, after types2's builtins.go (Go 1.19's wording, with Go 1.21's
// clear, max and min and Go 1.20's unsafe.SliceData, String and StringData): append, cap,
// clear, close, complex, copy, delete, imag, len, make, max, min, new, panic, print,
// println, real, recover and package unsafe's Add, Alignof, Offsetof, Sizeof, Slice,
// SliceData, String, StringData. The call's operand (recorded for the call node) is the
// result: a constant for len and cap of arrays and constant strings, for complex, real
// and imag of constants, for min and max of constants and for unsafe's Alignof, Offsetof
// and Sizeof of fixed-size types.
#include "compiler/syntax/scanner.h"
#include "compiler/types/checker.h"

namespace talpa::types {

namespace {

// The argument count of each builtin: at least nargs, exactly nargs unless variadic.
struct BuiltinArity {
  uint8_t nargs;
  bool variadic;
};

BuiltinArity Arity(BuiltinId id) {
  switch (id) {
  case BuiltinId::Append:
  case BuiltinId::Make:
  case BuiltinId::Max:
  case BuiltinId::Min:
    return {1, true};
  case BuiltinId::Print:
  case BuiltinId::Println:
    return {0, true};
  case BuiltinId::Recover:
    return {0, false};
  case BuiltinId::Complex:
  case BuiltinId::Copy:
  case BuiltinId::Delete:
  case BuiltinId::Add:
  case BuiltinId::Slice:
  case BuiltinId::String:
    return {2, false};
  default:
    return {1, false};
  }
}

} // namespace

bool BuiltinIsStatement(BuiltinId id) {
  switch (id) {
  case BuiltinId::Clear:
  case BuiltinId::Close:
  case BuiltinId::Copy:
  case BuiltinId::Delete:
  case BuiltinId::Panic:
  case BuiltinId::Print:
  case BuiltinId::Println:
  case BuiltinId::Recover:
    return true;
  default:
    return false;
  }
}

// Whether expression e contains a function call (not a conversion nor a builtin call
// with a constant result) or a channel receive, outside function literals: types2's
// hasCallOrRecv, which makes len and cap of an array non-constant. The checked tree
// tells the kinds of calls apart.
bool Checker::HasCallOrRecv(NodeId e) {
  syntax::File &f = F();
  std::vector<NodeId> stack = {e};
  auto push = [&](NodeId n) {
    if (n) stack.push_back(n);
  };
  auto pushList = [&](syntax::NodeList l) {
    for (uint32_t i = 0; i < l.count; ++i)
      push(f.At(l, i));
  };
  while (!stack.empty()) {
    NodeId n = stack.back();
    stack.pop_back();
    switch (f.Kind(n)) {
    case NodeKind::CallExpr: {
      const ExprInfo &info = Info(n);
      if (info.callKind == CallFunc || (info.callKind == CallBuiltin &&
                                        info.mode != Mode::Constant && info.mode != Mode::Invalid))
        return true;
      push(f.A(n));
      pushList(f.ListBC(n));
      break;
    }
    case NodeKind::Operation:
      if (static_cast<TK>(f[n].op) == TK::Arrow && !f.B(n)) return true;
      push(f.A(n));
      push(f.B(n));
      break;
    case NodeKind::ParenExpr:
    case NodeKind::SelectorExpr:
    case NodeKind::AssertExpr:
      push(f.A(n));
      break;
    case NodeKind::IndexExpr:
    case NodeKind::KeyValueExpr:
      push(f.A(n));
      push(f.B(n));
      break;
    case NodeKind::SliceExpr:
      push(f.A(n));
      push(f.B(n));
      push(f.C(n));
      push(f.D(n));
      break;
    case NodeKind::CompositeLit:
      pushList(f.ListBC(n));
      break;
    case NodeKind::ListExpr:
      pushList(f.ListAB(n));
      break;
    default:
      break;
    }
  }
  return false;
}

// types2's hasVarSize: whether t's size depends on a type parameter.
bool Checker::HasVarSize(TypeId t, int depth) {
  if (!t || depth > 100) return false;
  if (u_.IsTypeParam(t)) return true;
  TypeId u = u_.Under(t);
  if (!u) return false;
  switch (u_.KindOf(u)) {
  case TypeKind::Array:
    return HasVarSize(u_.Elem(u), depth + 1);
  case TypeKind::Struct:
    for (ObjectId fld : u_.Struct(u).fields)
      if (HasVarSize(u_.Obj(fld).type, depth + 1)) return true;
    return false;
  default:
    return false;
  }
}

// types2's isValidIndex: an untyped constant becomes an int; the value must be an
// integer, and a constant one non-negative (unless allowNegative) and an int.
bool Checker::ValidIndex(Operand &x, const std::string &what, bool allowNegative) {
  if (x.mode == Mode::Invalid) return false;
  ConvertUntyped(x, Universe::Basic(BasicKind::Int));
  if (x.mode == Mode::Invalid) return false;
  if (!u_.IsInteger(x.type)) {
    ErrorAtNode(x.expr, "invalid argument: " + what + " " + OperandString(x) + " must be integer");
    return false;
  }
  if (x.mode == Mode::Constant) {
    if (!allowNegative && Val(x).Sign() < 0) {
      ErrorAtNode(x.expr,
                  "invalid argument: " + what + " " + OperandString(x) + " must not be negative");
      return false;
    }
    Value r;
    if (Representation(Val(x), Universe::Basic(BasicKind::Int), &r) != 0) {
      ErrorAtNode(x.expr, "invalid argument: " + what + " " + OperandString(x) + " overflows int");
      return false;
    }
  }
  return true;
}

void Checker::Builtin(Operand &x, NodeId call, BuiltinId id) {
  // Lowering finds the builtin through the object of the call's function expression:
  // record it there also for unsafe.F and (f) forms, whose Name node holds it otherwise.
  NodeId fun = F().A(call);
  if (fun && !Info(fun).object) {
    const llvm::StringMap<ObjectId> &scope = id >= BuiltinId::Add ? u_.unsafe->scope : u_.scope;
    auto it = scope.find(BuiltinName(id));
    if (it != scope.end()) Info(fun).object = it->second;
  }
  bool ok = BuiltinCall(x, call, id);
  if (!ok) x.mode = Mode::Invalid;
  // x may still hold the first argument's type: a call without a value has none.
  if (x.mode == Mode::Invalid || x.mode == Mode::NoValue) x.type = TypeId{};
  if (x.mode != Mode::Constant) x.val = 0;
  x.expr = call;
}

bool Checker::BuiltinCall(Operand &x, NodeId call, BuiltinId id) {
  syntax::File &f = F();
  Universe &T = u_;
  syntax::NodeList list = f.ListBC(call);
  std::string name = BuiltinName(id);
  bool hasDots = f[call].flags != 0;
  // Evaluates every argument for its errors and uses, when the call is rejected early.
  auto useArgs = [&] {
    for (uint32_t i = 0; i < list.count; ++i) {
      Operand a;
      RawExpr(a, f.At(list, i), true);
    }
  };
  if (hasDots && id != BuiltinId::Append) {
    ErrorAtNode(call, "invalid operation: invalid use of ... with built-in " + name);
    useArgs();
    return false;
  }

  // The arguments, evaluated up front except for those of make, new and Offsetof.
  std::vector<Operand> args;
  size_t nargs = list.count;
  bool hasCall = false; // len, cap: the argument contains a call or receive
  if (id != BuiltinId::Make && id != BuiltinId::New && id != BuiltinId::Offsetof) {
    CollectArgs(call, args);
    nargs = args.size();
    if ((id == BuiltinId::Len || id == BuiltinId::Cap) && list.count == 1)
      hasCall = HasCallOrRecv(f.At(list, 0));
    if (nargs > 0) {
      x = args[0];
      if (x.mode == Mode::Invalid) return false;
    }
  }
  BuiltinArity arity = Arity(id);
  if (nargs < arity.nargs || (!arity.variadic && nargs > arity.nargs)) {
    const char *msg = nargs < arity.nargs ? "not enough" : "too many";
    ErrorAtNode(call, "invalid operation: " + std::string(msg) + " arguments for " +
                          ExprString(call) + " (expected " + std::to_string(arity.nargs) +
                          ", found " + std::to_string(nargs) + ")");
    return false;
  }

  // types2's underIs: fn on t's underlying type, or on that of every type in a type
  // parameter's type set (0 for a set of all types).
  auto underIs = [&](TypeId t, const std::function<bool(TypeId)> &fn) {
    if (T.IsTypeParam(t))
      return ForEachTerm(t, [&](TypeId term) { return fn(term ? T.Under(term) : TypeId{}); });
    return fn(T.Under(t));
  };
  auto isKind = [&](TypeId t, TypeKind k) { return t && T.KindOf(t) == k; };
  TypeId emptyInterface = T.anyType;

  switch (id) {
  case BuiltinId::Append: {
    TypeId S = x.type;
    TypeId core = CoreType(S);
    if (!isKind(core, TypeKind::Slice)) {
      std::string cause;
      if (x.mode == Mode::Value && S == Universe::Basic(BasicKind::UntypedNil))
        cause = "have untyped nil";
      else if (T.IsTypeParam(S))
        cause = core ? OperandString(x) + " has core type " + TypeString(core)
                     : OperandString(x) + " has no core type";
      else
        cause = "have " + OperandString(x);
      ErrorAtNode(x.expr, "first argument to append must be a slice; " + cause);
      return false;
    }
    TypeId elem = T.Elem(core);
    x.mode = Mode::Value;
    x.type = S;
    // append([]byte, string...): the bytes of the string.
    if (nargs == 2 && hasDots) {
      Operand s = args[0];
      if (AssignableTo(s, T.NewSlice(Universe::Basic(BasicKind::Byte)), nullptr)) {
        Operand &y = args[1];
        if (y.mode == Mode::Invalid) return false;
        TypeId cs = CoreString(y.type);
        if (cs && T.IsString(cs)) {
          if (T.IsUntyped(y.type)) ConvertUntyped(y, Universe::Basic(BasicKind::String));
          return true;
        }
      }
    }
    // The rest as arguments of func(S, ...T) S.
    for (size_t i = 1; i < nargs; ++i)
      if (args[i].mode == Mode::Invalid) return true;
    std::string fun = ExprString(f.A(call));
    if (hasDots) {
      if (list.count == 1 && nargs > 1) {
        ErrorAtNode(call, "cannot use ... with " + std::to_string(nargs) + "-valued " +
                              ExprString(f.At(list, 0)));
        return true;
      }
      if (nargs != 2) {
        std::vector<TypeId> have;
        for (Operand &a : args)
          have.push_back(a.type);
        std::string want = TypesSummary({S, elem});
        want.insert(want.rfind(", ") + 2, "...");
        ErrorAtNode(nargs > 2 ? args[2].expr : args[nargs - 1].expr,
                    std::string(nargs > 2 ? "too many" : "not enough") + " arguments in call to " +
                        fun + "\n\thave " + TypesSummary(have) + "\n\twant " + want);
        return true;
      }
      Assignment(args[1], T.NewSlice(elem), "argument to " + fun);
      return true;
    }
    for (size_t i = 1; i < nargs; ++i)
      Assignment(args[i], elem, "argument to " + fun);
    return true;
  }

  case BuiltinId::Cap:
  case BuiltinId::Len: {
    bool isLen = id == BuiltinId::Len;
    // An array, or a pointer to an array.
    auto arrayPtrDeref = [&](TypeId u) {
      if (isKind(u, TypeKind::Pointer)) {
        TypeId a = T.Under(T.Elem(u));
        if (isKind(a, TypeKind::Array)) return a;
      }
      return u;
    };
    Mode mode = Mode::Invalid;
    uint32_t val = 0;
    TypeId u = arrayPtrDeref(T.Under(x.type));
    if (u) {
      switch (T.KindOf(u)) {
      case TypeKind::Basic:
        if (T.IsString(u) && isLen) {
          if (x.mode == Mode::Constant) {
            mode = Mode::Constant;
            val = AddConst(Value::MakeInt64(static_cast<int64_t>(Val(x).StringLen())));
          } else {
            mode = Mode::Value;
          }
        }
        break;
      case TypeKind::Array:
        mode = Mode::Value;
        if (!hasCall) {
          mode = Mode::Constant;
          int64_t n = T.ArrayLen(u);
          val = AddConst(n >= 0 ? Value::MakeInt64(n) : Value::MakeUnknown());
        }
        break;
      case TypeKind::Slice:
      case TypeKind::Chan:
        mode = Mode::Value;
        break;
      case TypeKind::Map:
        if (isLen) mode = Mode::Value;
        break;
      case TypeKind::Interface:
        if (T.IsTypeParam(x.type) && ForEachTerm(x.type, [&](TypeId term) {
              if (!term) return false;
              TypeId tu = arrayPtrDeref(T.Under(term));
              if (!tu) return false;
              switch (T.KindOf(tu)) {
              case TypeKind::Basic:
                return T.IsString(tu) && isLen;
              case TypeKind::Array:
              case TypeKind::Slice:
              case TypeKind::Chan:
                return true;
              case TypeKind::Map:
                return isLen;
              default:
                return false;
              }
            }))
          mode = Mode::Value;
        break;
      default:
        break;
      }
    }
    if (mode == Mode::Invalid) {
      if (u && u != Universe::Basic(BasicKind::Invalid))
        ErrorAtNode(x.expr, "invalid argument: " + OperandString(x) + " for " + name);
      return false;
    }
    x.mode = mode;
    x.type = Universe::Basic(BasicKind::Int);
    x.val = val;
    return true;
  }

  case BuiltinId::Clear: {
    if (!underIs(x.type, [&](TypeId u) {
          if (isKind(u, TypeKind::Map) || isKind(u, TypeKind::Slice)) return true;
          ErrorAtNode(x.expr, "invalid argument: cannot clear " + OperandString(x) +
                                  ": argument must be (or constrained by) map or slice");
          return false;
        }))
      return false;
    x.mode = Mode::NoValue;
    return true;
  }

  case BuiltinId::Close: {
    if (!underIs(x.type, [&](TypeId u) {
          if (!isKind(u, TypeKind::Chan)) {
            ErrorAtNode(x.expr, "invalid operation: cannot close non-channel " + OperandString(x));
            return false;
          }
          if (T.Dir(u) == ChanDir::Recv) {
            ErrorAtNode(x.expr,
                        "invalid operation: cannot close receive-only channel " + OperandString(x));
            return false;
          }
          return true;
        }))
      return false;
    x.mode = Mode::NoValue;
    return true;
  }

  case BuiltinId::Complex: {
    Operand y = args[1];
    if (y.mode == Mode::Invalid) return false;
    bool xu = T.IsUntyped(x.type), yu = T.IsUntyped(y.type);
    if (xu && !yu) {
      ConvertUntyped(x, y.type);
    } else if (!xu && yu) {
      ConvertUntyped(y, x.type);
    } else if (xu && yu) {
      if (x.mode == Mode::Constant && y.mode == Mode::Constant) {
        // Untyped numeric constants with no imaginary part act as untyped floats.
        auto toFloat = [&](Operand &o) {
          if (T.IsNumeric(o.type) && Val(o).Imag().Sign() == 0)
            o.type = Universe::Basic(BasicKind::UntypedFloat);
        };
        toFloat(x);
        toFloat(y);
      } else {
        ConvertUntyped(x, Universe::Basic(BasicKind::Float64));
        ConvertUntyped(y, Universe::Basic(BasicKind::Float64));
      }
    }
    if (x.mode == Mode::Invalid || y.mode == Mode::Invalid) return false;
    if (!T.Identical(x.type, y.type)) {
      ErrorAtNode(x.expr, "invalid operation: " + ExprString(call) + " (mismatched types " +
                              TypeString(x.type) + " and " + TypeString(y.type) + ")");
      return false;
    }
    auto complexOf = [&](TypeId t) {
      switch (T.IsBasic(T.Under(t)) ? T.Kind(t) : BasicKind::Invalid) {
      case BasicKind::Float32:
        return Universe::Basic(BasicKind::Complex64);
      case BasicKind::Float64:
        return Universe::Basic(BasicKind::Complex128);
      case BasicKind::UntypedFloat:
        return Universe::Basic(BasicKind::UntypedComplex);
      default:
        return TypeId{};
      }
    };
    TypeId res;
    if (T.IsTypeParam(x.type)) {
      bool all = ForEachTerm(x.type, [&](TypeId term) { return term && complexOf(term); });
      if (all) {
        ErrorAtNode(x.expr, OperandString(x) + " not supported as argument to " + name +
                                " for go1.18 (see issue #50937)");
        return false;
      }
    } else {
      res = complexOf(x.type);
    }
    if (!res) {
      ErrorAtNode(x.expr, "invalid argument: arguments have type " + TypeString(x.type) +
                              ", expected floating-point");
      return false;
    }
    if (x.mode == Mode::Constant && y.mode == Mode::Constant)
      x.val = AddConst(Value::MakeComplex(Val(x).ToFloat(), Val(y).ToFloat()));
    else
      x.mode = Mode::Value;
    x.type = res;
    return true;
  }

  case BuiltinId::Copy: {
    TypeId dst = CoreType(x.type);
    if (!isKind(dst, TypeKind::Slice)) dst = TypeId{};
    Operand &y = args[1];
    if (y.mode == Mode::Invalid) return false;
    TypeId src = CoreString(y.type);
    if (src && T.IsString(src)) src = T.NewSlice(Universe::Basic(BasicKind::Byte));
    if (!isKind(src, TypeKind::Slice)) src = TypeId{};
    if (!dst || !src) {
      ErrorAtNode(x.expr, "invalid argument: copy expects slice arguments; found " +
                              OperandString(x) + " and " + OperandString(y));
      return false;
    }
    if (!T.Identical(T.Elem(dst), T.Elem(src))) {
      ErrorAtNode(x.expr, "invalid argument: arguments to copy " + OperandString(x) + " and " +
                              OperandString(y) + " have different element types " +
                              TypeString(T.Elem(dst)) + " and " + TypeString(T.Elem(src)));
      return false;
    }
    if (T.IsUntyped(y.type)) ConvertUntyped(y, Universe::Basic(BasicKind::String));
    x.mode = Mode::Value;
    x.type = Universe::Basic(BasicKind::Int);
    return true;
  }

  case BuiltinId::Delete: {
    TypeId key;
    if (!underIs(x.type, [&](TypeId u) {
          if (!isKind(u, TypeKind::Map)) {
            ErrorAtNode(x.expr, "invalid argument: " + OperandString(x) + " is not a map");
            return false;
          }
          if (key && !T.Identical(T.Key(u), key)) {
            ErrorAtNode(x.expr, "invalid argument: maps of " + OperandString(x) +
                                    " must have identical key types");
            return false;
          }
          key = T.Key(u);
          return true;
        }))
      return false;
    Operand k = args[1];
    if (k.mode == Mode::Invalid) return false;
    Assignment(k, key, "argument to delete");
    if (k.mode == Mode::Invalid) return false;
    x.mode = Mode::NoValue;
    return true;
  }

  case BuiltinId::Imag:
  case BuiltinId::Real: {
    if (T.IsUntyped(x.type)) {
      if (x.mode == Mode::Constant) {
        // An untyped numeric constant is also an untyped complex one.
        if (T.IsNumeric(x.type)) x.type = Universe::Basic(BasicKind::UntypedComplex);
      } else {
        ConvertUntyped(x, Universe::Basic(BasicKind::Complex128));
        if (x.mode == Mode::Invalid) return false;
      }
    }
    auto floatOf = [&](TypeId t) {
      switch (T.IsBasic(T.Under(t)) ? T.Kind(t) : BasicKind::Invalid) {
      case BasicKind::Complex64:
        return Universe::Basic(BasicKind::Float32);
      case BasicKind::Complex128:
        return Universe::Basic(BasicKind::Float64);
      case BasicKind::UntypedComplex:
        return Universe::Basic(BasicKind::UntypedFloat);
      default:
        return TypeId{};
      }
    };
    TypeId res;
    if (T.IsTypeParam(x.type)) {
      bool all = ForEachTerm(x.type, [&](TypeId term) { return term && floatOf(term); });
      if (all) {
        ErrorAtNode(x.expr, OperandString(x) + " not supported as argument to " + name +
                                " for go1.18 (see issue #50937)");
        return false;
      }
    } else {
      res = floatOf(x.type);
    }
    if (!res) {
      ErrorAtNode(x.expr, "invalid argument: argument has type " + TypeString(x.type) +
                              ", expected complex type");
      return false;
    }
    if (x.mode == Mode::Constant)
      x.val = AddConst(id == BuiltinId::Real ? Val(x).Real() : Val(x).Imag());
    else
      x.mode = Mode::Value;
    x.type = res;
    return true;
  }

  case BuiltinId::Make: {
    NodeId arg0 = f.At(list, 0);
    TypeId t = TypeExpr(arg0);
    if (!t || t == Universe::Basic(BasicKind::Invalid)) {
      for (uint32_t i = 1; i < list.count; ++i) {
        Operand a;
        Expr(a, f.At(list, i));
      }
      return false;
    }
    size_t min = 0;
    TypeId core = CoreType(t);
    if (isKind(core, TypeKind::Slice)) {
      min = 2;
    } else if (isKind(core, TypeKind::Map) || isKind(core, TypeKind::Chan)) {
      min = 1;
    } else if (!core) {
      ErrorAtNode(arg0, "invalid argument: cannot make " + ExprString(arg0) + ": no core type");
      return false;
    } else {
      ErrorAtNode(arg0, "invalid argument: cannot make " + ExprString(arg0) +
                            "; type must be slice, map, or channel");
      return false;
    }
    if (nargs < min || min + 1 < nargs) {
      ErrorAtNode(call, "invalid operation: " + ExprString(call) + " expects " +
                            std::to_string(min) + " or " + std::to_string(min + 1) +
                            " arguments; found " + std::to_string(nargs));
      return false;
    }
    std::vector<int64_t> sizes;
    for (uint32_t i = 1; i < list.count; ++i) {
      bool valid;
      int64_t size = Index(f.At(list, i), -1, &valid);
      if (size >= 0) sizes.push_back(size);
    }
    if (sizes.size() == 2 && sizes[0] > sizes[1])
      ErrorAtNode(f.At(list, 1), "invalid argument: length and capacity swapped");
    x.mode = Mode::Value;
    x.type = t;
    return true;
  }

  case BuiltinId::New: {
    TypeId t = TypeExpr(f.At(list, 0));
    if (!t || t == Universe::Basic(BasicKind::Invalid)) return false;
    x.mode = Mode::Value;
    x.type = T.NewPointer(t);
    return true;
  }

  case BuiltinId::Panic:
    // Assignment to interface{}: any value, untyped ones with their default type, and nil.
    if (!(x.mode == Mode::Value && x.type == Universe::Basic(BasicKind::UntypedNil)))
      DefaultType(x, "argument to panic");
    if (x.mode == Mode::Invalid) return false;
    x.mode = Mode::NoValue;
    return true;

  case BuiltinId::Print:
  case BuiltinId::Println:
    for (Operand &a : args) {
      Assignment(a, TypeId{}, "argument to " + name);
      if (a.mode == Mode::Invalid) return false;
    }
    x.mode = Mode::NoValue;
    return true;

  case BuiltinId::Recover:
    x.mode = Mode::Value;
    x.type = emptyInterface;
    return true;

  case BuiltinId::Max:
  case BuiltinId::Min: {
    TK op = id == BuiltinId::Max ? TK::Gtr : TK::Lss;
    for (size_t i = 0; i < nargs; ++i) {
      Operand &a = args[i];
      if (a.mode == Mode::Invalid) return false;
      // Ordered, or a type parameter whose types all are.
      bool ordered =
          T.IsTypeParam(a.type)
              ? ForEachTerm(a.type, [&](TypeId term) { return term && T.IsOrdered(term); })
              : T.IsOrdered(a.type);
      if (!ordered) {
        ErrorAtNode(a.expr, "invalid argument: " + OperandString(a) + " cannot be ordered");
        return false;
      }
      if (i == 0) {
        x = a;
        continue;
      }
      MatchTypes(x, a);
      if (x.mode == Mode::Invalid || a.mode == Mode::Invalid) return false;
      if (!T.Identical(x.type, a.type)) {
        ErrorAtNode(a.expr, "invalid argument: mismatched types " + TypeString(x.type) +
                                " (previous argument) and " + TypeString(a.type) + " (type of " +
                                ExprString(a.expr) + ")");
        return false;
      }
      if (x.mode == Mode::Constant && a.mode == Mode::Constant) {
        if (Compare(Val(a), op, Val(x))) x = a;
      } else {
        x.mode = Mode::Value;
      }
    }
    if (x.mode != Mode::Constant) {
      x.mode = Mode::Value;
      DefaultType(x, "argument to built-in " + name); // assigned to interface{}
      if (x.mode == Mode::Invalid) return false;
    }
    for (Operand &a : args)
      UpdateExprType(a.expr, x.type, true);
    return true;
  }

  // ---- package unsafe ----
  case BuiltinId::Add: {
    Assignment(x, Universe::Basic(BasicKind::UnsafePointer), "argument to unsafe.Add");
    if (x.mode == Mode::Invalid) return false;
    if (!ValidIndex(args[1], "length", true)) return false;
    x.mode = Mode::Value;
    x.type = Universe::Basic(BasicKind::UnsafePointer);
    return true;
  }

  case BuiltinId::Alignof:
  case BuiltinId::Sizeof: {
    Assignment(x, TypeId{}, "argument to unsafe." + name);
    if (x.mode == Mode::Invalid) return false;
    if (HasVarSize(x.type)) {
      x.mode = Mode::Value;
    } else {
      int64_t v = id == BuiltinId::Sizeof ? T.Sizeof(x.type) : T.Alignof(x.type);
      x.mode = Mode::Constant;
      x.val = AddConst(Value::MakeInt64(v));
    }
    x.type = Universe::Basic(BasicKind::Uintptr);
    return true;
  }

  case BuiltinId::Offsetof: {
    NodeId arg0 = f.At(list, 0);
    NodeId sel = f.Unparen(arg0);
    if (f.Kind(sel) != NodeKind::SelectorExpr) {
      ErrorAtNode(arg0, "invalid argument: " + ExprString(arg0) + " is not a selector expression");
      useArgs();
      return false;
    }
    Expr(x, f.A(sel));
    if (x.mode == Mode::Invalid) return false;
    // The struct, or the struct a pointer points to.
    TypeId base = x.type;
    if (isKind(T.Under(base), TypeKind::Pointer) &&
        isKind(T.Under(T.Elem(T.Under(base))), TypeKind::Struct))
      base = T.Elem(T.Under(base));
    std::string_view fieldName = f.Text(f.B(sel));
    std::vector<int> path;
    bool indirect = false;
    ObjectId obj = LookupFieldOrMethod(base, false, &pkg_, fieldName, &path, &indirect);
    if (!obj) {
      ErrorAtNode(x.expr, "invalid argument: " + TypeString(base) + " has no single field " +
                              std::string(fieldName));
      return false;
    }
    if (T.Obj(obj).kind == ObjectKind::Func) {
      ErrorAtNode(arg0, "invalid argument: " + ExprString(arg0) + " is a method value");
      return false;
    }
    if (indirect) {
      ErrorAtNode(x.expr, "invalid argument: field " + std::string(fieldName) +
                              " is embedded via a pointer in " + TypeString(base));
      return false;
    }
    pkg_.selections.push_back(Selection{SelectionKind::FieldVal, false, base, obj, path});
    ExprInfo &info = Info(sel);
    info.selection = static_cast<uint32_t>(pkg_.selections.size() - 1);
    info.mode = x.mode == Mode::Variable ? Mode::Variable : Mode::Value;
    info.type = T.Obj(obj).type;
    Info(f.B(sel)).object = obj;
    if (HasVarSize(base)) {
      x.mode = Mode::Value;
    } else {
      // The offsets along the path of embedded fields.
      int64_t offset = 0;
      TypeId t = base;
      for (int index : path) {
        TypeId s = T.Under(t);
        if (!isKind(s, TypeKind::Struct) || index < 0 ||
            static_cast<size_t>(index) >= T.Struct(s).fields.size())
          break;
        offset += T.Offsetsof(s)[static_cast<size_t>(index)];
        t = T.Obj(T.Struct(s).fields[static_cast<size_t>(index)]).type;
      }
      x.mode = Mode::Constant;
      x.val = AddConst(Value::MakeInt64(offset));
    }
    x.type = Universe::Basic(BasicKind::Uintptr);
    return true;
  }

  case BuiltinId::Slice: {
    TypeId p = T.Under(x.type);
    if (!isKind(p, TypeKind::Pointer)) {
      ErrorAtNode(x.expr, "invalid argument: " + OperandString(x) + " is not a pointer");
      return false;
    }
    if (!ValidIndex(args[1], "length", false)) return false;
    x.mode = Mode::Value;
    x.type = T.NewSlice(T.Elem(p));
    return true;
  }

  case BuiltinId::SliceData: {
    TypeId s = T.Under(x.type);
    if (!isKind(s, TypeKind::Slice)) {
      ErrorAtNode(x.expr, "invalid argument: " + OperandString(x) + " is not a slice");
      return false;
    }
    x.mode = Mode::Value;
    x.type = T.NewPointer(T.Elem(s));
    return true;
  }

  case BuiltinId::String: {
    Assignment(x, T.NewPointer(Universe::Basic(BasicKind::Byte)), "argument to unsafe.String");
    if (x.mode == Mode::Invalid) return false;
    if (!ValidIndex(args[1], "length", false)) return false;
    x.mode = Mode::Value;
    x.type = Universe::Basic(BasicKind::String);
    return true;
  }

  case BuiltinId::StringData: {
    Assignment(x, Universe::Basic(BasicKind::String), "argument to unsafe.StringData");
    if (x.mode == Mode::Invalid) return false;
    x.mode = Mode::Value;
    x.type = T.NewPointer(Universe::Basic(BasicKind::Byte));
    return true;
  }

  default:
    return false;
  }
}

} // namespace talpa::types
