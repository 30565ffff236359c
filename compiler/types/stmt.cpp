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

// InitVars initializes lhs variables from rhs (one expression per variable, or one
// multi-value call); variables without a type take the (default) type of their value.
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

void Checker::InitOne(ObjectId v, Operand &x, const std::string &context) {
  InitVars({v}, NodeId{}, NodeId{}, context, &x);
}

void Checker::InitVars(const std::vector<ObjectId> &lhs, NodeId rhs, NodeId at,
                       const std::string &context, Operand *given) {
  Universe &T = u_;
  auto init = [&](ObjectId v, Operand &x) {
    if (!v) {
      if (x.mode != Mode::Invalid) DefaultType(x, context);
      return;
    }
    Object &o = Obj(v);
    if (x.mode == Mode::Invalid) {
      if (!o.type) o.type = Universe::Basic(BasicKind::Invalid);
      o.used = true; // avoid follow-on "declared but not used" errors
      return;
    }
    if (!o.type) {
      TypeId t = x.type;
      if (T.IsUntyped(t)) {
        if (T.Kind(t) == BasicKind::UntypedNil) {
          ErrorAtNode(x.expr, "use of untyped nil in " + context);
          o.type = Universe::Basic(BasicKind::Invalid);
          return;
        }
        t = T.Default(t);
      }
      o.type = t;
    }
    Assignment(x, o.type, context);
  };
  if (given) {
    init(lhs[0], *given);
    return;
  }
  if (lhs.size() == 1) {
    Operand x;
    ValueForAssign(x, rhs);
    init(lhs[0], x);
    return;
  }
  Operand x;
  RawExpr(x, rhs, true);
  if (x.mode == Mode::Value && x.type && T.IsTuple(x.type) && T.TupleLen(x.type) == lhs.size()) {
    for (size_t i = 0; i < lhs.size(); ++i) {
      Operand a = x;
      a.type = T.TupleAt(x.type, i);
      init(lhs[i], a);
    }
    return;
  }
  if (x.mode != Mode::Invalid) {
    size_t n = x.mode == Mode::Value && x.type && T.IsTuple(x.type) ? T.TupleLen(x.type)
               : x.mode == Mode::NoValue                            ? 0
                                                                    : 1;
    AssignError(at, lhs.size(), n);
  }
  for (ObjectId v : lhs)
    if (v) {
      if (!Obj(v).type) Obj(v).type = Universe::Basic(BasicKind::Invalid);
      Obj(v).used = true;
    }
}

// LhsVar checks an assignment's left operand; returns its type (0 for the blank
// identifier, Invalid on error). Assigning to a variable does not "use" it.
TypeId Checker::LhsVar(NodeId lhs) {
  syntax::File &f = F();
  NodeId e = lhs;
  e = f.Unparen(e);
  if (f.Kind(e) == NodeKind::Name && f.Text(e) == "_") {
    Info(e).mode = Mode::Variable;
    return TypeId{};
  }
  Operand z;
  if (f.Kind(e) == NodeKind::Name) {
    z.expr = e;
    Ident(z, e, false);
    Record(z);
  } else {
    Expr(z, e);
  }
  if (z.mode == Mode::Invalid) return Universe::Basic(BasicKind::Invalid);
  if (z.mode != Mode::Variable) {
    ErrorAtNode(e, "cannot assign to " + OperandString(z));
    return Universe::Basic(BasicKind::Invalid);
  }
  return z.type;
}

void Checker::AssignVars(const std::vector<NodeId> &lhs, NodeId rhsNode, NodeId at) {
  Universe &T = u_;
  std::vector<NodeId> rhs = F().Unpack(rhsNode);
  auto assign = [&](NodeId l, Operand &x) {
    syntax::File &f = F();
    NodeId u = l;
    u = f.Unparen(u);
    bool blank = f.Kind(u) == NodeKind::Name && f.Text(u) == "_";
    TypeId t = LhsVar(l);
    if ((!blank && !t) || x.mode == Mode::Invalid) return;
    if (blank) {
      Assignment(x, TypeId{}, "assignment to _ identifier");
      return;
    }
    Assignment(x, t, "assignment");
  };
  if (lhs.size() == rhs.size()) {
    // Evaluate all right-hand sides first, as the spec's two phases do.
    std::vector<Operand> xs(rhs.size());
    for (size_t i = 0; i < rhs.size(); ++i) {
      if (rhs.size() == 1)
        ValueForAssign(xs[i], rhs[i]);
      else
        Expr(xs[i], rhs[i]);
    }
    for (size_t i = 0; i < lhs.size(); ++i)
      assign(lhs[i], xs[i]);
    return;
  }
  if (rhs.size() == 1) {
    Operand x;
    RawExpr(x, rhs[0], true);
    if (x.mode == Mode::Value && x.type && T.IsTuple(x.type) && T.TupleLen(x.type) == lhs.size()) {
      for (size_t i = 0; i < lhs.size(); ++i) {
        Operand a = x;
        a.type = T.TupleAt(x.type, i);
        assign(lhs[i], a);
      }
      return;
    }
    if (x.mode != Mode::Invalid) {
      size_t n = x.mode == Mode::Value && x.type && T.IsTuple(x.type) ? T.TupleLen(x.type)
                 : x.mode == Mode::NoValue                            ? 0
                                                                      : 1;
      AssignError(rhs[0], lhs.size(), n);
    }
    for (NodeId l : lhs)
      LhsVar(l);
    return;
  }
  for (NodeId r : rhs) {
    Operand x;
    Expr(x, r);
  }
  for (NodeId l : lhs)
    LhsVar(l);
  AssignError(rhs[0], lhs.size(), rhs.size());
}

