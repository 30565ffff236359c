// Defer statements and recover. A function whose body holds a defer statement (a "defer
// frame", docs/compiler/lower.md "Defer") keeps an abi::deferframe in its stack frame and
// calls runtime.deferframe(&frame) first, a setjmp-like call marked returns_twice that
// returns 1 again when a recovered panic resumes the frame. Its results live in memory
// slots for the whole body (the named results themselves, or hidden slots), which an
// empty inline asm makes escape so that LLVM keeps them in memory across that call;
// every return stores its values there and branches to the exit block, which calls
// runtime.deferreturn(&frame) (the frame's deferred calls, newest first, which may still
// change named results) and returns the slots' values. The resumption lands in the same
// exit block.
//
// `go f(a, b)` is lowered the same way, the closure going to runtime.newproc (a go
// statement's wrapper is named `<outer>.gowrapN`; tracebacks hide it, as gc hides its own).
//
// `defer f(a, b)` evaluates f's operands now, as gc does by rewriting it into
// `defer func() { f(a1, b1) }()`: the values go into a heap closure object {wrapper, a1,
// b1} (the "Function values" convention: word 0 the code, which takes the closure
// pointer), and runtime.deferproc(&frame, closure, Wrapper) records it. The wrapper, an
// function `<outer>.deferwrapN` (external: the PC table names it by symbol), loads the saved values
// and lowers the very call expression with them standing in for its operands (the hoisted-value
// mechanism of order.cpp), so calls, builtins (copy, delete, print, panic, ...) and calls of
// func values need nothing of their own here. Two operands are saved differently: a method
// call's receiver is saved as the method takes it (gc evaluates x.M at the statement: a nil
// interface or a nil pointer to a value method panics there), and f(g()) saves g's values.
// A deferred func value without arguments is recorded as is.
//
// The wrapper's calls are noinline, so the deferred function keeps its own frame.
// recover() passes its function's return address to runtime.gorecover, which compares it
// with the point a panic called the deferred call from (or, for the wrapper's callee,
// with the wrapper's code); such a function is kept out of line (noinline), or its
// return address would be its caller's.
#include "compiler/base/check.h"
#include "compiler/lower/context.h"
#include "talpa/abi.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Intrinsics.h"

