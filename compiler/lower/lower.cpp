// The package as a module: Go types as LLVM types, runtime declarations from runtime.def,
// one LLVM function per Go function ("main.f", user init functions "main.init.N"), package
// variables as zero-initialized globals, and package initialization as gc's: "main.init"
// runs the variable initializers in the checker's dependency order, and the initTask
// "main..inittask" (abi.h) lists the imported packages' tasks, then main.init and the user
// init functions that do anything, in source order; the runtime's hook "main..init" runs it
// with runtime.doInit. Locals live in allocas (mem2reg promotes them); every function keeps
// frame pointers for tracebacks. //go:linkname targets name functions and variables.
#include <functional>

#include "compiler/base/check.h"
#include "compiler/lower/context.h"
#include "llvm/IR/Verifier.h"
#include "llvm/TargetParser/Triple.h"

namespace talpa::lower {

ModuleContext::ModuleContext(const types::Package &pkg, llvm::LLVMContext &ctx,
                             const llvm::TargetMachine &tm)
    : pkg(pkg), T(pkg.types), ctx(ctx), module(std::make_unique<llvm::Module>(pkg.path, ctx)) {
  module->setDataLayout(tm.createDataLayout());
  module->setTargetTriple(tm.getTargetTriple().str());
  intptrTy = module->getDataLayout().getIntPtrType(ctx);
  ptrTy = llvm::PointerType::get(ctx, 0);
  abiLayout_ = AbiLayoutFor(module->getTargetTriple());
  if (!abiLayout_)
    base::CheckFailed(("no ABI layouts for target triple " + module->getTargetTriple() +
                       " in talpa/abi_layout.inc (targets/ changed since cmake ran?)")
                          .c_str(),
                      __FILE__, __LINE__);
  abiTypes_ = BuildAbiTypes(ctx, *abiLayout_);
  stringTy = AbiType(AbiStruct::stringStruct);
  sliceTy = AbiType(AbiStruct::slice);
  CheckLayouts();
}

// The runtime's ABI header is the one statement of shared layouts. The LLVM types above
// were built from clang's reading of it for this target; LLVM must place every field where
// clang did, or compiled code and the runtime would disagree about memory.
void ModuleContext::CheckLayouts() const {
  TALPA_CHECK(abiTypes_.size() == static_cast<size_t>(AbiStruct::Count),
              "talpa/abi_layout.inc: a target has a different number of structs");
  for (size_t i = 0; i < abiTypes_.size(); ++i)
    TALPA_CHECK(abiLayout_->structs[i].name == AbiStructName(static_cast<AbiStruct>(i)),
                "talpa/abi_layout.inc: a target lists the structs in another order");
  std::vector<std::string> diffs = CheckAbiLayout(*abiLayout_, abiTypes_, module->getDataLayout());
  if (!diffs.empty())
    base::CheckFailed(("runtime/include/talpa/abi.h: LLVM lays out " + diffs.front() +
                       " (see docs/compiler/abi.md)")
                          .c_str(),
                      __FILE__, __LINE__);
}

std::string ModuleContext::Symbol(ObjectId obj) const {
  const types::Object &o = pkg.Obj(obj);
  // An imported package's object (talpa's runtime package) has that package's name.
  const types::Package &owner = o.pkg ? *o.pkg : pkg;
  if (const std::string *target = Linkname(obj); target && !target->empty()) return *target;
  if (o.kind == types::ObjectKind::Func && o.name == "init")
    return owner.path + ".init." + std::to_string(o.index);
  return owner.path + "." + std::string(o.name);
}

// ---------------------------------------------------------------------------
// //go:linkname (the checker applied gc's rules; Package::linknames): the object's symbol
// is the directive's target. A function without a body refers to that symbol; one with a
// body, or a variable, is defined under it. Another object of the module (a function or
// variable linknamed to the same symbol, or a runtime function of runtime.def) may name
// the same symbol: a variable then shares the one global, a function declaration is
// merged with the other declaration or definition once the module is complete
// (MergeLinknames), since their LLVM types may differ.

const std::string *ModuleContext::Linkname(ObjectId obj) const {
  const types::Object &o = pkg.Obj(obj);
  const types::Package &owner = o.pkg ? *o.pkg : pkg;
  for (const auto &[linked, target] : owner.linknames)
    if (linked == obj) return &target;
  return nullptr;
}

llvm::Function *ModuleContext::NamedFunction(llvm::FunctionType *type, const std::string &name,
                                             bool define) {
  llvm::Function *existing = module->getFunction(name);
  if (existing && existing->getFunctionType() == type &&
      !(define && funcDefs_.contains(existing))) {
    if (define) funcDefs_.insert(existing);
    return existing;
  }
  auto *f = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, *module);
  if (define) funcDefs_.insert(f);
  if (existing) sameSymbol_.emplace_back(f, name); // LLVM named it name.N
  return f;
}

