// Maps, as gc's walk lowers them onto the runtime's hash table (runtime/map.cpp,
// docs/runtime/map.md). A map value is a pointer to its hmap, nil for a nil map.
//
// Descriptors: map[K]E gets an abi::maptype with K's and E's descriptors, the bucket type
// (tophash [8]uint8, keys [8]K', elems [8]E', overflow; K' and E' are pointers when K or E
// is larger than 128 bytes) as a plain _type with its pointer bitmap, the hasher
// (memhash32/64, strhash, f32hash, ... by key kind, nullptr for aggregates, which the
// runtime then hashes with typehash) and gc's flags. Every comparable type's descriptor
// gets an equality function: the runtime's for basic kinds and plain memory of 1-16
// bytes, else a generated `<sym>..eq` comparing field by field as == does.
//
// Operations: make is makemap_small (no hint, or a constant hint <= 8) or makemap; m[k]
// reads through mapaccess1, v, ok := m[k] through mapaccess2, and assignments store into
// the slot mapassign returns, right after it returns (the slot moves with the next map
// write). The fast variants are chosen by key as gc's mapfast does: 4 bytes of plain
// memory without pointers (fast32), 8 bytes of plain memory (fast64, fast64ptr for the
// assignment of a pointer key), strings (faststr); the element must be at most 128 bytes.
// m[k] op= v calls mapassign once (for / and % it reads with mapaccess1 first, so a
// division by zero panics before the key is inserted, as in gc). A literal makes the map
// with its length as hint, inserts its constant entries (from two static arrays in a loop
// when there are more than 25), then each other entry in order, its key and value
// evaluated just before its insertion as gc's order pass does. range keeps an abi::hiter
// on the stack: mapiterinit, then while it.key != nil: read key and element, assign,
// body, mapiternext.
#include <cstddef>

#include "compiler/base/check.h"
#include "compiler/lower/context.h"
#include "talpa/abi.h"
#include "llvm/TargetParser/Triple.h"

