// Statements, after types2's stmt.go, assignments.go and return.go: blocks open scopes,
// assignments check each value against its variable, := declares at least one new
// variable, conditions must be boolean, and a function with results must end in a
// terminating statement ("missing return"). Statements talpa cannot lower yet are
// reported as "not yet supported" here, so later stages never see them. Labels and
// branch statements are checked beforehand, per function, by branches.cpp.
#include "compiler/types/checker.h"

namespace talpa::types {

void Checker::StmtList(syntax::NodeList list) {
  for (uint32_t i = 0; i < list.count; ++i)
    Stmt(F().At(list, i));
}

void Checker::AssignError(NodeId rhs, size_t nvars, size_t nvals) {
  auto measure = [](size_t n, const char *unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  std::string vars = measure(nvars, "variable"), vals = measure(nvals, "value");
  syntax::File &f = F();
  NodeId r = rhs;
  r = f.Unparen(r);
  if (f.Kind(r) == NodeKind::CallExpr && nvals != 0) {
    ErrorAtNode(rhs,
                "assignment mismatch: " + vars + " but " + ExprString(f.A(r)) + " returns " + vals);
    return;
  }
  ErrorAtNode(rhs, "assignment mismatch: " + vars + " but " + vals);
}

// ValueForAssign evaluates the single value of a 1:1 assignment; a multi-value call
// there is types2's "assignment mismatch".
void Checker::ValueForAssign(Operand &x, NodeId rhs) {
  RawExpr(x, rhs, true);
  if (x.mode == Mode::Value && x.type && u_.IsTuple(x.type)) {
    AssignError(rhs, 1, u_.TupleLen(x.type));
    x.mode = Mode::Invalid;
    return;
  }
  if (x.mode == Mode::NoValue || x.mode == Mode::Builtin || x.mode == Mode::TypeExpr) {
    ErrorAtNode(rhs, OperandString(x) + (x.mode == Mode::NoValue   ? " used as value"
                                         : x.mode == Mode::Builtin ? " must be called"
                                                                   : " is not an expression"));
    x.mode = Mode::Invalid;
  }
}

// RhsValues evaluates the right-hand side of an assignment of `nlhs` values (types2's
// exprList): one operand per expression, the results of a single multi-value call, or,
// for two variables and a map index, type assertion or receive, the value and an
// untyped boolean (*commaOk is then set).
std::vector<Operand> Checker::RhsValues(const std::vector<NodeId> &rhs, size_t nlhs,
                                        bool allowCommaOk, bool *commaOk) {
  Universe &T = u_;
  std::vector<Operand> xs;
  *commaOk = false;
  if (rhs.size() != 1) {
    for (NodeId r : rhs) {
      Operand x;
      Expr(x, r);
      xs.push_back(x);
    }
    return xs;
  }
  Operand x;
  RawExpr(x, rhs[0], true);
  if (x.mode == Mode::Value && x.type && T.IsTuple(x.type)) {
    for (uint32_t i = 0; i < T.TupleLen(x.type); ++i) {
      Operand a = x;
      a.type = T.TupleAt(x.type, i);
      xs.push_back(a);
    }
    return xs;
  }
  if (allowCommaOk && nlhs == 2 && (x.mode == Mode::MapIndex || x.mode == Mode::CommaOK)) {
    Operand ok;
    ok.mode = Mode::Value;
    ok.expr = rhs[0];
    ok.type = Universe::Basic(BasicKind::UntypedBool);
    x.mode = Mode::Value;
    xs.push_back(x);
    xs.push_back(ok);
    *commaOk = true;
    return xs;
  }
  switch (x.mode) {
  case Mode::NoValue:
    // A call without results gives no values.
    return xs;
  case Mode::Builtin:
    ErrorAtNode(x.expr, OperandString(x) + " must be called");
    x.mode = Mode::Invalid;
    break;
  case Mode::TypeExpr:
    ErrorAtNode(x.expr, OperandString(x) + " is not an expression");
    x.mode = Mode::Invalid;
    break;
  default:
    break;
  }
  xs.push_back(x);
  return xs;
}

// A comma-ok expression records the types of both its results, as a tuple (types2's
// recordCommaOkTypes), on the expression and on the parentheses around it.
void Checker::RecordCommaOk(NodeId rhs, TypeId t0, TypeId t1) {
  if (!t0 || !t1) return;
  TypeId tuple = u_.TupleOf({t0, t1});
  syntax::File &f = F();
  for (NodeId e = rhs; e; e = f.Kind(e) == NodeKind::ParenExpr ? f.A(e) : NodeId{})
    Info(e).type = tuple;
}

// InitVar initializes variable v (0: a blank or invalid left-hand side) with x; a
// variable without a type takes the (default) type of its value. Returns the value's type
// after the assignment, or 0 on error.
TypeId Checker::InitVar(ObjectId v, Operand &x, const std::string &context) {
  Universe &T = u_;
  if (!v) {
    if (x.mode == Mode::Invalid || x.type == Universe::Basic(BasicKind::Invalid)) return TypeId{};
    DefaultType(x, context);
    return x.mode == Mode::Invalid ? TypeId{} : x.type;
  }
  Object &o = Obj(v);
  if (x.mode == Mode::Invalid || !x.type || x.type == Universe::Basic(BasicKind::Invalid) ||
      (o.type && o.type == Universe::Basic(BasicKind::Invalid))) {
    if (!o.type) o.type = Universe::Basic(BasicKind::Invalid);
    o.used = true; // avoid follow-on "declared but not used" errors
    return TypeId{};
  }
  if (!o.type) {
    TypeId t = x.type;
    if (T.IsUntyped(t)) {
      if (T.Kind(t) == BasicKind::UntypedNil) {
        ErrorAtNode(x.expr, "use of untyped nil in " + context);
        Obj(v).type = Universe::Basic(BasicKind::Invalid);
        return TypeId{};
      }
      t = T.Default(t);
    }
    Obj(v).type = t;
  }
  Assignment(x, Obj(v).type, context);
  if (x.mode == Mode::Invalid) {
    Obj(v).used = true;
    return TypeId{};
  }
  return x.type;
}

void Checker::InitOne(ObjectId v, Operand &x, const std::string &context) {
  InitVar(v, x, context);
}

// InitVars initializes lhs variables from rhs (one expression per variable, or one
// multi-value call or comma-ok expression): types2's initVars.
void Checker::InitVars(const std::vector<ObjectId> &lhs, NodeId rhsNode, NodeId,
                       const std::string &context, Operand *given) {
  if (given) {
    InitVar(lhs[0], *given, context);
    return;
  }
  std::vector<NodeId> rhs = F().Unpack(rhsNode);
  if (lhs.size() == 1 && rhs.size() == 1) {
    Operand x;
    ValueForAssign(x, rhs[0]);
    InitVar(lhs[0], x, context);
    return;
  }
  bool commaOk;
  std::vector<Operand> xs = RhsValues(rhs, lhs.size(), true, &commaOk);
  if (xs.size() != lhs.size()) {
    for (ObjectId v : lhs)
      if (v) {
        if (!Obj(v).type) Obj(v).type = Universe::Basic(BasicKind::Invalid);
        Obj(v).used = true;
      }
    for (Operand &x : xs)
      if (x.mode == Mode::Invalid) return;
    if (!rhs.empty()) AssignError(rhs[0], lhs.size(), xs.size());
    return;
  }
  std::vector<TypeId> got(xs.size());
  bool ok = true;
  for (size_t i = 0; i < lhs.size(); ++i) {
    got[i] = InitVar(lhs[i], xs[i], context);
    if (!got[i]) ok = false;
  }
  if (commaOk) {
    RecordCommaOk(rhs[0], got[0], got[1]);
    return;
  }
  if (!ok)
    for (ObjectId v : lhs)
      if (v) Obj(v).used = true;
}

// UseExpr evaluates e only to record it and mark what it uses (types2's use), after an
// error that makes checking it pointless.
void Checker::UseExpr(NodeId e) {
  syntax::File &f = F();
  if (!e) return;
  if (f.Kind(e) == NodeKind::ListExpr) {
    for (NodeId x : f.Unpack(e))
      UseExpr(x);
    return;
  }
  if (f.Kind(e) == NodeKind::Name && f.Text(e) == "_") return;
  Operand x;
  RawExpr(x, e, true);
}

// AssignVar assigns x to the left-hand side lhs (types2's assignVar): lhs must be
// addressable, a map index expression or the blank identifier. Assigning to a variable
// does not "use" it. Returns the assigned value's type, or 0 on error.
TypeId Checker::AssignVar(NodeId lhs, Operand &x) {
  syntax::File &f = F();
  if (x.mode == Mode::Invalid || x.type == Universe::Basic(BasicKind::Invalid)) {
    UseExpr(lhs);
    return TypeId{};
  }
  NodeId ident = f.Unparen(lhs);
  if (f.Kind(ident) != NodeKind::Name) ident = NodeId{};
  if (ident && f.Text(ident) == "_") {
    Info(ident).mode = Mode::Variable;
    Assignment(x, TypeId{}, "assignment to _ identifier");
    return x.mode == Mode::Invalid ? TypeId{} : x.type;
  }
  ObjectId v;
  bool vUsed = false;
  if (ident) {
    ObjectId o = Lookup(f.Text(ident));
    if (o && Obj(o).kind == ObjectKind::Var && Obj(o).pkg == &pkg_) {
      v = o;
      vUsed = Obj(o).used;
    }
  }
  Operand z;
  Expr(z, lhs);
  if (v) Obj(v).used = vUsed;
  if (z.mode == Mode::Invalid || z.type == Universe::Basic(BasicKind::Invalid)) return TypeId{};
  if (z.mode != Mode::Variable && z.mode != Mode::MapIndex) {
    NodeId sel = f.Unparen(lhs);
    if (f.Kind(sel) == NodeKind::SelectorExpr) {
      Operand op;
      Expr(op, f.A(sel));
      if (op.mode == Mode::MapIndex) {
        ErrorAtNode(lhs, "cannot assign to struct field " + ExprString(lhs) + " in map");
        return TypeId{};
      }
    }
    ErrorAtNode(lhs, "cannot assign to " + OperandString(z));
    return TypeId{};
  }
  Assignment(x, z.type, "assignment");
  return x.mode == Mode::Invalid ? TypeId{} : x.type;
}

void Checker::AssignVars(const std::vector<NodeId> &lhs, NodeId rhsNode, NodeId) {
  std::vector<NodeId> rhs = F().Unpack(rhsNode);
  if (lhs.size() == 1 && rhs.size() == 1) {
    Operand x;
    ValueForAssign(x, rhs[0]);
    AssignVar(lhs[0], x);
    return;
  }
  bool commaOk;
  std::vector<Operand> xs = RhsValues(rhs, lhs.size(), true, &commaOk);
  if (xs.size() != lhs.size()) {
    for (NodeId l : lhs)
      UseExpr(l);
    for (Operand &x : xs)
      if (x.mode == Mode::Invalid) return;
    if (!rhs.empty()) AssignError(rhs[0], lhs.size(), xs.size());
    return;
  }
  std::vector<TypeId> got(xs.size());
  bool ok = true;
  for (size_t i = 0; i < lhs.size(); ++i) {
    got[i] = AssignVar(lhs[i], xs[i]);
    if (!got[i]) ok = false;
  }
  if (commaOk) {
    RecordCommaOk(rhs[0], got[0], got[1]);
    return;
  }
  if (!ok) {
    // Avoid follow-on "declared but not used" errors, without evaluating lhs again.
    syntax::File &f = F();
    for (NodeId l : lhs) {
      NodeId n = f.Unparen(l);
      if (f.Kind(n) != NodeKind::Name) continue;
      ObjectId o = Lookup(f.Text(n));
      if (o && Obj(o).kind == ObjectKind::Var && Obj(o).pkg == &pkg_) Obj(o).used = true;
    }
  }
}

void Checker::ShortVarDecl(NodeId s) {
  syntax::File &f = F();
  std::vector<NodeId> lhs = f.Unpack(f.A(s));
  std::vector<ObjectId> vars, newVars;
  bool hasErr = false;
  std::vector<std::string_view> seen;
  auto dummy = [&](NodeId l) {
    Object o;
    o.kind = ObjectKind::Var;
    o.name = "_";
    o.file = file_;
    o.pos = syntax::StartPos(f, l);
    return NewObject(o);
  };
  for (NodeId l : lhs) {
    if (f.Kind(l) != NodeKind::Name) {
      UseExpr(l);
      ErrorAtNode(l, "non-name " + ExprString(l) + " on left side of :=");
      hasErr = true;
      vars.push_back(dummy(l));
      continue;
    }
    std::string_view name = f.Text(l);
    if (name != "_") {
      bool repeated = false;
      for (auto n : seen)
        if (n == name) repeated = true;
      if (repeated) {
        Error(f.Pos(l), std::string(name) + " repeated on left side of :=");
        hasErr = true;
        vars.push_back(dummy(l));
        continue;
      }
      seen.push_back(name);
    }
    // A variable already declared in this scope is assigned to, not redeclared.
    auto it = scopes_.back().names.find(name);
    if (it != scopes_.back().names.end() && name != "_") {
      ObjectId alt = it->second;
      Info(l).object = alt;
      if (Obj(alt).kind != ObjectKind::Var) {
        Error(f.Pos(l), "cannot assign to " + std::string(name));
        hasErr = true;
        vars.push_back(dummy(l));
      } else {
        vars.push_back(alt);
      }
      continue;
    }
    Object o;
    o.kind = ObjectKind::Var;
    o.name = name;
    o.file = file_;
    o.pos = f.Pos(l);
    ObjectId id = NewObject(o);
    Info(l).object = id;
    Info(l).mode = Mode::Variable;
    if (name != "_") newVars.push_back(id);
    vars.push_back(id);
  }
  InitVars(vars, f.B(s), f.B(s), "assignment");
  // Declare the new variables; their scope starts after the statement.
  for (ObjectId v : newVars) {
    scopes_.back().names[Obj(v).name] = v;
    localVars_.push_back(v);
  }
  if (newVars.empty() && !hasErr) Error(f.Pos(s), "no new variables on left side of :=");
}

// RangeStmt checks `for k, v := range x` and `for k, v = range x` (types2's rangeStmt
// and rangeKeyVal): x may be a string, array, pointer to array, slice, map, receivable
// channel or integer (Go 1.22), or a type parameter with such a core type. The :=
// variables are declared in the loop's scope, which opens after x is checked.
void Checker::RangeStmt(NodeId s) {
  syntax::File &f = F();
  Universe &T = u_;
  NodeId rc = f.A(s);
  std::vector<NodeId> lhs;
  if (f.A(rc)) lhs = f.Unpack(f.A(rc));
  NodeId sKey = lhs.size() > 0 ? lhs[0] : NodeId{};
  NodeId sValue = lhs.size() > 1 ? lhs[1] : NodeId{};
  NodeId sExtra = lhs.size() > 2 ? lhs[2] : NodeId{};
  Operand x;
  Expr(x, f.B(rc));
  TypeId key, val;
  bool isInt = false;
  if (x.mode != Mode::Invalid) {
    std::string cause;
    TypeId u = CoreType(x.type);
    bool isChan = u && T.KindOf(u) == TypeKind::Chan;
    isInt = u && T.IsBasic(u) && T.IsInteger(u);
    if (isChan || isInt) {
      if (sValue)
        ErrorAtNode(sValue,
                    "range over " + OperandString(x) + " permits only one iteration variable");
      if (isChan && T.Dir(u) == ChanDir::Send) cause = "receive from send-only channel";
    } else {
      if (sExtra) ErrorAtNode(sExtra, "range clause permits at most two iteration variables");
      if (!u) cause = TypeString(x.type) + " has no core type";
    }
    if (u) {
      TypeId a = u;
      if (T.KindOf(a) == TypeKind::Pointer) {
        TypeId e = T.Under(T.Elem(a));
        a = e && T.KindOf(e) == TypeKind::Array ? e : TypeId{};
      }
      if (a) switch (T.KindOf(a)) {
        case TypeKind::Basic:
          if (T.IsString(a)) {
            key = Universe::Basic(BasicKind::Int);
            val = Universe::Basic(BasicKind::Rune);
          } else if (T.IsInteger(a)) {
            key = x.type; // an untyped constant gets its default type from the variable
          }
          break;
        case TypeKind::Array:
        case TypeKind::Slice:
          key = Universe::Basic(BasicKind::Int);
          val = T.Elem(a);
          break;
        case TypeKind::Map:
          key = T.Key(a);
          val = T.MapElem(a);
          break;
        case TypeKind::Chan:
          key = T.Elem(a);
          val = Universe::Basic(BasicKind::Invalid);
          break;
        default:
          break;
        }
    }
    if (!key || !cause.empty()) {
      if (cause.empty())
        ErrorAtNode(x.expr, "cannot range over " + OperandString(x));
      else
        ErrorAtNode(x.expr, "cannot range over " + OperandString(x) + " (" + cause + ")");
    }
  }
  OpenScope();
  NodeId vars[2] = {sKey, sValue};
  TypeId types[2] = {key, val};
  if (f[rc].flags & 1) {
    std::vector<ObjectId> declared;
    for (int i = 0; i < 2; ++i) {
      NodeId l = vars[i];
      if (!l) continue;
      Object o;
      o.kind = ObjectKind::Var;
      o.file = file_;
      o.pos = syntax::StartPos(f, l);
      ObjectId id;
      if (f.Kind(l) == NodeKind::Name) {
        o.name = f.Text(l);
        id = NewObject(o);
        Info(l).object = id;
        Info(l).mode = Mode::Variable;
        if (o.name != "_") declared.push_back(id);
      } else {
        ErrorAtNode(l, "cannot declare " + ExprString(l));
        o.name = "_";
        id = NewObject(o);
      }
      if (types[i]) {
        Operand y;
        y.mode = Mode::Value;
        y.expr = l;
        y.type = types[i];
        InitVar(id, y, "range clause");
      } else {
        Obj(id).type = Universe::Basic(BasicKind::Invalid);
        Obj(id).used = true;
      }
    }
    if (!declared.empty()) {
      for (ObjectId v : declared)
        if (Declare(v)) localVars_.push_back(v);
    } else {
      Error(f.Pos(s), "no new variables on left side of :=");
    }
  } else {
    for (int i = 0; i < 2; ++i) {
      if (!vars[i] || !types[i]) continue;
      Operand y;
      y.mode = Mode::Value;
      y.expr = vars[i];
      y.type = types[i];
      TypeId got = AssignVar(vars[i], y);
      // An untyped constant takes the variable's type, which must be an integer type.
      if (isInt && got && !T.IsInteger(got))
        ErrorAtNode(vars[i], "cannot use iteration variable of type " + TypeString(got));
    }
  }
  Stmt(f.D(s));
  CloseScope();
}

void Checker::AssignStmt(NodeId s) {
  syntax::File &f = F();
  TK op = static_cast<TK>(f[s].op);
  if (!f.B(s)) {
    // x++ / x--
    Operand x;
    NodeId lhs = f.A(s);
    Expr(x, lhs);
    if (x.mode == Mode::Invalid) return;
    if (!u_.IsNumeric(x.type)) {
      ErrorAtNode(lhs, "invalid operation: " + ExprString(lhs) +
                           std::string(op == TK::Add ? "++" : "--") + " (non-numeric type " +
                           TypeString(x.type) + ")");
      return;
    }
    AssignVar(lhs, x);
    return;
  }
  if (f[s].flags) {
    ShortVarDecl(s);
    return;
  }
  if (op != TK::None) {
    // x op= y
    if (f.Kind(f.A(s)) == NodeKind::ListExpr || f.Kind(f.B(s)) == NodeKind::ListExpr) {
      ErrorAtNode(s, "assignment operation " + std::string(syntax::Spelling(op)) +
                         " requires single-valued expressions");
      return;
    }
    Operand x;
    Binary(x, s, f.A(s), f.B(s), op, true);
    if (x.mode == Mode::Invalid) return;
    x.expr = f.B(s); // report conversion errors at the value
    AssignVar(f.A(s), x);
    return;
  }
  AssignVars(f.Unpack(f.A(s)), f.B(s), s);
}

// ObjectString is types2's ObjectString for the kinds of objects a block declares.
std::string Checker::ObjectString(ObjectId id) {
  const Object &o = Obj(id);
  std::string name(o.name);
  switch (o.kind) {
  case ObjectKind::Var:
    return "var " + name + " " + TypeString(o.type);
  case ObjectKind::Const:
    return "const " + name + " " + TypeString(o.type);
  case ObjectKind::TypeName:
    if (o.alias) return "type " + name + " = " + TypeString(o.type);
    return "type " + name + " " + TypeString(o.type ? u_.Under(o.type) : o.type);
  case ObjectKind::Func: {
    std::string sig = TypeString(o.type);
    if (sig.rfind("func", 0) == 0) sig = sig.substr(4);
    return "func " + name + sig;
  }
  default:
    return name;
  }
}

void Checker::ReturnStmt(NodeId s) {
  syntax::File &f = F();
  Universe &T = u_;
  std::vector<NodeId> results = f.Unpack(f.A(s));
  size_t want = T.TupleLen(sigResults_);
  if (results.empty()) {
    if (want > 0 && Obj(T.TupleVar(sigResults_, 0)).name.empty()) {
      std::vector<TypeId> w;
      for (size_t i = 0; i < want; ++i)
        w.push_back(T.TupleAt(sigResults_, i));
      Error(f.Pos(s), "not enough return values\n\thave ()\n\twant " + TypesSummary(w));
      return;
    }
    // A bare return needs the result parameters in scope.
    for (size_t i = 0; i < want; ++i) {
      ObjectId r = T.TupleVar(sigResults_, static_cast<uint32_t>(i));
      if (Obj(r).name == "_") continue;
      ObjectId alt = Lookup(Obj(r).name);
      if (alt && alt != r) {
        std::string at = ObjPos(alt);
        Error(f.Pos(s),
              "result parameter " + std::string(Obj(r).name) + " not in scope at return" +
                  (at.empty() ? "" : "\n\t" + at + ": inner declaration of " + ObjectString(r)));
      }
    }
    return;
  }
  std::vector<Operand> xs;
  if (results.size() == 1 && want != 1) {
    Operand x;
    RawExpr(x, results[0], true);
    if (x.mode == Mode::Value && x.type && T.IsTuple(x.type)) {
      for (uint32_t i = 0; i < T.TupleLen(x.type); ++i) {
        Operand a = x;
        a.type = T.TupleAt(x.type, i);
        xs.push_back(a);
      }
    } else {
      if (x.mode == Mode::NoValue) {
        ErrorAtNode(x.expr, OperandString(x) + " used as value");
        x.mode = Mode::Invalid;
      }
      xs.push_back(x);
    }
  } else {
    for (NodeId r : results) {
      Operand x;
      Expr(x, r);
      xs.push_back(x);
    }
  }
  for (Operand &x : xs)
    if (x.mode == Mode::Invalid) return;
  if (xs.size() != want) {
    std::vector<TypeId> have, w;
    for (Operand &x : xs)
      have.push_back(x.type);
    for (size_t i = 0; i < want; ++i)
      w.push_back(T.TupleAt(sigResults_, i));
    NodeId at = xs.size() > want ? xs[want].expr : xs.back().expr;
    if (want == 0) {
      ErrorAtNode(at, "too many return values\n\thave " + TypesSummary(have) + "\n\twant ()");
      return;
    }
    ErrorAtNode(at, std::string(xs.size() > want ? "too many" : "not enough") +
                        " return values\n\thave " + TypesSummary(have) + "\n\twant " +
                        TypesSummary(w));
    return;
  }
  for (size_t i = 0; i < xs.size(); ++i)
    Assignment(xs[i], T.TupleAt(sigResults_, i), "return statement");
}

// SwitchStmt checks an expression switch (types2's switchStmt): the tag is evaluated
// once as if assigned to a temporary (so it gets its default type) and must be
// comparable; a missing tag is the constant true. Each case value must convert to the
// tag's type and compare with it; constant values may not repeat. Each clause is its
// own scope.
void Checker::SwitchStmt(NodeId s) {
  syntax::File &f = F();
  NodeId tag = f.B(s);
  OpenScope();
  if (f.A(s)) Stmt(f.A(s));
  if (tag && f.Kind(tag) == NodeKind::TypeSwitchGuard) {
    TypeSwitchStmt(s, tag);
    CloseScope();
    return;
  }
  Operand x;
  if (tag) {
    Expr(x, tag);
    if (x.mode != Mode::Invalid) DefaultType(x, "switch expression");
    if (x.mode != Mode::Invalid && !u_.Comparable(x.type) && !u_.HasNil(x.type)) {
      ErrorAtNode(tag, "cannot switch on " + OperandString(x) + " (" + TypeString(x.type) +
                           " is not comparable)");
      x.mode = Mode::Invalid;
    }
  } else {
    x.mode = Mode::Constant;
    x.type = Universe::Basic(BasicKind::Bool);
    x.val = AddConst(Value::MakeBool(true));
  }
  syntax::NodeList clauses = f.ListCD(s);
  MultipleDefaults(clauses);
  std::vector<std::pair<Operand, uint32_t>> seen;
  for (uint32_t i = 0; i < clauses.count; ++i) {
    NodeId cc = f.At(clauses, i);
    if (f.A(cc)) CaseValues(x, cc, seen);
    OpenScope();
    StmtList(f.ListBC(cc));
    CloseScope();
  }
  CloseScope();
}

void Checker::MultipleDefaults(syntax::NodeList clauses) {
  syntax::File &f = F();
  NodeId firstDefault;
  for (uint32_t i = 0; i < clauses.count; ++i) {
    NodeId cc = f.At(clauses, i);
    if (f.A(cc)) continue;
    if (firstDefault) {
      Error(f.Pos(cc), "multiple defaults (first at " +
                           diags_.Sources().Format(F().id, f.Pos(firstDefault)) + ")");
    } else {
      firstDefault = cc;
    }
  }
}

// TypeSwitchStmt checks `switch [v :=] x.(type)` (types2's typeSwitchStmt): x must be of
// interface type; each case is a type (or nil) that x's dynamic type could have, listed
// once. v is declared anew in each clause, with the case's type if the clause lists
// exactly one type and x's type otherwise (recorded as the clause's object); it must be
// used in at least one clause.
void Checker::TypeSwitchStmt(NodeId s, NodeId guard) {
  syntax::File &f = F();
  Universe &T = u_;
  NodeId lhs = f.A(guard);
  if (lhs && f.Text(lhs) == "_") {
    Error(f.Pos(lhs), "no new variable on left side of :=");
    lhs = NodeId{};
  }
  Operand x;
  Expr(x, f.B(guard));
  if (x.mode == Mode::Invalid) return;
  bool valid = false;
  if (T.IsTypeParam(x.type)) {
    ErrorAtNode(x.expr, "cannot use type switch on type parameter value " + OperandString(x));
  } else if (T.IsInterface(x.type)) {
    valid = true;
  } else {
    ErrorAtNode(x.expr, OperandString(x) + " is not an interface");
  }
  syntax::NodeList clauses = f.ListCD(s);
  MultipleDefaults(clauses);
  std::vector<std::pair<TypeId, NodeId>> seen; // case types (0 for nil) and where
  std::vector<ObjectId> lhsVars;
  for (uint32_t i = 0; i < clauses.count; ++i) {
    NodeId cc = f.At(clauses, i);
    std::vector<NodeId> cases = f.Unpack(f.A(cc));
    TypeId t = CaseTypes(valid ? &x : nullptr, cases, seen);
    OpenScope();
    if (lhs) {
      // After "x is not an interface", the variable's type is left invalid: types2 gives
      // it x's type, which may be untyped, and nothing useful follows from that.
      if (cases.size() != 1 || !t) t = valid ? x.type : Universe::Basic(BasicKind::Invalid);
      Object o;
      o.kind = ObjectKind::Var;
      o.name = f.Text(lhs);
      o.file = file_;
      o.pos = f.Pos(lhs);
      o.type = t;
      ObjectId v = NewObject(o);
      Declare(v);
      Info(cc).object = v;
      lhsVars.push_back(v);
    }
    StmtList(f.ListBC(cc));
    CloseScope();
  }
  if (lhs) {
    bool used = false;
    for (ObjectId v : lhsVars)
      used = used || Obj(v).used;
    // Reported with the function's other unused variables (and, like them, not after
    // something not yet supported).
    Object o;
    o.kind = ObjectKind::Var;
    o.name = f.Text(lhs);
    o.file = file_;
    o.pos = f.Pos(lhs);
    o.used = used;
    o.type = x.type;
    localVars_.push_back(NewObject(o));
  }
}

// CaseTypes checks the types of one type switch clause against x (nullptr if the switch
// expression is invalid); returns the last type (0 for nil, Invalid after an error).
TypeId Checker::CaseTypes(Operand *x, const std::vector<NodeId> &types,
                          std::vector<std::pair<TypeId, NodeId>> &seen) {
  syntax::File &f = F();
  Universe &T = u_;
  TypeId t;
  for (NodeId e : types) {
    NodeId n = f.Unparen(e);
    ObjectId nilObj = f.Kind(n) == NodeKind::Name ? Lookup(f.Text(n)) : ObjectId{};
    if (nilObj && Obj(nilObj).kind == ObjectKind::Nil) {
      t = TypeId{};
      Operand dummy;
      Expr(dummy, e);
    } else {
      t = TypeExpr(e);
      if (!t || t == Universe::Basic(BasicKind::Invalid)) {
        t = Universe::Basic(BasicKind::Invalid);
        continue;
      }
    }
    bool dup = false;
    for (auto &[other, at] : seen)
      if ((!t && !other) || (t && other && T.Identical(t, other))) {
        ErrorAtNode(e, "duplicate case " + (t ? TypeString(t) : std::string("nil")) +
                           " in type switch\n\t" +
                           diags_.Sources().Format(f.id, syntax::StartPos(f, at)) +
                           ": previous case");
        dup = true;
        break;
      }
    if (dup) continue;
    seen.emplace_back(t, e);
    if (x && t) TypeSwitchCase(e, *x, t);
  }
  return t;
}

// The dynamic type of x (of interface type) could be t: an interface t always could; a
// concrete t needs all of the interface's methods (types2's typeAssertion for a case).
void Checker::TypeSwitchCase(NodeId e, Operand &x, TypeId t) {
  Universe &T = u_;
  if (T.IsInterface(t) && !T.IsTypeParam(t)) return;
  bool wrongType = false;
  ObjectId alt;
  ObjectId m = MissingMethod(t, T.Under(x.type), false, &wrongType, &alt);
  if (!m) return;
  ErrorAtNode(e, "impossible type switch case: " + ExprString(e) + "\n\t" + OperandString(x) +
                     " cannot have dynamic type " + TypeString(t) + " " +
                     MissingMethodCause(t, x.type, m, wrongType, alt));
}

// SelectStmt: each case is a send, a receive, or a receive assigned to or declaring
// variables (types2's select case of stmt); each clause is its own scope.
void Checker::SelectStmt(NodeId s) {
  syntax::File &f = F();
  syntax::NodeList clauses = f.ListAB(s);
  MultipleDefaults(clauses);
  for (uint32_t i = 0; i < clauses.count; ++i) {
    NodeId cc = f.At(clauses, i);
    NodeId comm = f.A(cc);
    bool valid = false;
    NodeId rhs;
    if (!comm || f.Kind(comm) == NodeKind::SendStmt) {
      valid = true;
    } else if (f.Kind(comm) == NodeKind::AssignStmt) {
      if (f.B(comm) && f.Kind(f.B(comm)) != NodeKind::ListExpr) rhs = f.B(comm);
    } else if (f.Kind(comm) == NodeKind::ExprStmt) {
      rhs = f.A(comm);
    }
    if (rhs) {
      NodeId r = f.Unparen(rhs);
      if (f.Kind(r) == NodeKind::Operation && !f.B(r) && static_cast<TK>(f[r].op) == TK::Arrow)
        valid = true;
    }
    if (!valid) {
      // At the statement's position, which for an expression is gc's (an operator's).
      const char *msg = "select case must be send or receive (possibly with assignment)";
      if (f.Kind(comm) == NodeKind::ExprStmt)
        Error(f.Pos(f.A(comm)), msg);
      else
        ErrorAtNode(comm, msg);
      continue;
    }
    OpenScope();
    if (comm) Stmt(comm);
    StmtList(f.ListBC(cc));
    CloseScope();
  }
}

// SendStmt: ch <- v needs a channel (core type) that can send, and v assignable to its
// element type.
void Checker::SendStmt(NodeId s) {
  syntax::File &f = F();
  Operand ch, val;
  Expr(ch, f.A(s));
  Expr(val, f.B(s));
  if (ch.mode == Mode::Invalid || val.mode == Mode::Invalid) return;
  TypeId u = CoreType(ch.type);
  if (!u) {
    ErrorAtNode(s, "invalid operation: cannot send to " + OperandString(ch) + ": no core type");
    return;
  }
  if (u_.KindOf(u) != TypeKind::Chan) {
    ErrorAtNode(s, "invalid operation: cannot send to non-channel " + OperandString(ch));
    return;
  }
  if (u_.Dir(u) == ChanDir::Recv) {
    ErrorAtNode(s, "invalid operation: cannot send to receive-only channel " + OperandString(ch));
    return;
  }
  Assignment(val, u_.Elem(u), "send");
}

// StmtCall reports whether checked expression e may stand as a statement (types2's
// exprKind statement): a call of a function or method, of a builtin that is a statement
// (close, copy, delete, panic, print, println, recover, clear), or a receive.
// *conversion: e is a conversion.
bool Checker::StmtCall(NodeId e, bool *conversion) {
  syntax::File &f = F();
  *conversion = false;
  NodeId c = f.Unparen(e);
  if (f.Kind(c) == NodeKind::Operation && !f.B(c) && static_cast<TK>(f[c].op) == TK::Arrow)
    return true;
  if (f.Kind(c) != NodeKind::CallExpr) return false;
  switch (Info(c).callKind) {
  case CallFunc:
    return true;
  case CallConversion:
    *conversion = true;
    return false;
  case CallBuiltin: {
    NodeId fn = f.Unparen(f.A(c));
    if (f.Kind(fn) == NodeKind::SelectorExpr) fn = f.B(fn);
    ObjectId o = f.Kind(fn) == NodeKind::Name ? Info(fn).object : ObjectId{};
    if (!o || Obj(o).kind != ObjectKind::Builtin) return false;
    return BuiltinIsStatement(Obj(o).builtin);
  }
  default:
    return true; // an invalid call: reported already
  }
}

// go f(x) / defer f(x): the call's result is discarded, so it must be a call that may be
// a statement (types2's suspendedCall).
void Checker::SuspendedCall(NodeId s) {
  syntax::File &f = F();
  const char *keyword = static_cast<TK>(f[s].op) == TK::Go ? "go" : "defer";
  Operand x;
  RawExpr(x, f.A(s), true);
  if (x.mode == Mode::Invalid) return;
  bool conversion;
  if (StmtCall(f.A(s), &conversion)) return;
  std::string msg = conversion ? "requires function call, not conversion" : "discards result of";
  ErrorAtNode(f.A(s), std::string(keyword) + " " + msg + " " + OperandString(x));
}

void Checker::CaseValues(Operand &x, NodeId clause,
                         std::vector<std::pair<Operand, uint32_t>> &seen) {
  syntax::File &f = F();
  Universe &T = u_;
  for (NodeId e : f.Unpack(f.A(clause))) {
    Operand v;
    Expr(v, e);
    if (x.mode == Mode::Invalid || v.mode == Mode::Invalid) continue;
    ConvertUntyped(v, x.type);
    if (v.mode == Mode::Invalid) continue;
    // Comparing v against x puts errors at the case value.
    Operand res = v;
    Comparison(res, x, e, TK::Eql, true);
    if (res.mode == Mode::Invalid || v.mode != Mode::Constant) continue;
    // As types2, only integer, float and string values are checked for duplicates.
    if (!T.IsInteger(v.type) && !T.IsFloat(v.type) && !T.IsString(v.type)) continue;
    bool dup = false;
    for (auto &[w, pos] : seen)
      if (T.Identical(v.type, w.type) && Compare(Val(v), TK::Eql, Val(w))) {
        ErrorAtNode(e, "duplicate case " + OperandString(v) + " in expression switch\n\t" +
                           diags_.Sources().Format(F().id, pos) + ": previous case");
        dup = true;
        break;
      }
    if (!dup) seen.emplace_back(v, syntax::StartPos(f, e));
  }
}

void Checker::Stmt(NodeId s) {
  syntax::File &f = F();
  switch (f.Kind(s)) {
  case NodeKind::EmptyStmt:
    return;
  case NodeKind::ExprStmt: {
    NodeId e = f.A(s);
    Operand x;
    RawExpr(x, e, true);
    if (x.mode == Mode::Invalid) return;
    const char *msg = "is not used";
    if (x.mode == Mode::Builtin) {
      msg = "must be called";
    } else if (x.mode == Mode::TypeExpr) {
      msg = "is not an expression";
    } else {
      bool conversion;
      if (StmtCall(e, &conversion)) return;
    }
    ErrorAtNode(e, OperandString(x) + " " + msg);
    return;
  }
  case NodeKind::AssignStmt:
    AssignStmt(s);
    return;
  case NodeKind::DeclStmt: {
    // gc (its noder, after type checking) cannot yet compile types declared in the
    // body of a generic function or method.
    if (f.ListAB(s).count > 0 && f.Kind(f.At(f.ListAB(s), 0)) == NodeKind::TypeDecl &&
        currentDecl_ && Obj(currentDecl_).kind == ObjectKind::Func) {
      TypeId sig = Obj(currentDecl_).type;
      if (sig && u_.IsSignature(sig) &&
          (!u_.Sig(sig).typeParams.empty() || !u_.Sig(sig).recvTypeParams.empty()))
        Error(f.Pos(s), "type declarations inside generic functions are not currently supported");
    }
    for (NodeId d : std::vector<NodeId>(f.begin(f.ListAB(s)), f.end(f.ListAB(s)))) {
      switch (f.Kind(d)) {
      case NodeKind::ConstDecl:
        LocalConstDecl(d);
        break;
      case NodeKind::VarDecl:
        LocalVarDecl(d);
        break;
      case NodeKind::TypeDecl:
        LocalTypeDecl(d);
        break;
      default:
        break;
      }
    }
    return;
  }
  case NodeKind::BlockStmt:
    OpenScope();
    StmtList(f.ListAB(s));
    CloseScope();
    return;
  case NodeKind::IfStmt: {
    OpenScope();
    if (f.A(s)) Stmt(f.A(s));
    Operand x;
    Expr(x, f.B(s));
    if (x.mode != Mode::Invalid && !u_.IsBoolean(x.type))
      ErrorAtNode(f.B(s), "non-boolean condition in if statement");
    else if (x.mode != Mode::Invalid)
      UpdateExprType(f.B(s), Universe::Basic(BasicKind::Bool), true);
    Stmt(f.C(s));
    if (f.D(s)) Stmt(f.D(s));
    CloseScope();
    return;
  }
  case NodeKind::ForStmt: {
    if (f.Kind(f.A(s)) == NodeKind::RangeClause) {
      RangeStmt(s);
      return;
    }
    OpenScope();
    if (f.A(s)) Stmt(f.A(s));
    if (f.B(s)) {
      Operand x;
      Expr(x, f.B(s));
      if (x.mode != Mode::Invalid && !u_.IsBoolean(x.type))
        ErrorAtNode(f.B(s), "non-boolean condition in for statement");
      else if (x.mode != Mode::Invalid)
        UpdateExprType(f.B(s), Universe::Basic(BasicKind::Bool), true);
    }
    if (f.C(s)) Stmt(f.C(s));
    Stmt(f.D(s));
    CloseScope();
    return;
  }
  // Labels, break, continue, goto and fallthrough were checked by Branches.
  case NodeKind::LabeledStmt:
    Info(f.A(s)).mode = Mode::NoValue;
    Stmt(f.B(s));
    return;
  case NodeKind::BranchStmt:
    return;
  case NodeKind::ReturnStmt:
    ReturnStmt(s);
    return;
  case NodeKind::SwitchStmt:
    SwitchStmt(s);
    return;
  case NodeKind::SelectStmt:
    SelectStmt(s);
    return;
  case NodeKind::SendStmt:
    SendStmt(s);
    return;
  case NodeKind::CallStmt:
    SuspendedCall(s);
    return;
  default:
    NotSupported(s, "this statement");
    return;
  }
}

// ---------------------------------------------------------------------------
// Terminating statements (spec; types2's return.go)

bool Checker::IsTerminating(NodeId s, std::string_view label) {
  syntax::File &f = F();
  switch (f.Kind(s)) {
  case NodeKind::ReturnStmt:
    return true;
  case NodeKind::BranchStmt: {
    TK tok = static_cast<TK>(f[s].op);
    return tok == TK::Goto || tok == TK::Fallthrough;
  }
  case NodeKind::ExprStmt: {
    NodeId c = f.A(s);
    c = f.Unparen(c);
    if (f.Kind(c) != NodeKind::CallExpr) return false;
    NodeId fn = f.A(c);
    fn = f.Unparen(fn);
    ObjectId o = f.Kind(fn) == NodeKind::Name ? Info(fn).object : ObjectId{};
    return o && Obj(o).kind == ObjectKind::Builtin && Obj(o).builtin == BuiltinId::Panic;
  }
  case NodeKind::LabeledStmt:
    return IsTerminating(f.B(s), f.Text(f.A(s)));
  case NodeKind::BlockStmt:
    return IsTerminatingList(f.ListAB(s), "");
  case NodeKind::IfStmt:
    return f.D(s) && IsTerminating(f.C(s), "") && IsTerminating(f.D(s), "");
  case NodeKind::ForStmt:
    if (f.Kind(f.A(s)) == NodeKind::RangeClause) return false;
    return !f.B(s) && !HasBreak(f.D(s), label, true);
  case NodeKind::SelectStmt: {
    // Terminating if every clause ends in a terminating statement without breaking out
    // of the select.
    syntax::NodeList clauses = f.ListAB(s);
    for (uint32_t i = 0; i < clauses.count; ++i) {
      NodeId cc = f.At(clauses, i);
      if (!IsTerminatingList(f.ListBC(cc), "") || HasBreakList(f.ListBC(cc), label, true))
        return false;
    }
    return true;
  }
  case NodeKind::SwitchStmt: {
    // Terminating if there is a default and every case ends in a terminating
    // statement without breaking out of the switch.
    bool hasDefault = false;
    syntax::NodeList clauses = f.ListCD(s);
    for (uint32_t i = 0; i < clauses.count; ++i) {
      NodeId cc = f.At(clauses, i);
      if (!f.A(cc)) hasDefault = true;
      if (!IsTerminatingList(f.ListBC(cc), "") || HasBreakList(f.ListBC(cc), label, true))
        return false;
    }
    return hasDefault;
  }
  default:
    return false;
  }
}

// Trailing empty statements do not count.
bool Checker::IsTerminatingList(syntax::NodeList list, std::string_view label) {
  syntax::File &f = F();
  for (uint32_t i = list.count; i-- > 0;)
    if (f.Kind(f.At(list, i)) != NodeKind::EmptyStmt) return IsTerminating(f.At(list, i), label);
  return false;
}

bool Checker::HasBreakList(syntax::NodeList list, std::string_view label, bool implicit) {
  for (uint32_t i = 0; i < list.count; ++i)
    if (HasBreak(F().At(list, i), label, implicit)) return true;
  return false;
}

bool Checker::HasBreak(NodeId s, std::string_view label, bool implicit) {
  syntax::File &f = F();
  if (!s) return false;
  switch (f.Kind(s)) {
  case NodeKind::BranchStmt:
    if (f[s].op == static_cast<uint8_t>(TK::Break)) {
      if (!f.A(s)) return implicit;
      return f.Text(f.A(s)) == label;
    }
    return false;
  case NodeKind::LabeledStmt:
    return HasBreak(f.B(s), label, implicit);
  case NodeKind::BlockStmt:
    return HasBreakList(f.ListAB(s), label, implicit);
  case NodeKind::IfStmt:
    return HasBreak(f.C(s), label, implicit) || HasBreak(f.D(s), label, implicit);
  case NodeKind::ForStmt:
    // An unlabeled break inside binds to the inner statement.
    return !label.empty() && HasBreak(f.D(s), label, false);
  case NodeKind::SwitchStmt:
  case NodeKind::SelectStmt: {
    if (label.empty()) return false;
    syntax::NodeList clauses = f.Kind(s) == NodeKind::SwitchStmt ? f.ListCD(s) : f.ListAB(s);
    for (uint32_t i = 0; i < clauses.count; ++i)
      if (HasBreakList(f.ListBC(f.At(clauses, i)), label, false)) return true;
    return false;
  }
  default:
    return false;
  }
}

} // namespace talpa::types