void ModuleContext::ReplaceGlobal(llvm::GlobalVariable *old, llvm::GlobalVariable *by) {
  old->replaceAllUsesWith(by);
  for (auto &entry : globals_)
    if (entry.second == old) entry.second = by;
  varDefs_.erase(old);
  old->eraseFromParent();
}

void ModuleContext::MergeLinknames(std::vector<std::string> *errors) {
  for (auto &[f, name] : sameSymbol_) {
    llvm::Function *g = module->getFunction(name);
    if (!g || g == f) continue;
    if (!f->isDeclaration() && !g->isDeclaration()) {
      if (errors) errors->push_back("duplicated definition of symbol " + name);
      continue;
    }
    // Calls keep their own function type; only the callee (a ptr) changes.
    llvm::Function *keep = f->isDeclaration() ? g : f, *drop = f->isDeclaration() ? f : g;
    drop->replaceAllUsesWith(keep);
    drop->eraseFromParent();
    keep->setName(name);
  }
  sameSymbol_.clear();
  if (errors)
    for (const std::string &sym : symbolErrors_)
      errors->push_back("symbol " + sym + " listed multiple times");
  symbolErrors_.clear();
}

void ModuleContext::SetFunctionAttributes(llvm::Function *f) {
  f->addFnAttr("frame-pointer", "all");
  // No tail calls, as gc: every call keeps its caller's frame, so tracebacks show each
  // frame (a panic call is often last) and recursion is as deep as written.
  f->addFnAttr("disable-tail-calls", "true");
  f->addFnAttr(llvm::Attribute::NoUnwind);
  // Windows tracebacks unwind with the image's unwind data (docs/runtime/traceback.md):
  // every function needs its .pdata/.xdata entry, which LLVM leaves out of nounwind
  // functions unless asked.
  if (llvm::Triple(module->getTargetTriple()).isOSWindows())
    f->setUWTableKind(llvm::UWTableKind::Async);
}

llvm::Function *ModuleContext::GoFunction(ObjectId fn) {
  auto it = funcs_.find(fn.index);
  if (it != funcs_.end()) return it->second;
  const types::Object &o = pkg.Obj(fn);
  const syntax::File &df = *(o.pkg ? o.pkg : &pkg)->files[o.file];
  bool define = (!o.pkg || o.pkg == &pkg) && o.decl &&
                df.Kind(o.decl) == syntax::NodeKind::FuncDecl && df.D(o.decl);
  // Blank functions (func _() {...}, any number of them) are named main._.N by LLVM.
  llvm::Function *f =
      o.name == "_" ? llvm::Function::Create(FuncType(o.type), llvm::GlobalValue::ExternalLinkage,
                                             Symbol(fn), *module)
                    : NamedFunction(FuncType(o.type), Symbol(fn), define);
  SetFunctionAttributes(f);
  funcs_[fn.index] = f;
  return f;
}

