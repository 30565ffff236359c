// Builtins: print and println as gc lowers them (runtime.printlock, one runtime print
// call per argument chosen by its type, runtime.printsp between println's arguments and
// runtime.printnl at its end, runtime.printunlock; a slice prints as gc's printslice,
// "[len/cap]" and its pointer); len and cap; new (a zeroed heap object); make of a slice
// (runtime.makeslice, which panics on a bad length or capacity); append as gc's walk
// expands it (the arguments are evaluated first, runtime.growslice is called only when
// the capacity is short, then the new elements are stored through the store funnel);
// copy (the shorter length, one memmove); clear of a slice; min and max (floats with
// llvm.minimum/maximum: NaN wins and -0 < +0, as Go specifies; strings through
// runtime.cmpstring); panic (any value as the empty interface's two words through
// runtime.gopanic, so that recover returns it).
#include "compiler/lower/context.h"

namespace talpa::lower {

llvm::Value *FunctionContext::Builtin(NodeId call, types::BuiltinId id) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  switch (id) {
  case types::BuiltinId::Print:
    Print(call, false);
    return nullptr;
  case types::BuiltinId::Println:
    Print(call, true);
    return nullptr;
  case types::BuiltinId::Len:
    return Len(f.At(args, 0));
  case types::BuiltinId::Cap:
    return Cap(f.At(args, 0));
  case types::BuiltinId::New:
    return NewObject(T.Elem(T.Under(TypeOf(call))));
  case types::BuiltinId::Make:
    return Make(call);
  case types::BuiltinId::Append:
    return Append(call);
  case types::BuiltinId::Copy:
    return Copy(call);
  case types::BuiltinId::Clear:
    Clear(call);
    return nullptr;
  case types::BuiltinId::Min:
  case types::BuiltinId::Max:
    return MinMax(call, id == types::BuiltinId::Min);
  case types::BuiltinId::Panic:
    Panic(f.At(args, 0));
    return nullptr;
  case types::BuiltinId::Delete:
    MapDelete(call); // map.cpp
    return nullptr;
  case types::BuiltinId::Close:
    CloseChan(call); // chan.cpp
    return nullptr;
  case types::BuiltinId::Real:
  case types::BuiltinId::Imag:
  case types::BuiltinId::Complex:
    return ComplexBuiltin(call, id); // complex.cpp
  case types::BuiltinId::Recover:
    return Recover(call); // defer.cpp
  case types::BuiltinId::Add: {
    // unsafe.Add(p, n): p + n bytes, n of any integer type.
    llvm::Value *p = Expr(f.At(args, 0));
    return b.CreateGEP(b.getInt8Ty(), p, IndexValue(f.At(args, 1)));
  }
  case types::BuiltinId::Slice:
  case types::BuiltinId::String:
    return UnsafeSlice(call, id == types::BuiltinId::String);
  case types::BuiltinId::SliceData:
  case types::BuiltinId::StringData:
    return b.CreateExtractValue(Expr(f.At(args, 0)), 0);
  case types::BuiltinId::Sizeof:
  case types::BuiltinId::Alignof: {
    // In an instance of a generic function (a constant everywhere else): the argument's
    // substituted type's, without evaluating it.
    TypeId t = TypeOf(f.At(args, 0));
    int64_t n = id == types::BuiltinId::Sizeof ? m.Sizeof(t) : m.Alignof(t);
    return llvm::ConstantInt::get(m.LLVMType(TypeOf(call)), static_cast<uint64_t>(n));
  }
  case types::BuiltinId::Offsetof:
    return llvm::ConstantInt::get(m.LLVMType(TypeOf(call)),
                                  static_cast<uint64_t>(Offsetof(f.At(args, 0))));
  default:
    return nullptr; // refused by support.cpp
  }
}

