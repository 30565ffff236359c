// Go types as LLVM types. Scalars map to LLVM's (bool i1, integers by width, float32
// float, float64 double, pointers and unsafe.Pointer ptr, uintptr the data layout's
// integer); strings and slices are the first-class structs {ptr, i64} and {ptr, i64, i64}
// of abi.h's stringStruct and slice. Arrays and structs are "memory types": the lowering
// handles their values by address (see FunctionContext in context.h), and their LLVM
// type only describes storage: [n x elem] for arrays, and for structs a packed struct
// whose fields sit at gc's offsets (Universe::Offsetsof) with explicit [k x i8] padding
// elements, so the layout is gc's on every target whatever LLVM's alignment rules.
// Sizes and alignments are the checker's (gc's for 64-bit targets), cached per type.
#include "compiler/base/check.h"
#include "compiler/lower/context.h"

namespace talpa::lower {

bool ModuleContext::IsMemory(TypeId t) const {
  if (!t || T.IsTuple(t)) return false;
  TypeId u = T.Under(T.Default(t));
  return u && (T.KindOf(u) == types::TypeKind::Array || T.KindOf(u) == types::TypeKind::Struct);
}

int64_t ModuleContext::Sizeof(TypeId t) {
  auto it = sizes_.find(t.index);
  if (it != sizes_.end()) return it->second;
  int64_t s = T.Sizeof(t);
  sizes_[t.index] = s;
  return s;
}

int64_t ModuleContext::Alignof(TypeId t) {
  auto it = aligns_.find(t.index);
  if (it != aligns_.end()) return it->second;
  int64_t a = T.Alignof(t);
  aligns_[t.index] = a;
  return a;
}

const ModuleContext::StructLayout &ModuleContext::Layout(TypeId t) {
  TypeId u = T.Under(t);
  auto it = layouts_.find(u.index);
  if (it != layouts_.end()) return it->second;
  StructLayout l;
  const types::StructInfo &s = T.Struct(u);
  l.offsets = T.Offsetsof(u);
  std::vector<llvm::Type *> elems;
  int64_t at = 0;
  auto pad = [&](int64_t n) {
    if (n > 0) elems.push_back(llvm::ArrayType::get(llvm::Type::getInt8Ty(ctx), n));
  };
  for (size_t i = 0; i < s.fields.size(); ++i) {
    TypeId ft = T.Obj(s.fields[i]).type;
    pad(l.offsets[i] - at);
    l.index.push_back(static_cast<unsigned>(elems.size()));
    elems.push_back(LLVMType(ft));
    at = l.offsets[i] + Sizeof(ft);
  }
  pad(Sizeof(u) - at);
  l.type = llvm::StructType::get(ctx, elems, /*isPacked=*/true);
  // The packed type must be gc's layout exactly.
  const llvm::StructLayout *sl = module->getDataLayout().getStructLayout(l.type);
  TALPA_CHECK(static_cast<int64_t>(sl->getSizeInBytes()) == Sizeof(u),
              "struct storage size differs from gc's");
  for (size_t i = 0; i < l.index.size(); ++i)
    TALPA_CHECK(static_cast<int64_t>(sl->getElementOffset(l.index[i])) == l.offsets[i],
                "struct field offset differs from gc's");
  return layouts_.emplace(u.index, std::move(l)).first->second;
}

llvm::Type *ModuleContext::LLVMType(TypeId t) {
  if (T.IsTuple(t)) {
    std::vector<llvm::Type *> elems;
    for (uint32_t i = 0; i < T.TupleLen(t); ++i)
      elems.push_back(LLVMType(T.TupleAt(t, i)));
    return llvm::StructType::get(ctx, elems);
  }
  auto it = types_.find(t.index);
  if (it != types_.end()) return it->second;
  TypeId u = T.Under(T.Default(t));
  llvm::Type *r = nullptr;
  switch (u ? T.KindOf(u) : types::TypeKind::Basic) {
  case types::TypeKind::Pointer:
  case types::TypeKind::Map:
  case types::TypeKind::Chan:
  case types::TypeKind::Signature:
    r = ptrTy;
    break;
  case types::TypeKind::Slice:
    r = sliceTy;
    break;
  case types::TypeKind::Interface:
    r = llvm::StructType::get(ctx, {ptrTy, ptrTy});
    break;
  case types::TypeKind::Array: {
    // Pointer targets may be larger than any object ([1<<40]byte); an array type that
    // large is only ever addressed, never allocated.
    int64_t n = T.ArrayLen(u);
    r = llvm::ArrayType::get(LLVMType(T.Elem(u)), n < 0 ? 0 : static_cast<uint64_t>(n));
    break;
  }
  case types::TypeKind::Struct:
    r = Layout(u).type;
    break;
  default:
    switch (T.Kind(u)) {
    case BasicKind::Bool:
      r = llvm::Type::getInt1Ty(ctx);
      break;
    case BasicKind::Int8:
    case BasicKind::Uint8:
      r = llvm::Type::getInt8Ty(ctx);
      break;
    case BasicKind::Int16:
    case BasicKind::Uint16:
      r = llvm::Type::getInt16Ty(ctx);
      break;
    case BasicKind::Int32:
    case BasicKind::Uint32:
      r = llvm::Type::getInt32Ty(ctx);
      break;
    case BasicKind::Uintptr:
      r = intptrTy;
      break;
    case BasicKind::Float32:
      r = llvm::Type::getFloatTy(ctx);
      break;
    case BasicKind::Float64:
      r = llvm::Type::getDoubleTy(ctx);
      break;
    case BasicKind::Complex64:
      r = llvm::StructType::get(ctx, {llvm::Type::getFloatTy(ctx), llvm::Type::getFloatTy(ctx)});
      break;
    case BasicKind::Complex128:
      r = llvm::StructType::get(ctx, {llvm::Type::getDoubleTy(ctx), llvm::Type::getDoubleTy(ctx)});
      break;
    case BasicKind::String:
      r = stringTy;
      break;
    case BasicKind::UnsafePointer:
    case BasicKind::UntypedNil:
      r = ptrTy;
      break;
    default: // int, int64, uint, uint64; unreachable others for checked programs
      r = llvm::Type::getInt64Ty(ctx);
      break;
    }
  }
  types_[t.index] = r;
  return r;
}

bool ModuleContext::ResultsInMemory(TypeId sig) {
  TypeId results = T.Results(sig);
  for (uint32_t i = 0; i < T.TupleLen(results); ++i)
    if (IsMemory(T.TupleAt(results, i))) return true;
  return false;
}

llvm::Type *ModuleContext::ResultsType(TypeId sig) {
  TypeId results = T.Results(sig);
  if (T.TupleLen(results) == 1) return LLVMType(T.TupleAt(results, 0));
  return LLVMType(results);
}

llvm::Type *ModuleContext::ResultType(TypeId sig) {
  if (T.TupleLen(T.Results(sig)) == 0 || ResultsInMemory(sig)) return llvm::Type::getVoidTy(ctx);
  return ResultsType(sig); // several results: returned as one struct value
}

llvm::FunctionType *ModuleContext::FuncType(TypeId sig) {
  std::vector<llvm::Type *> params;
  if (ResultsInMemory(sig)) params.push_back(ptrTy);
  TypeId p = T.Params(sig);
  for (uint32_t i = 0; i < T.TupleLen(p); ++i) {
    TypeId pt = T.TupleAt(p, i);
    params.push_back(IsMemory(pt) ? ptrTy : LLVMType(pt));
  }
  return llvm::FunctionType::get(ResultType(sig), params, false);
}

} // namespace talpa::lower
