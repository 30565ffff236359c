// Type expressions, after types2's typexpr.go, struct.go, interface.go, union.go and
// signature.go: names and qualified names of types, the composite type literals, array
// lengths, function signatures (with their parameter objects), struct fields with their
// embedded-field rules and interface methods and elements. Checks that need complete types
// (map keys, embedded fields, receivers) run later, after the package-level declarations.
#include "compiler/syntax/scanner.h"
#include "compiler/types/checker.h"

namespace talpa::types {

TypeId Checker::TypeExpr(NodeId e) {
  TypeId t = DefinedType(e, TypeId{});
  // varType: a constraint interface is not an ordinary type.
  if (t && u_.KindOf(u_.Under(t)) == TypeKind::Interface && !u_.IsTypeParam(t)) {
    TypeId it = u_.Under(t);
    uint32_t file = file_;
    Later([this, it, e, file] {
      file_ = file;
      const InterfaceInfo &ts = u_.TypeSet(it);
      if (!ts.allTypes || ts.comparable) {
        if (ts.comparable && ts.allTypes && ts.allMethods.empty() &&
            u_.Iface(it).embeddeds.size() <= 1)
          ErrorAtNode(e, "cannot use type " + ExprString(e) +
                             " outside a type constraint: interface is (or embeds) comparable");
        else
          ErrorAtNode(e, "cannot use type " + ExprString(e) +
                             " outside a type constraint: interface contains type constraints");
      }
    });
  }
  return t;
}

TypeId Checker::DefinedType(NodeId e, TypeId def) {
  TypeId t = TypeInternal(e, def);
  Info(e).mode = Mode::TypeExpr;
  Info(e).type = t;
  return t;
}

TypeId Checker::TypeInternal(NodeId e, TypeId def) {
  syntax::File &f = F();
  switch (f.Kind(e)) {
  case NodeKind::Name:
  case NodeKind::SelectorExpr: {
    Operand x;
    if (f.Kind(e) == NodeKind::Name)
      Ident(x, e, /*markUsed=*/true, /*wantType=*/true);
    else
      Selector(x, e, /*wantType=*/true);
    switch (x.mode) {
    case Mode::TypeExpr: {
      TypeId t = x.type;
      if (t && u_.IsNamed(t) && !u_.Named(t).typeParams.empty() && u_.Named(t).typeArgs.empty()) {
        ErrorAtNode(e, "cannot use generic type " + TypeString(t) + " without instantiation");
        return TypeId{};
      }
      return t;
    }
    case Mode::Invalid:
      return TypeId{};
    case Mode::NoValue:
      ErrorAtNode(e, ExprString(e) + " used as type");
      return TypeId{};
    default:
      ErrorAtNode(e, ExprString(e) + " is not a type");
      return TypeId{};
    }
  }
  case NodeKind::IndexExpr:
    return InstantiatedType(e, def);
  case NodeKind::ParenExpr:
    return DefinedType(f.A(e), def);
  case NodeKind::Operation:
    if (!f.B(e) && f[e].op == static_cast<uint8_t>(TK::Mul)) {
      TypeId elem = TypeExpr(f.A(e));
      if (!elem) return TypeId{};
      return u_.NewPointer(elem);
    }
    break;
  case NodeKind::ArrayType: {
    if (!f.A(e)) {
      ErrorAtNode(e, "invalid use of [...] array (outside a composite literal)");
      TypeExpr(f.B(e));
      return TypeId{};
    }
    int64_t n = ArrayLength(f.A(e));
    TypeId elem = TypeExpr(f.B(e));
    if (n < 0 || !elem) return TypeId{};
    return u_.NewArray(elem, n);
  }
  case NodeKind::SliceType: {
    TypeId elem = TypeExpr(f.A(e));
    return elem ? u_.NewSlice(elem) : TypeId{};
  }
  case NodeKind::DotsType:
    ErrorAtNode(e, "invalid use of '...'");
    return TypeId{};
  case NodeKind::StructType:
    return StructType(e);
  case NodeKind::InterfaceType:
    return InterfaceType(e, def);
  case NodeKind::FuncType:
    return FuncType(e, ObjectId{}, {}, nullptr);
  case NodeKind::MapType: {
    TypeId key = TypeExpr(f.A(e));
    TypeId elem = TypeExpr(f.B(e));
    if (!key || !elem) return TypeId{};
    NodeId keyNode = f.A(e);
    uint32_t file = file_;
    Later([this, key, keyNode, file] {
      file_ = file;
      if (!u_.Comparable(key)) {
        std::string why = u_.IsTypeParam(key) ? " (missing comparable constraint)" : "";
        ErrorAtNode(keyNode, "invalid map key type " + TypeString(key) + why);
      }
    });
    return u_.NewMap(key, elem);
  }
  case NodeKind::ChanType: {
    TypeId elem = TypeExpr(f.B(e));
    if (!elem) return TypeId{};
    ChanDir dir = f[e].op == 1 ? ChanDir::Send : f[e].op == 2 ? ChanDir::Recv : ChanDir::Both;
    return u_.NewChan(dir, elem);
  }
  case NodeKind::Invalid:
    return TypeId{};
  default:
    break;
  }
  Operand x;
  RawExpr(x, e, true);
  if (x.mode != Mode::Invalid) ErrorAtNode(e, ExprString(e) + " is not a type");
  return TypeId{};
}

int64_t Checker::ArrayLength(NodeId e) {
  syntax::File &f = F();
  if (f.Kind(e) == NodeKind::Name) {
    std::string_view name = f.Text(e);
    ObjectId obj = Lookup(name);
    if (!obj) {
      Error(f.Pos(e), "undeclared name " + std::string(name) + " for array length");
      return -1;
    }
    if (Obj(obj).kind != ObjectKind::Const) {
      Error(f.Pos(e), "invalid array length " + std::string(name));
      return -1;
    }
  }
  Operand x;
  Expr(x, e);
  if (x.mode != Mode::Constant) {
    if (x.mode != Mode::Invalid)
      ErrorAtNode(e, "array length " + OperandString(x) + " must be constant");
    return -1;
  }
  if (u_.IsUntyped(x.type) || u_.IsInteger(x.type)) {
    Value v = Val(x).ToInt();
    if (v.kind() == Value::Kind::Int) {
      Value rounded;
      if (Representation(v, Universe::Basic(BasicKind::Int), &rounded) == 0) {
        if (v.FitsInt64() && v.Int64() >= 0) {
          ConvertUntyped(x, Universe::Basic(BasicKind::Int));
          return v.Int64();
        }
        ErrorAtNode(e, "invalid array length " + OperandString(x));
        return -1;
      }
    }
  }
  ErrorAtNode(e, "array length " + OperandString(x) + " must be integer");
  return -1;
}

namespace {
// The name an embedded field takes from its type: T, *T, p.T, T[...] (0 if invalid).
NodeId EmbeddedFieldIdent(const syntax::File &f, NodeId e) {
  switch (f.Kind(e)) {
  case NodeKind::Name:
    return e;
  case NodeKind::Operation:
    if (!f.B(e) && f[e].op == static_cast<uint8_t>(TK::Mul)) {
      NodeId base = f.Unparen(f.A(e));
      if (f.Kind(base) == NodeKind::Operation && !f.B(base) &&
          f[base].op == static_cast<uint8_t>(TK::Mul))
        return NodeId{};
      return EmbeddedFieldIdent(f, f.A(e));
    }
    return NodeId{};
  case NodeKind::ParenExpr:
    return NodeId{};
  case NodeKind::SelectorExpr:
    return f.B(e);
  case NodeKind::IndexExpr:
    return EmbeddedFieldIdent(f, f.A(e));
  default:
    return NodeId{};
  }
}
} // namespace

TypeId Checker::StructType(NodeId e) {
  syntax::File &f = F();
  std::vector<ObjectId> fields;
  std::vector<std::string_view> tags;
  llvm::StringMap<ObjectId> seen;
  NodeId prevType;
  TypeId typ;
  for (NodeId fld : std::vector<NodeId>(f.begin(f.ListAB(e)), f.end(f.ListAB(e)))) {
    NodeId texpr = f.B(fld);
    if (texpr != prevType) {
      typ = TypeExpr(texpr);
      prevType = texpr;
    }
    std::string_view tag;
    if (f.C(fld)) tag = f.Text(f.C(fld));
    NodeId name = f.A(fld);
    bool embedded = !name;
    uint32_t pos = name ? f.Pos(name) : syntax::StartPos(f, texpr);
    TypeId ftyp = typ;
    if (embedded) {
      name = EmbeddedFieldIdent(f, texpr);
      if (!name) {
        Error(pos, "invalid embedded field type " + ExprString(texpr));
        ftyp = TypeId{};
        tag = {};
      } else {
        TypeId et = typ;
        uint32_t file = file_;
        Later([this, et, pos, file] {
          file_ = file;
          if (!et) return;
          TypeId t = et;
          bool isPtr = false;
          if (u_.KindOf(t) == TypeKind::Pointer) {
            t = u_.Elem(t);
            isPtr = true;
          }
          TypeId un = u_.Under(t);
          if (!un) return;
          switch (u_.KindOf(un)) {
          case TypeKind::Basic:
            if (u_.Kind(un) == BasicKind::UnsafePointer)
              Error(pos, "embedded field type cannot be unsafe.Pointer");
            break;
          case TypeKind::Pointer:
            Error(pos, "embedded field type cannot be a pointer");
            break;
          case TypeKind::Interface:
            if (u_.IsTypeParam(t))
              Error(pos, "embedded field type cannot be a (pointer to a) type parameter");
            else if (isPtr)
              Error(pos, "embedded field type cannot be a pointer to an interface");
            break;
          default:
            break;
          }
        });
      }
    }
    Object o;
    o.kind = ObjectKind::Var;
    o.field = true;
    o.embedded = embedded;
    o.name = name ? f.Text(name) : std::string_view("_");
    o.file = file_;
    o.pos = pos;
    o.type = ftyp;
    ObjectId id = NewObject(o);
    if (name && f.Kind(name) == NodeKind::Name) Info(name).object = id;
    if (o.name != "_") {
      auto [it, inserted] = seen.try_emplace(o.name, id);
      if (!inserted) {
        Error(pos, std::string(o.name) + " redeclared" + OtherDeclaration(it->second));
        continue;
      }
    }
    fields.push_back(id);
    tags.push_back(tag);
  }
  return u_.NewStruct(std::move(fields), std::move(tags));
}

TypeId Checker::InterfaceType(NodeId e, TypeId def) {
  syntax::File &f = F();
  InterfaceInfo info;
  // The interface's id is needed for the methods' receivers, so it is made first and its
  // info filled in at the end.
  TypeId iface = u_.NewInterface(InterfaceInfo{});
  TypeId recvType = def ? def : iface;
  llvm::StringMap<ObjectId> seen;
  for (NodeId fld : std::vector<NodeId>(f.begin(f.ListAB(e)), f.end(f.ListAB(e)))) {
    NodeId name = f.A(fld);
    if (!name) {
      TypeId t = UnionType(f.B(fld));
      if (!t) continue;
      info.embeddeds.push_back(t);
      if (!AllowVersion(18)) {
        // Before go1.18 an interface embeds only interfaces.
        uint32_t pos = syntax::StartPos(f, f.B(fld));
        uint32_t file = file_;
        Later([this, t, pos, file] {
          file_ = file;
          TypeId un = u_.Under(t);
          if (u_.KindOf(t) == TypeKind::Union || !un)
            VersionError(pos, 18, "embedding interface element " + TypeString(t));
          else if (u_.KindOf(un) != TypeKind::Interface || u_.IsTypeParam(t))
            VersionError(pos, 18, "embedding non-interface type " + TypeString(t));
        });
      }
      continue;
    }
    std::string_view nm = f.Text(name);
    if (nm == "_") {
      Error(f.Pos(name), "methods must have a unique non-blank name");
      continue;
    }
    Object m;
    m.kind = ObjectKind::Func;
    m.name = nm;
    m.file = file_;
    m.pos = f.Pos(name);
    ObjectId mid = NewObject(m);
    Info(name).object = mid;
    ObjectId recv = u_.NewVar("", recvType, &pkg_);
    TypeId sig = FuncType(f.B(fld), recv, {}, nullptr);
    Obj(mid).type = sig;
    auto [it, inserted] = seen.try_emplace(nm, mid);
    if (!inserted) {
      Error(f.Pos(name), "duplicate method " + std::string(nm) + OtherDeclaration(it->second));
      continue;
    }
    info.methods.push_back(mid);
  }
  std::sort(info.methods.begin(), info.methods.end(), [&](ObjectId a, ObjectId b) {
    return Obj(a).name != Obj(b).name ? Obj(a).name < Obj(b).name : a < b;
  });
  u_.Iface(iface) = std::move(info);
  // Duplicate methods through embedding are reported once the embedded types are complete.
  uint32_t file = file_;
  Later([this, iface, e, file] {
    file_ = file;
    const InterfaceInfo &own = u_.Iface(iface);
    llvm::StringMap<ObjectId> names;
    for (ObjectId m : own.methods)
      names[Obj(m).name] = m;
    for (TypeId emb : own.embeddeds) {
      TypeId un = u_.Under(emb);
      if (!un || u_.KindOf(un) != TypeKind::Interface || u_.IsTypeParam(emb)) continue;
      for (ObjectId m : u_.TypeSet(un).allMethods) {
        auto [it, inserted] = names.try_emplace(Obj(m).name, m);
        if (!inserted && it->second != m && !u_.Identical(Obj(it->second).type, Obj(m).type))
          ErrorAtNode(e, "duplicate method " + std::string(Obj(m).name));
      }
    }
  });
  return iface;
}

// An interface element: a type, ~T, or a union of those.
TypeId Checker::UnionType(NodeId e) {
  syntax::File &f = F();
  std::vector<NodeId> termNodes;
  // Unions are left-leaning trees of Or operations.
  std::function<void(NodeId)> flatten = [&](NodeId n) {
    if (f.Kind(n) == NodeKind::Operation && f.B(n) && f[n].op == static_cast<uint8_t>(TK::Or)) {
      flatten(f.A(n));
      flatten(f.B(n));
      return;
    }
    termNodes.push_back(n);
  };
  flatten(e);
  std::vector<Term> terms;
  std::vector<NodeId> termAt;
  for (NodeId n : termNodes) {
    bool tilde = false;
    NodeId tn = n;
    if (f.Kind(n) == NodeKind::Operation && !f.B(n) && f[n].op == static_cast<uint8_t>(TK::Tilde)) {
      tilde = true;
      tn = f.A(n);
    }
    TypeId t = DefinedType(tn, TypeId{});
    if (!t) continue;
    if (tilde) {
      TypeId un = u_.Under(t);
      uint32_t file = file_;
      Later([this, t, un, n, file] {
        file_ = file;
        if (un && !u_.Identical(t, u_.Under(t)))
          ErrorAtNode(n, "invalid use of ~ (underlying type of " + TypeString(t) + " is " +
                             TypeString(u_.Under(t)) + ")");
      });
    }
    if (termNodes.size() > 1) {
      uint32_t file = file_;
      bool isT = tilde;
      Later([this, t, tn, file, isT] {
        file_ = file;
        (void)isT;
        TypeId un = u_.Under(t);
        if (u_.IsTypeParam(t)) {
          ErrorAtNode(tn, "term cannot be a type parameter");
        } else if (un && u_.KindOf(un) == TypeKind::Interface) {
          if (t == u_.comparableType)
            ErrorAtNode(tn, "cannot use comparable in union");
          else if (!u_.TypeSet(un).allMethods.empty())
            ErrorAtNode(tn, "cannot use " + TypeString(t) + " in union (" + TypeString(t) +
                                " contains methods)");
        }
      });
    } else if (!tilde && u_.IsTypeParam(t)) {
      ErrorAtNode(tn, "term cannot be a type parameter");
      continue;
    }
    terms.push_back(Term{tilde, t});
    termAt.push_back(n);
  }
  if (termNodes.size() > 1) UnionOverlaps(terms, termAt); // generics.cpp
  if (terms.size() == 1 && !terms[0].tilde) return terms[0].type;
  if (terms.empty()) return TypeId{};
  return u_.NewUnion(terms);
}

TypeId Checker::FuncType(NodeId ft, ObjectId recv, std::vector<TypeId> typeParams,
                         std::vector<ObjectId> *declare) {
  syntax::File &f = F();
  SignatureInfo sig;
  sig.recv = recv;
  sig.typeParams = std::move(typeParams);
  auto collect = [&](syntax::NodeList list, bool results, bool *variadic) {
    std::vector<ObjectId> vars;
    NodeId prevType;
    TypeId typ;
    for (uint32_t i = 0; i < list.count; ++i) {
      NodeId fld = f.At(list, i);
      NodeId texpr = f.B(fld);
      if (texpr != prevType) {
        prevType = texpr;
        if (f.Kind(texpr) == NodeKind::DotsType) {
          if (!results && variadic && i + 1 == list.count) {
            *variadic = true;
            TypeId elem = TypeExpr(f.A(texpr));
            typ = elem ? u_.NewSlice(elem) : TypeId{};
          } else {
            ErrorAtNode(texpr, "can only use ... with final parameter in list");
            TypeExpr(f.A(texpr));
            typ = TypeId{};
          }
          Info(texpr).type = typ;
        } else {
          typ = TypeExpr(texpr);
        }
      }
      NodeId name = f.A(fld);
      Object o;
      o.kind = ObjectKind::Var;
      o.name = name ? f.Text(name) : std::string_view();
      o.file = file_;
      o.pos = name ? f.Pos(name) : syntax::StartPos(f, texpr);
      o.type = typ ? typ : Universe::Invalid();
      o.isParam = true;
      o.isResult = results;
      o.index = i;
      o.used = true; // parameters are never "declared but not used"
      ObjectId id = NewObject(o);
      if (name) {
        Info(name).object = id;
        if (declare) declare->push_back(id);
      }
      vars.push_back(id);
    }
    return u_.NewTuple(vars);
  };
  sig.params = collect(f.ListAB(ft), false, &sig.variadic);
  sig.results = collect(f.ListCD(ft), true, nullptr);
  TypeId t = u_.NewSignature(std::move(sig));
  Info(ft).type = t;
  Info(ft).mode = Mode::TypeExpr;
  return t;
}

} // namespace talpa::types
