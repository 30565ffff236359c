// The type table: basic types at fixed ids, tuples and signatures appended (and shared
// where identical, so TypeId equality is type identity for them).
#include "compiler/types/type.h"

namespace talpa::types {

TypeTable::TypeTable() {
  for (int k = 0; k < static_cast<int>(BasicKind::Count); ++k)
    data_.push_back(TypeData{TypeKind::Basic, static_cast<BasicKind>(k), false, 0, 0});
}

TypeId TypeTable::Tuple(const std::vector<TypeId> &elems) {
  std::vector<uint32_t> key{static_cast<uint32_t>(TypeKind::Tuple)};
  for (TypeId e : elems)
    key.push_back(e.index);
  auto it = interned_.find(key);
  if (it != interned_.end()) return it->second;
  uint32_t start = static_cast<uint32_t>(lists_.size());
  lists_.insert(lists_.end(), elems.begin(), elems.end());
  data_.push_back(TypeData{TypeKind::Tuple, BasicKind::Invalid, false, start,
                           static_cast<uint32_t>(elems.size())});
  TypeId id{static_cast<uint32_t>(data_.size() - 1)};
  interned_.emplace(std::move(key), id);
  return id;
}

TypeId TypeTable::Signature(TypeId params, TypeId results, bool variadic) {
  std::vector<uint32_t> key{static_cast<uint32_t>(TypeKind::Signature), params.index, results.index,
                            variadic ? 1u : 0u};
  auto it = interned_.find(key);
  if (it != interned_.end()) return it->second;
  data_.push_back(
      TypeData{TypeKind::Signature, BasicKind::Invalid, variadic, params.index, results.index});
  TypeId id{static_cast<uint32_t>(data_.size() - 1)};
  interned_.emplace(std::move(key), id);
  return id;
}

BasicKind TypeTable::Kind(TypeId t) const {
  const TypeData &d = data_[t.index];
  if (d.kind != TypeKind::Basic) return BasicKind::Invalid;
  if (d.basic == BasicKind::Byte) return BasicKind::Uint8;
  if (d.basic == BasicKind::Rune) return BasicKind::Int32;
  return d.basic;
}

bool TypeTable::Identical(TypeId a, TypeId b) const {
  if (a == b) return true;
  if (IsBasic(a) && IsBasic(b)) return Kind(a) == Kind(b) && Kind(a) != BasicKind::Invalid;
  return false; // tuples and signatures are interned
}

bool TypeTable::IsBoolean(TypeId t) const {
  BasicKind k = Kind(t);
  return k == BasicKind::Bool || k == BasicKind::UntypedBool;
}
bool TypeTable::IsInteger(TypeId t) const {
  BasicKind k = Kind(t);
  return (k >= BasicKind::Int && k <= BasicKind::Uintptr) || k == BasicKind::UntypedInt ||
         k == BasicKind::UntypedRune;
}
bool TypeTable::IsUnsigned(TypeId t) const {
  BasicKind k = Kind(t);
  return k >= BasicKind::Uint && k <= BasicKind::Uintptr;
}
bool TypeTable::IsFloat(TypeId t) const {
  BasicKind k = Kind(t);
  return k == BasicKind::Float32 || k == BasicKind::Float64 || k == BasicKind::UntypedFloat;
}
bool TypeTable::IsComplex(TypeId t) const {
  BasicKind k = Kind(t);
  return k == BasicKind::Complex64 || k == BasicKind::Complex128 || k == BasicKind::UntypedComplex;
}
bool TypeTable::IsNumeric(TypeId t) const { return IsInteger(t) || IsFloat(t) || IsComplex(t); }
bool TypeTable::IsString(TypeId t) const {
  BasicKind k = Kind(t);
  return k == BasicKind::String || k == BasicKind::UntypedString;
}
bool TypeTable::IsUntyped(TypeId t) const {
  BasicKind k = Kind(t);
  return k >= BasicKind::UntypedBool && k <= BasicKind::UntypedNil;
}

unsigned TypeTable::Size(TypeId t) const {
  switch (Kind(t)) {
  case BasicKind::Bool:
  case BasicKind::Int8:
  case BasicKind::Uint8:
    return 1;
  case BasicKind::Int16:
  case BasicKind::Uint16:
    return 2;
  case BasicKind::Int32:
  case BasicKind::Uint32:
  case BasicKind::Float32:
    return 4;
  case BasicKind::Int:
  case BasicKind::Int64:
  case BasicKind::Uint:
  case BasicKind::Uint64:
  case BasicKind::Uintptr:
  case BasicKind::Float64:
  case BasicKind::Complex64:
  case BasicKind::UnsafePointer:
    return 8;
  case BasicKind::Complex128:
  case BasicKind::String:
    return 16;
  default:
    return 0;
  }
}

TypeId TypeTable::Default(TypeId t) const {
  switch (Kind(t)) {
  case BasicKind::UntypedBool:
    return Basic(BasicKind::Bool);
  case BasicKind::UntypedInt:
    return Basic(BasicKind::Int);
  case BasicKind::UntypedRune:
    return Basic(BasicKind::Rune);
  case BasicKind::UntypedFloat:
    return Basic(BasicKind::Float64);
  case BasicKind::UntypedComplex:
    return Basic(BasicKind::Complex128);
  case BasicKind::UntypedString:
    return Basic(BasicKind::String);
  default:
    return t;
  }
}

std::string TypeTable::String(TypeId t) const {
  static const char *const kNames[] = {"invalid type",
                                       "bool",
                                       "int",
                                       "int8",
                                       "int16",
                                       "int32",
                                       "int64",
                                       "uint",
                                       "uint8",
                                       "uint16",
                                       "uint32",
                                       "uint64",
                                       "uintptr",
                                       "float32",
                                       "float64",
                                       "complex64",
                                       "complex128",
                                       "string",
                                       "unsafe.Pointer",
                                       "untyped bool",
                                       "untyped int",
                                       "untyped rune",
                                       "untyped float",
                                       "untyped complex",
                                       "untyped string",
                                       "untyped nil",
                                       "byte",
                                       "rune"};
  const TypeData &d = data_[t.index];
  switch (d.kind) {
  case TypeKind::Basic:
    return kNames[static_cast<int>(d.basic)];
  case TypeKind::Tuple: {
    std::string s = "(";
    for (uint32_t i = 0; i < d.count; ++i) {
      if (i) s += ", ";
      s += String(lists_[d.start + i]);
    }
    return s + ")";
  }
  case TypeKind::Signature: {
    TypeId params{d.start}, results{d.count};
    std::string s = "func(";
    for (uint32_t i = 0; i < TupleLen(params); ++i) {
      if (i) s += ", ";
      if (d.variadic && i + 1 == TupleLen(params)) s += "...";
      s += String(TupleAt(params, i));
    }
    s += ")";
    if (TupleLen(results) == 1)
      s += " " + String(TupleAt(results, 0));
    else if (TupleLen(results) > 1)
      s += " " + String(results);
    return s;
  }
  }
  return "?";
}

} // namespace talpa::types
