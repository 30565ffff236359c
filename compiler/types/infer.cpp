// Type argument inference, after types2's infer.go and unify.go (Go 1.19): function
// argument type inference unifies the parameter types with the types of the typed
// arguments, constraint type inference unifies each type parameter with the core type of
// its constraint, and untyped constant arguments contribute their default types last.
#include <algorithm>

#include "compiler/types/checker.h"

namespace talpa::types {

namespace {

bool HasTypeName(const Universe &u, TypeId t) {
  TypeKind k = u.KindOf(t);
  return k == TypeKind::Basic || k == TypeKind::Named || k == TypeKind::TypeParam;
}

// Unification of two types, inferring the type parameters of one list. An inferred type is
// kept per equivalence class: type parameters unified with each other share one slot.
class Unifier {
public:
  // bothSides: the type parameters may occur in either type (constraint type inference);
  // otherwise only in the first (the parameter side).
  Unifier(Checker &c, Universe &u, const std::vector<TypeId> &tparams, bool bothSides)
      : c_(c), u_(u), tparams_(tparams), bothSides_(bothSides) {
    for (size_t i = 0; i < tparams.size(); ++i) {
      handle_.push_back(static_cast<int>(i));
      slots_.push_back(TypeId{});
    }
  }

  int Index(TypeId t) const {
    if (!t || !u_.IsTypeParam(t)) return -1;
    for (size_t i = 0; i < tparams_.size(); ++i)
      if (tparams_[i] == t) return static_cast<int>(i);
    return -1;
  }
  TypeId At(int i) const { return slots_[handle_[i]]; }
  void Set(int i, TypeId t) { slots_[handle_[i]] = t; }
  int Unknowns() const {
    int n = 0;
    for (size_t i = 0; i < tparams_.size(); ++i)
      n += !At(static_cast<int>(i));
    return n;
  }
  // The inferred types (0 where unknown) and the index of the first unknown (-1 if none).
  std::vector<TypeId> Types(int *first) const {
    std::vector<TypeId> out;
    *first = -1;
    for (size_t i = 0; i < tparams_.size(); ++i) {
      out.push_back(At(static_cast<int>(i)));
      if (!out.back() && *first < 0) *first = static_cast<int>(i);
    }
    return out;
  }

  bool Unify(TypeId x, TypeId y) { return Nify(x, y, 0); }

private:
  bool Join(int i, int j) {
    int hi = handle_[i], hj = handle_[j];
    if (hi == hj) return true;
    if (slots_[hi] && slots_[hj]) return false;
    int keep = slots_[hi] ? hi : hj, drop = keep == hi ? hj : hi;
    for (int &h : handle_)
      if (h == drop) h = keep;
    return true;
  }

  bool NifyEq(TypeId x, TypeId y, int depth) { return x == y || Nify(x, y, depth); }

