// Methods: declarations and calls. A method is an LLVM function named as gc names it in
// tracebacks ("main.T.M" for a value receiver, "main.(*T).M" for a pointer receiver) whose
// parameters are the receiver first (a value, or a pointer to a callee-owned copy for
// arrays and structs, like any memory-type parameter), then exactly the parameters of
// FuncType(the signature without receiver), results-out pointer included. A call x.M(...)
// follows the checker's selection: the path's embedded fields lead from x to the value
// that has the method (an embedded pointer on the way is loaded and nil-checked); then
// the receiver is taken as the method wants it, x's address for a pointer method of an
// addressable x (gc's implicit &x) or the pointee for a value method of a pointer (the
// implicit *p, nil-checked as gc's dereference is). A method promoted from an embedded
// interface, and calls on interface values, go through the interface's itab (iface.cpp).
#include "compiler/lower/context.h"

namespace talpa::lower {

// The receiver's type of a method, and the named type that declares it.
static TypeId RecvType(const types::Universe &T, ObjectId method) {
  return T.Obj(T.Sig(T.Obj(method).type).recv).type;
}

std::string ModuleContext::MethodSymbol(ObjectId method, const std::vector<TypeId> &targs) {
  TypeId recv = RecvType(T, method);
  bool ptr = T.KindOf(recv) == types::TypeKind::Pointer;
  TypeId named = ptr ? T.Elem(recv) : recv;
  const types::Object &tn = T.Obj(T.Named(named).obj);
  std::string path = tn.pkg ? tn.pkg->path : pkg.path;
  std::string name(tn.name);
  if (!targs.empty()) name += InstanceSuffix(targs); // main.Box[int].Get
  std::string mname(T.Obj(method).name);
  return ptr ? path + ".(*" + name + ")." + mname : path + "." + name + "." + mname;
}

llvm::FunctionType *ModuleContext::MethodType(ObjectId method) {
  TypeId recv = RecvType(T, method);
  llvm::FunctionType *ft = FuncType(T.Obj(method).type);
  std::vector<llvm::Type *> params{IsMemory(recv) ? ptrTy : LLVMType(recv)};
  params.insert(params.end(), ft->param_begin(), ft->param_end());
  return llvm::FunctionType::get(ft->getReturnType(), params, false);
}

llvm::Function *ModuleContext::MethodFunction(ObjectId method) {
  auto it = funcs_.find(method.index);
  if (it != funcs_.end()) return it->second;
  llvm::Function *f = llvm::Function::Create(MethodType(method), llvm::GlobalValue::ExternalLinkage,
                                             MethodSymbol(method), *module);
  SetFunctionAttributes(f);
  funcs_[method.index] = f;
  return f;
}

bool ModuleContext::PointerMethodOfValue(uint32_t file, NodeId n) const {
  const types::ExprInfo &info = pkg.Info(file, n);
  if (!info.selection || info.selection >= pkg.selections.size()) return false;
  const types::Selection &sel = pkg.selections[info.selection];
  if (sel.kind != types::SelectionKind::MethodVal) return false;
  const types::SignatureInfo &sig = T.Sig(T.Obj(sel.obj).type);
  if (!sig.recv || !T.IsPointer(T.Obj(sig.recv).type)) return false;
  TypeId xt = pkg.Info(file, pkg.files[file]->A(n)).type;
  return xt && !T.IsPointer(xt);
}

bool FunctionContext::IsMethodCall(NodeId call) const {
  const syntax::File &f = F();
  NodeId fun = f.Unparen(f.A(call));
  if (!fun || f.Kind(fun) != NodeKind::SelectorExpr || !Info(fun).selection) return false;
  return pkg.selections[Info(fun).selection].kind == types::SelectionKind::MethodVal;
}

// The receiver of the selection x.M (sel's path leads to the value declaring M), as the
// method wants it: a pointer if wantPtr, else the value (for a memory type a pointer to a
// copy the callee owns). *holder is set to the type at the end of the path (T or *T, or an
// interface whose method M is).
llvm::Value *FunctionContext::SelectionReceiver(NodeId x, const types::Selection &sel, bool wantPtr,
                                                TypeId *holder) {
  std::vector<int> fields(sel.path.begin(), sel.path.empty() ? sel.path.end() : sel.path.end() - 1);
  return ReceiverAlong(x, fields, wantPtr, holder);
}

llvm::Value *FunctionContext::ReceiverAlong(NodeId x, const std::vector<int> &fields, bool wantPtr,
                                            TypeId *holder) {
  TypeId cur = TypeOf(x);
  llvm::Value *addr = nullptr, *val = nullptr;
  if (Info(x).mode == types::Mode::Variable && !T.IsPointer(cur))
    addr = Addr(x);
  else if (IsMemory(cur))
    addr = Expr(x); // a temporary of ours
  else
    val = Expr(x);
  return PathReceiver(addr, val, cur, fields, wantPtr, holder);
}

// From a value of type cur (in storage at addr, or the scalar val) along embedded fields
// to the receiver, as SelectionReceiver describes.
llvm::Value *FunctionContext::PathReceiver(llvm::Value *addr, llvm::Value *val, TypeId cur,
                                           const std::vector<int> &fields, bool wantPtr,
                                           TypeId *holder) {
  for (int field : fields) {
    if (T.IsPointer(cur)) {
      llvm::Value *p = val ? val : b.CreateLoad(m.ptrTy, addr);
      CheckNil(p);
      addr = p;
      val = nullptr;
      cur = T.Elem(T.Under(cur));
    }
    if (!addr) { // structs are memory types: not reached
      addr = Temp(cur);
      b.CreateStore(val, addr);
      val = nullptr;
    }
    auto index = static_cast<unsigned>(field);
    addr = FieldGEP(addr, cur, index);
    cur = T.Obj(T.Struct(T.Under(cur)).fields[index]).type;
  }
  *holder = cur;
  if (T.IsInterface(cur)) return val ? val : b.CreateLoad(m.LLVMType(cur), addr);
  if (T.IsPointer(cur)) {
    llvm::Value *p = val ? val : b.CreateLoad(m.ptrTy, addr);
    if (wantPtr) return p;
    CheckNil(p);
    return Load(p, T.Elem(T.Under(cur)));
  }
  if (wantPtr) {
    if (addr) return addr;
    llvm::AllocaInst *tmp = Temp(cur);
    b.CreateStore(val, tmp);
    return tmp;
  }
  if (val) return val;
  // A memory type: a copy the callee owns.
  return Load(addr, cur);
}

// Whether method `method` (as found in a method set) is an interface's, and if not,
// whether its receiver is a pointer.
static bool IsIfaceMethod(const types::Universe &T, ObjectId method) {
  const types::SignatureInfo &sig = T.Sig(T.Obj(method).type);
  return !sig.recv || T.IsInterface(T.Obj(sig.recv).type);
}

static bool WantsPointer(const types::Universe &T, ObjectId method) {
  return !IsIfaceMethod(T, method) && T.IsPointer(RecvType(T, method));
}

// M selected through a type parameter (x.M with x of type T, or the method expression
// T.M, `declared` being T as the checker saw it): the checker selected M of T's
// constraint, an interface method. In an instance whose type argument is an interface,
// that selection holds (the call goes through the argument's itab). Otherwise M is the
// argument's own method, declared or promoted (perhaps from an embedded interface), found
// in its method set (*e: the method and the embedded fields leading to it).
bool FunctionContext::TypeParamMethod(TypeId declared, std::string_view name,
                                      ModuleContext::MethodEntry *e) {
  if (!subst || !declared || !T.IsTypeParam(declared)) return false;
  TypeId xt = Ty(declared);
  if (T.IsInterface(xt)) return false;
  for (const ModuleContext::MethodEntry &c : m.MethodSet(xt))
    if (T.Obj(c.method).name == name) {
      *e = c;
      return true;
    }
  return false;
}

// The receiver of the call x.M(...) (fun: the selector), as the method wants it: *method
// is the method called and *holder the type declaring it as reached, or the interface
// holding it (then the receiver is the interface value), as CallMethodOf takes them.
llvm::Value *FunctionContext::MethodCallReceiver(NodeId fun, ObjectId *method, TypeId *holder) {
  const syntax::File &f = F();
  const types::Selection &sel = pkg.selections[Info(fun).selection];
  ModuleContext::MethodEntry e;
  if (TypeParamMethod(pkg.Info(file, f.A(fun)).type, pkg.Obj(sel.obj).name, &e)) {
    *method = e.method;
    return ReceiverAlong(f.A(fun), e.path, WantsPointer(T, e.method), holder);
  }
  *method = sel.obj;
  return SelectionReceiver(f.A(fun), sel, WantsPointer(T, sel.obj), holder);
}

llvm::Value *FunctionContext::MethodCall(NodeId call, llvm::Value *dst) {
  const syntax::File &f = F();
  NodeId fun = f.Unparen(f.A(call));
  ObjectId method;
  TypeId holder;
  llvm::Value *recv;
  if (savedReceiver.fun == fun) { // a deferred call's receiver (defer.cpp)
    method = savedReceiver.method;
    holder = savedReceiver.holder;
    recv = savedReceiver.recv;
  } else {
    recv = MethodCallReceiver(fun, &method, &holder);
  }
  return CallMethodOf(method, holder, recv, call, TypeOf(fun), dst);
}

llvm::Value *FunctionContext::CallMethodOf(ObjectId method, TypeId holder, llvm::Value *recv,
                                           NodeId call, TypeId sig, llvm::Value *dst) {
  std::vector<llvm::Value *> keep; // call.cpp: //go:uintptrescapes
  bool keepAlive = !T.IsInterface(holder) && KeepsUintptrArgsAlive(method);
  std::vector<llvm::Value *> args = Args(call, sig, keepAlive ? &keep : nullptr);
  llvm::AllocaInst *tmp = nullptr;
  if (m.ResultsInMemory(sig)) {
    if (!dst) dst = tmp = Alloca(m.ResultsType(sig), 8, "results");
    args.insert(args.begin(), dst);
  }
  llvm::Value *r;
  if (T.IsInterface(holder)) {
    llvm::Value *fnp = ItabMethod(b.CreateExtractValue(recv, 0), holder, T.Obj(method).name);
    llvm::FunctionType *inner = m.FuncType(sig);
    std::vector<llvm::Type *> params{m.ptrTy};
    params.insert(params.end(), inner->param_begin(), inner->param_end());
    auto *ft = llvm::FunctionType::get(inner->getReturnType(), params, false);
    args.insert(args.begin(), b.CreateExtractValue(recv, 1));
    r = b.CreateCall(ft, fnp, args);
  } else {
    args.insert(args.begin(), recv);
    r = b.CreateCall(m.MethodFunction(method, holder), args);
    KeepAlive(keep);
  }
  return tmp ? tmp : r;
}

} // namespace talpa::lower

