// Channels and select, as gc's walk lowers them onto the runtime (runtime/chan.cpp,
// runtime/select.cpp, docs/runtime/chan.md). A channel value is a pointer to its hchan,
// nil for a nil channel.
//
// Operations: make(chan T, n) is runtime.makechan(chantype, n) (n of an unsigned type
// above MaxInt becomes negative and panics there, as gc's makechan64); c <- v stores v
// in a temporary and calls chansend1(c, &tmp); <-c receives into a temporary with
// chanrecv1 (chanrecv2 for v, ok), which gc's order pass hoists like a call (order.cpp);
// close(c) is closechan; len and cap of a non-nil channel load hchan.qcount and
// hchan.dataqsiz (abi.h), 0 for nil. `for v := range c` is gc's
//
//     for { ok := chanrecv2(c, &tmp); if !ok { break }; v = tmp; tmp = zero; body }
//
// (tmp cleared after each copy when it holds pointers, so it does not keep the last
// value alive, gc's issue 15281).
//
// select, by its shape (gc's walkSelectCases):
//
//     no cases              runtime.block()
//     one case              the operation itself, then the body
//     one case + default    if selectnbsend(c, &v) / selectnbrecv(&tmp, c, &ok) { case } else {
//     default } otherwise             an [n]scase on the stack, sends first and receives filled
//     from
//                           the end, and chosen := selectgo(&cases, &order, nsends,
//                           nrecvs, !hasDefault, &recvOK); then the body of the chosen case
//                           (-1: the default) by a switch
//
// Evaluation order is gc's order pass: before the select, each case's channel (and a
// send's value) is evaluated, case by case in source order; a receive stores into a
// temporary, and the case's assignments (or declarations, for :=) of the value and ok
// to its left-hand sides run at the start of its body, after the select chose it.
// `break` inside a case leaves the select.
#include "compiler/lower/context.h"

namespace talpa::lower {

namespace {

bool IsBlankName(const syntax::File &f, NodeId n) {
  n = f.Unparen(n);
  return !n || (f.Kind(n) == NodeKind::Name && f.Text(n) == "_");
}

} // namespace

bool FunctionContext::IsReceive(NodeId e) const {
  const syntax::File &f = F();
  e = f.Unparen(e);
  return e && f.Kind(e) == NodeKind::Operation && !f.B(e) && static_cast<TK>(f[e].op) == TK::Arrow;
}

TypeId FunctionContext::ChanElem(NodeId ch) { return T.Elem(T.Under(TypeOf(ch))); }

llvm::Value *FunctionContext::MakeChan(NodeId call) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  TypeId t = TypeOf(call);
  llvm::Value *size = args.count > 1 ? IndexValue(f.At(args, 1)) : b.getInt64(0);
  return b.CreateCall(m.Runtime(RuntimeFunc::MakeChan), {m.TypeDescriptor(t), size});
}

llvm::Value *FunctionContext::ChanLenCap(llvm::Value *c, bool cap) {
  llvm::BasicBlock *from = b.GetInsertBlock();
  llvm::BasicBlock *load =
      llvm::BasicBlock::Create(m.ctx, cap ? "chancap.load" : "chanlen.load", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, cap ? "chancap.end" : "chanlen.end", fn);
  b.CreateCondBr(b.CreateIsNull(c), done, load);
  b.SetInsertPoint(load);
  llvm::StructType *hchanTy = m.AbiType(AbiStruct::hchan);
  unsigned field =
      cap ? AbiField(AbiStruct::hchan, "dataqsiz") : AbiField(AbiStruct::hchan, "qcount");
  llvm::Value *n = b.CreateLoad(b.getInt64Ty(), b.CreateStructGEP(hchanTy, c, field));
  b.CreateBr(done);
  b.SetInsertPoint(done);
  llvm::PHINode *phi = b.CreatePHI(b.getInt64Ty(), 2, cap ? "chancap" : "chanlen");
  phi->addIncoming(b.getInt64(0), from);
  phi->addIncoming(n, load);
  return phi;
}

void FunctionContext::CloseChan(NodeId call) {
  llvm::Value *c = Expr(F().At(F().ListBC(call), 0));
  b.CreateCall(m.Runtime(RuntimeFunc::CloseChan), {c});
}

llvm::Value *FunctionContext::ElemTemp(TypeId elem, llvm::Value *v) {
  if (IsMemory(elem)) return v; // already a temporary of the consumer's
  llvm::AllocaInst *tmp = Temp(elem, "chanelem");
  b.CreateStore(v, tmp);
  return tmp;
}

