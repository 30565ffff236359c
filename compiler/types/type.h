// Go types in flat storage: a TypeTable of TypeData addressed by TypeId.
#ifndef TALPA_TYPES_TYPE_H
#define TALPA_TYPES_TYPE_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace talpa::types {

struct TypeId {
  uint32_t index = 0; // 0 is the invalid type
  explicit operator bool() const { return index != 0; }
  friend bool operator==(TypeId a, TypeId b) { return a.index == b.index; }
  friend bool operator!=(TypeId a, TypeId b) { return a.index != b.index; }
};

// Basic types in types2's order; a basic type's TypeId index is its BasicKind.
enum class BasicKind : uint8_t {
  Invalid,
  Bool,
  Int,
  Int8,
  Int16,
  Int32,
  Int64,
  Uint,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Uintptr,
  Float32,
  Float64,
  Complex64,
  Complex128,
  String,
  UnsafePointer,
  UntypedBool,
  UntypedInt,
  UntypedRune,
  UntypedFloat,
  UntypedComplex,
  UntypedString,
  UntypedNil,
  Byte,
  Rune, // aliases of Uint8 and Int32 that keep their names in messages
  Count
};

enum class TypeKind : uint8_t { Basic, Tuple, Signature };

struct TypeData {
  TypeKind kind;
  BasicKind basic; // Basic
  bool variadic;   // Signature
  uint32_t start;  // Tuple: elements in TypeTable::lists; Signature: params tuple
  uint32_t count;  // Tuple: element count; Signature: results tuple
};

class TypeTable {
public:
  TypeTable();
  static TypeId Basic(BasicKind k) { return TypeId{static_cast<uint32_t>(k)}; }
  TypeId Tuple(const std::vector<TypeId> &elems);
  TypeId Signature(TypeId params, TypeId results, bool variadic);

  const TypeData &operator[](TypeId t) const { return data_[t.index]; }
  bool IsBasic(TypeId t) const { return data_[t.index].kind == TypeKind::Basic; }
  // The basic kind with byte/rune folded into uint8/int32 (Invalid if not basic).
  BasicKind Kind(TypeId t) const;
  bool IsTuple(TypeId t) const { return data_[t.index].kind == TypeKind::Tuple; }
  bool IsSignature(TypeId t) const { return data_[t.index].kind == TypeKind::Signature; }
  uint32_t TupleLen(TypeId t) const { return data_[t.index].count; }
  TypeId TupleAt(TypeId t, uint32_t i) const { return lists_[data_[t.index].start + i]; }
  TypeId Params(TypeId sig) const { return TypeId{data_[sig.index].start}; }
  TypeId Results(TypeId sig) const { return TypeId{data_[sig.index].count}; }

  bool Identical(TypeId a, TypeId b) const;
  bool IsBoolean(TypeId t) const;
  bool IsInteger(TypeId t) const;
  bool IsUnsigned(TypeId t) const;
  bool IsFloat(TypeId t) const;
  bool IsComplex(TypeId t) const;
  bool IsNumeric(TypeId t) const;
  bool IsString(TypeId t) const;
  bool IsUntyped(TypeId t) const;
  bool IsOrdered(TypeId t) const { return IsInteger(t) || IsFloat(t) || IsString(t); }
  bool IsConstType(TypeId t) const { return IsBoolean(t) || IsNumeric(t) || IsString(t); }
  // Size in bytes of a basic type on a 64-bit target (0 for untyped).
  unsigned Size(TypeId t) const;
  // The default type of an untyped type (int for untyped int, ...); t otherwise.
  TypeId Default(TypeId t) const;
  // types2's TypeString: "int", "untyped int", "func(a int) string", "(int, string)".
  std::string String(TypeId t) const;

private:
  std::vector<TypeData> data_;
  std::vector<TypeId> lists_;
  // Interning of composite types, so that identical tuples/signatures share one id.
  std::map<std::vector<uint32_t>, TypeId> interned_;
};

} // namespace talpa::types

#endif // TALPA_TYPES_TYPE_H