namespace talpa::lower {

namespace {

constexpr int64_t kMaxKeySize = abi::maplayout::maxKeySize;
constexpr int64_t kMaxElemSize = abi::maplayout::maxElemSize;
constexpr int64_t kBucketCnt = abi::maplayout::bucketCnt;
// Literals with more constant entries than this insert them from static arrays in a loop.
constexpr size_t kMaxInlineEntries = 25;

// What a key type holds, for the map flags (gc's isReflexive, needkeyupdate,
// hashMightPanic): floats or complex, strings, interfaces.
struct KeyTraits {
  bool floats = false, strings = false, ifaces = false;
};

void Traits(const types::Universe &T, TypeId t, KeyTraits &k) {
  TypeId u = T.Under(T.Default(t));
  switch (T.KindOf(u)) {
  case types::TypeKind::Interface:
    k.ifaces = true;
    return;
  case types::TypeKind::Array:
    Traits(T, T.Elem(u), k);
    return;
  case types::TypeKind::Struct:
    for (ObjectId f : T.Struct(u).fields)
      Traits(T, T.Obj(f).type, k);
    return;
  case types::TypeKind::Basic:
    if (T.IsFloat(u) || T.IsComplex(u)) k.floats = true;
    if (T.IsString(u)) k.strings = true;
    return;
  default:
    return;
  }
}

llvm::Constant *DeclareByName(ModuleContext &m, const char *name, llvm::FunctionType *ft,
                              bool zextResult) {
  llvm::Function *f = m.module->getFunction(name);
  if (!f) {
    f = llvm::Function::Create(ft, llvm::GlobalValue::ExternalLinkage, name, *m.module);
    f->addFnAttr(llvm::Attribute::NoUnwind);
    if (zextResult) f->addRetAttr(llvm::Attribute::ZExt);
  }
  return f;
}

} // namespace

// ---------------------------------------------------------------------------
// Descriptors

llvm::Constant *ModuleContext::EqualFunc(TypeId t) {
  t = T.Default(t);
  if (!T.Comparable(t)) return llvm::ConstantPointerNull::get(ptrTy);
  auto *ft = llvm::FunctionType::get(llvm::Type::getInt1Ty(ctx), {ptrTy, ptrTy}, false);
  auto runtime = [&](const char *name) { return DeclareByName(*this, name, ft, true); };
  TypeId u = T.Under(t);
  if (T.KindOf(u) == types::TypeKind::Interface)
    return runtime(T.TypeSet(u).allMethods.empty() ? "runtime.nilinterequal"
                                                   : "runtime.interequal");
  if (T.KindOf(u) == types::TypeKind::Basic) {
    switch (T.Kind(u)) {
    case BasicKind::Float32:
      return runtime("runtime.f32equal");
    case BasicKind::Float64:
      return runtime("runtime.f64equal");
    case BasicKind::Complex64:
      return runtime("runtime.c64equal");
    case BasicKind::Complex128:
      return runtime("runtime.c128equal");
    case BasicKind::String:
      return runtime("runtime.strequal");
    default:
      break;
    }
  }
  int64_t size = Sizeof(t);
  bool plain = IsRegularMemory(t);
  if (plain) {
    switch (size) {
    case 0:
      return runtime("runtime.memequal0");
    case 1:
      return runtime("runtime.memequal8");
    case 2:
      return runtime("runtime.memequal16");
    case 4:
      return runtime("runtime.memequal32");
    case 8:
      return runtime("runtime.memequal64");
    case 16:
      return runtime("runtime.memequal128");
    default:
      break;
    }
  }
  // A generated function, shared by every package that needs it.
  std::string name = TypeSymbol(t) + "..eq";
  if (llvm::Function *f = module->getFunction(name)) return f;
  llvm::Function *f =
      llvm::Function::Create(ft, llvm::GlobalValue::LinkOnceODRLinkage, name, *module);
  if (llvm::Triple(module->getTargetTriple()).supportsCOMDAT())
    f->setComdat(module->getOrInsertComdat(name));
  f->addRetAttr(llvm::Attribute::ZExt);
  f->addFnAttr(llvm::Attribute::NoUnwind);
  SetFunctionAttributes(f);
  FunctionContext fc(*this, f, 0);
  llvm::Value *p = f->getArg(0), *q = f->getArg(1);
  if (plain) {
    llvm::Value *r = fc.b.CreateCall(Runtime(RuntimeFunc::MemEqual),
                                     {p, q, llvm::ConstantInt::get(intptrTy, size)});
    fc.b.CreateRet(fc.b.CreateICmpNE(r, fc.b.getInt8(0)));
    return f;
  }
  llvm::BasicBlock *fail = llvm::BasicBlock::Create(ctx, "ne", f);
  fc.EqualMem(t, p, q, fail);
  fc.b.CreateRet(fc.b.getInt1(true));
  fc.b.SetInsertPoint(fail);
  fc.b.CreateRet(fc.b.getInt1(false));
  return f;
}

llvm::Constant *ModuleContext::HashFunc(TypeId t) {
  t = T.Default(t);
  auto *ft = llvm::FunctionType::get(intptrTy, {ptrTy, intptrTy}, false);
  auto runtime = [&](const char *name) { return DeclareByName(*this, name, ft, false); };
  TypeId u = T.Under(t);
  if (T.KindOf(u) == types::TypeKind::Interface)
    return runtime(T.TypeSet(u).allMethods.empty() ? "runtime.nilinterhash" : "runtime.interhash");
  if (T.KindOf(u) == types::TypeKind::Basic) {
    switch (T.Kind(u)) {
    case BasicKind::Float32:
      return runtime("runtime.f32hash");
    case BasicKind::Float64:
      return runtime("runtime.f64hash");
    case BasicKind::Complex64:
      return runtime("runtime.c64hash");
    case BasicKind::Complex128:
      return runtime("runtime.c128hash");
    case BasicKind::String:
      return runtime("runtime.strhash");
    default:
      break;
    }
  }
  if (IsRegularMemory(t)) {
    switch (Sizeof(t)) {
    case 0:
      return runtime("runtime.memhash0");
    case 1:
      return runtime("runtime.memhash8");
    case 2:
      return runtime("runtime.memhash16");
    case 4:
      return runtime("runtime.memhash32");
    case 8:
      return runtime("runtime.memhash64");
    case 16:
      return runtime("runtime.memhash128");
    default:
      break;
    }
  }
  return llvm::ConstantPointerNull::get(ptrTy); // the runtime's typehash
}

ModuleContext::MapFast ModuleContext::MapFastKind(TypeId mapType) {
  TypeId u = T.Under(T.Default(mapType));
  TypeId k = T.Key(u);
  if (Sizeof(T.MapElem(u)) > kMaxElemSize) return MapFast::Slow;
  if (T.IsString(k)) return MapFast::FastStr;
  if (!IsRegularMemory(k)) return MapFast::Slow;
  if (Sizeof(k) == 4 && PtrData(k) == 0) return MapFast::Fast32;
  if (Sizeof(k) == 8) return PtrData(k) == 0 ? MapFast::Fast64 : MapFast::Fast64Ptr;
  return MapFast::Slow;
}

llvm::StructType *ModuleContext::MapDescriptorType(llvm::StructType *header) {
  llvm::Type *i8 = llvm::Type::getInt8Ty(ctx);
  llvm::StructType *t =
      llvm::StructType::get(ctx, {header, ptrTy, ptrTy, ptrTy, ptrTy, i8, i8,
                                  llvm::Type::getInt16Ty(ctx), llvm::Type::getInt32Ty(ctx)});
  const llvm::StructLayout *l = module->getDataLayout().getStructLayout(t);
  TALPA_CHECK(l->getSizeInBytes() == sizeof(abi::maptype) &&
                  l->getElementOffset(1) == offsetof(abi::maptype, key) &&
                  l->getElementOffset(4) == offsetof(abi::maptype, hasher) &&
                  l->getElementOffset(5) == offsetof(abi::maptype, keysize) &&
                  l->getElementOffset(7) == offsetof(abi::maptype, bucketsize) &&
                  l->getElementOffset(8) == offsetof(abi::maptype, flags),
              "maptype layout differs from runtime/include/talpa/abi.h");
  return t;
}

llvm::Constant *ModuleContext::MapDescriptor(llvm::StructType *descTy, llvm::Constant *header,
                                             TypeId mapType) {
  TypeId key = T.Key(mapType), elem = T.MapElem(mapType);
  bool indirectKey = Sizeof(key) > kMaxKeySize, indirectElem = Sizeof(elem) > kMaxElemSize;
  int64_t ks = indirectKey ? 8 : Sizeof(key), es = indirectElem ? 8 : Sizeof(elem);
  TALPA_CHECK(Alignof(key) <= 8 && Alignof(elem) <= 8, "map key or element aligned past 8");
  int64_t bucketSize = 8 + kBucketCnt * (ks + es) + 8;
  // The bucket's pointer words: keys, elements, then the overflow pointer if any.
  std::vector<bool> words;
  auto slots = [&](TypeId t, bool indirect, int64_t base, int64_t size) {
    for (int64_t i = 0; i < kBucketCnt; ++i) {
      if (indirect) {
        size_t w = static_cast<size_t>((base + i * size) / 8);
        if (w >= words.size()) words.resize(w + 1);
        words[w] = true;
      } else if (PtrData(t) > 0) {
        PointerWords(t, base + i * size, words);
      }
    }
  };
  slots(key, indirectKey, 8, ks);
  slots(elem, indirectElem, 8 + kBucketCnt * ks, es);
  bool hasPointers = std::find(words.begin(), words.end(), true) != words.end();
  int64_t ptrdata = 0;
  if (hasPointers) {
    size_t w = static_cast<size_t>((bucketSize - 8) / 8);
    if (w >= words.size()) words.resize(w + 1);
    words[w] = true;
    ptrdata = bucketSize;
  }
  // The bucket type's descriptor: a plain _type, enough for the allocator.
  std::string mapSym = TypeSymbol(mapType);
  std::string bucketSym = "type:map.bucket" + mapSym.substr(std::string("type:map").size());
  llvm::GlobalVariable *bucket = module->getGlobalVariable(bucketSym, true);
  llvm::Triple triple(module->getTargetTriple());
  if (!bucket) {
    llvm::StructType *typeTy = TypeHeaderType();
    llvm::Type *i8 = llvm::Type::getInt8Ty(ctx);
    llvm::Constant *null = llvm::ConstantPointerNull::get(ptrTy);
    std::string str = "map.bucket" + TypeString(mapType).substr(3);
    auto *strData =
        new llvm::GlobalVariable(*module, stringTy, true, llvm::GlobalValue::LinkOnceODRLinkage,
                                 StringConstant(str), bucketSym + "..str");
    strData->setAlignment(llvm::Align(8));
    if (triple.supportsCOMDAT()) strData->setComdat(module->getOrInsertComdat(bucketSym + "..str"));
    llvm::Constant *h = llvm::ConstantStruct::get(
        typeTy, {llvm::ConstantInt::get(intptrTy, static_cast<uint64_t>(bucketSize)),
                 llvm::ConstantInt::get(intptrTy, static_cast<uint64_t>(ptrdata)),
                 llvm::ConstantInt::get(llvm::Type::getInt32Ty(ctx), 0),
                 llvm::ConstantInt::get(i8, 0), llvm::ConstantInt::get(i8, 8),
                 llvm::ConstantInt::get(i8, 8), llvm::ConstantInt::get(i8, abi::kinds::Struct),
                 null, hasPointers ? GCData(words, bucketSym) : null, strData, null, null});
    bucket = new llvm::GlobalVariable(*module, typeTy, true, llvm::GlobalValue::LinkOnceODRLinkage,
                                      h, bucketSym);
    bucket->setAlignment(llvm::Align(8));
    if (triple.supportsCOMDAT()) bucket->setComdat(module->getOrInsertComdat(bucketSym));
  }
  KeyTraits kt;
  Traits(T, key, kt);
  uint32_t flags = 0;
  if (indirectKey) flags |= abi::mapflags::IndirectKey;
  if (indirectElem) flags |= abi::mapflags::IndirectElem;
  if (!kt.floats && !kt.ifaces) flags |= abi::mapflags::ReflexiveKey;
  if (kt.floats || kt.strings || kt.ifaces) flags |= abi::mapflags::NeedKeyUpdate;
  if (kt.ifaces) flags |= abi::mapflags::HashMightPanic;
  llvm::Type *i8 = llvm::Type::getInt8Ty(ctx);
  return llvm::ConstantStruct::get(
      descTy,
      {header, TypeDescriptor(key), TypeDescriptor(elem), bucket, HashFunc(key),
       llvm::ConstantInt::get(i8, static_cast<uint64_t>(ks)),
       llvm::ConstantInt::get(i8, static_cast<uint64_t>(es)),
       llvm::ConstantInt::get(llvm::Type::getInt16Ty(ctx), static_cast<uint64_t>(bucketSize)),
       llvm::ConstantInt::get(llvm::Type::getInt32Ty(ctx), flags)});
}

// ---------------------------------------------------------------------------
// Operations

bool FunctionContext::IsMapIndex(NodeId e) const {
  const syntax::File &f = F();
  e = f.Unparen(e);
  if (!e || f.Kind(e) != NodeKind::IndexExpr) return false;
  TypeId xt = Info(f.A(e)).type;
  return xt && T.KindOf(T.Under(T.Default(xt))) == types::TypeKind::Map;
}

FunctionContext::MapOperands FunctionContext::EvalMapOperands(NodeId e) {
  const syntax::File &f = F();
  e = f.Unparen(e);
  MapOperands op;
  op.mapType = T.Under(TypeOf(f.A(e)));
  op.map = Expr(f.A(e));
  NodeId k = f.B(e);
  op.key = Convert(Expr(k), TypeOf(k), T.Key(op.mapType));
  return op;
}

llvm::Value *FunctionContext::MapKeyAddr(const MapOperands &op) {
  TypeId k = T.Key(op.mapType);
  if (IsMemory(k)) return op.key;
  llvm::AllocaInst *tmp = Temp(k, "mapkey");
  b.CreateStore(op.key, tmp);
  return tmp;
}

namespace {

// The key as a fast variant takes it: an integer word, a pointer, or a string's two words.
std::vector<llvm::Value *> FastKey(FunctionContext &fc, const FunctionContext::MapOperands &op,
                                   ModuleContext::MapFast fast, bool asPointer) {
  llvm::IRBuilder<> &b = fc.b;
  TypeId k = fc.T.Key(op.mapType);
  llvm::Value *v = op.key;
  switch (fast) {
  case ModuleContext::MapFast::FastStr:
    return {b.CreateExtractValue(v, 0), b.CreateExtractValue(v, 1)};
  case ModuleContext::MapFast::Fast32:
    if (fc.IsMemory(k)) v = b.CreateLoad(b.getInt32Ty(), v);
    return {b.CreateZExt(v, b.getInt64Ty())};
  default:
    if (asPointer) {
      if (fc.IsMemory(k)) return {b.CreateLoad(fc.m.ptrTy, v)};
      return {v->getType()->isPointerTy() ? v : b.CreateIntToPtr(v, fc.m.ptrTy)};
    }
    if (fc.IsMemory(k)) return {b.CreateLoad(b.getInt64Ty(), v)};
    if (v->getType()->isPointerTy()) return {b.CreatePtrToInt(v, b.getInt64Ty())};
    return {b.CreateZExtOrTrunc(v, b.getInt64Ty())};
  }
}

} // namespace

llvm::Value *FunctionContext::MapAccess(const MapOperands &op, llvm::Value *okOut) {
  llvm::Constant *t = m.TypeDescriptor(op.mapType);
  ModuleContext::MapFast fast = m.MapFastKind(op.mapType);
  std::vector<llvm::Value *> args{t, op.map};
  RuntimeFunc fnId;
  if (fast == ModuleContext::MapFast::Slow) {
    args.push_back(MapKeyAddr(op));
    fnId = okOut ? RuntimeFunc::MapAccess2 : RuntimeFunc::MapAccess1;
  } else {
    for (llvm::Value *v : FastKey(*this, op, fast, false))
      args.push_back(v);
    switch (fast) {
    case ModuleContext::MapFast::Fast32:
      fnId = okOut ? RuntimeFunc::MapAccess2Fast32 : RuntimeFunc::MapAccess1Fast32;
      break;
    case ModuleContext::MapFast::FastStr:
      fnId = okOut ? RuntimeFunc::MapAccess2FastStr : RuntimeFunc::MapAccess1FastStr;
      break;
    default:
      fnId = okOut ? RuntimeFunc::MapAccess2Fast64 : RuntimeFunc::MapAccess1Fast64;
      break;
    }
  }
  if (okOut) args.push_back(okOut);
  return b.CreateCall(m.Runtime(fnId), args);
}

llvm::Value *FunctionContext::MapAssign(const MapOperands &op) {
  llvm::Constant *t = m.TypeDescriptor(op.mapType);
  ModuleContext::MapFast fast = m.MapFastKind(op.mapType);
  std::vector<llvm::Value *> args{t, op.map};
  RuntimeFunc fnId = RuntimeFunc::MapAssign;
  if (fast == ModuleContext::MapFast::Slow) {
    args.push_back(MapKeyAddr(op));
  } else {
    for (llvm::Value *v : FastKey(*this, op, fast, fast == ModuleContext::MapFast::Fast64Ptr))
      args.push_back(v);
    switch (fast) {
    case ModuleContext::MapFast::Fast32:
      fnId = RuntimeFunc::MapAssignFast32;
      break;
    case ModuleContext::MapFast::Fast64:
      fnId = RuntimeFunc::MapAssignFast64;
      break;
    case ModuleContext::MapFast::Fast64Ptr:
      fnId = RuntimeFunc::MapAssignFast64Ptr;
      break;
    default:
      fnId = RuntimeFunc::MapAssignFastStr;
      break;
    }
  }
  return b.CreateCall(m.Runtime(fnId), args);
}

llvm::Value *FunctionContext::MapIndex(NodeId e) {
  MapOperands op = EvalMapOperands(e);
  return Load(MapAccess(op, nullptr), T.MapElem(op.mapType));
}

std::vector<llvm::Value *> FunctionContext::MapIndexCommaOk(NodeId e) {
  MapOperands op = EvalMapOperands(e);
  llvm::AllocaInst *ok = Alloca(b.getInt8Ty(), 1, "mapok");
  llvm::Value *slot = MapAccess(op, ok);
  llvm::Value *v = Load(slot, T.MapElem(op.mapType));
  llvm::Value *found = b.CreateICmpNE(b.CreateLoad(b.getInt8Ty(), ok), b.getInt8(0));
  return {v, found};
}

llvm::Value *FunctionContext::MakeMap(NodeId call) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  TypeId t = TypeOf(call);
  if (args.count > 1) {
    NodeId hint = f.At(args, 1);
    const types::ExprInfo &info = Info(hint);
    bool small = info.mode == types::Mode::Constant &&
                 pkg.Constant(info.value).ToInt().FitsInt64() &&
                 pkg.Constant(info.value).ToInt().Int64() <= kBucketCnt;
    if (!small) {
      // A hint of an unsigned type above MaxInt becomes negative: taken as 0.
      llvm::Value *h = IndexValue(hint);
      return b.CreateCall(m.Runtime(RuntimeFunc::MakeMap),
                          {m.TypeDescriptor(t), h, llvm::ConstantPointerNull::get(m.ptrTy)});
    }
  }
  return b.CreateCall(m.Runtime(RuntimeFunc::MakeMapSmall));
}