  bool Nify(TypeId x, TypeId y, int depth) {
    if (x == y) return true;
    if (!x || !y || depth > 50) return false;
    ++depth;
    // Inexact unification: a named type unifies with a type literal through its
    // underlying type.
    if (u_.IsNamed(x) && !HasTypeName(u_, y)) {
      TypeId xu = u_.Under(x);
      return xu && Nify(xu, y, depth);
    }
    if (u_.IsNamed(y) && !HasTypeName(u_, x)) {
      TypeId yu = u_.Under(y);
      return yu && Nify(x, yu, depth);
    }
    int i = Index(x), j = bothSides_ ? Index(y) : -1;
    if (i >= 0 && j >= 0) {
      if (Join(i, j)) return true;
      return NifyEq(At(i), At(j), depth);
    }
    if (i >= 0) {
      if (TypeId tx = At(i)) return NifyEq(tx, y, depth);
      Set(i, y);
      return true;
    }
    if (j >= 0) {
      if (TypeId ty = At(j)) return NifyEq(x, ty, depth);
      Set(j, x);
      return true;
    }
    // Type parameters from outside the list unify through their core types.
    if (u_.IsTypeParam(x) && !HasTypeName(u_, y)) {
      TypeId cx = c_.CoreType(x);
      return cx && Nify(cx, y, depth);
    }
    if (u_.IsTypeParam(y) && !HasTypeName(u_, x)) {
      TypeId cy = c_.CoreType(y);
      return cy && Nify(x, cy, depth);
    }
    if (u_.KindOf(x) != u_.KindOf(y)) return false;
    switch (u_.KindOf(x)) {
    case TypeKind::Basic:
      return u_.Identical(x, y);
    case TypeKind::Array:
      return u_.ArrayLen(x) == u_.ArrayLen(y) && Nify(u_.Elem(x), u_.Elem(y), depth);
    case TypeKind::Slice:
    case TypeKind::Pointer:
      return Nify(u_.Elem(x), u_.Elem(y), depth);
    case TypeKind::Chan:
      // Inexact too: directions may differ (chan int unifies with <-chan E), the
      // argument's assignability is checked after inference.
      return Nify(u_.Elem(x), u_.Elem(y), depth);
    case TypeKind::Map:
      return Nify(u_.Key(x), u_.Key(y), depth) && Nify(u_.MapElem(x), u_.MapElem(y), depth);
    case TypeKind::Struct: {
      const StructInfo &a = u_.Struct(x), &b = u_.Struct(y);
      if (a.fields.size() != b.fields.size()) return false;
      for (size_t k = 0; k < a.fields.size(); ++k) {
        const Object &f = u_.Obj(a.fields[k]), &g = u_.Obj(b.fields[k]);
        if (f.embedded != g.embedded || f.name != g.name || TagValue(a, k) != TagValue(b, k))
          return false;
        if (!Nify(f.type, g.type, depth)) return false;
      }
      return true;
    }
    case TypeKind::Tuple: {
      if (u_.TupleLen(x) != u_.TupleLen(y)) return false;
      for (uint32_t k = 0; k < u_.TupleLen(x); ++k)
        if (!Nify(u_.TupleAt(x, k), u_.TupleAt(y, k), depth)) return false;
      return true;
    }
    case TypeKind::Signature: {
      const SignatureInfo &a = u_.Sig(x), &b = u_.Sig(y);
      if (!a.typeParams.empty() || !b.typeParams.empty() || a.variadic != b.variadic) return false;
      return Nify(a.params, b.params, depth) && Nify(a.results, b.results, depth);
    }
    case TypeKind::Interface: {
      const InterfaceInfo &a = u_.TypeSet(x);
      const InterfaceInfo &b = u_.TypeSet(y);
      if (a.comparable != b.comparable || a.allTypes != b.allTypes ||
          a.terms.size() != b.terms.size() || a.allMethods.size() != b.allMethods.size())
        return false;
      for (size_t k = 0; k < a.terms.size(); ++k)
        if (a.terms[k].tilde != b.terms[k].tilde || !u_.Identical(a.terms[k].type, b.terms[k].type))
          return false;
      std::vector<ObjectId> am = a.allMethods, bm = b.allMethods;
      for (size_t k = 0; k < am.size(); ++k) {
        if (u_.Obj(am[k]).name != u_.Obj(bm[k]).name) return false;
        if (!Nify(u_.Obj(am[k]).type, u_.Obj(bm[k]).type, depth)) return false;
      }
      return true;
    }
    case TypeKind::Named: {
      const NamedInfo &a = u_.Named(x), &b = u_.Named(y);
      if (a.typeArgs.empty() || a.typeArgs.size() != b.typeArgs.size()) return false;
      if (a.origin != b.origin) return false;
      std::vector<TypeId> xa = a.typeArgs, ya = b.typeArgs;
      for (size_t k = 0; k < xa.size(); ++k)
        if (!Nify(xa[k], ya[k], depth)) return false;
      return true;
    }
    default:
      return false;
    }
  }

  Checker &c_;
  Universe &u_;
  const std::vector<TypeId> &tparams_;
  bool bothSides_;
  std::vector<int> handle_;
  std::vector<TypeId> slots_;
};

std::string TypeParamsString(const Universe &u, const std::vector<TypeId> &list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += list.size() == 2 ? " and " : i + 1 == list.size() ? ", and " : ", ";
    out += u.Obj(u.TParam(list[i]).obj).name;
  }
  return out;
}

} // namespace

