// Function values and closures.
//
// A func value is a pointer (nil: null) to a closure object whose word 0 is the code
// pointer; the captured variables follow. The code takes the closure object as an extra
// first parameter (the "context") before exactly the parameters of FuncType(signature),
// so a call through a func value loads word 0 and calls it with the value itself first.
// A nil func value faults on that load, as in gc, so the runtime reports the fault with
// its signal line.
//
// A top-level function used as a value is a constant closure object `main.f·f` whose code
// is a wrapper that drops the context and calls main.f. A function literal becomes an
// internal function named as gc names closures in tracebacks (main.main.func1,
// main.main.func1.1 for one inside it, main.glob..func1 in package variable
// initializers); evaluating the literal allocates its closure object (mallocgc with the
// descriptor of struct { F uintptr; captures... }, so the collector scans the captures),
// or, when it captures nothing, is a constant closure object.
//
// Captures: a variable declared outside the literal and used inside it. One that is
// assigned after its declaration (=, op=, ++, --, redeclared by :=, a range variable, a
// named result) or whose address is taken lives in a heap cell (as address-taken
// variables do, memory.cpp), and the closure holds the cell's address, so the closure and
// its function share it; the others never change after the closure is made, and the
// closure holds a copy of the value. Loop variables are one variable per loop (Go 1.19).
#include <algorithm>

#include "compiler/lower/context.h"
#include "compiler/lower/generic.h"
#include "compiler/syntax/parser.h"
#include "llvm/IR/MDBuilder.h"

