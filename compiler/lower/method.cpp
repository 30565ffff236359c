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

std::string ModuleContext::MethodSymbol(ObjectId method) {
  TypeId recv = RecvType(T, method);
  bool ptr = T.KindOf(recv) == types::TypeKind::Pointer;
  TypeId named = ptr ? T.Elem(recv) : recv;
  const types::Object &tn = T.Obj(T.Named(named).obj);
  std::string path = tn.pkg ? tn.pkg->path : pkg.path;
  std::string name(tn.name);
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
  TypeId cur = TypeOf(x);
  llvm::Value *addr = nullptr, *val = nullptr;
  if (Info(x).mode == types::Mode::Variable && !T.IsPointer(cur))
    addr = Addr(x);
  else if (IsMemory(cur))
    addr = Expr(x); // a temporary of ours
  else
    val = Expr(x);
  std::vector<int> fields(sel.path.begin(), sel.path.empty() ? sel.path.end() : sel.path.end() - 1);
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

llvm::Value *FunctionContext::MethodCall(NodeId call, llvm::Value *dst) {
  const syntax::File &f = F();
  NodeId fun = f.Unparen(f.A(call));
  const types::Selection &sel = pkg.selections[Info(fun).selection];
  ObjectId method = sel.obj;
  TypeId sig = pkg.Obj(method).type;
  if (!T.Sig(sig).recv || T.IsInterface(RecvType(T, method))) return InterfaceMethodCall(call, dst);
  bool wantPtr = T.IsPointer(RecvType(T, method));
  TypeId holder;
  llvm::Value *recv = SelectionReceiver(f.A(fun), sel, wantPtr, &holder);
  std::vector<llvm::Value *> args = Args(call, sig);
  llvm::AllocaInst *tmp = nullptr;
  if (m.ResultsInMemory(sig)) {
    if (!dst) dst = tmp = Alloca(m.ResultsType(sig), 8, "results");
    args.insert(args.begin(), dst);
  }
  args.insert(args.begin(), recv);
  llvm::Value *r = b.CreateCall(m.MethodFunction(method), args);
  return tmp ? tmp : r;
}

} // namespace talpa::lower