llvm::Value *FunctionContext::MapLen(llvm::Value *mv) {
  llvm::BasicBlock *from = b.GetInsertBlock();
  llvm::BasicBlock *load = llvm::BasicBlock::Create(m.ctx, "maplen.load", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "maplen.end", fn);
  b.CreateCondBr(b.CreateIsNull(mv), done, load);
  b.SetInsertPoint(load);
  llvm::Value *count = b.CreateLoad(b.getInt64Ty(), mv); // hmap.count comes first
  b.CreateBr(done);
  b.SetInsertPoint(done);
  llvm::PHINode *n = b.CreatePHI(b.getInt64Ty(), 2, "maplen");
  n->addIncoming(b.getInt64(0), from);
  n->addIncoming(count, load);
  return n;
}

void FunctionContext::MapDelete(NodeId call) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  MapOperands op;
  op.mapType = T.Under(TypeOf(f.At(args, 0)));
  op.map = Expr(f.At(args, 0));
  NodeId k = f.At(args, 1);
  op.key = Convert(Expr(k), TypeOf(k), T.Key(op.mapType));
  ModuleContext::MapFast fast = m.MapFastKind(op.mapType);
  std::vector<llvm::Value *> a{m.TypeDescriptor(op.mapType), op.map};
  RuntimeFunc fnId = RuntimeFunc::MapDelete;
  if (fast == ModuleContext::MapFast::Slow) {
    a.push_back(MapKeyAddr(op));
  } else {
    for (llvm::Value *v : FastKey(*this, op, fast, false))
      a.push_back(v);
    fnId = fast == ModuleContext::MapFast::Fast32    ? RuntimeFunc::MapDeleteFast32
           : fast == ModuleContext::MapFast::FastStr ? RuntimeFunc::MapDeleteFastStr
                                                     : RuntimeFunc::MapDeleteFast64;
  }
  b.CreateCall(m.Runtime(fnId), a);
}