llvm::GlobalVariable *ModuleContext::Global(ObjectId var) {
  auto it = globals_.find(var.index);
  if (it != globals_.end()) return it->second;
  TypeId vt = pkg.Obj(var).type;
  llvm::Type *t = LLVMType(vt);
  // A variable of an imported package is defined by that package's module; a package
  // that is imported (not main) gives its variables external linkage for that.
  const types::Package *owner = pkg.Obj(var).pkg;
  bool imported = owner && owner != &pkg;
  std::string sym = Symbol(var);
  // Blank variables (var _ = f()) each get their own global, named main._.N by LLVM.
  llvm::GlobalVariable *g = pkg.Obj(var).name == "_" ? nullptr : module->getNamedGlobal(sym);
  if (g) {
    // Linknamed to a symbol the module has (see MergeLinknames). Two variables defined
    // under one symbol are refused as gc's object writer refuses them.
    if (!imported && varDefs_.contains(g)) symbolErrors_.push_back(sym);
    globals_[var.index] = g;
    return g;
  }
  auto linkage = imported || pkg.name != "main" ? llvm::GlobalValue::ExternalLinkage
                                                : llvm::GlobalValue::InternalLinkage;
  // A linknamed variable is as gc's linker treats a variable without static data: a
  // definition of the symbol with data (from another object) wins over it, the largest of
  // several without data is kept. An initializer with static data makes it external.
  if (Linkname(var) && !imported) linkage = llvm::GlobalValue::CommonLinkage;
  g = new llvm::GlobalVariable(*module, t, false, linkage,
                               imported ? nullptr : llvm::Constant::getNullValue(t), sym);
  g->setAlignment(llvm::Align(Alignof(vt)));
  if (!imported) varDefs_.insert(g);
  globals_[var.index] = g;
  return g;
}

// A string value {data, len} as abi.h's stringStruct, fields placed by the table.
llvm::Constant *ModuleContext::StringConstant(std::string_view s) {
  constexpr unsigned ptrField = AbiField(AbiStruct::stringStruct, "ptr");
  constexpr unsigned lenField = AbiField(AbiStruct::stringStruct, "len");
  static_assert(AbiFieldCount(AbiStruct::stringStruct) == 2, "a string constant sets every field");
  auto value = [&](llvm::Constant *data) {
    llvm::Constant *fields[2];
    fields[ptrField] = data;
    fields[lenField] = llvm::ConstantInt::get(stringTy->getElementType(lenField), s.size());
    return llvm::ConstantStruct::get(stringTy, fields);
  };
  if (s.empty()) return value(llvm::ConstantPointerNull::get(ptrTy));
  auto it = strings_.find(s);
  if (it != strings_.end()) return it->second;
  llvm::Constant *data =
      llvm::ConstantDataArray::getString(ctx, llvm::StringRef(s.data(), s.size()), false);
  auto *g = new llvm::GlobalVariable(*module, data->getType(), true,
                                     llvm::GlobalValue::PrivateLinkage, data, ".str");
  g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  g->setAlignment(llvm::Align(1));
  llvm::Constant *v = value(g);
  strings_[s] = v;
  return v;
}

// ---------------------------------------------------------------------------
// Runtime declarations, generated from runtime.def.

namespace {
enum class RtKind { Void, Bool, Int, Uint, Uintptr, Float64, Ptr };
enum class RtFlag { None, NoReturn, ReturnsTwice, NoGC };
struct RtDesc {
  const char *symbol;
  RtFlag flags;
  RtKind result;
  std::vector<RtKind> params;
};
const std::vector<RtDesc> &RuntimeTable() {
  using enum RtKind;
  using enum RtFlag;
  static const std::vector<RtDesc> table = {
#define RUNTIME_FUNC(Id, Symbol, Flags, Result, ...) {Symbol, Flags, Result, {__VA_ARGS__}},
#include "talpa/runtime.def"
#undef RUNTIME_FUNC
  };
  return table;
}
} // namespace

llvm::Function *ModuleContext::Runtime(RuntimeFunc id) {
  llvm::Function *&f = runtime_[static_cast<int>(id)];
  if (f) return f;
  const RtDesc &d = RuntimeTable()[static_cast<int>(id)];
  auto type = [&](RtKind k) -> llvm::Type * {
    switch (k) {
    case RtKind::Void:
      return llvm::Type::getVoidTy(ctx);
    case RtKind::Bool:
      return llvm::Type::getInt8Ty(ctx);
    case RtKind::Int:
    case RtKind::Uint:
      return llvm::Type::getInt64Ty(ctx);
    case RtKind::Uintptr:
      return intptrTy;
    case RtKind::Float64:
      return llvm::Type::getDoubleTy(ctx);
    case RtKind::Ptr:
      return ptrTy;
    }
    return nullptr;
  };
  std::vector<llvm::Type *> params;
  for (RtKind k : d.params)
    params.push_back(type(k));
  f = NamedFunction(llvm::FunctionType::get(type(d.result), params, false), d.symbol);
  f->addFnAttr(llvm::Attribute::NoUnwind);
  if (d.flags == RtFlag::NoReturn) f->addFnAttr(llvm::Attribute::NoReturn);
  if (d.flags == RtFlag::ReturnsTwice) f->addFnAttr(llvm::Attribute::ReturnsTwice);
  if (d.flags == RtFlag::NoGC) f->addFnAttr("gc-leaf-function"); // compiler/opt/precise_gc.cpp
  return f;
}