void Checker::ShortVarDecl(NodeId s) {
  syntax::File &f = F();
  std::vector<NodeId> lhs = f.Unpack(f.A(s));
  std::vector<ObjectId> vars, newVars;
  bool hasErr = false;
  std::vector<std::string_view> seen;
  for (NodeId l : lhs) {
    if (f.Kind(l) != NodeKind::Name) {
      Operand z;
      Expr(z, l);
      ErrorAtNode(l, "non-name " + ExprString(l) + " on left side of :=");
      hasErr = true;
      vars.push_back(ObjectId{});
      continue;
    }
    std::string_view name = f.Text(l);
    bool repeated = false;
    for (auto n : seen)
      if (n == name && name != "_") repeated = true;
    if (repeated) {
      Error(f.Pos(l), std::string(name) + " repeated on left side of :=");
      hasErr = true;
      vars.push_back(ObjectId{});
      continue;
    }
    seen.push_back(name);
    // A variable already declared in this scope is assigned to, not redeclared.
    auto it = scopes_.back().names.find(name);
    if (it != scopes_.back().names.end() && name != "_") {
      ObjectId alt = it->second;
      Info(l).object = alt;
      if (Obj(alt).kind != ObjectKind::Var) {
        Error(f.Pos(l), "cannot assign to " + std::string(name));
        hasErr = true;
        vars.push_back(ObjectId{});
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
  // Variables that already exist keep their type and are assigned; new ones are typed
  // from the values. Check everything as an initialization of the new ones.
  std::vector<NodeId> rhs = f.Unpack(f.B(s));
  std::vector<ObjectId> initLhs;
  for (size_t i = 0; i < vars.size(); ++i) {
    ObjectId v = vars[i];
    bool isNew = false;
    for (ObjectId n : newVars)
      if (n == v) isNew = true;
    initLhs.push_back(v);
    (void)isNew;
  }
  if (rhs.size() == initLhs.size() && rhs.size() > 1) {
    for (size_t i = 0; i < rhs.size(); ++i) {
      Operand x;
      Expr(x, rhs[i]);
      InitOne(initLhs[i], x, "assignment");
    }
  } else if (rhs.size() == 1) {
    InitVars(initLhs, rhs[0], rhs[0], "assignment");
  } else {
    for (NodeId r : rhs) {
      Operand x;
      Expr(x, r);
    }
    AssignError(rhs[0], initLhs.size(), rhs.size());
    for (ObjectId v : initLhs)
      if (v && !Obj(v).type) Obj(v).type = Universe::Basic(BasicKind::Invalid);
  }
  // Declare the new variables; their scope starts after the statement.
  for (ObjectId v : vars) {
    if (!v) continue;
    bool isNew = false;
    for (ObjectId n : newVars)
      if (n == v) isNew = true;
    if (isNew) {
      scopes_.back().names[Obj(v).name] = v;
      localVars_.push_back(v);
    }
  }
  if (newVars.empty() && !hasErr) Error(f.Pos(s), "no new variables on left side of :=");
}

// RangeStmt checks `for k, v := range x`, `for k, v = range x` and `for range x` where x
// is a string: k is the byte offset (int) and v the rune that starts there. The := form's
// variables are declared in the loop's scope, after x is checked. Go: types2's rangeStmt
// and rangeKeyVal.
void Checker::RangeStmt(NodeId s) {
  syntax::File &f = F();
  NodeId rc = f.A(s);
  OpenScope();
  Operand x;
  Expr(x, f.B(rc));
  bool ok = x.mode != Mode::Invalid;
  if (ok && !u_.IsString(x.type)) {
    if (!u_.IsBasic(x.type)) {
      NotSupported(s, "for range loops over " + TypeString(x.type));
      CloseScope();
      return;
    }
    ErrorAtNode(x.expr, "cannot range over " + OperandString(x));
    ok = false;
  }
  std::vector<NodeId> lhs;
  if (f.A(rc)) lhs = f.Unpack(f.A(rc));
  if (lhs.size() > 2) {
    ErrorAtNode(lhs[2], "range clause permits at most two iteration variables");
    lhs.resize(2);
  }
  const TypeId types[2] = {Universe::Basic(BasicKind::Int), Universe::Basic(BasicKind::Rune)};
  if (f[rc].flags & 1) {
    std::vector<ObjectId> vars;
    for (size_t i = 0; i < lhs.size(); ++i) {
      NodeId l = lhs[i];
      if (f.Kind(l) != NodeKind::Name) {
        Operand z;
        Expr(z, l);
        ErrorAtNode(l, "non-name " + ExprString(l) + " on left side of :=");
        continue;
      }
      Object o;
      o.kind = ObjectKind::Var;
      o.name = f.Text(l);
      o.file = file_;
      o.pos = f.Pos(l);
      // After an error in x the variables get the invalid type, and no follow-on errors.
      o.type = ok ? types[i] : Universe::Basic(BasicKind::Invalid);
      o.used = !ok;
      ObjectId id = NewObject(o);
      Info(l).object = id;
      Info(l).mode = Mode::Variable;
      vars.push_back(id);
    }
    for (ObjectId v : vars)
      if (Declare(v) && Obj(v).name != "_") localVars_.push_back(v);
  } else {
    for (size_t i = 0; i < lhs.size(); ++i) {
      NodeId u = lhs[i];
      u = f.Unparen(u);
      bool blank = f.Kind(u) == NodeKind::Name && f.Text(u) == "_";
      TypeId t = LhsVar(lhs[i]);
      if (blank || !t || !ok) continue;
      Operand y;
      y.mode = Mode::Value;
      y.expr = lhs[i];
      y.type = types[i];
      Assignment(y, t, "assignment");
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
    LhsVar(lhs);
    return;
  }
  if (f[s].flags) {
    ShortVarDecl(s);
    return;
  }
  if (op != TK::None) {
    // x op= y
    Operand x;
    Binary(x, s, f.A(s), f.B(s), op, true);
    if (x.mode == Mode::Invalid) return;
    x.expr = f.B(s); // report conversion errors at the value
    TypeId t = LhsVar(f.A(s));
    if (t && t != Universe::Basic(BasicKind::Invalid)) Assignment(x, t, "assignment");
    return;
  }
  AssignVars(f.Unpack(f.A(s)), f.B(s), s);
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
// once as if assigned to a temporary (so it gets its default type); a missing tag is the
// constant true. Each case value must convert to the tag's type and compare with it;
// constant values may not repeat. Each clause is its own scope.
void Checker::SwitchStmt(NodeId s) {
  syntax::File &f = F();
  NodeId tag = f.B(s);
  if (tag && f.Kind(tag) == NodeKind::TypeSwitchGuard) {
    NotSupported(s, "type switches");
    return;
  }
  OpenScope();
  if (f.A(s)) Stmt(f.A(s));
  Operand x;
  if (tag) {
    Expr(x, tag);
    if (x.mode != Mode::Invalid) DefaultType(x, "switch expression");
  } else {
    x.mode = Mode::Constant;
    x.type = Universe::Basic(BasicKind::Bool);
    x.val = AddConst(Value::MakeBool(true));
  }
  syntax::NodeList clauses = f.ListCD(s);
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
    NodeId c = e;
    c = f.Unparen(c);
    if (x.mode == Mode::Invalid) return;
    bool isCall = f.Kind(c) == NodeKind::CallExpr;
    if (isCall && Info(c).callKind == CallFunc) return;
    if (isCall && Info(c).callKind == CallBuiltin && x.mode == Mode::NoValue) return;
    const char *msg = x.mode == Mode::Builtin    ? "must be called"
                      : x.mode == Mode::TypeExpr ? "is not an expression"
                                                 : "is not used";
    ErrorAtNode(e, OperandString(x) + " " + msg);
    return;
  }
  case NodeKind::AssignStmt:
    AssignStmt(s);
    return;
  case NodeKind::DeclStmt: {
    for (NodeId d : std::vector<NodeId>(f.begin(f.ListAB(s)), f.end(f.ListAB(s)))) {
      switch (f.Kind(d)) {
      case NodeKind::ConstDecl:
        LocalConstDecl(d);
        break;
      case NodeKind::VarDecl:
        LocalVarDecl(d);
        break;
      case NodeKind::TypeDecl:
        NotSupported(d, "type declarations");
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
    NotSupported(s, "select statements");
    return;
  case NodeKind::SendStmt:
    NotSupported(s, "channels");
    return;
  case NodeKind::CallStmt:
    NotSupported(s, f[s].op == static_cast<uint8_t>(TK::Go) ? "goroutines" : "defer statements");
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
