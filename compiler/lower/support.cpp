// What the lowering supports, checked before any IR is made. The type checker accepts all
// of Go; the lowering implements a subset: values of boolean, integer, floating-point,
// complex, string, pointer, unsafe.Pointer, slice, array, struct, map, function and
// interface types (named or not), package functions and methods with bodies, function
// literals and func values, composite literals of structs, arrays, slices and maps, field
// selection, indexing and slicing, map indexing (with comma-ok), type assertions and
// switches, the statements and expressions that stmt.cpp, range.cpp and expr.cpp lower,
// and the builtins print, println, len, cap, new, make of a slice or map, append, copy,
// clear, delete, real, imag, complex, min, max and panic. This walk mirrors the lowering's
// own recursion (Body, Stmt, Expr, Call, Values, Store) and reports everything else as
// "talpa: not yet supported: WHAT" at the construct, once per kind of construct per
// function, instead of lowering it into wrong or invalid IR.
//
// The lowering converts values only where Go writes a conversion (and for package
// variable initializers); elsewhere it stores, passes, returns and compares values as
// they are, so the walk also requires the checker's final types of both sides to have one
// LLVM representation.
#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "compiler/lower/context.h"
#include "compiler/lower/generic.h"
#include "compiler/syntax/parser.h"
#include "compiler/syntax/scanner.h"

namespace talpa::lower {

namespace {

// How a supported type is represented in LLVM (LLVMType's cases); 0 for none.
enum class Repr : uint8_t {
  None,
  I1,
  I8,
  I16,
  I32,
  I64,
  Float,
  Double,
  String,
  Ptr,
  Slice,
  Memory,
  Iface,
  Complex64,
  Complex128
};

class SupportChecker {
public:
  SupportChecker(const types::Package &pkg, base::Diagnostics *diags, const LinkedPackages &linked)
      : pkg_(pkg), T(pkg.types), diags_(diags), generics_(pkg.types), linked_(linked) {}

  // Walks the package; true if the lowering can handle all of it.
  bool Run();

private:
  const types::Package &pkg_;
  const types::Universe &T;
  base::Diagnostics *diags_;
  // Imports (imports.cpp).
  TypeInstances generics_;
  const LinkedPackages &linked_;
  bool Linked(const types::Package *p) const;
  bool ImportAllowed(std::string_view path) const;
  void Qualified(NodeId e, ObjectId obj);
  uint32_t file_ = 0;
  const syntax::File *f_ = nullptr;
  std::set<std::string> reportedInUnit_; // kinds already reported in this function
  size_t refusals_ = 0;
  TypeId results_; // of the function being walked

  const syntax::File &F() const { return *f_; }
  void SetFile(uint32_t file) {
    file_ = file;
    f_ = pkg_.files[file].get();
  }
  void BeginUnit() { reportedInUnit_.clear(); }
  // Generics: each instance of a generic function the package uses (transitively) is walked
  // with its substitution, as the lowering lowers it (generic.cpp); generics_ above.
  Substitution *subst_ = nullptr;
  std::deque<std::pair<ObjectId, Substitution>> instances_;
  std::map<std::string, size_t> instanceKeys_; // fn and type arguments -> instances_
  // Queues the instance a use of generic function fn names (once); null if refused.
  Substitution *UseInstance(NodeId fun, ObjectId fn);
  // Methods of generic types: every instance type met (TypeProblemIn) with generic
  // methods has each method walked once for its type arguments, as the lowering may
  // lower any of them (method tables, itabs, calls).
  mutable std::vector<TypeId> methodTypes_;
  mutable std::set<uint32_t> methodTypesSeen_;
  void UseInstance(ObjectId fn, const std::vector<TypeId> &targs);
  TypeId Ty(TypeId t) const { return subst_ ? subst_->Apply(t) : t; }
  TypeId VarType(ObjectId v) const { return Ty(pkg_.Obj(v).type); }
  types::ExprInfo Info(NodeId n) const {
    types::ExprInfo i = pkg_.Info(file_, n);
    if (subst_) i.type = subst_->Apply(i.type);
    return i;
  }
  TypeId TypeOf(NodeId n) const { return T.Default(Info(n).type); }
  std::string TypeString(TypeId t) const { return T.String(t, &pkg_); }

  void RefuseAt(uint32_t offset, const std::string &what);
  void Refuse(NodeId n, const std::string &what) { RefuseAt(syntax::StartPos(F(), n), what); }

  std::string TypeProblem(TypeId t) const;
  std::string TypeProblemIn(TypeId t, std::vector<TypeId> &seen) const;
  bool IsNil(NodeId e) const;
  Repr ReprOf(TypeId t) const;
  bool CheckType(NodeId at, TypeId t);
  bool CheckTypeAt(uint32_t offset, TypeId t);
  void CheckSame(NodeId at, TypeId from, TypeId to);

  void Function(ObjectId fn, Substitution *subst = nullptr);
  void Body(NodeId block) { StmtList(F().ListAB(block)); }
  void StmtList(syntax::NodeList l);
  void Stmt(NodeId s);
  void VarDecl(NodeId d);
  void Assign(NodeId s);
  void Lhs(NodeId lhs);
  void Range(NodeId s);
  void Switch(NodeId s);
  void TypeSwitch(NodeId s);
  void Assert(NodeId e);
  void Return(NodeId s);
  void Defer(NodeId s);
  // Channels (chan.cpp).
  void Send(NodeId s);
  void Select(NodeId s);
  void Receive(NodeId e);