bool Checker::IsParameterized(const std::vector<TypeId> &tparams, TypeId t, int depth) {
  if (!t || depth > 100) return false;
  ++depth;
  switch (u_.KindOf(t)) {
  case TypeKind::Basic:
    return false;
  case TypeKind::Array:
  case TypeKind::Slice:
  case TypeKind::Pointer:
  case TypeKind::Chan:
    return IsParameterized(tparams, u_.Elem(t), depth);
  case TypeKind::Map:
    return IsParameterized(tparams, u_.Key(t), depth) ||
           IsParameterized(tparams, u_.MapElem(t), depth);
  case TypeKind::Struct:
    for (ObjectId f : u_.Struct(t).fields)
      if (IsParameterized(tparams, Obj(f).type, depth)) return true;
    return false;
  case TypeKind::Tuple:
    for (uint32_t i = 0; i < u_.TupleLen(t); ++i)
      if (IsParameterized(tparams, u_.TupleAt(t, i), depth)) return true;
    return false;
  case TypeKind::Signature:
    return IsParameterized(tparams, u_.Sig(t).params, depth) ||
           IsParameterized(tparams, u_.Sig(t).results, depth);
  case TypeKind::Interface: {
    const InterfaceInfo &ts = u_.TypeSet(t);
    for (ObjectId m : ts.allMethods)
      if (IsParameterized(tparams, Obj(m).type, depth)) return true;
    for (const Term &term : ts.terms)
      if (IsParameterized(tparams, term.type, depth)) return true;
    return false;
  }
  case TypeKind::Named: {
    std::vector<TypeId> args = u_.Named(t).typeArgs;
    for (TypeId a : args)
      if (IsParameterized(tparams, a, depth)) return true;
    return false;
  }
  case TypeKind::TypeParam:
    return std::find(tparams.begin(), tparams.end(), t) != tparams.end();
  case TypeKind::Union:
    for (uint32_t i = 0; i < u_.UnionLen(t); ++i)
      if (IsParameterized(tparams, u_.UnionTerm(t, i).type, depth)) return true;
    return false;
  }
  return false;
}

// The single term or core type of a type parameter's constraint (types2's coreTerm):
// *single is set if the type set has exactly one term.
bool Checker::CoreTerm(TypeId tpar, Term *core, bool *single) {
  *single = false;
  TypeId bound = u_.TParam(tpar).bound;
  if (!bound) return false;
  TypeId bu = u_.Under(bound);
  if (!bu || u_.KindOf(bu) != TypeKind::Interface) return false;
  const InterfaceInfo &ts = u_.TypeSet(bu);
  if (ts.allTypes || ts.terms.empty()) return false;
  if (ts.terms.size() == 1) {
    *core = ts.terms[0];
    *single = true;
    return true;
  }
  bool tilde = false;
  for (const Term &t : ts.terms)
    tilde |= t.tilde;
  TypeId ct = CoreType(tpar);
  if (!ct) return false;
  *core = Term{tilde, ct};
  return true;
}