void FunctionContext::MapClear(NodeId x) {
  llvm::Value *mv = Expr(x);
  b.CreateCall(m.Runtime(RuntimeFunc::MapClear), {m.TypeDescriptor(T.Under(TypeOf(x))), mv});
}

// m[k] op= v, m[k]++ and m[k]--: one mapassign, its slot read and written. Division and
// remainder read through mapaccess1 first, so that a zero divisor panics before the key
// is inserted.
void FunctionContext::MapOpAssign(NodeId s) {
  const syntax::File &f = F();
  TK op = static_cast<TK>(f[s].op);
  NodeId lhs = f.Unparen(f.A(s)), rhs = f.B(s);
  Hoist(f.A(lhs));
  Hoist(f.B(lhs));
  if (rhs) Hoist(rhs);
  MapOperands mo = EvalMapOperands(lhs);
  TypeId t = T.MapElem(mo.mapType);
  if (!rhs) {
    llvm::Value *slot = MapAssign(mo);
    llvm::Value *x = b.CreateLoad(m.LLVMType(t), slot);
    llvm::Value *r;
    if (T.IsComplex(t)) {
      llvm::Value *one = ComplexConstant(types::Value::MakeInt64(1), t);
      r = ComplexBinary(op, t, x, one);
    } else if (T.IsFloat(t)) {
      llvm::Value *one = llvm::ConstantFP::get(x->getType(), 1.0);
      r = op == TK::Add ? b.CreateFAdd(x, one) : b.CreateFSub(x, one);
    } else {
      llvm::Value *one = llvm::ConstantInt::get(x->getType(), 1);
      r = op == TK::Add ? b.CreateAdd(x, one) : b.CreateSub(x, one);
    }
    StoreValue(slot, r, t);
    return;
  }
  if (op == TK::Div || op == TK::Rem) {
    llvm::Value *x = Load(MapAccess(mo, nullptr), t);
    llvm::Value *y = Expr(rhs);
    llvm::Value *r = BinaryOp(op, t, x, y, rhs, TypeOf(rhs));
    StoreValue(MapAssign(mo), r, t);
    return;
  }
  llvm::Value *slot = MapAssign(mo);
  llvm::Value *x = b.CreateLoad(m.LLVMType(t), slot);
  llvm::Value *y = Expr(rhs);
  StoreValue(slot, BinaryOp(op, t, x, y, rhs, TypeOf(rhs)), t);
}

