// Range loops over strings, arrays, pointers to arrays, slices and integers (Go 1.22),
// as gc's walkrange lowers them: the range expression is evaluated once before the loop
// (an array value is copied, so the body's changes to it are not seen), hidden counters
// drive the iteration, and the iteration variables are assigned from them at the top of
// each iteration, so a body that changes them does not change the iteration. Variables
// declared with := are declared once for the whole loop (Go 1.21 and earlier, the
// semantics of the test suite). With a key alone (or a blank value) over an array or a
// pointer to one, the range expression is not evaluated at all unless it contains a call
// or a receive, since its length is a constant; a pointer to an array is then never
// dereferenced. Element values are read before the variables are assigned, as gc's
// tuple assignment v1, v2 = hv1, ha[hv1] does.
#include "compiler/lower/context.h"

namespace talpa::lower {

namespace {

// Whether expression e contains a call (other than a conversion) or a receive.
bool HasCall(const FunctionContext &fc, NodeId e) {
  const syntax::File &f = fc.F();
  if (!e) return false;
  switch (f.Kind(e)) {
  case NodeKind::CallExpr:
    return fc.Info(e).callKind != types::CallConversion || HasCall(fc, f.At(f.ListBC(e), 0));
  case NodeKind::Operation:
    if (!f.B(e) && static_cast<TK>(f[e].op) == TK::Arrow) return true;
    return HasCall(fc, f.A(e)) || HasCall(fc, f.B(e));
  case NodeKind::ParenExpr:
  case NodeKind::SelectorExpr:
  case NodeKind::AssertExpr:
    return HasCall(fc, f.A(e));
  case NodeKind::IndexExpr:
    return HasCall(fc, f.A(e)) || HasCall(fc, f.B(e));
  case NodeKind::SliceExpr:
    return HasCall(fc, f.A(e)) || HasCall(fc, f.B(e)) || HasCall(fc, f.C(e)) || HasCall(fc, f.D(e));
  case NodeKind::KeyValueExpr:
    return HasCall(fc, f.A(e)) || HasCall(fc, f.B(e));
  case NodeKind::CompositeLit: {
    syntax::NodeList elts = f.ListBC(e);
    for (uint32_t i = 0; i < elts.count; ++i)
      if (HasCall(fc, f.At(elts, i))) return true;
    return false;
  }
  default:
    return false;
  }
}

bool IsBlank(const syntax::File &f, NodeId n) {
  n = f.Unparen(n);
  return !n || (f.Kind(n) == NodeKind::Name && f.Text(n) == "_");
}

} // namespace

void FunctionContext::RangeVars(NodeId rc, NodeId *key, NodeId *value) {
  const syntax::File &f = F();
  *key = *value = NodeId{};
  if (!f.A(rc)) return;
  std::vector<NodeId> l = f.Unpack(f.A(rc));
  if (!l.empty() && !IsBlank(f, l[0])) *key = l[0];
  if (l.size() > 1 && !IsBlank(f, l[1])) *value = l[1];
  if (!f[rc].flags) return;
  // := declares the variables once, before the loop.
  for (NodeId n : {*key, *value}) {
    if (!n) continue;
    ObjectId obj = Info(f.Unparen(n)).object;
    llvm::Value *slot = NewLocal(obj);
    if (llvm::isa<llvm::AllocaInst>(slot)) ZeroValue(slot, VarType(obj));
  }
}

void FunctionContext::Range(NodeId s) {
  const syntax::File &f = F();
  TypeId xt = T.Under(TypeOf(f.B(f.A(s))));
  if (T.IsString(xt))
    RangeString(s);
  else if (T.KindOf(xt) == types::TypeKind::Map)
    RangeMap(s); // map.cpp
  else if (T.KindOf(xt) == types::TypeKind::Chan)
    RangeChan(s); // chan.cpp
  else
    RangeIndexed(s);
}

// RangeIndexed: for k, v := range x over an array, a pointer to an array, a slice or an
// integer.
//
//   ha := x (if needed); hn := len(ha); hv := 0
//   cond: if hv < hn goto body else end
//   body: k, v = hv, ha[hv]; <body>
//   post: hv++; goto cond
void FunctionContext::RangeIndexed(NodeId s) {
  const syntax::File &f = F();
  std::string_view label = pendingLabel;
  pendingLabel = {};
  NodeId rc = f.A(s);
  NodeId x = f.B(rc);
  TypeId xtype = TypeOf(x);
  TypeId xt = T.Under(xtype);
  NodeId key, value;
  RangeVars(rc, &key, &value);
  bool isInt = T.IsInteger(xt);
  llvm::Value *base = nullptr, *len;
  TypeId elem;
  llvm::Type *ct = b.getInt64Ty(); // the counter's type
  HoistChildren(x);
  if (isInt) {
    len = Expr(x);
    ct = len->getType();
  } else if (T.KindOf(xt) == types::TypeKind::Slice) {
    llvm::Value *v = Expr(x);
    base = b.CreateExtractValue(v, 0);
    len = b.CreateExtractValue(v, 1);
    elem = T.Elem(xt);
  } else {
    bool isPtr = T.KindOf(xt) == types::TypeKind::Pointer;
    TypeId at = isPtr ? T.Under(T.Elem(xt)) : xt;
    elem = T.Elem(at);
    len = b.getInt64(T.ArrayLen(at));
    if (value || HasCall(*this, x)) base = Expr(x); // an array is copied
  }
  llvm::AllocaInst *hv = Alloca(ct, static_cast<int64_t>(ct->getPrimitiveSizeInBits() / 8), "hv");
  b.CreateStore(llvm::ConstantInt::get(ct, 0), hv);
  llvm::BasicBlock *condBB = llvm::BasicBlock::Create(m.ctx, "range.cond", fn);
  llvm::BasicBlock *bodyBB = llvm::BasicBlock::Create(m.ctx, "range.body", fn);
  llvm::BasicBlock *postBB = llvm::BasicBlock::Create(m.ctx, "range.post", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "range.end", fn);
  b.CreateBr(condBB);
  b.SetInsertPoint(condBB);
  llvm::Value *i = b.CreateLoad(ct, hv);
  b.CreateCondBr(T.IsUnsigned(xt) ? b.CreateICmpULT(i, len) : b.CreateICmpSLT(i, len), bodyBB,
                 done);
  b.SetInsertPoint(bodyBB);
  llvm::Value *v = nullptr;
  llvm::Value *keyAddr = key ? LhsAddr(key) : nullptr;
  llvm::Value *valueAddr = value ? LhsAddr(value) : nullptr;
  if (value) {
    if (T.KindOf(xt) == types::TypeKind::Pointer) CheckNil(base);
    v = Load(ElemGEP(elem, base, i), elem);
  }
  if (keyAddr) StoreValue(keyAddr, i, isInt ? xtype : types::Universe::Basic(BasicKind::Int));
  if (valueAddr) StoreValue(valueAddr, Convert(v, elem, LhsType(value)), LhsType(value));
  loops.push_back(Loop{label, done, postBB});
  Stmt(f.D(s));
  loops.pop_back();
  if (!Terminated()) b.CreateBr(postBB);
  b.SetInsertPoint(postBB);
  b.CreateStore(b.CreateAdd(b.CreateLoad(ct, hv), llvm::ConstantInt::get(ct, 1)), hv);
  b.CreateBr(condBB);
  b.SetInsertPoint(done);
}

// RangeString lowers `for k, v := range s` over a string. Hidden state, as gc's walkrange
// has it: the offset of the current rune (hi) and of the next one (hnext).
//
//   cond: if hi < len(s) goto body else end
//   body: r = s[hi]; hnext = hi+1; if r >= 0x80 { r, hnext = decoderune(s, hi) }
//         k, v = hi, r; <body>
//   post: hi = hnext; goto cond
void FunctionContext::RangeString(NodeId s) {
  const syntax::File &f = F();
  std::string_view label = pendingLabel;
  pendingLabel = {};
  NodeId rc = f.A(s);
  llvm::Value *str = Eval(f.B(rc));
  NodeId key, value;
  RangeVars(rc, &key, &value);
  llvm::Value *ptr = b.CreateExtractValue(str, 0), *len = b.CreateExtractValue(str, 1);
  llvm::Type *i64 = b.getInt64Ty();
  llvm::AllocaInst *hi = Alloca(i64, 8, "range.hi");
  llvm::AllocaInst *hnext = Alloca(i64, 8, "range.hnext");
  llvm::AllocaInst *pair = Alloca(llvm::ArrayType::get(i64, 2), 8, "range.rune");
  b.CreateStore(b.getInt64(0), hi);
  llvm::BasicBlock *condBB = llvm::BasicBlock::Create(m.ctx, "range.cond", fn);
  llvm::BasicBlock *bodyBB = llvm::BasicBlock::Create(m.ctx, "range.body", fn);
  llvm::BasicBlock *slowBB = llvm::BasicBlock::Create(m.ctx, "range.decode", fn);
  llvm::BasicBlock *assignBB = llvm::BasicBlock::Create(m.ctx, "range.assign", fn);
  llvm::BasicBlock *postBB = llvm::BasicBlock::Create(m.ctx, "range.post", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "range.end", fn);
  b.CreateBr(condBB);
  b.SetInsertPoint(condBB);
  llvm::Value *i = b.CreateLoad(i64, hi);
  b.CreateCondBr(b.CreateICmpSLT(i, len), bodyBB, done);
  // ASCII inline; anything else through runtime.decoderune.
  b.SetInsertPoint(bodyBB);
  llvm::Value *c = b.CreateLoad(b.getInt8Ty(), b.CreateInBoundsGEP(b.getInt8Ty(), ptr, i));
  llvm::Value *fastRune = b.CreateZExt(c, i64);
  llvm::Value *fastNext = b.CreateAdd(i, b.getInt64(1));
  b.CreateCondBr(b.CreateICmpULT(c, b.getInt8(0x80)), assignBB, slowBB);
  b.SetInsertPoint(slowBB);
  b.CreateCall(m.Runtime(RuntimeFunc::DecodeRune), {pair, ptr, len, i});
  llvm::Value *slowRune = b.CreateLoad(i64, pair);
  llvm::Value *slowNext = b.CreateLoad(i64, b.CreateConstGEP1_64(i64, pair, 1));
  b.CreateBr(assignBB);
  b.SetInsertPoint(assignBB);
  llvm::PHINode *r = b.CreatePHI(i64, 2, "rune");
  r->addIncoming(fastRune, bodyBB);
  r->addIncoming(slowRune, slowBB);
  llvm::PHINode *next = b.CreatePHI(i64, 2, "next");
  next->addIncoming(fastNext, bodyBB);
  next->addIncoming(slowNext, slowBB);
  b.CreateStore(next, hnext);
  llvm::Value *keyAddr = key ? LhsAddr(key) : nullptr;
  llvm::Value *valueAddr = value ? LhsAddr(value) : nullptr;
  if (keyAddr) StoreValue(keyAddr, i, types::Universe::Basic(BasicKind::Int));
  if (valueAddr)
    StoreValue(valueAddr, b.CreateTrunc(r, b.getInt32Ty()),
               types::Universe::Basic(BasicKind::Int32));
  loops.push_back(Loop{label, done, postBB});
  Stmt(f.D(s));
  loops.pop_back();
  if (!Terminated()) b.CreateBr(postBB);
  b.SetInsertPoint(postBB);
  b.CreateStore(b.CreateLoad(i64, hnext), hi);
  b.CreateBr(condBB);
  b.SetInsertPoint(done);
}

} // namespace talpa::lower
