// The ABI table tools/abigen generated from runtime/include/talpa/abi.h, as data and as LLVM
// types, and the check that the target's data layout agrees with clang on every offset.
//
// abigen parses the header with clang once per target and writes talpa/abi_layout.inc: for
// each struct its size and alignment, for each field its offset, size and representation
// (pointer, integer, float, nested struct, array). Here each struct becomes a named LLVM
// struct type whose members are those representations in order, with no packing and no
// explicit padding, so LLVM's natural layout must reproduce clang's. CheckAbiLayout compares
// the two; ModuleContext runs it for every module, `talpa tool abi` prints the LLVM side in
// abigen's format, and the abi_layouts test compares that against a fresh abigen run for
// every target. The enum constants are asserted below: the compiler uses abi.h's own
// (host) values, which must be every target's.
#include "compiler/lower/abi.h"

#include "talpa/abi.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/LLVMContext.h"

namespace talpa::lower {

#define ABI_CONST(Group, Name, Value)                                                              \
  static_assert(::talpa::abi::Group::Name == Value,                                                \
                "abi.h's " #Group "::" #Name " differs between the host and a target");
#include "talpa/abi_layout.inc"

namespace {

constexpr std::string_view kStructNames[] = {
#define ABI_STRUCT_DECL(Struct, FieldCount) #Struct,
#include "talpa/abi_layout.inc"
};

constexpr std::string_view kKindNames[] = {"Ptr", "Bool", "I8",  "U8",  "I16", "U16",   "I32",
                                           "U32", "I64",  "U64", "F32", "F64", "Struct"};
static_assert(std::size(kKindNames) == static_cast<size_t>(AbiKind::Struct) + 1);

std::vector<AbiTargetLayout> BuiltinLayouts() {
  std::vector<AbiTargetLayout> t;
  // abigen writes each target's lines together: its ABI_TARGET, then each ABI_STRUCT
  // followed by that struct's ABI_FIELDs.
#define ABI_TARGET(Target, Triple) t.push_back({#Target, Triple, {}});
#define ABI_STRUCT(Target, Struct, Size, Align)                                                    \
  t.back().structs.push_back({#Struct, Size, Align, {}});
#define ABI_FIELD(Target, Struct, Field, Offset, Size, Kind, Elem, Count)                          \
  t.back().structs.back().fields.push_back({#Field, Offset, Size, AbiKind::Kind, Elem, Count});
#include "talpa/abi_layout.inc"
  return t;
}

std::string Describe(const AbiStructLayout &s, const AbiFieldLayout *f) {
  return "abi.h's " + s.name + (f ? "." + f->name : std::string());
}

} // namespace

std::string_view AbiStructName(AbiStruct s) { return kStructNames[static_cast<size_t>(s)]; }

const std::vector<AbiTargetLayout> &AbiLayouts() {
  static const std::vector<AbiTargetLayout> layouts = BuiltinLayouts();
  return layouts;
}

const AbiTargetLayout *AbiLayoutFor(llvm::StringRef triple) {
  for (const AbiTargetLayout &t : AbiLayouts())
    if (t.triple == triple) return &t;
  return nullptr;
}

llvm::Expected<AbiTargetLayout> ParseAbiLayout(llvm::StringRef text, llvm::StringRef target) {
  AbiTargetLayout t;
  bool found = false;
  llvm::SmallVector<llvm::StringRef, 8> args;
  int lineNo = 0;
  for (llvm::StringRef rest = text; !rest.empty();) {
    llvm::StringRef line;
    std::tie(line, rest) = rest.split('\n');
    ++lineNo;
    auto fail = [&](const char *why) {
      return llvm::createStringError(llvm::inconvertibleErrorCode(), "line %d: %s: %s", lineNo, why,
                                     line.str().c_str());
    };
    auto [macro, tail] = line.split('(');
    if (macro != "ABI_TARGET" && macro != "ABI_STRUCT" && macro != "ABI_FIELD") continue;
    if (!tail.consume_back(")")) return fail("no closing parenthesis");
    args.clear();
    tail.split(args, ',');
    for (llvm::StringRef &a : args)
      a = a.trim();
    if (args[0] != target) continue;
    auto number = [&](llvm::StringRef s, uint64_t &v) { return !s.getAsInteger(10, v); };
    auto quoted = [&](llvm::StringRef s, std::string &v) {
      if (!s.consume_front("\"") || !s.consume_back("\"")) return false;
      v = s.str();
      return true;
    };
    if (macro == "ABI_TARGET") {
      if (args.size() != 2 || !quoted(args[1], t.triple)) return fail("malformed ABI_TARGET");
      t.target = args[0].str();
      found = true;
    } else if (macro == "ABI_STRUCT") {
      AbiStructLayout s;
      s.name = args.size() == 4 ? args[1].str() : "";
      if (s.name.empty() || !number(args[2], s.size) || !number(args[3], s.align))
        return fail("malformed ABI_STRUCT");
      t.structs.push_back(std::move(s));
    } else {
      AbiFieldLayout f;
      if (args.size() != 8 || t.structs.empty() || args[1] != t.structs.back().name)
        return fail("ABI_FIELD not after its ABI_STRUCT");
      f.name = args[2].str();
      int kind = -1;
      for (size_t k = 0; k < std::size(kKindNames); ++k)
        if (args[5] == llvm::StringRef(kKindNames[k])) kind = static_cast<int>(k);
      if (!number(args[3], f.offset) || !number(args[4], f.size) || kind < 0 ||
          !quoted(args[6], f.elem) || !number(args[7], f.count))
        return fail("malformed ABI_FIELD");
      f.kind = static_cast<AbiKind>(kind);
      t.structs.back().fields.push_back(std::move(f));
    }
  }
  if (!found)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "no ABI_TARGET(%s, ...)",
                                   target.str().c_str());
  return t;
}

std::vector<llvm::StructType *> BuildAbiTypes(llvm::LLVMContext &ctx,
                                              const AbiTargetLayout &layout) {
  std::vector<llvm::StructType *> types;
  llvm::StringMap<llvm::StructType *> byName;
  for (const AbiStructLayout &s : layout.structs) {
    std::vector<llvm::Type *> members;
    for (const AbiFieldLayout &f : s.fields) {
      llvm::Type *t = nullptr;
      switch (f.kind) {
      case AbiKind::Ptr:
        t = llvm::PointerType::get(ctx, 0);
        break;
      case AbiKind::Bool:
      case AbiKind::I8:
      case AbiKind::U8:
        t = llvm::Type::getInt8Ty(ctx);
        break;
      case AbiKind::I16:
      case AbiKind::U16:
        t = llvm::Type::getInt16Ty(ctx);
        break;
      case AbiKind::I32:
      case AbiKind::U32:
        t = llvm::Type::getInt32Ty(ctx);
        break;
      case AbiKind::I64:
      case AbiKind::U64:
        t = llvm::Type::getInt64Ty(ctx);
        break;
      case AbiKind::F32:
        t = llvm::Type::getFloatTy(ctx);
        break;
      case AbiKind::F64:
        t = llvm::Type::getDoubleTy(ctx);
        break;
      case AbiKind::Struct:
        // abigen only lets a field hold a struct defined above it; a hand-edited table
        // that breaks the rule gets an empty struct, which the layout check reports.
        t = byName.lookup(f.elem);
        if (!t) t = llvm::StructType::get(ctx);
        break;
      }
      if (f.count > 0) t = llvm::ArrayType::get(t, f.count);
      members.push_back(t);
    }
    std::string name = "abi." + s.name;
    llvm::StructType *ty = llvm::StructType::getTypeByName(ctx, name);
    if (!ty || ty->elements() != llvm::ArrayRef<llvm::Type *>(members))
      ty = llvm::StructType::create(ctx, members, name);
    byName[s.name] = ty;
    types.push_back(ty);
  }
  return types;
}

std::vector<std::string> CheckAbiLayout(const AbiTargetLayout &layout,
                                        llvm::ArrayRef<llvm::StructType *> types,
                                        const llvm::DataLayout &dl) {
  std::vector<std::string> diffs;
  auto differ = [&](const std::string &what, const char *property, uint64_t clang, uint64_t llvm) {
    if (clang != llvm)
      diffs.push_back(what + ": " + property + " " + std::to_string(clang) + " (clang), " +
                      std::to_string(llvm) + " (LLVM data layout of " + layout.target + ")");
  };
  for (size_t i = 0; i < layout.structs.size(); ++i) {
    const AbiStructLayout &s = layout.structs[i];
    const llvm::StructLayout *sl = dl.getStructLayout(types[i]);
    differ(Describe(s, nullptr), "size", s.size, sl->getSizeInBytes());
    differ(Describe(s, nullptr), "alignment", s.align, sl->getAlignment().value());
    for (size_t j = 0; j < s.fields.size(); ++j) {
      const AbiFieldLayout &f = s.fields[j];
      differ(Describe(s, &f), "offset", f.offset, sl->getElementOffset(j));
      differ(Describe(s, &f), "size", f.size,
             dl.getTypeAllocSize(types[i]->getElementType(j)).getFixedValue());
    }
  }
  return diffs;
}

void PrintAbiLayout(llvm::raw_ostream &os, const AbiTargetLayout &layout,
                    llvm::ArrayRef<llvm::StructType *> types, const llvm::DataLayout &dl) {
  const std::string &n = layout.target;
  os << "ABI_TARGET(" << n << ", \"" << layout.triple << "\")\n";
  for (size_t i = 0; i < layout.structs.size(); ++i) {
    const AbiStructLayout &s = layout.structs[i];
    const llvm::StructLayout *sl = dl.getStructLayout(types[i]);
    os << "ABI_STRUCT(" << n << ", " << s.name << ", " << sl->getSizeInBytes() << ", "
       << sl->getAlignment().value() << ")\n";
    for (size_t j = 0; j < s.fields.size(); ++j) {
      const AbiFieldLayout &f = s.fields[j];
      os << "ABI_FIELD(" << n << ", " << s.name << ", " << f.name << ", " << sl->getElementOffset(j)
         << ", " << dl.getTypeAllocSize(types[i]->getElementType(j)).getFixedValue() << ", "
         << kKindNames[static_cast<size_t>(f.kind)] << ", \"" << f.elem << "\", " << f.count
         << ")\n";
    }
  }
}

} // namespace talpa::lower
