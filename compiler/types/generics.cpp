// Type parameters and instantiation, after types2's decl.go (collectTypeParams),
// typexpr.go (instantiatedType), instantiate.go and subst.go: type parameter lists declare
// TypeParam types whose bounds are constraint interfaces; an instance of a generic named
// type is a Named type recording its origin and type arguments, made once per distinct
// argument list, whose underlying type is the origin's with the arguments substituted.
#include <algorithm>

#include "compiler/types/checker.h"

namespace talpa::types {

std::vector<TypeId> Checker::DeclareTypeParams(syntax::NodeList list) {
  syntax::File &f = F();
  std::vector<TypeId> tparams;
  // Declare all names first: bounds may refer to any of them.
  for (uint32_t i = 0; i < list.count; ++i) {
    NodeId fld = f.At(list, i);
    NodeId name = f.A(fld);
    Object o;
    o.kind = ObjectKind::TypeName;
    o.name = name ? f.Text(name) : std::string_view("_");
    o.file = file_;
    o.pos = name ? f.Pos(name) : f.Pos(fld);
    ObjectId id = NewObject(o);
    TypeId tp = u_.NewTypeParam(id, i, TypeId{});
    Obj(id).type = tp;
    if (name) Info(name).object = id;
    Declare(id);
    tparams.push_back(tp);
  }
  NodeId prev;
  TypeId bound;
  for (uint32_t i = 0; i < list.count; ++i) {
    NodeId c = f.B(f.At(list, i));
    if (c != prev) {
      prev = c;
      bound = Bound(c);
    }
    u_.TParam(tparams[i]).bound = bound;
  }
  return tparams;
}

// A constraint: an interface, or a type set literal (~int | string) wrapped in an
// implicit interface.
TypeId Checker::Bound(NodeId c) {
  syntax::File &f = F();
  NodeId e = f.Unparen(c);
  bool literal = f.Kind(e) == NodeKind::Operation &&
                 ((f[e].op == static_cast<uint8_t>(TK::Tilde) && !f.B(e)) ||
                  (f[e].op == static_cast<uint8_t>(TK::Or) && f.B(e)));
  if (literal) {
    TypeId t = UnionType(e);
    InterfaceInfo info;
    info.implicit = true;
    if (t) info.embeddeds.push_back(t);
    TypeId iface = u_.NewInterface(std::move(info));
    Info(c).type = iface;
    return iface;
  }
  TypeId t = DefinedType(c, TypeId{});
  if (!t) return u_.anyType;
  TypeId un = u_.Under(t);
  if (un && u_.KindOf(un) == TypeKind::Interface && !u_.IsTypeParam(t)) return t;
  if (u_.IsTypeParam(t)) {
    ErrorAtNode(c, "cannot use a type parameter as constraint");
    return u_.anyType;
  }
  // A non-interface type T as a constraint means interface{ T }.
  InterfaceInfo info;
  info.implicit = true;
  info.embeddeds.push_back(t);
  return u_.NewInterface(std::move(info));
}

TypeId Checker::InstantiatedType(NodeId e, TypeId def) {
  (void)def;
  syntax::File &f = F();
  NodeId base = f.A(e);
  TypeId gtyp = DefinedType(base, TypeId{});
  (void)gtyp;
  NotSupported(e, "generic type instantiation");
  return TypeId{};
}

TypeId Checker::GenericCall(Operand &fn, NodeId call, std::vector<Operand> &args) {
  (void)fn;
  (void)args;
  NotSupported(call, "calls of generic functions");
  return TypeId{};
}

void Checker::FuncInstance(Operand &x, NodeId e) {
  NotSupported(e, "instantiation of generic functions");
  x.mode = Mode::Invalid;
}

TypeId Checker::Instantiate(TypeId orig, const std::vector<TypeId> &args, NodeId pos, bool verify) {
  (void)pos;
  (void)verify;
  if (!u_.IsNamed(orig)) return TypeId{};
  const NamedInfo &on = u_.Named(orig);
  if (on.typeParams.size() != args.size()) return TypeId{};
  // One instance per distinct argument list.
  for (TypeId inst : instances_[orig.index]) {
    const NamedInfo &n = u_.Named(inst);
    bool same = true;
    for (size_t i = 0; same && i < args.size(); ++i)
      same = u_.Identical(n.typeArgs[i], args[i]);
    if (same) return inst;
  }
  TypeId inst = u_.NewNamed(on.obj, TypeId{});
  NamedInfo &n = u_.Named(inst);
  n.origin = orig;
  n.typeArgs = args;
  instances_[orig.index].push_back(inst);
  TypeId under = u_.Named(orig).underlying;
  if (under) u_.Named(inst).underlying = Subst(under, u_.Named(orig).typeParams, args);
  return inst;
}

TypeId Checker::Subst(TypeId t, const std::vector<TypeId> &from, const std::vector<TypeId> &to) {
  if (!t || from.empty()) return t;
  switch (u_.KindOf(t)) {
  case TypeKind::Basic:
    return t;
  case TypeKind::TypeParam:
    for (size_t i = 0; i < from.size(); ++i)
      if (from[i] == t) return to[i];
    return t;
  case TypeKind::Pointer: {
    TypeId e = Subst(u_.Elem(t), from, to);
    return e == u_.Elem(t) ? t : u_.NewPointer(e);
  }
  case TypeKind::Slice: {
    TypeId e = Subst(u_.Elem(t), from, to);
    return e == u_.Elem(t) ? t : u_.NewSlice(e);
  }
  case TypeKind::Array: {
    TypeId e = Subst(u_.Elem(t), from, to);
    return e == u_.Elem(t) ? t : u_.NewArray(e, u_.ArrayLen(t));
  }
  case TypeKind::Map: {
    TypeId k = Subst(u_.Key(t), from, to), e = Subst(u_.MapElem(t), from, to);
    return k == u_.Key(t) && e == u_.MapElem(t) ? t : u_.NewMap(k, e);
  }
  case TypeKind::Chan: {
    TypeId e = Subst(u_.Elem(t), from, to);
    return e == u_.Elem(t) ? t : u_.NewChan(u_.Dir(t), e);
  }
  case TypeKind::Struct: {
    StructInfo s = u_.Struct(t);
    bool changed = false;
    std::vector<ObjectId> fields;
    for (ObjectId fld : s.fields) {
      TypeId ft = Subst(Obj(fld).type, from, to);
      if (ft != Obj(fld).type) {
        Object copy = Obj(fld);
        copy.type = ft;
        fields.push_back(u_.NewObject(copy));
        changed = true;
      } else {
        fields.push_back(fld);
      }
    }
    return changed ? u_.NewStruct(std::move(fields), s.tags) : t;
  }
  case TypeKind::Tuple: {
    bool changed = false;
    std::vector<ObjectId> vars;
    for (uint32_t i = 0; i < u_.TupleLen(t); ++i) {
      ObjectId v = u_.TupleVar(t, i);
      TypeId vt = Subst(Obj(v).type, from, to);
      if (vt != Obj(v).type) {
        Object copy = Obj(v);
        copy.type = vt;
        vars.push_back(u_.NewObject(copy));
        changed = true;
      } else {
        vars.push_back(v);
      }
    }
    return changed ? u_.NewTuple(vars) : t;
  }
  case TypeKind::Signature: {
    SignatureInfo s = u_.Sig(t);
    TypeId p = Subst(s.params, from, to), r = Subst(s.results, from, to);
    if (p == s.params && r == s.results) return t;
    s.params = p;
    s.results = r;
    return u_.NewSignature(std::move(s));
  }
  case TypeKind::Union: {
    std::vector<Term> terms;
    bool changed = false;
    for (uint32_t i = 0; i < u_.UnionLen(t); ++i) {
      Term term = u_.UnionTerm(t, i);
      TypeId nt = Subst(term.type, from, to);
      changed |= nt != term.type;
      term.type = nt;
      terms.push_back(term);
    }
    return changed ? u_.NewUnion(terms) : t;
  }
  case TypeKind::Interface: {
    InterfaceInfo info = u_.Iface(t);
    bool changed = false;
    std::vector<ObjectId> methods;
    for (ObjectId m : info.methods) {
      TypeId mt = Subst(Obj(m).type, from, to);
      if (mt != Obj(m).type) {
        Object copy = Obj(m);
        copy.type = mt;
        methods.push_back(u_.NewObject(copy));
        changed = true;
      } else {
        methods.push_back(m);
      }
    }
    std::vector<TypeId> embeddeds;
    for (TypeId e : info.embeddeds) {
      TypeId ne = Subst(e, from, to);
      changed |= ne != e;
      embeddeds.push_back(ne);
    }
    if (!changed) return t;
    InterfaceInfo n;
    n.methods = std::move(methods);
    n.embeddeds = std::move(embeddeds);
    n.implicit = info.implicit;
    return u_.NewInterface(std::move(n));
  }
  case TypeKind::Named: {
    const NamedInfo &n = u_.Named(t);
    if (n.typeArgs.empty()) return t;
    std::vector<TypeId> args;
    bool changed = false;
    for (TypeId a : n.typeArgs) {
      TypeId na = Subst(a, from, to);
      changed |= na != a;
      args.push_back(na);
    }
    return changed ? Instantiate(n.origin, args, NodeId{}, false) : t;
  }
  }
  return t;
}

} // namespace talpa::types