  void Expr(NodeId e);
  void FuncLit(NodeId e);
  bool FuncHasBody(ObjectId fn) const;
  bool LinknameTarget(ObjectId fn) const;
  void Operation(NodeId e);
  void Call(NodeId e);
  void CallArgs(NodeId e, TypeId sig);
  void MethodCall(NodeId e, NodeId fun);
  bool ConversionSupported(TypeId from, TypeId to) const;
  void Builtin(NodeId call, NodeId fun);
  void Index(NodeId e);
  void CompositeLit(NodeId e);
  // A multi-value right-hand side (f() in a, b := f()) whose values go to `to`.
  void Values(NodeId e, const std::vector<TypeId> &to);
  std::string SelectorWhat(NodeId e) const;
};

void SupportChecker::RefuseAt(uint32_t offset, const std::string &what) {
  ++refusals_;
  if (!reportedInUnit_.insert(what).second) return;
  if (diags_) diags_->Error(F().id, offset, "talpa: not yet supported: " + what);
}

// Why values of type t cannot be lowered, or "" if they can.
std::string SupportChecker::TypeProblem(TypeId t) const {
  std::vector<TypeId> seen;
  return TypeProblemIn(t, seen);
}

bool SupportChecker::IsNil(NodeId e) const {
  e = F().Unparen(e);
  if (F().Kind(e) != NodeKind::Name) return false;
  ObjectId o = Info(e).object;
  return o && pkg_.Obj(o).kind == types::ObjectKind::Nil;
}

// seen: the named types being looked at (type T struct{ next *T } refers to itself).
std::string SupportChecker::TypeProblemIn(TypeId t, std::vector<TypeId> &seen) const {
  if (!t) return "expressions without a type";
  if (T.IsTuple(t)) {
    for (uint32_t i = 0; i < T.TupleLen(t); ++i)
      if (std::string p = TypeProblemIn(T.TupleAt(t, i), seen); !p.empty()) return p;
    return "";
  }
  t = T.Default(t);
  if (T.IsTypeParam(t)) return "type parameters";
  if (T.IsNamed(t)) {
    if (std::find(seen.begin(), seen.end(), t) != seen.end()) return "";
    for (TypeId a : T.Named(t).typeArgs)
      if (std::string p = TypeProblemIn(a, seen); !p.empty()) return p;
    if (!T.Named(t).typeArgs.empty() && !T.Named(t).expanded) return "generic types";
    if (!T.Named(t).typeArgs.empty() && methodTypesSeen_.insert(t.index).second)
      methodTypes_.push_back(t);
    seen.push_back(t);
  }
  TypeId u = T.Under(t);
  if (!u) return "expressions without a type";
  switch (T.KindOf(u)) {
  case types::TypeKind::Basic:
    switch (T.Kind(u)) {
    case BasicKind::UntypedNil:
      return ""; // where it goes is checked (CheckSame)
    default:
      return ReprOf(t) == Repr::None ? "expressions without a type" : "";
    }
  case types::TypeKind::Pointer:
  case types::TypeKind::Slice:
  case types::TypeKind::Array:
    return TypeProblemIn(T.Elem(u), seen);
  case types::TypeKind::Struct:
    for (ObjectId f : T.Struct(u).fields)
      if (std::string p = TypeProblemIn(T.Obj(f).type, seen); !p.empty()) return p;
    return "";
  case types::TypeKind::Map:
    // map.cpp
    if (std::string p = TypeProblemIn(T.Key(u), seen); !p.empty()) return p;
    return TypeProblemIn(T.MapElem(u), seen);
  case types::TypeKind::Chan:
    return TypeProblemIn(T.Elem(u), seen); // chan.cpp
  case types::TypeKind::Signature: {
    // Function values (closure.cpp): their parameters and results must be lowerable.
    const types::SignatureInfo &sig = T.Sig(u);
    if (!sig.typeParams.empty()) return "generic functions";
    if (std::string p = TypeProblemIn(sig.params, seen); !p.empty()) return p;
    return TypeProblemIn(sig.results, seen);
  }
  case types::TypeKind::Interface: {
    // iface.cpp: its methods are called with their signatures' types.
    const types::InterfaceInfo &set = T.TypeSet(u);
    if (!set.allTypes) return "type parameters";
    for (ObjectId m : set.allMethods) {
      const types::SignatureInfo &sig = T.Sig(T.Obj(m).type);
      if (std::string p = TypeProblemIn(sig.params, seen); !p.empty()) return p;
      if (std::string p = TypeProblemIn(sig.results, seen); !p.empty()) return p;
    }
    return "";
  }
  case types::TypeKind::TypeParam:
    return "type parameters";
  default:
    return "expressions without a type";
  }
}

Repr SupportChecker::ReprOf(TypeId t) const {
  if (!t || T.IsTuple(t) || T.IsTypeParam(T.Default(t))) return Repr::None;
  switch (T.KindOf(T.Under(T.Default(t)))) {
  case types::TypeKind::Pointer:
  case types::TypeKind::Signature: // a func value: a pointer to its closure object
  case types::TypeKind::Map:
  case types::TypeKind::Chan:
    return Repr::Ptr;
  case types::TypeKind::Slice:
    return Repr::Slice;
  case types::TypeKind::Array:
  case types::TypeKind::Struct:
    return Repr::Memory;
  case types::TypeKind::Interface:
    return Repr::Iface;
  case types::TypeKind::Basic:
    break;
  default:
    return Repr::None;
  }
  switch (T.Kind(T.Default(t))) {
  case BasicKind::Bool:
    return Repr::I1;
  case BasicKind::Int8:
  case BasicKind::Uint8:
    return Repr::I8;
  case BasicKind::Int16:
  case BasicKind::Uint16:
    return Repr::I16;
  case BasicKind::Int32:
  case BasicKind::Uint32:
    return Repr::I32;
  case BasicKind::Int:
  case BasicKind::Int64:
  case BasicKind::Uint:
  case BasicKind::Uint64:
  case BasicKind::Uintptr: // every talpa target is 64-bit (abi.h)
    return Repr::I64;
  case BasicKind::Float32:
    return Repr::Float;
  case BasicKind::Float64:
    return Repr::Double;
  case BasicKind::Complex64:
    return Repr::Complex64;
  case BasicKind::Complex128:
    return Repr::Complex128;
  case BasicKind::String:
    return Repr::String;
  case BasicKind::UnsafePointer:
  case BasicKind::UntypedNil:
    return Repr::Ptr;
  default:
    return Repr::None;
  }
}

bool SupportChecker::CheckType(NodeId at, TypeId t) {
  std::string p = TypeProblem(t);
  if (p.empty()) return true;
  Refuse(at, p);
  return false;
}

bool SupportChecker::CheckTypeAt(uint32_t offset, TypeId t) {
  std::string p = TypeProblem(t);
  if (p.empty()) return true;
  RefuseAt(offset, p);
  return false;
}

// A value of type `from` used where the lowering expects `to` without converting it
// (it converts nil to the zero value of a pointer or slice type, and assigns memory types
// only between identical underlying types, which the checker guarantees).
void SupportChecker::CheckSame(NodeId at, TypeId from, TypeId to) {
  if (!TypeProblem(from).empty() || !TypeProblem(to).empty()) return; // reported already
  if (T.Kind(T.Default(from)) == BasicKind::UntypedNil &&
      (ReprOf(to) == Repr::Ptr || ReprOf(to) == Repr::Slice || ReprOf(to) == Repr::Iface))
    return;
  if (!T.IsTuple(from) && ReprOf(to) == Repr::Iface) return; // boxed (iface.cpp)
  if (T.IsTuple(from) || T.IsTuple(to) || ReprOf(from) != ReprOf(to))
    Refuse(at, "implicit conversion of " + TypeString(from) + " to " + TypeString(to));
}

// ---------------------------------------------------------------------------
// Functions and the package

bool SupportChecker::Run() {
  // Declarations the lowering has no code for.
  for (uint32_t i = 0; i < pkg_.files.size(); ++i) {
    SetFile(i);
    const syntax::File &f = F();
    for (NodeId d : std::vector<NodeId>(f.begin(f.decls), f.end(f.decls))) {
      BeginUnit(); // each declaration is reported on its own
      switch (f.Kind(d)) {
      case NodeKind::ImportDecl:
        // unsafe's constants (Sizeof, ...) need no code; its other uses are refused where
        // they occur.
        if (f.B(d) && !ImportAllowed(syntax::StringLitValue(f.Text(f.B(d))))) Refuse(d, "imports");
        break;
      case NodeKind::FuncDecl:
        // A body elsewhere: under the //go:linkname target, or in the C++ runtime.
        if (!f.D(d) && !linked_.externalFunctions && !LinknameTarget(Info(f.B(d)).object))
          Refuse(f.B(d), "functions without bodies");
        break;
      default:
        break;
      }
    }
  }
  for (ObjectId fn : pkg_.funcs)
    if (!IsGeneric(T, fn)) Function(fn);
  for (ObjectId fn : pkg_.methods)
    if (T.Sig(pkg_.Obj(fn).type).recvTypeParams.empty()) Function(fn);
  // The package initializer: variables and their initializers.
  BeginUnit();
  results_ = TypeId{};
  for (ObjectId g : pkg_.globals) {
    const types::Object &o = pkg_.Obj(g);
    SetFile(o.file);
    CheckTypeAt(o.pos, o.type);
  }
  for (const types::Initializer &init : pkg_.initOrder) {
    SetFile(init.file);
    if (!init.rhs) continue;
    if (init.lhs.size() == 1) {
      Expr(init.rhs);
      // LowerPackageInit converts the value to the variable's type.
      if (init.lhs[0]) {
        TypeId from = TypeOf(init.rhs), to = pkg_.Obj(init.lhs[0]).type;
        if (TypeProblem(from).empty() && TypeProblem(to).empty() && ReprOf(from) != ReprOf(to) &&
            !((T.IsInteger(from) || T.IsFloat(from)) && (T.IsInteger(to) || T.IsFloat(to))) &&
            ReprOf(to) != Repr::Iface) // boxed (iface.cpp)
          Refuse(init.rhs, "implicit conversion of " + TypeString(from) + " to " + TypeString(to));
      }
    } else {
      std::vector<TypeId> to;
      for (ObjectId v : init.lhs)
        to.push_back(v ? pkg_.Obj(v).type : TypeId{});
      Values(init.rhs, to);
    }
  }
  for (size_t i = 0, j = 0; i < instances_.size() || j < methodTypes_.size();) {
    if (j < methodTypes_.size()) {
      TypeId t = methodTypes_[j++];
      TypeId origin = T.Named(t).origin ? T.Named(t).origin : t;
      for (ObjectId mo : std::vector<ObjectId>(T.Named(origin).methods))
        if (IsGeneric(T, mo)) UseInstance(mo, T.Named(t).typeArgs);
      continue;
    }
    Function(instances_[i].first, &instances_[i].second);
    ++i;
  }
  return refusals_ == 0;
}

void SupportChecker::Function(ObjectId id, Substitution *subst) {
  subst_ = subst;
  const types::Object &obj = pkg_.Obj(id);
  SetFile(obj.file);
  BeginUnit();
  const syntax::File &f = F();
  NodeId decl = obj.decl;
  if (!decl || f.Kind(decl) != NodeKind::FuncDecl || !obj.type || !T.IsSignature(obj.type)) {
    RefuseAt(obj.pos, "this function");
    return;
  }
  const types::SignatureInfo &sig = T.Sig(Ty(obj.type));
  if (!subst && (!sig.typeParams.empty() || f.TypeParams(decl).count)) {
    RefuseAt(obj.pos, "generic functions");
    return;
  }
  if (sig.recv) {
    // method.cpp: the receiver is the first parameter; a method of a generic type is
    // walked once per instance (methodTypes_).
    if (!subst && !sig.recvTypeParams.empty()) {
      RefuseAt(obj.pos, "generic types");
      return;
    }
    CheckTypeAt(obj.pos, Ty(T.Obj(sig.recv).type));
  }
  NodeId ft = f.C(decl);
  // LowerFunction pairs the i-th parameter Field with the i-th LLVM argument.
  syntax::NodeList params = f.ListAB(ft), results = f.ListCD(ft);
  if (params.count != T.TupleLen(sig.params) || results.count != T.TupleLen(sig.results)) {
    RefuseAt(obj.pos, "this function's signature");
    return;
  }
  for (uint32_t i = 0; i < params.count; ++i)
    CheckType(f.B(f.At(params, i)), T.TupleAt(sig.params, i));
  for (uint32_t i = 0; i < results.count; ++i)
    CheckType(f.B(f.At(results, i)), T.TupleAt(sig.results, i));
  results_ = sig.results;
  if (f.D(decl)) Body(f.D(decl));
  subst_ = nullptr;
}

Substitution *SupportChecker::UseInstance(NodeId fun, ObjectId fn) {
  const syntax::File &f = F();
  uint32_t inst = pkg_.Info(file_, fun).instance;
  if (!inst && f.Kind(fun) == NodeKind::IndexExpr) inst = pkg_.Info(file_, f.A(fun)).instance;
  std::vector<TypeId> targs = pkg_.instances[inst];
  std::string key = std::to_string(fn.index);
  for (TypeId &t : targs) {
    t = Ty(t);
    if (std::string p = TypeProblem(t); !p.empty()) {
      Refuse(fun, p);
      return nullptr;
    }
    // Identical types of different ids only walk an instance twice.
    key += "," + std::to_string(t.index);
  }
  auto [it, added] = instanceKeys_.insert({key, instances_.size()});
  if (added) instances_.emplace_back(fn, Substitution(generics_, TypeParamsOf(T, fn), targs));
  return &instances_[it->second].second;
}

void SupportChecker::UseInstance(ObjectId fn, const std::vector<TypeId> &targs) {
  if (targs.size() != TypeParamsOf(T, fn).size()) return;
  std::string key = std::to_string(fn.index);
  for (TypeId t : targs)
    key += "," + std::to_string(t.index);
  auto [it, added] = instanceKeys_.insert({key, instances_.size()});
  if (added) instances_.emplace_back(fn, Substitution(generics_, TypeParamsOf(T, fn), targs));
}

// ---------------------------------------------------------------------------
// Statements (stmt.cpp)

void SupportChecker::StmtList(syntax::NodeList l) {
  for (uint32_t i = 0; i < l.count; ++i)
    Stmt(F().At(l, i));
}

void SupportChecker::Stmt(NodeId s) {
  if (!s) return;
  const syntax::File &f = F();
  switch (f.Kind(s)) {
  case NodeKind::EmptyStmt:
  case NodeKind::BranchStmt:
    return;
  case NodeKind::ExprStmt:
    Expr(f.A(s));
    return;
  case NodeKind::BlockStmt:
    StmtList(f.ListAB(s));
    return;
  case NodeKind::DeclStmt:
    for (NodeId d : std::vector<NodeId>(f.begin(f.ListAB(s)), f.end(f.ListAB(s))))
      if (f.Kind(d) == NodeKind::VarDecl) VarDecl(d);
    // Constants and local types need no code.
    return;
  case NodeKind::AssignStmt:
    Assign(s);
    return;
  case NodeKind::IfStmt:
    Stmt(f.A(s));
    Expr(f.B(s));
    Stmt(f.C(s));
    Stmt(f.D(s));
    return;
  case NodeKind::ForStmt:
    if (f.A(s) && f.Kind(f.A(s)) == NodeKind::RangeClause) {
      Range(s);
      return;
    }
    Stmt(f.A(s));
    if (f.B(s)) Expr(f.B(s));
    Stmt(f.C(s));
    Stmt(f.D(s));
    return;
  case NodeKind::LabeledStmt:
    Stmt(f.B(s));
    return;
  case NodeKind::SwitchStmt:
    Switch(s);
    return;
  case NodeKind::ReturnStmt:
    Return(s);
    return;
  case NodeKind::SendStmt:
    Send(s);
    return;
  case NodeKind::SelectStmt:
    Select(s);
    return;
  case NodeKind::CallStmt:
    Defer(s); // defer and go statements (defer.cpp)
    return;
  default:
    Refuse(s, "this statement");
    return;
  }
}

// ---- Defer statements (defer.cpp) ----
// The deferred call is lowered as a call expression by a wrapper, its operands saved at
// the statement: what a call statement may call, a deferred call may call, builtins
// included (the checker allows those a statement may call: close, copy, delete, panic,
// print, println, recover).
void SupportChecker::Defer(NodeId s) {
  const syntax::File &f = F();
  NodeId call = f.Unparen(f.A(s));
  if (!call || f.Kind(call) != NodeKind::CallExpr) {
    Refuse(s, "this defer statement");
    return;
  }
  Expr(call);
}

// ---- Channels (chan.cpp) ----

// c <- v: v is converted to the element type.
void SupportChecker::Send(NodeId s) {
  const syntax::File &f = F();
  NodeId ch = f.A(s), v = f.B(s);
  Expr(ch);
  Expr(v);
  TypeId ct = TypeOf(ch);
  if (!TypeProblem(ct).empty() || T.IsTypeParam(ct) ||
      T.KindOf(T.Under(ct)) != types::TypeKind::Chan) {
    Refuse(s, "this send statement");
    return;
  }
  CheckSame(v, TypeOf(v), T.Elem(T.Under(ct)));
}

// <-c, as a value (its comma-ok form: Values).
void SupportChecker::Receive(NodeId e) {
  const syntax::File &f = F();
  NodeId ch = f.A(f.Unparen(e));
  Expr(ch);
  TypeId ct = TypeOf(ch);
  if (!TypeProblem(ct).empty()) return; // reported
  if (T.IsTypeParam(ct) || T.KindOf(T.Under(ct)) != types::TypeKind::Chan) {
    Refuse(e, "this receive");
    return;
  }
}

// select: each case is a send, a receive, or a receive assigned to (or declaring) a value
// and an ok.
void SupportChecker::Select(NodeId s) {
  const syntax::File &f = F();
  syntax::NodeList clauses = f.ListAB(s);
  for (uint32_t i = 0; i < clauses.count; ++i) {
    NodeId cc = f.At(clauses, i);
    NodeId comm = f.A(cc);
    if (comm) {
      switch (f.Kind(comm)) {
      case NodeKind::SendStmt:
        Send(comm);
        break;
      case NodeKind::ExprStmt:
        Receive(f.A(comm));
        break;
      case NodeKind::AssignStmt: {
        NodeId r = f.B(comm);
        Receive(r);
        TypeId ct = TypeOf(f.A(f.Unparen(r)));
        if (!TypeProblem(ct).empty() || T.KindOf(T.Under(ct)) != types::TypeKind::Chan) break;
        std::vector<NodeId> l = f.Unpack(f.A(comm));
        TypeId want[2] = {T.Elem(T.Under(ct)), types::Universe::Basic(BasicKind::Bool)};
        for (size_t k = 0; k < l.size() && k < 2; ++k) {
          NodeId n = f.Unparen(l[k]);
          if (f.Kind(n) == NodeKind::Name && f.Text(n) == "_") continue;
          if (f[comm].flags) {
            if (ObjectId o = Info(n).object) {
              CheckType(n, VarType(o));
              CheckSame(n, want[k], VarType(o));
            }
            continue;
          }
          Lhs(l[k]);
          TypeId lt =
              f.Kind(n) == NodeKind::Name && Info(n).object ? VarType(Info(n).object) : TypeOf(n);
          CheckSame(n, want[k], lt);
        }
        break;
      }
      default:
        Refuse(comm, "this select case");
        break;
      }
    }
    StmtList(f.ListBC(cc));
  }
}

void SupportChecker::VarDecl(NodeId d) {
  const syntax::File &f = F();
  std::vector<NodeId> names(f.begin(f.ListAB(d)), f.end(f.ListAB(d)));
  std::vector<NodeId> values = f.Unpack(f.D(d));
  std::vector<TypeId> types;
  for (NodeId n : names) {
    ObjectId obj = Info(n).object;
    TypeId t = obj ? VarType(obj) : TypeOf(n);
    if (obj || f.Text(n) == "_") {
      CheckType(n, t);
    } else {
      Refuse(n, "expressions without a type");
    }
    types.push_back(t);
  }
  if (values.size() == names.size()) {
    for (size_t i = 0; i < values.size(); ++i) {
      Expr(values[i]);
      CheckSame(values[i], TypeOf(values[i]), types[i]);
    }
  } else if (values.size() == 1) {
    Values(values[0], types);
  } else if (!values.empty()) {
    Refuse(d, "this declaration");
  }
}

// LhsAddr: variables (and _), fields, elements of arrays and slices, *p.
void SupportChecker::Lhs(NodeId lhs) {
  const syntax::File &f = F();
  NodeId n = f.Unparen(lhs);
  if (n && f.Kind(n) == NodeKind::Name) {
    if (f.Text(n) == "_") return;
    ObjectId obj = Info(n).object;
    if (!obj || pkg_.Obj(obj).kind != types::ObjectKind::Var) {
      Refuse(n, "assignments to non-variables");
      return;
    }
    CheckType(n, VarType(obj));
    return;
  }
  size_t before = refusals_;
  Expr(lhs); // names the unsupported part
  if (refusals_ == before && Info(lhs).mode != types::Mode::Variable &&
      Info(lhs).mode != types::Mode::MapIndex)
    Refuse(lhs, "assignments to non-variables");
}

void SupportChecker::Assign(NodeId s) {
  const syntax::File &f = F();
  TK op = static_cast<TK>(f[s].op);
  NodeId lhs = f.A(s), rhs = f.B(s);
  if (!rhs) {
    // x++, x--
    Lhs(lhs);
    Expr(lhs);
    TypeId t = TypeOf(lhs);
    if (TypeProblem(t).empty() && !T.IsInteger(t) && !T.IsFloat(t) && !T.IsComplex(t))
      Refuse(s, "this statement");
    return;
  }
  if (op != TK::None) {
    // x op= y: BinaryOp(op, type of x, x, y)
    Lhs(lhs);
    Expr(lhs);
    Expr(rhs);
    TypeId t = TypeOf(lhs);
    if (op != TK::Shl && op != TK::Shr) {
      CheckSame(rhs, TypeOf(rhs), t);
      if (T.IsString(t) && op != TK::Add) Refuse(s, "this operator");
    } else if (TypeProblem(t).empty() && (!T.IsInteger(t) || !T.IsInteger(TypeOf(rhs)))) {
      Refuse(s, "this shift");
    }
    return;
  }
  std::vector<NodeId> lhss = f.Unpack(lhs), rhss = f.Unpack(rhs);
  std::vector<TypeId> to;
  for (NodeId l : lhss) {
    Lhs(l);
    NodeId n = f.Unparen(l);
    if (f.Kind(n) == NodeKind::Name && f.Text(n) == "_")
      to.push_back(TypeId{}); // any supported type
    else if (f.Kind(n) == NodeKind::Name && Info(n).object)
      to.push_back(VarType(Info(n).object));
    else
      to.push_back(TypeOf(l));
  }
  if (rhss.size() == lhss.size()) {
    for (size_t i = 0; i < rhss.size(); ++i) {
      Expr(rhss[i]);
      if (to[i]) CheckSame(rhss[i], TypeOf(rhss[i]), to[i]);
    }
  } else if (rhss.size() == 1) {
    Values(rhss[0], to);
  } else {
    Refuse(s, "this assignment");
  }
}

// Range: strings, arrays, pointers to arrays, slices and integers.
void SupportChecker::Range(NodeId s) {
  const syntax::File &f = F();
  NodeId rc = f.A(s);
  NodeId x = f.B(rc);
  TypeId xt = TypeOf(x);
  TypeId u = xt ? T.Under(xt) : TypeId{};
  bool ok = u && !T.IsTypeParam(xt) &&
            (T.IsString(u) || T.IsInteger(u) || T.KindOf(u) == types::TypeKind::Slice ||
             T.KindOf(u) == types::TypeKind::Map || T.KindOf(u) == types::TypeKind::Array ||
             T.KindOf(u) == types::TypeKind::Chan ||
             (T.KindOf(u) == types::TypeKind::Pointer &&
              T.KindOf(T.Under(T.Elem(u))) == types::TypeKind::Array));
  if (!ok) {
    std::string what = TypeProblem(xt);
    if (what.ends_with(" types"))
      what = what.substr(0, what.size() - 6) + "s"; // "map types" -> "maps"
    else if (what.empty())
      what = "this type";
    Refuse(x, "range over " + what);
    return;
  }
  Expr(x);
  if (f.A(rc)) {
    std::vector<NodeId> l = f.Unpack(f.A(rc));
    // The key is an int (the integer's type for a range over one), the value a rune or an
    // element.
    TypeId want[2] = {types::Universe::Basic(BasicKind::Int), TypeId{}};
    if (T.IsInteger(u)) want[0] = xt;
    if (T.KindOf(u) == types::TypeKind::Map) {
      want[0] = T.Key(u);
      want[1] = T.MapElem(u);
    } else if (T.KindOf(u) == types::TypeKind::Chan) {
      want[0] = T.Elem(u); // chan.cpp
    } else if (T.IsString(u))
      want[1] = types::Universe::Basic(BasicKind::Int32);
    else if (T.KindOf(u) == types::TypeKind::Pointer)
      want[1] = T.Elem(T.Under(T.Elem(u)));
    else if (!T.IsInteger(u) && T.KindOf(u) != types::TypeKind::Chan)
      want[1] = T.Elem(u);
    for (size_t i = 0; i < l.size(); ++i) {
      if (i >= 2 || !want[i]) {
        Refuse(l[i], "this range clause");
        break;
      }
      Lhs(l[i]);
      NodeId n = f.Unparen(l[i]);
      if (f.Kind(n) == NodeKind::Name && f.Text(n) == "_") continue;
      TypeId lt =
          f.Kind(n) == NodeKind::Name && Info(n).object ? VarType(Info(n).object) : TypeOf(n);
      CheckSame(n, want[i], lt);
    }
  }
  Stmt(f.D(s));
}

void SupportChecker::Switch(NodeId s) {
  const syntax::File &f = F();
  NodeId tag = f.B(s);
  if (tag && f.Kind(tag) == NodeKind::TypeSwitchGuard) {
    TypeSwitch(s);
    return;
  }
  Stmt(f.A(s));
  TypeId tagType = types::Universe::Basic(BasicKind::Bool);
  if (tag) {
    Expr(tag);
    tagType = TypeOf(tag);
  }
  syntax::NodeList clauses = f.ListCD(s);
  for (uint32_t i = 0; i < clauses.count; ++i) {
    NodeId cc = f.At(clauses, i);
    if (f.A(cc)) {
      for (NodeId e : f.Unpack(f.A(cc))) {
        Expr(e);
        if (ReprOf(TypeOf(e)) != Repr::Iface) CheckSame(e, TypeOf(e), tagType);
      }
    }
    StmtList(f.ListBC(cc));
  }
}

// iface.cpp: switch [v :=] x.(type), with types (or nil) as cases.
void SupportChecker::TypeSwitch(NodeId s) {
  const syntax::File &f = F();
  Stmt(f.A(s));
  Expr(f.B(f.B(s)));
  syntax::NodeList clauses = f.ListCD(s);
  for (uint32_t i = 0; i < clauses.count; ++i) {
    NodeId cc = f.At(clauses, i);
    if (f.A(cc))
      for (NodeId e : f.Unpack(f.A(cc)))
        if (!IsNil(e)) CheckType(e, Info(e).type);
    if (ObjectId v = Info(cc).object) CheckType(cc, VarType(v));
    StmtList(f.ListBC(cc));
  }
}

// iface.cpp: x.(T).
void SupportChecker::Assert(NodeId e) {
  const syntax::File &f = F();
  Expr(f.A(e));
  TypeId t = Info(e).type;
  if (t && T.IsTuple(t)) t = T.TupleAt(t, 0);
  CheckType(e, t);
}

void SupportChecker::Return(NodeId s) {
  const syntax::File &f = F();
  if (!f.A(s)) return; // the named results, checked with the signature
  std::vector<NodeId> exprs = f.Unpack(f.A(s));
  uint32_t n = results_ ? T.TupleLen(results_) : 0;
  std::vector<TypeId> to;
  for (uint32_t i = 0; i < n; ++i)
    to.push_back(T.TupleAt(results_, i));
  if (exprs.size() == 1 && n > 1) {
    Values(exprs[0], to);
    return;
  }
  if (exprs.size() != n) {
    Refuse(s, "this return statement");
    return;
  }
  for (size_t i = 0; i < exprs.size(); ++i) {
    Expr(exprs[i]);
    CheckSame(exprs[i], TypeOf(exprs[i]), to[i]);
  }
}

// ---------------------------------------------------------------------------
// Expressions (expr.cpp, call.cpp, builtin.cpp)

std::string SupportChecker::SelectorWhat(NodeId e) const {
  uint32_t sel = Info(e).selection;
  if (!sel || sel >= pkg_.selections.size()) return "selectors";
  switch (pkg_.selections[sel].kind) {
  case types::SelectionKind::Qualified:
    return "imports";
  case types::SelectionKind::FieldVal:
    return "struct fields";
  case types::SelectionKind::MethodVal:
    return "method values";
  case types::SelectionKind::MethodExpr:
    return "method expressions";
  default:
    return "selectors";
  }
}

void SupportChecker::Expr(NodeId e) {
  if (!e) return;
  const syntax::File &f = F();
  const types::ExprInfo &info = Info(e);
  if (info.mode == types::Mode::Constant) {
    // Materialized from the checker's value; nothing inside is evaluated.
    CheckType(e, info.type);
    if (TypeProblem(info.type).empty() && T.IsTuple(info.type)) Refuse(e, "this constant");
    return;
  }
  if (info.instance || (f.Kind(e) == NodeKind::IndexExpr && Info(f.A(e)).instance)) {
    // generic.cpp: an instance as a func value.
    ObjectId g = GenericCallee(pkg_, file_, e);
    if (!g) {
      Refuse(e, "generic function values");
      return;
    }
    if (UseInstance(f.Unparen(e), g)) CheckType(e, TypeOf(e));
    return;
  }
  if (NodeId r = f.Unparen(e);
      f.Kind(r) == NodeKind::Operation && !f.B(r) && static_cast<TK>(f[r].op) == TK::Arrow) {
    Receive(r); // chan.cpp: <-c, (<-c)
    CheckType(e, info.type);
    return;
  }
  switch (f.Kind(e)) {
  case NodeKind::Name: {
    ObjectId obj = info.object;
    if (!obj) {
      Refuse(e, "expressions without a type");
      return;
    }
    const types::Object &o = pkg_.Obj(obj);
    switch (o.kind) {
    case types::ObjectKind::Var:
      if (!CheckType(e, VarType(obj))) return;
      break;
    case types::ObjectKind::Func:
      // A top-level function as a value (closure.cpp).
      if (o.pkg != &pkg_ || !o.packageLevel) {
        Refuse(e, "imports");
        return;
      }
      if (!FuncHasBody(obj)) {
        Refuse(e, "functions without bodies");
        return;
      }
      break;
    case types::ObjectKind::Nil:
      return; // where it goes is checked (CheckSame)
    default:
      Refuse(e, "this use of " + std::string(o.name));
      return;
    }
    break;
  }
  case NodeKind::ParenExpr:
    Expr(f.A(e));
    break;
  case NodeKind::Operation:
    Operation(e);
    break;
  case NodeKind::CallExpr:
    Call(e);
    return; // Call checks the call's type
  case NodeKind::IndexExpr:
  case NodeKind::SliceExpr:
    Index(e);
    break;
  case NodeKind::CompositeLit:
    CompositeLit(e);
    break;
  case NodeKind::FuncLit:
    FuncLit(e);
    break;
  case NodeKind::SelectorExpr:
    if (SelectorWhat(e) == "method expressions") // method.cpp: a func value
      break;
    if (SelectorWhat(e) == "method values") {
      // method.cpp: a func value holding the receiver.
      Expr(f.A(e));
      break;
    }
    if (SelectorWhat(e) == "imports") {
      Qualified(e, pkg_.selections[info.selection].obj);
      return;
    }
    if (SelectorWhat(e) != "struct fields") {
      Refuse(e, SelectorWhat(e));
      return;
    }
    Expr(f.A(e));
    break;
  case NodeKind::AssertExpr:
    Assert(e);
    return;
  default:
    Refuse(e, "this expression");
    return;
  }
  if (info.mode == types::Mode::MapIndex && !T.IsTuple(info.type)) {
    CheckType(e, info.type);
    return;
  }
  if (info.mode != types::Mode::Value && info.mode != types::Mode::Variable) {
    Refuse(e, info.mode == types::Mode::CommaOK || info.mode == types::Mode::MapIndex
                  ? "comma-ok expressions"
                  : "this expression");
    return;
  }
  CheckType(e, info.type);
}

// A function literal (closure.cpp): its signature's types and its body, whose return
// statements return its results.
void SupportChecker::FuncLit(NodeId e) {
  const syntax::File &f = F();
  TypeId sig = T.Under(Info(e).type);
  if (!sig || !T.IsSignature(sig)) {
    Refuse(e, "function literals");
    return;
  }
  NodeId ft = f.A(e);
  syntax::NodeList params = f.ListAB(ft), results = f.ListCD(ft);
  if (params.count != T.TupleLen(T.Params(sig)) || results.count != T.TupleLen(T.Results(sig))) {
    Refuse(e, "this function's signature");
    return;
  }
  for (uint32_t i = 0; i < params.count; ++i)
    CheckType(f.B(f.At(params, i)), T.TupleAt(T.Params(sig), i));
  for (uint32_t i = 0; i < results.count; ++i)
    CheckType(f.B(f.At(results, i)), T.TupleAt(T.Results(sig), i));
  TypeId saved = results_;
  results_ = T.Results(sig);
  Body(f.B(e));
  results_ = saved;
}

bool SupportChecker::FuncHasBody(ObjectId fn) const {
  const types::Object &o = pkg_.Obj(fn);
  // A linked package's functions without bodies are the C++ runtime's.
  if (o.pkg != &pkg_ ? Linked(o.pkg) : linked_.externalFunctions) return true;
  const syntax::File &df = *o.pkg->files[o.file];
  if (o.decl && df.Kind(o.decl) == NodeKind::FuncDecl && !df.D(o.decl)) return LinknameTarget(fn);
  return o.decl && df.Kind(o.decl) == NodeKind::FuncDecl;
}

// Whether fn has a //go:linkname target (its body is that symbol's, wherever it is
// defined).
bool SupportChecker::LinknameTarget(ObjectId fn) const {
  for (const auto &[linked, target] : pkg_.linknames)
    if (linked == fn) return !target.empty();
  return false;
}

void SupportChecker::Operation(NodeId e) {
  const syntax::File &f = F();
  TK op = static_cast<TK>(f[e].op);
  NodeId x = f.A(e), y = f.B(e);
  if (!y) {
    switch (op) {
    case TK::Add:
    case TK::Sub:
    case TK::Xor:
    case TK::Not:
      Expr(x);
      CheckSame(x, TypeOf(x), TypeOf(e));
      return;
    case TK::Mul:
      Expr(x);
      return;
    case TK::And: {
      NodeId lit = F().Unparen(x);
      if (F().Kind(lit) == NodeKind::CompositeLit) {
        Expr(lit);
        return;
      }
      Expr(x);
      if (Info(x).mode != types::Mode::Variable) Refuse(e, "the address operator");
      return;
    }
    default:
      Refuse(e, "this operator");
      return;
    }
  }
  Expr(x);
  Expr(y);
  TypeId xt = TypeOf(x), yt = TypeOf(y), t = TypeOf(e);
  switch (op) {
  case TK::AndAnd:
  case TK::OrOr:
    if (ReprOf(xt) != Repr::I1 || ReprOf(yt) != Repr::I1) Refuse(e, "this operator");
    return;
  case TK::Eql:
  case TK::Neq:
  case TK::Lss:
  case TK::Leq:
  case TK::Gtr:
  case TK::Geq:
    if (ReprOf(xt) == Repr::Iface || ReprOf(yt) == Repr::Iface) return; // iface.cpp
    CheckSame(y, yt, xt);
    return;
  case TK::Shl:
  case TK::Shr:
    if (TypeProblem(xt).empty() && TypeProblem(yt).empty() &&
        (!T.IsInteger(xt) || !T.IsInteger(yt)))
      Refuse(e, "this shift");
    CheckSame(x, xt, t);
    return;
  case TK::Add:
  case TK::Sub:
  case TK::Mul:
  case TK::Div:
  case TK::Rem:
  case TK::And:
  case TK::Or:
  case TK::Xor:
  case TK::AndNot:
    CheckSame(x, xt, t);
    CheckSame(y, yt, t);
    if (TypeProblem(t).empty() && ((T.IsString(t) && op != TK::Add) ||
                                   ((T.IsFloat(t) || T.IsComplex(t)) && op != TK::Add &&
                                    op != TK::Sub && op != TK::Mul && op != TK::Div) ||
                                   T.IsBoolean(t)))
      Refuse(e, "this operator");
    return;
  default:
    Refuse(e, "this operator");
    return;
  }
}

// index.cpp: strings, arrays, pointers to arrays and slices.
void SupportChecker::Index(NodeId e) {
  const syntax::File &f = F();
  NodeId x = f.A(e);
  TypeId xt = TypeOf(x);
  if (Info(x).instance || Info(e).instance) {
    Refuse(e, "generic function values");
    return;
  }
  if (!TypeProblem(xt).empty()) {
    Expr(x); // names x's type
    return;
  }
  TypeId u = T.Under(xt);
  if (T.KindOf(u) == types::TypeKind::Map && f.Kind(e) == NodeKind::IndexExpr) {
    // map.cpp: the key is converted to the key type.
    Expr(x);
    Expr(f.B(e));
    CheckSame(f.B(e), TypeOf(f.B(e)), T.Key(u));
    return;
  }
  if (T.KindOf(u) == types::TypeKind::Pointer) u = T.Under(T.Elem(u));
  bool ok = T.IsString(u) || T.KindOf(u) == types::TypeKind::Slice ||
            T.KindOf(u) == types::TypeKind::Array;
  if (!ok || T.IsTypeParam(xt)) {
    Refuse(e, f.Kind(e) == NodeKind::IndexExpr ? "this index expression" : "this slice expression");
    return;
  }
  Expr(x);
  std::vector<NodeId> indices;
  if (f.Kind(e) == NodeKind::IndexExpr)
    indices = {f.B(e)};
  else
    indices = {f.B(e), f.C(e), f.D(e)};
  for (NodeId i : indices) {
    if (!i) continue;
    Expr(i);
    if (TypeProblem(TypeOf(i)).empty() && !T.IsInteger(TypeOf(i))) Refuse(i, "this index");
  }
}

// composite.cpp: struct, array and slice literals (and elided &T elements).
void SupportChecker::CompositeLit(NodeId e) {
  const syntax::File &f = F();
  TypeId t = TypeOf(e);
  if (!CheckType(e, t)) return;
  TypeId u = T.Under(t);
  if (T.KindOf(u) == types::TypeKind::Pointer) u = T.Under(T.Elem(u));
  syntax::NodeList elts = f.ListBC(e);
  for (uint32_t i = 0; i < elts.count; ++i) {
    NodeId el = f.At(elts, i);
    NodeId v = f.Kind(el) == NodeKind::KeyValueExpr ? f.B(el) : el;
    TypeId want;
    if (T.KindOf(u) == types::TypeKind::Struct) {
      const std::vector<ObjectId> &fields = T.Struct(u).fields;
      if (f.Kind(el) == NodeKind::KeyValueExpr) {
        ObjectId fld = Info(f.A(el)).object;
        if (fld) want = Ty(pkg_.Obj(fld).type);
      } else if (i < fields.size()) {
        want = pkg_.Obj(fields[i]).type;
      }
    } else if (T.KindOf(u) == types::TypeKind::Map) {
      want = T.MapElem(u);
      if (f.Kind(el) == NodeKind::KeyValueExpr) {
        NodeId k = f.A(el);
        Expr(k);
        CheckSame(k, TypeOf(k), T.Key(u));
      }
    } else {
      want = T.Elem(u);
    }
    Expr(v);
    if (want) CheckSame(v, TypeOf(v), want);
  }
}

// Convert (expr.cpp): numbers among themselves, integers to strings, strings to and from
// byte and rune slices, slices to arrays and array pointers, unsafe.Pointer to and from
// pointers and uintptr, nil to pointers and slices, and any conversion between types of
// one representation.
bool SupportChecker::ConversionSupported(TypeId from, TypeId to) const {
  from = T.Default(from);
  to = T.Default(to);
  auto num = [&](TypeId t) { return T.IsInteger(t) || T.IsFloat(t); };
  auto byteOrRuneSlice = [&](TypeId t) {
    TypeId u = T.Under(t);
    if (T.KindOf(u) != types::TypeKind::Slice) return false;
    BasicKind k = T.Kind(T.Elem(u));
    return k == BasicKind::Uint8 || k == BasicKind::Int32;
  };
  TypeId fu = T.Under(from), tu = T.Under(to);
  if (num(from) && num(to)) return true;
  if (T.IsComplex(from) && T.IsComplex(to)) return true;
  if (T.IsInteger(from) && T.IsString(to)) return true;
  if ((byteOrRuneSlice(from) && T.IsString(to)) || (T.IsString(from) && byteOrRuneSlice(to)))
    return true;
  if (T.KindOf(fu) == types::TypeKind::Slice &&
      (T.KindOf(tu) == types::TypeKind::Array ||
       (T.KindOf(tu) == types::TypeKind::Pointer &&
        T.KindOf(T.Under(T.Elem(tu))) == types::TypeKind::Array)))
    return true;
  bool fromUnsafe = T.Kind(fu) == BasicKind::UnsafePointer;
  bool toUnsafe = T.Kind(tu) == BasicKind::UnsafePointer;
  if ((fromUnsafe && T.Kind(tu) == BasicKind::Uintptr) ||
      (toUnsafe && T.Kind(fu) == BasicKind::Uintptr))
    return true;
  if (T.Kind(from) == BasicKind::UntypedNil)
    return ReprOf(to) == Repr::Ptr || ReprOf(to) == Repr::Slice || ReprOf(to) == Repr::Iface;
  if (ReprOf(to) == Repr::Iface) return true; // iface.cpp
  return ReprOf(from) == ReprOf(to) && ReprOf(from) != Repr::None;
}

void SupportChecker::Call(NodeId e) {
  const syntax::File &f = F();
  const types::ExprInfo &info = Info(e);
  NodeId fun = f.Unparen(f.A(e));
  syntax::NodeList args = f.ListBC(e);
  switch (info.callKind) {
  case types::CallConversion: {
    if (args.count != 1) {
      Refuse(e, "this conversion");
      return;
    }
    NodeId arg = f.At(args, 0);
    Expr(arg);
    if (!CheckType(e, info.type)) return;
    TypeId from = TypeOf(arg), to = T.Default(info.type);
    if (!TypeProblem(from).empty()) return;
    if (!ConversionSupported(from, to))
      Refuse(e, "conversion of " + TypeString(from) + " to " + TypeString(to));
    return;
  }
  case types::CallBuiltin:
    Builtin(e, fun);
    return;
  default:
    break;
  }
  ObjectId generic = fun ? GenericCallee(pkg_, file_, fun) : ObjectId{};
  Substitution *instance = nullptr;
  if (generic) {
    instance = UseInstance(f.Unparen(fun), generic);
    fun = f.Unparen(fun);
    if (f.Kind(fun) == NodeKind::IndexExpr) fun = f.Unparen(f.A(fun));
  } else if (info.instance || (fun && Info(fun).instance)) {
    Refuse(e, "generic function values");
    return;
  }
  if (fun && f.Kind(fun) == NodeKind::SelectorExpr && SelectorWhat(fun) == "method values") {
    MethodCall(e, fun);
    return;
  }
  if (fun && f.Kind(fun) == NodeKind::SelectorExpr && SelectorWhat(fun) == "method expressions") {
    // method.cpp: T.M(x, args) calls the method expression's code directly.
    if (f[e].flags && !T.Sig(TypeOf(fun)).variadic) {
      Refuse(e, "this call");
      return;
    }
    CallArgs(e, TypeOf(fun));
    return;
  }
  if (!fun) {
    Refuse(e, "this call");
    return;
  }
  TypeId sigType;
  ObjectId callee = f.Kind(fun) == NodeKind::Name ? Info(fun).object : ObjectId{};
  if (f.Kind(fun) == NodeKind::SelectorExpr && SelectorWhat(fun) == "imports") {
    size_t before = refusals_;
    Qualified(fun, pkg_.selections[Info(fun).selection].obj);
    if (refusals_ != before) return;
    callee = pkg_.selections[Info(fun).selection].obj;
  }
  if (callee && pkg_.Obj(callee).kind == types::ObjectKind::Func) {
    const types::Object &o = pkg_.Obj(callee);
    if ((o.pkg != &pkg_ && !Linked(o.pkg)) || !o.packageLevel || !o.type ||
        !T.IsSignature(o.type)) {
      Refuse(fun, "imports");
      return;
    }
    if (!FuncHasBody(callee)) {
      Refuse(fun, "functions without bodies");
      return;
    }
    sigType = o.type;
  } else {
    // A call of a func value (closure.cpp): a variable, field, element, literal, call...
    if (f.Kind(fun) == NodeKind::SelectorExpr && SelectorWhat(fun) != "struct fields") {
      Refuse(fun, SelectorWhat(fun));
      return;
    }
    size_t before = refusals_;
    Expr(fun);
    if (refusals_ != before) return;
    sigType = T.Under(TypeOf(fun));
    if (!sigType || !T.IsSignature(sigType)) {
      Refuse(e, "this call");
      return;
    }
  }
  if (generic) {
    if (!instance) return; // refused in UseInstance
    sigType = instance->Apply(sigType);
  }
  const types::SignatureInfo &sig = T.Sig(sigType);
  if (!generic && !sig.typeParams.empty()) {
    Refuse(fun, "generic functions");
    return;
  }
  if (f[e].flags && !sig.variadic) {
    Refuse(e, "this call");
    return;
  }
  CallArgs(e, sigType);
}

// The arguments of a call of a function or method of signature `sigType`.
void SupportChecker::CallArgs(NodeId e, TypeId sigType) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(e);
  const types::SignatureInfo &sig = T.Sig(sigType);
  uint32_t n = T.TupleLen(sig.params);
  std::vector<TypeId> params;
  for (uint32_t i = 0; i < n; ++i)
    params.push_back(T.TupleAt(sig.params, i));
  // Args: f(g()) spreads g's results; a variadic call without ... packs the extra
  // arguments, each converted to the element type.
  NodeId first = args.count ? f.At(args, 0) : NodeId{};
  if (args.count == 1 && Info(first).type && T.IsTuple(Info(first).type)) {
    TypeId tuple = Info(first).type;
    std::vector<TypeId> to;
    for (uint32_t i = 0; i < T.TupleLen(tuple); ++i)
      to.push_back(sig.variadic && !f[e].flags && i + 1 >= n ? T.Elem(T.Under(params[n - 1]))
                                                             : (i < n ? params[i] : TypeId{}));
    Values(first, to);
  } else {
    for (uint32_t i = 0; i < args.count; ++i) {
      NodeId a = f.At(args, i);
      Expr(a);
      TypeId want = i < n ? params[i] : TypeId{};
      if (sig.variadic && !f[e].flags && i + 1 >= n) want = T.Elem(T.Under(params[n - 1]));
      if (want) CheckSame(a, TypeOf(a), want);
    }
  }
  CheckType(e, sig.results);
}

// method.cpp, iface.cpp: x.M(args), M declared by a (non-generic) type of this package or
// an interface.
void SupportChecker::MethodCall(NodeId e, NodeId fun) {
  const syntax::File &f = F();
  const types::Selection &sel = pkg_.selections[Info(fun).selection];
  const types::Object &o = pkg_.Obj(sel.obj);
  Expr(f.A(fun));
  if (!o.type || !T.IsSignature(o.type)) {
    Refuse(fun, "methods");
    return;
  }
  const types::SignatureInfo &sig = T.Sig(o.type);
  if (!sig.typeParams.empty()) {
    Refuse(fun, "generic functions");
    return;
  }
  bool ifaceMethod = !sig.recv || T.IsInterface(T.Obj(sig.recv).type);
  if (!ifaceMethod && ((o.pkg != &pkg_ && !Linked(o.pkg)) || !o.decl)) {
    Refuse(fun, "imports");
    return;
  }
  if (f[e].flags && !sig.variadic) {
    Refuse(e, "this call");
    return;
  }
  // A method of a generic type or of a constraint: the signature as substituted.
  CallArgs(e, subst_ || !sig.recvTypeParams.empty() ? TypeOf(fun) : o.type);
}

void SupportChecker::Builtin(NodeId call, NodeId fun) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  ObjectId obj = fun && f.Kind(fun) == NodeKind::Name ? Info(fun).object : ObjectId{};
  if (fun && f.Kind(fun) == NodeKind::SelectorExpr && Info(fun).selection &&
      Info(fun).selection < pkg_.selections.size() &&
      pkg_.selections[Info(fun).selection].kind == types::SelectionKind::Qualified)
    obj = pkg_.selections[Info(fun).selection].obj; // unsafe.Add, ...
  if (!obj || pkg_.Obj(obj).kind != types::ObjectKind::Builtin) {
    Refuse(call, fun && f.Kind(fun) == NodeKind::SelectorExpr
                     ? "unsafe." + std::string(f.Text(f.B(fun)))
                     : std::string("this builtin"));
    return;
  }
  types::BuiltinId id = pkg_.Obj(obj).builtin;
  std::string name(pkg_.Obj(obj).name);
  if (f[call].flags && id != types::BuiltinId::Append) {
    Refuse(call, "builtin " + name + " with ...");
    return;
  }
  switch (id) {
  case types::BuiltinId::Print:
  case types::BuiltinId::Println: {
    std::vector<TypeId> printed;
    if (args.count == 1 && Info(f.At(args, 0)).type && T.IsTuple(Info(f.At(args, 0)).type)) {
      NodeId a = f.At(args, 0);
      TypeId tuple = Info(a).type;
      std::vector<TypeId> to(T.TupleLen(tuple), TypeId{});
      Values(a, to);
      for (uint32_t i = 0; i < T.TupleLen(tuple); ++i)
        printed.push_back(T.TupleAt(tuple, i));
    } else {
      for (uint32_t i = 0; i < args.count; ++i) {
        Expr(f.At(args, i));
        printed.push_back(TypeOf(f.At(args, i)));
      }
    }
    for (TypeId t : printed)
      if (TypeProblem(t).empty() && (ReprOf(t) == Repr::None || ReprOf(t) == Repr::Memory))
        Refuse(call, "printing this type");
    return;
  }
  case types::BuiltinId::Len:
  case types::BuiltinId::Cap: {
    if (args.count != 1) break;
    NodeId a = f.At(args, 0);
    TypeId u = T.Under(TypeOf(a));
    if (T.KindOf(u) == types::TypeKind::Pointer) u = T.Under(T.Elem(u));
    bool ok = (T.IsString(u) && id == types::BuiltinId::Len) ||
              T.KindOf(u) == types::TypeKind::Slice || T.KindOf(u) == types::TypeKind::Array ||
              (T.KindOf(u) == types::TypeKind::Map && id == types::BuiltinId::Len) ||
              T.KindOf(u) == types::TypeKind::Chan;
    if (!ok || T.IsTypeParam(TypeOf(a))) {
      Expr(a);
      Refuse(call, name + " of " + (TypeProblem(TypeOf(a)).empty() ? "this type" : "this type"));
      return;
    }
    Expr(a);
    return;
  }
  case types::BuiltinId::New:
    CheckType(call, Info(call).type);
    return;
  case types::BuiltinId::Make: {
    TypeId t = TypeOf(call);
    if (!CheckType(call, t)) return;
    if (T.KindOf(T.Under(t)) != types::TypeKind::Slice &&
        T.KindOf(T.Under(t)) != types::TypeKind::Map &&
        T.KindOf(T.Under(t)) != types::TypeKind::Chan) {
      Refuse(call, "make of this type");
      return;
    }
    for (uint32_t i = 1; i < args.count; ++i)
      Expr(f.At(args, i));
    return;
  }
  case types::BuiltinId::Append: {
    TypeId t = TypeOf(call);
    if (!CheckType(call, t) || T.KindOf(T.Under(t)) != types::TypeKind::Slice) {
      if (TypeProblem(t).empty()) Refuse(call, "append to this type");
      return;
    }
    TypeId elem = T.Elem(T.Under(t));
    for (uint32_t i = 0; i < args.count; ++i) {
      NodeId a = f.At(args, i);
      Expr(a);
      if (i > 0 && !f[call].flags) CheckSame(a, TypeOf(a), elem);
    }
    return;
  }
  case types::BuiltinId::Copy:
    for (uint32_t i = 0; i < args.count; ++i)
      Expr(f.At(args, i));
    return;
  case types::BuiltinId::Clear: {
    if (args.count != 1) break;
    NodeId a = f.At(args, 0);
    Expr(a);
    if (TypeProblem(TypeOf(a)).empty() && T.KindOf(T.Under(TypeOf(a))) != types::TypeKind::Slice &&
        T.KindOf(T.Under(TypeOf(a))) != types::TypeKind::Map)
      Refuse(call, "clear of this type");
    return;
  }
  case types::BuiltinId::Close: {
    // chan.cpp
    if (args.count != 1) break;
    NodeId a = f.At(args, 0);
    Expr(a);
    TypeId ct = TypeOf(a);
    if (TypeProblem(ct).empty() &&
        (T.IsTypeParam(ct) || T.KindOf(T.Under(ct)) != types::TypeKind::Chan))
      Refuse(call, "close of this type");
    return;
  }
  case types::BuiltinId::Delete: {
    // map.cpp
    if (args.count != 2) break;
    NodeId a = f.At(args, 0), k = f.At(args, 1);
    Expr(a);
    Expr(k);
    TypeId mt = TypeOf(a);
    if (TypeProblem(mt).empty() && T.KindOf(T.Under(mt)) == types::TypeKind::Map)
      CheckSame(k, TypeOf(k), T.Key(T.Under(mt)));
    return;
  }
  case types::BuiltinId::Real:
  case types::BuiltinId::Imag:
  case types::BuiltinId::Complex: {
    // complex.cpp
    for (uint32_t i = 0; i < args.count; ++i)
      Expr(f.At(args, i));
    CheckType(call, Info(call).type);
    return;
  }
  case types::BuiltinId::Add:
  case types::BuiltinId::Slice:
  case types::BuiltinId::String:
  case types::BuiltinId::SliceData:
  case types::BuiltinId::StringData: {
    // builtin.cpp: pointer arithmetic, and slices and strings from a pointer and a length.
    for (uint32_t i = 0; i < args.count; ++i) {
      NodeId a = f.At(args, i);
      Expr(a);
      CheckType(a, TypeOf(a));
    }
    CheckType(call, Info(call).type);
    return;
  }
  case types::BuiltinId::Min:
  case types::BuiltinId::Max: {
    TypeId t = TypeOf(call);
    if (!CheckType(call, t)) return;
    if (!T.IsInteger(t) && !T.IsFloat(t) && !T.IsString(t)) {
      Refuse(call, "builtin " + name + " of this type");
      return;
    }
    for (uint32_t i = 0; i < args.count; ++i) {
      NodeId a = f.At(args, i);
      Expr(a);
    }
    return;
  }
  case types::BuiltinId::Recover:
    // Its value is an interface, which the statement or expression using it checks.
    if (args.count == 0) return;
    break;
  case types::BuiltinId::Sizeof:
  case types::BuiltinId::Alignof: {
    // Not constant only with a type parameter in the argument's type (generic.cpp: the
    // instance's size); the argument is not evaluated.
    NodeId a = f.At(args, 0);
    CheckType(a, TypeOf(a));
    return;
  }
  case types::BuiltinId::Offsetof: {
    // Not constant only when the selector's struct has a type parameter in it (builtin.cpp:
    // the offset in the instance's layout); nothing is evaluated.
    NodeId sel = f.Unparen(f.At(args, 0));
    if (f.Kind(sel) != NodeKind::SelectorExpr || !Info(sel).selection) break;
    CheckType(f.A(sel), TypeOf(f.A(sel)));
    return;
  }
  case types::BuiltinId::Panic: {
    if (args.count != 1) break;
    // A string through runtime.panicstring, any other supported value as an empty
    // interface's words through runtime.gopanic.
    NodeId a = f.At(args, 0);
    Expr(a);
    CheckType(a, TypeOf(a));
    return;
  }
  default:
    break;
  }
  Refuse(call, "builtin " + name);
}