// unsafe.Offsetof(x.f) in an instance of a generic function (a constant everywhere else):
// f's offset from the start of x's struct (or *x's) in the instance's layout, summed along
// the selection's path of embedded fields when f is promoted (the checker refused paths
// through embedded pointers). x is not evaluated.
int64_t FunctionContext::Offsetof(NodeId arg) {
  const syntax::File &f = F();
  NodeId sel = f.Unparen(arg);
  TypeId cur = TypeOf(f.A(sel));
  if (T.IsPointer(cur)) cur = T.Elem(T.Under(cur));
  int64_t offset = 0;
  for (int index : pkg.selections[Info(sel).selection].path) {
    const ModuleContext::StructLayout &l = m.Layout(cur);
    offset += l.offsets[static_cast<size_t>(index)];
    cur = T.Obj(T.Struct(T.Under(cur)).fields[static_cast<size_t>(index)]).type;
  }
  return offset;
}

// unsafe.Slice(p, n) and unsafe.String(p, n), with gc 1.19's checks: n not negative (as an
// int; a larger unsigned n is negative then), and n elements from p not past the end of
// the address space (a nil p with n > 0 is its own panic).
llvm::Value *FunctionContext::UnsafeSlice(NodeId call, bool isString) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  llvm::Value *p = Expr(f.At(args, 0));
  llvm::Value *n = IndexValue(f.At(args, 1));
  TypeId elem =
      isString ? types::Universe::Basic(BasicKind::Uint8) : T.Elem(T.Under(TypeOf(f.At(args, 0))));
  RuntimeFunc lenPanic =
      isString ? RuntimeFunc::PanicUnsafeStringLen : RuntimeFunc::PanicUnsafeSliceLen;
  RuntimeFunc nilPanic =
      isString ? RuntimeFunc::PanicUnsafeStringNilPtr : RuntimeFunc::PanicUnsafeSliceNilPtr;
  auto fail = [&](llvm::Value *bad, RuntimeFunc panic) {
    llvm::BasicBlock *failBB = llvm::BasicBlock::Create(m.ctx, "unsafe.fail", fn);
    llvm::BasicBlock *ok = llvm::BasicBlock::Create(m.ctx, "unsafe.ok", fn);
    b.CreateCondBr(bad, failBB, ok);
    b.SetInsertPoint(failBB);
    b.CreateCall(m.Runtime(panic));
    b.CreateUnreachable();
    b.SetInsertPoint(ok);
  };
  fail(b.CreateICmpSLT(n, b.getInt64(0)), lenPanic);
  llvm::Value *mul = b.CreateIntrinsic(llvm::Intrinsic::umul_with_overflow, {b.getInt64Ty()},
                                       {n, b.getInt64(m.Sizeof(elem))});
  llvm::Value *room = b.CreateNeg(b.CreatePtrToInt(p, b.getInt64Ty())); // -uintptr(p)
  llvm::Value *bad =
      b.CreateOr(b.CreateExtractValue(mul, 1), b.CreateICmpUGT(b.CreateExtractValue(mul, 0), room));
  llvm::BasicBlock *badBB = llvm::BasicBlock::Create(m.ctx, "unsafe.bad", fn);
  llvm::BasicBlock *ok = llvm::BasicBlock::Create(m.ctx, "unsafe.ok", fn);
  b.CreateCondBr(bad, badBB, ok);
  b.SetInsertPoint(badBB);
  fail(b.CreateIsNull(p), nilPanic);
  b.CreateCall(m.Runtime(lenPanic));
  b.CreateUnreachable();
  b.SetInsertPoint(ok);
  if (isString) {
    llvm::Value *r = llvm::UndefValue::get(m.stringTy);
    r = b.CreateInsertValue(r, p, 0);
    return b.CreateInsertValue(r, n, 1);
  }
  return MakeSlice(p, n, n);
}

