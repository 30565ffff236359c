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

// T[A, B] in a type or expression: the instance of generic type T (types2's
// instantiatedType); the arguments are checked against T's constraints later, when the
// constraints are complete.
TypeId Checker::InstantiatedType(NodeId e, TypeId def) {
  (void)def;
  syntax::File &f = F();
  NodeId base = f.A(e);
  NodeId inner = f.Unparen(base);
  Operand x;
  if (f.Kind(inner) == NodeKind::Name) {
    Ident(x, inner, /*markUsed=*/true, /*wantType=*/true);
  } else if (f.Kind(inner) == NodeKind::SelectorExpr) {
    Selector(x, inner, /*wantType=*/true);
  } else {
    TypeId t = DefinedType(base, TypeId{});
    if (t) ErrorAtNode(base, TypeString(t) + " is not a generic type");
    for (NodeId a : f.Unpack(f.B(e)))
      TypeExpr(a);
    return TypeId{};
  }
  std::vector<NodeId> xlist = f.Unpack(f.B(e));
  auto evalArgs = [&] {
    std::vector<TypeId> targs;
    bool ok = true;
    for (NodeId a : xlist) {
      TypeId t = TypeExpr(a);
      ok &= static_cast<bool>(t);
      targs.push_back(t);
    }
    if (!ok) targs.clear();
    return targs;
  };
  if (x.mode != Mode::TypeExpr) {
    if (x.mode != Mode::Invalid) ErrorAtNode(base, ExprString(base) + " is not a type");
    evalArgs();
    return TypeId{};
  }
  Info(base).mode = Mode::TypeExpr;
  Info(base).type = x.type;
  TypeId gtyp = x.type;
  if (!gtyp || !u_.IsNamed(gtyp) || u_.Named(gtyp).typeParams.empty() ||
      !u_.Named(gtyp).typeArgs.empty()) {
    if (gtyp && u_.IsNamed(gtyp) && !u_.Named(gtyp).underlying &&
        u_.Named(gtyp).typeParams.empty() && u_.Named(gtyp).origin == gtyp) {
      // A generic type used in its own type parameter list: its parameters are not
      // declared yet.
      ObjectId obj = u_.Named(gtyp).obj;
      if (!reportedCycles_.count(obj.index)) {
        reportedCycles_.insert(obj.index);
        CycleError({obj});
      }
    } else if (gtyp && gtyp != Universe::Basic(BasicKind::Invalid)) {
      ErrorAtNode(base, TypeString(gtyp) + " is not a generic type");
    }
    evalArgs();
    return TypeId{};
  }
  std::vector<TypeId> targs = evalArgs();
  if (targs.empty()) return TypeId{};
  const std::vector<TypeId> tparams = u_.Named(gtyp).typeParams;
  if (targs.size() != tparams.size()) {
    ErrorAtNode(base, "got " + std::to_string(targs.size()) + " arguments but " +
                          std::to_string(tparams.size()) + " type parameters");
    // An instance that is never expanded, for messages (one per argument list, so that
    // its uses are identical).
    for (TypeId bad : badInstances_[gtyp.index]) {
      const std::vector<TypeId> &ba = u_.Named(bad).typeArgs;
      bool same = ba.size() == targs.size();
      for (size_t i = 0; same && i < ba.size(); ++i)
        same = u_.Identical(ba[i], targs[i]);
      if (same) return bad;
    }
    TypeId inst = u_.NewNamed(u_.Named(gtyp).obj, Universe::Basic(BasicKind::Invalid));
    u_.Named(inst).origin = gtyp;
    u_.Named(inst).typeArgs = targs;
    badInstances_[gtyp.index].push_back(inst);
    return inst;
  }
  TypeId inst = Instantiate(gtyp, targs, base, false);
  RecordInstance(e, targs);
  RecordInstance(base, targs);
  VerifyLater(tparams, targs, base, xlist);
  return inst;
}

void Checker::RecordInstance(NodeId n, const std::vector<TypeId> &targs) {
  pkg_.instances.push_back(targs);
  Info(n).instance = static_cast<uint32_t>(pkg_.instances.size() - 1);
}

