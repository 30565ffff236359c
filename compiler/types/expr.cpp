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
  case Mode::MapIndex:
    return "map index expression";
  case Mode::Value:
    return "value";
  case Mode::CommaOK:
    return "comma, ok expression";
  }
  return "";
}
bool IsComparisonOp(TK op) {
  return op == TK::Eql || op == TK::Neq || op == TK::Lss || op == TK::Leq || op == TK::Gtr ||
         op == TK::Geq;
}
} // namespace

const char *BuiltinName(BuiltinId id) {
  static const char *const kNames[] = {
      "",         "append", "cap",     "clear",     "close",   "complex",   "copy",
      "delete",   "imag",   "len",     "make",      "max",     "min",       "new",
      "panic",    "print",  "println", "real",      "recover", "Add",       "Alignof",
      "Offsetof", "Sizeof", "Slice",   "SliceData", "String",  "StringData"};
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(BuiltinId::Count));
  return kNames[static_cast<int>(id)];
}

// Whether x is the predeclared nil, possibly already converted to a type (types2's
// nilvalue mode).
bool Checker::IsNil(const Operand &x) {
  if (x.mode != Mode::Value) return false;
  if (x.type == Universe::Basic(BasicKind::UntypedNil)) return true;
  if (!x.expr) return false;
  NodeId n = F().Unparen(x.expr);
  if (F().Kind(n) != NodeKind::Name) return false;
  ObjectId o = Info(n).object;
  return o && Obj(o).kind == ObjectKind::Nil;
}

std::string Checker::OperandString(const Operand &x) {
  if (IsNil(x)) {
    if (!x.type) return "nil (with invalid type)";
    if (x.type == Universe::Basic(BasicKind::UntypedNil)) return "nil";
    return "nil (of type " + TypeString(x.type) + ")";
  }
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
    // (The invalid type is TypeId 0: it is described as "with invalid type".)
    if (x.type && u_.IsUntyped(x.type)) {
      buf += TypeString(x.type) + " ";
      break;
    }
    hasType = true;
  }
  buf += ModeString(x.mode);
  if (x.mode == Mode::Constant) {
    std::string s = Val(x).String();
    if (s != expr) buf += " " + s;
  }
  if (hasType) {
    if (x.type != Universe::Basic(BasicKind::Invalid)) {
      bool generic = u_.IsNamed(x.type) && u_.Named(x.type).typeArgs.empty() &&
                     !u_.Named(x.type).typeParams.empty();
      buf += (generic ? " of parameterized type " : " of type ") + TypeString(x.type);
      if (u_.IsTypeParam(x.type) && u_.TParam(x.type).bound)
        buf += " constrained by " + TypeString(u_.TParam(x.type).bound);
    } else
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
  if (!allowTuple && x.mode == Mode::Value && x.type && u_.IsTuple(x.type)) SingleValue(x);
}