void FunctionContext::Panic(NodeId x) {
  TypeId t = TypeOf(x);
  llvm::Value *v = Expr(x);
  llvm::Value *typ = llvm::ConstantPointerNull::get(m.ptrTy), *data = typ;
  if (T.IsInterface(t)) {
    llvm::Value *e = ToInterface(v, t, T.anyType); // iface.cpp
    typ = b.CreateExtractValue(e, 0);
    data = b.CreateExtractValue(e, 1);
  } else if (T.Kind(t) != BasicKind::UntypedNil) {
    // The empty interface's words: the type, and the value itself if it is
    // pointer-shaped, else a pointer to a copy (gc's convT).
    typ = m.TypeDescriptor(t);
    if (m.IsDirectIface(t)) {
      data = IsMemory(t) ? b.CreateLoad(m.ptrTy, v) : v;
    } else if (Info(x).mode == types::Mode::Constant && T.IsString(t)) {
      // A constant string: its header is static data, as gc's.
      auto *g =
          new llvm::GlobalVariable(*m.module, m.stringTy, true, llvm::GlobalValue::PrivateLinkage,
                                   llvm::cast<llvm::Constant>(v), ".panicstr");
      g->setAlignment(llvm::Align(8));
      data = g;
    } else {
      data = NewObject(t);
      StoreValue(data, v, t);
    }
  }
  b.CreateCall(m.Runtime(RuntimeFunc::GoPanic), {typ, data});
  b.CreateUnreachable();
}

llvm::Value *FunctionContext::Len(NodeId x) {
  TypeId u = T.Under(TypeOf(x));
  llvm::Value *v = Expr(x);
  if (T.KindOf(u) == types::TypeKind::Map) return MapLen(v);
  if (T.KindOf(u) == types::TypeKind::Chan) return ChanLenCap(v, false); // chan.cpp
  if (T.KindOf(u) == types::TypeKind::Pointer) u = T.Under(T.Elem(u));
  if (T.KindOf(u) == types::TypeKind::Array) return b.getInt64(T.ArrayLen(u));
  return b.CreateExtractValue(v, 1);
}

llvm::Value *FunctionContext::Cap(NodeId x) {
  TypeId u = T.Under(TypeOf(x));
  llvm::Value *v = Expr(x);
  if (T.KindOf(u) == types::TypeKind::Chan) return ChanLenCap(v, true); // chan.cpp
  if (T.KindOf(u) == types::TypeKind::Pointer) u = T.Under(T.Elem(u));
  if (T.KindOf(u) == types::TypeKind::Array) return b.getInt64(T.ArrayLen(u));
  return b.CreateExtractValue(v, 2);
}

llvm::Value *FunctionContext::Make(NodeId call) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  TypeId t = TypeOf(call);
  if (T.KindOf(T.Under(t)) == types::TypeKind::Map) return MakeMap(call);
  if (T.KindOf(T.Under(t)) == types::TypeKind::Chan) return MakeChan(call); // chan.cpp
  TypeId elem = T.Elem(T.Under(t));
  // Lengths of unsigned types above MaxInt become negative and are refused as such.
  llvm::Value *len = args.count > 1 ? IndexValue(f.At(args, 1)) : b.getInt64(0);
  llvm::Value *cap = args.count > 2 ? IndexValue(f.At(args, 2)) : len;
  llvm::Value *p =
      b.CreateCall(m.Runtime(RuntimeFunc::MakeSlice), {m.TypeDescriptor(elem), len, cap});
  return MakeSlice(p, len, cap);
}