void Checker::UnionOverlaps(const std::vector<Term> &terms, const std::vector<NodeId> &nodes) {
  uint32_t file = file_;
  Later([this, terms, nodes, file] {
    file_ = file;
    auto isIface = [&](TypeId t) {
      TypeId un = u_.Under(t);
      return !un || (u_.KindOf(un) == TypeKind::Interface && !u_.IsTypeParam(t));
    };
    auto termString = [&](const Term &t) { return (t.tilde ? "~" : "") + TypeString(t.type); };
    for (size_t i = 0; i < terms.size(); ++i) {
      const Term &y = terms[i];
      if (isIface(y.type) || u_.IsTypeParam(y.type)) continue;
      // A ~T term whose T is not its own underlying type is reported elsewhere.
      if (y.tilde && !u_.Identical(y.type, u_.Under(y.type))) continue;
      for (size_t j = 0; j < i; ++j) {
        const Term &x = terms[j];
        if (isIface(x.type) || u_.IsTypeParam(x.type)) continue;
        TypeId ux = y.tilde ? u_.Under(x.type) : x.type;
        TypeId uy = x.tilde ? u_.Under(y.type) : y.type;
        if (u_.Identical(ux, uy)) {
          ErrorAtNode(nodes[i], "overlapping terms " + termString(y) + " and " + termString(x));
          break;
        }
      }
    }
  });
}

bool Checker::ComparableStrict(TypeId t) {
  std::vector<TypeId> seen;
  std::function<bool(TypeId)> cmp = [&](TypeId t) -> bool {
    if (!t) return true;
    if (std::find(seen.begin(), seen.end(), t) != seen.end()) return true;
    seen.push_back(t);
    TypeId un = u_.Under(t);
    if (!un) return true;
    switch (u_.KindOf(un)) {
    case TypeKind::Struct:
      for (ObjectId fld : u_.Struct(un).fields)
        if (!cmp(Obj(fld).type)) return false;
      return true;
    case TypeKind::Array:
      return cmp(u_.Elem(un));
    case TypeKind::Interface: {
      const InterfaceInfo &ts = u_.TypeSet(un);
      if (ts.comparable) return true;
      if (ts.allTypes) return false;
      for (const Term &term : ts.terms)
        if (!cmp(term.type)) return false;
      return true;
    }
    default:
      return u_.Comparable(un);
    }
  };
  return cmp(t);
}

bool Checker::Verify(const std::vector<TypeId> &tparams, const std::vector<TypeId> &targs,
                     size_t *index, std::string *cause) {
  for (size_t i = 0; i < tparams.size() && i < targs.size(); ++i) {
    TypeId bound = u_.TParam(tparams[i]).bound;
    if (!bound || !targs[i]) continue;
    bound = Subst(bound, tparams, targs);
    // A constraint broken by an earlier error (a method with an invalid type) is not
    // checked again.
    TypeId bu = u_.Under(bound);
    if (!bu || u_.KindOf(bu) != TypeKind::Interface) continue;
    bool broken = false;
    for (ObjectId m : u_.TypeSet(bu).allMethods) {
      TypeId mt = Obj(m).type;
      if (!mt || !u_.IsSignature(mt)) {
        broken = true;
        continue;
      }
      for (TypeId tup : {u_.Sig(mt).params, u_.Sig(mt).results})
        for (uint32_t k = 0; tup && k < u_.TupleLen(tup); ++k) {
          TypeId pt = u_.TupleAt(tup, k);
          broken |= !pt || pt == Universe::Basic(BasicKind::Invalid);
        }
    }
    if (broken) continue;
    if (!Implements(targs[i], bound, cause)) {
      *index = i;
      return false;
    }
  }
  return true;
}

void Checker::VerifyLater(const std::vector<TypeId> &tparams, const std::vector<TypeId> &targs,
                          NodeId pos, std::vector<NodeId> xlist) {
  uint32_t file = file_;
  Later([this, tparams, targs, pos, xlist, file] {
    file_ = file;
    size_t i = 0;
    std::string cause;
    if (Verify(tparams, targs, &i, &cause)) {
      MonoRecord(tparams, targs, pos, xlist);
      return;
    }
    if (i < xlist.size())
      ErrorAtNode(xlist[i], cause);
    else
      Error(F().Pos(pos), cause);
  });
}

