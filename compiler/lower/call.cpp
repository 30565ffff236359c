// Calls. Go-to-Go calls use talpa's own convention (both sides are compiled by talpa, so
// no C ABI rules apply; ModuleContext::FuncType): scalars, strings and slices are LLVM
// values; an argument of a memory type (array, struct) is a pointer to a temporary copy
// that the callee owns and uses as its parameter variable; results are returned as one
// value, or several as one struct value, unless one of them is of a memory type, in which
// case the caller passes a pointer to storage for all of them first. A variadic
// function's extra arguments are packed into a fresh slice (nil when there are none);
// f(g()) spreads g's results over f's parameters. Conversions T(x) and builtin calls are
// dispatched from the checker's CallKind.
#include "compiler/lower/context.h"
#include "llvm/IR/InlineAsm.h"

namespace talpa::lower {

namespace {

TypeId CalleeSig(FunctionContext &fc, NodeId call) {
  const syntax::File &f = fc.F();
  NodeId fun = f.Unparen(f.A(call));
  if (fc.IsMethodCall(call)) return fc.TypeOf(fun); // the signature without receiver, substituted
  if (fc.IsMethodExprCall(call)) return fc.TypeOf(fun);
  if (!fc.DirectCall(call)) return fc.T.Under(fc.TypeOf(fun)); // a func value
  return fc.CalleeSignature(fun);
}

} // namespace

std::vector<llvm::Value *> FunctionContext::Args(NodeId call, TypeId sig,
                                                 std::vector<llvm::Value *> *keep) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  const types::SignatureInfo &si = T.Sig(sig);
  TypeId params = si.params;
  uint32_t np = T.TupleLen(params);
  // The argument values and their types, in order.
  std::vector<llvm::Value *> vals;
  std::vector<TypeId> types;
  NodeId first = args.count ? f.At(args, 0) : NodeId{};
  if (args.count == 1 && Info(first).type && T.IsTuple(Info(first).type)) {
    vals = Values(first); // f(g()) with g returning several values
    for (uint32_t i = 0; i < T.TupleLen(Info(first).type); ++i)
      types.push_back(T.TupleAt(Info(first).type, i));
  } else {
    for (uint32_t i = 0; i < args.count; ++i) {
      NodeId a = f.At(args, i);
      types.push_back(TypeOf(a));
      if (NodeId p = keep ? UnsafeUintptr(a) : NodeId{}) {
        llvm::Value *ptr = Expr(p);
        keep->push_back(ptr);
        vals.push_back(Convert(ptr, TypeOf(p), TypeOf(a)));
        continue;
      }
      vals.push_back(Expr(a));
    }
  }
  std::vector<llvm::Value *> out;
  bool pack = si.variadic && f[call].flags == 0; // f(a, b, c) rather than f(a, s...)
  uint32_t fixed = pack ? np - 1 : np;
  for (uint32_t i = 0; i < fixed && i < vals.size(); ++i)
    out.push_back(Convert(vals[i], types[i], T.TupleAt(params, i)));
  if (pack) {
    TypeId sliceType = T.TupleAt(params, np - 1);
    TypeId elem = T.Elem(T.Under(sliceType));
    auto n = static_cast<int64_t>(vals.size()) - fixed;
    if (n <= 0) {
      out.push_back(llvm::Constant::getNullValue(m.sliceTy));
    } else {
      TypeId arrayType = pkg.types.NewArray(elem, n);
      llvm::Value *p = NewObject(arrayType);
      for (int64_t k = 0; k < n; ++k) {
        size_t i = fixed + static_cast<size_t>(k);
        StoreValue(ElemGEP(elem, p, b.getInt64(k)), Convert(vals[i], types[i], elem), elem);
      }
      out.push_back(MakeSlice(p, b.getInt64(n), b.getInt64(n)));
    }
  }
  return out;
}

