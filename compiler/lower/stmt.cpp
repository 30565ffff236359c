// Statements: blocks, assignments (all right-hand sides are evaluated before any store,
// so a, b = b, a swaps), := (new variables get allocas), op= and ++/--, if/else, the
// three for forms with break/continue (labelled or not), expression switches with
// fallthrough, labels and goto (each label is a block), and return (several results are
// packed into the function's struct result). Code after a terminator goes into a fresh
// block that nothing branches to; LLVM deletes it.
#include "compiler/lower/context.h"

namespace talpa::lower {

void FunctionContext::Body(NodeId block) { StmtList(F().ListAB(block)); }

void FunctionContext::StmtList(syntax::NodeList l) {
  for (uint32_t i = 0; i < l.count; ++i)
    Stmt(F().At(l, i));
}

void FunctionContext::Store(NodeId lhs, llvm::Value *v) {
  const syntax::File &f = F();
  lhs = f.Unparen(lhs);
  if (f.Kind(lhs) != NodeKind::Name) return;
  ObjectId obj = Info(lhs).object;
  if (!obj || f.Text(lhs) == "_") return; // the blank identifier discards
  b.CreateStore(v, Address(obj));
}

void FunctionContext::ReturnValues(const std::vector<llvm::Value *> &vals) {
  llvm::Type *rt = fn->getReturnType();
  if (rt->isVoidTy()) {
    b.CreateRetVoid();
  } else if (vals.size() == 1) {
    b.CreateRet(vals[0]);
  } else {
    llvm::Value *agg = llvm::UndefValue::get(rt);
    for (size_t i = 0; i < vals.size(); ++i)
      agg = b.CreateInsertValue(agg, vals[i], static_cast<unsigned>(i));
    b.CreateRet(agg);
  }
}

void FunctionContext::Return(NodeId s) {
  const syntax::File &f = F();
  const types::Universe &T = pkg.types;
  TypeId results = T.Results(signature);
  std::vector<llvm::Value *> vals;
  if (!s || !f.A(s)) {
    // A bare return returns the named results' current values.
    for (uint32_t i = 0; i < namedResults.size(); ++i) {
      ObjectId r = namedResults[i];
      TypeId t = T.TupleAt(results, i);
      vals.push_back(r ? static_cast<llvm::Value *>(b.CreateLoad(m.LLVMType(t), Address(r)))
                       : Zero(t));
    }
    ReturnValues(vals);
    return;
  }
  std::vector<NodeId> exprs = f.Unpack(f.A(s));
  if (exprs.size() == 1 && T.TupleLen(results) > 1) {
    vals = Values(exprs[0]);
  } else {
    for (NodeId e : exprs)
      vals.push_back(Expr(e));
  }
  // With named results, the values are assigned to them first (observable once defer
  // exists); the returned values are the same.
  ReturnValues(vals);
}

llvm::BasicBlock *FunctionContext::LabelBlock(std::string_view name) {
  llvm::BasicBlock *&bb = labelBlocks[name];
  if (!bb) bb = llvm::BasicBlock::Create(m.ctx, "label." + std::string(name), fn);
  return bb;
}

void FunctionContext::Branch(NodeId s) {
  const syntax::File &f = F();
  TK tok = static_cast<TK>(f[s].op);
  if (tok == TK::Goto) {
    b.CreateBr(LabelBlock(f.Text(f.A(s))));
    return;
  }
  if (tok == TK::Fallthrough) {
    b.CreateBr(fallthroughBB);
    return;
  }
  // The checker resolved the target: the innermost loop (continue) or loop/switch
  // (break), or the one with the label.
  const Loop *target = nullptr;
  for (size_t i = loops.size(); i-- > 0;) {
    const Loop &l = loops[i];
    bool match = f.A(s) ? l.label == f.Text(f.A(s)) : (tok == TK::Break || l.continueBB);
    if (match) {
      target = &l;
      break;
    }
  }
  if (!target) return;
  b.CreateBr(tok == TK::Break ? target->breakBB : target->continueBB);
}

// An expression switch: the tag is evaluated once; the case values are compared with it
// in source order, left to right, until one matches (a missing tag makes each value the
// condition itself); no match runs the default body wherever it is written. Bodies are
// laid out in order, so fallthrough is a branch to the next body.
void FunctionContext::Switch(NodeId s) {
  const syntax::File &f = F();
  std::string_view label = pendingLabel;
  pendingLabel = {};
  if (f.A(s)) Stmt(f.A(s));
  NodeId tagNode = f.B(s);
  TypeId tagType = tagNode ? TypeOf(tagNode) : TypeId{};
  llvm::Value *tag = tagNode ? Expr(tagNode) : nullptr;
  syntax::NodeList clauses = f.ListCD(s);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "switch.end", fn);
  std::vector<llvm::BasicBlock *> bodies;
  llvm::BasicBlock *defaultBB = done;
  for (uint32_t i = 0; i < clauses.count; ++i) {
    bodies.push_back(llvm::BasicBlock::Create(m.ctx, "switch.case", fn));
    if (!f.A(f.At(clauses, i))) defaultBB = bodies.back();
  }
  for (uint32_t i = 0; i < clauses.count; ++i) {
    NodeId cc = f.At(clauses, i);
    if (!f.A(cc)) continue;
    for (NodeId e : f.Unpack(f.A(cc))) {
      llvm::Value *v = Expr(e);
      llvm::Value *match = tag ? Compare(TK::Eql, tagType, tag, v) : v;
      llvm::BasicBlock *next = llvm::BasicBlock::Create(m.ctx, "switch.next", fn);
      b.CreateCondBr(match, bodies[i], next);
      b.SetInsertPoint(next);
    }
  }
  b.CreateBr(defaultBB);
  loops.push_back(Loop{label, done, nullptr});
  llvm::BasicBlock *outerFallthrough = fallthroughBB;
  for (uint32_t i = 0; i < clauses.count; ++i) {
    b.SetInsertPoint(bodies[i]);
    fallthroughBB = i + 1 < clauses.count ? bodies[i + 1] : nullptr;
    StmtList(f.ListBC(f.At(clauses, i)));
    if (!Terminated()) b.CreateBr(done);
  }
  fallthroughBB = outerFallthrough;
  loops.pop_back();
  b.SetInsertPoint(done);
}