namespace talpa::lower {

// ---------------------------------------------------------------------------
// Method values and method expressions: func values by the "Function values" convention
// (a pointer to a closure object whose word 0 is code taking the object first).

// x.M: the receiver is evaluated (and copied, for a value method) now, into a closure
// {code, receiver}; the code, "main.T.M-fm" as gc names it, calls M with the stored
// receiver. For an interface x the closure holds the interface value, and a nil x panics
// here, as in gc.
llvm::Value *FunctionContext::MethodValue(NodeId e) {
  const syntax::File &f = F();
  const types::Selection &sel = pkg.selections[Info(e).selection];
  ObjectId method = sel.obj;
  std::vector<int> fields(sel.path.begin(), sel.path.empty() ? sel.path.end() : sel.path.end() - 1);
  ModuleContext::MethodEntry ce;
  if (TypeParamMethod(pkg.Info(file, f.A(e)).type, pkg.Obj(method).name, &ce)) {
    method = ce.method;
    fields = ce.path;
  }
  bool ifaceRecv = IsIfaceMethod(T, method);
  bool wantPtr = WantsPointer(T, method);
  TypeId holder;
  llvm::Value *recv = ReceiverAlong(f.A(e), fields, wantPtr, &holder);
  TypeId stored = ifaceRecv ? holder : m.MethodRecv(method, holder);
  if (ifaceRecv) CheckNil(b.CreateExtractValue(recv, 0));
  TypeId closure = m.ClosureType(stored);
  llvm::Value *p = NewObject(closure);
  b.CreateStore(m.MethodValueCode(method, stored, ifaceRecv), FieldGEP(p, closure, 0));
  StoreValue(FieldGEP(p, closure, 1), recv, stored);
  return p;
}

// struct { F unsafe.Pointer; R recv }: a method value's closure object.
TypeId ModuleContext::ClosureType(TypeId recv) {
  auto it = closureTypes_.find(recv.index);
  if (it != closureTypes_.end()) return it->second;
  types::Universe &U = pkg.types;
  types::Object fo;
  fo.kind = types::ObjectKind::Var;
  fo.field = true;
  fo.name = "F";
  fo.type = types::Universe::Basic(BasicKind::UnsafePointer);
  types::Object ro = fo;
  ro.name = "R";
  ro.type = recv;
  TypeId t = U.NewStruct({U.NewObject(fo), U.NewObject(ro)}, {});
  closureTypes_[recv.index] = t;
  return t;
}

llvm::Function *ModuleContext::MethodValueCode(ObjectId method, TypeId stored, bool ifaceRecv) {
  const types::Object &mo = T.Obj(method);
  std::string sym = ifaceRecv ? TypeString(stored) + "." + std::string(mo.name) + "-fm"
                              : MethodFunction(method, stored)->getName().str() + "-fm";
  if (llvm::Function *f = module->getFunction(sym)) return f;
  llvm::FunctionType *inner =
      FuncType(ifaceRecv ? IfaceMethodType(stored, mo.name) : MethodSig(method, stored));
  std::vector<llvm::Type *> params{ptrTy};
  params.insert(params.end(), inner->param_begin(), inner->param_end());
  auto *ft = llvm::FunctionType::get(inner->getReturnType(), params, false);
  llvm::Function *w = llvm::Function::Create(ft, llvm::GlobalValue::InternalLinkage, sym, *module);
  SetFunctionAttributes(w);
  FunctionContext fc(*this, w, 0);
  TypeId closure = ClosureType(stored);
  llvm::Value *recvAddr = fc.FieldGEP(w->getArg(0), closure, 1);
  std::vector<llvm::Value *> args;
  for (unsigned i = 1; i < w->arg_size(); ++i)
    args.push_back(w->getArg(i));
  llvm::Value *r;
  if (ifaceRecv) {
    llvm::Value *iv = fc.b.CreateLoad(LLVMType(stored), recvAddr);
    llvm::Value *fnp = fc.ItabMethod(fc.b.CreateExtractValue(iv, 0), stored, mo.name);
    args.insert(args.begin(), fc.b.CreateExtractValue(iv, 1));
    r = fc.b.CreateCall(ft, fnp, args);
  } else {
    args.insert(args.begin(), fc.Load(recvAddr, stored)); // a copy for memory types
    r = fc.b.CreateCall(MethodFunction(method, stored), args);
  }
  if (ft->getReturnType()->isVoidTy())
    fc.b.CreateRetVoid();
  else
    fc.b.CreateRet(r);
  return w;
}

// T.M, (*T).M, I.M: a constant closure whose code takes the receiver as its first
// parameter (after the closure) and calls the method, reaching it along the selection's
// path as a call x.M would.
llvm::Value *FunctionContext::MethodExpr(NodeId e) {
  const types::Selection &sel = pkg.selections[Info(e).selection];
  ObjectId method = sel.obj;
  std::string_view name = pkg.Obj(method).name;
  std::vector<int> fields(sel.path.begin(), sel.path.empty() ? sel.path.end() : sel.path.end() - 1);
  ModuleContext::MethodEntry ce;
  if (TypeParamMethod(sel.recv, name, &ce)) {
    method = ce.method;
    fields = ce.path;
  }
  TypeId exprSig = TypeOf(e); // func(recv, params...) results
  TypeId recvT = Ty(sel.recv);
  std::string sym = m.TypeString(recvT) + "." + std::string(name) + "-fe";
  if (llvm::GlobalVariable *g = m.module->getGlobalVariable(sym + "·f", true)) return g;
  bool ifaceRecv = IsIfaceMethod(T, method);
  bool wantPtr = WantsPointer(T, method);
  llvm::FunctionType *inner = m.FuncType(exprSig);
  std::vector<llvm::Type *> params{m.ptrTy};
  params.insert(params.end(), inner->param_begin(), inner->param_end());
  auto *ft = llvm::FunctionType::get(inner->getReturnType(), params, false);
  llvm::Function *w =
      llvm::Function::Create(ft, llvm::GlobalValue::InternalLinkage, sym, *m.module);
  m.SetFunctionAttributes(w);
  {
    FunctionContext fc(m, w, file);
    bool out = m.ResultsInMemory(exprSig);
    unsigned recvArg = out ? 2 : 1;
    llvm::Value *arg = w->getArg(recvArg);
    std::vector<llvm::Value *> args;
    if (out) args.push_back(w->getArg(1));
    for (unsigned i = recvArg + 1; i < w->arg_size(); ++i)
      args.push_back(w->getArg(i));
    llvm::Value *addr = IsMemory(recvT) ? arg : nullptr;
    llvm::Value *val = IsMemory(recvT) ? nullptr : arg;
    TypeId holder;
    llvm::Value *recv = fc.PathReceiver(addr, val, recvT, fields, wantPtr, &holder);
    llvm::Value *r;
    if (ifaceRecv) {
      llvm::FunctionType *mt = m.FuncType(m.IfaceMethodType(holder, name));
      std::vector<llvm::Type *> mparams{m.ptrTy};
      mparams.insert(mparams.end(), mt->param_begin(), mt->param_end());
      auto *ift = llvm::FunctionType::get(mt->getReturnType(), mparams, false);
      llvm::Value *fnp = fc.ItabMethod(fc.b.CreateExtractValue(recv, 0), holder, name);
      args.insert(args.begin(), fc.b.CreateExtractValue(recv, 1));
      r = fc.b.CreateCall(ift, fnp, args);
    } else {
      args.insert(args.begin(), recv);
      r = fc.b.CreateCall(m.MethodFunction(method, holder), args);
    }
    if (ft->getReturnType()->isVoidTy())
      fc.b.CreateRetVoid();
    else
      fc.b.CreateRet(r);
  }
  auto *cty = llvm::StructType::get(m.ctx, llvm::ArrayRef<llvm::Type *>{m.ptrTy});
  auto *g = new llvm::GlobalVariable(*m.module, cty, true, llvm::GlobalValue::InternalLinkage,
                                     llvm::ConstantStruct::get(cty, {w}), sym + "·f");
  g->setAlignment(llvm::Align(8));
  return g;
}

} // namespace talpa::lower