namespace talpa::lower {

// Whether the function declared (or literal) at node fn contains a defer statement: the
// parser makes nodes children first, so a declaration's nodes lie between the previous
// top-level declaration's node and its own. A defer inside a function literal nested in
// fn counts too: fn then keeps a frame it does not need, which costs time, not
// correctness.
bool HasDefer(const syntax::File &f, NodeId fn) {
  uint32_t start = 0;
  for (const NodeId *d = f.begin(f.decls); d != f.end(f.decls); ++d) {
    if (d->index >= fn.index) break;
    start = d->index;
  }
  for (uint32_t i = start + 1; i <= fn.index && i < f.nodes.size(); ++i) {
    NodeId n{i};
    if (f.Kind(n) == NodeKind::CallStmt && static_cast<TK>(f[n].op) == TK::Defer) return true;
  }
  return false;
}

void FunctionContext::StartDefers() {
  deferFrame = Alloca(m.AbiType(AbiStruct::deferframe), 8, "deferframe");
  TypeId results = T.Results(signature);
  for (uint32_t i = 0; i < T.TupleLen(results); ++i) {
    TypeId t = T.TupleAt(results, i);
    llvm::Value *slot;
    if (i < namedResults.size() && namedResults[i]) {
      slot = Address(namedResults[i]);
    } else {
      slot = Temp(t, "result");
      ZeroValue(slot, t);
    }
    resultSlots.push_back(slot);
    if (llvm::isa<llvm::AllocaInst>(slot)) {
      // The slot escapes: its value must be in memory when the frame is resumed.
      auto *escape = llvm::InlineAsm::get(llvm::FunctionType::get(b.getVoidTy(), {m.ptrTy}, false),
                                          "", "r,~{memory}", true);
      b.CreateCall(escape, {slot});
    }
  }
  deferExit = llvm::BasicBlock::Create(m.ctx, "defer.exit", fn);
  llvm::Value *again = b.CreateCall(m.Runtime(RuntimeFunc::DeferFrame), {deferFrame});
  llvm::BasicBlock *body = llvm::BasicBlock::Create(m.ctx, "body", fn);
  b.CreateCondBr(b.CreateICmpNE(again, llvm::ConstantInt::get(again->getType(), 0)), deferExit,
                 body);
  b.SetInsertPoint(body);
}

void FunctionContext::FinishDefers() {
  TypeId results = T.Results(signature);
  if (!Terminated()) {
    // Falling off the end: only functions without results or with named ones get here
    // (the checker requires a terminating statement otherwise).
    if (T.TupleLen(results) == 0 || !namedResults.empty())
      b.CreateBr(deferExit);
    else
      b.CreateUnreachable();
  }
  b.SetInsertPoint(deferExit);
  b.CreateCall(m.Runtime(RuntimeFunc::DeferReturn), {deferFrame});
  std::vector<llvm::Value *> vals;
  for (uint32_t i = 0; i < resultSlots.size(); ++i)
    vals.push_back(Load(resultSlots[i], T.TupleAt(results, i)));
  llvm::Value *frame = deferFrame;
  deferFrame = nullptr; // ReturnValues returns for real now
  ReturnValues(vals);
  deferFrame = frame;
}

void FunctionContext::ReturnThroughDefers(const std::vector<llvm::Value *> &vals) {
  TypeId results = T.Results(signature);
  for (uint32_t i = 0; i < vals.size() && i < resultSlots.size(); ++i)
    StoreValue(resultSlots[i], vals[i], T.TupleAt(results, i));
  b.CreateBr(deferExit);
}

namespace {

// The type descriptor of a wrapper's closure object: size and pointer bitmap only (the
// object is never an interface's value). Word 0, the code, is no heap pointer.
llvm::Constant *ClosureDescriptor(ModuleContext &m, const std::string &name, int64_t size,
                                  const std::vector<bool> &words) {
  llvm::StructType *typeTy = m.AbiType(AbiStruct::_type);
  static_assert(AbiFieldCount(AbiStruct::_type) == 12, "a descriptor sets every field");
  int64_t ptrdata = 0;
  std::vector<uint8_t> bits((words.size() + 7) / 8);
  for (size_t i = 0; i < words.size(); ++i) {
    if (!words[i]) continue;
    bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
    ptrdata = static_cast<int64_t>(i + 1) * 8;
  }
  llvm::Constant *null = llvm::ConstantPointerNull::get(m.ptrTy);
  llvm::Constant *gcdata = null;
  if (ptrdata > 0) {
    bits.resize(static_cast<size_t>(ptrdata / 8 + 7) / 8);
    auto *v = new llvm::GlobalVariable(
        *m.module, llvm::ArrayType::get(llvm::Type::getInt8Ty(m.ctx), bits.size()), true,
        llvm::GlobalValue::PrivateLinkage, llvm::ConstantDataArray::get(m.ctx, bits),
        name + "..gcdata");
    gcdata = v;
  }
  auto *str =
      new llvm::GlobalVariable(*m.module, m.stringTy, true, llvm::GlobalValue::PrivateLinkage,
                               m.StringConstant(name), name + "..str");
  str->setAlignment(llvm::Align(8));
  auto field = [&](unsigned index, uint64_t v) {
    return llvm::ConstantInt::get(typeTy->getElementType(index), v);
  };
  using enum AbiStruct;
  llvm::Constant *fields[AbiFieldCount(_type)];
  fields[AbiField(_type, "size")] = field(AbiField(_type, "size"), static_cast<uint64_t>(size));
  fields[AbiField(_type, "ptrdata")] =
      field(AbiField(_type, "ptrdata"), static_cast<uint64_t>(ptrdata));
  fields[AbiField(_type, "hash")] = field(AbiField(_type, "hash"), 0);
  fields[AbiField(_type, "tflag")] = field(AbiField(_type, "tflag"), 0);
  fields[AbiField(_type, "align")] = field(AbiField(_type, "align"), 8);
  fields[AbiField(_type, "fieldAlign")] = field(AbiField(_type, "fieldAlign"), 8);
  fields[AbiField(_type, "kind")] = field(AbiField(_type, "kind"), abi::kinds::Struct);
  fields[AbiField(AbiStruct::_type, "equal")] = null;
  fields[AbiField(AbiStruct::_type, "gcdata")] = gcdata;
  fields[AbiField(AbiStruct::_type, "str")] = str;
  fields[AbiField(AbiStruct::_type, "uncommon")] = null;
  fields[AbiField(AbiStruct::_type, "ptrToThis")] = null;
  auto *desc = new llvm::GlobalVariable(*m.module, typeTy, true, llvm::GlobalValue::PrivateLinkage,
                                        llvm::ConstantStruct::get(typeTy, fields), name + "..type");
  desc->setAlignment(llvm::Align(8));
  return desc;
}

} // namespace

void FunctionContext::Defer(NodeId s) {
  const syntax::File &f = F();
  // `go f(a, b)` builds the same closure and hands it to runtime.newproc instead.
  bool isGo = static_cast<TK>(f[s].op) == TK::Go;
  auto record = [&](llvm::Value *closure, uint64_t flags) {
    if (isGo)
      b.CreateCall(m.Runtime(RuntimeFunc::NewProc), {closure});
    else
      b.CreateCall(m.Runtime(RuntimeFunc::DeferProc), {deferFrame, closure, b.getInt64(flags)});
  };
  NodeId call = f.Unparen(f.A(s));
  const types::ExprInfo &info = Info(call);
  NodeId fun = f.Unparen(f.A(call));
  syntax::NodeList args = f.ListBC(call);

  if (info.callKind == types::CallBuiltin && f.Kind(fun) == NodeKind::Name &&
      pkg.Obj(Info(fun).object).builtin == types::BuiltinId::Recover) {
    DeferRecover(s);
    return;
  }

  // `defer fv()` of a func value (a function literal, a variable) without arguments or
  // results: the closure itself is the record's function, as in gc, and recover() in it
  // is direct. A nil fv panics when the deferred call runs.
  if (info.callKind != types::CallBuiltin && info.callKind != types::CallConversion &&
      args.count == 0 &&
      !(f.Kind(fun) == NodeKind::Name && Info(fun).object &&
        pkg.Obj(Info(fun).object).kind == types::ObjectKind::Func)) {
    TypeId ft = T.Under(TypeOf(fun));
    if (T.IsSignature(ft) && T.TupleLen(T.Results(ft)) == 0 &&
        f.Kind(fun) != NodeKind::SelectorExpr) {
      Hoist(fun);
      record(Expr(fun), 0);
      return;
    }
  }

  // The operands evaluated now, in gc's order: the function value (unless it names a
  // function or builtin), then the arguments; constants and nil are evaluated again by
  // the wrapper.
  std::vector<NodeId> saved;
  auto save = [&](NodeId e) {
    if (!e) return;
    const types::ExprInfo &ei = Info(e);
    if (ei.mode == types::Mode::Constant || T.Kind(TypeOf(e)) == BasicKind::UntypedNil) return;
    if (ei.mode == types::Mode::TypeExpr || ei.mode == types::Mode::Builtin) return;
    if (f.Kind(e) == NodeKind::Name && ei.object &&
        pkg.Obj(ei.object).kind == types::ObjectKind::Func)
      return;
    saved.push_back(e);
  };
  // f(g()) with g returning several values: g's values, saved one by one.
  NodeId multi = args.count == 1 && Info(f.At(args, 0)).type && T.IsTuple(Info(f.At(args, 0)).type)
                     ? f.At(args, 0)
                     : NodeId{};
  // x.M(...): the receiver as the method takes it (a pointer, a copy of the value, or the
  // interface value, which must not be nil), as gc evaluates x.M at the statement.
  bool method = IsMethodCall(call);
  SavedReceiver recv;
  TypeId recvType;
  if (method) {
    Hoist(f.A(fun));
    recv.fun = fun;
    recv.recv = MethodCallReceiver(fun, &recv.method, &recv.holder);
    if (T.IsInterface(recv.holder)) {
      recvType = recv.holder;
      CheckNil(b.CreateExtractValue(recv.recv, 0));
    } else {
      recvType = m.MethodRecv(recv.method, recv.holder);
    }
  } else if (info.callKind != types::CallBuiltin && info.callKind != types::CallConversion) {
    save(fun);
  }
  for (uint32_t i = 0; i < args.count && !multi; ++i)
    save(f.At(args, i));
  for (NodeId e : saved)
    Hoist(e);
  if (multi) Hoist(multi);
  std::vector<llvm::Value *> values;
  std::vector<TypeId> types;
  if (method) {
    values.push_back(recv.recv);
    types.push_back(recvType);
  }
  for (NodeId e : saved) {
    values.push_back(Expr(e));
    types.push_back(TypeOf(e));
  }
  if (multi) {
    for (llvm::Value *v : Values(multi))
      values.push_back(v);
    for (uint32_t i = 0; i < T.TupleLen(Info(multi).type); ++i)
      types.push_back(T.TupleAt(Info(multi).type, i));
  }

  // The closure object: the wrapper's address, then each value at its type's alignment.
  std::vector<int64_t> offsets;
  int64_t size = 8;
  std::vector<bool> words(1, false);
  for (TypeId t : types) {
    int64_t align = std::max<int64_t>(m.Alignof(t), 1);
    size = (size + align - 1) / align * align;
    offsets.push_back(size);
    m.PointerWords(t, size, words);
    size += m.Sizeof(t);
  }
  size = (size + 7) / 8 * 8;
  words.resize(static_cast<size_t>(size / 8), false);

  std::string outer = fn->getName().str();
  std::string name = isGo ? outer + ".gowrap" + std::to_string(++m.deferWraps[outer + "#go"])
                          : outer + ".deferwrap" + std::to_string(++m.deferWraps[outer]);
  auto *wrapTy = llvm::FunctionType::get(b.getVoidTy(), {m.ptrTy}, false);
  llvm::Function *wrap =
      llvm::Function::Create(wrapTy, llvm::GlobalValue::ExternalLinkage, name, *m.module);
  m.SetFunctionAttributes(wrap);

  llvm::Value *obj = b.CreateCall(m.Runtime(RuntimeFunc::MallocGC),
                                  {llvm::ConstantInt::get(m.intptrTy, static_cast<uint64_t>(size)),
                                   ClosureDescriptor(m, name, size, words), b.getInt8(1)});
  b.CreateStore(wrap, obj);
  for (size_t i = 0; i < values.size(); ++i)
    StoreValue(b.CreateConstGEP1_64(b.getInt8Ty(), obj, static_cast<uint64_t>(offsets[i])),
               values[i], types[i]);
  record(obj, abi::deferflags::Wrapper);

  // The wrapper: the saved values stand in for the operands, then the call as written.
  FunctionContext wc(m, wrap, file);
  wc.StartDebug(name, s);
  wc.inDeferWrap = true;
  llvm::Value *ctx = wrap->getArg(0);
  ctx->setName("closure");
  wc.SetLocation(f[call].pos);
  std::vector<llvm::Value *> loaded;
  for (size_t i = 0; i < values.size(); ++i) {
    llvm::Value *addr =
        wc.b.CreateConstGEP1_64(wc.b.getInt8Ty(), ctx, static_cast<uint64_t>(offsets[i]));
    loaded.push_back(wc.Load(addr, types[i]));
  }
  size_t next = 0;
  if (method) {
    wc.savedReceiver = recv;
    wc.savedReceiver.recv = loaded[next++];
  }
  for (NodeId e : saved)
    wc.hoisted_[e.index] = loaded[next++];
  if (multi) wc.hoistedValues_[multi.index].assign(loaded.begin() + next, loaded.end());
  if (info.callKind == types::CallBuiltin)
    wc.Builtin(call, pkg.Obj(Info(fun).object).builtin);
  else
    wc.Call(call);
  if (!wc.Terminated()) wc.b.CreateRetVoid();
  // The deferred function keeps its own frame: inlined into the wrapper, a function it
  // calls would look called by the wrapper to recover.
  for (llvm::BasicBlock &bb : *wrap)
    for (llvm::Instruction &inst : bb)
      if (auto *c = llvm::dyn_cast<llvm::CallInst>(&inst);
          c && !(c->getCalledFunction() && c->getCalledFunction()->isIntrinsic()))
        c->addFnAttr(llvm::Attribute::NoInline);
}

// `defer recover()`. gc evaluates recover's notion of its caller at the defer statement:
// the deferred recover() recovers when the function holding the statement returns
// normally while that function is the deferred call a panic is running (as if it had
// called recover() itself), and does nothing when a panic runs it. The record's wrapper
// passes this function's return address, saved in the closure now, to gorecover, and
// the record is marked deferflags::RecoverCall so that gorecover checks that function's
// deferred call (runtime/panic.cpp).
void FunctionContext::DeferRecover(NodeId s) {
  fn->addFnAttr(llvm::Attribute::NoInline); // keeps its return address its own
  std::string outer = fn->getName().str();
  std::string name = outer + ".deferwrap" + std::to_string(++m.deferWraps[outer]);
  auto *wrapTy = llvm::FunctionType::get(b.getVoidTy(), {m.ptrTy}, false);
  llvm::Function *wrap =
      llvm::Function::Create(wrapTy, llvm::GlobalValue::ExternalLinkage, name, *m.module);
  m.SetFunctionAttributes(wrap);
  llvm::Function *ra =
      llvm::Intrinsic::getDeclaration(m.module.get(), llvm::Intrinsic::returnaddress);
  llvm::Value *obj = b.CreateCall(m.Runtime(RuntimeFunc::MallocGC),
                                  {llvm::ConstantInt::get(m.intptrTy, 16),
                                   ClosureDescriptor(m, name, 16, {false, false}), b.getInt8(1)});
  b.CreateStore(wrap, obj);
  b.CreateStore(b.CreateCall(ra, {b.getInt32(0)}), b.CreateConstGEP1_64(b.getInt8Ty(), obj, 8));
  b.CreateCall(m.Runtime(RuntimeFunc::DeferProc),
               {deferFrame, obj, b.getInt64(abi::deferflags::RecoverCall)});

  FunctionContext wc(m, wrap, file);
  wc.StartDebug(name, s);
  llvm::Value *ctx = wrap->getArg(0);
  ctx->setName("closure");
  llvm::Value *caller =
      wc.b.CreateLoad(m.ptrTy, wc.b.CreateConstGEP1_64(wc.b.getInt8Ty(), ctx, 8), "caller");
  llvm::AllocaInst *out = wc.Alloca(m.AbiType(AbiStruct::eface), 8, "recovered");
  wc.b.CreateCall(m.Runtime(RuntimeFunc::GoRecover), {out, caller});
  wc.b.CreateRetVoid();
}

llvm::Value *FunctionContext::Recover(NodeId call) {
  llvm::Type *t = m.LLVMType(TypeOf(call));
  // `defer recover()`: recover is the deferred call itself, not called by one.
  if (inDeferWrap) return llvm::Constant::getNullValue(t);
  fn->addFnAttr(llvm::Attribute::NoInline);
  llvm::AllocaInst *out = Alloca(t, 8, "recovered");
  llvm::Function *ra =
      llvm::Intrinsic::getDeclaration(m.module.get(), llvm::Intrinsic::returnaddress);
  llvm::Value *ret = b.CreateCall(ra, {b.getInt32(0)});
  b.CreateCall(m.Runtime(RuntimeFunc::GoRecover), {out, ret});
  return b.CreateLoad(t, out);
}

} // namespace talpa::lower
