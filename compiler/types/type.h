// Go types and objects in flat storage shared by every package of one build: a Universe of
// TypeData addressed by TypeId and Objects addressed by ObjectId, with side tables for the
// kinds that carry more than two ids (structs, signatures, interfaces, named types, type
// parameters). Composite types with no identity of their own (pointer, slice, array, map,
// channel) are interned, so equal ids are identical types for them; the others are
// compared structurally (Identical).
#ifndef TALPA_TYPES_TYPE_H
#define TALPA_TYPES_TYPE_H

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/stable_vector.h"
#include "compiler/syntax/syntax.h"
#include "compiler/types/constant.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"

namespace talpa::types {

struct TypeId {
  uint32_t index = 0; // 0 is the invalid type
  explicit operator bool() const { return index != 0; }
  friend bool operator==(TypeId a, TypeId b) { return a.index == b.index; }
  friend bool operator!=(TypeId a, TypeId b) { return a.index != b.index; }
  friend bool operator<(TypeId a, TypeId b) { return a.index < b.index; }
};

struct ObjectId {
  uint32_t index = 0; // 0 is "no object"
  explicit operator bool() const { return index != 0; }
  friend bool operator==(ObjectId a, ObjectId b) { return a.index == b.index; }
  friend bool operator!=(ObjectId a, ObjectId b) { return a.index != b.index; }
  friend bool operator<(ObjectId a, ObjectId b) { return a.index < b.index; }
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

enum class TypeKind : uint8_t {
  Basic,     // sub = BasicKind
  Pointer,   // a = element
  Slice,     // a = element
  Array,     // a = element, b/c = length (low/high 32 bits; -1 while unknown)
  Map,       // a = key, b = element
  Chan,      // sub = ChanDir, a = element
  Struct,    // a = index into structs_
  Tuple,     // a = start in varLists_, b = count (Var objects)
  Signature, // a = index into signatures_
  Interface, // a = index into interfaces_
  Named,     // a = index into named_
  TypeParam, // a = index into typeParams_
  Union,     // a = start in terms_, b = count
};

enum class ChanDir : uint8_t { Both, Send, Recv };

struct TypeData {
  TypeKind kind;
  uint8_t sub;
  uint32_t a, b, c;
};

struct StructInfo {
  std::vector<ObjectId> fields;       // Var objects (Object::field)
  std::vector<std::string_view> tags; // empty, or one per field
};

struct SignatureInfo {
  ObjectId recv;                      // receiver Var of a method, or 0
  std::vector<TypeId> typeParams;     // of a generic function (TypeParam types)
  std::vector<TypeId> recvTypeParams; // of a method of a generic type
  TypeId params, results;             // Tuples
  bool variadic = false;
};

// A term of a type set: ~T (tilde) or T.
struct Term {
  bool tilde = false;
  TypeId type;
};

struct InterfaceInfo {
  std::vector<ObjectId> methods; // declared here (Func objects), source order
  std::vector<TypeId> embeddeds; // embedded elements: interfaces, types, unions
  bool implicit = false;         // the interface of a bare constraint `[T ~int]`
  // The type set, computed on first use (ComputeTypeSet).
  bool complete = false;
  bool computing = false;
  std::vector<ObjectId> allMethods; // with embedded ones, sorted by name
  bool allTypes = true;             // no type terms: the set is all types (with the methods)
  std::vector<Term> terms;          // else: the union of these terms (empty = empty set)
  bool comparable = false;          // embeds comparable
};

struct NamedInfo {
  ObjectId obj;                   // the TypeName
  TypeId underlying;              // 0 while being declared
  TypeId origin;                  // for an instance: the generic type; else itself
  std::vector<TypeId> typeArgs;   // of an instance
  std::vector<TypeId> typeParams; // of a generic type
  std::vector<ObjectId> methods;  // declared methods (of the origin for an instance)
  bool expanded = true;           // an instance's underlying has been substituted
};

struct TypeParamInfo {
  ObjectId obj;   // the TypeName
  uint32_t index; // position in its list
  TypeId bound;   // constraint interface (0 while being declared)
};

enum class ObjectKind : uint8_t { None, Var, Const, TypeName, Func, PkgName, Builtin, Nil, Label };

enum class BuiltinId : uint8_t {
  None,
  Append,
  Cap,
  Clear,
  Close,
  Complex,
  Copy,
  Delete,
  Imag,
  Len,
  Make,
  Max,
  Min,
  New,
  Panic,
  Print,
  Println,
  Real,
  Recover,
  // package unsafe
  Add,
  Alignof,
  Offsetof,
  Sizeof,
  Slice,
  SliceData,
  String,
  StringData,
  Count
};

class Package;

struct Object {
  ObjectKind kind = ObjectKind::None;
  BuiltinId builtin = BuiltinId::None;
  bool packageLevel = false;
  bool used = false;
  bool isParam = false;  // parameter or named result
  bool isResult = false; // named result
  bool field = false;    // struct field
  bool embedded = false; // embedded field
  bool alias = false;    // TypeName of an alias declaration
  std::string_view name;
  Package *pkg = nullptr; // declaring package; nil for the universe
  uint32_t file = 0;      // index into pkg->files
  uint32_t pos = 0;       // byte offset of the declaring name (of its file)
  TypeId type;
  uint32_t value = 0;          // Const: index into pkg->constants (the universe's for true/false)
  syntax::NodeId decl;         // declaring node (FuncDecl for functions, TypeDecl for types)
  uint32_t index = 0;          // Func "init": its sequence number; param/result: position
  Package *imported = nullptr; // PkgName: the package
};

// All types and objects of one build. Basic types sit at their BasicKind's index.
// A struct tag as a type's string shows it: the tag literal's value (tag is the literal's
// source text, raw or interpreted) quoted as strconv.Quote quotes it.
std::string QuoteTag(std::string_view tag);
// The value of field i's tag (the literal unquoted), "" when it has none: tags are kept as
// written, and `a`, "a" and the absent tag and "" are the same.
std::string TagValue(const StructInfo &s, size_t i);

class Universe {
public:
  Universe();
  ~Universe();
  Universe(const Universe &) = delete;
  Universe &operator=(const Universe &) = delete;

