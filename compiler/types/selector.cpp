// Identifiers and selectors, after types2's typexpr.go (ident) and call.go (selector):
// a name resolves through the block, file, package and universe scopes; x.f is a
// qualified identifier (pkg.Name), a field or method selection (x.f, with the path of
// embedded fields recorded for lowering) or a method expression (T.m).
#include "compiler/syntax/scanner.h"
#include "compiler/types/checker.h"

namespace talpa::types {

void Checker::Ident(Operand &x, NodeId e, bool markUsed, bool wantType) {
  syntax::File &f = F();
  std::string_view name = f.Text(e);
  x.mode = Mode::Invalid;
  x.expr = e;
  if (name == "_") {
    Error(f.Pos(e), wantType ? "cannot use _ as value or type" : "cannot use _ as value");
    return;
  }
  ObjectId id = Lookup(name);
  if (!id) {
    if (!UnsupportedName(name)) Error(f.Pos(e), "undefined: " + std::string(name));
    return;
  }
  Info(e).object = id;
  if (!AllowVersion(18) && !Obj(id).pkg && (name == "any" || name == "comparable") &&
      Obj(id).kind == ObjectKind::TypeName) {
    VersionError(f.Pos(e), 18, "predeclared " + std::string(name));
    return;
  }
  Object *o = &Obj(id);
  // Check the object first if it has no type yet, or if it is a type name and a type is
  // wanted (which reports a cycle through it).
  if (o->pkg == &pkg_ && o->packageLevel &&
      (!o->type || (o->kind == ObjectKind::TypeName && wantType))) {
    ObjDecl(id);
    o = &Obj(id);
  }
  if (o->packageLevel && (o->kind == ObjectKind::Var || o->kind == ObjectKind::Func) &&
      currentDecl_)
    Deps(currentDecl_).push_back(id);
  Object &obj = *o;
  switch (obj.kind) {
  case ObjectKind::PkgName:
    Error(f.Pos(e), "use of package " + std::string(obj.name) + " not in selector");
    obj.used = true;
    return;
  case ObjectKind::Const:
    if (!obj.pkg && obj.name == "iota") {
      if (iota_ < 0) {
        Error(f.Pos(e), "cannot use iota outside constant declaration");
        return;
      }
      x.mode = Mode::Constant;
      x.type = obj.type;
      x.val = AddConst(Value::MakeInt64(iota_));
      return;
    }
    if (!obj.type || obj.type == Universe::Basic(BasicKind::Invalid)) return;
    x.mode = Mode::Constant;
    x.type = obj.type;
    x.val = obj.value;
    return;
  case ObjectKind::Var:
    if (markUsed && obj.pkg == &pkg_) obj.used = true;
    if (!obj.type || obj.type == Universe::Basic(BasicKind::Invalid)) return;
    x.mode = Mode::Variable;
    x.type = obj.type;
    return;
  case ObjectKind::Func:
    if (!obj.type || obj.type == Universe::Basic(BasicKind::Invalid)) return;
    x.mode = Mode::Value;
    x.type = obj.type;
    return;
  case ObjectKind::TypeName:
    if (!obj.type) return;
    x.mode = Mode::TypeExpr;
    x.type = obj.type;
    return;
  case ObjectKind::Builtin:
    x.mode = Mode::Builtin;
    x.builtin = obj.builtin;
    return;
  case ObjectKind::Nil:
    x.mode = Mode::Value;
    x.type = Universe::Basic(BasicKind::UntypedNil);
    return;
  default:
    return;
  }
}

namespace {
std::string ChangeCase(std::string_view sel) {
  std::string s(sel);
  if (s.empty()) return s;
  unsigned char c = static_cast<unsigned char>(s[0]);
  if (c >= 'A' && c <= 'Z')
    s[0] = static_cast<char>(c - 'A' + 'a');
  else if (c >= 'a' && c <= 'z')
    s[0] = static_cast<char>(c - 'a' + 'A');
  return s;
}
} // namespace

void Checker::Selector(Operand &x, NodeId e, bool wantType) {
  syntax::File &f = F();
  NodeId xe = f.A(e);
  NodeId selNode = f.B(e);
  std::string_view sel = f.Text(selNode);
  x = Operand{};
  x.expr = e;
  // pkg.Name
  if (f.Kind(xe) == NodeKind::Name) {
    ObjectId id = Lookup(f.Text(xe));
    if (id && Obj(id).kind == ObjectKind::PkgName) {
      Object &pn = Obj(id);
      pn.used = true;
      Info(xe).object = id;
      Package *pkg = pn.imported;
      ObjectId exp = pkg->Lookup(sel);
      if (!exp) {
        if (pkg->complete || pkg == u_.unsafe) Error(f.Pos(selNode), "undefined: " + ExprString(e));
        return;
      }
      if (!syntax::IsExported(sel)) {
        Error(f.Pos(selNode), "name " + std::string(sel) + " not exported by package " + pkg->name);
        return;
      }
      Info(selNode).object = exp;
      const Object &o = Obj(exp);
      pkg_.selections.push_back(Selection{SelectionKind::Qualified, false, TypeId{}, exp, {}});
      Info(e).selection = static_cast<uint32_t>(pkg_.selections.size() - 1);
      switch (o.kind) {
      case ObjectKind::Const:
        x.mode = Mode::Constant;
        x.type = o.type;
        x.val = pkg == u_.unsafe ? 0 : o.value;
        if (!o.type || o.type == Universe::Basic(BasicKind::Invalid)) x.mode = Mode::Invalid;
        return;
      case ObjectKind::TypeName:
        x.mode = Mode::TypeExpr;
        x.type = o.type;
        return;
      case ObjectKind::Var:
        x.mode = Mode::Variable;
        x.type = o.type;
        return;
      case ObjectKind::Func:
        x.mode = Mode::Value;
        x.type = o.type;
        return;
      case ObjectKind::Builtin:
        x.mode = Mode::Builtin;
        x.builtin = o.builtin;
        return;
      default:
        return;
      }
    }
  }
  (void)wantType;
  RawExpr(x, xe, false); // exprOrType
  x.expr = e;
  switch (x.mode) {
  case Mode::Invalid:
    return;
  case Mode::Builtin:
    ErrorAtNode(e, "cannot select on " + OperandString(x));
    x.mode = Mode::Invalid;
    return;
  case Mode::NoValue:
    ErrorAtNode(xe, ExprString(xe) + " (no value) used as value");
    x.mode = Mode::Invalid;
    return;
  default:
    break;
  }
  std::vector<int> path;
  bool indirect = false, ambiguous = false;
  ObjectId obj = LookupFieldOrMethod(x.type, x.mode == Mode::Variable, &pkg_, sel, &path, &indirect,
                                     &ambiguous);
  if (!obj) {
    TypeId un = u_.Under(x.type);
    if (!un || un == Universe::Basic(BasicKind::Invalid)) {
      x.mode = Mode::Invalid;
      return;
    }
    if (ambiguous) {
      Error(f.Pos(selNode), "ambiguous selector " + ExprString(xe) + "." + std::string(sel));
    } else if (indirect) {
      Error(f.Pos(selNode),
            "cannot call pointer method " + std::string(sel) + " on " + TypeString(x.type));
    } else {
      std::string why;
      if (u_.KindOf(x.type) == TypeKind::Pointer && u_.IsInterface(u_.Elem(x.type))) {
        why = "type " + TypeString(x.type) + " is pointer to interface, not interface";
      } else {
        why = "type " + TypeString(x.type) + " has no field or method " + std::string(sel);
        std::string other = ChangeCase(sel);
        std::vector<int> p2;
        bool i2;
        if (other != sel &&
            LookupFieldOrMethod(x.type, x.mode == Mode::Variable, &pkg_, other, &p2, &i2))
          why += ", but does have " + other;
      }
      Error(f.Pos(selNode), ExprString(xe) + "." + std::string(sel) + " undefined (" + why + ")");
    }
    x.mode = Mode::Invalid;
    return;
  }
  Info(selNode).object = obj;
  Object &o = Obj(obj);
  if (o.kind == ObjectKind::Func && o.pkg == &pkg_ && !o.type) ObjDecl(obj);
  TypeId mtype = Obj(obj).kind == ObjectKind::Func ? MethodType(x.type, obj, path) : TypeId{};
  if (x.mode == Mode::TypeExpr) {
    // Method expression T.m: a function with the receiver as first parameter.
    if (Obj(obj).kind != ObjectKind::Func) {
      Error(f.Pos(selNode), ExprString(xe) + "." + std::string(sel) + " undefined (type " +
                                TypeString(x.type) + " has no method " + std::string(sel) + ")");
      x.mode = Mode::Invalid;
      return;
    }
    pkg_.selections.push_back(Selection{SelectionKind::MethodExpr, indirect, x.type, obj, path});
    Info(e).selection = static_cast<uint32_t>(pkg_.selections.size() - 1);
    if (!mtype || !u_.IsSignature(mtype)) {
      x.mode = Mode::Invalid;
      return;
    }
    const SignatureInfo &sig = u_.Sig(mtype);
    std::vector<ObjectId> params;
    std::string_view recvName;
    if (u_.TupleLen(sig.params) > 0 && !Obj(u_.TupleVar(sig.params, 0)).name.empty())
      recvName = sig.recv && !Obj(sig.recv).name.empty() ? Obj(sig.recv).name : "_";
    params.push_back(u_.NewVar(recvName, x.type, &pkg_));
    for (uint32_t i = 0; i < u_.TupleLen(sig.params); ++i)
      params.push_back(u_.TupleVar(sig.params, i));
    SignatureInfo ns;
    ns.params = u_.NewTuple(params);
    ns.results = sig.results;
    ns.variadic = sig.variadic;
    x.mode = Mode::Value;
    x.type = u_.NewSignature(std::move(ns));
    if (currentDecl_) Deps(currentDecl_).push_back(obj);
    return;
  }
  if (Obj(obj).kind == ObjectKind::Var) {
    pkg_.selections.push_back(Selection{SelectionKind::FieldVal, indirect, x.type, obj, path});
    Info(e).selection = static_cast<uint32_t>(pkg_.selections.size() - 1);
    x.mode = (x.mode == Mode::Variable || indirect) ? Mode::Variable : Mode::Value;
    x.type = FieldType(x.type, obj, path);
    return;
  }
  // Method value x.m: the method's signature without the receiver.
  pkg_.selections.push_back(Selection{SelectionKind::MethodVal, indirect, x.type, obj, path});
  Info(e).selection = static_cast<uint32_t>(pkg_.selections.size() - 1);
  if (!mtype || !u_.IsSignature(mtype)) {
    x.mode = Mode::Invalid;
    return;
  }
  // The method's signature without its receiver, made once per method type.
  auto [cached, fresh] = methodValueSigs_.try_emplace(mtype.index, TypeId{});
  if (fresh) {
    SignatureInfo ns = u_.Sig(mtype);
    ns.recv = ObjectId{};
    ns.recvTypeParams.clear();
    cached->second = u_.NewSignature(std::move(ns));
  }
  x.mode = Mode::Value;
  x.type = cached->second;
  if (currentDecl_) Deps(currentDecl_).push_back(obj);
}

// The type of method `m` selected on a value of type `t` through embedded-field `path`:
// for a method of a generic type reached through an instance, the signature with the
// instance's type arguments for the receiver's type parameters.
TypeId Checker::MethodType(TypeId t, ObjectId m, const std::vector<int> &path) {
  TypeId sig = Obj(m).type;
  if (!sig || !u_.IsSignature(sig)) return sig;
  const SignatureInfo &si = u_.Sig(sig);
  if (si.recvTypeParams.empty()) return sig;
  // Walk the path to the named type that declares m.
  TypeId cur = t;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    if (u_.KindOf(cur) == TypeKind::Pointer) cur = u_.Elem(cur);
    TypeId un = u_.Under(cur);
    if (!un || u_.KindOf(un) != TypeKind::Struct) return sig;
    cur = Obj(u_.Struct(un).fields[path[i]]).type;
  }
  if (u_.KindOf(cur) == TypeKind::Pointer) cur = u_.Elem(cur);
  if (!u_.IsNamed(cur) || u_.Named(cur).typeArgs.size() != si.recvTypeParams.size()) return sig;
  TypeId out = Subst(sig, si.recvTypeParams, u_.Named(cur).typeArgs);
  return out;
}

// The type of field `fld`: fields of instances of generic types are stored substituted, so
// this is the field's own type.
TypeId Checker::FieldType(TypeId t, ObjectId fld, const std::vector<int> &path) {
  (void)t;
  (void)path;
  return Obj(fld).type;
}

} // namespace talpa::types