llvm::Value *FunctionContext::Append(NodeId call) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  TypeId st = TypeOf(call);
  TypeId elem = T.Elem(T.Under(st));
  // append(f()) with f returning the slice and the elements: the call's values spread.
  NodeId first = f.At(args, 0);
  TypeId firstType = Info(first).type;
  bool spread = args.count == 1 && firstType && T.IsTuple(firstType);
  std::vector<llvm::Value *> spreadVals;
  if (spread) spreadVals = Values(first);
  llvm::Value *s = spread ? spreadVals[0] : Expr(first);
  if (args.count == 1 && spreadVals.size() <= 1) return s;
  llvm::Value *ptr = b.CreateExtractValue(s, 0), *len = b.CreateExtractValue(s, 1),
              *cap = b.CreateExtractValue(s, 2);
  // The new elements: append(s, t...) takes t's (a slice or, for []byte, a string);
  // otherwise each argument, evaluated before the slice changes.
  llvm::Value *srcPtr = nullptr, *count;
  std::vector<llvm::Value *> vals;
  if (f[call].flags) {
    llvm::Value *t = Expr(f.At(args, 1));
    srcPtr = b.CreateExtractValue(t, 0);
    count = b.CreateExtractValue(t, 1);
  } else {
    for (uint32_t i = 1; i < spreadVals.size(); ++i)
      vals.push_back(Convert(spreadVals[i], T.Default(T.TupleAt(firstType, i)), elem));
    for (uint32_t i = 1; i < args.count; ++i) {
      NodeId a = f.At(args, i);
      vals.push_back(Convert(Expr(a), TypeOf(a), elem));
    }
    count = b.getInt64(static_cast<int64_t>(vals.size()));
  }
  llvm::Value *newlen = b.CreateAdd(len, count);
  // Compared as unsigned, so that an overflowing length reaches growslice, which panics.
  llvm::BasicBlock *before = b.GetInsertBlock();
  llvm::BasicBlock *grow = llvm::BasicBlock::Create(m.ctx, "append.grow", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "append.store", fn);
  b.CreateCondBr(b.CreateICmpUGT(newlen, cap), grow, done);
  b.SetInsertPoint(grow);
  llvm::AllocaInst *out = Alloca(m.sliceTy, 8, "grown");
  b.CreateCall(m.Runtime(RuntimeFunc::GrowSlice),
               {out, m.TypeDescriptor(elem), ptr, len, cap, newlen});
  llvm::Value *grown = b.CreateLoad(m.sliceTy, out);
  llvm::Value *gptr = b.CreateExtractValue(grown, 0), *gcap = b.CreateExtractValue(grown, 2);
  llvm::BasicBlock *growEnd = b.GetInsertBlock();
  b.CreateBr(done);
  b.SetInsertPoint(done);
  llvm::PHINode *p = b.CreatePHI(m.ptrTy, 2, "append.ptr");
  p->addIncoming(ptr, before);
  p->addIncoming(gptr, growEnd);
  llvm::PHINode *c = b.CreatePHI(b.getInt64Ty(), 2, "append.cap");
  c->addIncoming(cap, before);
  c->addIncoming(gcap, growEnd);
  llvm::Value *at = ElemGEP(elem, p, len);
  if (srcPtr) {
    MoveElems(at, srcPtr, count, elem);
  } else {
    for (size_t i = 0; i < vals.size(); ++i)
      StoreValue(ElemGEP(elem, at, b.getInt64(static_cast<int64_t>(i))), vals[i], elem);
  }
  return MakeSlice(p, newlen, c);
}

llvm::Value *FunctionContext::Copy(NodeId call) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  NodeId dn = f.At(args, 0), sn = f.At(args, 1);
  llvm::Value *dst = Expr(dn);
  llvm::Value *src = Expr(sn);
  llvm::Value *dlen = b.CreateExtractValue(dst, 1), *slen = b.CreateExtractValue(src, 1);
  llvm::Value *n = b.CreateSelect(b.CreateICmpSLT(dlen, slen), dlen, slen);
  MoveElems(b.CreateExtractValue(dst, 0), b.CreateExtractValue(src, 0), n,
            T.Elem(T.Under(TypeOf(dn))));
  return n;
}

void FunctionContext::Clear(NodeId call) {
  const syntax::File &f = F();
  NodeId x = f.At(f.ListBC(call), 0);
  if (T.KindOf(T.Under(TypeOf(x))) == types::TypeKind::Map) {
    MapClear(x);
    return;
  }
  llvm::Value *s = Expr(x);
  ZeroElems(b.CreateExtractValue(s, 0), b.CreateExtractValue(s, 1), T.Elem(T.Under(TypeOf(x))));
}