llvm::Value *FunctionContext::Call(NodeId e) {
  const syntax::File &f = F();
  const types::ExprInfo &info = Info(e);
  NodeId fun = f.Unparen(f.A(e));
  syntax::NodeList args = f.ListBC(e);
  switch (info.callKind) {
  case types::CallConversion: {
    NodeId arg = f.At(args, 0);
    TypeId to = T.Under(Info(e).type);
    if (Info(arg).mode == types::Mode::Constant && T.IsString(TypeOf(arg)) &&
        T.KindOf(to) == types::TypeKind::Slice && T.Kind(T.Elem(to)) == BasicKind::Uint8) {
      // []byte("const"): a new array of exactly the string's length, as gc's walk makes
      // it (so cap == len).
      std::string s(pkg.Constant(Info(arg).value).StringVal());
      auto n = static_cast<int64_t>(s.size());
      llvm::Value *p = NewObject(pkg.types.NewArray(T.Elem(to), n));
      if (n > 0) {
        llvm::Constant *c = m.StringConstant(s);
        b.CreateMemCpy(p, llvm::Align(1), c->getAggregateElement(0u), llvm::Align(1),
                       static_cast<uint64_t>(n));
      }
      return MakeSlice(p, b.getInt64(n), b.getInt64(n));
    }
    return Convert(Expr(arg), TypeOf(arg), Info(e).type);
  }
  case types::CallBuiltin: {
    // A builtin by name, or one of package unsafe's (unsafe.Add, ...).
    ObjectId obj = Info(fun).object;
    if (f.Kind(fun) == NodeKind::SelectorExpr) obj = pkg.selections[Info(fun).selection].obj;
    return Builtin(e, pkg.Obj(obj).builtin);
  }
  default:
    break;
  }
  if (IsMethodCall(e)) return MethodCall(e, nullptr);
  if (IsMethodExprCall(e)) return MethodExprCall(e, nullptr);
  TypeId sig = CalleeSig(*this, e);
  if (m.ResultsInMemory(sig)) {
    llvm::Type *rt = m.ResultsType(sig);
    llvm::AllocaInst *tmp = Alloca(rt, 8, "results");
    CallInto(e, tmp);
    return tmp;
  }
  if (!DirectCall(e)) {
    llvm::Value *fv = Expr(fun);
    return CallFuncValue(fv, sig, Args(e, sig));
  }
  std::vector<llvm::Value *> keep;
  std::vector<llvm::Value *> vals = Args(e, sig, KeepsUintptrArgsAlive(e) ? &keep : nullptr);
  llvm::Value *r = b.CreateCall(Callee(fun), vals);
  KeepAlive(keep);
  return r;
}

void FunctionContext::CallInto(NodeId e, llvm::Value *dst) {
  const syntax::File &f = F();
  if (IsMethodCall(e)) {
    MethodCall(e, dst);
    return;
  }
  if (IsMethodExprCall(e)) {
    MethodExprCall(e, dst);
    return;
  }
  TypeId sig = CalleeSig(*this, e);
  llvm::Value *fv = DirectCall(e) ? nullptr : Expr(f.Unparen(f.A(e)));
  std::vector<llvm::Value *> keep;
  std::vector<llvm::Value *> args = Args(e, sig, !fv && KeepsUintptrArgsAlive(e) ? &keep : nullptr);
  args.insert(args.begin(), dst);
  if (fv) {
    CallFuncValue(fv, sig, args);
    return;
  }
  b.CreateCall(Callee(f.A(e)), args);
  KeepAlive(keep);
}

// ---------------------------------------------------------------------------
// uintptr arguments kept alive (gc's //go:uintptrescapes and //go:uintptrkeepalive)
//
// A uintptr holds no reference for the collector: in f(uintptr(p)) the object p points to
// could be collected while f runs. A direct call of a function marked //go:uintptrescapes,
// or of one without a body (its body is elsewhere, e.g. linknamed: gc assumes so of them),
// evaluates p itself for each argument that is such a conversion, passes its uintptr, and
// uses p once more after the call (KeepAlive): p is then live across the call, in a
// callee-saved register or a stack slot, where the collector's conservative scan of the
// stack finds it. The object already escapes (HeapToStack keeps any pointer converted to
// an integer on the heap). Function values and method calls lose the mark, as in gc.