void SupportChecker::Values(NodeId e, const std::vector<TypeId> &to) {
  const syntax::File &f = F();
  const types::ExprInfo &info = Info(e);
  NodeId n = f.Unparen(e);
  if (info.mode == types::Mode::CommaOK && f.Kind(n) == NodeKind::AssertExpr && to.size() == 2) {
    Assert(n); // v, ok := x.(T) (iface.cpp)
    TypeId t = T.IsTuple(info.type) ? T.TupleAt(info.type, 0) : info.type;
    if (to[0]) CheckSame(e, t, to[0]);
    return;
  }
  if (f.Kind(n) == NodeKind::IndexExpr && info.type && T.IsTuple(info.type) &&
      T.KindOf(T.Under(TypeOf(f.A(n)))) == types::TypeKind::Map) {
    // v, ok := m[k] (map.cpp)
    Index(n);
    if (to.size() == 2) {
      if (to[0]) CheckSame(e, T.MapElem(T.Under(TypeOf(f.A(n)))), to[0]);
      if (to[1]) CheckSame(e, types::Universe::Basic(BasicKind::Bool), to[1]);
    }
    return;
  }
  if (f.Kind(n) == NodeKind::Operation && !f.B(n) && static_cast<TK>(f[n].op) == TK::Arrow &&
      info.type && T.IsTuple(info.type)) {
    // v, ok := <-c (chan.cpp)
    Receive(n);
    if (to.size() == 2) {
      if (to[0]) CheckSame(e, T.TupleAt(info.type, 0), to[0]);
      if (to[1]) CheckSame(e, types::Universe::Basic(BasicKind::Bool), to[1]);
    }
    return;
  }
  if (info.mode == types::Mode::CommaOK || info.mode == types::Mode::MapIndex) {
    Refuse(e, "comma-ok expressions");
    return;
  }
  if (f.Kind(n) != NodeKind::CallExpr || Info(n).callKind == types::CallBuiltin ||
      Info(n).callKind == types::CallConversion || !info.type || !T.IsTuple(info.type)) {
    Expr(e);
    Refuse(e, "this multi-value expression");
    return;
  }
  Expr(e);
  if (T.TupleLen(info.type) != to.size()) {
    Refuse(e, "this multi-value expression");
    return;
  }
  for (uint32_t i = 0; i < to.size(); ++i)
    if (to[i]) CheckSame(e, T.TupleAt(info.type, i), to[i]);
}

// ---------------------------------------------------------------------------
// Imports (imports.cpp): unsafe, and the packages linked into the program (talpa's
// runtime package, all of whose declarations the runtime implements).

bool SupportChecker::Linked(const types::Package *p) const {
  if (!p) return false;
  for (const types::Package *l : linked_.packages)
    if (l == p) return true;
  return false;
}

bool SupportChecker::ImportAllowed(std::string_view path) const {
  if (path == "unsafe") return true;
  for (const types::Package *l : linked_.packages)
    if (l->path == path) return true;
  return false;
}

// pkg.Name, an imported package's function (called or as a value) or variable.
void SupportChecker::Qualified(NodeId e, ObjectId obj) {
  const types::Object &o = pkg_.Obj(obj);
  if (!Linked(o.pkg) || (o.kind != types::ObjectKind::Func && o.kind != types::ObjectKind::Var)) {
    Refuse(e, "imports");
    return;
  }
  CheckType(e, o.type);
}

} // namespace

bool CheckSupported(const types::Package &pkg, base::Diagnostics *diags,
                    const LinkedPackages &linked) {
  return SupportChecker(pkg, diags, linked).Run();
}

} // namespace talpa::lower
