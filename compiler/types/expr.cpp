// Expressions, after types2's expr.go, call.go, builtins.go, conversions.go and
// assignments.go: each expression yields an operand (mode, type, constant value); untyped
// results stay untyped until their context gives them a type, and then UpdateExprType
// records the final type down the expression tree, as types2's updateExprType does.
// Constant arithmetic is exact (constant.cpp); typed constants are checked to be
// representable after every operation.
#include "compiler/syntax/scanner.h"
#include "compiler/types/checker.h"

namespace talpa::types {

namespace {
const char *ModeString(Mode m) {
  switch (m) {
  case Mode::Invalid:
    return "invalid operand";
  case Mode::NoValue:
    return "no value";
  case Mode::Builtin:
    return "built-in";
  case Mode::TypeExpr:
    return "type";
  case Mode::Constant:
    return "constant";
  case Mode::Variable:
    return "variable";
  case Mode::Value:
    return "value";
  }
  return "";
}
const char *BuiltinName(BuiltinId id) {
  static const char *const kNames[] = {"",       "append",  "cap",  "close",  "complex", "copy",
                                       "delete", "imag",    "len",  "make",   "new",     "panic",
                                       "print",  "println", "real", "recover"};
  return kNames[static_cast<int>(id)];
}
bool IsComparisonOp(TK op) {
  return op == TK::Eql || op == TK::Neq || op == TK::Lss || op == TK::Leq || op == TK::Gtr ||
         op == TK::Geq;
}
} // namespace

std::string Checker::OperandString(const Operand &x) {
  if (x.mode == Mode::Value && x.type == TypeTable::Basic(BasicKind::UntypedNil)) return "nil";
  std::string expr;
  if (x.expr)
    expr = ExprString(x.expr);
  else if (x.mode == Mode::Builtin)
    expr = BuiltinName(x.builtin);
  else if (x.mode == Mode::TypeExpr)
    expr = TypeString(x.type);
  else if (x.mode == Mode::Constant)
    expr = Val(x).String();
  std::string buf;
  if (!expr.empty()) buf = expr + " (";
  bool hasType = false;
  switch (x.mode) {
  case Mode::Invalid:
  case Mode::NoValue:
  case Mode::Builtin:
  case Mode::TypeExpr:
    break;
  default:
    if (x.type) {
      if (pkg_.types.IsUntyped(x.type)) {
        buf += TypeString(x.type) + " ";
        break;
      }
      hasType = true;
    }
  }
  buf += ModeString(x.mode);
  if (x.mode == Mode::Constant) {
    std::string s = Val(x).String();
    if (s != expr) buf += " " + s;
  }
  if (hasType) {
    if (x.type != TypeTable::Basic(BasicKind::Invalid))
      buf += " of type " + TypeString(x.type);
    else
      buf += " with invalid type";
  }
  if (!expr.empty()) buf += ")";
  return buf;
}

void Checker::Record(const Operand &x) {
  if (!x.expr) return;
  ExprInfo &info = Info(x.expr);
  info.mode = x.mode;
  info.type = x.type;
  info.value = x.mode == Mode::Constant ? x.val : 0;
}

void Checker::RawExpr(Operand &x, NodeId e, bool allowTuple) {
  if (exprDepth_ >= kMaxExprDepth) {
    x = Operand{};
    x.expr = e;
    ErrorAtNode(e, "talpa: expression nested too deeply (limit " + std::to_string(kMaxExprDepth) +
                       ")");
    return;
  }
  ++exprDepth_;
  ExprInternal(x, e);
  --exprDepth_;
  x.expr = e;
  Record(x);
  if (!allowTuple && x.mode == Mode::Value && x.type && pkg_.types.IsTuple(x.type)) SingleValue(x);
}

void Checker::SingleValue(Operand &x) {
  if (x.mode == Mode::Value && x.type && pkg_.types.IsTuple(x.type)) {
    ErrorAtNode(x.expr, "multiple-value " + OperandString(x) + " in single-value context");
    x.mode = Mode::Invalid;
  }
}

void Checker::Expr(Operand &x, NodeId e) {
  RawExpr(x, e, false);
  switch (x.mode) {
  case Mode::NoValue:
    ErrorAtNode(e, OperandString(x) + " used as value");
    x.mode = Mode::Invalid;
    break;
  case Mode::Builtin:
    ErrorAtNode(e, OperandString(x) + " must be called");
    x.mode = Mode::Invalid;
    break;
  case Mode::TypeExpr:
    ErrorAtNode(e, OperandString(x) + " is not an expression");
    x.mode = Mode::Invalid;
    break;
  default:
    break;
  }
}

void Checker::ExprInternal(Operand &x, NodeId e) {
  syntax::File &f = F();
  x = Operand{};
  x.expr = e;
  switch (f.Kind(e)) {
  case NodeKind::Invalid:
    return;
  case NodeKind::Name:
    Ident(x, e, true);
    return;
  case NodeKind::BasicLit:
    BasicLit(x, e);
    return;
  case NodeKind::ParenExpr: {
    RawExpr(x, f.A(e), true);
    x.expr = e;
    return;
  }
  case NodeKind::Operation:
    if (!f.B(e))
      Unary(x, e);
    else
      Binary(x, e, f.A(e), f.B(e), static_cast<TK>(f[e].op), false);
    x.expr = e;
    return;
  case NodeKind::CallExpr:
    Call(x, e);
    return;
  case NodeKind::FuncLit:
    NotSupported(e, "function literals");
    return;
  case NodeKind::CompositeLit:
    NotSupported(e, "composite literals");
    return;
  case NodeKind::SelectorExpr:
    NotSupported(e, "selector expressions");
    return;
  case NodeKind::IndexExpr:
    IndexExpr(x, e);
    return;
  case NodeKind::SliceExpr:
    SliceExpr(x, e);
    return;
  case NodeKind::AssertExpr:
    NotSupported(e, "type assertions");
    return;
  case NodeKind::TypeSwitchGuard:
    ErrorAtNode(e, "use of .(type) outside type switch");
    return;
  case NodeKind::KeyValueExpr:
    ErrorAtNode(e, "unexpected key:value expression");
    return;
  case NodeKind::ArrayType:
  case NodeKind::SliceType:
  case NodeKind::StructType:
  case NodeKind::FuncType:
  case NodeKind::InterfaceType:
  case NodeKind::MapType:
  case NodeKind::ChanType:
  case NodeKind::DotsType: {
    TypeId t = TypeExpr(e);
    if (t) {
      x.mode = Mode::TypeExpr;
      x.type = t;
    }
    return;
  }
  default:
    ErrorAtNode(e, ExprString(e) + " is not an expression");
    return;
  }
}

// Index checks an index expression against max (the length when it is known statically,
// else -1) and returns the constant index, or -1 if the index is not constant. valid is
// false after an error. Go: types2's index + isValidIndex.
int64_t Checker::Index(NodeId index, int64_t max, bool *valid) {
  *valid = false;
  Operand x;
  Expr(x, index);
  if (x.mode == Mode::Invalid) return -1;
  // A constant index that is untyped is given type int.
  ConvertUntyped(x, TypeTable::Basic(BasicKind::Int));
  if (x.mode == Mode::Invalid) return -1;
  if (!pkg_.types.IsInteger(x.type)) {
    ErrorAtNode(index, "invalid argument: index " + OperandString(x) + " must be integer");
    return -1;
  }
  if (x.mode != Mode::Constant) {
    *valid = true;
    return -1;
  }
  if (Val(x).IsUnknown()) return -1;
  if (Val(x).Sign() < 0) {
    ErrorAtNode(index, "invalid argument: index " + OperandString(x) + " must not be negative");
    return -1;
  }
  Value r;
  if (Representation(Val(x), TypeTable::Basic(BasicKind::Int), &r) != 0) {
    ErrorAtNode(index, "invalid argument: index " + OperandString(x) + " overflows int");
    return -1;
  }
  int64_t v = r.Int64();
  if (max >= 0 && v >= max) {
    ErrorAtNode(index, "invalid argument: index " + r.String() +
                           " out of bounds [0:" + std::to_string(max) + "]");
    return -1;
  }
  *valid = true;
  return v;
}

// IndexExpr checks x[i]. Only strings can be indexed so far; indexing one yields a byte
// value, never a constant, even for a constant string and index (as types2 has it).
void Checker::IndexExpr(Operand &x, NodeId e) {
  syntax::File &f = F();
  Expr(x, f.A(e));
  if (x.mode == Mode::Invalid) return;
  if (!pkg_.types.IsString(x.type)) {
    if (pkg_.types.IsBasic(x.type)) {
      Error(f.Pos(e), "invalid operation: cannot index " + OperandString(x));
      x.mode = Mode::Invalid;
      return;
    }
    NotSupported(e, "index expressions");
    x.mode = Mode::Invalid;
    return;
  }
  int64_t length = -1;
  if (x.mode == Mode::Constant) length = static_cast<int64_t>(Val(x).StringVal().size());
  bool valid;
  if (f.Kind(f.B(e)) == NodeKind::ListExpr) {
    NotSupported(e, "generic instantiation");
    x.mode = Mode::Invalid;
    return;
  }
  Index(f.B(e), length, &valid);
  x.expr = e;
  if (!valid) {
    x.mode = Mode::Invalid;
    return;
  }
  x.mode = Mode::Value;
  x.type = TypeTable::Basic(BasicKind::Byte);
}

// SliceExpr checks x[i:j] for strings; the result is a string value (of x's type, or
// string for an untyped constant). Go: types2's sliceExpr.
void Checker::SliceExpr(Operand &x, NodeId e) {
  syntax::File &f = F();
  Expr(x, f.A(e));
  if (x.mode == Mode::Invalid) return;
  if (!pkg_.types.IsString(x.type)) {
    if (pkg_.types.IsBasic(x.type)) {
      ErrorAtNode(x.expr, "invalid operation: cannot slice " + OperandString(x));
      x.mode = Mode::Invalid;
      return;
    }
    NotSupported(e, "slice expressions");
    x.mode = Mode::Invalid;
    return;
  }
  if (f[e].flags & 1) {
    ErrorAtNode(f.D(e) ? f.D(e) : e, "invalid operation: 3-index slice of string");
    x.mode = Mode::Invalid;
    return;
  }
  int64_t length = -1;
  if (x.mode == Mode::Constant) length = static_cast<int64_t>(Val(x).StringVal().size());
  if (pkg_.types.IsUntyped(x.type)) x.type = TypeTable::Basic(BasicKind::String);
  x.mode = Mode::Value;
  x.expr = e;
  NodeId idx[2] = {f.B(e), f.C(e)};
  int64_t ind[2];
  bool ok = true;
  for (int i = 0; i < 2; i++) {
    int64_t v = -1;
    if (idx[i]) {
      bool valid;
      v = Index(idx[i], length >= 0 ? length + 1 : -1, &valid);
      ok = ok && valid;
    } else if (i == 0) {
      v = 0;
    } else if (length >= 0) {
      v = length;
    }
    ind[i] = v;
  }
  if (!ok) {
    x.mode = Mode::Invalid;
    return;
  }
  if (ind[0] > 0 && ind[1] >= 0 && ind[1] < ind[0])
    ErrorAtNode(idx[1], "invalid slice indices: " + std::to_string(ind[1]) + " < " +
                            std::to_string(ind[0]));
}

void Checker::Ident(Operand &x, NodeId e, bool markUsed) {
  syntax::File &f = F();
  std::string_view name = f.Text(e);
  if (name == "_") {
    Error(f.Pos(e), "cannot use _ as value");
    return;
  }
  ObjectId id = Lookup(name);
  if (!id) {
    if (!UnsupportedName(name)) Error(f.Pos(e), "undefined: " + std::string(name));
    return;
  }
  Info(e).object = id;
  Object &o = Obj(id);
  if (o.packageLevel) {
    ObjDecl(id);
    if ((o.kind == ObjectKind::Var || o.kind == ObjectKind::Func) && currentDecl_)
      deps_[currentDecl_.index].push_back(id);
  }
  Object &obj = Obj(id); // ObjDecl may have grown the object table
  switch (obj.kind) {
  case ObjectKind::Const:
    if (obj.name == "iota" && !obj.packageLevel && !obj.decl) {
      if (iota_ < 0) {
        Error(f.Pos(e), "cannot use iota outside constant declaration");
        return;
      }
      x.mode = Mode::Constant;
      x.type = obj.type;
      x.val = AddConst(Value::MakeInt64(iota_));
      return;
    }
    if (!obj.type || obj.type == TypeTable::Basic(BasicKind::Invalid)) return;
    x.mode = Mode::Constant;
    x.type = obj.type;
    x.val = obj.value;
    return;
  case ObjectKind::Var:
    if (markUsed) obj.used = true;
    if (!obj.type || obj.type == TypeTable::Basic(BasicKind::Invalid)) return;
    x.mode = Mode::Variable;
    x.type = obj.type;
    return;
  case ObjectKind::Func:
    x.mode = Mode::Value;
    x.type = obj.type;
    return;
  case ObjectKind::TypeName:
    x.mode = Mode::TypeExpr;
    x.type = obj.type;
    return;
  case ObjectKind::Builtin:
    x.mode = Mode::Builtin;
    x.builtin = obj.builtin;
    return;
  case ObjectKind::Nil:
    x.mode = Mode::Value;
    x.type = TypeTable::Basic(BasicKind::UntypedNil);
    return;
  default:
    return;
  }
}

void Checker::BasicLit(Operand &x, NodeId e) {
  syntax::File &f = F();
  if (f[e].flags) return; // malformed: the scanner reported it
  TK kind = static_cast<TK>(f[e].op);
  if (kind == TK::ImagLit) {
    NotSupported(e, "complex numbers");
    return;
  }
  Value v = Value::FromLiteral(kind, f.Text(e));
  if (v.IsUnknown()) {
    ErrorAtNode(e, "malformed constant: " + std::string(f.Text(e)));
    return;
  }
  x.mode = Mode::Constant;
  x.type = TypeTable::Basic(kind == TK::IntLit     ? BasicKind::UntypedInt
                            : kind == TK::FloatLit ? BasicKind::UntypedFloat
                            : kind == TK::RuneLit  ? BasicKind::UntypedRune
                                                   : BasicKind::UntypedString);
  x.val = AddConst(std::move(v));
}

// ---------------------------------------------------------------------------
// Representability and untyped conversion

// 0: representable (*rounded set); 1: truncated; 2: overflows; 3: not convertible.
int Checker::Representation(const Value &v, TypeId t, Value *rounded, TypeId from) {
  TypeTable &T = pkg_.types;
  bool numericValue = v.kind() == Value::Kind::Int || v.kind() == Value::Kind::Float;
  auto fail = [&](bool toInteger) {
    if (numericValue && T.IsNumeric(t)) {
      if (from && T.IsNumeric(from)) return !T.IsInteger(from) && toInteger ? 1 : 2;
      return (toInteger && !v.IsIntegral()) ? 1 : 2;
    }
    return 3;
  };
  BasicKind k = T.Kind(t);
  if (T.IsInteger(t)) {
    if (!numericValue || !v.IsIntegral()) return fail(true);
    Value iv = v.ToInt();
    if (k == BasicKind::UntypedInt || k == BasicKind::UntypedRune) {
      *rounded = std::move(iv);
      return 0;
    }
    unsigned bits = T.Size(t) * 8;
    size_t len = iv.BitLen();
    if (T.IsUnsigned(t)) {
      if (iv.Sign() < 0 || len > bits) return fail(true);
    } else {
      // -2^(bits-1) <= v < 2^(bits-1)
      if (len > bits - 1) {
        bool minValue =
            iv.Sign() < 0 && len == bits &&
            Compare(iv, TK::Eql, talpa::types::Shift(Value::MakeInt64(-1), TK::Shl, bits - 1));
        if (!minValue) return fail(true);
      }
    }
    *rounded = std::move(iv);
    return 0;
  }
  if (T.IsFloat(t)) {
    if (!numericValue) return fail(false);
    if (k == BasicKind::UntypedFloat) {
      *rounded = v.ToFloat();
      return 0;
    }
    bool finite;
    if (k == BasicKind::Float32) {
      float fv = v.Float32(&finite);
      if (!finite) return 2;
      Value r = Value::MakeInt64(0);
      // Hold the float32 value exactly (as a float64 it is exact).
      Value d = RoundFloat64(v);
      (void)fv;
      *rounded = std::move(d);
      return 0;
    }
    v.Float64(&finite);
    if (!finite) return 2;
    *rounded = RoundFloat64(v);
    return 0;
  }
  if (T.IsComplex(t)) return 3;
  if (T.IsString(t)) {
    if (v.kind() != Value::Kind::String) return 3;
    *rounded = Value(v);
    return 0;
  }
  if (T.IsBoolean(t)) {
    if (v.kind() != Value::Kind::Bool) return 3;
    *rounded = Value(v);
    return 0;
  }
  return 3;
}

void Checker::Representable(Operand &x, TypeId t) {
  Value r;
  int code = Representation(Val(x), t, &r, x.type);
  if (code) {
    std::string xs = OperandString(x), ts = TypeString(t);
    ErrorAtNode(x.expr, code == 1   ? xs + " truncated to " + ts
                        : code == 2 ? xs + " overflows " + ts
                                    : "cannot convert " + xs + " to " + ts);
    x.mode = Mode::Invalid;
    return;
  }
  x.val = AddConst(std::move(r));
}

void Checker::Overflow(Operand &x, NodeId opNode) {
  if (Val(x).IsUnknown()) {
    Error(F().Pos(opNode), "constant result is not representable");
    x.mode = Mode::Invalid;
    return;
  }
  if (!pkg_.types.IsUntyped(x.type)) {
    Representable(x, x.type);
    return;
  }
  if (Val(x).kind() == Value::Kind::Int && Val(x).BitLen() > 512) {
    std::string name;
    syntax::File &f = F();
    if (f.Kind(opNode) == NodeKind::Operation) {
      TK op = static_cast<TK>(f[opNode].op);
      if (f.B(opNode)) {
        name = op == TK::Add   ? "addition"
               : op == TK::Sub ? "subtraction"
               : op == TK::Xor ? "bitwise XOR"
               : op == TK::Mul ? "multiplication"
               : op == TK::Shl ? "shift"
                               : "";
      } else if (op == TK::Xor) {
        name = "bitwise complement";
      }
    }
    uint32_t at =
        f.Kind(opNode) == NodeKind::Operation ? f.Pos(opNode) : syntax::StartPos(f, opNode);
    Error(at, "constant " + name + " overflow");
    x.mode = Mode::Invalid;
  }
}

// types2's implicitTypeAndValue: the type an untyped operand takes in a context of type
// target. code: 0 ok, 1 truncated, 2 overflows, 3 impossible.
bool Checker::ImplicitType(const Operand &x, TypeId target, TypeId *out, int *code) {
  TypeTable &T = pkg_.types;
  *code = 0;
  *out = x.type;
  if (x.mode == Mode::Invalid || !T.IsUntyped(x.type) || !target ||
      target == TypeTable::Basic(BasicKind::Invalid))
    return true;
  if (T.IsUntyped(target)) {
    // Both untyped: numeric kinds combine to the larger one.
    if (T.IsNumeric(x.type) && T.IsNumeric(target)) {
      *out = T.Kind(x.type) > T.Kind(target) ? x.type : target;
      return true;
    }
    if (T.Kind(x.type) != T.Kind(target)) {
      *code = 3;
      return false;
    }
    return true;
  }
  if (!T.IsBasic(target)) {
    *code = 3;
    return false;
  }
  if (x.mode == Mode::Constant) {
    Value r;
    *code = Representation(Val(x), target, &r, x.type);
    if (*code) return false;
    *out = target;
    return true;
  }
  // Non-constant untyped values: booleans from comparisons, numbers from shifts, nil.
  BasicKind k = T.Kind(x.type);
  if (k == BasicKind::UntypedBool) {
    if (!T.IsBoolean(target)) *code = 3;
  } else if (k == BasicKind::UntypedNil) {
    *code = 3;
  } else if (T.IsNumeric(x.type)) {
    if (!T.IsNumeric(target)) *code = 3;
  } else if (k == BasicKind::UntypedString) {
    if (!T.IsString(target)) *code = 3;
  }
  if (*code) return false;
  *out = target;
  return true;
}

void Checker::ConvertUntyped(Operand &x, TypeId target) {
  TypeId t;
  int code;
  if (!ImplicitType(x, target, &t, &code)) {
    std::string xs = OperandString(x), ts = TypeString(target);
    ErrorAtNode(x.expr, code == 1   ? xs + " truncated to " + ts
                        : code == 2 ? xs + " overflows " + ts
                                    : "cannot convert " + xs + " to " + ts);
    x.mode = Mode::Invalid;
    return;
  }
  if (t != x.type) {
    if (x.mode == Mode::Constant && !pkg_.types.IsUntyped(t)) {
      Value r;
      Representation(Val(x), t, &r);
      x.val = AddConst(std::move(r));
    }
    x.type = t;
    UpdateExprType(x.expr, t, !pkg_.types.IsUntyped(t));
    if (x.expr && x.mode == Mode::Constant) Info(x.expr).value = x.val;
  }
}

void Checker::UpdateExprType(NodeId e, TypeId t, bool final) {
  if (!e) return;
  syntax::File &f = F();
  ExprInfo &info = Info(e);
  if (!info.type || !pkg_.types.IsUntyped(info.type)) return; // already typed
  info.type = t;
  if (info.mode == Mode::Constant) {
    // Constant subtrees are never lowered; only this node's value matters, and the
    // caller records it.
    if (final && !pkg_.types.IsUntyped(t)) {
      Value r;
      if (Representation(pkg_.constants[info.value], t, &r) == 0)
        info.value = AddConst(std::move(r));
    }
    return;
  }
  switch (f.Kind(e)) {
  case NodeKind::ParenExpr:
    UpdateExprType(f.A(e), t, final);
    return;
  case NodeKind::Operation: {
    TK op = static_cast<TK>(f[e].op);
    if (!f.B(e)) {
      UpdateExprType(f.A(e), t, final);
    } else if (IsComparisonOp(op)) {
      // The result is boolean; operands keep their own types.
    } else if (op == TK::Shl || op == TK::Shr) {
      UpdateExprType(f.A(e), t, final); // only the shifted operand
      if (final && !pkg_.types.IsInteger(t))
        ErrorAtNode(e, "invalid operation: " + ExprString(e) + " (shift of type " + TypeString(t) +
                           ")");
    } else {
      UpdateExprType(f.A(e), t, final);
      UpdateExprType(f.B(e), t, final);
    }
    return;
  }
  default:
    return;
  }
}

void Checker::MatchTypes(Operand &x, Operand &y) {
  TypeTable &T = pkg_.types;
  auto mayConvert = [&]() {
    if (!T.IsUntyped(x.type) && !T.IsUntyped(y.type)) return false;
    if (T.IsBasic(x.type) != T.IsBasic(y.type)) return false;
    if (T.IsBoolean(x.type) != T.IsBoolean(y.type)) return false;
    if (T.IsString(x.type) != T.IsString(y.type)) return false;
    if (T.Kind(x.type) == BasicKind::UntypedNil || T.Kind(y.type) == BasicKind::UntypedNil)
      return false;
    return true;
  };
  if (mayConvert()) {
    ConvertUntyped(x, y.type);
    if (x.mode == Mode::Invalid) return;
    ConvertUntyped(y, x.type);
    if (y.mode == Mode::Invalid) x.mode = Mode::Invalid;
  }
}

// ---------------------------------------------------------------------------
// Operators

void Checker::Unary(Operand &x, NodeId e) {
  syntax::File &f = F();
  TK op = static_cast<TK>(f[e].op);
  switch (op) {
  case TK::And:
    NotSupported(e, "pointers");
    return;
  case TK::Mul:
    NotSupported(e, "pointers");
    return;
  case TK::Arrow:
    NotSupported(e, "channels");
    return;
  case TK::Tilde:
    ErrorAtNode(e, "cannot use ~ outside of interface or type constraint");
    return;
  default:
    break;
  }
  Expr(x, f.A(e));
  if (x.mode == Mode::Invalid) return;
  TypeTable &T = pkg_.types;
  bool ok = op == TK::Not   ? T.IsBoolean(x.type)
            : op == TK::Xor ? T.IsInteger(x.type)
                            : T.IsNumeric(x.type);
  if (!ok) {
    ErrorAtNode(x.expr, "invalid operation: operator " + std::string(syntax::Spelling(op)) +
                            " not defined on " + OperandString(x));
    x.mode = Mode::Invalid;
    return;
  }
  if (x.mode == Mode::Constant) {
    unsigned prec = T.IsUnsigned(x.type) ? T.Size(x.type) * 8 : 0;
    x.val = AddConst(UnaryOp(op, Val(x), prec));
    x.expr = e;
    Overflow(x, e);
    return;
  }
  x.mode = Mode::Value;
}

void Checker::Binary(Operand &x, NodeId e, NodeId lhs, NodeId rhs, TK op, bool opAssign) {
  Operand y;
  Expr(x, lhs);
  Expr(y, rhs);
  if (x.mode == Mode::Invalid) return;
  if (y.mode == Mode::Invalid) {
    x.mode = Mode::Invalid;
    x.expr = y.expr;
    return;
  }
  if (op == TK::Shl || op == TK::Shr) {
    Shift(x, y, e, op);
    return;
  }
  MatchTypes(x, y);
  if (x.mode == Mode::Invalid) return;
  if (IsComparisonOp(op)) {
    Comparison(x, y, e, op);
    return;
  }
  TypeTable &T = pkg_.types;
  if (!T.Identical(x.type, y.type)) {
    if (x.type != TypeTable::Basic(BasicKind::Invalid) &&
        y.type != TypeTable::Basic(BasicKind::Invalid)) {
      std::string what = opAssign ? ExprString(lhs) + " " + std::string(syntax::Spelling(op)) +
                                        "= " + ExprString(rhs)
                                  : ExprString(e);
      ErrorAtNode(x.expr, "invalid operation: " + what + " (mismatched types " +
                              TypeString(x.type) + " and " + TypeString(y.type) + ")");
    }
    x.mode = Mode::Invalid;
    return;
  }
  bool ok;
  switch (op) {
  case TK::Add:
    ok = T.IsNumeric(x.type) || T.IsString(x.type);
    break;
  case TK::Sub:
  case TK::Mul:
  case TK::Div:
    ok = T.IsNumeric(x.type);
    break;
  case TK::Rem:
  case TK::And:
  case TK::Or:
  case TK::Xor:
  case TK::AndNot:
    ok = T.IsInteger(x.type);
    break;
  case TK::AndAnd:
  case TK::OrOr:
    ok = T.IsBoolean(x.type);
    break;
  default:
    ok = false;
  }
  if (!ok) {
    ErrorAtNode(x.expr, "invalid operation: operator " + std::string(syntax::Spelling(op)) +
                            " not defined on " + OperandString(x));
    x.mode = Mode::Invalid;
    return;
  }
  if ((op == TK::Div || op == TK::Rem) && (x.mode == Mode::Constant || T.IsInteger(x.type)) &&
      y.mode == Mode::Constant && Val(y).Sign() == 0) {
    ErrorAtNode(y.expr, "invalid operation: division by zero");
    x.mode = Mode::Invalid;
    return;
  }
  if (x.mode == Mode::Constant && y.mode == Mode::Constant) {
    bool intDiv = op == TK::Div && T.IsInteger(x.type);
    x.val = AddConst(BinaryOp(Val(x), op, Val(y), intDiv));
    x.expr = e;
    Overflow(x, e);
    return;
  }
  x.mode = Mode::Value;
}

void Checker::Shift(Operand &x, Operand &y, NodeId e, TK op) {
  TypeTable &T = pkg_.types;
  // The shifted operand must be an integer, or an untyped constant representable as one.
  if (x.mode == Mode::Constant && T.IsUntyped(x.type)) {
    if (!Val(x).IsIntegral() || (!T.IsNumeric(x.type))) {
      ErrorAtNode(x.expr,
                  "invalid operation: shifted operand " + OperandString(x) + " must be integer");
      x.mode = Mode::Invalid;
      return;
    }
  } else if (!T.IsInteger(x.type)) {
    ErrorAtNode(x.expr,
                "invalid operation: shifted operand " + OperandString(x) + " must be integer");
    x.mode = Mode::Invalid;
    return;
  }
  // The shift count must be an integer (an untyped constant one is made a uint, but
  // messages describe it as written, as types2 only checks representability).
  std::string yDesc;
  if (y.mode == Mode::Constant) {
    Value yv = Val(y).ToInt();
    if (yv.IsUnknown() || !T.IsNumeric(y.type)) {
      ErrorAtNode(y.expr,
                  "invalid operation: shift count " + OperandString(y) + " must be integer");
      x.mode = Mode::Invalid;
      return;
    }
    if (yv.Sign() < 0) {
      ErrorAtNode(y.expr, "invalid operation: negative shift count " + OperandString(y));
      x.mode = Mode::Invalid;
      return;
    }
    yDesc = OperandString(y);
    if (T.IsUntyped(y.type)) {
      ConvertUntyped(y, TypeTable::Basic(BasicKind::Uint));
      if (y.mode == Mode::Invalid) {
        x.mode = Mode::Invalid;
        return;
      }
    }
  } else if (!T.IsInteger(y.type)) {
    ErrorAtNode(y.expr, "invalid operation: shift count " + OperandString(y) + " must be integer");
    x.mode = Mode::Invalid;
    return;
  }
  if (x.mode == Mode::Constant) {
    if (y.mode == Mode::Constant) {
      const uint64_t shiftBound = 1023 - 1 + 52;
      if (!Val(y).FitsUint64() || Val(y).Uint64() > shiftBound) {
        ErrorAtNode(y.expr, "invalid operation: invalid shift count " + yDesc);
        x.mode = Mode::Invalid;
        return;
      }
      if (T.IsUntyped(x.type) && !T.IsInteger(x.type))
        x.type = TypeTable::Basic(BasicKind::UntypedInt);
      x.val = AddConst(talpa::types::Shift(Val(x), op, Val(y).Uint64()));
      x.expr = e;
      Overflow(x, e);
      return;
    }
    if (T.IsUntyped(x.type)) {
      // A non-constant shift of an untyped constant: its type comes from the context
      // (UpdateExprType), or is int.
      if (!T.IsInteger(x.type)) {
        x.type = TypeTable::Basic(BasicKind::UntypedInt);
        Info(x.expr).type = x.type;
      }
      x.mode = Mode::Value;
      return;
    }
  }
  x.mode = Mode::Value;
}

void Checker::Comparison(Operand &x, Operand &y, NodeId e, TK op, bool switchCase) {
  TypeTable &T = pkg_.types;
  const Operand *errOp = &x;
  std::string cause;
  if (!T.Identical(x.type, y.type)) {
    errOp = &y;
    cause = "mismatched types " + TypeString(x.type) + " and " + TypeString(y.type);
  } else if (op != TK::Eql && op != TK::Neq && !T.IsOrdered(x.type)) {
    cause = "operator " + std::string(syntax::Spelling(op)) + " not defined on " + OperandString(x);
  } else if (T.Kind(x.type) == BasicKind::UntypedNil) {
    cause = "operator " + std::string(syntax::Spelling(op)) + " not defined on nil";
  }
  if (!cause.empty() && switchCase) {
    ErrorAtNode(x.expr, "invalid case " + ExprString(x.expr) + " in switch on " +
                            (y.expr ? ExprString(y.expr) : std::string("true")) + " (" + cause +
                            ")");
    x.mode = Mode::Invalid;
    return;
  }
  if (!cause.empty()) {
    ErrorAtNode(errOp->expr, "invalid operation: " + ExprString(x.expr) + " " +
                                 std::string(syntax::Spelling(op)) + " " + ExprString(y.expr) +
                                 " (" + cause + ")");
    x.mode = Mode::Invalid;
    return;
  }
  if (x.mode == Mode::Constant && y.mode == Mode::Constant) {
    x.val = AddConst(Value::MakeBool(Compare(Val(x), op, Val(y))));
  } else {
    x.mode = Mode::Value;
    UpdateExprType(x.expr, T.Default(x.type), true);
    UpdateExprType(y.expr, T.Default(y.type), true);
  }
  x.type = TypeTable::Basic(BasicKind::UntypedBool);
  x.expr = e;
}

// ---------------------------------------------------------------------------
// Assignability

void Checker::Assignment(Operand &x, TypeId t, const std::string &context) {
  SingleValue(x);
  switch (x.mode) {
  case Mode::Invalid:
    return;
  case Mode::Constant:
  case Mode::Variable:
  case Mode::Value:
    break;
  default:
    ErrorAtNode(x.expr,
                "cannot assign " + OperandString(x) + " to " + TypeString(t) + " in " + context);
    x.mode = Mode::Invalid;
    return;
  }
  TypeTable &T = pkg_.types;
  if (T.IsUntyped(x.type)) {
    TypeId target = t;
    if (T.Kind(x.type) == BasicKind::UntypedNil) {
      if (!t) {
        ErrorAtNode(x.expr, "use of untyped nil in " + context);
        x.mode = Mode::Invalid;
        return;
      }
    } else if (!t) {
      target = T.Default(x.type);
    }
    TypeId nt;
    int code;
    if (!ImplicitType(x, target, &nt, &code)) {
      std::string msg =
          "cannot use " + OperandString(x) + " as " + TypeString(target) + " value in " + context;
      if (code == 1)
        msg += " (truncated)";
      else if (code == 2)
        msg += " (overflows)";
      ErrorAtNode(x.expr, msg);
      x.mode = Mode::Invalid;
      return;
    }
    if (nt != x.type) {
      if (x.mode == Mode::Constant) {
        Value r;
        Representation(Val(x), nt, &r);
        x.val = AddConst(std::move(r));
      }
      x.type = nt;
      UpdateExprType(x.expr, nt, true);
      if (x.expr && x.mode == Mode::Constant) Info(x.expr).value = x.val;
    }
  }
  if (!t) return;
  if (!T.Identical(x.type, t)) {
    ErrorAtNode(x.expr,
                "cannot use " + OperandString(x) + " as type " + TypeString(t) + " in " + context);
    x.mode = Mode::Invalid;
  }
}

void Checker::DefaultType(Operand &x, const std::string &context) {
  Assignment(x, TypeId{}, context);
}

std::string Checker::TypesSummary(const std::vector<TypeId> &list) {
  std::string s = "(";
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) s += ", ";
    TypeId t = list[i];
    if (!t || t == TypeTable::Basic(BasicKind::Invalid))
      s += "<T>";
    else if (pkg_.types.IsUntyped(t)) {
      if (pkg_.types.IsNumeric(t))
        s += "number";
      else
        s += TypeString(t).substr(8); // drop "untyped "
    } else {
      s += TypeString(t);
    }
  }
  return s + ")";
}