// ---------------------------------------------------------------------------
// Functions

FunctionContext::FunctionContext(ModuleContext &m, llvm::Function *fn, uint32_t file)
    : m(m), pkg(m.pkg), T(m.T), fn(fn), file(file), b(m.ctx), entry(m.ctx) {
  llvm::BasicBlock *bb = llvm::BasicBlock::Create(m.ctx, "entry", fn);
  b.SetInsertPoint(bb);
  entry.SetInsertPoint(bb);
}

TypeId FunctionContext::TypeOf(NodeId n) const { return T.Default(Info(n).type); }

llvm::Value *FunctionContext::NewLocal(ObjectId var) {
  TypeId t = VarType(var);
  llvm::Value *v = m.AddressTaken(var) ? NewObject(t) : Alloca(m.LLVMType(t), m.Alignof(t));
  v->setName(pkg.Obj(var).name);
  locals[var.index] = v;
  return v;
}

llvm::Value *FunctionContext::Address(ObjectId var) {
  if (pkg.Obj(var).packageLevel) return m.Global(var);
  auto it = locals.find(var.index);
  if (it != locals.end()) return it->second;
  // Not declared on any path the lowering has seen (code after a goto into its scope is
  // rejected by the checker, so this is unreachable code): give it storage anyway.
  llvm::Value *v = Alloca(m.LLVMType(VarType(var)), m.Alignof(VarType(var)));
  locals[var.index] = v;
  return v;
}

void FunctionContext::EnsureInsertable() {
  if (Terminated()) b.SetInsertPoint(llvm::BasicBlock::Create(m.ctx, "unreachable", fn));
}

// Binds the function's parameters to its arguments and makes its named results, as
// variables: `receiver` (a method's receiver field, or none) is argument 0; the
// results-out pointer (results in memory) then the parameters of the signature type
// `ft` follow from argument `first` (after the receiver or a closure's context).
void FunctionContext::BindSignature(NodeId ft, NodeId receiver, unsigned first) {
  const syntax::File &f = F();
  if (m.ResultsInMemory(signature)) {
    resultsOut = fn->getArg(first);
    resultsOut->setName("results");
    ++first;
  }
  auto bind = [&](NodeId field, llvm::Argument *arg) {
    NodeId name = f.A(field);
    if (!name || !Info(name).object) return;
    ObjectId p = Info(name).object;
    arg->setName(f.Text(name));
    TypeId t = VarType(p);
    if (m.IsMemory(t) && !m.AddressTaken(p)) {
      locals[p.index] = arg;
      return;
    }
    StoreValue(NewLocal(p), arg, t);
  };
  if (receiver) bind(receiver, fn->getArg(0));
  syntax::NodeList params = f.ListAB(ft);
  for (uint32_t i = 0; i < params.count; ++i)
    bind(f.At(params, i), fn->getArg(first + i));
  syntax::NodeList results = f.ListCD(ft);
  for (uint32_t i = 0; i < results.count; ++i) {
    NodeId name = f.A(f.At(results, i));
    if (!name) continue;
    ObjectId r = Info(name).object;
    if (!r) {
      // A blank named result: still a result slot.
      namedResults.push_back(ObjectId{});
      continue;
    }
    llvm::Value *slot = NewLocal(r);
    if (llvm::isa<llvm::AllocaInst>(slot)) ZeroValue(slot, VarType(r));
    namedResults.push_back(r);
  }
}

