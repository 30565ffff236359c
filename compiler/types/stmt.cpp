// Statements, after types2's stmt.go, assignments.go and return.go: blocks open scopes,
// assignments check each value against its variable, := declares at least one new
// variable, conditions must be boolean, and a function with results must end in a
// terminating statement ("missing return"). Statements talpa cannot lower yet are
// reported as "not yet supported" here, so later stages never see them.
#include "compiler/types/checker.h"

namespace talpa::types {

void Checker::StmtList(syntax::NodeList list) {
  for (uint32_t i = 0; i < list.count; ++i) Stmt(F().At(list, i));
}

void Checker::AssignError(NodeId rhs, size_t nvars, size_t nvals) {
  auto measure = [](size_t n, const char *unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  std::string vars = measure(nvars, "variable"), vals = measure(nvals, "value");
  syntax::File &f = F();
  NodeId r = rhs;
  while (f.Kind(r) == NodeKind::ParenExpr) r = f.A(r);
  if (f.Kind(r) == NodeKind::CallExpr && nvals != 0) {
    ErrorAtNode(rhs, "assignment mismatch: " + vars + " but " + ExprString(f.A(r)) + " returns " + vals);
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
  if (x.mode == Mode::Value && x.type && pkg_.types.IsTuple(x.type)) {
    AssignError(rhs, 1, pkg_.types.TupleLen(x.type));
    x.mode = Mode::Invalid;
    return;
  }
  if (x.mode == Mode::NoValue || x.mode == Mode::Builtin || x.mode == Mode::TypeExpr) {
    ErrorAtNode(rhs, OperandString(x) + (x.mode == Mode::NoValue ? " used as value"
                                         : x.mode == Mode::Builtin ? " must be called"
                                                                   : " is not an expression"));
    x.mode = Mode::Invalid;
  }
}

void Checker::InitOne(ObjectId v, Operand &x, const std::string &context) {
  InitVars({v}, NodeId{}, NodeId{}, context, &x);
}

void Checker::InitVars(const std::vector<ObjectId> &lhs, NodeId rhs, NodeId at, const std::string &context,
                       Operand *given) {
  TypeTable &T = pkg_.types;
  auto init = [&](ObjectId v, Operand &x) {
    if (!v) {
      if (x.mode != Mode::Invalid) DefaultType(x, context);
      return;
    }
    Object &o = Obj(v);
    if (x.mode == Mode::Invalid) {
      if (!o.type) o.type = TypeTable::Basic(BasicKind::Invalid);
      o.used = true;  // avoid follow-on "declared but not used" errors
      return;
    }
    if (!o.type) {
      TypeId t = x.type;
      if (T.IsUntyped(t)) {
        if (T.Kind(t) == BasicKind::UntypedNil) {
          ErrorAtNode(x.expr, "use of untyped nil in " + context);
          o.type = TypeTable::Basic(BasicKind::Invalid);
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
               : x.mode == Mode::NoValue ? 0 : 1;
    AssignError(at, lhs.size(), n);
  }
  for (ObjectId v : lhs)
    if (v) {
      if (!Obj(v).type) Obj(v).type = TypeTable::Basic(BasicKind::Invalid);
      Obj(v).used = true;
    }
}

// LhsVar checks an assignment's left operand; returns its type (0 for the blank
// identifier, Invalid on error). Assigning to a variable does not "use" it.
TypeId Checker::LhsVar(NodeId lhs) {
  syntax::File &f = F();
  NodeId e = lhs;
  while (f.Kind(e) == NodeKind::ParenExpr) e = f.A(e);
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
  if (z.mode == Mode::Invalid) return TypeTable::Basic(BasicKind::Invalid);
  if (z.mode != Mode::Variable) {
    ErrorAtNode(e, "cannot assign to " + OperandString(z));
    return TypeTable::Basic(BasicKind::Invalid);
  }
  return z.type;
}

void Checker::AssignVars(const std::vector<NodeId> &lhs, NodeId rhsNode, NodeId at) {
  TypeTable &T = pkg_.types;
  std::vector<NodeId> rhs = F().Unpack(rhsNode);
  auto assign = [&](NodeId l, Operand &x) {
    syntax::File &f = F();
    NodeId u = l;
    while (f.Kind(u) == NodeKind::ParenExpr) u = f.A(u);
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
      if (rhs.size() == 1) ValueForAssign(xs[i], rhs[i]);
      else Expr(xs[i], rhs[i]);
    }
    for (size_t i = 0; i < lhs.size(); ++i) assign(lhs[i], xs[i]);
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
                 : x.mode == Mode::NoValue ? 0 : 1;
      AssignError(rhs[0], lhs.size(), n);
    }
    for (NodeId l : lhs) LhsVar(l);
    return;
  }
  for (NodeId r : rhs) {
    Operand x;
    Expr(x, r);
  }
  for (NodeId l : lhs) LhsVar(l);
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
      if (v && !Obj(v).type) Obj(v).type = TypeTable::Basic(BasicKind::Invalid);
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

void Checker::AssignStmt(NodeId s) {
  syntax::File &f = F();
  TK op = static_cast<TK>(f[s].op);
  if (!f.B(s)) {
    // x++ / x--
    Operand x;
    NodeId lhs = f.A(s);
    Expr(x, lhs);
    if (x.mode == Mode::Invalid) return;
    if (!pkg_.types.IsNumeric(x.type)) {
      ErrorAtNode(lhs, "invalid operation: " + ExprString(lhs) + std::string(op == TK::Add ? "++" : "--") +
                           " (non-numeric type " + TypeString(x.type) + ")");
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
    x.expr = f.B(s);  // report conversion errors at the value
    TypeId t = LhsVar(f.A(s));
    if (t && t != TypeTable::Basic(BasicKind::Invalid)) Assignment(x, t, "assignment");
    return;
  }
  AssignVars(f.Unpack(f.A(s)), f.B(s), s);
}

void Checker::ReturnStmt(NodeId s) {
  syntax::File &f = F();
  TypeTable &T = pkg_.types;
  std::vector<NodeId> results = f.Unpack(f.A(s));
  size_t want = T.TupleLen(sigResults_);
  if (results.empty()) {
    if (want > 0 && resultVars_.empty()) {
      std::vector<TypeId> w;
      for (size_t i = 0; i < want; ++i) w.push_back(T.TupleAt(sigResults_, i));
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
    for (Operand &x : xs) have.push_back(x.type);
    for (size_t i = 0; i < want; ++i) w.push_back(T.TupleAt(sigResults_, i));
    NodeId at = xs.size() > want ? xs[want].expr : xs.back().expr;
    if (want == 0) {
      ErrorAtNode(at, "too many return values\n\thave " + TypesSummary(have) + "\n\twant ()");
      return;
    }
    ErrorAtNode(at, std::string(xs.size() > want ? "too many" : "not enough") + " return values\n\thave " +
                        TypesSummary(have) + "\n\twant " + TypesSummary(w));
    return;
  }
  for (size_t i = 0; i < xs.size(); ++i) Assignment(xs[i], T.TupleAt(sigResults_, i), "return statement");
}

void Checker::Stmt(NodeId s) {
  syntax::File &f = F();
  switch (f.Kind(s)) {
    case NodeKind::EmptyStmt: return;
    case NodeKind::ExprStmt: {
      NodeId e = f.A(s);
      Operand x;
      RawExpr(x, e, true);
      NodeId c = e;
      while (f.Kind(c) == NodeKind::ParenExpr) c = f.A(c);
      if (x.mode == Mode::Invalid) return;
      bool isCall = f.Kind(c) == NodeKind::CallExpr;
      if (isCall && Info(c).callKind == CallFunc) return;
      if (isCall && Info(c).callKind == CallBuiltin && x.mode == Mode::NoValue) return;
      const char *msg = x.mode == Mode::Builtin ? "must be called"
                      : x.mode == Mode::TypeExpr ? "is not an expression"
                                                 : "is not used";
      ErrorAtNode(e, OperandString(x) + " " + msg);
      return;
    }
    case NodeKind::AssignStmt: AssignStmt(s); return;
    case NodeKind::DeclStmt: {
      for (NodeId d : std::vector<NodeId>(f.begin(f.ListAB(s)), f.end(f.ListAB(s)))) {
        switch (f.Kind(d)) {
          case NodeKind::ConstDecl: LocalConstDecl(d); break;
          case NodeKind::VarDecl: LocalVarDecl(d); break;
          case NodeKind::TypeDecl: NotSupported(d, "type declarations"); break;
          default: break;
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
      if (x.mode != Mode::Invalid && !pkg_.types.IsBoolean(x.type))
        ErrorAtNode(f.B(s), "non-boolean condition in if statement");
      else if (x.mode != Mode::Invalid)
        UpdateExprType(f.B(s), TypeTable::Basic(BasicKind::Bool), true);
      Stmt(f.C(s));
      if (f.D(s)) Stmt(f.D(s));
      CloseScope();
      return;
    }
    case NodeKind::ForStmt: {
      if (f.Kind(f.A(s)) == NodeKind::RangeClause) {
        NotSupported(s, "for range loops");
        return;
      }
      OpenScope();
      if (f.A(s)) Stmt(f.A(s));
      if (f.B(s)) {
        Operand x;
        Expr(x, f.B(s));
        if (x.mode != Mode::Invalid && !pkg_.types.IsBoolean(x.type))
          ErrorAtNode(f.B(s), "non-boolean condition in for statement");
        else if (x.mode != Mode::Invalid)
          UpdateExprType(f.B(s), TypeTable::Basic(BasicKind::Bool), true);
      }
      if (f.C(s)) Stmt(f.C(s));
      ++loopDepth_;
      loopLabels_.push_back(pendingLabel_);
      pendingLabel_ = {};
      Stmt(f.D(s));
      loopLabels_.pop_back();
      --loopDepth_;
      CloseScope();
      return;
    }
    case NodeKind::LabeledStmt: {
      std::string_view label = f.Text(f.A(s));
      NodeId inner = f.B(s);
      Info(f.A(s)).mode = Mode::NoValue;
      if (f.Kind(inner) == NodeKind::ForStmt) pendingLabel_ = label;
      labels_.push_back({label, f.Pos(f.A(s)), false});
      size_t idx = labels_.size() - 1;
      Stmt(inner);
      pendingLabel_ = {};
      for (auto g : gotoLabels_)
        if (g == label) labels_[idx].used = true;
      if (!labels_[idx].used && label != "_")
        Error(labels_[idx].pos, "label " + std::string(label) + " defined and not used");
      return;
    }
    case NodeKind::BranchStmt: {
      TK tok = static_cast<TK>(f[s].op);
      NodeId label = f.A(s);
      if (tok == TK::Fallthrough) { NotSupported(s, "fallthrough statements"); return; }
      if (tok == TK::Goto) {
        // Labels are function-wide; a goto may jump forward, so only mark it used here.
        for (auto &l : labels_)
          if (label && l.name == f.Text(label)) l.used = true;
        gotoLabels_.push_back(f.Text(label));
        NotSupported(s, "goto statements");
        return;
      }
      if (label) {
        std::string_view name = f.Text(label);
        bool found = false, isLoop = false;
        for (auto &l : labels_)
          if (l.name == name) {
            found = true;
            l.used = true;
          }
        for (auto l : loopLabels_)
          if (l == name) isLoop = true;
        if (!found) {
          Error(f.Pos(label), "label " + std::string(name) + " not defined");
        } else if (!isLoop) {
          Error(f.Pos(label), std::string("invalid ") + (tok == TK::Break ? "break" : "continue") + " label " +
                                  std::string(name));
        }
        return;
      }
      if (loopDepth_ == 0)
        Error(f.Pos(s), tok == TK::Break ? "break is not in a loop, switch, or select"
                                         : "continue is not in a loop");
      return;
    }
    case NodeKind::ReturnStmt: ReturnStmt(s); return;
    case NodeKind::SwitchStmt: NotSupported(s, "switch statements"); return;
    case NodeKind::SelectStmt: NotSupported(s, "select statements"); return;
    case NodeKind::SendStmt: NotSupported(s, "channels"); return;
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
    case NodeKind::ReturnStmt: return true;
    case NodeKind::BranchStmt: {
      TK tok = static_cast<TK>(f[s].op);
      return tok == TK::Goto || tok == TK::Fallthrough;
    }
    case NodeKind::ExprStmt: {
      NodeId c = f.A(s);
      while (f.Kind(c) == NodeKind::ParenExpr) c = f.A(c);
      if (f.Kind(c) != NodeKind::CallExpr) return false;
      NodeId fn = f.A(c);
      while (f.Kind(fn) == NodeKind::ParenExpr) fn = f.A(fn);
      ObjectId o = f.Kind(fn) == NodeKind::Name ? Info(fn).object : ObjectId{};
      return o && Obj(o).kind == ObjectKind::Builtin && Obj(o).builtin == BuiltinId::Panic;
    }
    case NodeKind::LabeledStmt: return IsTerminating(f.B(s), f.Text(f.A(s)));
    case NodeKind::BlockStmt: {
      syntax::NodeList l = f.ListAB(s);
      return l.count > 0 && IsTerminating(f.At(l, l.count - 1), "");
    }
    case NodeKind::IfStmt:
      return f.D(s) && IsTerminating(f.C(s), "") && IsTerminating(f.D(s), "");
    case NodeKind::ForStmt:
      if (f.Kind(f.A(s)) == NodeKind::RangeClause) return false;
      return !f.B(s) && !HasBreak(f.D(s), label, true);
    default: return false;
  }
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
    case NodeKind::LabeledStmt: return HasBreak(f.B(s), label, implicit);
    case NodeKind::BlockStmt: {
      syntax::NodeList l = f.ListAB(s);
      for (uint32_t i = 0; i < l.count; ++i)
        if (HasBreak(f.At(l, i), label, implicit)) return true;
      return false;
    }
    case NodeKind::IfStmt:
      return HasBreak(f.C(s), label, implicit) || HasBreak(f.D(s), label, implicit);
    case NodeKind::ForStmt: case NodeKind::SwitchStmt: case NodeKind::SelectStmt:
      // An unlabeled break inside binds to the inner statement.
      return !label.empty() && HasBreak(f.Kind(s) == NodeKind::ForStmt ? f.D(s) : NodeId{}, label, false);
    default: return false;
  }
}

}  // namespace talpa::types
