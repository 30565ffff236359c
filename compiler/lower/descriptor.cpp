// Type descriptors: one abi::_type per Go type the program needs at run time (today: the
// types the heap holds), emitted as constant data with a deterministic linkonce_odr
// symbol "type:<string>" so that packages that each need a type share one copy. The
// header's fields follow abi.h (gc 1.19's _type): size, ptrdata and the gcdata pointer
// bitmap (exact: the collector scans heap objects with them), hash (FNV-1a of the type
// string), tflag (Named; RegularMemory as gc's AlgType AMEM), align, kind (with
// DirectIface for pointer-shaped types), str (the type as gc's runtime prints it). The
// kinds with elements extend it as abi.h's ptrtype, slicetype, arraytype and structtype
// (with its structfield table), interfacetype (with its imethods), chantype and
// functype (parameter and result types); equal (the
// runtime's or a generated function) and uncommon (the method set) come from iface.cpp.
// Layouts are checked against abi.h when the LLVM types are made.
#include <cstddef>

#include "compiler/base/check.h"
#include "compiler/lower/context.h"
#include "compiler/syntax/scanner.h"
#include "talpa/abi.h"
#include "llvm/TargetParser/Triple.h"

namespace talpa::lower {

namespace {

uint32_t Fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

} // namespace

// The type as gc's runtime spells it (reflect's Type.String): package names qualify named
// types, byte and rune are uint8 and int32, and composite types are written with gc's
// spacing ("struct { x int; y string }", "func(int) string", "interface {}").
std::string ModuleContext::TypeString(TypeId t) {
  t = T.Default(t);
  std::string out;
  switch (T.KindOf(t)) {
  case types::TypeKind::Basic:
    switch (T.Kind(t)) {
    case BasicKind::UnsafePointer:
      return "unsafe.Pointer";
    default:
      return T.String(types::Universe::Basic(T.Kind(t)));
    }
  case types::TypeKind::Named: {
    const types::Object &o = T.Obj(T.Named(t).obj);
    if (t == T.errorType) return "error";
    std::string name(o.name);
    if (o.pkg) name = o.pkg->name + "." + name;
    // An instance of a generic type, as gc spells it: main.Pair[int,string].
    const std::vector<TypeId> &args = T.Named(t).typeArgs;
    for (size_t i = 0; i < args.size(); ++i)
      name += (i ? "," : "[") + TypeString(args[i]) + (i + 1 == args.size() ? "]" : "");
    return name;
  }
  case types::TypeKind::Pointer:
    return "*" + TypeString(T.Elem(t));
  case types::TypeKind::Slice:
    return "[]" + TypeString(T.Elem(t));
  case types::TypeKind::Array:
    return "[" + std::to_string(T.ArrayLen(t)) + "]" + TypeString(T.Elem(t));
  case types::TypeKind::Map:
    return "map[" + TypeString(T.Key(t)) + "]" + TypeString(T.MapElem(t));
  case types::TypeKind::Chan:
    switch (T.Dir(t)) {
    case types::ChanDir::Send:
      return "chan<- " + TypeString(T.Elem(t));
    case types::ChanDir::Recv:
      return "<-chan " + TypeString(T.Elem(t));
    case types::ChanDir::Both: {
      TypeId e = T.Elem(t);
      if (T.KindOf(e) == types::TypeKind::Chan && T.Dir(e) == types::ChanDir::Recv)
        return "chan (" + TypeString(e) + ")";
      return "chan " + TypeString(e);
    }
    }
    return "chan";
  case types::TypeKind::Struct: {
    const types::StructInfo &s = T.Struct(t);
    if (s.fields.empty()) return "struct {}";
    out = "struct {";
    for (size_t i = 0; i < s.fields.size(); ++i) {
      if (i) out += ";";
      out += " ";
      const types::Object &f = T.Obj(s.fields[i]);
      if (!f.embedded) out += std::string(f.name) + " ";
      out += TypeString(f.type);
      if (!types::TagValue(s, i).empty()) out += " " + types::QuoteTag(s.tags[i]);
    }
    return out + " }";
  }
  case types::TypeKind::Signature: {
    const types::SignatureInfo &sig = T.Sig(t);
    out = "func(";
    for (uint32_t i = 0; i < T.TupleLen(sig.params); ++i) {
      if (i) out += ", ";
      TypeId p = T.TupleAt(sig.params, i);
      if (sig.variadic && i + 1 == T.TupleLen(sig.params))
        out += "..." + TypeString(T.Elem(p));
      else
        out += TypeString(p);
    }
    out += ")";
    uint32_t n = T.TupleLen(sig.results);
    if (n == 1) out += " " + TypeString(T.TupleAt(sig.results, 0));
    if (n > 1) {
      out += " (";
      for (uint32_t i = 0; i < n; ++i)
        out += (i ? ", " : "") + TypeString(T.TupleAt(sig.results, i));
      out += ")";
    }
    return out;
  }
  case types::TypeKind::Interface: {
    const types::InterfaceInfo &info = T.TypeSet(t);
    if (info.allMethods.empty()) return "interface {}";
    out = "interface {";
    for (size_t i = 0; i < info.allMethods.size(); ++i) {
      if (i) out += ";";
      const types::Object &mo = T.Obj(info.allMethods[i]);
      std::string sig = TypeString(mo.type);
      out += " " + std::string(mo.name) + sig.substr(4); // without "func"
    }
    return out + " }";
  }
  default:
    return T.String(t);
  }
}

// The descriptor's symbol: "type:" and the type string, where a type declared inside a
// function gets "·N" (N counting such declarations of the package in the order the
// lowering meets them) as gc does, since two functions may declare types of one name.
std::string ModuleContext::TypeSymbol(TypeId t) {
  t = T.Default(t);
  std::string s = TypeString(t);
  std::string suffix;
  // Every named type inside t that is local to a function makes the string ambiguous.
  std::vector<TypeId> work{t};
  std::vector<TypeId> seen;
  while (!work.empty()) {
    TypeId x = work.back();
    work.pop_back();
    if (std::find(seen.begin(), seen.end(), x) != seen.end()) continue;
    seen.push_back(x);
    switch (T.KindOf(x)) {
    case types::TypeKind::Named: {
      const types::Object &o = T.Obj(T.Named(x).obj);
      if (!o.packageLevel && o.pkg) {
        auto it = localTypeSuffix_.find(x.index);
        if (it == localTypeSuffix_.end())
          it = localTypeSuffix_.insert({x.index, "·" + std::to_string(localTypeSuffix_.size() + 1)})
                   .first;
        suffix += it->second;
      }
      for (TypeId a : T.Named(x).typeArgs)
        work.push_back(a);
      break;
    }
    case types::TypeKind::Pointer:
    case types::TypeKind::Slice:
    case types::TypeKind::Array:
    case types::TypeKind::Chan:
      work.push_back(T.Elem(x));
      break;
    case types::TypeKind::Map:
      work.push_back(T.Key(x));
      work.push_back(T.MapElem(x));
      break;
    case types::TypeKind::Struct:
      for (ObjectId f : T.Struct(x).fields) {
        work.push_back(T.Obj(f).type);
        // Unexported field names belong to their package: struct{ x int } of two
        // packages are two types.
        const types::Object &fo = T.Obj(f);
        std::string qual = fo.pkg ? "@" + fo.pkg->path : "";
        if (!syntax::IsExported(fo.name) && fo.pkg && suffix.find(qual) == std::string::npos)
          suffix += qual;
      }
      break;
    default:
      break;
    }
  }
  return "type:" + s + suffix;
}

// PointerWords sets words[(offset + o) / 8] for each pointer word o of a value of type t
// at `offset`. Interfaces hold two pointers; strings and slices one, their first word.
void ModuleContext::PointerWords(TypeId t, int64_t offset, std::vector<bool> &words) {
  TypeId u = T.Under(T.Default(t));
  auto set = [&](int64_t at) {
    size_t w = static_cast<size_t>(at / 8);
    if (w >= words.size()) words.resize(w + 1);
    words[w] = true;
  };
  switch (T.KindOf(u)) {
  case types::TypeKind::Pointer:
  case types::TypeKind::Map:
  case types::TypeKind::Chan:
  case types::TypeKind::Signature:
  case types::TypeKind::Slice:
    set(offset);
    return;
  case types::TypeKind::Interface:
    set(offset);
    set(offset + 8);
    return;
  case types::TypeKind::Array: {
    TypeId e = T.Elem(u);
    if (PtrData(e) == 0) return;
    int64_t size = Sizeof(e);
    for (int64_t i = 0; i < T.ArrayLen(u); ++i)
      PointerWords(e, offset + i * size, words);
    return;
  }
  case types::TypeKind::Struct: {
    const StructLayout &l = Layout(u);
    const types::StructInfo &s = T.Struct(u);
    for (size_t i = 0; i < s.fields.size(); ++i)
      PointerWords(T.Obj(s.fields[i]).type, offset + l.offsets[i], words);
    return;
  }
  case types::TypeKind::Basic:
    if (T.Kind(u) == BasicKind::String || T.Kind(u) == BasicKind::UnsafePointer) set(offset);
    return;
  default:
    return;
  }
}

int64_t ModuleContext::PtrData(TypeId t) {
  t = T.Default(t);
  auto it = ptrdata_.find(t.index);
  if (it != ptrdata_.end()) return it->second;
  TypeId u = T.Under(t);
  int64_t r = 0;
  switch (T.KindOf(u)) {
  case types::TypeKind::Pointer:
  case types::TypeKind::Map:
  case types::TypeKind::Chan:
  case types::TypeKind::Signature:
  case types::TypeKind::Slice:
    r = 8;
    break;
  case types::TypeKind::Interface:
    r = 16;
    break;
  case types::TypeKind::Array: {
    int64_t n = T.ArrayLen(u);
    int64_t e = PtrData(T.Elem(u));
    if (n > 0 && e > 0) r = (n - 1) * Sizeof(T.Elem(u)) + e;
    break;
  }
  case types::TypeKind::Struct: {
    const types::StructInfo &s = T.Struct(u);
    const StructLayout &l = Layout(u);
    for (size_t i = 0; i < s.fields.size(); ++i) {
      int64_t p = PtrData(T.Obj(s.fields[i]).type);
      if (p > 0) r = l.offsets[i] + p;
    }
    break;
  }
  case types::TypeKind::Basic:
    if (T.Kind(u) == BasicKind::String || T.Kind(u) == BasicKind::UnsafePointer) r = 8;
    break;
  default:
    break;
  }
  ptrdata_[t.index] = r;
  return r;
}

namespace {

// gc's AlgType == AMEM: equality and hashing may treat the bytes as they are.
bool RegularMemory(ModuleContext &m, TypeId t) {
  const types::Universe &T = m.T;
  TypeId u = T.Under(t);
  switch (T.KindOf(u)) {
  case types::TypeKind::Basic:
    switch (T.Kind(u)) {
    case BasicKind::Float32:
    case BasicKind::Float64:
    case BasicKind::Complex64:
    case BasicKind::Complex128:
    case BasicKind::String:
      return false;
    default:
      return true;
    }
  case types::TypeKind::Pointer:
  case types::TypeKind::Chan:
    return true;
  case types::TypeKind::Array:
    return T.ArrayLen(u) == 0 ? T.Comparable(T.Elem(u)) : RegularMemory(m, T.Elem(u));
  case types::TypeKind::Struct: {
    const types::StructInfo &s = T.Struct(u);
    const ModuleContext::StructLayout &l = m.Layout(u);
    for (size_t i = 0; i < s.fields.size(); ++i) {
      const types::Object &f = T.Obj(s.fields[i]);
      if (!RegularMemory(m, f.type)) return false;
      if (s.fields.size() > 1 && f.name == "_") return false;
      int64_t end = i + 1 < s.fields.size() ? l.offsets[i + 1] : m.Sizeof(u);
      if (l.offsets[i] + m.Sizeof(f.type) != end) return false; // padded
    }
    return true;
  }
  default:
    return false;
  }
}

// Types whose value is one pointer: stored directly in an interface's data word.
bool DirectIface(const types::Universe &T, TypeId t) {
  TypeId u = T.Under(t);
  switch (T.KindOf(u)) {
  case types::TypeKind::Pointer:
  case types::TypeKind::Map:
  case types::TypeKind::Chan:
  case types::TypeKind::Signature:
    return true;
  case types::TypeKind::Basic:
    return T.Kind(u) == BasicKind::UnsafePointer;
  case types::TypeKind::Array:
    return T.ArrayLen(u) == 1 && DirectIface(T, T.Elem(u));
  case types::TypeKind::Struct: {
    const types::StructInfo &s = T.Struct(u);
    return s.fields.size() == 1 && DirectIface(T, T.Obj(s.fields[0]).type);
  }
  default:
    return false;
  }
}

uint8_t KindOf(const types::Universe &T, TypeId t) {
  namespace k = abi::kinds;
  TypeId u = T.Under(t);
  switch (T.KindOf(u)) {
  case types::TypeKind::Pointer:
    return k::Pointer;
  case types::TypeKind::Slice:
    return k::Slice;
  case types::TypeKind::Array:
    return k::Array;
  case types::TypeKind::Struct:
    return k::Struct;
  case types::TypeKind::Map:
    return k::Map;
  case types::TypeKind::Chan:
    return k::Chan;
  case types::TypeKind::Signature:
    return k::Func;
  case types::TypeKind::Interface:
    return k::Interface;
  default:
    break;
  }
  switch (T.Kind(u)) {
  case BasicKind::Bool:
    return k::Bool;
  case BasicKind::Int:
    return k::Int;
  case BasicKind::Int8:
    return k::Int8;
  case BasicKind::Int16:
    return k::Int16;
  case BasicKind::Int32:
    return k::Int32;
  case BasicKind::Int64:
    return k::Int64;
  case BasicKind::Uint:
    return k::Uint;
  case BasicKind::Uint8:
    return k::Uint8;
  case BasicKind::Uint16:
    return k::Uint16;
  case BasicKind::Uint32:
    return k::Uint32;
  case BasicKind::Uint64:
    return k::Uint64;
  case BasicKind::Uintptr:
    return k::Uintptr;
  case BasicKind::Float32:
    return k::Float32;
  case BasicKind::Float64:
    return k::Float64;
  case BasicKind::Complex64:
    return k::Complex64;
  case BasicKind::Complex128:
    return k::Complex128;
  case BasicKind::String:
    return k::String;
  case BasicKind::UnsafePointer:
    return k::UnsafePointer;
  default:
    return k::Invalid;
  }
}

// Checks an LLVM struct type against a struct of abi.h: its size and the offsets given.
void CheckAbi(const llvm::DataLayout &dl, llvm::StructType *t, size_t size,
              std::initializer_list<size_t> offsets, const char *what) {
  const llvm::StructLayout *l = dl.getStructLayout(t);
  TALPA_CHECK(l->getSizeInBytes() == size, what);
  unsigned i = 0;
  for (size_t o : offsets)
    TALPA_CHECK(l->getElementOffset(i++) == o, what);
}

} // namespace

llvm::StructType *ModuleContext::TypeHeaderType() {
  llvm::Type *i8 = llvm::Type::getInt8Ty(ctx), *i32 = llvm::Type::getInt32Ty(ctx);
  return llvm::StructType::get(
      ctx, {intptrTy, intptrTy, i32, i8, i8, i8, i8, ptrTy, ptrTy, ptrTy, ptrTy, ptrTy});
}

// The pointer bitmap, one bit per word, shared by every type with the same bits
// ("runtime.gcbits.<hex>"), or private to sym when longer than 32 bytes.
llvm::Constant *ModuleContext::GCData(const std::vector<bool> &words, const std::string &sym) {
  std::vector<uint8_t> bits((words.size() + 7) / 8);
  for (size_t i = 0; i < words.size(); ++i)
    if (words[i]) bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  std::string name = "runtime.gcbits.";
  static const char hex[] = "0123456789abcdef";
  if (bits.size() <= 32) {
    for (uint8_t byte : bits)
      name += {hex[byte >> 4], hex[byte & 15]};
  } else {
    name = sym + "..gcdata";
  }
  llvm::GlobalVariable *v = module->getGlobalVariable(name, true);
  if (!v) {
    v = new llvm::GlobalVariable(
        *module, llvm::ArrayType::get(llvm::Type::getInt8Ty(ctx), bits.size()), true,
        llvm::GlobalValue::LinkOnceODRLinkage, llvm::ConstantDataArray::get(ctx, bits), name);
    if (llvm::Triple(module->getTargetTriple()).supportsCOMDAT())
      v->setComdat(module->getOrInsertComdat(name));
    v->setAlignment(llvm::Align(1));
  }
  return v;
}

bool ModuleContext::IsRegularMemory(TypeId t) { return RegularMemory(*this, T.Default(t)); }

bool ModuleContext::IsDirectIface(TypeId t) { return DirectIface(T, T.Default(t)); }

llvm::Constant *ModuleContext::TypeDescriptor(TypeId t) {
  t = T.Default(t);
  if (T.KindOf(t) == types::TypeKind::Basic && T.Kind(t) != BasicKind::Invalid)
    t = types::Universe::Basic(T.Kind(t)); // byte is uint8
  std::string sym = TypeSymbol(t);
  auto it = descriptors_.find(sym);
  if (it != descriptors_.end()) return it->second;

  const llvm::DataLayout &dl = module->getDataLayout();
  llvm::Type *i8 = llvm::Type::getInt8Ty(ctx), *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type *uptr = intptrTy;
  using abi::_type;
  // abi::_type.
  llvm::StructType *typeTy = TypeHeaderType();
  CheckAbi(dl, typeTy, sizeof(_type),
           {offsetof(_type, size), offsetof(_type, ptrdata), offsetof(_type, hash),
            offsetof(_type, tflag), offsetof(_type, align), offsetof(_type, fieldAlign),
            offsetof(_type, kind), offsetof(_type, equal), offsetof(_type, gcdata),
            offsetof(_type, str), offsetof(_type, uncommon), offsetof(_type, ptrToThis)},
           "_type layout differs from runtime/include/talpa/abi.h");

  TypeId u = T.Under(t);
  types::TypeKind kind = T.KindOf(u);
  llvm::StructType *descTy = typeTy;
  switch (kind) {
  case types::TypeKind::Pointer:
  case types::TypeKind::Slice:
    descTy = llvm::StructType::get(ctx, {typeTy, ptrTy});
    CheckAbi(dl, descTy, sizeof(abi::ptrtype), {0, offsetof(abi::ptrtype, elem)},
             "ptrtype layout differs from abi.h");
    CheckAbi(dl, descTy, sizeof(abi::slicetype), {0, offsetof(abi::slicetype, elem)},
             "slicetype layout differs from abi.h");
    break;
  case types::TypeKind::Array:
    descTy = llvm::StructType::get(ctx, {typeTy, ptrTy, ptrTy, uptr});
    CheckAbi(dl, descTy, sizeof(abi::arraytype),
             {0, offsetof(abi::arraytype, elem), offsetof(abi::arraytype, slice),
              offsetof(abi::arraytype, len)},
             "arraytype layout differs from abi.h");
    break;
  case types::TypeKind::Interface:
    descTy = llvm::StructType::get(ctx, {typeTy, ptrTy, ptrTy, uptr});
    CheckAbi(dl, descTy, sizeof(abi::interfacetype),
             {0, offsetof(abi::interfacetype, pkgpath), offsetof(abi::interfacetype, methods),
              offsetof(abi::interfacetype, mcount)},
             "interfacetype layout differs from abi.h");
    break;
  case types::TypeKind::Struct:
    descTy = llvm::StructType::get(ctx, {typeTy, ptrTy, ptrTy, uptr});
    CheckAbi(dl, descTy, sizeof(abi::structtype),
             {0, offsetof(abi::structtype, pkgpath), offsetof(abi::structtype, fields),
              offsetof(abi::structtype, nfields)},
             "structtype layout differs from abi.h");
    break;
  case types::TypeKind::Map:
    descTy = MapDescriptorType(typeTy); // map.cpp
    break;
  case types::TypeKind::Chan:
    descTy = llvm::StructType::get(ctx, {typeTy, ptrTy, uptr});
    CheckAbi(dl, descTy, sizeof(abi::chantype),
             {0, offsetof(abi::chantype, elem), offsetof(abi::chantype, dir)},
             "chantype layout differs from abi.h");
    break;
  case types::TypeKind::Signature: {
    llvm::Type *i16 = llvm::Type::getInt16Ty(ctx);
    descTy = llvm::StructType::get(ctx, {typeTy, i16, i16, i32, ptrTy});
    CheckAbi(dl, descTy, sizeof(abi::functype),
             {0, offsetof(abi::functype, in_count), offsetof(abi::functype, out_count),
              offsetof(abi::functype, unused), offsetof(abi::functype, params)},
             "functype layout differs from abi.h");
    break;
  }
  default:
    break;
  }

  // The global first, so that recursive types (type T struct{ next *T }) find it.
  auto *g = new llvm::GlobalVariable(*module, descTy, true, llvm::GlobalValue::LinkOnceODRLinkage,
                                     nullptr, sym);
  g->setAlignment(llvm::Align(8));
  llvm::Triple triple(module->getTargetTriple());
  if (triple.supportsCOMDAT()) g->setComdat(module->getOrInsertComdat(sym));
  descriptors_[sym] = g;

  auto linkonce = [&](llvm::Constant *init, const std::string &name) {
    auto *v = new llvm::GlobalVariable(*module, init->getType(), true,
                                       llvm::GlobalValue::LinkOnceODRLinkage, init, name);
    if (triple.supportsCOMDAT()) v->setComdat(module->getOrInsertComdat(name));
    return v;
  };
  // A constant abi::stringStruct holding s.
  auto stringHeader = [&](const std::string &s, const std::string &name) -> llvm::Constant * {
    llvm::GlobalVariable *v = linkonce(StringConstant(s), name);
    v->setAlignment(llvm::Align(8));
    return v;
  };

  std::string str = TypeString(t);
  int64_t size = Sizeof(t), ptrdata = PtrData(t);
  llvm::Constant *gcdata = llvm::ConstantPointerNull::get(ptrTy);
  if (ptrdata > 0) {
    std::vector<bool> words;
    PointerWords(t, 0, words);
    gcdata = GCData(words, sym);
  }
  uint8_t tflag = 0;
  if (T.KindOf(t) == types::TypeKind::Named) tflag |= abi::tflags::Named;
  if (RegularMemory(*this, t)) tflag |= abi::tflags::RegularMemory;
  // Methods and equality (iface.cpp).
  llvm::Constant *uncommon = UncommonType(t, sym);
  if (!uncommon->isNullValue()) tflag |= abi::tflags::Uncommon;
  llvm::Constant *equal = EqualFunc(t);
  uint8_t k = KindOf(T, t);
  if (DirectIface(T, t)) k |= abi::kinds::DirectIface;
  auto align = static_cast<uint8_t>(Alignof(t));
  llvm::Constant *null = llvm::ConstantPointerNull::get(ptrTy);
  llvm::Constant *header = llvm::ConstantStruct::get(
      typeTy, {llvm::ConstantInt::get(uptr, static_cast<uint64_t>(size)),
               llvm::ConstantInt::get(uptr, static_cast<uint64_t>(ptrdata)),
               llvm::ConstantInt::get(i32, Fnv1a(sym)), llvm::ConstantInt::get(i8, tflag),
               llvm::ConstantInt::get(i8, align), llvm::ConstantInt::get(i8, align),
               llvm::ConstantInt::get(i8, k), equal, gcdata, stringHeader(str, sym + "..str"),
               uncommon, null});

  llvm::Constant *init = header;
  switch (kind) {
  case types::TypeKind::Pointer:
  case types::TypeKind::Slice:
    init = llvm::ConstantStruct::get(descTy, {header, TypeDescriptor(T.Elem(u))});
    break;
  case types::TypeKind::Array: {
    llvm::Constant *slice = null;
    init = llvm::ConstantStruct::get(
        descTy, {header, TypeDescriptor(T.Elem(u)), slice,
                 llvm::ConstantInt::get(uptr, static_cast<uint64_t>(T.ArrayLen(u)))});
    break;
  }
  case types::TypeKind::Struct: {
    // abi::structfield.
    llvm::StructType *fieldTy = llvm::StructType::get(ctx, {ptrTy, ptrTy, uptr, ptrTy, uptr});
    CheckAbi(dl, fieldTy, sizeof(abi::structfield),
             {offsetof(abi::structfield, name), offsetof(abi::structfield, typ),
              offsetof(abi::structfield, offset), offsetof(abi::structfield, tag),
              offsetof(abi::structfield, embedded)},
             "structfield layout differs from abi.h");
    const types::StructInfo &s = T.Struct(u);
    const StructLayout &l = Layout(u);
    std::vector<llvm::Constant *> fields;
    std::string pkgpath;
    for (size_t i = 0; i < s.fields.size(); ++i) {
      const types::Object &f = T.Obj(s.fields[i]);
      if (pkgpath.empty() && f.pkg && !syntax::IsExported(f.name)) pkgpath = f.pkg->path;
      std::string tag = types::TagValue(s, i);
      fields.push_back(llvm::ConstantStruct::get(
          fieldTy, {stringHeader(std::string(f.name), sym + "..f" + std::to_string(i)),
                    TypeDescriptor(f.type),
                    llvm::ConstantInt::get(uptr, static_cast<uint64_t>(l.offsets[i])),
                    tag.empty() ? null : stringHeader(tag, sym + "..tag" + std::to_string(i)),
                    llvm::ConstantInt::get(uptr, f.embedded ? 1 : 0)}));
    }
    llvm::Constant *table = null;
    if (!fields.empty()) {
      auto *arr = llvm::ConstantArray::get(llvm::ArrayType::get(fieldTy, fields.size()), fields);
      llvm::GlobalVariable *v = linkonce(arr, sym + "..fields");
      v->setAlignment(llvm::Align(8));
      table = v;
    }
    init = llvm::ConstantStruct::get(
        descTy, {header, pkgpath.empty() ? null : stringHeader(pkgpath, sym + "..pkgpath"), table,
                 llvm::ConstantInt::get(uptr, fields.size())});
    break;
  }
  case types::TypeKind::Interface:
    init =
        llvm::ConstantStruct::get(descTy, {header, null, IfaceMethodTable(t, sym),
                                           llvm::ConstantInt::get(uptr, IfaceMethods(t).size())});
    break;
  case types::TypeKind::Map:
    init = MapDescriptor(descTy, header, u); // map.cpp
    break;
  case types::TypeKind::Chan: {
    uint64_t dir = T.Dir(u) == types::ChanDir::Send   ? abi::chandir::Send
                   : T.Dir(u) == types::ChanDir::Recv ? abi::chandir::Recv
                                                      : abi::chandir::Both;
    init = llvm::ConstantStruct::get(
        descTy, {header, TypeDescriptor(T.Elem(u)), llvm::ConstantInt::get(uptr, dir)});
    break;
  }
  case types::TypeKind::Signature: {
    // abi::functype: the parameter types, then the result types (runtime.SetFinalizer
    // checks and calls a finalizer by them); out_count's top bit marks a variadic one.
    const types::SignatureInfo &sig = T.Sig(u);
    uint32_t nin = T.TupleLen(sig.params), nout = T.TupleLen(sig.results);
    std::vector<llvm::Constant *> params;
    for (uint32_t i = 0; i < nin; ++i)
      params.push_back(TypeDescriptor(T.TupleAt(sig.params, i)));
    for (uint32_t i = 0; i < nout; ++i)
      params.push_back(TypeDescriptor(T.TupleAt(sig.results, i)));
    llvm::Constant *table = null;
    if (!params.empty()) {
      auto *arr = llvm::ConstantArray::get(llvm::ArrayType::get(ptrTy, params.size()), params);
      llvm::GlobalVariable *v = linkonce(arr, sym + "..params");
      v->setAlignment(llvm::Align(8));
      table = v;
    }
    llvm::Type *i16 = llvm::Type::getInt16Ty(ctx);
    init = llvm::ConstantStruct::get(
        descTy, {header, llvm::ConstantInt::get(i16, nin),
                 llvm::ConstantInt::get(i16, nout | (sig.variadic ? 0x8000u : 0u)),
                 llvm::ConstantInt::get(i32, 0), table});
    break;
  }
  default:
    break;
  }
  g->setInitializer(init);
  return g;
}

} // namespace talpa::lower