void Checker::MonoRecord(const std::vector<TypeId> &tparams, const std::vector<TypeId> &targs,
                         NodeId pos, const std::vector<NodeId> &xlist) {
  for (size_t i = 0; i < tparams.size() && i < targs.size(); ++i) {
    TypeId tpar = tparams[i], targ = targs[i];
    if (Obj(u_.TParam(tpar).obj).pkg != &pkg_) continue;
    uint32_t at = i < xlist.size() ? syntax::StartPos(F(), xlist[i]) : F().Pos(pos);
    // Every type parameter of this package in the argument flows into tpar; a bare one
    // with weight 0, one inside a larger type with weight 1.
    std::function<void(TypeId, int)> walk = [&](TypeId t, int depth) {
      if (!t || depth > 100) return;
      ++depth;
      switch (u_.KindOf(t)) {
      case TypeKind::TypeParam:
        if (Obj(u_.TParam(t).obj).pkg == &pkg_)
          monoEdges_.push_back(MonoEdge{tpar, t, t == targ ? 0 : 1, file_, at, targ});
        return;
      case TypeKind::Named: {
        std::vector<TypeId> args = u_.Named(t).typeArgs;
        for (TypeId a : args)
          walk(a, depth);
        return;
      }
      case TypeKind::Array:
      case TypeKind::Slice:
      case TypeKind::Pointer:
      case TypeKind::Chan:
        walk(u_.Elem(t), depth);
        return;
      case TypeKind::Map:
        walk(u_.Key(t), depth);
        walk(u_.MapElem(t), depth);
        return;
      case TypeKind::Struct:
        for (ObjectId fld : u_.Struct(t).fields)
          walk(Obj(fld).type, depth);
        return;
      case TypeKind::Tuple:
        for (uint32_t k = 0; k < u_.TupleLen(t); ++k)
          walk(u_.TupleAt(t, k), depth);
        return;
      case TypeKind::Signature:
        walk(u_.Sig(t).params, depth);
        walk(u_.Sig(t).results, depth);
        return;
      case TypeKind::Interface:
        for (ObjectId m : u_.Iface(t).methods)
          walk(Obj(m).type, depth);
        return;
      default:
        return;
      }
    };
    walk(targ, 0);
  }
}

void Checker::Monomorph() {
  // As types2, only for a package without errors so far.
  if (monoEdges_.empty() || diags_.HasErrors()) return;
  // Edges in source order (types2 records them in checking order, which is close to it).
  std::vector<size_t> order(monoEdges_.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const MonoEdge &x = monoEdges_[a], &y = monoEdges_[b];
    if (x.file != y.file) return x.file < y.file;
    return x.pos != y.pos ? x.pos < y.pos : a < b;
  });
  std::vector<MonoEdge> sorted;
  for (size_t i : order)
    sorted.push_back(monoEdges_[i]);
  monoEdges_ = std::move(sorted);
  // A method's receiver type parameters stand for its type's.
  std::unordered_map<uint32_t, TypeId> canon;
  for (ObjectId fn : funcDecls_) {
    TypeId sig = Obj(fn).type;
    if (!sig || !u_.IsSignature(sig) || u_.Sig(sig).recvTypeParams.empty() || !u_.Sig(sig).recv)
      continue;
    TypeId rt = Obj(u_.Sig(sig).recv).type;
    if (rt && u_.KindOf(rt) == TypeKind::Pointer) rt = u_.Elem(rt);
    if (!rt || !u_.IsNamed(rt)) continue;
    const std::vector<TypeId> own = u_.Sig(sig).recvTypeParams;
    const std::vector<TypeId> orig = u_.Named(u_.Named(rt).origin).typeParams;
    for (size_t i = 0; i < own.size() && i < orig.size(); ++i)
      canon[own[i].index] = orig[i];
  }
  std::unordered_map<uint32_t, int> index;
  std::vector<ObjectId> objs;
  auto vertex = [&](TypeId tp) {
    if (auto it = canon.find(tp.index); it != canon.end()) tp = it->second;
    ObjectId obj = u_.TParam(tp).obj;
    auto [it, inserted] = index.try_emplace(obj.index, static_cast<int>(objs.size()));
    if (inserted) objs.push_back(obj);
    return it->second;
  };
  struct Edge {
    int dst, src, weight;
  };
  std::vector<Edge> edges;
  for (const MonoEdge &e : monoEdges_)
    edges.push_back(Edge{vertex(e.dst), vertex(e.src), e.weight});
  size_t n = objs.size();
  std::vector<int> weight(n, 0), pre(n, -1), len(n, 0);
  for (bool again = true; again;) {
    again = false;
    for (size_t i = 0; i < edges.size(); ++i) {
      const Edge &e = edges[i];
      int w = weight[e.src] + e.weight;
      if (w <= weight[e.dst]) continue;
      pre[e.dst] = static_cast<int>(i);
      len[e.dst] = len[e.src] + 1;
      if (static_cast<size_t>(len[e.dst]) == n) {
        // Report the loop through e.dst.
        int v = e.dst;
        std::vector<int> stack;
        std::vector<bool> seen(n, false);
        while (!seen[v]) {
          stack.push_back(v);
          seen[v] = true;
          v = edges[pre[v]].src;
        }
        while (stack.front() != v)
          stack.erase(stack.begin());
        std::string msg = "instantiation cycle:";
        for (int s : stack) {
          const MonoEdge &me = monoEdges_[pre[s]];
          msg += "\n\t" + diags_.Sources().Format(F(me.file).id, me.pos) + ": " +
                 std::string(Obj(objs[edges[pre[s]].dst]).name) + " instantiated as " +
                 TypeString(me.typ);
        }
        ErrorAtObj(objs[v], msg);
        return;
      }
      weight[e.dst] = w;
      again = true;
    }
  }
}