// ---------------------------------------------------------------------------
// Calls

void Checker::CollectArgs(NodeId call, std::vector<Operand> &args) {
  syntax::File &f = F();
  syntax::NodeList list = f.ListBC(call);
  if (list.count == 1) {
    Operand x;
    RawExpr(x, f.At(list, 0), true);
    if (x.mode == Mode::Value && x.type && pkg_.types.IsTuple(x.type)) {
      for (uint32_t i = 0; i < pkg_.types.TupleLen(x.type); ++i) {
        Operand a = x;
        a.type = pkg_.types.TupleAt(x.type, i);
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
  TypeTable &T = pkg_.types;
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
  if (f[e].flags && fn.mode != Mode::Invalid) {
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
  TypeTable &T = pkg_.types;
  if (!fn.type || !T.IsSignature(fn.type)) {
    ErrorAtNode(fun, "invalid operation: cannot call non-function " + OperandString(fn));
    std::vector<Operand> args;
    CollectArgs(e, args);
    return;
  }
  NodeId callee = fun;
  callee = f.Unparen(callee);
  if (f.Kind(callee) != NodeKind::Name || !Info(callee).object ||
      Obj(Info(callee).object).kind != ObjectKind::Func) {
    NotSupported(fun, "calls of function values");
    return;
  }
  info.callKind = CallFunc;
  std::vector<Operand> args;
  CollectArgs(e, args);
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
  TypeTable &T = pkg_.types;
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

void Checker::Builtin(Operand &x, NodeId call, BuiltinId id) {
  syntax::File &f = F();
  syntax::NodeList list = f.ListBC(call);
  std::string name = BuiltinName(id);
  auto countError = [&](size_t want) {
    const char *msg = list.count < want ? "not enough" : "too many";
    Error(f[call].pos + 0, "invalid operation: " + std::string(msg) + " arguments for " +
                               ExprString(call) + " (expected " + std::to_string(want) +
                               ", found " + std::to_string(list.count) + ")");
  };
  x.expr = call;
  switch (id) {
  case BuiltinId::Len: {
    if (list.count != 1) {
      countError(1);
      return;
    }
    Expr(x, f.At(list, 0));
    if (x.mode == Mode::Invalid) return;
    if (!pkg_.types.IsString(x.type)) {
      ErrorAtNode(x.expr, "invalid argument: " + OperandString(x) + " for " + name);
      x.mode = Mode::Invalid;
      return;
    }
    if (x.mode == Mode::Constant) {
      x.val = AddConst(Value::MakeInt64(static_cast<int64_t>(Val(x).StringLen())));
    } else {
      if (pkg_.types.IsUntyped(x.type))
        UpdateExprType(x.expr, TypeTable::Basic(BasicKind::String), true);
      x.mode = Mode::Value;
    }
    x.type = TypeTable::Basic(BasicKind::Int);
    x.expr = call;
    return;
  }
  case BuiltinId::Print:
  case BuiltinId::Println: {
    // A single multi-value call spreads into the arguments, as for any call.
    std::vector<Operand> args;
    CollectArgs(call, args);
    for (Operand &a : args) {
      if (a.mode == Mode::Invalid) continue;
      DefaultType(a, "argument to " + name);
    }
    x.mode = Mode::NoValue;
    x.expr = call;
    return;
  }
  case BuiltinId::Panic: {
    if (list.count != 1) {
      countError(1);
      return;
    }
    Operand a;
    Expr(a, f.At(list, 0));
    if (a.mode != Mode::Invalid) {
      DefaultType(a, "argument to panic");
      if (a.mode != Mode::Invalid && !pkg_.types.IsString(a.type))
        NotSupported(a.expr, "panic with a non-string value");
    }
    x.mode = Mode::NoValue;
    x.expr = call;
    return;
  }
  default:
    NotSupported(call, "builtin " + name);
    return;
  }
}

} // namespace talpa::types