  static TypeId Basic(BasicKind k) { return TypeId{static_cast<uint32_t>(k)}; }
  static TypeId Invalid() { return TypeId{}; }

  // ---- construction ----
  TypeId NewPointer(TypeId elem) { return Intern(TypeKind::Pointer, 0, elem.index, 0, 0); }
  TypeId NewSlice(TypeId elem) { return Intern(TypeKind::Slice, 0, elem.index, 0, 0); }
  TypeId NewArray(TypeId elem, int64_t len) {
    return Intern(TypeKind::Array, 0, elem.index, static_cast<uint32_t>(len),
                  static_cast<uint32_t>(static_cast<uint64_t>(len) >> 32));
  }
  TypeId NewMap(TypeId key, TypeId elem) {
    return Intern(TypeKind::Map, 0, key.index, elem.index, 0);
  }
  TypeId NewChan(ChanDir dir, TypeId elem) {
    return Intern(TypeKind::Chan, static_cast<uint8_t>(dir), elem.index, 0, 0);
  }
  TypeId NewStruct(std::vector<ObjectId> fields, std::vector<std::string_view> tags);
  TypeId NewTuple(const std::vector<ObjectId> &vars);
  // A tuple of unnamed variables of the given types.
  TypeId TupleOf(const std::vector<TypeId> &types);
  TypeId NewSignature(SignatureInfo info);
  TypeId Signature(TypeId params, TypeId results, bool variadic); // plain function type
  TypeId NewInterface(InterfaceInfo info);
  TypeId NewNamed(ObjectId obj, TypeId underlying);
  TypeId NewTypeParam(ObjectId obj, uint32_t index, TypeId bound);
  TypeId NewUnion(const std::vector<Term> &terms);

  ObjectId NewObject(Object o) {
    objects_.push_back(o);
    return ObjectId{static_cast<uint32_t>(objects_.size() - 1)};
  }
  ObjectId NewVar(std::string_view name, TypeId type, Package *pkg = nullptr);