void Checker::NonGeneric(Operand &x) {
  if (x.mode == Mode::Invalid || x.mode == Mode::NoValue || !x.type) return;
  const char *what = nullptr;
  if (u_.IsNamed(x.type) && !u_.Named(x.type).typeParams.empty() &&
      u_.Named(x.type).typeArgs.empty())
    what = "type";
  else if (u_.IsSignature(x.type) && !u_.Sig(x.type).typeParams.empty())
    what = "function";
  if (!what) return;
  ErrorAtNode(x.expr, std::string("cannot use generic ") + what + " " + ExprString(x.expr) +
                          " without instantiation");
  x.mode = Mode::Invalid;
  x.type = TypeId{};
}

TypeId Checker::InstantiateSig(TypeId sig, const std::vector<TypeId> &targs) {
  SignatureInfo s = u_.Sig(sig);
  std::vector<TypeId> tparams = s.typeParams;
  s.params = Subst(s.params, tparams, targs);
  s.results = Subst(s.results, tparams, targs);
  s.typeParams.clear();
  return u_.NewSignature(std::move(s));
}

TypeId Checker::GenericCall(Operand &fn, NodeId call, std::vector<Operand> &args) {
  syntax::File &f = F();
  TypeId sig = fn.type;
  const SignatureInfo si = u_.Sig(sig);
  std::vector<TypeId> targs;
  std::vector<NodeId> xlist;
  NodeId fun = f.A(call);
  auto key = std::make_pair(file_, fn.expr.index);
  if (auto it = partialInst_.find(key); it != partialInst_.end()) {
    targs = it->second;
    partialUsed_.insert(key);
    xlist = f.Unpack(f.B(fn.expr));
  }
  // The parameter type for each argument (the variadic parameter's element type for
  // the arguments it takes); a count mismatch is reported by the caller, against the
  // generic signature.
  std::vector<TypeId> params;
  size_t npars = u_.TupleLen(si.params), nargs = args.size();
  bool countOK = si.variadic ? nargs + 1 >= npars : nargs == npars;
  if (!countOK) {
    SignatureInfo ns = si;
    ns.typeParams.clear();
    return u_.NewSignature(std::move(ns));
  }
  for (size_t i = 0; i < nargs; ++i) {
    if (si.variadic && i + 1 >= npars) {
      TypeId last = u_.TupleAt(si.params, static_cast<uint32_t>(npars - 1));
      params.push_back(last && u_.KindOf(last) == TypeKind::Slice ? u_.Elem(last) : last);
    } else {
      params.push_back(u_.TupleAt(si.params, static_cast<uint32_t>(i)));
    }
  }
  for (const Operand &a : args)
    if (a.mode == Mode::Invalid) return TypeId{};
  std::vector<TypeId> all = Infer(call, si.typeParams, targs, params, args, true);
  if (all.size() != si.typeParams.size()) return TypeId{};
  TypeId inst = InstantiateSig(sig, all);
  RecordInstance(fun, all);
  if (fn.expr && fn.expr != fun) RecordInstance(fn.expr, all);
  VerifyLater(si.typeParams, all, call, xlist);
  return inst;
}