llvm::AllocaInst *FunctionContext::RecvTemp(TypeId elem) {
  llvm::AllocaInst *tmp = Temp(elem, "recvtmp");
  // The runtime's copy applies the write barrier to the old contents: start from zero.
  if (m.PtrData(elem) > 0) ZeroValue(tmp, elem);
  return tmp;
}

llvm::Value *FunctionContext::Receive(NodeId e) {
  NodeId ch = F().A(F().Unparen(e));
  TypeId elem = ChanElem(ch);
  llvm::Value *c = Expr(ch);
  llvm::AllocaInst *tmp = RecvTemp(elem);
  b.CreateCall(m.Runtime(RuntimeFunc::ChanRecv1), {c, tmp});
  return Load(tmp, elem);
}

std::vector<llvm::Value *> FunctionContext::ReceiveCommaOk(NodeId e) {
  NodeId ch = F().A(F().Unparen(e));
  TypeId elem = ChanElem(ch);
  llvm::Value *c = Expr(ch);
  llvm::AllocaInst *tmp = RecvTemp(elem);
  llvm::Value *ok = b.CreateCall(m.Runtime(RuntimeFunc::ChanRecv2), {c, tmp});
  return {Load(tmp, elem), b.CreateICmpNE(ok, b.getInt8(0))};
}

void FunctionContext::Send(NodeId s) {
  const syntax::File &f = F();
  NodeId ch = f.A(s), vn = f.B(s);
  Hoist(ch);
  Hoist(vn);
  TypeId elem = ChanElem(ch);
  llvm::Value *c = Expr(ch);
  llvm::Value *v = Convert(Expr(vn), TypeOf(vn), elem);
  b.CreateCall(m.Runtime(RuntimeFunc::ChanSend1), {c, ElemTemp(elem, v)});
}

// RangeChan: for v := range c (see the file comment).
void FunctionContext::RangeChan(NodeId s) {
  const syntax::File &f = F();
  std::string_view label = pendingLabel;
  pendingLabel = {};
  NodeId rc = f.A(s);
  NodeId x = f.B(rc);
  TypeId elem = ChanElem(x);
  llvm::Value *c = Eval(x);
  NodeId key, value;
  RangeVars(rc, &key, &value);
  llvm::AllocaInst *tmp = RecvTemp(elem);
  llvm::BasicBlock *condBB = llvm::BasicBlock::Create(m.ctx, "range.cond", fn);
  llvm::BasicBlock *bodyBB = llvm::BasicBlock::Create(m.ctx, "range.body", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "range.end", fn);
  b.CreateBr(condBB);
  b.SetInsertPoint(condBB);
  llvm::Value *ok = b.CreateCall(m.Runtime(RuntimeFunc::ChanRecv2), {c, tmp});
  b.CreateCondBr(b.CreateICmpNE(ok, b.getInt8(0)), bodyBB, done);
  b.SetInsertPoint(bodyBB);
  if (key) {
    llvm::Value *v = Load(tmp, elem);
    llvm::Value *addr = LhsAddr(key);
    if (addr) StoreValue(addr, Convert(v, elem, LhsType(key)), LhsType(key));
  }
  if (m.PtrData(elem) > 0) ZeroValue(tmp, elem);
  loops.push_back(Loop{label, done, condBB});
  Stmt(f.D(s));
  loops.pop_back();
  if (!Terminated()) b.CreateBr(condBB);
  b.SetInsertPoint(done);
}

// ---------------------------------------------------------------------------
// select

namespace {

// One case of a select, its operands evaluated.
struct SelectCase {
  NodeId clause;
  NodeId comm;         // the send, receive or assignment; null for default
  bool send = false;   // c <- v
  NodeId recv;         // the receive expression
  NodeId lhs[2];       // v and ok of `v, ok = <-c` (null or blank: none)
  bool define = false; // := declares them
  llvm::Value *c = nullptr;
  llvm::Value *elem = nullptr; // a send's value in memory, or where a receive stores
  TypeId elemType;
};

} // namespace