// Constraint type inference (types2's inferB): returns the completed list, or an empty
// vector after an error; *first is the first still-unknown index (-1 if none).
std::vector<TypeId> Checker::InferB(NodeId pos, const std::vector<TypeId> &tparams,
                                    const std::vector<TypeId> &targs, int *first, bool report) {
  Unifier u(*this, u_, tparams, true);
  for (size_t i = 0; i < targs.size(); ++i)
    if (targs[i]) u.Set(static_cast<int>(i), targs[i]);
  for (int n = u.Unknowns(); n > 0;) {
    int nn = n;
    for (size_t i = 0; i < tparams.size(); ++i) {
      Term core;
      bool single;
      if (!CoreTerm(tparams[i], &core, &single)) continue;
      TypeId tx = u.At(static_cast<int>(i));
      if (tx) {
        if (core.tilde && !u_.IsTypeParam(tx)) tx = u_.Under(tx);
        if (!u.Unify(tx, core.type)) {
          if (report)
            Error(F().Pos(pos), TypeString(tparams[i]) + " does not match " +
                                    (core.tilde ? "~" : "") + TypeString(core.type));
          *first = 0;
          return {};
        }
      } else if (single && !core.tilde) {
        u.Set(static_cast<int>(i), core.type);
      } else {
        continue;
      }
      nn = u.Unknowns();
      if (nn == 0) break;
    }
    if (nn == n) break;
    n = nn;
  }
  int dummy;
  std::vector<TypeId> types = u.Types(&dummy);
  // A type parameter whose inferred type refers to itself (T = []T) is unknown.
  std::vector<TypeId> stack;
  std::function<void(TypeId, int)> walk = [&](TypeId t, int depth) {
    if (!t || depth > 100) return;
    ++depth;
    switch (u_.KindOf(t)) {
    case TypeKind::TypeParam: {
      auto it = std::find(tparams.begin(), tparams.end(), t);
      if (it == tparams.end()) return;
      size_t idx = static_cast<size_t>(it - tparams.begin());
      if (std::find(stack.begin(), stack.end(), t) != stack.end()) {
        types[idx] = TypeId{};
        return;
      }
      stack.push_back(t);
      walk(types[idx], depth);
      stack.pop_back();
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
      for (ObjectId f : u_.Struct(t).fields)
        walk(Obj(f).type, depth);
      return;
    case TypeKind::Tuple:
      for (uint32_t i = 0; i < u_.TupleLen(t); ++i)
        walk(u_.TupleAt(t, i), depth);
      return;
    case TypeKind::Signature:
      walk(u_.Sig(t).params, depth);
      walk(u_.Sig(t).results, depth);
      return;
    case TypeKind::Named: {
      std::vector<TypeId> args = u_.Named(t).typeArgs;
      for (TypeId a : args)
        walk(a, depth);
      return;
    }
    default:
      return;
    }
  };
  for (TypeId tp : tparams)
    walk(tp, 0);
  // Substitute the inferred types into each other until nothing changes.
  std::vector<size_t> dirty;
  for (size_t i = 0; i < types.size(); ++i)
    if (types[i] && (i >= targs.size() || !targs[i])) dirty.push_back(i);
  for (size_t round = 0; !dirty.empty() && round <= tparams.size() + 1; ++round) {
    std::vector<TypeId> to = types;
    for (size_t i = 0; i < to.size(); ++i)
      if (!to[i]) to[i] = tparams[i];
    std::vector<size_t> next;
    for (size_t idx : dirty) {
      TypeId t1 = Subst(types[idx], tparams, to);
      if (t1 != types[idx]) {
        types[idx] = t1;
        next.push_back(idx);
      }
    }
    dirty = std::move(next);
  }
  for (TypeId &t : types)
    if (t && IsParameterized(tparams, t, 0)) t = TypeId{};
  *first = -1;
  for (size_t i = 0; i < types.size(); ++i)
    if (!types[i]) {
      *first = static_cast<int>(i);
      break;
    }
  return types;
}

std::vector<TypeId> Checker::Infer(NodeId pos, std::vector<TypeId> tparams,
                                   std::vector<TypeId> targs, std::vector<TypeId> params,
                                   std::vector<Operand> &args, bool report) {
  size_t n = tparams.size();
  if (targs.size() >= n) return targs;
  const std::vector<TypeId> original = tparams;
  // A call of a generic function inside itself passes arguments whose types are its own
  // type parameters: infer for fresh copies of them.
  bool selfRecursive = false;
  for (const Operand &a : args)
    selfRecursive |= a.mode != Mode::Invalid && IsParameterized(tparams, a.type, 0);
  if (selfRecursive) {
    std::vector<TypeId> fresh;
    for (size_t i = 0; i < n; ++i)
      fresh.push_back(
          u_.NewTypeParam(u_.TParam(tparams[i]).obj, static_cast<uint32_t>(i), TypeId{}));
    for (size_t i = 0; i < n; ++i)
      u_.TParam(fresh[i]).bound = Subst(u_.TParam(tparams[i]).bound, tparams, fresh);
    for (TypeId &p : params)
      p = Subst(p, tparams, fresh);
    tparams = fresh;
  }
  // Arguments of named types first (types2's argument sorting): they give better
  // inferred types for the unnamed ones.
  std::vector<size_t> order;
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i].type && HasTypeName(u_, args[i].type)) order.push_back(i);
  for (size_t i = 0; i < args.size(); ++i)
    if (!args[i].type || !HasTypeName(u_, args[i].type)) order.push_back(i);
  targs.resize(n);
  if (!params.empty()) {
    std::vector<TypeId> to = targs;
    for (size_t i = 0; i < n; ++i)
      if (!to[i]) to[i] = tparams[i];
    for (TypeId &p : params)
      p = Subst(p, tparams, to);
  }
  Unifier u(*this, u_, tparams, false);
  for (size_t i = 0; i < n; ++i)
    if (targs[i]) u.Set(static_cast<int>(i), targs[i]);

  auto fail = [&](const char *kind, TypeId tpar, TypeId targ, const Operand &arg) {
    if (!report) return;
    int index;
    std::vector<TypeId> types = u.Types(&index);
    if (index == 0 && std::all_of(types.begin(), types.end(), [](TypeId t) { return !t; })) {
      ErrorAtNode(arg.expr, std::string(kind) + " " + TypeString(targ) + " of " +
                                ExprString(arg.expr) + " does not match " + TypeString(tpar) +
                                " (cannot infer " + TypeParamsString(u_, tparams) + ")");
      return;
    }
    std::vector<TypeId> to = types;
    for (size_t i = 0; i < n; ++i)
      if (!to[i]) to[i] = tparams[i];
    TypeId inferred = Subst(tpar, tparams, to);
    if (inferred != tpar)
      ErrorAtNode(arg.expr, std::string(kind) + " " + TypeString(targ) + " of " +
                                ExprString(arg.expr) + " does not match inferred type " +
                                TypeString(inferred) + " for " + TypeString(tpar));
    else
      ErrorAtNode(arg.expr, std::string(kind) + " " + TypeString(targ) + " of " +
                                ExprString(arg.expr) + " does not match " + TypeString(tpar));
  };

  std::vector<size_t> untyped;
  for (size_t i : order) {
    if (i >= params.size()) break;
    TypeId par = params[i];
    if (!IsParameterized(tparams, par, 0)) continue;
    const Operand &arg = args[i];
    if (arg.mode == Mode::Invalid || !arg.type) continue;
    if (u_.IsTyped(arg.type)) {
      if (!u.Unify(par, arg.type)) {
        fail("type", par, arg.type, arg);
        return {};
      }
    } else if (u_.IsTypeParam(par)) {
      untyped.push_back(i);
    }
  }
  auto finish = [&](std::vector<TypeId> types) {
    // Inferred types never mention the fresh copies of the function's own parameters.
    if (selfRecursive)
      for (TypeId &t : types)
        t = Subst(t, tparams, original);
    return types;
  };
  int index;
  std::vector<TypeId> types = u.Types(&index);
  if (index < 0) return finish(types);
  types = InferB(pos, tparams, types, &index, report);
  if (types.empty()) return {};
  if (index < 0) return finish(types);
  for (size_t i : untyped) {
    TypeId tpar = params[i];
    int k = u.Index(tpar);
    if (k < 0 || types[k]) continue;
    TypeId targ = u_.Default(args[i].type);
    if (u_.IsTyped(targ) && !u.Unify(tpar, targ)) {
      fail("default type", tpar, targ, args[i]);
      return {};
    }
  }
  types = u.Types(&index);
  if (index < 0) return finish(types);
  types = InferB(pos, tparams, types, &index, report);
  if (types.empty()) return {};
  if (index < 0) return finish(types);
  if (report) {
    ObjectId obj = u_.TParam(tparams[index]).obj;
    Error(F().Pos(pos), "cannot infer " + std::string(Obj(obj).name) + " (" + ObjPos(obj) + ")");
  }
  return {};
}

} // namespace talpa::types