namespace talpa::lower {

// The signature of method `name` of interface type iface (its own method object: an
// instance's methods have its type arguments in their signatures).
TypeId ModuleContext::IfaceMethodType(TypeId iface, std::string_view name) {
  for (ObjectId mo : IfaceMethods(iface))
    if (T.Obj(mo).name == name) return T.Obj(mo).type;
  return TypeId{};
}

bool FunctionContext::IsMethodExprCall(NodeId call) const {
  const syntax::File &f = F();
  NodeId fun = f.Unparen(f.A(call));
  if (!fun || f.Kind(fun) != NodeKind::SelectorExpr || !Info(fun).selection) return false;
  return pkg.selections[Info(fun).selection].kind == types::SelectionKind::MethodExpr;
}

// T.M(x, args): the method expression's code called directly (no closure needed).
llvm::Value *FunctionContext::MethodExprCall(NodeId call, llvm::Value *dst) {
  const syntax::File &f = F();
  NodeId fun = f.Unparen(f.A(call));
  auto *g = llvm::cast<llvm::GlobalVariable>(MethodExpr(fun));
  auto *code = llvm::cast<llvm::Function>(g->getInitializer()->getAggregateElement(0u));
  TypeId sig = TypeOf(fun);
  std::vector<llvm::Value *> args = Args(call, sig);
  llvm::AllocaInst *tmp = nullptr;
  if (m.ResultsInMemory(sig)) {
    if (!dst) dst = tmp = Alloca(m.ResultsType(sig), 8, "results");
    args.insert(args.begin(), dst);
  }
  args.insert(args.begin(), g); // the closure, unused by the code
  llvm::Value *r = b.CreateCall(code, args);
  return tmp ? tmp : r;
}

} // namespace talpa::lower
