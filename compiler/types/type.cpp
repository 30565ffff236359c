// The Universe: type construction and interning, the universe scope, types2's predicates
// (identity, comparability, the basic-kind tests), gc's sizes for 64-bit targets, interface
// type sets and types2's TypeString.
#include "compiler/types/type.h"

#include <algorithm>

#include "compiler/syntax/scanner.h"
#include "compiler/types/types.h"

namespace talpa::types {

Universe::Universe() {
  for (int k = 0; k < static_cast<int>(BasicKind::Count); ++k)
    data_.push_back(TypeData{TypeKind::Basic, static_cast<uint8_t>(k), 0, 0, 0});
  objects_.emplace_back(); // ObjectId 0: none
  AddUniverse();
}

Universe::~Universe() = default;

TypeId Universe::Intern(TypeKind kind, uint8_t sub, uint32_t a, uint32_t b, uint32_t c) {
  InternKey key{static_cast<uint32_t>(kind) | static_cast<uint32_t>(sub) << 8, a, b, c};
  auto [it, inserted] = interned_.try_emplace(key, TypeId{});
  if (inserted) it->second = Add(TypeData{kind, sub, a, b, c});
  return it->second;
}

TypeId Universe::NewStruct(std::vector<ObjectId> fields, std::vector<std::string_view> tags) {
  bool anyTag = false;
  for (auto t : tags)
    anyTag |= !t.empty();
  if (!anyTag) tags.clear();
  structs_.push_back(StructInfo{std::move(fields), std::move(tags)});
  return Add(TypeData{TypeKind::Struct, 0, static_cast<uint32_t>(structs_.size() - 1), 0, 0});
}

TypeId Universe::NewTuple(const std::vector<ObjectId> &vars) {
  uint32_t start = static_cast<uint32_t>(varLists_.size());
  varLists_.insert(varLists_.end(), vars.begin(), vars.end());
  return Add(TypeData{TypeKind::Tuple, 0, start, static_cast<uint32_t>(vars.size()), 0});
}

ObjectId Universe::NewVar(std::string_view name, TypeId type, Package *pkg) {
  Object o;
  o.kind = ObjectKind::Var;
  o.name = name;
  o.type = type;
  o.pkg = pkg;
  return NewObject(o);
}

TypeId Universe::TupleOf(const std::vector<TypeId> &types) {
  std::vector<ObjectId> vars;
  vars.reserve(types.size());
  for (TypeId t : types)
    vars.push_back(NewVar("", t));
  return NewTuple(vars);
}

TypeId Universe::NewSignature(SignatureInfo info) {
  if (!info.params) info.params = NewTuple({});
  if (!info.results) info.results = NewTuple({});
  signatures_.push_back(std::move(info));
  return Add(TypeData{TypeKind::Signature, 0, static_cast<uint32_t>(signatures_.size() - 1), 0, 0});
}

TypeId Universe::Signature(TypeId params, TypeId results, bool variadic) {
  SignatureInfo info;
  info.params = params;
  info.results = results;
  info.variadic = variadic;
  return NewSignature(std::move(info));
}

TypeId Universe::NewInterface(InterfaceInfo info) {
  interfaces_.push_back(std::move(info));
  return Add(TypeData{TypeKind::Interface, 0, static_cast<uint32_t>(interfaces_.size() - 1), 0, 0});
}

TypeId Universe::NewNamed(ObjectId obj, TypeId underlying) {
  NamedInfo info;
  info.obj = obj;
  info.underlying = underlying;
  named_.push_back(std::move(info));
  TypeId t = Add(TypeData{TypeKind::Named, 0, static_cast<uint32_t>(named_.size() - 1), 0, 0});
  named_.back().origin = t;
  return t;
}

TypeId Universe::NewTypeParam(ObjectId obj, uint32_t index, TypeId bound) {
  typeParams_.push_back(TypeParamInfo{obj, index, bound});
  return Add(TypeData{TypeKind::TypeParam, 0, static_cast<uint32_t>(typeParams_.size() - 1), 0, 0});
}

TypeId Universe::NewUnion(const std::vector<Term> &terms) {
  uint32_t start = static_cast<uint32_t>(terms_.size());
  terms_.insert(terms_.end(), terms.begin(), terms.end());
  return Add(TypeData{TypeKind::Union, 0, start, static_cast<uint32_t>(terms.size()), 0});
}

// ---------------------------------------------------------------------------
// The universe scope

void Universe::AddUniverse() {
  auto add = [&](Object o) { scope[o.name] = NewObject(o); };
  static const struct {
    const char *name;
    BasicKind kind;
  } kTypes[] = {{"bool", BasicKind::Bool},
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
  for (auto &t : kTypes) {
    Object o;
    o.kind = ObjectKind::TypeName;
    o.name = t.name;
    o.type = Basic(t.kind);
    add(o);
  }
  auto addConst = [&](const char *name, BasicKind kind, Value v) {
    constants.push_back(std::move(v));
    Object o;
    o.kind = ObjectKind::Const;
    o.name = name;
    o.type = Basic(kind);
    o.value = static_cast<uint32_t>(constants.size() - 1);
    add(o);
  };
  constants.push_back(Value::MakeUnknown()); // index 0: no value
  addConst("true", BasicKind::UntypedBool, Value::MakeBool(true));
  addConst("false", BasicKind::UntypedBool, Value::MakeBool(false));
  addConst("iota", BasicKind::UntypedInt, Value::MakeInt64(0)); // value comes from context
  Object nil;
  nil.kind = ObjectKind::Nil;
  nil.name = "nil";
  nil.type = Basic(BasicKind::UntypedNil);
  add(nil);
  static const struct {
    const char *name;
    BuiltinId id;
  } kBuiltins[] = {{"append", BuiltinId::Append},   {"cap", BuiltinId::Cap},
                   {"clear", BuiltinId::Clear},     {"close", BuiltinId::Close},
                   {"complex", BuiltinId::Complex}, {"copy", BuiltinId::Copy},
                   {"delete", BuiltinId::Delete},   {"imag", BuiltinId::Imag},
                   {"len", BuiltinId::Len},         {"make", BuiltinId::Make},
                   {"max", BuiltinId::Max},         {"min", BuiltinId::Min},
                   {"new", BuiltinId::New},         {"panic", BuiltinId::Panic},
                   {"print", BuiltinId::Print},     {"println", BuiltinId::Println},
                   {"real", BuiltinId::Real},       {"recover", BuiltinId::Recover}};
  for (auto &b : kBuiltins) {
    Object o;
    o.kind = ObjectKind::Builtin;
    o.name = b.name;
    o.builtin = b.id;
    add(o);
  }

  // type error interface{ Error() string }
  Object errObj;
  errObj.kind = ObjectKind::TypeName;
  errObj.name = "error";
  ObjectId errName = NewObject(errObj);
  errorType = NewNamed(errName, TypeId{});
  Obj(errName).type = errorType;
  Object m;
  m.kind = ObjectKind::Func;
  m.name = "Error";
  SignatureInfo sig;
  sig.recv = NewVar("", errorType);
  sig.results = TupleOf({Basic(BasicKind::String)});
  m.type = NewSignature(std::move(sig));
  errorMethod = NewObject(m);
  InterfaceInfo errIface;
  errIface.methods.push_back(errorMethod);
  Named(errorType).underlying = NewInterface(std::move(errIface));
  scope["error"] = errName;

  // type comparable interface{ /* comparable */ }
  Object cmpObj;
  cmpObj.kind = ObjectKind::TypeName;
  cmpObj.name = "comparable";
  ObjectId cmpName = NewObject(cmpObj);
  comparableType = NewNamed(cmpName, TypeId{});
  Obj(cmpName).type = comparableType;
  InterfaceInfo cmpIface;
  cmpIface.complete = true;
  cmpIface.comparable = true;
  Named(comparableType).underlying = NewInterface(std::move(cmpIface));
  scope["comparable"] = cmpName;

  // type any = interface{}
  Object anyObj;
  anyObj.kind = ObjectKind::TypeName;
  anyObj.name = "any";
  anyObj.alias = true;
  anyType = NewInterface(InterfaceInfo{});
  anyObj.type = anyType;
  scope["any"] = NewObject(anyObj);

  // package unsafe
  unsafePkg_ = std::make_unique<Package>(*this, "unsafe");
  unsafe = unsafePkg_.get();
  unsafe->name = "unsafe";
  unsafe->complete = true;
  Object ptr;
  ptr.kind = ObjectKind::TypeName;
  ptr.name = "Pointer";
  ptr.pkg = unsafe;
  ptr.type = Basic(BasicKind::UnsafePointer);
  unsafe->scope["Pointer"] = NewObject(ptr);
  static const struct {
    const char *name;
    BuiltinId id;
  } kUnsafe[] = {{"Add", BuiltinId::Add},           {"Alignof", BuiltinId::Alignof},
                 {"Offsetof", BuiltinId::Offsetof}, {"Sizeof", BuiltinId::Sizeof},
                 {"Slice", BuiltinId::Slice},       {"SliceData", BuiltinId::SliceData},
                 {"String", BuiltinId::String},     {"StringData", BuiltinId::StringData}};
  for (auto &b : kUnsafe) {
    Object o;
    o.kind = ObjectKind::Builtin;
    o.name = b.name;
    o.builtin = b.id;
    o.pkg = unsafe;
    unsafe->scope[b.name] = NewObject(o);
  }
}

// ---------------------------------------------------------------------------
// Predicates

TypeId Universe::Under(TypeId t) const {
  for (int i = 0; i < 100; ++i) {
    const TypeData &d = data_[t.index];
    if (d.kind == TypeKind::Named) {
      TypeId u = named_[d.a].underlying;
      if (!u) return TypeId{};
      t = u;
      continue;
    }
    if (d.kind == TypeKind::TypeParam) {
      TypeId b = typeParams_[d.a].bound;
      return b ? Under(b) : TypeId{};
    }
    return t;
  }
  return TypeId{};
}

BasicKind Universe::Kind(TypeId t) const {
  t = Under(t);
  const TypeData &d = data_[t.index];
  if (d.kind != TypeKind::Basic) return BasicKind::Invalid;
  auto k = static_cast<BasicKind>(d.sub);
  if (k == BasicKind::Byte) return BasicKind::Uint8;
  if (k == BasicKind::Rune) return BasicKind::Int32;
  return k;
}

bool Universe::AllTypes(TypeId t, bool (Universe::*pred)(TypeId) const) const {
  if (!IsTypeParam(t)) return (this->*pred)(t);
  TypeId bound = TParam(t).bound;
  if (!bound || !IsInterface(bound)) return false;
  const InterfaceInfo &ts = TypeSet(Under(bound));
  if (ts.allTypes || ts.terms.empty()) return false;
  for (const Term &term : ts.terms)
    if (!AllTypes(term.type, pred)) return false;
  return true;
}

namespace {
bool BasicIn(BasicKind k, BasicKind lo, BasicKind hi) { return k >= lo && k <= hi; }
} // namespace

bool Universe::IsBoolean(TypeId t) const {
  if (IsTypeParam(t)) return AllTypes(t, &Universe::IsBoolean);
  BasicKind k = Kind(t);
  return k == BasicKind::Bool || k == BasicKind::UntypedBool;
}
bool Universe::IsInteger(TypeId t) const {
  if (IsTypeParam(t)) return AllTypes(t, &Universe::IsInteger);
  BasicKind k = Kind(t);
  return BasicIn(k, BasicKind::Int, BasicKind::Uintptr) || k == BasicKind::UntypedInt ||
         k == BasicKind::UntypedRune;
}
bool Universe::IsUnsigned(TypeId t) const {
  if (IsTypeParam(t)) return AllTypes(t, &Universe::IsUnsigned);
  return BasicIn(Kind(t), BasicKind::Uint, BasicKind::Uintptr);
}
bool Universe::IsFloat(TypeId t) const {
  if (IsTypeParam(t)) return AllTypes(t, &Universe::IsFloat);
  BasicKind k = Kind(t);
  return k == BasicKind::Float32 || k == BasicKind::Float64 || k == BasicKind::UntypedFloat;
}
bool Universe::IsComplex(TypeId t) const {
  if (IsTypeParam(t)) return AllTypes(t, &Universe::IsComplex);
  BasicKind k = Kind(t);
  return k == BasicKind::Complex64 || k == BasicKind::Complex128 || k == BasicKind::UntypedComplex;
}
bool Universe::IsNumeric(TypeId t) const {
  if (IsTypeParam(t)) return AllTypes(t, &Universe::IsNumeric);
  BasicKind k = Kind(t);
  return BasicIn(k, BasicKind::Int, BasicKind::Complex128) ||
         BasicIn(k, BasicKind::UntypedInt, BasicKind::UntypedComplex);
}
bool Universe::IsString(TypeId t) const {
  if (IsTypeParam(t)) return AllTypes(t, &Universe::IsString);
  BasicKind k = Kind(t);
  return k == BasicKind::String || k == BasicKind::UntypedString;
}
bool Universe::IsUntyped(TypeId t) const {
  const TypeData &d = data_[t.index];
  if (d.kind != TypeKind::Basic) return false;
  return BasicIn(static_cast<BasicKind>(d.sub), BasicKind::UntypedBool, BasicKind::UntypedNil);
}
bool Universe::IsConstType(TypeId t) const {
  if (IsTypeParam(t)) return false;
  return IsBoolean(t) || IsNumeric(t) || IsString(t);
}

bool Universe::HasNil(TypeId t) const {
  if (IsTypeParam(t)) {
    // Only if every type in the set has nil (and there are specific types).
    TypeId bound = TParam(t).bound;
    if (!bound) return false;
    const InterfaceInfo &ts = TypeSet(Under(bound));
    if (ts.allTypes || ts.terms.empty()) return false;
    for (const Term &term : ts.terms)
      if (!HasNil(term.type)) return false;
    return true;
  }
  TypeId u = Under(t);
  switch (KindOf(u)) {
  case TypeKind::Basic:
    return Kind(u) == BasicKind::UnsafePointer;
  case TypeKind::Slice:
  case TypeKind::Pointer:
  case TypeKind::Signature:
  case TypeKind::Map:
  case TypeKind::Chan:
  case TypeKind::Interface:
    return true;
  default:
    return false;
  }
}

TypeId Universe::Default(TypeId t) const {
  if (!IsBasic(t)) return t;
  switch (static_cast<BasicKind>(data_[t.index].sub)) {
  case BasicKind::UntypedBool:
    return Basic(BasicKind::Bool);
  case BasicKind::UntypedInt:
    return Basic(BasicKind::Int);
  case BasicKind::UntypedRune:
    return Basic(BasicKind::Rune);
  case BasicKind::UntypedFloat:
    return Basic(BasicKind::Float64);
  case BasicKind::UntypedComplex:
    return Basic(BasicKind::Complex128);
  case BasicKind::UntypedString:
    return Basic(BasicKind::String);
  default:
    return t;
  }
}

namespace {
// Object.sameId: same name, and the same package unless exported.
bool SameId(const Object &a, const Object &b) {
  if (a.name != b.name) return false;
  if (!a.name.empty() && a.name[0] >= 'A' && a.name[0] <= 'Z') return true;
  if (!a.name.empty() && static_cast<unsigned char>(a.name[0]) >= 0x80)
    return a.pkg == b.pkg; // non-ASCII: exported only if upper case; be conservative
  return a.pkg == b.pkg;
}
} // namespace

TypeId Universe::Subst(
    TypeId t, const std::vector<TypeId> &from, const std::vector<TypeId> &to,
    llvm::function_ref<TypeId(TypeId origin, const std::vector<TypeId> &args)> instance) {
  if (!t || from.empty()) return t;
  auto sub = [&](TypeId x) { return Subst(x, from, to, instance); };
  // A copy of object v with type nt (a field, tuple variable or method).
  auto copyVar = [&](ObjectId v, TypeId nt) {
    Object o = Obj(v);
    o.type = nt;
    return NewObject(o);
  };
  // The objects vs substituted, or vs itself if none changes.
  auto subVars = [&](const std::vector<ObjectId> &vs, bool *changed) {
    std::vector<ObjectId> out;
    for (ObjectId v : vs) {
      TypeId vt = sub(Obj(v).type);
      *changed |= vt != Obj(v).type;
      out.push_back(vt != Obj(v).type ? copyVar(v, vt) : v);
    }
    return out;
  };
  switch (KindOf(t)) {
  case TypeKind::Basic:
    return t;
  case TypeKind::TypeParam:
    for (size_t i = 0; i < from.size(); ++i)
      if (from[i] == t) return to[i];
    return t;
  case TypeKind::Pointer: {
    TypeId e = sub(Elem(t));
    return e == Elem(t) ? t : NewPointer(e);
  }
  case TypeKind::Slice: {
    TypeId e = sub(Elem(t));
    return e == Elem(t) ? t : NewSlice(e);
  }
  case TypeKind::Array: {
    TypeId e = sub(Elem(t));
    return e == Elem(t) ? t : NewArray(e, ArrayLen(t));
  }
  case TypeKind::Map: {
    TypeId k = sub(Key(t)), e = sub(MapElem(t));
    return k == Key(t) && e == MapElem(t) ? t : NewMap(k, e);
  }
  case TypeKind::Chan: {
    TypeId e = sub(Elem(t));
    return e == Elem(t) ? t : NewChan(Dir(t), e);
  }
  case TypeKind::Struct: {
    StructInfo s = Struct(t);
    bool changed = false;
    std::vector<ObjectId> fields = subVars(s.fields, &changed);
    return changed ? NewStruct(std::move(fields), s.tags) : t;
  }
  case TypeKind::Tuple: {
    std::vector<ObjectId> vars;
    for (uint32_t i = 0; i < TupleLen(t); ++i)
      vars.push_back(TupleVar(t, i));
    bool changed = false;
    vars = subVars(vars, &changed);
    return changed ? NewTuple(vars) : t;
  }
  case TypeKind::Signature: {
    SignatureInfo s = Sig(t);
    TypeId p = sub(s.params), r = sub(s.results);
    if (p == s.params && r == s.results) return t;
    s.params = p;
    s.results = r;
    return NewSignature(std::move(s));
  }
  case TypeKind::Union: {
    std::vector<Term> terms;
    bool changed = false;
    for (uint32_t i = 0; i < UnionLen(t); ++i) {
      Term term = UnionTerm(t, i);
      TypeId nt = sub(term.type);
      changed |= nt != term.type;
      term.type = nt;
      terms.push_back(term);
    }
    return changed ? NewUnion(terms) : t;
  }
  case TypeKind::Interface: {
    InterfaceInfo info = Iface(t);
    bool changed = false;
    InterfaceInfo n;
    n.methods = subVars(info.methods, &changed);
    for (TypeId e : info.embeddeds) {
      TypeId ne = sub(e);
      changed |= ne != e;
      n.embeddeds.push_back(ne);
    }
    if (!changed) return t;
    n.implicit = info.implicit;
    return NewInterface(std::move(n));
  }
  case TypeKind::Named: {
    // Copied: substituting an argument may make named types (and move this one's info).
    std::vector<TypeId> args = Named(t).typeArgs;
    if (args.empty()) return t;
    bool changed = false;
    for (TypeId &a : args) {
      TypeId na = sub(a);
      changed |= na != a;
      a = na;
    }
    return changed ? instance(Named(t).origin, args) : t;
  }
  }
  return t;
}

bool Universe::Identical(TypeId a, TypeId b) const {
  std::vector<std::pair<TypeId, TypeId>> seen;
  return IdenticalImpl(a, b, true, seen);
}

bool Universe::IdenticalIgnoreTags(TypeId a, TypeId b) const {
  std::vector<std::pair<TypeId, TypeId>> seen;
  return IdenticalImpl(a, b, false, seen);
}

bool Universe::IdenticalImpl(TypeId a, TypeId b, bool tags,
                             std::vector<std::pair<TypeId, TypeId>> &seen) const {
  if (a == b) return true;
  if (!a || !b) return false;
  const TypeData &x = data_[a.index], &y = data_[b.index];
  if (x.kind != y.kind) return false;
  switch (x.kind) {
  case TypeKind::Basic:
    return Kind(a) == Kind(b) && Kind(a) != BasicKind::Invalid;
  case TypeKind::Pointer:
  case TypeKind::Slice:
    return IdenticalImpl(Elem(a), Elem(b), tags, seen);
  case TypeKind::Array:
    return ArrayLen(a) == ArrayLen(b) && IdenticalImpl(Elem(a), Elem(b), tags, seen);
  case TypeKind::Map:
    return IdenticalImpl(Key(a), Key(b), tags, seen) &&
           IdenticalImpl(MapElem(a), MapElem(b), tags, seen);
  case TypeKind::Chan:
    return x.sub == y.sub && IdenticalImpl(Elem(a), Elem(b), tags, seen);
  case TypeKind::Struct: {
    const StructInfo &s = Struct(a), &t = Struct(b);
    if (s.fields.size() != t.fields.size()) return false;
    for (size_t i = 0; i < s.fields.size(); ++i) {
      const Object &f = Obj(s.fields[i]), &g = Obj(t.fields[i]);
      if (f.embedded != g.embedded) return false;
      if (tags && TagValue(s, i) != TagValue(t, i)) return false;
      if (!SameId(f, g) || !IdenticalImpl(f.type, g.type, tags, seen)) return false;
    }
    return true;
  }
  case TypeKind::Tuple: {
    if (TupleLen(a) != TupleLen(b)) return false;
    for (uint32_t i = 0; i < TupleLen(a); ++i)
      if (!IdenticalImpl(TupleAt(a, i), TupleAt(b, i), tags, seen)) return false;
    return true;
  }
  case TypeKind::Signature: {
    const SignatureInfo &s = Sig(a), &t = Sig(b);
    if (s.typeParams.size() != t.typeParams.size() || s.variadic != t.variadic) return false;
    // Generic signatures: identical up to a renaming of the type parameters; the bounds are
    // compared with the parameters taken as equal by position.
    for (size_t i = 0; i < s.typeParams.size(); ++i) {
      seen.push_back({s.typeParams[i], t.typeParams[i]});
    }
    bool same = true;
    for (size_t i = 0; same && i < s.typeParams.size(); ++i)
      same =
          IdenticalImpl(TParam(s.typeParams[i]).bound, TParam(t.typeParams[i]).bound, tags, seen);
    same = same && IdenticalImpl(s.params, t.params, tags, seen) &&
           IdenticalImpl(s.results, t.results, tags, seen);
    seen.resize(seen.size() - s.typeParams.size());
    return same;
  }
  case TypeKind::Union: {
    if (UnionLen(a) != UnionLen(b)) return false;
    for (uint32_t i = 0; i < UnionLen(a); ++i) {
      bool found = false;
      for (uint32_t j = 0; j < UnionLen(b) && !found; ++j)
        found = UnionTerm(a, i).tilde == UnionTerm(b, j).tilde &&
                IdenticalImpl(UnionTerm(a, i).type, UnionTerm(b, j).type, tags, seen);
      if (!found) return false;
    }
    return true;
  }
  case TypeKind::Interface: {
    for (auto &p : seen)
      if ((p.first == a && p.second == b) || (p.first == b && p.second == a)) return true;
    const InterfaceInfo &s = TypeSet(a), &t = TypeSet(b);
    if (s.comparable != t.comparable || s.allTypes != t.allTypes) return false;
    if (s.allMethods.size() != t.allMethods.size() || s.terms.size() != t.terms.size())
      return false;
    seen.push_back({a, b});
    bool same = true;
    for (size_t i = 0; same && i < s.allMethods.size(); ++i) {
      const Object &f = Obj(s.allMethods[i]), &g = Obj(t.allMethods[i]);
      same = SameId(f, g) && IdenticalImpl(f.type, g.type, tags, seen);
    }
    for (size_t i = 0; same && i < s.terms.size(); ++i) {
      bool found = false;
      for (size_t j = 0; j < t.terms.size() && !found; ++j)
        found = s.terms[i].tilde == t.terms[j].tilde &&
                IdenticalImpl(s.terms[i].type, t.terms[j].type, tags, seen);
      same = found;
    }
    seen.pop_back();
    return same;
  }
  case TypeKind::Named: {
    const NamedInfo &n = Named(a), &m = Named(b);
    if (n.typeArgs.empty() || n.origin != m.origin || n.typeArgs.size() != m.typeArgs.size())
      return false;
    for (size_t i = 0; i < n.typeArgs.size(); ++i)
      if (!IdenticalImpl(n.typeArgs[i], m.typeArgs[i], tags, seen)) return false;
    return true;
  }
  case TypeKind::TypeParam:
    for (auto &p : seen)
      if ((p.first == a && p.second == b) || (p.first == b && p.second == a)) return true;
    return false;
  }
  return false;
}

bool Universe::Comparable(TypeId t) const {
  std::vector<TypeId> seen;
  std::function<bool(TypeId)> cmp = [&](TypeId t) -> bool {
    if (std::find(seen.begin(), seen.end(), t) != seen.end()) return true;
    seen.push_back(t);
    if (IsTypeParam(t)) {
      TypeId bound = TParam(t).bound;
      if (!bound) return false;
      const InterfaceInfo &ts = TypeSet(Under(bound));
      if (ts.comparable) return true;
      if (ts.allTypes || ts.terms.empty()) return false;
      for (const Term &term : ts.terms)
        if (!cmp(term.type)) return false;
      return true;
    }
    TypeId u = Under(t);
    switch (KindOf(u)) {
    case TypeKind::Basic:
      return Kind(u) != BasicKind::UntypedNil && Kind(u) != BasicKind::Invalid;
    case TypeKind::Pointer:
    case TypeKind::Chan:
    case TypeKind::Interface:
      return true;
    case TypeKind::Struct:
      for (ObjectId f : Struct(u).fields)
        if (!cmp(Obj(f).type)) return false;
      return true;
    case TypeKind::Array:
      return cmp(Elem(u));
    default:
      return false;
    }
  };
  return cmp(t);
}

// ---------------------------------------------------------------------------
// Sizes (gc's, for the 64-bit targets talpa has: pointers and registers of 8 bytes)

namespace {
// Sizes recurse through arrays and structs; an invalid recursive type (reported by the
// checker) must not recurse forever.
// Once too deep, every call up to the outermost one returns at once (sizes recurse twice
// per struct field, so a cycle would otherwise cost 2^depth).
thread_local int sizeDepth = 0;
thread_local bool sizeCycle = false;
struct SizeDepth {
  SizeDepth() { ++sizeDepth; }
  ~SizeDepth() {
    if (--sizeDepth == 0) sizeCycle = false;
  }
  bool TooDeep() const {
    if (sizeDepth > 100) sizeCycle = true;
    return sizeCycle;
  }
};
} // namespace

int64_t Universe::Alignof(TypeId t) const {
  SizeDepth depth;
  if (depth.TooDeep()) return 1;
  TypeId u = Under(t);
  switch (KindOf(u)) {
  case TypeKind::Array:
    return Alignof(Elem(u));
  case TypeKind::Struct: {
    int64_t max = 1;
    for (ObjectId f : Struct(u).fields)
      max = std::max(max, Alignof(Obj(f).type));
    return max;
  }
  case TypeKind::Slice:
  case TypeKind::Interface:
    return 8;
  case TypeKind::Basic:
    if (IsString(u)) return 8;
    break;
  default:
    break;
  }
  int64_t a = Sizeof(u);
  if (a < 1) return 1;
  if (IsComplex(u)) a /= 2;
  return std::min<int64_t>(a, 8);
}

std::vector<int64_t> Universe::Offsetsof(TypeId structType) const {
  std::vector<int64_t> offsets;
  int64_t o = 0;
  for (ObjectId f : Struct(Under(structType)).fields) {
    int64_t a = Alignof(Obj(f).type);
    o = (o + a - 1) / a * a;
    offsets.push_back(o);
    o += Sizeof(Obj(f).type);
  }
  return offsets;
}

int64_t Universe::Sizeof(TypeId t) const {
  SizeDepth depth;
  if (depth.TooDeep()) return 0;
  TypeId u = Under(t);
  switch (KindOf(u)) {
  case TypeKind::Basic:
    switch (Kind(u)) {
    case BasicKind::Bool:
    case BasicKind::Int8:
    case BasicKind::Uint8:
      return 1;
    case BasicKind::Int16:
    case BasicKind::Uint16:
      return 2;
    case BasicKind::Int32:
    case BasicKind::Uint32:
    case BasicKind::Float32:
      return 4;
    case BasicKind::Complex128:
    case BasicKind::String:
      return 16;
    case BasicKind::Invalid:
      return 1;
    default:
      return 8;
    }
  case TypeKind::Array: {
    int64_t n = ArrayLen(u);
    return n <= 0 ? 0 : Sizeof(Elem(u)) * n;
  }
  case TypeKind::Slice:
    return 24;
  case TypeKind::Struct: {
    const StructInfo &s = Struct(u);
    if (s.fields.empty()) return 0;
    std::vector<int64_t> offsets = Offsetsof(u);
    int64_t last = Sizeof(Obj(s.fields.back()).type);
    if (last == 0 && offsets.back() > 0) last = 1;
    int64_t a = Alignof(u);
    return (offsets.back() + last + a - 1) / a * a;
  }
  case TypeKind::Interface:
    return 16;
  default:
    return 8;
  }
}

// ---------------------------------------------------------------------------
// Interface type sets

const InterfaceInfo &Universe::TypeSet(TypeId iface) const {
  InterfaceInfo &info = interfaces_[data_[iface.index].a];
  if (info.complete || info.computing) return info;
  info.computing = true;
  std::vector<ObjectId> methods = info.methods;
  bool allTypes = true;
  std::vector<Term> terms;
  bool comparable = false;
  // Intersects the current term set with another one.
  auto intersect = [&](bool otherAll, const std::vector<Term> &other) {
    if (otherAll) return;
    if (allTypes) {
      allTypes = false;
      terms = other;
      return;
    }
    std::vector<Term> out;
    for (const Term &x : terms)
      for (const Term &y : other) {
        // ~T ∩ ~U, ~T ∩ U, T ∩ U: non-empty only for identical (underlying) types.
        if (x.tilde && y.tilde) {
          if (Identical(x.type, y.type)) out.push_back(x);
        } else if (x.tilde) {
          if (Identical(x.type, Under(y.type))) out.push_back(y);
        } else if (y.tilde) {
          if (Identical(Under(x.type), y.type)) out.push_back(x);
        } else if (Identical(x.type, y.type)) {
          out.push_back(x);
        }
      }
    terms = std::move(out);
  };
  for (TypeId e : info.embeddeds) {
    if (!e) continue;
    TypeId u = Under(e);
    if (u && KindOf(u) == TypeKind::Interface && !IsTypeParam(e)) {
      const InterfaceInfo &ts = TypeSet(u);
      for (ObjectId m : ts.allMethods)
        methods.push_back(m);
      comparable |= ts.comparable;
      intersect(ts.allTypes, ts.terms);
    } else if (KindOf(e) == TypeKind::Union) {
      std::vector<Term> uterms;
      bool all = false;
      for (uint32_t i = 0; i < UnionLen(e); ++i) {
        const Term &t = UnionTerm(e, i);
        TypeId tu = Under(t.type);
        if (tu && KindOf(tu) == TypeKind::Interface && !IsTypeParam(t.type)) {
          const InterfaceInfo &ts = TypeSet(tu);
          if (ts.allTypes) all = true;
          uterms.insert(uterms.end(), ts.terms.begin(), ts.terms.end());
        } else {
          uterms.push_back(t);
        }
      }
      intersect(all, uterms);
    } else {
      intersect(false, {Term{false, e}});
    }
  }
  // Methods sorted by name (then package), duplicates (same method twice through
  // different embeddings) dropped.
  std::sort(methods.begin(), methods.end(), [&](ObjectId x, ObjectId y) {
    if (Obj(x).name != Obj(y).name) return Obj(x).name < Obj(y).name;
    return x < y;
  });
  std::vector<ObjectId> unique;
  for (ObjectId m : methods)
    if (unique.empty() || !SameId(Obj(unique.back()), Obj(m))) unique.push_back(m);
  InterfaceInfo &again = interfaces_[data_[iface.index].a];
  again.allMethods = std::move(unique);
  again.allTypes = allTypes;
  again.terms = std::move(terms);
  again.comparable = comparable;
  again.computing = false;
  again.complete = true;
  return again;
}

// ---------------------------------------------------------------------------
// TypeString

std::string Universe::String(TypeId t, const Package *current) const {
  std::string out;
  std::vector<TypeId> seen;
  WriteType(out, t, current, seen);
  return out;
}

namespace {
const char *const kBasicNames[] = {"invalid type",
                                   "bool",
                                   "int",
                                   "int8",
                                   "int16",
                                   "int32",
                                   "int64",
                                   "uint",
                                   "uint8",
                                   "uint16",
                                   "uint32",
                                   "uint64",
                                   "uintptr",
                                   "float32",
                                   "float64",
                                   "complex64",
                                   "complex128",
                                   "string",
                                   "unsafe.Pointer",
                                   "untyped bool",
                                   "untyped int",
                                   "untyped rune",
                                   "untyped float",
                                   "untyped complex",
                                   "untyped string",
                                   "untyped nil",
                                   "byte",
                                   "rune"};

} // namespace

std::string TagValue(const StructInfo &s, size_t i) {
  if (s.tags.empty() || s.tags[i].empty()) return "";
  return syntax::StringLitValue(s.tags[i]);
}

std::string QuoteTag(std::string_view tag) {
  // Tags are printed as strconv.Quote prints their value.
  std::string v = syntax::StringLitValue(tag);
  std::string out = "\"";
  for (unsigned char c : v) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20 || c == 0x7f) {
        static const char kHex[] = "0123456789abcdef";
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out + "\"";
}

void Universe::WriteTuple(std::string &out, TypeId tuple, bool variadic, const Package *current,
                          std::vector<TypeId> &seen) const {
  out += "(";
  uint32_t n = TupleLen(tuple);
  for (uint32_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    const Object &v = Obj(TupleVar(tuple, i));
    if (!v.name.empty()) {
      out += v.name;
      out += " ";
    }
    TypeId t = v.type;
    if (variadic && i + 1 == n) {
      if (KindOf(t) == TypeKind::Slice) {
        out += "...";
        t = Elem(t);
      }
    }
    WriteType(out, t, current, seen);
  }
  out += ")";
}

void Universe::WriteSignature(std::string &out, TypeId sig, const Package *current,
                              std::vector<TypeId> &seen) const {
  const SignatureInfo &s = Sig(sig);
  if (!s.typeParams.empty()) {
    out += "[";
    for (size_t i = 0; i < s.typeParams.size(); ++i) {
      if (i) out += ", ";
      WriteType(out, s.typeParams[i], current, seen);
      out += " ";
      WriteType(out, TParam(s.typeParams[i]).bound, current, seen);
    }
    out += "]";
  }
  WriteTuple(out, s.params, s.variadic, current, seen);
  uint32_t n = TupleLen(s.results);
  if (n == 0) return;
  out += " ";
  if (n == 1 && Obj(TupleVar(s.results, 0)).name.empty()) {
    WriteType(out, TupleAt(s.results, 0), current, seen);
    return;
  }
  WriteTuple(out, s.results, false, current, seen);
}

void Universe::WriteType(std::string &out, TypeId t, const Package *current,
                         std::vector<TypeId> &seen) const {
  if (!t) {
    out += "invalid type";
    return;
  }
  const TypeData &d = data_[t.index];
  // Cycles through unnamed types (only possible via interfaces of type parameters).
  if (std::find(seen.begin(), seen.end(), t) != seen.end() && d.kind != TypeKind::Named &&
      d.kind != TypeKind::TypeParam && d.kind != TypeKind::Basic) {
    out += "○";
    return;
  }
  switch (d.kind) {
  case TypeKind::Basic:
    out += kBasicNames[d.sub];
    return;
  case TypeKind::Pointer:
    out += "*";
    WriteType(out, Elem(t), current, seen);
    return;
  case TypeKind::Slice:
    out += "[]";
    WriteType(out, Elem(t), current, seen);
    return;
  case TypeKind::Array:
    out += "[" + std::to_string(ArrayLen(t)) + "]";
    WriteType(out, Elem(t), current, seen);
    return;
  case TypeKind::Map:
    out += "map[";
    WriteType(out, Key(t), current, seen);
    out += "]";
    WriteType(out, MapElem(t), current, seen);
    return;
  case TypeKind::Chan: {
    bool paren = false;
    switch (Dir(t)) {
    case ChanDir::Both:
      out += "chan ";
      // chan (<-chan T) needs parentheses
      paren = KindOf(Elem(t)) == TypeKind::Chan && Dir(Elem(t)) == ChanDir::Recv;
      break;
    case ChanDir::Send:
      out += "chan<- ";
      break;
    case ChanDir::Recv:
      out += "<-chan ";
      break;
    }
    if (paren) out += "(";
    WriteType(out, Elem(t), current, seen);
    if (paren) out += ")";
    return;
  }
  case TypeKind::Struct: {
    seen.push_back(t);
    const StructInfo &s = Struct(t);
    out += "struct{";
    for (size_t i = 0; i < s.fields.size(); ++i) {
      if (i) out += "; ";
      const Object &f = Obj(s.fields[i]);
      if (!f.embedded) {
        out += f.name;
        out += " ";
      }
      WriteType(out, f.type, current, seen);
      if (!TagValue(s, i).empty()) out += " " + QuoteTag(s.tags[i]);
    }
    out += "}";
    seen.pop_back();
    return;
  }
  case TypeKind::Tuple:
    seen.push_back(t);
    WriteTuple(out, t, false, current, seen);
    seen.pop_back();
    return;
  case TypeKind::Signature:
    seen.push_back(t);
    out += "func";
    WriteSignature(out, t, current, seen);
    seen.pop_back();
    return;
  case TypeKind::Union:
    seen.push_back(t);
    for (uint32_t i = 0; i < UnionLen(t); ++i) {
      if (i) out += "|"; // types2 writes unions without spaces
      if (UnionTerm(t, i).tilde) out += "~";
      WriteType(out, UnionTerm(t, i).type, current, seen);
    }
    seen.pop_back();
    return;
  case TypeKind::Interface: {
    if (t == anyType) {
      out += "any";
      return;
    }
    if (t == Named(comparableType).underlying) {
      out += "interface{comparable}";
      return;
    }
    const InterfaceInfo &info = Iface(t);
    if (info.implicit && info.methods.empty() && info.embeddeds.size() == 1) {
      WriteType(out, info.embeddeds[0], current, seen);
      return;
    }
    seen.push_back(t);
    out += "interface{";
    bool first = true;
    for (ObjectId m : info.methods) {
      if (!first) out += "; ";
      first = false;
      out += Obj(m).name;
      WriteSignature(out, Obj(m).type, current, seen);
    }
    for (TypeId e : info.embeddeds) {
      if (!first) out += "; ";
      first = false;
      WriteType(out, e, current, seen);
    }
    out += "}";
    seen.pop_back();
    return;
  }
  case TypeKind::Named: {
    const NamedInfo &n = Named(t);
    const Object &o = Obj(n.obj);
    if (o.pkg && o.pkg != current) {
      out += o.pkg->Qualifier(current);
      out += ".";
    }
    out += o.name;
    if (!n.typeArgs.empty()) {
      out += "[";
      for (size_t i = 0; i < n.typeArgs.size(); ++i) {
        if (i) out += ", ";
        WriteType(out, n.typeArgs[i], current, seen);
      }
      out += "]";
    }
    return;
  }
  case TypeKind::TypeParam:
    out += Obj(TParam(t).obj).name;
    return;
  }
}

} // namespace talpa::types
