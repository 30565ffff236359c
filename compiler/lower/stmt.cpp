// Statements: blocks, declarations (a variable's storage is made where it is declared:
// an alloca, or a heap object if its address is taken), assignments, := , op= and
// ++/--, if/else, the three for forms with break/continue (labelled or not), range
// (range.cpp), expression switches with fallthrough, labels and goto (each label is a
// block), and return. A single assignment evaluates its right side, then the address it
// stores to (bounds and nil checks come after the value, as in gc); a tuple assignment
// takes every address on the left, then every value on the right, then stores them in
// order, so a, b = b, a swaps. Every store goes through the store funnel (memory.cpp).
// Code after a terminator goes into a fresh block that nothing branches to; LLVM deletes
// it.
#include <optional>

#include "compiler/lower/context.h"

namespace talpa::lower {

void FunctionContext::Body(NodeId block) { StmtList(F().ListAB(block)); }

void FunctionContext::StmtList(syntax::NodeList l) {
  for (uint32_t i = 0; i < l.count; ++i)
    Stmt(F().At(l, i));
}

llvm::Value *FunctionContext::LhsAddr(NodeId lhs) {
  const syntax::File &f = F();
  lhs = f.Unparen(lhs);
  if (f.Kind(lhs) == NodeKind::Name) {
    ObjectId obj = Info(lhs).object;
    if (!obj || f.Text(lhs) == "_") return nullptr; // the blank identifier discards
    return Address(obj);
  }
  return Addr(lhs);
}

TypeId FunctionContext::LhsType(NodeId lhs) {
  const syntax::File &f = F();
  lhs = f.Unparen(lhs);
  if (f.Kind(lhs) == NodeKind::Name && Info(lhs).object) return VarType(Info(lhs).object);
  return TypeOf(lhs);
}

void FunctionContext::Assign(NodeId lhs, llvm::Value *v) {
  if (llvm::Value *addr = LhsAddr(lhs)) StoreValue(addr, v, LhsType(lhs));
}

void FunctionContext::ReturnValues(const std::vector<llvm::Value *> &vals) {
  if (deferFrame) {
    ReturnThroughDefers(vals); // defer.cpp
    return;
  }
  TypeId results = T.Results(signature);
  if (resultsOut) {
    // Results in memory: stored through the caller's pointer.
    if (vals.size() == 1) {
      StoreValue(resultsOut, vals[0], T.TupleAt(results, 0));
    } else {
      auto *rt = llvm::cast<llvm::StructType>(m.ResultsType(signature));
      for (size_t i = 0; i < vals.size(); ++i) {
        auto index = static_cast<unsigned>(i);
        StoreValue(b.CreateStructGEP(rt, resultsOut, index), vals[i], T.TupleAt(results, index));
      }
    }
    b.CreateRetVoid();
    return;
  }
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
  TypeId results = T.Results(signature);
  std::vector<llvm::Value *> vals;
  if (deferFrame && (!s || !f.A(s))) {
    b.CreateBr(deferExit); // the named results are the result slots
    return;
  }
  if (!s || !f.A(s)) {
    // A bare return returns the named results' current values.
    for (uint32_t i = 0; i < namedResults.size(); ++i) {
      ObjectId r = namedResults[i];
      TypeId t = T.TupleAt(results, i);
      vals.push_back(r ? Load(Address(r), t) : Zero(t));
    }
    ReturnValues(vals);
    return;
  }
  std::vector<NodeId> exprs = f.Unpack(f.A(s));
  if (exprs.size() == 1)
    HoistChildren(exprs[0]);
  else
    for (NodeId e : exprs)
      Hoist(e);
  if (exprs.size() == 1 && T.TupleLen(results) > 1) {
    vals = Values(exprs[0]);
    for (uint32_t i = 0; i < vals.size(); ++i)
      vals[i] = Convert(vals[i], T.TupleAt(Info(exprs[0]).type, i), T.TupleAt(results, i));
  } else if (exprs.size() == 1 && resultsOut && !deferFrame) {
    // The one result is built where the caller wants it.
    ExprInto(exprs[0], resultsOut, T.TupleAt(results, 0));
    b.CreateRetVoid();
    return;
  } else {
    for (size_t i = 0; i < exprs.size(); ++i)
      vals.push_back(
          Convert(Expr(exprs[i]), TypeOf(exprs[i]), T.TupleAt(results, static_cast<uint32_t>(i))));
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
  if (f.B(s) && f.Kind(f.B(s)) == NodeKind::TypeSwitchGuard) {
    TypeSwitch(s); // iface.cpp
    return;
  }
  std::string_view label = pendingLabel;
  pendingLabel = {};
  if (f.A(s)) Stmt(f.A(s));
  NodeId tagNode = f.B(s);
  TypeId tagType = tagNode ? TypeOf(tagNode) : TypeId{};
  llvm::Value *tag = tagNode ? Eval(tagNode) : nullptr;
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
      llvm::Value *v = Eval(e);
      llvm::Value *match = !tag ? v
                           : T.IsInterface(tagType) || T.IsInterface(TypeOf(e))
                               ? CompareInterface(TK::Eql, tagType, tag, TypeOf(e), v)
                               : Compare(TK::Eql, tagType, tag, v);
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
  EnsureInsertable();
  hoisted_.clear();
  if (subprogram) SetLocation(f[s].pos);
  switch (f.Kind(s)) {
  case NodeKind::EmptyStmt:
    return;
  case NodeKind::ExprStmt:
    Eval(f.A(s));
    return;
  case NodeKind::BlockStmt:
    StmtList(f.ListAB(s));
    return;
  case NodeKind::DeclStmt:
    DeclStmt(s);
    return;
  case NodeKind::AssignStmt:
    AssignStmt(s);
    return;
  case NodeKind::IfStmt: {
    if (f.A(s)) Stmt(f.A(s));
    llvm::Value *cond = Eval(f.B(s));
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
      Range(s);
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
      b.CreateCondBr(Eval(f.B(s)), bodyBB, done);
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
  case NodeKind::CallStmt:
    Defer(s); // defer and go statements (defer.cpp)
    return;
  default:
    return; // rejected by the checker
  }
}

void FunctionContext::DeclStmt(NodeId s) {
  const syntax::File &f = F();
  for (NodeId d : std::vector<NodeId>(f.begin(f.ListAB(s)), f.end(f.ListAB(s)))) {
    if (f.Kind(d) != NodeKind::VarDecl) continue; // constants and types have no code
    std::vector<NodeId> names(f.begin(f.ListAB(d)), f.end(f.ListAB(d)));
    std::vector<NodeId> values = f.Unpack(f.D(d));
    if (values.size() == names.size()) {
      // The new variables are not in scope in the values: each is built in place.
      if (values.size() == 1)
        HoistChildren(values[0]);
      else
        for (NodeId v : values)
          Hoist(v);
      for (size_t i = 0; i < names.size(); ++i) {
        ObjectId obj = Info(names[i]).object;
        if (!obj || f.Text(names[i]) == "_") {
          Expr(values[i]);
          continue;
        }
        ExprInto(values[i], NewLocal(obj), VarType(obj));
      }
      continue;
    }
    std::vector<llvm::Value *> vals;
    TypeId tuple;
    if (values.size() == 1) {
      HoistChildren(values[0]);
      vals = Values(values[0]);
      tuple = Info(values[0]).type;
    }
    for (size_t i = 0; i < names.size(); ++i) {
      ObjectId obj = Info(names[i]).object;
      if (!obj || f.Text(names[i]) == "_") continue;
      TypeId t = VarType(obj);
      llvm::Value *slot = NewLocal(obj);
      if (i < vals.size())
        StoreValue(slot, Convert(vals[i], T.TupleAt(tuple, static_cast<uint32_t>(i)), t), t);
      else if (llvm::isa<llvm::AllocaInst>(slot))
        ZeroValue(slot, t); // heap objects are born zeroed
    }
  }
}

void FunctionContext::AssignStmt(NodeId s) {
  const syntax::File &f = F();
  TK op = static_cast<TK>(f[s].op);
  NodeId lhs = f.A(s), rhs = f.B(s);
  if ((!rhs || op != TK::None) && IsMapIndex(lhs)) {
    MapOpAssign(s); // map.cpp: one mapassign
    return;
  }
  if (!rhs) {
    // x++ / x--: x's address once.
    Hoist(lhs);
    TypeId t = LhsType(lhs);
    llvm::Value *addr = LhsAddr(lhs);
    llvm::Value *x = b.CreateLoad(m.LLVMType(t), addr);
    if (T.IsComplex(t)) {
      StoreValue(addr, ComplexBinary(op, t, x, ComplexConstant(types::Value::MakeInt64(1), t)), t);
      return;
    }
    llvm::Value *one = T.IsFloat(t) ? llvm::ConstantFP::get(x->getType(), 1.0)
                                    : llvm::ConstantInt::get(x->getType(), 1);
    llvm::Value *r = T.IsFloat(t) ? (op == TK::Add ? b.CreateFAdd(x, one) : b.CreateFSub(x, one))
                                  : (op == TK::Add ? b.CreateAdd(x, one) : b.CreateSub(x, one));
    StoreValue(addr, r, t);
    return;
  }
  if (op != TK::None) {
    // x op= y: x's address once, then x op y stored back.
    Hoist(lhs);
    Hoist(rhs);
    TypeId t = LhsType(lhs);
    llvm::Value *addr = LhsAddr(lhs);
    llvm::Value *x = b.CreateLoad(m.LLVMType(t), addr);
    llvm::Value *y = Expr(rhs);
    StoreValue(addr, BinaryOp(op, t, x, y, rhs, TypeOf(rhs)), t);
    return;
  }
  std::vector<NodeId> lhss = f.Unpack(lhs), rhss = f.Unpack(rhs);
  bool define = f[s].flags != 0;
  // A name that := declares (the checker's object is declared at this name).
  auto declares = [&](NodeId l) {
    l = f.Unparen(l);
    if (!define || f.Kind(l) != NodeKind::Name || f.Text(l) == "_") return false;
    ObjectId obj = Info(l).object;
    return obj && !pkg.Obj(obj).packageLevel && pkg.Obj(obj).pos == f.Pos(l);
  };
  if (lhss.size() == 1 && rhss.size() == 1) {
    NodeId l = lhss[0];
    Hoist(l);
    HoistChildren(rhss[0]);
    if (declares(l)) {
      ObjectId obj = Info(l).object;
      ExprInto(rhss[0], NewLocal(obj), VarType(obj));
      return;
    }
    llvm::Value *v = Expr(rhss[0]);
    NodeId ln = f.Unparen(l);
    if (f.Kind(ln) == NodeKind::Name && f.Text(ln) == "_") return;
    Assign(l, Convert(v, TypeOf(rhss[0]), LhsType(l)));
    return;
  }
  // A tuple assignment: the operations gc moves out of both sides, then the addresses,
  // then the values, then the stores in order.
  for (NodeId l : lhss)
    Hoist(l);
  if (rhss.size() == lhss.size())
    for (NodeId r : rhss)
      Hoist(r);
  else
    HoistChildren(rhss[0]);
  std::vector<llvm::Value *> addrs;
  // A map element's slot is found when it is stored (mapassign's slot moves with the next
  // map write); its map and key are evaluated with the other addresses.
  std::vector<std::optional<MapOperands>> mapSlots(lhss.size());
  for (size_t i = 0; i < lhss.size(); ++i) {
    NodeId l = lhss[i];
    if (IsMapIndex(l)) {
      mapSlots[i] = EvalMapOperands(l);
      addrs.push_back(nullptr);
      continue;
    }
    addrs.push_back(declares(l) ? NewLocal(Info(f.Unparen(l)).object) : LhsAddr(l));
  }
  std::vector<llvm::Value *> vals;
  std::vector<TypeId> types;
  if (rhss.size() == lhss.size()) {
    for (NodeId r : rhss) {
      vals.push_back(Expr(r));
      types.push_back(TypeOf(r));
    }
  } else {
    vals = Values(rhss[0]);
    TypeId tuple = Info(rhss[0]).type;
    for (uint32_t i = 0; i < vals.size(); ++i)
      types.push_back(T.TupleAt(tuple, i));
  }
  for (size_t i = 0; i < lhss.size() && i < vals.size(); ++i) {
    if (mapSlots[i]) addrs[i] = MapAssign(*mapSlots[i]);
    if (!addrs[i]) continue;
    TypeId lt = LhsType(lhss[i]);
    StoreValue(addrs[i], Convert(vals[i], types[i], lt), lt);
  }
}

} // namespace talpa::lower