namespace talpa::lower {

namespace {

uint64_t LitKey(uint32_t file, NodeId lit) { return uint64_t{file} << 32 | lit.index; }

// The variable at the root of an assigned expression: x in x = ..., x.f = ... (x a struct),
// x[i] = ... (x an array); none through a pointer or a slice.
ObjectId RootVar(const types::Package &pkg, const syntax::File &f, uint32_t file, NodeId e) {
  const types::Universe &T = pkg.types;
  for (;;) {
    e = f.Unparen(e);
    if (!e) return ObjectId{};
    const types::ExprInfo &info = pkg.Info(file, e);
    switch (f.Kind(e)) {
    case NodeKind::Name:
      return info.object && T.Obj(info.object).kind == types::ObjectKind::Var ? info.object
                                                                              : ObjectId{};
    case NodeKind::SelectorExpr: {
      if (!info.selection || info.selection >= pkg.selections.size()) return ObjectId{};
      const types::Selection &sel = pkg.selections[info.selection];
      if (sel.kind != types::SelectionKind::FieldVal || sel.indirect) return ObjectId{};
      e = f.A(e);
      continue;
    }
    case NodeKind::IndexExpr: {
      TypeId xt = pkg.Info(file, f.A(e)).type;
      if (!xt || T.KindOf(T.Under(xt)) != types::TypeKind::Array) return ObjectId{};
      e = f.A(e);
      continue;
    }
    default:
      return ObjectId{};
    }
  }
}

// gc's name of the function a top-level literal is in: "f", "init.0", "T.M", "(*T).M".
std::string DeclName(const ModuleContext &m, const syntax::File &f, uint32_t file, NodeId decl) {
  NodeId name = f.B(decl);
  std::string n(f.Text(name));
  if (NodeId recv = f.Receiver(decl)) {
    NodeId t = f.Unparen(f.B(recv));
    bool ptr = f.Kind(t) == NodeKind::Operation && static_cast<TK>(f[t].op) == TK::Mul;
    if (ptr) t = f.Unparen(f.A(t));
    if (f.Kind(t) == NodeKind::IndexExpr) t = f.A(t); // generic receiver T[P]
    std::string tn(f.Text(t));
    return (ptr ? "(*" + tn + ")" : tn) + "." + n;
  }
  if (n == "init") {
    ObjectId obj = m.pkg.Info(file, name).object;
    if (obj) return "init." + std::to_string(m.pkg.Obj(obj).index);
  }
  return n;
}

} // namespace

void ModuleContext::FindClosures() {
  struct Lit {
    NodeId node;
    uint32_t start, end;
    int parent;
    uint32_t count = 0; // literals directly inside, named so far
    std::vector<ObjectId> captures;
  };
  llvm::DenseSet<uint32_t> assigned;
  for (uint32_t file = 0; file < pkg.files.size(); ++file) {
    const syntax::File &f = *pkg.files[file];
    std::vector<Lit> lits;
    for (uint32_t i = 1; i < f.nodes.size(); ++i) {
      NodeId n{i};
      switch (f.Kind(n)) {
      case NodeKind::FuncLit:
        lits.push_back(Lit{n, syntax::StartPos(f, n), f[f.B(n)].c, -1, 0, {}});
        break;
      case NodeKind::AssignStmt:
        for (NodeId l : f.Unpack(f.A(n))) {
          l = f.Unparen(l);
          if (f[n].flags) {
            // := assigns the variables it does not declare.
            ObjectId o = pkg.Info(file, l).object;
            if (o && T.Obj(o).pos != f[l].pos) assigned.insert(o.index);
          } else if (ObjectId o = RootVar(pkg, f, file, l)) {
            assigned.insert(o.index);
          }
        }
        break;
      case NodeKind::RangeClause:
        for (NodeId l : f.Unpack(f.A(n)))
          if (ObjectId o = RootVar(pkg, f, file, l)) assigned.insert(o.index);
        break;
      default:
        break;
      }
    }
    if (lits.empty()) continue;
    std::sort(lits.begin(), lits.end(),
              [](const Lit &a, const Lit &b) { return a.start < b.start; });
    // Parents (the spans nest) and names, in source order.
    std::vector<int> stack;
    llvm::DenseMap<uint32_t, uint32_t> declCount; // top-level literals per declaration
    uint32_t globCount = 0;
    std::vector<std::string> names(lits.size());
    for (size_t i = 0; i < lits.size(); ++i) {
      while (!stack.empty() && lits[static_cast<size_t>(stack.back())].end < lits[i].start)
        stack.pop_back();
      if (!stack.empty()) {
        Lit &p = lits[static_cast<size_t>(stack.back())];
        lits[i].parent = stack.back();
        names[i] = names[static_cast<size_t>(stack.back())] + "." + std::to_string(++p.count);
      } else {
        NodeId decl;
        for (NodeId d : std::vector<NodeId>(f.begin(f.decls), f.end(f.decls)))
          if (f.Kind(d) == NodeKind::FuncDecl && f.D(d) &&
              syntax::StartPos(f, d) <= lits[i].start && lits[i].end <= f[f.D(d)].c)
            decl = d;
        if (decl)
          names[i] = pkg.path + "." + DeclName(*this, f, file, decl) + ".func" +
                     std::to_string(++declCount[decl.index]);
        else
          names[i] = pkg.path + ".glob..func" + std::to_string(++globCount);
      }
      stack.push_back(static_cast<int>(i));
    }
    // Captures: each use of a local variable inside literals that do not contain its
    // declaration.
    for (uint32_t i = 1; i < f.nodes.size(); ++i) {
      NodeId n{i};
      if (f.Kind(n) != NodeKind::Name) continue;
      ObjectId o = pkg.Info(file, n).object;
      if (!o) continue;
      const types::Object &obj = T.Obj(o);
      if (obj.kind != types::ObjectKind::Var || obj.packageLevel || obj.field || obj.pkg != &pkg ||
          obj.file != file)
        continue;
      uint32_t p = f[n].pos;
      int inner = -1;
      for (size_t k = 0; k < lits.size() && lits[k].start <= p; ++k)
        if (p <= lits[k].end) inner = static_cast<int>(k);
      for (int k = inner; k >= 0; k = lits[static_cast<size_t>(k)].parent) {
        Lit &l = lits[static_cast<size_t>(k)];
        if (l.start <= obj.pos && obj.pos <= l.end) break;
        if (std::find(l.captures.begin(), l.captures.end(), o) == l.captures.end())
          l.captures.push_back(o);
      }
    }
    for (size_t i = 0; i < lits.size(); ++i) {
      Closure &c = closures_[LitKey(file, lits[i].node)];
      c.name = std::move(names[i]);
      c.captures = std::move(lits[i].captures);
    }
  }
  // Shared captured variables live on the heap; then each closure object's type.
  for (auto &[key, c] : closures_)
    for (ObjectId v : c.captures)
      if (assigned.contains(v.index) || T.Obj(v).isResult) addrTaken_.insert(v.index);
  for (auto &[key, c] : closures_) {
    if (c.captures.empty()) continue;
    types::Universe &U = pkg.types;
    auto field = [&](std::string name, TypeId t) {
      fieldNames_.push_back(std::make_unique<std::string>(std::move(name)));
      types::Object o;
      o.kind = types::ObjectKind::Var;
      o.field = true;
      o.name = *fieldNames_.back();
      o.type = t;
      return U.NewObject(o);
    };
    std::vector<ObjectId> fields{field("F", types::Universe::Basic(BasicKind::Uintptr))};
    for (size_t i = 0; i < c.captures.size(); ++i) {
      TypeId t = T.Obj(c.captures[i]).type;
      fields.push_back(
          field("X" + std::to_string(i), AddressTaken(c.captures[i]) ? U.NewPointer(t) : t));
    }
    c.objectType = U.NewStruct(fields, {});
  }
}

ModuleContext::Closure &ModuleContext::ClosureOf(uint32_t file, NodeId lit) {
  return closures_.at(LitKey(file, lit));
}

ModuleContext::Closure &ModuleContext::ClosureOf(uint32_t file, NodeId lit, Substitution *subst) {
  if (!subst) return ClosureOf(file, lit);
  auto [it, added] = instanceClosures_.try_emplace({LitKey(file, lit), subst});
  Closure &c = it->second;
  if (added) {
    const Closure &base = ClosureOf(file, lit);
    c.captures = base.captures;
    c.objectType = base.objectType ? subst->Apply(base.objectType) : TypeId{};
    c.name = base.name + InstanceSuffix(subst->To()); // unique per instance
  }
  return c;
}

llvm::FunctionType *ModuleContext::ClosureFuncType(TypeId sig) {
  llvm::FunctionType *ft = FuncType(sig);
  std::vector<llvm::Type *> params{ptrTy};
  params.insert(params.end(), ft->param_begin(), ft->param_end());
  return llvm::FunctionType::get(ft->getReturnType(), params, false);
}

llvm::Constant *ModuleContext::StaticClosure(llvm::Function *code, const llvm::Twine &name) {
  llvm::Constant *init = llvm::ConstantStruct::getAnon(ctx, {code});
  auto *g = new llvm::GlobalVariable(*module, init->getType(), true,
                                     llvm::GlobalValue::InternalLinkage, init, name);
  g->setAlignment(llvm::Align(module->getDataLayout().getPointerABIAlignment(0)));
  return g;
}

llvm::Constant *ModuleContext::FuncValue(ObjectId fn) {
  auto it = funcValues_.find(fn.index);
  if (it != funcValues_.end()) return it->second;
  llvm::Constant *v = FuncValueOf(GoFunction(fn), pkg.Obj(fn).type, Symbol(fn));
  funcValues_[fn.index] = v;
  return v;
}

llvm::Constant *ModuleContext::FuncValueOf(llvm::Function *target, TypeId sig,
                                           const std::string &sym) {
  llvm::Function *w = llvm::Function::Create(
      ClosureFuncType(sig), llvm::GlobalValue::InternalLinkage, sym + "·fw", *module);
  // No frame of its own in tracebacks: the call is a tail call where the target allows.
  w->addFnAttr("frame-pointer", "all");
  w->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", w));
  std::vector<llvm::Value *> args;
  for (unsigned i = 1; i < w->arg_size(); ++i)
    args.push_back(w->getArg(i));
  // Not inlined here: the wrapper has no line table of its own, so the target's frame
  // would vanish from tracebacks.
  llvm::CallInst *call = b.CreateCall(target, args);
  call->setTailCall();
  call->addFnAttr(llvm::Attribute::NoInline);
  if (call->getType()->isVoidTy())
    b.CreateRetVoid();
  else
    b.CreateRet(call);
  return StaticClosure(w, sym + "·f");
}

namespace {

// The literal's code: its parameters become variables as a function's do (LowerFunction),
// its captures are the closure object's fields (a cell's address, or the value itself).
llvm::Function *LowerClosure(ModuleContext &m, uint32_t file, NodeId lit, ModuleContext::Closure &c,
                             TypeId sig, Substitution *subst) {
  const types::Package &pkg = m.pkg;
  llvm::Function *fn = llvm::Function::Create(
      m.ClosureFuncType(sig), llvm::GlobalValue::ExternalLinkage, c.name, *m.module);
  m.SetFunctionAttributes(fn);
  c.fn = fn;
  FunctionContext fc(m, fn, file);
  fc.subst = subst;
  const syntax::File &f = fc.F();
  std::string debugName = c.name;
  if (subst) { // gc's main.F[...].func1
    debugName.erase(debugName.size() - m.InstanceSuffix(subst->To()).size());
    size_t at = debugName.rfind(".func");
    if (at != std::string::npos) debugName.insert(at, "[...]");
  }
  fc.StartDebug(debugName, lit);
  fc.signature = sig;
  llvm::Argument *ctx = fn->getArg(0);
  ctx->setName("closure");
  for (size_t i = 0; i < c.captures.size(); ++i) {
    ObjectId v = c.captures[i];
    llvm::Value *addr = fc.FieldGEP(ctx, c.objectType, static_cast<unsigned>(i + 1));
    fc.locals[v.index] = m.AddressTaken(v) ? fc.b.CreateLoad(m.ptrTy, addr, pkg.Obj(v).name) : addr;
  }
  fc.BindSignature(f.A(lit), NodeId{}, 1);
  fc.LowerBody(lit, f.B(lit));
  return fn;
}

} // namespace

llvm::Value *FunctionContext::FuncLit(NodeId lit) {
  ModuleContext::Closure &c = m.ClosureOf(file, lit, subst);
  TypeId sig = T.Under(Info(lit).type);
  if (!c.fn) LowerClosure(m, file, lit, c, sig, subst);
  if (c.captures.empty()) {
    if (!c.value) c.value = m.StaticClosure(c.fn, c.name + "·f");
    return c.value;
  }
  llvm::Value *obj = NewObject(c.objectType);
  b.CreateStore(c.fn, FieldGEP(obj, c.objectType, 0));
  for (size_t i = 0; i < c.captures.size(); ++i) {
    ObjectId v = c.captures[i];
    TypeId t = VarType(v);
    llvm::Value *addr = FieldGEP(obj, c.objectType, static_cast<unsigned>(i + 1));
    if (m.AddressTaken(v))
      StoreValue(addr, Address(v), pkg.types.NewPointer(t));
    else
      StoreValue(addr, Load(Address(v), t), t);
  }
  return obj;
}

llvm::Constant *FunctionContext::StaticFuncValue(NodeId e) {
  const syntax::File &f = F();
  e = f.Unparen(e);
  if (f.Kind(e) == NodeKind::Name) {
    ObjectId o = Info(e).object;
    if (o && pkg.Obj(o).kind == types::ObjectKind::Func && pkg.Obj(o).packageLevel)
      return m.FuncValue(o);
    return nullptr;
  }
  if (f.Kind(e) != NodeKind::FuncLit || !m.ClosureOf(file, e, subst).captures.empty())
    return nullptr;
  return llvm::cast<llvm::Constant>(FuncLit(e));
}

bool FunctionContext::DirectCall(NodeId call) const {
  const syntax::File &f = F();
  NodeId fun = f.Unparen(f.A(call));
  if (GenericCallee(pkg, file, fun)) return true; // an instance of a generic function
  if (ObjectId q = QualifiedObject(fun)) return pkg.Obj(q).kind == types::ObjectKind::Func;
  if (f.Kind(fun) != NodeKind::Name) return false;
  ObjectId o = Info(fun).object;
  return o && pkg.Obj(o).kind == types::ObjectKind::Func && pkg.Obj(o).packageLevel;
}

llvm::Value *FunctionContext::CallFuncValue(llvm::Value *fv, TypeId sig,
                                            llvm::ArrayRef<llvm::Value *> args) {
  // A nil func value: the load of its code pointer faults (volatile, so that it stays
  // even where the value is known to be nil); panicmem is never reached. A constant
  // closure object (a top-level function, a literal without captures) is never nil.
  std::vector<llvm::Value *> all{fv};
  all.insert(all.end(), args.begin(), args.end());
  if (llvm::isa<llvm::GlobalValue>(fv))
    return b.CreateCall(m.ClosureFuncType(sig), b.CreateLoad(m.ptrTy, fv, "code"), all);
  llvm::BasicBlock *nilBB = llvm::BasicBlock::Create(m.ctx, "funcval.nil", fn);
  llvm::BasicBlock *okBB = llvm::BasicBlock::Create(m.ctx, "funcval.ok", fn);
  b.CreateCondBr(b.CreateIsNull(fv), nilBB, okBB,
                 llvm::MDBuilder(m.ctx).createBranchWeights(1, 1 << 20));
  b.SetInsertPoint(nilBB);
  b.CreateLoad(m.ptrTy, fv, /*isVolatile=*/true);
  // A volatile store of the site's number into a stack slot keeps the code generator
  // from merging the function's nil blocks into one, which would lose each call's line.
  if (!nilCallSlot) nilCallSlot = Alloca(b.getInt32Ty(), 4, "nilcall");
  b.CreateStore(b.getInt32(++m.nilCallSites), nilCallSlot, /*isVolatile=*/true);
  b.CreateCall(m.Runtime(RuntimeFunc::PanicMem));
  b.CreateUnreachable();
  b.SetInsertPoint(okBB);
  llvm::Value *code = b.CreateLoad(m.ptrTy, fv, "code");
  return b.CreateCall(m.ClosureFuncType(sig), code, all);
}

} // namespace talpa::lower