  // ---- access ----
  const TypeData &operator[](TypeId t) const { return data_[t.index]; }
  TypeKind KindOf(TypeId t) const { return data_[t.index].kind; }
  Object &Obj(ObjectId id) { return objects_[id.index]; }
  const Object &Obj(ObjectId id) const { return objects_[id.index]; }
  StructInfo &Struct(TypeId t) { return structs_[data_[t.index].a]; }
  const StructInfo &Struct(TypeId t) const { return structs_[data_[t.index].a]; }
  SignatureInfo &Sig(TypeId t) { return signatures_[data_[t.index].a]; }
  const SignatureInfo &Sig(TypeId t) const { return signatures_[data_[t.index].a]; }
  InterfaceInfo &Iface(TypeId t) { return interfaces_[data_[t.index].a]; }
  const InterfaceInfo &Iface(TypeId t) const { return interfaces_[data_[t.index].a]; }
  NamedInfo &Named(TypeId t) { return named_[data_[t.index].a]; }
  const NamedInfo &Named(TypeId t) const { return named_[data_[t.index].a]; }
  TypeParamInfo &TParam(TypeId t) { return typeParams_[data_[t.index].a]; }
  const TypeParamInfo &TParam(TypeId t) const { return typeParams_[data_[t.index].a]; }
  TypeId Elem(TypeId t) const { return TypeId{data_[t.index].a}; } // pointer..chan elements
  TypeId Key(TypeId t) const { return TypeId{data_[t.index].a}; }  // map key
  TypeId MapElem(TypeId t) const { return TypeId{data_[t.index].b}; }
  int64_t ArrayLen(TypeId t) const {
    const TypeData &d = data_[t.index];
    return static_cast<int64_t>(static_cast<uint64_t>(d.c) << 32 | d.b);
  }
  ChanDir Dir(TypeId t) const { return static_cast<ChanDir>(data_[t.index].sub); }
  uint32_t TupleLen(TypeId t) const { return data_[t.index].b; }
  ObjectId TupleVar(TypeId t, uint32_t i) const { return varLists_[data_[t.index].a + i]; }
  TypeId TupleAt(TypeId t, uint32_t i) const { return Obj(TupleVar(t, i)).type; }
  uint32_t UnionLen(TypeId t) const { return data_[t.index].b; }
  const Term &UnionTerm(TypeId t, uint32_t i) const { return terms_[data_[t.index].a + i]; }
  TypeId Params(TypeId sig) const { return Sig(sig).params; }
  TypeId Results(TypeId sig) const { return Sig(sig).results; }

  bool Is(TypeId t, TypeKind k) const { return data_[t.index].kind == k; }
  bool IsBasic(TypeId t) const { return Is(t, TypeKind::Basic); }
  bool IsTuple(TypeId t) const { return Is(t, TypeKind::Tuple); }
  bool IsSignature(TypeId t) const { return Is(t, TypeKind::Signature); }
  bool IsNamed(TypeId t) const { return Is(t, TypeKind::Named); }
  bool IsTypeParam(TypeId t) const { return Is(t, TypeKind::TypeParam); }
  bool IsInterface(TypeId t) const { return Is(Under(t), TypeKind::Interface); }

  // The underlying type (of named types and type parameters' bound interfaces, as types2's
  // under: a type parameter's underlying type is its constraint interface).
  TypeId Under(TypeId t) const;
  // The basic kind of t's underlying type with byte/rune folded into uint8/int32 (Invalid
  // if not basic).
  BasicKind Kind(TypeId t) const;
  // types2's predicates, on the underlying type (for a type parameter: true if true for
  // every type in its type set).
  bool IsBoolean(TypeId t) const;
  bool IsInteger(TypeId t) const;
  bool IsUnsigned(TypeId t) const;
  bool IsFloat(TypeId t) const;
  bool IsComplex(TypeId t) const;
  bool IsNumeric(TypeId t) const;
  bool IsString(TypeId t) const;
  // The operand types of +: for a type parameter, every type of its set is one or the other
  // (int | string), which neither IsNumeric nor IsString alone accepts.
  bool IsNumericOrString(TypeId t) const {
    if (IsTypeParam(t)) return AllTypes(t, &Universe::IsNumericOrString);
    return IsNumeric(t) || IsString(t);
  }
  bool IsUntyped(TypeId t) const;
  bool IsOrdered(TypeId t) const {
    if (IsTypeParam(t)) return AllTypes(t, &Universe::IsOrdered);
    return IsInteger(t) || IsFloat(t) || IsString(t);
  }
  bool IsConstType(TypeId t) const;
  bool IsTyped(TypeId t) const { return !IsUntyped(t); }
  bool HasNil(TypeId t) const;
  bool IsPointer(TypeId t) const { return Is(Under(t), TypeKind::Pointer); }
  // For type parameters, with the constraint's type set.
  bool AllTypes(TypeId t, bool (Universe::*pred)(TypeId) const) const;

  bool Identical(TypeId a, TypeId b) const;
  bool IdenticalIgnoreTags(TypeId a, TypeId b) const;