llvm::Value *FunctionContext::MapLiteral(NodeId e) {
  const syntax::File &f = F();
  TypeId t = TypeOf(e);
  TypeId mt = T.Under(t);
  TypeId kt = T.Key(mt), vt = T.MapElem(mt);
  syntax::NodeList elts = f.ListBC(e);
  llvm::Value *h;
  if (elts.count <= kBucketCnt)
    h = b.CreateCall(m.Runtime(RuntimeFunc::MakeMapSmall));
  else
    h = b.CreateCall(m.Runtime(RuntimeFunc::MakeMap), {m.TypeDescriptor(t), b.getInt64(elts.count),
                                                       llvm::ConstantPointerNull::get(m.ptrTy)});
  MapOperands op{mt, h, nullptr};
  // Constant entries first, as gc's order pass puts them, then the others in order.
  std::vector<std::pair<llvm::Constant *, llvm::Constant *>> statics;
  std::vector<NodeId> dynamics;
  for (uint32_t i = 0; i < elts.count; ++i) {
    NodeId el = f.At(elts, i);
    llvm::Constant *k = StaticValue(f.A(el), kt);
    llvm::Constant *v = k ? StaticValue(f.B(el), vt) : nullptr;
    if (k && v)
      statics.push_back({k, v});
    else
      dynamics.push_back(el);
  }
  auto global = [&](llvm::Constant *init, TypeId et) {
    auto *g = new llvm::GlobalVariable(*m.module, init->getType(), true,
                                       llvm::GlobalValue::PrivateLinkage, init, "maplit");
    g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    g->setAlignment(llvm::Align(static_cast<uint64_t>(std::max<int64_t>(m.Alignof(et), 1))));
    return g;
  };
  if (statics.size() > kMaxInlineEntries) {
    // for i := 0; i < n; i++ { m[keys[i]] = elems[i] }
    std::vector<llvm::Constant *> ks, vs;
    for (auto &[k, v] : statics) {
      ks.push_back(k);
      vs.push_back(v);
    }
    llvm::Type *klt = m.LLVMType(kt), *vlt = m.LLVMType(vt);
    auto n = static_cast<uint64_t>(statics.size());
    llvm::GlobalVariable *keys =
        global(llvm::ConstantArray::get(llvm::ArrayType::get(klt, n), ks), kt);
    llvm::GlobalVariable *vals =
        global(llvm::ConstantArray::get(llvm::ArrayType::get(vlt, n), vs), vt);
    llvm::BasicBlock *before = b.GetInsertBlock();
    llvm::BasicBlock *loop = llvm::BasicBlock::Create(m.ctx, "maplit.loop", fn);
    llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "maplit.end", fn);
    b.CreateBr(loop);
    b.SetInsertPoint(loop);
    llvm::PHINode *i = b.CreatePHI(b.getInt64Ty(), 2, "i");
    i->addIncoming(b.getInt64(0), before);
    llvm::Value *kaddr = ElemGEP(kt, keys, i);
    op.key = IsMemory(kt) ? kaddr : b.CreateLoad(klt, kaddr);
    llvm::Value *slot = MapAssign(op);
    StoreValue(slot, Load(ElemGEP(vt, vals, i), vt), vt);
    llvm::Value *next = b.CreateAdd(i, b.getInt64(1));
    i->addIncoming(next, b.GetInsertBlock());
    b.CreateCondBr(b.CreateICmpULT(next, b.getInt64(static_cast<int64_t>(n))), loop, done);
    b.SetInsertPoint(done);
  } else {
    for (auto &[k, v] : statics) {
      op.key = IsMemory(kt) ? static_cast<llvm::Value *>(global(k, kt)) : k;
      llvm::Value *slot = MapAssign(op);
      if (IsMemory(vt))
        StoreValue(slot, global(v, vt), vt);
      else
        StoreValue(slot, v, vt);
    }
  }
  for (NodeId el : dynamics) {
    // As the statement m[k] = v: the calls in k, then those in v; v; then the insertion.
    NodeId kn = f.A(el), vn = f.B(el);
    Hoist(kn);
    Hoist(vn);
    llvm::Value *v = Convert(Expr(vn), TypeOf(vn), vt);
    op.key = Convert(Expr(kn), TypeOf(kn), kt);
    StoreValue(MapAssign(op), v, vt);
  }
  return h;
}