// f[A, B]: explicit instantiation of generic function f; missing trailing arguments are
// inferred from the constraints, or, in a call, from the arguments (GenericCall).
void Checker::FuncInstance(Operand &x, NodeId e) {
  syntax::File &f = F();
  std::vector<NodeId> xlist = f.Unpack(f.B(e));
  std::vector<TypeId> targs;
  bool ok = true;
  for (NodeId a : xlist) {
    TypeId t = TypeExpr(a);
    ok &= static_cast<bool>(t);
    targs.push_back(t);
  }
  x.expr = e;
  if (!ok) {
    x.mode = Mode::Invalid;
    return;
  }
  TypeId sig = x.type;
  const std::vector<TypeId> tparams = u_.Sig(sig).typeParams;
  size_t got = targs.size(), want = tparams.size();
  if (got > want) {
    ErrorAtNode(xlist[got - 1],
                "got " + std::to_string(got) + " type arguments but want " + std::to_string(want));
    x.mode = Mode::Invalid;
    return;
  }
  if (got < want) {
    std::vector<Operand> none;
    std::vector<TypeId> all = Infer(e, tparams, targs, {}, none, false);
    if (all.size() != want) {
      // Perhaps a call infers the rest from its arguments; if not, report it.
      auto key = std::make_pair(file_, e.index);
      partialInst_[key] = targs;
      uint32_t file = file_;
      Later([this, key, e, tparams, targs, file] {
        if (partialUsed_.count(key)) return;
        file_ = file;
        std::vector<Operand> none;
        Infer(e, tparams, targs, {}, none, true);
      });
      x.mode = Mode::Value;
      return;
    }
    targs = all;
  }
  TypeId inst = InstantiateSig(sig, targs);
  RecordInstance(e, targs);
  RecordInstance(f.A(e), targs);
  VerifyLater(tparams, targs, e, xlist);
  x.type = inst;
  x.mode = Mode::Value;
}

TypeId Checker::Instantiate(TypeId orig, const std::vector<TypeId> &args, NodeId pos, bool verify) {
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
  if (under && std::count(expanding_.begin(), expanding_.end(), orig) >= kMaxExpandNesting) {
    // Instances of a type nested this deep in its own expansion only come from a type that
    // grows through its own instances (type T[P any] struct{ f *T[[]P] }), an instantiation
    // cycle reported by Monomorph: left unexpanded (no underlying type), not made forever.
    u_.Named(inst).expanded = false;
  } else if (under) {
    expanding_.push_back(orig);
    TypeId sub = under == Universe::Basic(BasicKind::Invalid)
                     ? under
                     : Subst(under, u_.Named(orig).typeParams, args);
    expanding_.pop_back();
    u_.Named(inst).underlying = sub;
  } else {
    // The origin is being declared: substituted once its underlying type is known.
    u_.Named(inst).expanded = false;
    unexpanded_[orig.index].push_back(inst);
  }
  if (verify && pos) VerifyLater(u_.Named(orig).typeParams, args, pos, {});
  return inst;
}

void Checker::ExpandInstances(TypeId orig) {
  auto it = unexpanded_.find(orig.index);
  if (it == unexpanded_.end()) return;
  std::vector<TypeId> list = std::move(it->second);
  unexpanded_.erase(it);
  TypeId under = u_.Named(orig).underlying;
  expanding_.push_back(orig);
  for (TypeId inst : list) {
    if (!under || under == Universe::Basic(BasicKind::Invalid)) {
      u_.Named(inst).underlying = Universe::Basic(BasicKind::Invalid);
    } else {
      std::vector<TypeId> args = u_.Named(inst).typeArgs;
      u_.Named(inst).underlying = Subst(under, u_.Named(orig).typeParams, args);
    }
    u_.Named(inst).expanded = true;
  }
  expanding_.pop_back();
}

TypeId Checker::Subst(TypeId t, const std::vector<TypeId> &from, const std::vector<TypeId> &to) {
  return u_.Subst(t, from, to, [&](TypeId origin, const std::vector<TypeId> &args) {
    return Instantiate(origin, args, NodeId{}, false);
  });
}

} // namespace talpa::types