// Lowers the body of the function or literal `node` and returns from its end if control
// reaches it (or runs its defers first: defer.cpp).
void FunctionContext::LowerBody(NodeId node, NodeId body) {
  bool defers = HasDefer(F(), node);
  if (defers) StartDefers();
  Body(body);
  if (defers) {
    // The deferred calls run at the closing brace, as gc reports them (runtime.Caller
    // from a deferred function: fixedbugs/issue14646.go).
    if (body) SetLocation(F()[body].c);
    FinishDefers();
    return;
  }
  if (!Terminated()) {
    if (m.T.TupleLen(m.T.Results(signature)) == 0)
      b.CreateRetVoid();
    else if (!namedResults.empty())
      Return(NodeId{});
    else
      b.CreateUnreachable();
  }
}

namespace {

// A function's parameters become its variables: scalars are stored into a slot, a memory
// type's incoming copy is the variable itself; either moves to the heap if its address is
// taken. Named results start as zero values. An instance of a generic function (inst)
// is lowered with its substitution (generic.cpp); tracebacks name it as gc does, main.F[...].
void LowerFunction(ModuleContext &m, ObjectId id, FunctionInstance *inst = nullptr) {
  const types::Package &pkg = m.pkg;
  const types::Object &obj = pkg.Obj(id);
  bool isMethod = static_cast<bool>(m.T.Sig(obj.type).recv);
  llvm::Function *fn = inst ? inst->llfn : isMethod ? m.MethodFunction(id) : m.GoFunction(id);
  FunctionContext fc(m, fn, obj.file);
  if (inst) fc.subst = inst->subst.get();
  const syntax::File &f = fc.F();
  NodeId decl = obj.decl;
  std::string debugName;
  if (isMethod) {
    debugName = m.MethodSymbol(id);
    if (inst) { // gc's main.Box[...].Get, main.(*Box[...]).Get
      size_t at = debugName.size() - obj.name.size() - 1;
      if (debugName[at - 1] == ')') --at;
      debugName.insert(at, "[...]");
    }
  }
  // A function is named by its symbol (a //go:linkname target, as gc's tracebacks show).
  fc.StartDebug(isMethod ? debugName : m.Symbol(id) + (inst ? "[...]" : ""), decl);
  // //go:noinline: the function keeps its own frame (tests and tracebacks rely on it).
  for (const syntax::Directive &d : f.directives)
    if (d.kind == syntax::DirectiveKind::Noinline && d.decl == decl)
      fn->addFnAttr(llvm::Attribute::NoInline);
  fc.signature = inst ? inst->sig : obj.type;
  // A method's receiver comes first (method.cpp) and is a parameter like the others.
  fc.BindSignature(f.C(decl), isMethod ? f.Receiver(decl) : NodeId{}, isMethod ? 1 : 0);
  fc.LowerBody(decl, f.D(decl));
}

// Whether an init function's body does nothing, by gc's rule: its statements, with empty
// statements dropped and blocks flattened into the list (gc's IR keeps no others), are
// none, or only statements without an init that a constant condition makes empty (its
// dead-code pass): `if c {...} else {...}` whose branch taken has no statements, `for
// false {...}`. Such functions are left out of the package's initTask, as gc leaves them.
bool EmptyInitBody(const ModuleContext &m, const syntax::File &f, uint32_t file, NodeId body) {
  auto constBool = [&](NodeId cond, bool *v) {
    if (!cond) return false;
    const types::ExprInfo &info = m.pkg.Info(file, cond);
    if (info.mode != types::Mode::Constant) return false;
    *v = m.pkg.Constant(info.value).BoolVal();
    return true;
  };
  std::function<void(NodeId, std::vector<NodeId> &)> flatten = [&](NodeId s,
                                                                   std::vector<NodeId> &out) {
    if (!s || f.Kind(s) == NodeKind::EmptyStmt) return;
    if (f.Kind(s) != NodeKind::BlockStmt) {
      out.push_back(s);
      return;
    }
    for (NodeId t : std::vector<NodeId>(f.begin(f.ListAB(s)), f.end(f.ListAB(s))))
      flatten(t, out);
  };
  auto empty = [&](NodeId s) {
    std::vector<NodeId> list;
    flatten(s, list);
    return list.empty();
  };
  std::vector<NodeId> list;
  flatten(body, list);
  for (NodeId s : list) {
    bool v;
    if (f.Kind(s) == NodeKind::IfStmt) {
      // The branch not taken is dropped; the one taken must have no statements.
      if (f.A(s) || !constBool(f.B(s), &v) || !empty(v ? f.C(s) : f.D(s))) return false;
    } else if (f.Kind(s) == NodeKind::ForStmt) {
      if (f.A(s) || !constBool(f.B(s), &v) || v) return false;
    } else {
      return false;
    }
  }
  return true;
}

// The package's initTask (abi.h), "PKG..inittask" as gc names it: the tasks of the
// imported packages, then the functions that do something: `init`, the variable
// initializers, if any code is left in it, and the init functions. A variable linknamed to
// the symbol (initempty.go in Go's tests reads main..inittask so) shares the record.
void DefineInitTask(ModuleContext &m, llvm::Function *varInit) {
  const types::Package &pkg = m.pkg;
  std::vector<llvm::Constant *> deps, fns;
  for (const types::Package *imp : pkg.imports) {
    if (imp->path == "unsafe") continue;
    std::string name = imp->path + "..inittask";
    llvm::GlobalVariable *dep = m.module->getNamedGlobal(name);
    if (!dep)
      dep = new llvm::GlobalVariable(*m.module, m.AbiType(AbiStruct::initTask), false,
                                     llvm::GlobalValue::ExternalLinkage, nullptr, name);
    deps.push_back(dep);
  }
  if (varInit) fns.push_back(varInit);
  for (ObjectId fn : pkg.initFuncs) {
    const types::Object &o = pkg.Obj(fn);
    const syntax::File &f = *pkg.files[o.file];
    if (!EmptyInitBody(m, f, o.file, f.D(o.decl))) fns.push_back(m.GoFunction(fn));
  }
  auto array = [&](const std::vector<llvm::Constant *> &elems) {
    return llvm::ConstantArray::get(llvm::ArrayType::get(m.ptrTy, elems.size()), elems);
  };
  llvm::StructType *header = m.AbiType(AbiStruct::initTask);
  static_assert(AbiFieldCount(AbiStruct::initTask) == 3, "the header sets every field");
  llvm::Constant *fields[3];
  fields[AbiField(AbiStruct::initTask, "state")] = llvm::ConstantInt::get(m.intptrTy, 0);
  fields[AbiField(AbiStruct::initTask, "ndeps")] = llvm::ConstantInt::get(m.intptrTy, deps.size());
  fields[AbiField(AbiStruct::initTask, "nfns")] = llvm::ConstantInt::get(m.intptrTy, fns.size());
  llvm::Constant *init = llvm::ConstantStruct::getAnon(
      {llvm::ConstantStruct::get(header, fields), array(deps), array(fns)});
  std::string name = pkg.path + "..inittask";
  auto *task = new llvm::GlobalVariable(*m.module, init->getType(), false,
                                        llvm::GlobalValue::ExternalLinkage, init, name + ".new");
  task->setAlignment(llvm::Align(8));
  if (llvm::GlobalVariable *user = m.module->getNamedGlobal(name)) m.ReplaceGlobal(user, task);
  task->setName(name);
  if (pkg.name == "main") {
    // The runtime's hook: main..init runs main's task (and so every package's).
    auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(m.ctx), false);
    llvm::Function *hook =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, "main..init", *m.module);
    m.SetFunctionAttributes(hook);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(m.ctx, "entry", hook));
    b.CreateCall(m.Runtime(RuntimeFunc::DoInit), {task});
    b.CreateRetVoid();
  }
}

