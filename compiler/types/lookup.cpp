// Field and method lookup, method sets and interface satisfaction, assignability and
// convertibility, after types2's lookup.go, instantiate.go (implements), operand.go
// (assignableTo) and conversions.go (convertibleTo).
#include <algorithm>

#include "compiler/syntax/scanner.h"
#include "compiler/types/checker.h"

namespace talpa::types {

namespace {
bool IsExportedName(std::string_view name) { return syntax::IsExported(name); }

// Object.sameId for a lookup from package `pkg`.
bool SameId(const Object &o, const Package *pkg, std::string_view name) {
  if (o.name != name) return false;
  if (IsExportedName(name)) return true;
  return o.pkg == pkg;
}
} // namespace

ObjectId Checker::LookupFieldOrMethod(TypeId t, bool addressable, const Package *pkg,
                                      std::string_view name, std::vector<int> *path, bool *indirect,
                                      bool *ambiguous) {
  *indirect = false;
  if (ambiguous) *ambiguous = false;
  path->clear();
  if (name == "_" || !t) return ObjectId{};
  // A named pointer type (type P *S) has no methods of its own and none of S's: its
  // fields are S's, looked up through the underlying pointer type.
  if (u_.IsNamed(t) && u_.Under(t) && u_.KindOf(u_.Under(t)) == TypeKind::Pointer) {
    ObjectId obj = LookupFieldOrMethod(u_.Under(t), false, pkg, name, path, indirect, ambiguous);
    if (obj && Obj(obj).kind == ObjectKind::Func) {
      path->clear();
      *indirect = false;
      return ObjectId{};
    }
    return obj;
  }
  TypeId typ = t;
  bool isPtr = false;
  if (u_.KindOf(typ) == TypeKind::Pointer) {
    typ = u_.Elem(typ);
    isPtr = true;
    TypeId un = u_.Under(typ);
    if (un && u_.KindOf(un) == TypeKind::Interface) return ObjectId{};
  }
  struct Embedded {
    TypeId typ;
    std::vector<int> index;
    bool indirect;
    bool multiples;
  };
  std::vector<Embedded> current{{typ, {}, isPtr, false}};
  std::vector<TypeId> seen;
  while (!current.empty()) {
    std::vector<Embedded> next;
    ObjectId obj;
    std::vector<int> index;
    bool objIndirect = false;
    for (const Embedded &e : current) {
      TypeId et = e.typ;
      if (u_.IsNamed(et)) {
        if (std::find_if(seen.begin(), seen.end(), [&](TypeId s) { return u_.Identical(s, et); }) !=
            seen.end())
          continue;
        seen.push_back(et);
        const NamedInfo &n = u_.Named(et);
        const NamedInfo &orig = u_.Named(n.origin);
        // Make sure methods of a type declared later in this package are collected.
        if (Obj(orig.obj).pkg == &pkg_) ObjDecl(orig.obj);
        const std::vector<ObjectId> &methods = u_.Named(n.origin).methods;
        bool found = false;
        for (size_t i = 0; i < methods.size(); ++i) {
          if (!SameId(Obj(methods[i]), pkg, name)) continue;
          std::vector<int> idx = e.index;
          idx.push_back(static_cast<int>(i));
          if (obj || e.multiples) {
            *path = idx;
            if (ambiguous) *ambiguous = true;
            return ObjectId{};
          }
          obj = methods[i];
          index = idx;
          objIndirect = e.indirect;
          found = true;
          break;
        }
        if (found) continue;
      }
      TypeId un = u_.Under(et);
      if (!un) continue;
      if (u_.KindOf(un) == TypeKind::Struct) {
        const StructInfo &s = u_.Struct(un);
        for (size_t i = 0; i < s.fields.size(); ++i) {
          const Object &f = Obj(s.fields[i]);
          if (SameId(f, pkg, name)) {
            std::vector<int> idx = e.index;
            idx.push_back(static_cast<int>(i));
            if (obj || e.multiples) {
              *path = idx;
              if (ambiguous) *ambiguous = true;
              return ObjectId{};
            }
            obj = s.fields[i];
            index = idx;
            objIndirect = e.indirect;
            continue;
          }
          if (!obj && f.embedded && f.type) {
            TypeId ft = f.type;
            bool p = false;
            if (u_.KindOf(ft) == TypeKind::Pointer) {
              ft = u_.Elem(ft);
              p = true;
            }
            std::vector<int> idx = e.index;
            idx.push_back(static_cast<int>(i));
            next.push_back(Embedded{ft, idx, e.indirect || p, e.multiples});
          }
        }
      } else if (u_.KindOf(un) == TypeKind::Interface) {
        const InterfaceInfo &ts = u_.TypeSet(un);
        for (size_t i = 0; i < ts.allMethods.size(); ++i) {
          if (!SameId(Obj(ts.allMethods[i]), pkg, name)) continue;
          std::vector<int> idx = e.index;
          idx.push_back(static_cast<int>(i));
          if (obj || e.multiples) {
            *path = idx;
            if (ambiguous) *ambiguous = true;
            return ObjectId{};
          }
          obj = ts.allMethods[i];
          index = idx;
          objIndirect = e.indirect;
          break;
        }
      }
    }
    if (obj) {
      *path = index;
      *indirect = objIndirect;
      const Object &o = Obj(obj);
      if (o.kind == ObjectKind::Func) {
        if (Obj(obj).pkg == &pkg_ && !Obj(obj).type) ObjDecl(obj);
        TypeId sig = Obj(obj).type;
        if (sig && u_.IsSignature(sig) && u_.Sig(sig).recv) {
          TypeId rt = Obj(u_.Sig(sig).recv).type;
          bool ptrRecv = rt && u_.KindOf(rt) == TypeKind::Pointer;
          if (ptrRecv && !objIndirect && !addressable) {
            *indirect = true;
            path->clear();
            return ObjectId{};
          }
        }
      }
      return obj;
    }
    // Consolidate: types reached more than once at this depth are ambiguous below it.
    std::vector<Embedded> merged;
    for (Embedded &e : next) {
      auto it = std::find_if(merged.begin(), merged.end(),
                             [&](const Embedded &m) { return u_.Identical(m.typ, e.typ); });
      if (it != merged.end()) {
        it->multiples = true;
        continue;
      }
      merged.push_back(std::move(e));
    }
    current = std::move(merged);
  }
  return ObjectId{};
}

ObjectId Checker::MissingMethod(TypeId v, TypeId iface, bool isStatic, bool *wrongType,
                                ObjectId *found) {
  *wrongType = false;
  if (found) *found = ObjectId{};
  const InterfaceInfo &want = u_.TypeSet(iface);
  if (want.allMethods.empty()) return ObjectId{};
  TypeId vu = u_.Under(v);
  if (vu && u_.KindOf(vu) == TypeKind::Interface) {
    const InterfaceInfo &have = u_.TypeSet(vu);
    for (ObjectId m : want.allMethods) {
      ObjectId f;
      for (ObjectId h : have.allMethods)
        if (SameId(Obj(h), Obj(m).pkg, Obj(m).name)) f = h;
      if (!f) {
        if (!isStatic) continue;
        return m;
      }
      if (!u_.Identical(Obj(f).type, Obj(m).type)) {
        *wrongType = true;
        if (found) *found = f;
        return m;
      }
    }
    return ObjectId{};
  }
  for (ObjectId m : want.allMethods) {
    std::vector<int> path;
    bool indirect;
    ObjectId obj = LookupFieldOrMethod(v, false, Obj(m).pkg, Obj(m).name, &path, &indirect);
    bool ok = static_cast<bool>(obj);
    if (!ok) {
      obj = LookupFieldOrMethod(u_.NewPointer(v), false, Obj(m).pkg, Obj(m).name, &path, &indirect);
      if (!obj) {
        // A method whose name differs only in case helps the message.
        std::string lower(Obj(m).name);
        for (char &c : lower)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        TypeId base = u_.KindOf(v) == TypeKind::Pointer ? u_.Elem(v) : v;
        if (u_.IsNamed(base))
          for (ObjectId cand : u_.Named(u_.Named(base).origin).methods) {
            std::string cl(Obj(cand).name);
            for (char &c : cl)
              c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (cl == lower) obj = cand;
          }
      }
    }
    if (!obj || Obj(obj).kind != ObjectKind::Func) return m;
    if (Obj(obj).pkg == &pkg_ && (!Obj(obj).type || !u_.IsSignature(Obj(obj).type))) ObjDecl(obj);
    // A method of a generic type, found on an instance, with the instance's type arguments
    // (a copy of the method object with that type, for the message).
    if (!path.empty()) {
      TypeId have = MethodType(ok ? v : u_.NewPointer(v), obj, path);
      if (have && have != Obj(obj).type) {
        Object copy = Obj(obj);
        copy.type = have;
        obj = u_.NewObject(copy);
      }
    }
    if (!ok || !u_.Identical(SigWithoutRecv(Obj(obj).type), SigWithoutRecv(Obj(m).type))) {
      *wrongType = true;
      if (found) *found = obj;
      return m;
    }
  }
  return ObjectId{};
}

// Signatures compare without their receivers; the method of an instance is compared with
// the instance's type arguments substituted.
TypeId Checker::SigWithoutRecv(TypeId sig) { return sig; }

namespace {
std::string FuncString(Checker &c, Universe &u, const Package *pkg, ObjectId f) {
  std::string out(u.Obj(f).name);
  std::vector<TypeId> seen;
  u.WriteSignature(out, u.Obj(f).type, pkg, seen);
  (void)c;
  return out;
}
} // namespace

std::string Checker::MissingMethodCause(TypeId v, TypeId t, ObjectId m, bool wrongType,
                                        ObjectId alt) {
  std::string mname = std::string(Obj(m).name) + " method";
  if (wrongType && alt) {
    if (Obj(m).name != Obj(alt).name)
      return "(missing " + mname + ")\n\t\thave " + FuncString(*this, u_, &pkg_, alt) +
             "\n\t\twant " + FuncString(*this, u_, &pkg_, m);
    if (u_.Identical(Obj(m).type, Obj(alt).type)) return "(" + mname + " has pointer receiver)";
    return "(wrong type for " + mname + ")\n\t\thave " + FuncString(*this, u_, &pkg_, alt) +
           "\n\t\twant " + FuncString(*this, u_, &pkg_, m);
  }
  auto isIfacePtr = [&](TypeId x) {
    return u_.KindOf(x) == TypeKind::Pointer && u_.IsInterface(u_.Elem(x));
  };
  if (isIfacePtr(v)) return "(type " + TypeString(v) + " is pointer to interface, not interface)";
  if (isIfacePtr(t)) return "(type " + TypeString(t) + " is pointer to interface, not interface)";
  return "(missing " + mname + ")";
}

bool Checker::Implements(TypeId v, TypeId t, std::string *cause) {
  TypeId vu = u_.Under(v), tu = u_.Under(t);
  if (!vu || !tu || vu == Universe::Basic(BasicKind::Invalid) ||
      tu == Universe::Basic(BasicKind::Invalid))
    return true;
  if (u_.KindOf(vu) == TypeKind::Pointer && !u_.Under(u_.Elem(vu))) return true;
  if (u_.KindOf(tu) != TypeKind::Interface) {
    if (cause) {
      if (u_.KindOf(tu) == TypeKind::Pointer && u_.IsInterface(u_.Elem(tu)))
        *cause = TypeString(v) + " does not implement " + TypeString(t) + " (type " +
                 TypeString(t) + " is pointer to interface, not interface)";
      else
        *cause = TypeString(v) + " does not implement " + TypeString(t) + " (" + TypeString(t) +
                 " is not an interface)";
    }
    return false;
  }
  const InterfaceInfo &ts = u_.TypeSet(tu);
  if (ts.allMethods.empty() && ts.allTypes && !ts.comparable) return true;
  bool vIface = u_.KindOf(vu) == TypeKind::Interface;
  if (vIface) {
    const InterfaceInfo &vs = u_.TypeSet(vu);
    if (!vs.allTypes && vs.terms.empty()) return true; // empty type set
  }
  if (!ts.allTypes && ts.terms.empty()) {
    if (cause) *cause = "cannot implement " + TypeString(t) + " (empty type set)";
    return false;
  }
  bool wrong;
  ObjectId alt;
  if (ObjectId m = MissingMethod(v, tu, true, &wrong, &alt)) {
    if (cause)
      *cause = TypeString(v) + " does not implement " + TypeString(t) + " " +
               MissingMethodCause(v, t, m, wrong, alt);
    return false;
  }
  std::string pending;
  if (ts.comparable && !ComparableStrict(v))
    pending = TypeString(v) + " does not implement comparable";
  if (ts.allTypes) {
    if (!pending.empty()) {
      if (cause) *cause = pending;
      return false;
    }
    return true;
  }
  if (vIface) {
    const InterfaceInfo &vs = u_.TypeSet(vu);
    bool subset = !vs.allTypes;
    for (const Term &x : vs.terms) {
      bool in = false;
      for (const Term &y : ts.terms)
        in |= (y.tilde ? u_.Identical(u_.Under(x.type), u_.Under(y.type)) && (x.tilde || true)
                       : !x.tilde && u_.Identical(x.type, y.type));
      subset &= in;
    }
    if (!subset) {
      if (cause) *cause = TypeString(v) + " does not implement " + TypeString(t);
      return false;
    }
  } else {
    bool in = false;
    TypeId alt2;
    for (const Term &y : ts.terms) {
      if (y.tilde ? u_.Identical(u_.Under(v), u_.Under(y.type)) : u_.Identical(v, y.type)) {
        in = true;
        break;
      }
      if (!alt2 && !y.tilde && u_.Identical(y.type, u_.Under(y.type)) &&
          u_.Identical(u_.Under(v), y.type))
        alt2 = y.type;
    }
    if (!in) {
      if (cause) {
        if (alt2) {
          *cause = TypeString(v) + " does not implement " + TypeString(t) +
                   " (possibly missing ~ for " + TypeString(alt2) + " in constraint " +
                   TypeString(t) + ")";
        } else {
          std::string terms;
          for (size_t i = 0; i < ts.terms.size(); ++i) {
            if (i) terms += " | ";
            if (ts.terms[i].tilde) terms += "~";
            terms += TypeString(ts.terms[i].type);
          }
          *cause = TypeString(v) + " does not implement " + TypeString(t) + " (" + TypeString(v) +
                   " missing in " + terms + ")";
        }
      }
      return false;
    }
  }
  if (!pending.empty()) {
    if (cause) *cause = pending;
    return false;
  }
  return true;
}

namespace {
bool HasName(const Universe &u, TypeId t) {
  TypeKind k = u.KindOf(t);
  return k == TypeKind::Basic || k == TypeKind::Named || k == TypeKind::TypeParam;
}
} // namespace

// Calls fn for each term type of type parameter `tp`'s type set; false if there are no
// specific types or fn fails for one.
bool Checker::ForEachTerm(TypeId tp, const std::function<bool(TypeId)> &fn) {
  TypeId bound = u_.TParam(tp).bound;
  if (!bound) return false;
  TypeId bu = u_.Under(bound);
  if (!bu || u_.KindOf(bu) != TypeKind::Interface) return false;
  const InterfaceInfo &ts = u_.TypeSet(bu);
  if (ts.allTypes) return fn(TypeId{});
  for (const Term &t : ts.terms)
    if (!fn(t.type)) return false;
  return true;
}

bool Checker::AssignableTo(Operand &x, TypeId t, std::string *cause) {
  if (x.mode == Mode::Invalid || !t || t == Universe::Basic(BasicKind::Invalid)) return true;
  TypeId v = x.type;
  if (!v) return true;
  if (u_.Identical(v, t)) return true;
  TypeId vu = u_.Under(v), tu = u_.Under(t);
  bool vp = u_.IsTypeParam(v), tp = u_.IsTypeParam(t);
  if (u_.IsUntyped(v)) {
    if (tp) {
      return ForEachTerm(t, [&](TypeId term) {
        if (!term) return false;
        TypeId nt;
        int code;
        return ImplicitType(x, term, &nt, &code);
      });
    }
    TypeId nt;
    int code;
    return ImplicitType(x, t, &nt, &code);
  }
  if (u_.Identical(vu, tu) && (!HasName(u_, v) || !HasName(u_, t)) && !vp && !tp) return true;
  bool tIfacePtr = u_.KindOf(tu) == TypeKind::Pointer && u_.IsInterface(u_.Elem(tu));
  if ((u_.KindOf(tu) == TypeKind::Interface && !tp) || tIfacePtr) {
    return Implements(v, t, cause);
  }
  if (vu && u_.KindOf(vu) == TypeKind::Interface && !vp) {
    if (Implements(t, v, nullptr)) {
      if (cause) *cause = "need type assertion";
      return false;
    }
  }
  if (vu && u_.KindOf(vu) == TypeKind::Chan && u_.Dir(vu) == ChanDir::Both && tu &&
      u_.KindOf(tu) == TypeKind::Chan && u_.Identical(u_.Elem(vu), u_.Elem(tu)))
    return !HasName(u_, v) || !HasName(u_, t);
  if (!vp && !tp) return false;
  auto addCause = [&](const std::string &msg) {
    if (!cause) return;
    *cause = cause->empty() ? msg : msg + "\n\t" + *cause;
  };
  if (!HasName(u_, v) && tp) {
    return ForEachTerm(t, [&](TypeId term) {
      if (!term) return false;
      if (!AssignableTo(x, term, cause)) {
        addCause("cannot assign " + TypeString(x.type) + " to " + TypeString(term) + " (in " +
                 TypeString(t) + ")");
        return false;
      }
      return true;
    });
  }
  if (vp && !HasName(u_, t)) {
    return ForEachTerm(v, [&](TypeId term) {
      if (!term) return false;
      Operand y = x;
      y.type = term;
      if (!AssignableTo(y, t, cause)) {
        addCause("cannot assign " + TypeString(term) + " (in " + TypeString(v) + ") to " +
                 TypeString(t));
        return false;
      }
      return true;
    });
  }
  return false;
}

bool Checker::ConvertibleTo(Operand &x, TypeId t, std::string *cause) {
  if (AssignableTo(x, t, cause)) return true;
  TypeId v = x.type;
  TypeId vu = u_.Under(v), tu = u_.Under(t);
  bool vp = u_.IsTypeParam(v), tp = u_.IsTypeParam(t);
  if (!vu || !tu) return true;
  if (u_.IdenticalIgnoreTags(vu, tu) && !vp && !tp) return true;
  if (u_.KindOf(v) == TypeKind::Pointer && u_.KindOf(t) == TypeKind::Pointer) {
    TypeId vb = u_.Elem(v), tb = u_.Elem(t);
    if (u_.IdenticalIgnoreTags(u_.Under(vb), u_.Under(tb)) && !u_.IsTypeParam(vb) &&
        !u_.IsTypeParam(tb))
      return true;
  }
  auto intOrFloat = [&](TypeId x) { return u_.IsInteger(x) || u_.IsFloat(x); };
  auto bytesOrRunes = [&](TypeId x) {
    if (u_.KindOf(x) != TypeKind::Slice) return false;
    BasicKind k = u_.Kind(u_.Elem(x));
    return k == BasicKind::Uint8 || k == BasicKind::Int32;
  };
  if (!vp && !tp) {
    if (intOrFloat(vu) && intOrFloat(tu)) return true;
    if (u_.IsComplex(vu) && u_.IsComplex(tu)) return true;
    if ((u_.IsInteger(vu) || bytesOrRunes(vu)) && u_.IsString(tu)) return true;
    if (u_.IsString(vu) && bytesOrRunes(tu)) return true;
    bool vUnsafe = u_.KindOf(vu) == TypeKind::Basic && u_.Kind(vu) == BasicKind::UnsafePointer;
    bool tUnsafe = u_.KindOf(tu) == TypeKind::Basic && u_.Kind(tu) == BasicKind::UnsafePointer;
    if ((u_.KindOf(vu) == TypeKind::Pointer || u_.Kind(vu) == BasicKind::Uintptr) && tUnsafe)
      return true;
    if (vUnsafe && (u_.KindOf(tu) == TypeKind::Pointer || u_.Kind(tu) == BasicKind::Uintptr))
      return true;
    if (u_.KindOf(vu) == TypeKind::Slice && u_.KindOf(tu) == TypeKind::Pointer) {
      TypeId a = u_.Under(u_.Elem(tu));
      if (a && u_.KindOf(a) == TypeKind::Array && u_.Identical(u_.Elem(vu), u_.Elem(a)))
        return true;
    }
    return false;
  }
  auto addCause = [&](const std::string &msg) {
    if (!cause) return;
    *cause = cause->empty() ? msg : msg + "\n\t" + *cause;
  };
  if (vp && tp) {
    return ForEachTerm(v, [&](TypeId vt) {
      if (!vt) return false;
      Operand y = x;
      y.type = vt;
      return ForEachTerm(t, [&](TypeId tt) {
        if (!tt) return false;
        if (!ConvertibleTo(y, tt, cause)) {
          addCause("cannot convert " + TypeString(vt) + " (in " + TypeString(v) + ") to " +
                   TypeString(tt) + " (in " + TypeString(t) + ")");
          return false;
        }
        return true;
      });
    });
  }
  if (vp) {
    return ForEachTerm(v, [&](TypeId vt) {
      if (!vt) return false;
      Operand y = x;
      y.type = vt;
      if (!ConvertibleTo(y, t, cause)) {
        addCause("cannot convert " + TypeString(vt) + " (in " + TypeString(v) + ") to " +
                 TypeString(t));
        return false;
      }
      return true;
    });
  }
  return ForEachTerm(t, [&](TypeId tt) {
    if (!tt) return false;
    if (!ConvertibleTo(x, tt, cause)) {
      addCause("cannot convert " + TypeString(x.type) + " to " + TypeString(tt) + " (in " +
               TypeString(t) + ")");
      return false;
    }
    return true;
  });
}

// types2's coreType: the underlying type, or for a type parameter the single underlying
// type of all types in its type set (channels may differ in direction); 0 if none.
TypeId Checker::CoreType(TypeId t) {
  if (!u_.IsTypeParam(t)) {
    TypeId un = u_.Under(t);
    if (un && u_.KindOf(un) == TypeKind::Interface) {
      const InterfaceInfo &ts = u_.TypeSet(un);
      if (ts.allTypes) return un;
      // An interface with terms: its core type, as for a type parameter.
      TypeId core;
      for (const Term &term : ts.terms) {
        TypeId tu = u_.Under(term.type);
        if (!core) {
          core = tu;
        } else if (!u_.Identical(core, tu)) {
          return TypeId{};
        }
      }
      return core;
    }
    return un;
  }
  TypeId core;
  bool ok = ForEachTerm(t, [&](TypeId term) {
    if (!term) return false;
    TypeId tu = u_.Under(term);
    if (!core) {
      core = tu;
      return true;
    }
    if (u_.Identical(core, tu)) return true;
    // Channels: the same element type, at most one direction.
    if (u_.KindOf(core) == TypeKind::Chan && u_.KindOf(tu) == TypeKind::Chan &&
        u_.Identical(u_.Elem(core), u_.Elem(tu))) {
      if (u_.Dir(core) == ChanDir::Both) {
        core = tu;
        return true;
      }
      return u_.Dir(tu) == ChanDir::Both || u_.Dir(tu) == u_.Dir(core);
    }
    return false;
  });
  return ok ? core : TypeId{};
}

TypeId Checker::CoreString(TypeId t) {
  if (!u_.IsTypeParam(t)) return u_.Under(t);
  TypeId core;
  bool hasString = false;
  bool ok = ForEachTerm(t, [&](TypeId term) {
    if (!term) return false;
    TypeId tu = u_.Under(term);
    if (u_.IsString(tu)) {
      tu = u_.NewSlice(Universe::Basic(BasicKind::Byte));
      hasString = true;
    }
    if (!core) {
      core = tu;
      return true;
    }
    return u_.Identical(core, tu);
  });
  if (!ok) return TypeId{};
  if (hasString) return Universe::Basic(BasicKind::String);
  return core;
}

} // namespace talpa::types
