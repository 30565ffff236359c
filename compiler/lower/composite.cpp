// Composite literals. A struct or array literal is built in its destination: a temporary,
// a heap object (&T{...}, elided &T elements) or a variable being declared, which the
// element expressions cannot see, so no copy of the whole value is needed. The storage
// is zeroed first unless it is fresh heap memory, then the elements are evaluated and
// stored in source order (keyed struct fields by the checker's field object, keyed array
// elements by their constant index). A literal whose elements are all constants (nested
// literals included) is static data instead: a private constant global copied with one
// memcpy. A slice literal allocates its backing array [n]T on the heap, n being the
// highest index plus one. Package variables whose initializer is static get it as their
// global's initial value; a static slice literal there points at a writable global array
// and &T{...} at a global object, as gc's static initialization does.
#include "compiler/lower/context.h"

namespace talpa::lower {

namespace {

// A literal's elements with their indices: field numbers for structs, element indices
// for arrays and slices.
struct Element {
  int64_t index;
  NodeId value;
};

// Arrays with more elements than this are never made into constant data.
constexpr int64_t kMaxStaticElems = 1 << 16;

} // namespace

static std::vector<Element> Elements(FunctionContext &fc, NodeId e, TypeId u) {
  const syntax::File &f = fc.F();
  std::vector<Element> out;
  syntax::NodeList elts = f.ListBC(e);
  bool isStruct = fc.T.KindOf(u) == types::TypeKind::Struct;
  int64_t next = 0;
  for (uint32_t i = 0; i < elts.count; ++i) {
    NodeId el = f.At(elts, i);
    NodeId value = el;
    int64_t index = next;
    if (f.Kind(el) == NodeKind::KeyValueExpr) {
      value = f.B(el);
      NodeId key = f.A(el);
      if (isStruct) {
        ObjectId fld = fc.Info(key).object;
        const std::vector<ObjectId> &fields = fc.T.Struct(u).fields;
        for (size_t k = 0; k < fields.size(); ++k)
          if (fields[k] == fld) index = static_cast<int64_t>(k);
      } else {
        index = static_cast<int64_t>(fc.pkg.Constant(fc.Info(key).value).ToInt().Uint64());
      }
    }
    out.push_back({index, value});
    next = index + 1;
  }
  return out;
}

// The element type of array/slice type u, or field `index`'s type of struct type u.
static TypeId ElemType(const types::Universe &T, TypeId u, int64_t index) {
  if (T.KindOf(u) == types::TypeKind::Struct)
    return T.Obj(T.Struct(u).fields[static_cast<size_t>(index)]).type;
  return T.Elem(u);
}

llvm::Constant *FunctionContext::StaticValue(NodeId e, TypeId t) {
  const syntax::File &f = F();
  e = f.Unparen(e);
  const types::ExprInfo &info = Info(e);
  if (info.mode == types::Mode::Constant) {
    if (IsMemory(t) || T.IsInterface(t)) return nullptr;
    return llvm::dyn_cast<llvm::Constant>(ConstantValue(pkg.Constant(info.value), t));
  }
  if (f.Kind(e) == NodeKind::Name && info.object &&
      pkg.Obj(info.object).kind == types::ObjectKind::Nil)
    return llvm::Constant::getNullValue(m.LLVMType(t));
  if (T.KindOf(T.Under(t)) == types::TypeKind::Signature) return StaticFuncValue(e); // closure.cpp
  // A struct or array literal, or a slice literal as its backing array's value.
  if (f.Kind(e) != NodeKind::CompositeLit || !IsMemory(t)) return nullptr;
  if (!IsMemory(TypeOf(e)) && T.KindOf(T.Under(TypeOf(e))) != types::TypeKind::Slice)
    return nullptr;
  TypeId u = T.Under(t);
  if (T.KindOf(u) == types::TypeKind::Array && T.ArrayLen(u) > kMaxStaticElems) return nullptr;
  std::vector<Element> elems = Elements(*this, e, u);
  std::vector<llvm::Constant *> parts;
  if (T.KindOf(u) == types::TypeKind::Struct)
    parts.resize(T.Struct(u).fields.size());
  else
    parts.resize(static_cast<size_t>(T.ArrayLen(u)));
  for (const Element &el : elems) {
    llvm::Constant *c = StaticValue(el.value, ElemType(T, u, el.index));
    if (!c) return nullptr;
    parts[static_cast<size_t>(el.index)] = c;
  }
  for (size_t i = 0; i < parts.size(); ++i)
    if (!parts[i])
      parts[i] = llvm::Constant::getNullValue(m.LLVMType(ElemType(T, u, static_cast<int64_t>(i))));
  if (T.KindOf(u) == types::TypeKind::Array)
    return llvm::ConstantArray::get(llvm::cast<llvm::ArrayType>(m.LLVMType(u)), parts);
  const ModuleContext::StructLayout &l = m.Layout(u);
  std::vector<llvm::Constant *> fields;
  for (unsigned i = 0; i < l.type->getNumElements(); ++i)
    fields.push_back(llvm::Constant::getNullValue(l.type->getElementType(i)));
  for (size_t i = 0; i < parts.size(); ++i)
    fields[l.index[i]] = parts[i];
  return llvm::ConstantStruct::get(l.type, fields);
}

llvm::Constant *FunctionContext::StaticInit(NodeId e, TypeId t) {
  if (llvm::Constant *c = StaticValue(e, t)) return c;
  const syntax::File &f = F();
  NodeId x = f.Unparen(e);
  bool addr = false;
  if (f.Kind(x) == NodeKind::Operation && !f.B(x) && static_cast<TK>(f[x].op) == TK::And &&
      f.Kind(f.Unparen(f.A(x))) == NodeKind::CompositeLit) {
    x = f.Unparen(f.A(x));
    addr = true;
  }
  if (f.Kind(x) != NodeKind::CompositeLit) return nullptr;
  TypeId lt = TypeOf(x);
  TypeId u = T.Under(lt);
  auto global = [&](llvm::Constant *init, const char *name) {
    auto *g = new llvm::GlobalVariable(*m.module, init->getType(), false,
                                       llvm::GlobalValue::InternalLinkage, init, name);
    return g;
  };
  if (addr && IsMemory(lt)) {
    // &T{...}: a global object.
    llvm::Constant *c = StaticValue(x, lt);
    if (!c) return nullptr;
    llvm::GlobalVariable *g = global(c, "stmp");
    g->setAlignment(llvm::Align(static_cast<uint64_t>(m.Alignof(lt))));
    return g;
  }
  if (addr || T.KindOf(u) != types::TypeKind::Slice) return nullptr;
  // A slice literal: its backing array as a writable global.
  std::vector<Element> elems = Elements(*this, x, u);
  int64_t n = 0;
  for (const Element &el : elems)
    n = std::max(n, el.index + 1);
  if (n == 0 || n > kMaxStaticElems) return nullptr;
  TypeId elem = T.Elem(u);
  std::vector<llvm::Constant *> parts(static_cast<size_t>(n));
  for (const Element &el : elems) {
    llvm::Constant *c = StaticValue(el.value, elem);
    if (!c) return nullptr;
    parts[static_cast<size_t>(el.index)] = c;
  }
  llvm::Type *et = m.LLVMType(elem);
  for (llvm::Constant *&c : parts)
    if (!c) c = llvm::Constant::getNullValue(et);
  llvm::GlobalVariable *g = global(
      llvm::ConstantArray::get(llvm::ArrayType::get(et, static_cast<uint64_t>(n)), parts), "sarr");
  g->setAlignment(llvm::Align(static_cast<uint64_t>(m.Alignof(elem))));
  llvm::Constant *len = b.getInt64(n);
  return llvm::ConstantStruct::get(m.sliceTy, {g, len, len});
}

void FunctionContext::InitComposite(NodeId e, TypeId t, llvm::Value *dst, bool zeroed) {
  const syntax::File &f = F();
  e = f.Unparen(e);
  if (llvm::Constant *c = StaticValue(e, t)) {
    auto *g = new llvm::GlobalVariable(*m.module, c->getType(), true,
                                       llvm::GlobalValue::PrivateLinkage, c, "lit");
    g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    g->setAlignment(llvm::Align(static_cast<uint64_t>(m.Alignof(t))));
    StoreValue(dst, g, t);
    return;
  }
  TypeId u = T.Under(t);
  if (!zeroed) ZeroValue(dst, t);
  bool isStruct = T.KindOf(u) == types::TypeKind::Struct;
  for (const Element &el : Elements(*this, e, u)) {
    TypeId et = ElemType(T, u, el.index);
    llvm::Value *addr = isStruct ? FieldGEP(dst, u, static_cast<unsigned>(el.index))
                                 : ElemGEP(et, dst, b.getInt64(el.index));
    NodeId v = f.Unparen(el.value);
    if (f.Kind(v) == NodeKind::CompositeLit && IsMemory(TypeOf(v))) {
      InitComposite(v, TypeOf(v), addr, true);
      continue;
    }
    if (Info(v).mode == types::Mode::Constant && !IsMemory(et)) {
      // Zero constants are already there.
      llvm::Value *c = ConstantValue(pkg.Constant(Info(v).value), et);
      if (auto *k = llvm::dyn_cast<llvm::Constant>(c); k && k->isNullValue()) continue;
      StoreValue(addr, c, et);
      continue;
    }
    ExprInto(v, addr, et);
  }
}

llvm::Value *FunctionContext::CompositeLit(NodeId e) {
  TypeId t = TypeOf(e);
  TypeId u = T.Under(t);
  switch (T.KindOf(u)) {
  case types::TypeKind::Pointer: {
    // An element literal with its &T elided.
    TypeId elem = T.Elem(u);
    llvm::Value *p = NewObject(elem);
    InitComposite(e, elem, p, true);
    return p;
  }
  case types::TypeKind::Slice: {
    TypeId elem = T.Elem(u);
    int64_t n = 0;
    for (const Element &el : Elements(*this, e, u))
      n = std::max(n, el.index + 1);
    TypeId arrayType = pkg.types.NewArray(elem, n);
    llvm::Value *p = NewObject(arrayType);
    if (n > 0) InitComposite(e, arrayType, p, true);
    return MakeSlice(p, b.getInt64(n), b.getInt64(n));
  }
  default: {
    llvm::AllocaInst *tmp = Temp(t, "lit");
    InitComposite(e, t, tmp, false);
    return tmp;
  }
  }
}

} // namespace talpa::lower