llvm::Value *FunctionContext::MinMax(NodeId call, bool isMin) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  TypeId t = TypeOf(call);
  llvm::Value *r = nullptr;
  for (uint32_t i = 0; i < args.count; ++i) {
    NodeId a = f.At(args, i);
    llvm::Value *v = Convert(Expr(a), TypeOf(a), t);
    if (!r) {
      r = v;
      continue;
    }
    if (T.IsFloat(t)) {
      r = b.CreateBinaryIntrinsic(isMin ? llvm::Intrinsic::minimum : llvm::Intrinsic::maximum, r,
                                  v);
      continue;
    }
    // v replaces r when v < r (min) or v > r (max); ties keep the earlier argument.
    llvm::Value *better = Compare(isMin ? TK::Lss : TK::Gtr, t, v, r);
    r = b.CreateSelect(better, v, r);
  }
  return r;
}

void FunctionContext::Print(NodeId call, bool newline) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  // Arguments are evaluated before the lock is taken, as gc does.
  // println(f()) prints each of f's results.
  std::vector<llvm::Value *> vals;
  std::vector<TypeId> types;
  if (args.count == 1 && Info(f.At(args, 0)).type && T.IsTuple(Info(f.At(args, 0)).type)) {
    TypeId tuple = Info(f.At(args, 0)).type;
    vals = Values(f.At(args, 0));
    for (uint32_t i = 0; i < T.TupleLen(tuple); ++i)
      types.push_back(T.TupleAt(tuple, i));
  } else {
    for (uint32_t i = 0; i < args.count; ++i) {
      vals.push_back(Expr(f.At(args, i)));
      types.push_back(TypeOf(f.At(args, i)));
    }
  }
  b.CreateCall(m.Runtime(RuntimeFunc::PrintLock));
  for (size_t i = 0; i < vals.size(); ++i) {
    if (newline && i > 0) b.CreateCall(m.Runtime(RuntimeFunc::PrintSp));
    TypeId t = types[i];
    llvm::Value *v = vals[i];
    auto printString = [&](std::string_view s) {
      llvm::Constant *c = m.StringConstant(s);
      b.CreateCall(m.Runtime(RuntimeFunc::PrintString),
                   {c->getAggregateElement(0u), c->getAggregateElement(1u)});
    };
    if (T.IsString(t)) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintString),
                   {b.CreateExtractValue(v, 0), b.CreateExtractValue(v, 1)});
    } else if (T.IsBoolean(t)) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintBool), {b.CreateZExt(v, b.getInt8Ty())});
    } else if (T.IsComplex(t)) {
      PrintComplex(v);
    } else if (T.IsFloat(t)) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintFloat), {b.CreateFPExt(v, b.getDoubleTy())});
    } else if (T.IsUnsigned(t)) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintUint), {b.CreateZExtOrTrunc(v, b.getInt64Ty())});
    } else if (T.IsInteger(t)) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintInt), {b.CreateSExtOrTrunc(v, b.getInt64Ty())});
    } else if (T.IsInterface(t)) {
      PrintInterface(v, t); // iface.cpp
    } else if (T.KindOf(T.Under(t)) == types::TypeKind::Slice) {
      // gc's printslice.
      printString("[");
      b.CreateCall(m.Runtime(RuntimeFunc::PrintInt), {b.CreateExtractValue(v, 1)});
      printString("/");
      b.CreateCall(m.Runtime(RuntimeFunc::PrintInt), {b.CreateExtractValue(v, 2)});
      printString("]");
      b.CreateCall(m.Runtime(RuntimeFunc::PrintPointer), {b.CreateExtractValue(v, 0)});
    } else if (v->getType()->isPointerTy()) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintPointer), {v});
    }
  }
  if (newline) b.CreateCall(m.Runtime(RuntimeFunc::PrintNl));
  b.CreateCall(m.Runtime(RuntimeFunc::PrintUnlock));
}

} // namespace talpa::lower