void Checker::SingleValue(Operand &x) {
  if (x.mode == Mode::Value && x.type && u_.IsTuple(x.type)) {
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
    FuncLit(x, e);
    return;
  case NodeKind::CompositeLit:
    CompositeLit(x, e, TypeId{});
    return;
  case NodeKind::SelectorExpr:
    Selector(x, e, false);
    return;
  case NodeKind::IndexExpr:
    IndexExpr(x, e);
    return;
  case NodeKind::SliceExpr:
    SliceExpr(x, e);
    return;
  case NodeKind::AssertExpr:
    TypeAssertion(x, e);
    return;
  case NodeKind::ListExpr:
    ErrorAtNode(e, "unexpected list of expressions");
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
  ConvertUntyped(x, Universe::Basic(BasicKind::Int));
  if (x.mode == Mode::Invalid) return -1;
  if (!u_.IsInteger(x.type)) {
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
  if (Representation(Val(x), Universe::Basic(BasicKind::Int), &r) != 0) {
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

// SingleIndex returns the index of x[i], reporting extra indices (types2's singleIndex).
NodeId Checker::SingleIndex(NodeId e) {
  syntax::File &f = F();
  NodeId index = f.B(e);
  if (index && f.Kind(index) == NodeKind::ListExpr) {
    std::vector<NodeId> list = f.Unpack(index);
    if (list.empty()) return NodeId{};
    if (list.size() > 1) ErrorAtNode(list[1], "invalid operation: more than one index");
    index = list[0];
  }
  return index;
}

// IndexExpr checks x[i] on strings, arrays, pointers to arrays, slices, maps and type
// parameters whose type sets allow it; T[A] and f[A] are instantiations (generics.cpp).
// Indexing a string yields a byte value, never a constant. Go: types2's indexExpr.
void Checker::IndexExpr(Operand &x, NodeId e) {
  syntax::File &f = F();
  RawExpr(x, f.A(e), false); // exprOrType
  if (x.mode == Mode::Invalid) {
    UseExpr(f.B(e));
    return;
  }
  if (x.mode == Mode::TypeExpr) {
    // A generic type's instance T[A, B] (generics.cpp).
    TypeId t = InstantiatedType(e, TypeId{});
    x = Operand{};
    x.expr = e;
    if (t) {
      x.mode = Mode::TypeExpr;
      x.type = t;
    }
    return;
  }
  if (x.mode == Mode::Value && x.type && u_.IsSignature(x.type) &&
      !u_.Sig(x.type).typeParams.empty()) {
    FuncInstance(x, e);
    return;
  }
  if (x.mode == Mode::NoValue) {
    ErrorAtNode(x.expr, OperandString(x) + " used as value");
    x.mode = Mode::Invalid;
    UseExpr(f.B(e));
    return;
  }
  Universe &T = u_;
  bool valid = false;
  int64_t length = -1;
  TypeId typ = x.type ? T.Under(x.type) : TypeId{};
  if (!typ || typ == Universe::Basic(BasicKind::Invalid)) {
    x.mode = Mode::Invalid;
    UseExpr(f.B(e));
    return;
  }
  auto mapIndex = [&](TypeId key, TypeId elem) {
    NodeId index = SingleIndex(e);
    if (!index) {
      x.mode = Mode::Invalid;
      return;
    }
    Operand k;
    Expr(k, index);
    Assignment(k, key, "map index");
    x.mode = Mode::MapIndex;
    x.type = elem;
    x.expr = e;
  };
  switch (T.KindOf(typ)) {
  case TypeKind::Basic:
    if (T.IsString(typ) && x.mode != Mode::Builtin) {
      valid = true;
      if (x.mode == Mode::Constant) length = static_cast<int64_t>(Val(x).StringLen());
      x.mode = Mode::Value;
      x.type = Universe::Basic(BasicKind::Byte);
    }
    break;
  case TypeKind::Array:
    valid = true;
    length = T.ArrayLen(typ);
    if (x.mode != Mode::Variable) x.mode = Mode::Value;
    x.type = T.Elem(typ);
    break;
  case TypeKind::Pointer: {
    TypeId a = T.Under(T.Elem(typ));
    if (a && T.KindOf(a) == TypeKind::Array) {
      valid = true;
      length = T.ArrayLen(a);
      x.mode = Mode::Variable;
      x.type = T.Elem(a);
    }
    break;
  }
  case TypeKind::Slice:
    valid = true;
    x.mode = Mode::Variable;
    x.type = T.Elem(typ);
    break;
  case TypeKind::Map:
    mapIndex(T.Key(typ), T.MapElem(typ));
    return;
  case TypeKind::Interface: {
    if (!T.IsTypeParam(x.type)) break;
    TypeId key, elem;
    bool first = true;
    Mode mode = Mode::Variable;
    bool ok = ForEachTerm(x.type, [&](TypeId term) {
      if (!term) return false;
      TypeId u = T.Under(term);
      if (!u) return false;
      int64_t l = -1;
      TypeId k, el;
      switch (T.KindOf(u)) {
      case TypeKind::Basic:
        if (T.IsString(u)) {
          el = Universe::Basic(BasicKind::Byte);
          mode = Mode::Value;
        }
        break;
      case TypeKind::Array:
        l = T.ArrayLen(u);
        el = T.Elem(u);
        if (x.mode != Mode::Variable) mode = Mode::Value;
        break;
      case TypeKind::Pointer: {
        TypeId a = T.Under(T.Elem(u));
        if (a && T.KindOf(a) == TypeKind::Array) {
          l = T.ArrayLen(a);
          el = T.Elem(a);
        }
        break;
      }
      case TypeKind::Slice:
        el = T.Elem(u);
        break;
      case TypeKind::Map:
        k = T.Key(u);
        el = T.MapElem(u);
        break;
      default:
        break;
      }
      if (!el) return false;
      if (first) {
        first = false;
        length = l;
        key = k;
        elem = el;
        return true;
      }
      if (static_cast<bool>(key) != static_cast<bool>(k) || (key && !T.Identical(key, k)))
        return false;
      if (!T.Identical(elem, el)) return false;
      if (l >= 0 && l < length) length = l;
      return true;
    });
    if (ok && elem) {
      if (key) {
        mapIndex(key, elem);
        return;
      }
      valid = true;
      x.mode = mode;
      x.type = elem;
    } else {
      length = -1;
    }
    break;
  }
  default:
    break;
  }
  if (!valid) {
    Error(f.Pos(e), "invalid operation: cannot index " + OperandString(x));
    x.mode = Mode::Invalid;
    UseExpr(f.B(e));
    return;
  }
  NodeId index = SingleIndex(e);
  if (!index) {
    x.mode = Mode::Invalid;
    return;
  }
  if (!x.type) x.type = Universe::Basic(BasicKind::Invalid);
  bool ok;
  Index(index, length, &ok);
  x.expr = e;
}

// SliceExpr checks x[i:j] and x[i:j:k] on strings, addressable arrays, pointers to arrays
// and slices (and type parameters with such a core type). Go: types2's sliceExpr.
void Checker::SliceExpr(Operand &x, NodeId e) {
  syntax::File &f = F();
  Universe &T = u_;
  NodeId idx[3] = {f.B(e), f.C(e), f.D(e)};
  bool full = f[e].flags & 1;
  auto useIndices = [&]() {
    for (NodeId i : idx)
      UseExpr(i);
  };
  Expr(x, f.A(e));
  if (x.mode == Mode::Invalid) {
    useIndices();
    return;
  }
  bool valid = false;
  int64_t length = -1;
  TypeId u = CoreString(x.type);
  if (!u) {
    ErrorAtNode(x.expr, "invalid operation: cannot slice " + OperandString(x) + ": " +
                            TypeString(x.type) + " has no core type");
    x.mode = Mode::Invalid;
    useIndices();
    return;
  }
  switch (T.KindOf(u)) {
  case TypeKind::Basic:
    if (T.IsString(u)) {
      if (full) {
        ErrorAtNode(idx[2] ? idx[2] : e, "invalid operation: 3-index slice of string");
        x.mode = Mode::Invalid;
        useIndices();
        return;
      }
      valid = true;
      if (x.mode == Mode::Constant) length = static_cast<int64_t>(Val(x).StringLen());
      if (T.IsUntyped(x.type)) x.type = Universe::Basic(BasicKind::String);
    }
    break;
  case TypeKind::Array:
    valid = true;
    length = T.ArrayLen(u);
    if (x.mode != Mode::Variable) {
      ErrorAtNode(x.expr,
                  "invalid operation: " + OperandString(x) + " (slice of unaddressable value)");
      x.mode = Mode::Invalid;
      useIndices();
      return;
    }
    x.type = T.NewSlice(T.Elem(u));
    break;
  case TypeKind::Pointer: {
    TypeId a = T.Under(T.Elem(u));
    if (a && T.KindOf(a) == TypeKind::Array) {
      valid = true;
      length = T.ArrayLen(a);
      x.type = T.NewSlice(T.Elem(a));
    }
    break;
  }
  case TypeKind::Slice:
    valid = true;
    break;
  default:
    break;
  }
  if (!valid) {
    ErrorAtNode(x.expr, "invalid operation: cannot slice " + OperandString(x));
    x.mode = Mode::Invalid;
    useIndices();
    return;
  }
  x.mode = Mode::Value;
  x.expr = e;
  if (full && (!idx[1] || !idx[2])) {
    ErrorAtNode(e, "2nd and 3rd index required in 3-index slice");
    x.mode = Mode::Invalid;
    useIndices();
    return;
  }
  int64_t ind[3];
  for (int i = 0; i < 3; i++) {
    int64_t v = -1;
    if (idx[i]) {
      bool ok;
      int64_t r = Index(idx[i], length >= 0 ? length + 1 : -1, &ok);
      if (ok && r >= 0) v = r;
    } else if (i == 0) {
      v = 0;
    } else if (length >= 0) {
      v = length;
    }
    ind[i] = v;
  }
  // Constant indices must be in order; report the first violation only.
  for (int i = 0; i < 2; i++) {
    if (ind[i] <= 0) continue;
    for (int j = i + 1; j < 3; j++) {
      if (ind[j] >= 0 && ind[j] < ind[i]) {
        ErrorAtNode(idx[j], "invalid slice indices: " + std::to_string(ind[j]) + " < " +
                                std::to_string(ind[i]));
        return;
      }
    }
  }
}

// TypeAssertion checks x.(T): x must be of interface type, and a non-interface T must
// implement it. Go: types2's exprInternal AssertExpr case and typeAssertion.
void Checker::TypeAssertion(Operand &x, NodeId e) {
  syntax::File &f = F();
  Universe &T = u_;
  Expr(x, f.A(e));
  if (x.mode == Mode::Invalid) return;
  if (T.IsTypeParam(x.type)) {
    ErrorAtNode(x.expr, "invalid operation: cannot use type assertion on type parameter value " +
                            OperandString(x));
    x.mode = Mode::Invalid;
    return;
  }
  TypeId xu = x.type ? T.Under(x.type) : TypeId{};
  if (!xu || T.KindOf(xu) != TypeKind::Interface) {
    ErrorAtNode(x.expr, "invalid operation: " + OperandString(x) + " is not an interface");
    x.mode = Mode::Invalid;
    return;
  }
  TypeId t = TypeExpr(f.B(e));
  if (!t || t == Universe::Basic(BasicKind::Invalid)) {
    x.mode = Mode::Invalid;
    return;
  }
  if (!(T.IsInterface(t) && !T.IsTypeParam(t))) {
    bool wrongType;
    ObjectId found;
    ObjectId m = MissingMethod(t, xu, false, &wrongType, &found);
    if (m)
      ErrorAtNode(e, "impossible type assertion: " + ExprString(e) + "\n\t" + TypeString(t) +
                         " does not implement " + TypeString(x.type) + " " +
                         MissingMethodCause(t, x.type, m, wrongType, found));
  }
  x.mode = Mode::CommaOK;
  x.type = t;
  x.expr = e;
}

void Checker::BasicLit(Operand &x, NodeId e) {
  syntax::File &f = F();
  if (f[e].flags) return; // malformed: the scanner reported it
  TK kind = static_cast<TK>(f[e].op);
  if (kind == TK::IntLit) {
    // Most integer literals are short decimals: they share one constant per value.
    std::string_view text = f.Text(e);
    if (text.size() <= 9 && (text[0] != '0' || text.size() == 1)) {
      uint32_t n = 0;
      bool digits = true;
      for (char c : text) {
        if (c < '0' || c > '9') {
          digits = false;
          break;
        }
        n = n * 10 + static_cast<uint32_t>(c - '0');
      }
      if (digits) {
        x.mode = Mode::Constant;
        x.type = Universe::Basic(BasicKind::UntypedInt);
        auto [it, inserted] = u_.smallInts.try_emplace(n, 0);
        if (inserted) it->second = AddConst(Value::MakeInt64(n));
        x.val = it->second;
        return;
      }
    }
  }
  Value v = Value::FromLiteral(kind, f.Text(e));
  if (v.IsUnknown()) {
    ErrorAtNode(e, "malformed constant: " + std::string(f.Text(e)));
    return;
  }
  x.mode = Mode::Constant;
  x.type = Universe::Basic(kind == TK::IntLit     ? BasicKind::UntypedInt
                           : kind == TK::FloatLit ? BasicKind::UntypedFloat
                           : kind == TK::ImagLit  ? BasicKind::UntypedComplex
                           : kind == TK::RuneLit  ? BasicKind::UntypedRune
                                                  : BasicKind::UntypedString);
  x.val = AddConst(std::move(v));
}

// ---------------------------------------------------------------------------
// Representability and untyped conversion

// 0: representable (*rounded set, unless rounded is null); 1: truncated; 2: overflows; 3: not
// convertible.
int Checker::Representation(const Value &v, TypeId t, Value *rounded, TypeId from) {
  Universe &T = u_;
  bool numericValue = v.kind() == Value::Kind::Int || v.kind() == Value::Kind::Float ||
                      v.kind() == Value::Kind::Complex;
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
    // An integer value is checked in place; others are converted first.
    Value converted;
    if (v.kind() != Value::Kind::Int) converted = v.ToInt();
    const Value &iv = v.kind() == Value::Kind::Int ? v : converted;
    if (k == BasicKind::UntypedInt || k == BasicKind::UntypedRune) {
      if (rounded) *rounded = Value(iv);
      return 0;
    }
    unsigned bits = static_cast<unsigned>(T.Sizeof(t)) * 8;
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
    if (rounded) *rounded = Value(iv);
    return 0;
  }
  if (T.IsFloat(t)) {
    if (!numericValue || v.Imag().Sign() != 0) return fail(false);
    if (k == BasicKind::UntypedFloat) {
      if (rounded) *rounded = v.ToFloat();
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
      if (rounded) *rounded = std::move(d);
      return 0;
    }
    v.Float64(&finite);
    if (!finite) return 2;
    if (rounded) *rounded = RoundFloat64(v);
    return 0;
  }
  if (T.IsComplex(t)) {
    // Each part rounded to the float type of the complex type's halves.
    if (!numericValue) return fail(false);
    Value c = v.ToComplex();
    if (k == BasicKind::UntypedComplex) {
      if (rounded) *rounded = std::move(c);
      return 0;
    }
    bool f32 = k == BasicKind::Complex64, reFinite, imFinite;
    Value re = c.Real(), im = c.Imag();
    if (f32)
      re.Float32(&reFinite), im.Float32(&imFinite);
    else
      re.Float64(&reFinite), im.Float64(&imFinite);
    if (!reFinite || !imFinite) return fail(false);
    if (rounded)
      *rounded = f32 ? Value::MakeComplex(RoundFloat32(re), RoundFloat32(im))
                     : Value::MakeComplex(RoundFloat64(re), RoundFloat64(im));
    return 0;
  }
  if (T.IsString(t)) {
    if (v.kind() != Value::Kind::String) return 3;
    if (rounded) *rounded = Value(v);
    return 0;
  }
  if (T.IsBoolean(t)) {
    if (v.kind() != Value::Kind::Bool) return 3;
    if (rounded) *rounded = Value(v);
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
  if (!u_.IsUntyped(x.type)) {
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
  Universe &T = u_;
  *code = 0;
  *out = x.type;
  if (x.mode == Mode::Invalid || !x.type || !T.IsUntyped(x.type) || !target ||
      target == Universe::Basic(BasicKind::Invalid))
    return true;
  auto fail = [&] {
    *code = 3;
    *out = TypeId{};
    return false;
  };
  if (T.IsUntyped(target)) {
    // Both untyped: numeric kinds combine to the larger one.
    if (T.IsNumeric(x.type) && T.IsNumeric(target)) {
      if (T.Kind(x.type) < T.Kind(target)) *out = target;
      return true;
    }
    if (T.Kind(x.type) != T.Kind(target)) return fail();
    return true;
  }
  if (T.Kind(x.type) == BasicKind::UntypedNil) {
    if (T.HasNil(target)) {
      *out = target;
      return true;
    }
    *code = 3;
    return false;
  }
  TypeId tu = T.Under(target);
  if (!tu) {
    *code = 3;
    return false;
  }
  switch (T.KindOf(tu)) {
  case TypeKind::Basic: {
    if (x.mode == Mode::Constant) {
      *code = Representation(Val(x), tu, nullptr, x.type);
      if (*code) return false;
      break;
    }
    // Non-constant untyped values: booleans from comparisons, numbers from shifts.
    BasicKind k = T.Kind(x.type);
    bool ok = k == BasicKind::UntypedBool     ? T.IsBoolean(target)
              : k == BasicKind::UntypedString ? T.IsString(target)
                                              : T.IsNumeric(x.type) && T.IsNumeric(target);
    if (!ok) {
      *code = 3;
      return false;
    }
    break;
  }
  case TypeKind::Interface: {
    if (T.IsTypeParam(target)) {
      bool ok = ForEachTerm(target, [&](TypeId term) {
        if (!term) return false;
        TypeId nt;
        int c;
        return ImplicitType(x, T.Under(term), &nt, &c);
      });
      if (!ok) {
        *code = 3;
        return false;
      }
      break;
    }
    // Untyped values take their default type in an interface; only the empty
    // interface (all types, no methods) accepts them here.
    const InterfaceInfo &ts = T.TypeSet(tu);
    if (!ts.allTypes || !ts.allMethods.empty()) {
      *code = 3;
      return false;
    }
    *out = T.Default(x.type);
    return true;
  }
  default:
    *code = 3;
    return false;
  }
  *out = target;
  return true;
}

void Checker::ConvertUntyped(Operand &x, TypeId target) {
  TypeId t;
  int code;
  if (!ImplicitType(x, target, &t, &code)) {
    // Messages name the target's underlying type (types2's safeUnderlying).
    TypeId shown = u_.IsTypeParam(target) ? target : u_.Under(target);
    if (!shown) shown = target;
    std::string xs = OperandString(x), ts = TypeString(shown);
    ErrorAtNode(x.expr, code == 1   ? xs + " truncated to " + ts
                        : code == 2 ? xs + " overflows " + ts
                                    : "cannot convert " + xs + " to " + ts);
    x.mode = Mode::Invalid;
    return;
  }
  if (t != x.type) {
    if (x.mode == Mode::Constant && !u_.IsUntyped(t) && u_.IsBasic(u_.Under(t)))
      x.val = RoundedConst(x.val, t);
    x.type = t;
    UpdateExprType(x.expr, t, !u_.IsUntyped(t));
    if (x.expr && x.mode == Mode::Constant) Info(x.expr).value = x.val;
  }
}

// The constant `val` as a value of type t: itself for an integer going to an integer type
// (representability is the caller's check), else rounded to t (a new constant) when it
// is representable.
uint32_t Checker::RoundedConst(uint32_t val, TypeId t) {
  const Value &v = u_.constants[val];
  if (v.kind() == Value::Kind::Int && u_.IsInteger(t)) return val;
  if (v.kind() == Value::Kind::Bool || v.kind() == Value::Kind::String) return val;
  Value r;
  if (Representation(v, t, &r) != 0) return val;
  return AddConst(std::move(r));
}

void Checker::UpdateExprType(NodeId e, TypeId t, bool final) {
  if (!e) return;
  syntax::File &f = F();
  ExprInfo &info = Info(e);
  if (!info.type || !u_.IsUntyped(info.type)) return; // already typed
  info.type = t;
  if (info.mode == Mode::Constant) {
    // Constant subtrees are never lowered; only this node's value matters, and the
    // caller records it.
    if (final && !u_.IsUntyped(t)) info.value = RoundedConst(info.value, t);
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
      if (final && !u_.IsInteger(t))
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
  Universe &T = u_;
  // types2 1.19's canMix: whether the untyped operand may take the other's type.
  auto nonTypeParamInterface = [&](TypeId t) { return !T.IsTypeParam(t) && T.IsInterface(t); };
  auto isNil = [&](const Operand &o) { return o.type == Universe::Basic(BasicKind::UntypedNil); };
  auto canMix = [&]() {
    if (nonTypeParamInterface(x.type) || nonTypeParamInterface(y.type)) return true;
    if (T.IsBoolean(x.type) != T.IsBoolean(y.type)) return false;
    if (T.IsString(x.type) != T.IsString(y.type)) return false;
    if (isNil(x) && !T.HasNil(y.type)) return false;
    if (isNil(y) && !T.HasNil(x.type)) return false;
    return true;
  };
  if (canMix()) {
    ConvertUntyped(x, y.type);
    if (x.mode == Mode::Invalid) return;
    ConvertUntyped(y, x.type);
    if (y.mode == Mode::Invalid) x.mode = Mode::Invalid;
  }
}

// ---------------------------------------------------------------------------
// Operators

// &x: x must be addressable, or a composite literal.
void Checker::UnaryAddress(Operand &x, NodeId e) {
  syntax::File &f = F();
  Expr(x, f.A(e));
  if (x.mode == Mode::Invalid) return;
  if (f.Kind(f.Unparen(f.A(e))) != NodeKind::CompositeLit && x.mode != Mode::Variable) {
    ErrorAtNode(x.expr, "invalid operation: cannot take address of " + OperandString(x));
    x.mode = Mode::Invalid;
    return;
  }
  x.mode = Mode::Value;
  x.type = u_.NewPointer(x.type);
}

// *x: pointer indirection, or the pointer type *T when x is a type.
void Checker::Deref(Operand &x, NodeId e) {
  syntax::File &f = F();
  Universe &T = u_;
  RawExpr(x, f.A(e), false); // exprOrType
  switch (x.mode) {
  case Mode::Invalid:
    return;
  case Mode::NoValue:
    ErrorAtNode(x.expr, OperandString(x) + " used as value");
    x.mode = Mode::Invalid;
    return;
  case Mode::TypeExpr:
    x.type = T.NewPointer(x.type);
    return;
  default:
    break;
  }
  TypeId base;
  auto check = [&](TypeId u) {
    if (!u || T.KindOf(u) != TypeKind::Pointer) {
      ErrorAtNode(x.expr, "invalid operation: cannot indirect " + OperandString(x));
      return false;
    }
    if (base && !T.Identical(T.Elem(u), base)) {
      ErrorAtNode(x.expr, "invalid operation: pointers of " + OperandString(x) +
                              " must have identical base types");
      return false;
    }
    base = T.Elem(u);
    return true;
  };
  bool ok;
  if (!x.type || x.type == Universe::Basic(BasicKind::Invalid))
    ok = false;
  else if (T.IsTypeParam(x.type))
    ok = ForEachTerm(x.type, [&](TypeId term) { return check(term ? T.Under(term) : term); });
  else
    ok = check(T.Under(x.type));
  if (!ok) {
    x.mode = Mode::Invalid;
    return;
  }
  x.mode = Mode::Variable;
  x.type = base;
}

// <-ch: a receive, which also gives "ok" in an assignment of two values.
void Checker::Receive(Operand &x, NodeId e) {
  syntax::File &f = F();
  Universe &T = u_;
  Expr(x, f.A(e));
  if (x.mode == Mode::Invalid) return;
  TypeId u = CoreType(x.type);
  if (!u) {
    ErrorAtNode(x.expr,
                "invalid operation: cannot receive from " + OperandString(x) + ": no core type");
    x.mode = Mode::Invalid;
    return;
  }
  if (T.KindOf(u) != TypeKind::Chan) {
    ErrorAtNode(x.expr, "invalid operation: cannot receive from non-channel " + OperandString(x));
    x.mode = Mode::Invalid;
    return;
  }
  if (T.Dir(u) == ChanDir::Send) {
    ErrorAtNode(x.expr,
                "invalid operation: cannot receive from send-only channel " + OperandString(x));
    x.mode = Mode::Invalid;
    return;
  }
  x.mode = Mode::CommaOK;
  x.type = T.Elem(u);
}

void Checker::Unary(Operand &x, NodeId e) {
  syntax::File &f = F();
  TK op = static_cast<TK>(f[e].op);
  if (op == TK::Mul) {
    Deref(x, e);
    return;
  }
  if (op == TK::Tilde) {
    Expr(x, f.A(e));
    ErrorAtNode(e, "cannot use ~ outside of interface or type constraint");
    x.mode = Mode::Invalid;
    return;
  }
  if (op == TK::And) {
    UnaryAddress(x, e);
    return;
  }
  if (op == TK::Arrow) {
    Receive(x, e);
    return;
  }
  Expr(x, f.A(e));
  if (x.mode == Mode::Invalid) return;
  Universe &T = u_;
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
    unsigned prec = T.IsUnsigned(x.type) ? static_cast<unsigned>(T.Sizeof(x.type)) * 8 : 0;
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
  Universe &T = u_;
  if (!T.Identical(x.type, y.type)) {
    if (x.type != Universe::Basic(BasicKind::Invalid) &&
        y.type != Universe::Basic(BasicKind::Invalid)) {
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
    ok = T.IsNumericOrString(x.type);
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
  Universe &T = u_;
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
    if (yv.kind() == Value::Kind::Int && yv.Sign() < 0) {
      ErrorAtNode(y.expr, "invalid operation: negative shift count " + OperandString(y));
      x.mode = Mode::Invalid;
      return;
    }
    yDesc = OperandString(y);
    if (T.IsUntyped(y.type)) {
      // Representable as a uint (the count keeps its untyped type in messages).
      Representable(y, Universe::Basic(BasicKind::Uint));
      if (y.mode == Mode::Invalid) {
        x.mode = Mode::Invalid;
        return;
      }
      ConvertUntyped(y, Universe::Basic(BasicKind::Uint));
      if (y.mode == Mode::Invalid) {
        x.mode = Mode::Invalid;
        return;
      }
    }
  } else if (T.IsInteger(y.type)) {
  } else if (T.IsUntyped(y.type)) {
    ConvertUntyped(y, Universe::Basic(BasicKind::Uint));
    if (y.mode == Mode::Invalid) {
      x.mode = Mode::Invalid;
      return;
    }
  } else {
    ErrorAtNode(y.expr, "invalid operation: shift count " + OperandString(y) + " must be integer");
    x.mode = Mode::Invalid;
    return;
  }
  if (x.mode == Mode::Constant) {
    if (y.mode == Mode::Constant) {
      const uint64_t shiftBound = 1023 - 1 + 52;
      Value count = Val(y).ToInt();
      if (count.kind() != Value::Kind::Int || !count.FitsUint64() || count.Uint64() > shiftBound) {
        ErrorAtNode(y.expr, "invalid operation: invalid shift count " + yDesc);
        x.mode = Mode::Invalid;
        return;
      }
      if (T.IsUntyped(x.type) && !T.IsInteger(x.type))
        x.type = Universe::Basic(BasicKind::UntypedInt);
      Value xv = Val(x).ToInt();
      x.val = AddConst(xv.kind() == Value::Kind::Int ? talpa::types::Shift(xv, op, count.Uint64())
                                                     : Value::MakeUnknown());
      x.expr = e;
      Overflow(x, e);
      return;
    }
    if (T.IsUntyped(x.type)) {
      // A non-constant shift of an untyped constant: its type comes from the context
      // (UpdateExprType), or is int.
      if (!T.IsInteger(x.type)) {
        x.type = Universe::Basic(BasicKind::UntypedInt);
        Info(x.expr).type = x.type;
      }
      x.mode = Mode::Value;
      return;
    }
  }
  x.mode = Mode::Value;
}

namespace {
// types2's kindString: how comparison messages name an operand's type.
std::string KindString(Checker &c, TypeId t) {
  Universe &T = c.u_;
  TypeId u = t ? T.Under(t) : t;
  if (u) switch (T.KindOf(u)) {
    case TypeKind::Array:
      return "array";
    case TypeKind::Slice:
      return "slice";
    case TypeKind::Struct:
      return "struct";
    case TypeKind::Pointer:
      return "pointer";
    case TypeKind::Signature:
      return "func";
    case TypeKind::Interface:
      if (T.IsTypeParam(t)) return "type parameter " + c.TypeString(t);
      return "interface";
    case TypeKind::Map:
      return "map";
    case TypeKind::Chan:
      return "chan";
    default:
      break;
    }
  return c.TypeString(t);
}

// Why a type is not comparable (types2's incomparableCause).
std::string IncomparableCause(Checker &c, TypeId t) {
  Universe &T = c.u_;
  TypeId u = T.Under(t);
  if (!u) return "";
  switch (T.KindOf(u)) {
  case TypeKind::Slice:
  case TypeKind::Signature:
  case TypeKind::Map:
    return KindString(c, t) + " can only be compared to nil";
  case TypeKind::Struct:
    for (ObjectId fld : T.Struct(u).fields)
      if (!T.Comparable(T.Obj(fld).type))
        return "struct containing " + c.TypeString(T.Obj(fld).type) + " cannot be compared";
    return "";
  case TypeKind::Array:
    if (!T.Comparable(T.Elem(u))) return c.TypeString(u) + " cannot be compared";
    return "";
  case TypeKind::Interface: {
    if (!T.IsTypeParam(t)) return "";
    const InterfaceInfo &ts = T.TypeSet(u);
    if (!ts.allTypes && ts.terms.empty()) return "empty type set";
    return "incomparable types in type set";
  }
  default:
    return "";
  }
}
} // namespace

void Checker::Comparison(Operand &x, Operand &y, NodeId e, TK op, bool switchCase) {
  Universe &T = u_;
  if (switchCase) op = TK::Eql;
  const Operand *errOp = &x;
  std::string cause;
  auto isNil = [&](const Operand &o) { return IsNil(o); };
  bool bad = false;
  if (!AssignableTo(x, y.type, nullptr) && !AssignableTo(y, x.type, nullptr)) {
    errOp = &y;
    cause = "mismatched types " + TypeString(x.type) + " and " + TypeString(y.type);
    bad = true;
  } else if (op == TK::Eql || op == TK::Neq) {
    if (isNil(x) || isNil(y)) {
      TypeId typ = isNil(x) ? y.type : x.type;
      if (!T.HasNil(typ)) {
        errOp = &y;
        bad = true;
      }
    } else if (!T.Comparable(x.type)) {
      errOp = &x;
      cause = IncomparableCause(*this, x.type);
      bad = true;
    } else if (!T.Comparable(y.type)) {
      errOp = &y;
      cause = IncomparableCause(*this, y.type);
      bad = true;
    }
  } else {
    auto ordered = [&](TypeId t) {
      return T.IsTypeParam(t) ? T.AllTypes(t, &Universe::IsOrdered) : T.IsOrdered(t);
    };
    if (!ordered(x.type)) {
      errOp = &x;
      bad = true;
    } else if (!ordered(y.type)) {
      errOp = &y;
      bad = true;
    }
  }
  if (!bad) {
    if (x.mode == Mode::Constant && y.mode == Mode::Constant) {
      x.val = AddConst(Value::MakeBool(Compare(Val(x), op, Val(y))));
    } else {
      x.mode = Mode::Value;
      UpdateExprType(x.expr, T.Default(x.type), true);
      UpdateExprType(y.expr, T.Default(y.type), true);
    }
    x.type = Universe::Basic(BasicKind::UntypedBool);
    x.expr = e;
    return;
  }
  std::string ops(syntax::Spelling(op));
  if (cause.empty()) {
    if (T.IsTypeParam(x.type) || T.IsTypeParam(y.type)) {
      if (!T.IsTypeParam(x.type)) errOp = &y;
      cause = "type parameter " + TypeString(errOp->type) + " is not comparable with " + ops;
    } else {
      cause = "operator " + ops + " not defined on " + KindString(*this, errOp->type);
    }
  }
  if (switchCase) {
    ErrorAtNode(x.expr, "invalid case " + ExprString(x.expr) + " in switch on " +
                            (y.expr ? ExprString(y.expr) : std::string("true")) + " (" + cause +
                            ")");
  } else {
    ErrorAtNode(errOp->expr, "invalid operation: " + ExprString(x.expr) + " " + ops + " " +
                                 ExprString(y.expr) + " (" + cause + ")");
  }
  x.mode = Mode::Invalid;
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
  case Mode::MapIndex:
  case Mode::Value:
  case Mode::CommaOK:
    break;
  default:
    ErrorAtNode(x.expr,
                "cannot assign " + OperandString(x) + " to " + TypeString(t) + " in " + context);
    x.mode = Mode::Invalid;
    return;
  }
  Universe &T = u_;
  if (x.type && T.IsUntyped(x.type)) {
    TypeId target = t;
    if (T.Kind(x.type) == BasicKind::UntypedNil) {
      if (!t) {
        ErrorAtNode(x.expr, "use of untyped nil in " + context);
        x.mode = Mode::Invalid;
        return;
      }
    } else if (!t || (!T.IsTypeParam(t) && T.IsInterface(t))) {
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
      if (x.mode == Mode::Constant && T.IsBasic(T.Under(nt)) && !T.IsUntyped(nt))
        x.val = RoundedConst(x.val, nt);
      x.type = nt;
      UpdateExprType(x.expr, nt, true);
      if (x.expr && x.mode == Mode::Constant) Info(x.expr).value = x.val;
    }
  }
  if (x.type && T.IsSignature(T.Under(x.type)) && !T.Sig(T.Under(x.type)).typeParams.empty())
    ErrorAtNode(x.expr, "cannot use generic function " + OperandString(x) +
                            " without instantiation in " + context);
  if (!t) return;
  std::string cause;
  if (!AssignableTo(x, t, &cause)) {
    std::string msg =
        "cannot use " + OperandString(x) + " as type " + TypeString(t) + " in " + context;
    if (!cause.empty()) msg += ":\n\t" + cause;
    ErrorAtNode(x.expr, msg);
    x.mode = Mode::Invalid;
  }
}

void Checker::DefaultType(Operand &x, const std::string &context) {
  Assignment(x, TypeId{}, context);
}

std::string Checker::TypesSummary(const std::vector<TypeId> &list, bool variadic) {
  std::string s = "(";
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) s += ", ";
    TypeId t = list[i];
    if (!t || t == Universe::Basic(BasicKind::Invalid))
      s += "<T>";
    else if (u_.IsUntyped(t)) {
      if (u_.IsNumeric(t))
        s += "number";
      else
        s += TypeString(t).substr(8); // drop "untyped "
    } else if (variadic && i == list.size() - 1 && u_.KindOf(t) == TypeKind::Slice) {
      s += "..." + TypeString(u_.Elem(t));
    } else {
      s += TypeString(t);
    }
  }
  return s + ")";
}

// ---------------------------------------------------------------------------
// Calls

} // namespace talpa::types
