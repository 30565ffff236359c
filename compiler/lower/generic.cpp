// Generics by monomorphisation. Each generic function is lowered once per list of concrete
// type arguments it is used with (from non-generic code, or from another instance after
// that instance's own substitution): a FunctionContext with a Substitution maps every type
// the lowering asks about (Info(n).type, variables' types, signatures) to a concrete type,
// so the rest of the lowering never sees a type parameter. Instances of generic named types
// are ordinary named types whose underlying type is substituted (TypeInstances); the ones
// the checker did not make are made here, in the build's universe.
#include "compiler/lower/generic.h"

#include "compiler/lower/context.h"

namespace talpa::lower {

using types::TypeKind;

// ---------------------------------------------------------------------------
// Type instances and substitution

TypeInstances::TypeInstances(types::Universe &u) : U(u) {
  // The instances the checker made (it keeps one per distinct argument list).
  for (uint32_t i = 1; i < U.NumTypes(); ++i) {
    TypeId t{i};
    if (U.KindOf(t) != TypeKind::Named) continue;
    const types::NamedInfo &n = U.Named(t);
    if (!n.typeArgs.empty() && n.origin && n.expanded) byOrigin_[n.origin.index].push_back(t);
  }
}

TypeId TypeInstances::Instance(TypeId origin, const std::vector<TypeId> &args) {
  std::vector<TypeId> &list = byOrigin_[origin.index];
  for (TypeId inst : list) {
    const types::NamedInfo &n = U.Named(inst);
    bool same = n.typeArgs.size() == args.size();
    for (size_t i = 0; same && i < args.size(); ++i)
      same = U.Identical(n.typeArgs[i], args[i]);
    if (same) return inst;
  }
  const types::NamedInfo &on = U.Named(origin);
  TypeId inst = U.NewNamed(on.obj, TypeId{});
  {
    types::NamedInfo &n = U.Named(inst);
    n.origin = origin;
    n.typeArgs = args;
    n.methods = on.methods;
  }
  // Listed before its underlying type is made: a type refers to its own instance
  // (type List[T any] struct{ next *List[T] }).
  byOrigin_[origin.index].push_back(inst);
  std::vector<TypeId> params = U.Named(origin).typeParams;
  TypeId under = Subst(U.Named(origin).underlying, params, args);
  U.Named(inst).underlying = under;
  return inst;
}

TypeId TypeInstances::Subst(TypeId t, const std::vector<TypeId> &from,
                            const std::vector<TypeId> &to) {
  return U.Subst(t, from, to, [&](TypeId origin, const std::vector<TypeId> &args) {
    return Instance(origin, args);
  });
}

TypeId Substitution::Apply(TypeId t) {
  if (!t || from_.empty() || ti_->U.KindOf(t) == TypeKind::Basic) return t;
  auto it = cache_.find(t.index);
  if (it != cache_.end()) return it->second;
  TypeId r = ti_->Subst(t, from_, to_);
  cache_[t.index] = r;
  return r;
}

const std::vector<TypeId> &TypeParamsOf(const types::Universe &u, ObjectId fn) {
  static const std::vector<TypeId> none;
  TypeId sig = u.Obj(fn).type;
  if (!sig || !u.IsSignature(sig)) return none;
  const types::SignatureInfo &s = u.Sig(sig);
  return s.recvTypeParams.empty() ? s.typeParams : s.recvTypeParams;
}

bool IsGeneric(const types::Universe &u, ObjectId fn) { return !TypeParamsOf(u, fn).empty(); }

ObjectId GenericCallee(const types::Package &pkg, uint32_t file, syntax::NodeId fun) {
  const syntax::File &f = *pkg.files[file];
  fun = f.Unparen(fun);
  if (f.Kind(fun) == NodeKind::IndexExpr) fun = f.Unparen(f.A(fun));
  if (f.Kind(fun) != NodeKind::Name) return ObjectId{};
  ObjectId obj = pkg.Info(file, fun).object;
  if (!obj || pkg.Obj(obj).kind != types::ObjectKind::Func || !IsGeneric(pkg.types, obj))
    return ObjectId{};
  return obj;
}

// ---------------------------------------------------------------------------
// Function instances

TypeInstances &ModuleContext::Generics() {
  if (!generics_) generics_ = std::make_unique<TypeInstances>(pkg.types);
  return *generics_;
}

std::string ModuleContext::InstanceSuffix(const std::vector<TypeId> &targs) {
  std::string s = "[";
  for (size_t i = 0; i < targs.size(); ++i) {
    if (i) s += ",";
    std::string sym = TypeSymbol(targs[i]);
    s += std::string_view(sym).starts_with("type:") ? sym.substr(5) : sym;
  }
  return s + "]";
}

FunctionInstance &ModuleContext::Instance(ObjectId fn, const std::vector<TypeId> &targs) {
  ObjectId recvVar = T.Sig(pkg.Obj(fn).type).recv;
  std::string sym = recvVar ? MethodSymbol(fn, targs) : Symbol(fn) + InstanceSuffix(targs);
  auto it = instanceIndex_.find(sym);
  if (it != instanceIndex_.end()) return instances[it->second];
  auto subst = std::make_unique<Substitution>(Generics(), TypeParamsOf(T, fn), targs);
  TypeId sig = subst->Apply(pkg.Obj(fn).type);
  TypeId recv = recvVar ? subst->Apply(T.Obj(recvVar).type) : TypeId{};
  llvm::FunctionType *ft = FuncType(sig);
  if (recv) { // a method: the receiver first (method.cpp)
    std::vector<llvm::Type *> params{IsMemory(recv) ? ptrTy : LLVMType(recv)};
    params.insert(params.end(), ft->param_begin(), ft->param_end());
    ft = llvm::FunctionType::get(ft->getReturnType(), params, false);
  }
  // One per module (every package instantiates what it uses), global with hidden
  // visibility: the PC table refers to it from another object, and its package-qualified
  // name is unique in the program (a local type among the arguments has a suffix that is
  // only unique within its module, so instances are not shared across packages).
  llvm::Function *f = llvm::Function::Create(ft, llvm::GlobalValue::ExternalLinkage, sym, *module);
  f->setVisibility(llvm::GlobalValue::HiddenVisibility);
  SetFunctionAttributes(f);
  instanceIndex_[sym] = instances.size();
  instances.push_back(FunctionInstance{fn, f, std::move(subst), sig, recv});
  return instances.back();
}

// ---------------------------------------------------------------------------
// Methods of generic types: one instance per receiver type-argument list, made from the
// type that declares the method as reached (its instance's type arguments).

FunctionInstance *ModuleContext::MethodInstance(ObjectId method, TypeId holder) {
  if (!IsGeneric(T, method)) return nullptr;
  TypeId named = T.KindOf(holder) == TypeKind::Pointer ? T.Elem(holder) : holder;
  if (T.KindOf(named) != TypeKind::Named) return nullptr;
  std::vector<TypeId> targs = T.Named(named).typeArgs;
  if (targs.size() != TypeParamsOf(T, method).size()) return nullptr;
  return &Instance(method, targs);
}

llvm::Function *ModuleContext::MethodFunction(ObjectId method, TypeId holder) {
  if (FunctionInstance *inst = MethodInstance(method, holder)) return inst->llfn;
  return MethodFunction(method);
}

TypeId ModuleContext::MethodSig(ObjectId method, TypeId holder) {
  if (FunctionInstance *inst = MethodInstance(method, holder)) return inst->sig;
  return T.Obj(method).type;
}

TypeId ModuleContext::MethodRecv(ObjectId method, TypeId holder) {
  if (FunctionInstance *inst = MethodInstance(method, holder)) return inst->recv;
  return T.Obj(T.Sig(T.Obj(method).type).recv).type;
}

TypeId ModuleContext::PathHolder(TypeId t, const std::vector<int> &path) {
  for (int field : path) {
    if (T.KindOf(t) == TypeKind::Pointer) t = T.Elem(t);
    t = T.Obj(T.Struct(T.Under(t)).fields[static_cast<size_t>(field)]).type;
  }
  return t;
}

// ---------------------------------------------------------------------------
// The function context's view: every type through the instance's substitution.

TypeId FunctionContext::Ty(TypeId t) const { return subst ? subst->Apply(t) : t; }

types::ExprInfo FunctionContext::Info(NodeId n) const {
  types::ExprInfo i = pkg.Info(file, n);
  if (subst) i.type = subst->Apply(i.type);
  return i;
}

std::vector<TypeId> FunctionContext::TypeArgs(NodeId fun) const {
  uint32_t inst = pkg.Info(file, fun).instance;
  if (!inst && F().Kind(fun) == NodeKind::IndexExpr) inst = pkg.Info(file, F().A(fun)).instance;
  std::vector<TypeId> targs = pkg.instances[inst];
  for (TypeId &t : targs)
    t = Ty(t);
  return targs;
}

llvm::Function *FunctionContext::Callee(NodeId fun) {
  fun = F().Unparen(fun);
  if (ObjectId g = GenericCallee(pkg, file, fun)) return m.Instance(g, TypeArgs(fun)).llfn;
  if (ObjectId q = QualifiedObject(fun)) return m.GoFunction(q);
  return m.GoFunction(Info(fun).object);
}

llvm::Value *FunctionContext::GenericFuncValue(NodeId e) {
  ObjectId g = GenericCallee(pkg, file, e);
  if (!g) return nullptr;
  FunctionInstance &inst = m.Instance(g, TypeArgs(F().Unparen(e)));
  std::string sym = inst.llfn->getName().str();
  llvm::Constant *&v = m.instanceValues[sym];
  if (!v) v = m.FuncValueOf(inst.llfn, inst.sig, sym);
  return v;
}

TypeId FunctionContext::CalleeSignature(NodeId fun) {
  fun = F().Unparen(fun);
  if (ObjectId g = GenericCallee(pkg, file, fun)) return m.Instance(g, TypeArgs(fun)).sig;
  if (ObjectId q = QualifiedObject(fun)) return pkg.Obj(q).type;
  return pkg.Obj(Info(fun).object).type;
}

} // namespace talpa::lower