void FunctionContext::Stmt(NodeId s) {
  const syntax::File &f = F();
  const types::Universe &T = pkg.types;
  EnsureInsertable();
  if (subprogram) SetLocation(f[s].pos);
  switch (f.Kind(s)) {
  case NodeKind::EmptyStmt:
    return;
  case NodeKind::ExprStmt:
    Expr(f.A(s));
    return;
  case NodeKind::BlockStmt:
    StmtList(f.ListAB(s));
    return;
  case NodeKind::DeclStmt: {
    for (NodeId d : std::vector<NodeId>(f.begin(f.ListAB(s)), f.end(f.ListAB(s)))) {
      if (f.Kind(d) != NodeKind::VarDecl) continue; // constants have no code
      std::vector<NodeId> names(f.begin(f.ListAB(d)), f.end(f.ListAB(d)));
      std::vector<NodeId> values = f.Unpack(f.D(d));
      std::vector<llvm::Value *> vals;
      if (values.size() == names.size()) {
        for (NodeId v : values)
          vals.push_back(Expr(v));
      } else if (values.size() == 1) {
        vals = Values(values[0]);
      }
      for (size_t i = 0; i < names.size(); ++i) {
        ObjectId obj = Info(names[i]).object;
        if (!obj || f.Text(names[i]) == "_") continue;
        llvm::AllocaInst *slot = NewLocal(obj);
        b.CreateStore(i < vals.size() ? vals[i] : Zero(pkg.Obj(obj).type), slot);
      }
    }
    return;
  }
  case NodeKind::AssignStmt: {
    TK op = static_cast<TK>(f[s].op);
    NodeId lhs = f.A(s), rhs = f.B(s);
    if (!rhs) {
      // x++ / x--
      TypeId t = TypeOf(lhs);
      llvm::Value *x = Expr(lhs);
      llvm::Value *one = T.IsFloat(t) ? llvm::ConstantFP::get(x->getType(), 1.0)
                                      : llvm::ConstantInt::get(x->getType(), 1);
      llvm::Value *r = T.IsFloat(t) ? (op == TK::Add ? b.CreateFAdd(x, one) : b.CreateFSub(x, one))
                                    : (op == TK::Add ? b.CreateAdd(x, one) : b.CreateSub(x, one));
      Store(lhs, r);
      return;
    }
    if (op != TK::None) {
      llvm::Value *x = Expr(lhs);
      llvm::Value *y = Expr(rhs);
      Store(lhs, BinaryOp(op, TypeOf(lhs), x, y, rhs, TypeOf(rhs)));
      return;
    }
    std::vector<NodeId> lhss = f.Unpack(lhs), rhss = f.Unpack(rhs);
    std::vector<llvm::Value *> vals;
    if (rhss.size() == lhss.size()) {
      for (NodeId r : rhss)
        vals.push_back(Expr(r));
    } else {
      vals = Values(rhss[0]);
    }
    if (f[s].flags) {
      // := declares the names that are new; their ObjectIds have no storage yet.
      for (NodeId l : lhss) {
        ObjectId obj = Info(l).object;
        if (obj && f.Text(l) != "_" && !locals.count(obj.index) && !pkg.Obj(obj).packageLevel)
          NewLocal(obj);
      }
    }
    for (size_t i = 0; i < lhss.size() && i < vals.size(); ++i)
      Store(lhss[i], vals[i]);
    return;
  }
  case NodeKind::IfStmt: {
    if (f.A(s)) Stmt(f.A(s));
    llvm::Value *cond = Expr(f.B(s));
    llvm::BasicBlock *thenBB = llvm::BasicBlock::Create(m.ctx, "if.then", fn);
    llvm::BasicBlock *elseBB = f.D(s) ? llvm::BasicBlock::Create(m.ctx, "if.else", fn) : nullptr;
    llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "if.end", fn);
    b.CreateCondBr(cond, thenBB, elseBB ? elseBB : done);
    b.SetInsertPoint(thenBB);
    Stmt(f.C(s));
    if (!Terminated()) b.CreateBr(done);
    if (elseBB) {
      b.SetInsertPoint(elseBB);
      Stmt(f.D(s));
      if (!Terminated()) b.CreateBr(done);
    }
    b.SetInsertPoint(done);
    return;
  }
  case NodeKind::ForStmt: {
    if (f.Kind(f.A(s)) == NodeKind::RangeClause) {
      RangeString(s);
      return;
    }
    std::string_view label = pendingLabel;
    pendingLabel = {};
    if (f.A(s)) Stmt(f.A(s));
    llvm::BasicBlock *condBB = llvm::BasicBlock::Create(m.ctx, "for.cond", fn);
    llvm::BasicBlock *bodyBB = llvm::BasicBlock::Create(m.ctx, "for.body", fn);
    llvm::BasicBlock *postBB = llvm::BasicBlock::Create(m.ctx, "for.post", fn);
    llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "for.end", fn);
    b.CreateBr(condBB);
    b.SetInsertPoint(condBB);
    if (f.B(s))
      b.CreateCondBr(Expr(f.B(s)), bodyBB, done);
    else
      b.CreateBr(bodyBB);
    b.SetInsertPoint(bodyBB);
    loops.push_back(Loop{label, done, postBB});
    Stmt(f.D(s));
    loops.pop_back();
    if (!Terminated()) b.CreateBr(postBB);
    b.SetInsertPoint(postBB);
    if (f.C(s)) Stmt(f.C(s));
    if (!Terminated()) b.CreateBr(condBB);
    b.SetInsertPoint(done);
    return;
  }
  case NodeKind::LabeledStmt: {
    // Every label gets a block, so a goto can reach it from anywhere.
    llvm::BasicBlock *bb = LabelBlock(f.Text(f.A(s)));
    if (!Terminated()) b.CreateBr(bb);
    b.SetInsertPoint(bb);
    NodeKind k = f.Kind(f.B(s));
    if (k == NodeKind::ForStmt || k == NodeKind::SwitchStmt) pendingLabel = f.Text(f.A(s));
    Stmt(f.B(s));
    pendingLabel = {};
    return;
  }
  case NodeKind::BranchStmt:
    Branch(s);
    return;
  case NodeKind::SwitchStmt:
    Switch(s);
    return;
  case NodeKind::ReturnStmt:
    Return(s);
    return;
  default:
    return; // rejected by the checker
  }
}

