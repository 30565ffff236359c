// The compiler's view of runtime/include/talpa/abi.h: the layout table tools/abigen
// generates from the header for every target, the LLVM types built from it, and the check
// that LLVM lays those types out as clang lays out the header (docs/compiler/abi.md).
#ifndef TALPA_LOWER_ABI_H
#define TALPA_LOWER_ABI_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace talpa::lower {

// The structs of namespace talpa::abi, in the header's order.
enum class AbiStruct : uint8_t {
#define ABI_STRUCT_DECL(Struct, FieldCount) Struct,
#include "talpa/abi_layout.inc"
  Count
};

// How a field's element is represented: a pointer (function pointers too), an integer of a
// width and signedness (Bool is C++'s one-byte bool), a float, or a struct of the table.
enum class AbiKind : uint8_t { Ptr, Bool, I8, U8, I16, U16, I32, U32, I64, U64, F32, F64, Struct };

namespace abi_detail {
struct FieldName {
  AbiStruct s;
  std::string_view name;
  unsigned index;
};
inline constexpr FieldName kFieldNames[] = {
#define ABI_FIELD_DECL(Struct, Field, Index) {AbiStruct::Struct, #Field, Index},
#include "talpa/abi_layout.inc"
};
// Deliberately not constexpr: AbiField calls it for a field abi.h does not have, which
// makes that AbiField(...) a compile error.
void FieldNotInAbiHeader();
} // namespace abi_detail

// The index of `field` among the fields of `s`, for CreateStructGEP, extractvalue and
// insertvalue on m.AbiType(s): AbiField(AbiStruct::_type, "gcdata"). Evaluated at compile
// time, so a field that abi.h renames or removes breaks the compiler's build.
consteval unsigned AbiField(AbiStruct s, std::string_view field) {
  for (const abi_detail::FieldName &f : abi_detail::kFieldNames)
    if (f.s == s && f.name == field) return f.index;
  abi_detail::FieldNotInAbiHeader();
  return 0;
}

namespace abi_detail {
inline constexpr unsigned kFieldCounts[] = {
#define ABI_STRUCT_DECL(Struct, FieldCount) FieldCount,
#include "talpa/abi_layout.inc"
};
} // namespace abi_detail

// The number of fields of `s`. Code that builds a whole value of an ABI struct asserts it
// (static_assert(AbiFieldCount(s) == 2, ...)), so that a field added to abi.h breaks the
// compiler's build there instead of leaving the new field unset.
constexpr unsigned AbiFieldCount(AbiStruct s) {
  return abi_detail::kFieldCounts[static_cast<size_t>(s)];
}

std::string_view AbiStructName(AbiStruct s);

// One target's layouts: clang's view of abi.h under that target's runtime flags.
struct AbiFieldLayout {
  std::string name;
  uint64_t offset = 0, size = 0; // bytes
  AbiKind kind = AbiKind::Ptr;
  std::string elem;   // the struct, for AbiKind::Struct
  uint64_t count = 0; // array length; 0 when the field is not an array
};
struct AbiStructLayout {
  std::string name;
  uint64_t size = 0, align = 0;
  std::vector<AbiFieldLayout> fields;
};
struct AbiTargetLayout {
  std::string target; // "linux_amd64"
  std::string triple; // the LLVM triple of targets/<target>.json
  std::vector<AbiStructLayout> structs;
};

// The table built into the compiler (talpa/abi_layout.inc), one entry per target of the
// build; for each, structs[i] is AbiStruct i.
const std::vector<AbiTargetLayout> &AbiLayouts();
// The built-in entry for an LLVM triple, or null.
const AbiTargetLayout *AbiLayoutFor(llvm::StringRef triple);
// Reads the ABI_TARGET, ABI_STRUCT and ABI_FIELD lines of `target` from the text of a table
// (talpa-abigen's output), to check a table other than the built-in one.
llvm::Expected<AbiTargetLayout> ParseAbiLayout(llvm::StringRef text, llvm::StringRef target);

// LLVM struct types for the table's structs, in its order, named "abi.<struct>" (a type of
// that name already in `ctx` with the same body is reused). Fields are plain LLVM members:
// no packing, no explicit padding; CheckAbiLayout finds out whether that reproduces clang's.
std::vector<llvm::StructType *> BuildAbiTypes(llvm::LLVMContext &ctx,
                                              const AbiTargetLayout &layout);
// One message per difference between the table (clang) and `dl`'s layout of `types`: a
// struct's size or alignment, a field's offset or size.
std::vector<std::string> CheckAbiLayout(const AbiTargetLayout &layout,
                                        llvm::ArrayRef<llvm::StructType *> types,
                                        const llvm::DataLayout &dl);
// The table's lines for the target with the sizes, alignments and offsets `dl` gives the
// types, in talpa-abigen's format (so the two can be compared as text).
void PrintAbiLayout(llvm::raw_ostream &os, const AbiTargetLayout &layout,
                    llvm::ArrayRef<llvm::StructType *> types, const llvm::DataLayout &dl);

} // namespace talpa::lower

#endif // TALPA_LOWER_ABI_H