void FunctionContext::Select(NodeId s) {
  const syntax::File &f = F();
  std::string_view label = pendingLabel;
  pendingLabel = {};
  syntax::NodeList clauses = f.ListAB(s);
  if (clauses.count == 0) {
    b.CreateCall(m.Runtime(RuntimeFunc::Block));
    b.CreateUnreachable();
    return;
  }
  // The cases, and their operands evaluated in source order.
  std::vector<SelectCase> cases;
  int dflt = -1;
  for (uint32_t i = 0; i < clauses.count; ++i) {
    SelectCase sc;
    sc.clause = f.At(clauses, i);
    sc.comm = f.A(sc.clause);
    NodeId comm = sc.comm;
    if (!comm) {
      dflt = static_cast<int>(i);
      cases.push_back(sc);
      continue;
    }
    hoisted_.clear();
    if (f.Kind(comm) == NodeKind::SendStmt) {
      sc.send = true;
      NodeId ch = f.A(comm), vn = f.B(comm);
      Hoist(ch);
      Hoist(vn);
      sc.elemType = ChanElem(ch);
      sc.c = Expr(ch);
      sc.elem = ElemTemp(sc.elemType, Convert(Expr(vn), TypeOf(vn), sc.elemType));
    } else {
      if (f.Kind(comm) == NodeKind::ExprStmt) {
        sc.recv = f.Unparen(f.A(comm));
      } else {
        sc.recv = f.Unparen(f.B(comm));
        std::vector<NodeId> l = f.Unpack(f.A(comm));
        for (size_t k = 0; k < l.size() && k < 2; ++k)
          if (!IsBlankName(f, l[k])) sc.lhs[k] = l[k];
        sc.define = f[comm].flags != 0;
      }
      NodeId ch = f.A(sc.recv);
      Hoist(ch);
      sc.elemType = ChanElem(ch);
      sc.c = Expr(ch);
      if (sc.lhs[0]) sc.elem = RecvTemp(sc.elemType);
    }
    cases.push_back(sc);
  }
  hoisted_.clear();

  llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "select.end", fn);
  loops.push_back(Loop{label, done, nullptr});
  // A case's body: its assignments from the receive, then its statements.
  auto body = [&](const SelectCase &sc, llvm::Value *ok) {
    if (subprogram) SetLocation(f[sc.clause].pos);
    if (sc.comm && !sc.send) {
      for (int k = 0; k < 2; ++k) {
        NodeId l = sc.lhs[k];
        if (!l) continue;
        llvm::Value *v = k == 0 ? Load(sc.elem, sc.elemType) : ok;
        TypeId from = k == 0 ? sc.elemType : types::Universe::Basic(BasicKind::Bool);
        if (sc.define) {
          ObjectId obj = Info(f.Unparen(l)).object;
          TypeId t = VarType(obj);
          StoreValue(NewLocal(obj), Convert(v, from, t), t);
        } else {
          hoisted_.clear();
          Hoist(l);
          llvm::Value *addr = LhsAddr(l);
          if (addr) StoreValue(addr, Convert(v, from, LhsType(l)), LhsType(l));
        }
      }
    }
    StmtList(f.ListBC(sc.clause));
    if (!Terminated()) b.CreateBr(done);
  };
  auto okValue = [&](llvm::Value *i8) { return b.CreateICmpNE(i8, b.getInt8(0)); };

  if (cases.size() == 1) {
    // One case: the operation itself.
    const SelectCase &sc = cases[0];
    llvm::Value *ok = nullptr;
    if (sc.send) {
      b.CreateCall(m.Runtime(RuntimeFunc::ChanSend1), {sc.c, sc.elem});
    } else if (sc.comm) {
      llvm::Value *dst = sc.elem ? sc.elem : llvm::ConstantPointerNull::get(m.ptrTy);
      if (sc.lhs[1])
        ok = okValue(b.CreateCall(m.Runtime(RuntimeFunc::ChanRecv2), {sc.c, dst}));
      else
        b.CreateCall(m.Runtime(RuntimeFunc::ChanRecv1), {sc.c, dst});
    }
    body(sc, ok);
  } else if (cases.size() == 2 && dflt >= 0) {
    // One case and a default: a non-blocking operation.
    const SelectCase &sc = cases[dflt == 0 ? 1 : 0];
    llvm::Value *selected, *ok = nullptr;
    if (sc.send) {
      selected = b.CreateCall(m.Runtime(RuntimeFunc::SelectNbSend), {sc.c, sc.elem});
    } else {
      llvm::Value *dst = sc.elem ? sc.elem : llvm::ConstantPointerNull::get(m.ptrTy);
      llvm::Value *okSlot = llvm::ConstantPointerNull::get(m.ptrTy);
      if (sc.lhs[1]) okSlot = Alloca(b.getInt8Ty(), 1, "recvok");
      selected = b.CreateCall(m.Runtime(RuntimeFunc::SelectNbRecv), {dst, sc.c, okSlot});
      if (sc.lhs[1]) ok = okValue(b.CreateLoad(b.getInt8Ty(), okSlot));
    }
    llvm::BasicBlock *caseBB = llvm::BasicBlock::Create(m.ctx, "select.case", fn);
    llvm::BasicBlock *dfltBB = llvm::BasicBlock::Create(m.ctx, "select.default", fn);
    b.CreateCondBr(okValue(selected), caseBB, dfltBB);
    b.SetInsertPoint(caseBB);
    body(sc, ok);
    b.SetInsertPoint(dfltBB);
    body(cases[dflt], nullptr);
  } else {
    // The general form: selectgo over the cases.
    int ncas = static_cast<int>(cases.size()) - (dflt >= 0 ? 1 : 0);
    llvm::StructType *scaseTy = m.AbiType(AbiStruct::scase);
    llvm::AllocaInst *selv =
        Alloca(llvm::ArrayType::get(scaseTy, static_cast<uint64_t>(ncas)), 8, "selv");
    llvm::AllocaInst *order = Alloca(
        llvm::ArrayType::get(b.getInt16Ty(), static_cast<uint64_t>(2 * ncas)), 2, "selorder");
    llvm::AllocaInst *recvOK = Alloca(b.getInt8Ty(), 1, "recvok");
    std::vector<int> casorder(static_cast<size_t>(ncas)); // scase index -> cases index
    int nsends = 0, nrecvs = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
      const SelectCase &sc = cases[i];
      if (!sc.comm) continue;
      int at = sc.send ? nsends++ : ncas - ++nrecvs;
      casorder[static_cast<size_t>(at)] = static_cast<int>(i);
      llvm::Value *slot = b.CreateConstInBoundsGEP2_32(selv->getAllocatedType(), selv, 0,
                                                       static_cast<unsigned>(at));
      b.CreateStore(sc.c, b.CreateStructGEP(scaseTy, slot, AbiField(AbiStruct::scase, "c")));
      b.CreateStore(sc.elem ? sc.elem : llvm::ConstantPointerNull::get(m.ptrTy),
                    b.CreateStructGEP(scaseTy, slot, AbiField(AbiStruct::scase, "elem")));
    }
    llvm::Value *chosen = b.CreateCall(
        m.Runtime(RuntimeFunc::SelectGo),
        {selv, order, b.getInt64(nsends), b.getInt64(nrecvs), b.getInt8(dflt < 0 ? 1 : 0), recvOK});
    // Dispatch: the default for -1, else the case at the chosen index.
    std::vector<llvm::BasicBlock *> caseBBs(static_cast<size_t>(ncas));
    for (int i = 0; i < ncas; ++i)
      caseBBs[static_cast<size_t>(i)] = llvm::BasicBlock::Create(m.ctx, "select.case", fn);
    llvm::BasicBlock *dfltBB =
        dflt >= 0 ? llvm::BasicBlock::Create(m.ctx, "select.default", fn) : nullptr;
    llvm::BasicBlock *bad = caseBBs.back(); // selectgo returns a valid index
    llvm::SwitchInst *sw =
        b.CreateSwitch(chosen, dfltBB ? dfltBB : bad, static_cast<unsigned>(ncas));
    for (int i = 0; i < ncas; ++i)
      if (caseBBs[static_cast<size_t>(i)] != bad || dfltBB)
        sw->addCase(b.getInt64(i), caseBBs[static_cast<size_t>(i)]);
    for (int i = 0; i < ncas; ++i) {
      b.SetInsertPoint(caseBBs[static_cast<size_t>(i)]);
      const SelectCase &sc = cases[static_cast<size_t>(casorder[static_cast<size_t>(i)])];
      llvm::Value *ok = nullptr;
      if (!sc.send && sc.lhs[1]) ok = okValue(b.CreateLoad(b.getInt8Ty(), recvOK));
      body(sc, ok);
    }
    if (dfltBB) {
      b.SetInsertPoint(dfltBB);
      body(cases[static_cast<size_t>(dflt)], nullptr);
    }
  }
  loops.pop_back();
  b.SetInsertPoint(done);
}

} // namespace talpa::lower