  // t with every type parameter from[i] replaced by to[i]: the parts that change are new
  // types (fields, tuple variables and interface methods of a changed type are new
  // objects); an instance of a generic named type whose arguments change is
  // instance(origin, substituted arguments). The checker's instantiation and the
  // lowering's monomorphisation both substitute with it.
  TypeId Subst(TypeId t, const std::vector<TypeId> &from, const std::vector<TypeId> &to,
               llvm::function_ref<TypeId(TypeId origin, const std::vector<TypeId> &args)> instance);
  bool Comparable(TypeId t) const;
  // The default type of an untyped type (int for untyped int, ...); t otherwise.
  TypeId Default(TypeId t) const;

  // Sizes on a 64-bit target (gc's layout: word 8, max alignment 8).
  int64_t Sizeof(TypeId t) const;
  int64_t Alignof(TypeId t) const;
  std::vector<int64_t> Offsetsof(TypeId structType) const;

  // The interface's type set (methods and terms, embedded interfaces flattened).
  // Reports nothing: the checker validates embedded elements when it declares them.
  const InterfaceInfo &TypeSet(TypeId iface) const;

  // types2's TypeString as the checker of package `current` prints it: names of other
  // packages' types qualified by the package name (by the quoted path where two imported
  // packages share a name, see Package::Qualifier).
  std::string String(TypeId t, const Package *current = nullptr) const;
  void WriteType(std::string &out, TypeId t, const Package *current,
                 std::vector<TypeId> &seen) const;
  void WriteSignature(std::string &out, TypeId sig, const Package *current,
                      std::vector<TypeId> &seen) const;
  void WriteTuple(std::string &out, TypeId tuple, bool variadic, const Package *current,
                  std::vector<TypeId> &seen) const;

  // Universe scope objects, constants of true/false/iota and the unsafe package.
  llvm::StringMap<ObjectId> scope;
  // Every constant value of the program (universe and all packages), indexed by
  // Object::value and ExprInfo::value; [0] is Unknown. One store, so a use of a named
  // constant refers to its declaration's value instead of copying it.
  base::StableVector<Value> constants;
  // The constant of each small decimal integer literal seen (value -> index).
  llvm::DenseMap<uint32_t, uint32_t> smallInts;
  Package *unsafe = nullptr; // owned by unsafePkg_
  TypeId errorType, comparableType, anyType;
  ObjectId errorMethod; // error's Error method

  size_t NumTypes() const { return data_.size(); }
  size_t NumObjects() const { return objects_.size(); }

private:
  TypeId Intern(TypeKind kind, uint8_t sub, uint32_t a, uint32_t b, uint32_t c);
  TypeId Add(TypeData d) {
    data_.push_back(d);
    return TypeId{static_cast<uint32_t>(data_.size() - 1)};
  }
  bool IdenticalImpl(TypeId a, TypeId b, bool tags,
                     std::vector<std::pair<TypeId, TypeId>> &seen) const;
  void AddUniverse();

  std::unique_ptr<Package> unsafePkg_;
  std::vector<TypeData> data_;
  // Stable storage: references stay valid as the tables grow.
  base::StableVector<Object> objects_;
  base::StableVector<StructInfo> structs_;
  base::StableVector<SignatureInfo> signatures_;
  mutable base::StableVector<InterfaceInfo> interfaces_; // type sets are computed lazily
  base::StableVector<NamedInfo> named_;
  base::StableVector<TypeParamInfo> typeParams_;
  std::vector<ObjectId> varLists_;
  std::vector<Term> terms_;
  struct InternKey {
    uint32_t kind, a, b, c;
  };
  struct KeyInfo {
    static InternKey getEmptyKey() { return {~0u, 0, 0, 0}; }
    static InternKey getTombstoneKey() { return {~0u - 1, 0, 0, 0}; }
    static unsigned getHashValue(const InternKey &k) {
      uint64_t h = k.kind * 0x9E3779B97F4A7C15ull ^ k.a;
      h = h * 0x9E3779B97F4A7C15ull ^ k.b;
      h = h * 0x9E3779B97F4A7C15ull ^ k.c;
      return static_cast<unsigned>(h ^ (h >> 32));
    }
    static bool isEqual(const InternKey &x, const InternKey &y) {
      return x.kind == y.kind && x.a == y.a && x.b == y.b && x.c == y.c;
    }
  };
  llvm::DenseMap<InternKey, TypeId, KeyInfo> interned_;
};

} // namespace talpa::types

#endif // TALPA_TYPES_TYPE_H