// RangeString lowers `for k, v := range s` over a string. Hidden state, as gc's walkrange
// has it: the offset of the current rune (hi) and of the next one (hnext); the
// iteration variables are assigned from them, so a body that changes k does not change
// the iteration.
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
  llvm::Value *str = Expr(f.B(rc));
  llvm::Value *ptr = b.CreateExtractValue(str, 0), *len = b.CreateExtractValue(str, 1);
  NodeId lhs[2] = {};
  if (f.A(rc)) {
    std::vector<NodeId> l = f.Unpack(f.A(rc));
    for (size_t i = 0; i < l.size() && i < 2; ++i)
      lhs[i] = l[i];
  }
  llvm::Type *i64 = b.getInt64Ty();
  llvm::BasicBlock *eb = &fn->getEntryBlock();
  entry.SetInsertPoint(eb, eb->getFirstInsertionPt());
  llvm::AllocaInst *hi = entry.CreateAlloca(i64, nullptr, "range.hi");
  llvm::AllocaInst *hnext = entry.CreateAlloca(i64, nullptr, "range.hnext");
  llvm::AllocaInst *pair = entry.CreateAlloca(llvm::ArrayType::get(i64, 2), nullptr, "range.rune");
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
  llvm::Value *c = b.CreateLoad(b.getInt8Ty(), b.CreateGEP(b.getInt8Ty(), ptr, i));
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
  if (lhs[0]) Store(lhs[0], i);
  if (lhs[1]) Store(lhs[1], b.CreateTrunc(r, b.getInt32Ty()));
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
