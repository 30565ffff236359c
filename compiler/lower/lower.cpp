// The package as a module: Go types as LLVM types, runtime declarations from runtime.def,
// one LLVM function per Go function ("main.f", user init functions "main.init.N"), package
// variables as zero-initialized globals, and the package initializer "main..init", which
// runs the variable initializers in the checker's dependency order and then the user init
// functions in source order. Locals live in allocas (mem2reg promotes them); every
// function keeps frame pointers for tracebacks.
#include "compiler/base/check.h"
#include "compiler/lower/context.h"
#include "llvm/IR/Verifier.h"

namespace talpa::lower {

ModuleContext::ModuleContext(const types::Package &pkg, llvm::LLVMContext &ctx,
                             const llvm::TargetMachine &tm)
    : pkg(pkg), ctx(ctx), module(std::make_unique<llvm::Module>(pkg.path, ctx)) {
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

llvm::Type *ModuleContext::LLVMType(TypeId t) {
  const types::Universe &T = pkg.types;
  if (T.IsTuple(t)) {
    std::vector<llvm::Type *> elems;
    for (uint32_t i = 0; i < T.TupleLen(t); ++i)
      elems.push_back(LLVMType(T.TupleAt(t, i)));
    return llvm::StructType::get(ctx, elems);
  }
  switch (T.Kind(T.Default(t))) {
  case BasicKind::Bool:
    return llvm::Type::getInt1Ty(ctx);
  case BasicKind::Int8:
  case BasicKind::Uint8:
    return llvm::Type::getInt8Ty(ctx);
  case BasicKind::Int16:
  case BasicKind::Uint16:
    return llvm::Type::getInt16Ty(ctx);
  case BasicKind::Int32:
  case BasicKind::Uint32:
    return llvm::Type::getInt32Ty(ctx);
  case BasicKind::Int:
  case BasicKind::Int64:
  case BasicKind::Uint:
  case BasicKind::Uint64:
    return llvm::Type::getInt64Ty(ctx);
  case BasicKind::Uintptr:
    return intptrTy;
  case BasicKind::Float32:
    return llvm::Type::getFloatTy(ctx);
  case BasicKind::Float64:
    return llvm::Type::getDoubleTy(ctx);
  case BasicKind::String:
    return stringTy;
  case BasicKind::UnsafePointer:
    return ptrTy;
  default:
    return llvm::Type::getInt64Ty(ctx); // unreachable for checked programs
  }
}

llvm::Type *ModuleContext::ResultType(TypeId sig) {
  TypeId results = pkg.types.Results(sig);
  switch (pkg.types.TupleLen(results)) {
  case 0:
    return llvm::Type::getVoidTy(ctx);
  case 1:
    return LLVMType(pkg.types.TupleAt(results, 0));
  default:
    return LLVMType(results); // several results: returned as one struct value
  }
}

llvm::FunctionType *ModuleContext::FuncType(TypeId sig) {
  std::vector<llvm::Type *> params;
  TypeId p = pkg.types.Params(sig);
  for (uint32_t i = 0; i < pkg.types.TupleLen(p); ++i)
    params.push_back(LLVMType(pkg.types.TupleAt(p, i)));
  return llvm::FunctionType::get(ResultType(sig), params, false);
}

std::string ModuleContext::Symbol(ObjectId obj) const {
  const types::Object &o = pkg.Obj(obj);
  if (o.kind == types::ObjectKind::Func && o.name == "init")
    return pkg.path + ".init." + std::to_string(o.index);
  return pkg.path + "." + std::string(o.name);
}

void ModuleContext::SetFunctionAttributes(llvm::Function *f) {
  f->addFnAttr("frame-pointer", "all");
  // No tail calls, as gc: every call keeps its caller's frame, so tracebacks show each
  // frame (a panic call is often last) and recursion is as deep as written.
  f->addFnAttr("disable-tail-calls", "true");
  f->addFnAttr(llvm::Attribute::NoUnwind);
}

llvm::Function *ModuleContext::GoFunction(ObjectId fn) {
  auto it = funcs_.find(fn.index);
  if (it != funcs_.end()) return it->second;
  llvm::Function *f = llvm::Function::Create(
      FuncType(pkg.Obj(fn).type), llvm::GlobalValue::ExternalLinkage, Symbol(fn), *module);
  SetFunctionAttributes(f);
  funcs_[fn.index] = f;
  return f;
}

llvm::GlobalVariable *ModuleContext::Global(ObjectId var) {
  auto it = globals_.find(var.index);
  if (it != globals_.end()) return it->second;
  llvm::Type *t = LLVMType(pkg.Obj(var).type);
  auto *g = new llvm::GlobalVariable(*module, t, false, llvm::GlobalValue::InternalLinkage,
                                     llvm::Constant::getNullValue(t), Symbol(var));
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
enum class RtFlag { None, NoReturn };
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
  f = llvm::Function::Create(llvm::FunctionType::get(type(d.result), params, false),
                             llvm::GlobalValue::ExternalLinkage, d.symbol, *module);
  f->addFnAttr(llvm::Attribute::NoUnwind);
  if (d.flags == RtFlag::NoReturn) f->addFnAttr(llvm::Attribute::NoReturn);
  return f;
}

// ---------------------------------------------------------------------------
// Functions

FunctionContext::FunctionContext(ModuleContext &m, llvm::Function *fn, uint32_t file)
    : m(m), pkg(m.pkg), fn(fn), file(file), b(m.ctx), entry(m.ctx) {
  llvm::BasicBlock *bb = llvm::BasicBlock::Create(m.ctx, "entry", fn);
  b.SetInsertPoint(bb);
  entry.SetInsertPoint(bb);
}

TypeId FunctionContext::TypeOf(NodeId n) const { return pkg.types.Default(Info(n).type); }

llvm::AllocaInst *FunctionContext::NewLocal(ObjectId var) {
  llvm::Type *t = m.LLVMType(pkg.Obj(var).type);
  // Allocas go first in the entry block, where mem2reg finds them.
  llvm::BasicBlock *eb = &fn->getEntryBlock();
  entry.SetInsertPoint(eb, eb->getFirstInsertionPt());
  llvm::AllocaInst *a = entry.CreateAlloca(t, nullptr, pkg.Obj(var).name);
  locals[var.index] = a;
  return a;
}

llvm::Value *FunctionContext::Address(ObjectId var) {
  if (pkg.Obj(var).packageLevel) return m.Global(var);
  auto it = locals.find(var.index);
  if (it != locals.end()) return it->second;
  return NewLocal(var);
}

void FunctionContext::EnsureInsertable() {
  if (Terminated()) b.SetInsertPoint(llvm::BasicBlock::Create(m.ctx, "unreachable", fn));
}

namespace {

void LowerFunction(ModuleContext &m, ObjectId id) {
  const types::Package &pkg = m.pkg;
  const types::Object &obj = pkg.Obj(id);
  llvm::Function *fn = m.GoFunction(id);
  FunctionContext fc(m, fn, obj.file);
  const syntax::File &f = fc.F();
  NodeId decl = obj.decl;
  fc.StartDebug(
      pkg.path + "." +
          (obj.name == "init" ? "init." + std::to_string(obj.index) : std::string(obj.name)),
      decl);
  // //go:noinline: the function keeps its own frame (tests and tracebacks rely on it).
  for (const syntax::Directive &d : f.directives)
    if (d.kind == syntax::DirectiveKind::Noinline && d.decl == decl)
      fn->addFnAttr(llvm::Attribute::NoInline);
  NodeId ft = f.C(decl);
  fc.signature = obj.type;
  // Parameters are copied into allocas so that they are ordinary variables.
  syntax::NodeList params = f.ListAB(ft);
  for (uint32_t i = 0; i < params.count; ++i) {
    NodeId name = f.A(f.At(params, i));
    llvm::Argument *arg = fn->getArg(i);
    if (!name || !fc.Info(name).object) continue;
    arg->setName(f.Text(name));
    fc.b.CreateStore(arg, fc.NewLocal(fc.Info(name).object));
  }
  syntax::NodeList results = f.ListCD(ft);
  for (uint32_t i = 0; i < results.count; ++i) {
    NodeId name = f.A(f.At(results, i));
    if (!name) continue;
    ObjectId r = fc.Info(name).object;
    if (!r) {
      // A blank named result: still a result slot.
      fc.namedResults.push_back(ObjectId{});
      continue;
    }
    llvm::AllocaInst *slot = fc.NewLocal(r);
    fc.b.CreateStore(llvm::Constant::getNullValue(slot->getAllocatedType()), slot);
    fc.namedResults.push_back(r);
  }
  fc.Body(f.D(decl));
  if (!fc.Terminated()) {
    if (fn->getReturnType()->isVoidTy())
      fc.b.CreateRetVoid();
    else if (!fc.namedResults.empty())
      fc.Return(NodeId{});
    else
      fc.b.CreateUnreachable();
  }
}

// main..init: package variables in dependency order, then the init functions.
void LowerPackageInit(ModuleContext &m) {
  const types::Package &pkg = m.pkg;
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(m.ctx), false);
  llvm::Function *fn = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                              pkg.path + "..init", *m.module);
  m.SetFunctionAttributes(fn);
  FunctionContext fc(m, fn, 0);
  fc.StartDebug(pkg.path + ".init", NodeId{});
  for (const types::Initializer &init : pkg.initOrder) {
    fc.file = init.file;
    fc.SetLocation(fc.F()[init.rhs].pos);
    fc.EnsureInsertable();
    std::vector<llvm::Value *> vals = fc.Values(init.rhs);
    for (size_t i = 0; i < init.lhs.size() && i < vals.size(); ++i) {
      if (!init.lhs[i]) continue;
      const types::Object &o = pkg.Obj(init.lhs[i]);
      TypeId from = init.lhs.size() == 1 ? fc.TypeOf(init.rhs) : o.type;
      llvm::Value *v = fc.Convert(vals[i], from, o.type);
      // A constant initializer is static data, not code: nothing can observe the
      // difference (it depends on nothing), and -X can then replace it.
      if (auto *c = llvm::dyn_cast<llvm::Constant>(v))
        m.Global(init.lhs[i])->setInitializer(c);
      else
        fc.b.CreateStore(v, m.Global(init.lhs[i]));
    }
  }
  fc.EnsureInsertable();
  for (ObjectId f : pkg.initFuncs)
    fc.b.CreateCall(m.GoFunction(f));
  fc.b.CreateRetVoid();
}

// -X importpath.name=value: sets the static initializer of a string variable. Runs after
// LowerPackageInit so that it replaces a constant initializer.
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
    m.Global(g)->setInitializer(m.StringConstant(it->second));
  }
}

} // namespace

std::unique_ptr<llvm::Module> Lower(const types::Package &pkg, llvm::LLVMContext &context,
                                    const llvm::TargetMachine &tm, const LowerOptions &options) {
  if (!CheckSupported(pkg, options.diags)) return nullptr;
  ModuleContext m(pkg, context, tm);
  if (options.sources) m.debug = std::make_unique<DebugInfo>(m, *options.sources);
  for (ObjectId g : pkg.globals)
    m.Global(g);
  for (ObjectId fn : pkg.funcs)
    LowerFunction(m, fn);
  LowerPackageInit(m);
  ApplyStringDefs(m, options);
  if (m.debug) m.debug->Finish();
  return std::move(m.module);
}

} // namespace talpa::lower
