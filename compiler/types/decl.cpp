// Package-level checking, after types2's resolver.go, decl.go and initorder.go: collect
// every file's objects into the package scope, check constants and variables on demand
// (grey/black colours detect cycles), check function bodies, then order the package
// variables' initialization by dependencies (spec: repeatedly the earliest variable in
// declaration order that is ready), following dependencies through functions.
#include <algorithm>
#include <queue>

#include "compiler/types/checker.h"

namespace talpa::types {

// ---------------------------------------------------------------------------
// Scopes

ObjectId Checker::Lookup(std::string_view name) {
  for (size_t i = scopes_.size(); i-- > 0;) {
    auto it = scopes_[i].names.find(name);
    if (it != scopes_[i].names.end()) return it->second;
  }
  auto it = package_.names.find(name);
  if (it != package_.names.end()) return it->second;
  it = universe_.names.find(name);
  if (it != universe_.names.end()) return it->second;
  return ObjectId{};
}

std::string Checker::OtherDeclaration(ObjectId alt) {
  const Object &o = Obj(alt);
  return "\n\t" + diags_.Sources().Format(pkg_.files[o.file]->id, o.pos) +
         ": other declaration of " + std::string(o.name);
}

bool Checker::Declare(ObjectId obj) {
  Object &o = Obj(obj);
  if (o.name == "_") return true;
  Scope &s = scopes_.empty() ? package_ : scopes_.back();
  auto [it, inserted] = s.names.try_emplace(o.name, obj);
  if (!inserted) {
    diags_.Error(pkg_.files[o.file]->id, o.pos,
                 std::string(o.name) + " redeclared in this block" + OtherDeclaration(it->second));
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Universe and package objects

namespace {

void AddUniverse(Package &pkg, Scope &universe) {
  auto add = [&](Object o) {
    pkg.objects.push_back(o);
    universe.names[o.name] = ObjectId{static_cast<uint32_t>(pkg.objects.size() - 1)};
  };
  struct {
    const char *name;
    BasicKind kind;
  } types[] = {{"bool", BasicKind::Bool},
               {"int", BasicKind::Int},
               {"int8", BasicKind::Int8},
               {"int16", BasicKind::Int16},
               {"int32", BasicKind::Int32},
               {"int64", BasicKind::Int64},
               {"uint", BasicKind::Uint},
               {"uint8", BasicKind::Uint8},
               {"uint16", BasicKind::Uint16},
               {"uint32", BasicKind::Uint32},
               {"uint64", BasicKind::Uint64},
               {"uintptr", BasicKind::Uintptr},
               {"float32", BasicKind::Float32},
               {"float64", BasicKind::Float64},
               {"complex64", BasicKind::Complex64},
               {"complex128", BasicKind::Complex128},
               {"string", BasicKind::String},
               {"byte", BasicKind::Byte},
               {"rune", BasicKind::Rune}};
  for (auto &t : types) {
    Object o;
    o.kind = ObjectKind::TypeName;
    o.name = t.name;
    o.type = TypeTable::Basic(t.kind);
    add(o);
  }
  auto addConst = [&](const char *name, BasicKind kind, Value v) {
    pkg.constants.push_back(std::move(v));
    Object o;
    o.kind = ObjectKind::Const;
    o.name = name;
    o.type = TypeTable::Basic(kind);
    o.value = static_cast<uint32_t>(pkg.constants.size() - 1);
    add(o);
  };
  addConst("true", BasicKind::UntypedBool, Value::MakeBool(true));
  addConst("false", BasicKind::UntypedBool, Value::MakeBool(false));
  addConst("iota", BasicKind::UntypedInt, Value::MakeInt64(0)); // value comes from context
  Object nil;
  nil.kind = ObjectKind::Nil;
  nil.name = "nil";
  nil.type = TypeTable::Basic(BasicKind::UntypedNil);
  add(nil);
  struct {
    const char *name;
    BuiltinId id;
  } builtins[] = {{"append", BuiltinId::Append},   {"cap", BuiltinId::Cap},
                  {"close", BuiltinId::Close},     {"complex", BuiltinId::Complex},
                  {"copy", BuiltinId::Copy},       {"delete", BuiltinId::Delete},
                  {"imag", BuiltinId::Imag},       {"len", BuiltinId::Len},
                  {"make", BuiltinId::Make},       {"new", BuiltinId::New},
                  {"panic", BuiltinId::Panic},     {"print", BuiltinId::Print},
                  {"println", BuiltinId::Println}, {"real", BuiltinId::Real},
                  {"recover", BuiltinId::Recover}};
  for (auto &b : builtins) {
    Object o;
    o.kind = ObjectKind::Builtin;
    o.name = b.name;
    o.builtin = b.id;
    add(o);
  }
}

} // namespace

void Checker::CollectObjects() {
  int initCount = 0;
  for (file_ = 0; file_ < pkg_.files.size(); ++file_) {
    syntax::File &f = F();
    if (!f.packageName) continue;
    std::string_view name = f.Text(f.packageName);
    if (file_ == 0) {
      pkg_.name = std::string(name);
    } else if (name != pkg_.name) {
      Error(f.Pos(f.packageName), "package " + std::string(name) + "; expected " + pkg_.name);
    }
    for (NodeId d : std::vector<NodeId>(f.begin(f.decls), f.end(f.decls))) {
      auto newObj = [&](ObjectKind kind, NodeId nameNode, NodeId decl) {
        Object o;
        o.kind = kind;
        o.name = f.Text(nameNode);
        o.file = file_;
        o.pos = f.Pos(nameNode);
        o.decl = decl;
        o.packageLevel = true;
        ObjectId id = NewObject(o);
        Info(nameNode).object = id;
        return id;
      };
      switch (f.Kind(d)) {
      case NodeKind::ImportDecl:
        NotSupported(d, "imports");
        break;
      case NodeKind::ConstDecl:
      case NodeKind::VarDecl: {
        bool isConst = f.Kind(d) == NodeKind::ConstDecl;
        for (NodeId n : std::vector<NodeId>(f.begin(f.ListAB(d)), f.end(f.ListAB(d)))) {
          std::string_view nm = f.Text(n);
          if (nm == "init" || (nm == "main" && pkg_.name == "main")) {
            Error(f.Pos(n), "cannot declare " + std::string(nm) + " - must be func");
            continue;
          }
          ObjectId id = newObj(isConst ? ObjectKind::Const : ObjectKind::Var, n, d);
          Declare(id);
          if (!isConst) pkg_.globals.push_back(id);
        }
        break;
      }
      case NodeKind::TypeDecl:
        NotSupported(d, "type declarations");
        unsupportedNames_.insert(f.Text(f.A(d)));
        break;
      case NodeKind::FuncDecl: {
        NodeId nameNode = f.B(d);
        if (f.Receiver(d)) {
          NotSupported(d, "methods");
          break;
        }
        if (f.TypeParams(d).count) {
          NotSupported(d, "generics");
          unsupportedNames_.insert(f.Text(nameNode));
          break;
        }
        ObjectId id = newObj(ObjectKind::Func, nameNode, d);
        std::string_view nm = Obj(id).name;
        if (!f.D(d)) Error(Obj(id).pos, "missing function body");
        if (nm == "init") {
          // init functions are not declared in the package scope.
          Obj(id).index = static_cast<uint32_t>(initCount++);
          pkg_.initFuncs.push_back(id);
        } else {
          Declare(id);
        }
        if (f.D(d)) pkg_.funcs.push_back(id);
        if (nm == "init" || (nm == "main" && pkg_.name == "main")) {
          NodeId ft = f.C(d);
          if (f.ListAB(ft).count || f.ListCD(ft).count)
            Error(Obj(id).pos,
                  "func " + std::string(nm) + " must have no arguments and no return values");
        }
        break;
      }
      default:
        break;
      }
    }
  }
  file_ = 0;
}

// ---------------------------------------------------------------------------
// Type expressions

TypeId Checker::TypeExpr(NodeId e) {
  syntax::File &f = F();
  switch (f.Kind(e)) {
  case NodeKind::Name: {
    std::string_view name = f.Text(e);
    ObjectId id = Lookup(name);
    if (!id) {
      if (UnsupportedName(name)) return TypeId{};
      if (name == "_")
        Error(f.Pos(e), "cannot use _ as value or type");
      else
        Error(f.Pos(e), "undefined: " + std::string(name));
      return TypeId{};
    }
    Info(e).object = id;
    if (Obj(id).kind != ObjectKind::TypeName) {
      Error(f.Pos(e), std::string(name) + " is not a type");
      return TypeId{};
    }
    Info(e).mode = Mode::TypeExpr;
    Info(e).type = Obj(id).type;
    return Obj(id).type;
  }
  case NodeKind::ParenExpr:
    return TypeExpr(f.A(e));
  case NodeKind::Operation:
    if (!f.B(e) && f[e].op == static_cast<uint8_t>(TK::Mul)) {
      NotSupported(e, "pointer types");
      return TypeId{};
    }
    break;
  case NodeKind::ArrayType:
    NotSupported(e, "array types");
    return TypeId{};
  case NodeKind::SliceType:
    NotSupported(e, "slice types");
    return TypeId{};
  case NodeKind::DotsType:
    NotSupported(e, "variadic parameters");
    return TypeId{};
  case NodeKind::StructType:
    NotSupported(e, "struct types");
    return TypeId{};
  case NodeKind::InterfaceType:
    NotSupported(e, "interface types");
    return TypeId{};
  case NodeKind::FuncType:
    NotSupported(e, "function types");
    return TypeId{};
  case NodeKind::MapType:
    NotSupported(e, "map types");
    return TypeId{};
  case NodeKind::ChanType:
    NotSupported(e, "channel types");
    return TypeId{};
  case NodeKind::SelectorExpr:
    NotSupported(e, "qualified identifiers");
    return TypeId{};
  case NodeKind::IndexExpr:
    NotSupported(e, "generics");
    return TypeId{};
  case NodeKind::Invalid:
    return TypeId{};
  default:
    break;
  }
  ErrorAtNode(e, ExprString(e) + " is not a type");
  return TypeId{};
}

// ---------------------------------------------------------------------------
// Package-level objects

void Checker::ObjDecl(ObjectId obj) {
  if (color_[obj.index] == 2) return;
  Object &o = Obj(obj);
  if (color_[obj.index] == 1) {
    // A cycle through a constant or variable's own initializer.
    if (o.kind == ObjectKind::Const || o.kind == ObjectKind::Var) {
      if (!o.type) {
        diags_.Error(pkg_.files[o.file]->id, o.pos,
                     "initialization cycle or invalid recursive reference to " +
                         std::string(o.name));
        o.type = TypeTable::Basic(BasicKind::Invalid);
        if (o.kind == ObjectKind::Const) o.value = 0;
      }
    }
    return;
  }
  color_[obj.index] = 1;
  // Save the checker's context: this may run in the middle of another declaration.
  uint32_t savedFile = file_;
  ObjectId savedDecl = currentDecl_;
  int savedIota = iota_;
  auto savedScopes = std::move(scopes_);
  scopes_.clear();
  file_ = o.file;
  switch (o.kind) {
  case ObjectKind::Const:
    ConstDecl(obj);
    break;
  case ObjectKind::Var:
    currentDecl_ = obj;
    VarDecl(obj);
    break;
  case ObjectKind::Func:
    FuncSignature(obj);
    break;
  default:
    break;
  }
  scopes_ = std::move(savedScopes);
  file_ = savedFile;
  currentDecl_ = savedDecl;
  iota_ = savedIota;
  color_[obj.index] = 2;
}

void Checker::ConstSpecValues(NodeId spec, const std::vector<ObjectId> &objs, TypeId typ,
                              int iota) {
  syntax::File &f = F();
  std::vector<NodeId> values = f.Unpack(f.D(spec));
  iota_ = iota;
  for (size_t i = 0; i < objs.size(); ++i) {
    Object &o = Obj(objs[i]);
    if (i >= values.size()) {
      if (i == values.size())
        Error(o.pos, values.empty() ? "missing init expr for const declaration"
                                    : "missing init expr for const declaration");
      o.type = TypeTable::Basic(BasicKind::Invalid);
      continue;
    }
    Operand x;
    NodeId v = values[i];
    Expr(x, v);
    if (x.mode != Mode::Invalid && x.mode != Mode::Constant) {
      ErrorAtNode(v, OperandString(x) + " is not constant");
      x.mode = Mode::Invalid;
    }
    if (x.mode != Mode::Invalid && typ) {
      if (!pkg_.types.IsConstType(typ)) {
        ErrorAtNode(f.C(spec), "invalid constant type " + TypeString(typ));
        x.mode = Mode::Invalid;
      } else {
        Assignment(x, typ, "constant declaration");
      }
    }
    if (x.mode == Mode::Invalid) {
      Obj(objs[i]).type = TypeTable::Basic(BasicKind::Invalid);
      continue;
    }
    Obj(objs[i]).type = x.type;
    Obj(objs[i]).value = x.val;
  }
  if (values.size() > objs.size()) ErrorAtNode(values[objs.size()], "extra init expr");
  iota_ = -1;
}

void Checker::ConstDecl(ObjectId obj) {
  syntax::File &f = F();
  NodeId spec = Obj(obj).decl;
  // Check the spec's objects together: each name takes its own value from the list.
  std::vector<ObjectId> objs;
  for (NodeId n : std::vector<NodeId>(f.begin(f.ListAB(spec)), f.end(f.ListAB(spec))))
    objs.push_back(Info(n).object);
  TypeId typ;
  if (f.C(spec)) {
    typ = TypeExpr(f.C(spec));
    if (!typ) typ = TypeTable::Basic(BasicKind::Invalid);
  }
  // Only compute this object's value; the others are checked when they are reached.
  std::vector<ObjectId> only(objs.size(), ObjectId{});
  std::vector<NodeId> values = f.Unpack(f.D(spec));
  size_t idx = 0;
  for (; idx < objs.size(); ++idx)
    if (objs[idx] == obj) break;
  iota_ = static_cast<int>(f.ConstIota(spec));
  if (idx >= values.size()) {
    if (values.empty())
      Error(Obj(obj).pos, "missing init expr for const declaration");
    else if (idx == values.size())
      Error(Obj(obj).pos, "missing init expr for const declaration");
    Obj(obj).type = TypeTable::Basic(BasicKind::Invalid);
    iota_ = -1;
    return;
  }
  Operand x;
  Expr(x, values[idx]);
  if (x.mode != Mode::Invalid && x.mode != Mode::Constant) {
    ErrorAtNode(values[idx], OperandString(x) + " is not constant");
    x.mode = Mode::Invalid;
  }
  if (x.mode != Mode::Invalid && typ && typ != TypeTable::Basic(BasicKind::Invalid))
    Assignment(x, typ, "constant declaration");
  if (idx == 0 && values.size() > objs.size() && !f.ConstInherited(spec))
    ErrorAtNode(values[objs.size()], "extra init expr");
  iota_ = -1;
  if (x.mode == Mode::Invalid) {
    Obj(obj).type = TypeTable::Basic(BasicKind::Invalid);
    return;
  }
  Obj(obj).type = x.type;
  Obj(obj).value = x.val;
}

void Checker::VarDecl(ObjectId obj) {
  syntax::File &f = F();
  NodeId spec = Obj(obj).decl;
  std::vector<ObjectId> objs;
  for (NodeId n : std::vector<NodeId>(f.begin(f.ListAB(spec)), f.end(f.ListAB(spec))))
    objs.push_back(Info(n).object); // 0 for names rejected at collection
  TypeId typ;
  if (f.C(spec)) {
    typ = TypeExpr(f.C(spec));
    if (!typ) typ = TypeTable::Basic(BasicKind::Invalid);
  }
  std::vector<NodeId> values = f.Unpack(f.D(spec));
  if (values.empty()) {
    for (ObjectId o : objs)
      if (o) Obj(o).type = typ;
    return;
  }
  if (values.size() == objs.size()) {
    size_t i = std::find(objs.begin(), objs.end(), obj) - objs.begin();
    if (typ) Obj(obj).type = typ;
    InitVars({obj}, values[i], values[i], "variable declaration");
    pkg_.initOrder.push_back(Initializer{file_, {obj}, values[i]});
    return;
  }
  // n:1 (a multi-value call) or a count mismatch: check all names together.
  for (ObjectId o : objs) {
    if (o) {
      if (typ) Obj(o).type = typ;
      color_[o.index] = 1;
      deps_[o.index].clear();
    }
  }
  if (values.size() == 1) {
    InitVars(objs, values[0], values[0], "variable declaration");
  } else {
    AssignError(values[0], objs.size(), values.size());
    for (ObjectId o : objs)
      if (o && !Obj(o).type) Obj(o).type = TypeTable::Basic(BasicKind::Invalid);
  }
  for (ObjectId o : objs) {
    if (!o) continue;
    color_[o.index] = 2;
    if (!(o == obj)) deps_[o.index] = deps_[obj.index];
  }
  pkg_.initOrder.push_back(Initializer{file_, objs, values[0]});
}

void Checker::FuncSignature(ObjectId obj) {
  syntax::File &f = F();
  NodeId ft = f.C(Obj(obj).decl);
  std::vector<TypeId> params, results;
  for (NodeId fld : std::vector<NodeId>(f.begin(f.ListAB(ft)), f.end(f.ListAB(ft)))) {
    TypeId t = TypeExpr(f.B(fld));
    params.push_back(t ? t : TypeTable::Basic(BasicKind::Invalid));
  }
  for (NodeId fld : std::vector<NodeId>(f.begin(f.ListCD(ft)), f.end(f.ListCD(ft)))) {
    TypeId t = TypeExpr(f.B(fld));
    results.push_back(t ? t : TypeTable::Basic(BasicKind::Invalid));
  }
  Obj(obj).type = pkg_.types.Signature(pkg_.types.Tuple(params), pkg_.types.Tuple(results), false);
  Info(f.C(Obj(obj).decl)).type = Obj(obj).type;
}

void Checker::FuncBody(ObjectId obj) {
  file_ = Obj(obj).file;
  syntax::File &f = F();
  NodeId decl = Obj(obj).decl;
  NodeId ft = f.C(decl);
  currentDecl_ = obj;
  TypeId sig = Obj(obj).type;
  sigResults_ = pkg_.types.Results(sig);
  resultVars_.clear();
  localVars_.clear();
  OpenScope();
  auto declareParams = [&](syntax::NodeList list, TypeId tuple, bool results) {
    for (uint32_t i = 0; i < list.count; ++i) {
      NodeId fld = f.At(list, i);
      NodeId name = f.A(fld);
      if (!name) continue;
      Object o;
      o.kind = ObjectKind::Var;
      o.name = f.Text(name);
      o.file = file_;
      o.pos = f.Pos(name);
      o.type = pkg_.types.TupleAt(tuple, i);
      o.isParam = true;
      o.isResult = results;
      o.index = i;
      o.used = true; // parameters are never "declared but not used"
      ObjectId id = NewObject(o);
      Info(name).object = id;
      Declare(id);
      if (results) resultVars_.push_back(id);
    }
  };
  declareParams(f.ListAB(ft), pkg_.types.Params(sig), false);
  declareParams(f.ListCD(ft), pkg_.types.Results(sig), true);
  NodeId body = f.D(decl);
  unsupportedInFunc_ = false;
  Branches(body);
  StmtList(f.ListAB(body));
  if (pkg_.types.TupleLen(sigResults_) > 0 && !unsupportedInFunc_ && !IsTerminating(body, ""))
    Error(f[body].c, "missing return");
  CloseScope();
  Usage(0);
  currentDecl_ = ObjectId{};
}

void Checker::Usage(size_t) {
  std::vector<ObjectId> unused;
  for (ObjectId v : localVars_)
    if (!Obj(v).used) unused.push_back(v);
  std::sort(unused.begin(), unused.end(),
            [&](ObjectId a, ObjectId b) { return Obj(a).pos < Obj(b).pos; });
  if (!unsupportedInFunc_)
    for (ObjectId v : unused)
      Error(Obj(v).pos, std::string(Obj(v).name) + " declared but not used");
  localVars_.clear();
}

// ---------------------------------------------------------------------------
// Local declarations

void Checker::LocalConstDecl(NodeId spec) {
  syntax::File &f = F();
  std::vector<ObjectId> objs;
  for (NodeId n : std::vector<NodeId>(f.begin(f.ListAB(spec)), f.end(f.ListAB(spec)))) {
    Object o;
    o.kind = ObjectKind::Const;
    o.name = f.Text(n);
    o.file = file_;
    o.pos = f.Pos(n);
    o.decl = spec;
    ObjectId id = NewObject(o);
    Info(n).object = id;
    objs.push_back(id);
  }
  TypeId typ;
  if (f.C(spec)) {
    typ = TypeExpr(f.C(spec));
    if (!typ) typ = TypeTable::Basic(BasicKind::Invalid);
  }
  ConstSpecValues(spec, objs, typ, static_cast<int>(f.ConstIota(spec)));
  // The scope of a constant starts after its ConstSpec.
  for (ObjectId id : objs)
    Declare(id);
}

void Checker::LocalVarDecl(NodeId spec) {
  syntax::File &f = F();
  std::vector<ObjectId> objs;
  std::vector<NodeId> names(f.begin(f.ListAB(spec)), f.end(f.ListAB(spec)));
  TypeId typ;
  if (f.C(spec)) {
    typ = TypeExpr(f.C(spec));
    if (!typ) typ = TypeTable::Basic(BasicKind::Invalid);
  }
  for (NodeId n : names) {
    Object o;
    o.kind = ObjectKind::Var;
    o.name = f.Text(n);
    o.file = file_;
    o.pos = f.Pos(n);
    o.type = typ;
    ObjectId id = NewObject(o);
    Info(n).object = id;
    objs.push_back(id);
  }
  NodeId values = f.D(spec);
  if (values) {
    std::vector<NodeId> vals = f.Unpack(values);
    if (vals.size() == objs.size()) {
      for (size_t i = 0; i < objs.size(); ++i)
        InitVars({objs[i]}, vals[i], vals[i], "variable declaration");
    } else if (vals.size() == 1) {
      InitVars(objs, vals[0], vals[0], "variable declaration");
    } else {
      AssignError(vals[0], objs.size(), vals.size());
      for (ObjectId o : objs)
        if (!Obj(o).type) Obj(o).type = TypeTable::Basic(BasicKind::Invalid);
      for (NodeId v : vals) {
        Operand x;
        RawExpr(x, v, true);
      }
    }
  }
  // The scope of a variable starts after its VarSpec.
  for (ObjectId id : objs) {
    if (Declare(id) && Obj(id).name != "_") localVars_.push_back(id);
  }
}

// ---------------------------------------------------------------------------
// Initialization order

void Checker::InitOrder() {
  std::vector<Initializer> units = std::move(pkg_.initOrder);
  pkg_.initOrder.clear();
  // Source order: (file, position of the first lhs).
  std::sort(units.begin(), units.end(), [&](const Initializer &a, const Initializer &b) {
    if (a.file != b.file) return a.file < b.file;
    return pkg_.files[a.file]->Pos(a.rhs) < pkg_.files[b.file]->Pos(b.rhs);
  });
  std::vector<int> unitOf(pkg_.objects.size(), -1);
  for (size_t u = 0; u < units.size(); ++u)
    for (ObjectId o : units[u].lhs)
      if (o) unitOf[o.index] = static_cast<int>(u);
  // Dependencies of each unit on other units, found through functions transitively.
  std::vector<std::vector<int>> dependents(units.size());
  std::vector<int> pending(units.size(), 0);
  std::vector<uint32_t> seen(pkg_.objects.size(), 0);
  uint32_t stamp = 0;
  bool cycle = false;
  for (size_t u = 0; u < units.size(); ++u) {
    ++stamp;
    std::vector<ObjectId> work;
    for (ObjectId o : units[u].lhs)
      if (o) work.insert(work.end(), deps_[o.index].begin(), deps_[o.index].end());
    std::vector<int> depUnits;
    while (!work.empty()) {
      ObjectId d = work.back();
      work.pop_back();
      if (seen[d.index] == stamp) continue;
      seen[d.index] = stamp;
      const Object &o = Obj(d);
      if (o.kind == ObjectKind::Func) {
        work.insert(work.end(), deps_[d.index].begin(), deps_[d.index].end());
      } else if (o.kind == ObjectKind::Var && unitOf[d.index] >= 0) {
        int du = unitOf[d.index];
        if (du == static_cast<int>(u)) {
          if (!cycle) {
            ObjectId first = units[u].lhs[0];
            for (ObjectId l : units[u].lhs)
              if (l) first = l;
            diags_.Error(pkg_.files[Obj(first).file]->id, Obj(first).pos,
                         "initialization loop for " + std::string(Obj(first).name));
            cycle = true;
          }
          continue;
        }
        depUnits.push_back(du);
      }
    }
    std::sort(depUnits.begin(), depUnits.end());
    depUnits.erase(std::unique(depUnits.begin(), depUnits.end()), depUnits.end());
    pending[u] = static_cast<int>(depUnits.size());
    for (int du : depUnits)
      dependents[du].push_back(static_cast<int>(u));
  }
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (size_t u = 0; u < units.size(); ++u)
    if (pending[u] == 0) ready.push(static_cast<int>(u));
  std::vector<bool> done(units.size(), false);
  while (!ready.empty()) {
    int u = ready.top();
    ready.pop();
    done[u] = true;
    pkg_.initOrder.push_back(units[u]);
    for (int d : dependents[u])
      if (--pending[d] == 0) ready.push(d);
  }
  // Units left over are part of a cycle (already reported); keep them in source order.
  for (size_t u = 0; u < units.size(); ++u)
    if (!done[u]) pkg_.initOrder.push_back(units[u]);
}

// ---------------------------------------------------------------------------
// The package

void Checker::CheckPackage() {
  pkg_.objects.emplace_back();   // ObjectId 0: none
  pkg_.constants.emplace_back(); // constant 0: unknown
  for (auto &f : pkg_.files)
    pkg_.info.emplace_back(f->nodes.size());
  AddUniverse(pkg_, universe_);
  CollectObjects();
  color_.assign(pkg_.objects.size(), 0);
  deps_.assign(pkg_.objects.size(), {});
  // Declarations: functions' signatures first (calls need them), then constants and
  // variables in source order (each may check others on demand).
  for (size_t i = 0; i < pkg_.objects.size(); ++i) {
    Object &o = pkg_.objects[i];
    if (o.packageLevel && o.kind == ObjectKind::Func) ObjDecl(ObjectId{static_cast<uint32_t>(i)});
  }
  for (size_t i = 0; i < pkg_.objects.size(); ++i) {
    Object &o = pkg_.objects[i];
    if (o.packageLevel && (o.kind == ObjectKind::Const || o.kind == ObjectKind::Var))
      ObjDecl(ObjectId{static_cast<uint32_t>(i)});
  }
  for (ObjectId fn : std::vector<ObjectId>(pkg_.funcs)) {
    // deps_ may need to grow: bodies create objects.
    FuncBody(fn);
  }
  // gc reports a missing main from its linker, so only when the package compiled.
  if (pkg_.name == "main" && !pkg_.files.empty() && !diags_.HasErrors()) {
    ObjectId m = package_.names.lookup("main");
    if (!m || Obj(m).kind != ObjectKind::Func) {
      syntax::File &f0 = *pkg_.files[0];
      diags_.Error(f0.id, f0.packageName ? f0.Pos(f0.packageName) : 0,
                   "function main is undeclared in the main package");
    }
  }
  InitOrder();
}

std::unique_ptr<Package> Check(std::string importPath,
                               std::vector<std::unique_ptr<syntax::File>> files,
                               base::Diagnostics &diags) {
  auto pkg = std::make_unique<Package>();
  pkg->path = std::move(importPath);
  pkg->files = std::move(files);
  Checker checker(*pkg, diags);
  checker.CheckPackage();
  return pkg;
}

} // namespace talpa::types