// PKG.init: package variables in dependency order (gc's name for this function). An
// initializer that is a constant or a literal of constants is the variable's static
// data instead of code: nothing can observe the difference (it depends on nothing), and
// -X can then replace it. Returns null if no code is left (every initializer static).
llvm::Function *LowerVarInit(ModuleContext &m) {
  const types::Package &pkg = m.pkg;
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(m.ctx), false);
  llvm::Function *fn = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage,
                                              pkg.path + ".init", *m.module);
  m.SetFunctionAttributes(fn);
  FunctionContext fc(m, fn, 0);
  fc.StartDebug(pkg.path + ".init", NodeId{});
  for (const types::Initializer &init : pkg.initOrder) {
    fc.file = init.file;
    fc.SetLocation(fc.F()[init.rhs].pos);
    fc.EnsureInsertable();
    fc.hoisted_.clear();
    fc.HoistChildren(init.rhs);
    if (init.lhs.size() == 1) {
      if (!init.lhs[0]) {
        fc.Values(init.rhs); // _ = x: evaluated for its effects
        continue;
      }
      TypeId t = pkg.Obj(init.lhs[0]).type;
      llvm::GlobalVariable *g = m.Global(init.lhs[0]);
      llvm::Constant *c = fc.StaticInit(init.rhs, t);
      if (c && c->getType() == g->getValueType()) { // not so when linknamed to another type
        if (g->hasCommonLinkage()) g->setLinkage(llvm::GlobalValue::ExternalLinkage);
        g->setInitializer(c);
        continue;
      }
      if (m.IsMemory(t)) {
        // The checker rejects initializers that refer to the variable itself, so the
        // value can be built in place.
        fc.ExprInto(init.rhs, g, t);
        continue;
      }
      fc.StoreValue(g, fc.Convert(fc.Expr(init.rhs), fc.TypeOf(init.rhs), t), t);
      continue;
    }
    // var a, b T = f() (or v, ok forms): each value converted to its variable's type.
    std::vector<llvm::Value *> vals = fc.Values(init.rhs);
    TypeId tuple = fc.Info(init.rhs).type;
    for (size_t i = 0; i < init.lhs.size() && i < vals.size(); ++i) {
      if (!init.lhs[i]) continue;
      TypeId t = pkg.Obj(init.lhs[i]).type;
      TypeId from = m.T.TupleAt(tuple, static_cast<uint32_t>(i));
      fc.StoreValue(m.Global(init.lhs[i]), fc.Convert(vals[i], from, t), t);
    }
  }
  fc.EnsureInsertable();
  fc.b.CreateRetVoid();
  // Nothing but the return (every initializer was static data): no function.
  if (fn->size() == 1 && fn->getEntryBlock().size() == 1) {
    fn->eraseFromParent();
    return nullptr;
  }
  return fn;
}