// RangeMap: for k, v := range m.
//
//   mapiterinit(t, m, &it)
//   cond: if it.key == nil goto end
//   body: k, v = *it.key, *it.elem; <body>
//   post: mapiternext(&it); goto cond
void FunctionContext::RangeMap(NodeId s) {
  const syntax::File &f = F();
  std::string_view label = pendingLabel;
  pendingLabel = {};
  NodeId rc = f.A(s);
  NodeId x = f.B(rc);
  TypeId mt = T.Under(TypeOf(x));
  TypeId kt = T.Key(mt), vt = T.MapElem(mt);
  llvm::Value *mv = Eval(x);
  NodeId key, value;
  RangeVars(rc, &key, &value);
  llvm::StructType *hiterTy = m.AbiType(AbiStruct::hiter);
  llvm::AllocaInst *it = Alloca(hiterTy, 8, "hiter");
  b.CreateCall(m.Runtime(RuntimeFunc::MapIterInit), {m.TypeDescriptor(mt), mv, it});
  llvm::BasicBlock *condBB = llvm::BasicBlock::Create(m.ctx, "range.cond", fn);
  llvm::BasicBlock *bodyBB = llvm::BasicBlock::Create(m.ctx, "range.body", fn);
  llvm::BasicBlock *postBB = llvm::BasicBlock::Create(m.ctx, "range.post", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(m.ctx, "range.end", fn);
  b.CreateBr(condBB);
  b.SetInsertPoint(condBB);
  llvm::Value *kp =
      b.CreateLoad(m.ptrTy, b.CreateStructGEP(hiterTy, it, AbiField(AbiStruct::hiter, "key")));
  b.CreateCondBr(b.CreateIsNull(kp), done, bodyBB);
  b.SetInsertPoint(bodyBB);
  llvm::Value *kv = key ? Load(kp, kt) : nullptr;
  llvm::Value *vv = nullptr;
  if (value) {
    llvm::Value *ep =
        b.CreateLoad(m.ptrTy, b.CreateStructGEP(hiterTy, it, AbiField(AbiStruct::hiter, "elem")));
    vv = Load(ep, vt);
  }
  llvm::Value *keyAddr = key ? LhsAddr(key) : nullptr;
  llvm::Value *valueAddr = value ? LhsAddr(value) : nullptr;
  if (keyAddr) StoreValue(keyAddr, Convert(kv, kt, LhsType(key)), LhsType(key));
  if (valueAddr) StoreValue(valueAddr, Convert(vv, vt, LhsType(value)), LhsType(value));
  loops.push_back(Loop{label, done, postBB});
  Stmt(f.D(s));
  loops.pop_back();
  if (!Terminated()) b.CreateBr(postBB);
  b.SetInsertPoint(postBB);
  b.CreateCall(m.Runtime(RuntimeFunc::MapIterNext), {it});
  b.CreateBr(condBB);
  b.SetInsertPoint(done);
}

} // namespace talpa::lower