bool FunctionContext::KeepsUintptrArgsAlive(NodeId call) const {
  const syntax::File &f = F();
  NodeId fun = f.Unparen(f.A(call));
  ObjectId fn = GenericCallee(pkg, file, fun);
  if (!fn) fn = QualifiedObject(fun);
  if (!fn && f.Kind(fun) == NodeKind::Name) fn = Info(fun).object;
  if (!fn || pkg.Obj(fn).kind != types::ObjectKind::Func) return false;
  const types::Object &o = pkg.Obj(fn);
  const syntax::File &df = *(o.pkg ? o.pkg : &pkg)->files[o.file];
  if (!o.decl || df.Kind(o.decl) != NodeKind::FuncDecl) return false;
  if (!df.D(o.decl)) return true;
  for (const syntax::Directive &d : df.directives)
    if (d.kind == syntax::DirectiveKind::UintptrEscapes && d.decl == o.decl) return true;
  return false;
}

// The operand p of an argument uintptr(p) with p an unsafe.Pointer, or none.
NodeId FunctionContext::UnsafeUintptr(NodeId arg) const {
  const syntax::File &f = F();
  NodeId conv = f.Unparen(arg);
  if (f.Kind(conv) != NodeKind::CallExpr || Info(conv).callKind != types::CallConversion ||
      T.Kind(T.Under(TypeOf(conv))) != BasicKind::Uintptr)
    return NodeId{};
  NodeId p = f.At(f.ListBC(conv), 0);
  return T.Kind(T.Under(TypeOf(p))) == BasicKind::UnsafePointer ? p : NodeId{};
}

void FunctionContext::KeepAlive(llvm::ArrayRef<llvm::Value *> values) {
  if (values.empty()) return;
  // An empty asm statement that needs each value in a register: nothing can drop it.
  for (llvm::Value *v : values) {
    auto *use = llvm::InlineAsm::get(llvm::FunctionType::get(b.getVoidTy(), {v->getType()}, false),
                                     "", "r", /*hasSideEffects=*/true);
    b.CreateCall(use, {v});
  }
}

std::vector<llvm::Value *> FunctionContext::Values(NodeId e) {
  if (auto it = hoistedValues_.find(e.index); it != hoistedValues_.end()) return it->second;
  if (F().Kind(F().Unparen(e)) == NodeKind::AssertExpr) {
    llvm::Value *ok = nullptr; // v, ok := x.(T) (iface.cpp)
    llvm::Value *v = TypeAssert(F().Unparen(e), &ok);
    return {v, ok};
  }
  TypeId t = Info(e).type;
  if (t && T.IsTuple(t) && IsMapIndex(e)) return MapIndexCommaOk(F().Unparen(e)); // map.cpp
  if (t && T.IsTuple(t) && IsReceive(e)) return ReceiveCommaOk(e);                // chan.cpp
  llvm::Value *v = Expr(e);
  if (!t || !T.IsTuple(t)) return {v};
  std::vector<llvm::Value *> out;
  NodeId call = F().Unparen(e);
  if (m.ResultsInMemory(CalleeSig(*this, call))) {
    // v points to the results; each memory-typed one is the consumer's to keep.
    auto *rt = llvm::cast<llvm::StructType>(m.ResultsType(CalleeSig(*this, call)));
    for (uint32_t i = 0; i < T.TupleLen(t); ++i) {
      llvm::Value *addr = b.CreateStructGEP(rt, v, i);
      TypeId rti = T.TupleAt(t, i);
      out.push_back(IsMemory(rti) ? addr : b.CreateLoad(m.LLVMType(rti), addr));
    }
    return out;
  }
  for (uint32_t i = 0; i < T.TupleLen(t); ++i)
    out.push_back(b.CreateExtractValue(v, i));
  return out;
}

} // namespace talpa::lower