// -X importpath.name=value: sets the static initializer of a string variable. Runs after
// LowerVarInit so that it replaces a constant initializer.
void ApplyStringDefs(ModuleContext &m, const LowerOptions &options) {
  if (options.stringDefs.empty()) return;
  for (ObjectId g : m.pkg.globals) {
    auto it = options.stringDefs.find(m.Symbol(g));
    if (it == options.stringDefs.end()) continue;
    if (!m.pkg.types.IsString(m.pkg.Obj(g).type)) {
      if (options.errors)
        options.errors->push_back(it->first +
                                  ": cannot set with -X: not a var of type string (type." +
                                  m.pkg.types.String(m.pkg.Obj(g).type) + ")");
      continue;
    }
    llvm::GlobalVariable *v = m.Global(g);
    if (v->hasCommonLinkage()) v->setLinkage(llvm::GlobalValue::ExternalLinkage);
    v->setInitializer(m.StringConstant(it->second));
  }
}

} // namespace

std::unique_ptr<llvm::Module> Lower(const types::Package &pkg, llvm::LLVMContext &context,
                                    const llvm::TargetMachine &tm, const LowerOptions &options) {
  if (!CheckSupported(pkg, options.diags, options.linked)) return nullptr;
  ModuleContext m(pkg, context, tm);
  if (options.sources) m.debug = std::make_unique<DebugInfo>(m, *options.sources);
  m.FindAddressTaken();
  m.FindClosures();
  for (ObjectId g : pkg.globals)
    m.Global(g);
  for (ObjectId fn : pkg.funcs)
    if (!IsGeneric(pkg.types, fn)) LowerFunction(m, fn);
  for (ObjectId fn : pkg.methods)
    if (m.T.Sig(pkg.Obj(fn).type).recvTypeParams.empty()) LowerFunction(m, fn);
  DefineInitTask(m, LowerVarInit(m));
  // Instances of generic functions, including those that instances use.
  for (size_t i = 0; i < m.instances.size(); ++i)
    LowerFunction(m, m.instances[i].fn, &m.instances[i]);
  if (pkg.name == "main") m.DefineStringMethodHook(); // iface.cpp
  ApplyStringDefs(m, options);
  m.MergeLinknames(options.errors);
  if (m.debug) m.debug->Finish();
  return std::move(m.module);
}

} // namespace talpa::lower
