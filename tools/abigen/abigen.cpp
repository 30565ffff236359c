// talpa-abigen: lays out runtime/include/talpa/abi.h as clang does for each talpa target
// and writes the table (talpa/abi_layout.inc) the compiler builds its ABI types from.
//
// The runtime and the compiler share data layouts (strings, slices, interfaces, type
// descriptors...). They are declared once, as C++ structs in namespace talpa::abi. This tool
// parses that header with clang's libTooling once per target, with the flags the runtime
// is compiled with for that target, and records what clang decided: every struct's size and
// alignment, and every field's offset, size and kind (the shape the compiler needs to build
// an LLVM type: pointer, integer of a width and signedness, float, nested struct, fixed
// array). It also records the enum constants of the header's nested namespaces (kinds,
// tflags, chandir). The compiler includes the table, builds its LLVM types from the kinds,
// and checks each target's LLVM DataLayout against the offsets (docs/compiler/abi.md).
//
// The header may use only what the compiler can mirror: plain structs (no bases, virtual
// functions, bit-fields or unions), fields of pointer, integer, float or talpa::abi struct
// type, and one-dimensional arrays of those. Anything else is reported and the tool fails,
// as it does when the header does not compile for a target or when targets disagree on a
// struct's field names or on a constant. Layout attributes (packed, alignas) are recorded
// as clang applies them; the compiler's LLVM types are plain structs, so its layout check
// rejects any the natural layout does not reproduce.
//
// Usage:
//   talpa-abigen [-o table.inc] [-target NAME] abi.h @targets.rsp
// The response file (written by runtime/CMakeLists.txt) holds, for each target,
// `-abigen-target NAME TRIPLE` followed by the clang driver flags of that target's runtime
// compile. With -o the whole table is written (only if its contents change); with -target
// the layout lines of that one target are printed, in the format `talpa tool abi` prints.
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecordLayout.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <vector>

namespace {

// How a field's element is represented in memory; the compiler maps each to an LLVM type
// (compiler/lower/abi.h's AbiKind has the same names).
const char *const kKindNames[] = {"Ptr", "Bool", "I8",  "U8",  "I16", "U16",   "I32",
                                  "U32", "I64",  "U64", "F32", "F64", "Struct"};
enum class Kind { Ptr, Bool, I8, U8, I16, U16, I32, U32, I64, U64, F32, F64, Struct };

struct Field {
  std::string name;
  uint64_t offset = 0, size = 0; // bytes
  Kind kind = Kind::Ptr;
  std::string elem;   // the struct, for Kind::Struct
  uint64_t count = 0; // array length; 0 for a field that is not an array
};

struct Struct {
  std::string name;
  uint64_t size = 0, align = 0;
  std::vector<Field> fields;
};

struct Constant {
  std::string group, name, value; // value in decimal, with a U suffix when unsigned
};

struct TargetSpec {
  std::string name, triple;
  std::vector<std::string> flags;
};

struct TargetLayout {
  const TargetSpec *spec;
  std::vector<Struct> structs;
  std::vector<Constant> constants;
};

// Collects one target's layouts from the parsed header; reports each construct the compiler
// could not mirror.
class Walker {
public:
  Walker(clang::ASTContext &ctx, const TargetSpec &spec, TargetLayout &out)
      : ctx_(ctx), spec_(spec), out_(out) {}

  bool Run() {
    bool found = false;
    for (clang::Decl *d : ctx_.getTranslationUnitDecl()->decls()) {
      auto *talpa = llvm::dyn_cast<clang::NamespaceDecl>(d);
      if (!talpa || talpa->getName() != "talpa") continue;
      for (clang::Decl *d2 : talpa->decls()) {
        auto *abi = llvm::dyn_cast<clang::NamespaceDecl>(d2);
        if (!abi || abi->getName() != "abi") continue;
        found = true;
        Namespace(abi);
      }
    }
    if (!found) Error(nullptr, "no namespace talpa::abi");
    return ok_;
  }

private:
  void Namespace(clang::NamespaceDecl *abi) {
    for (clang::Decl *d : abi->decls()) {
      if (auto *rec = llvm::dyn_cast<clang::RecordDecl>(d)) {
        if (rec->isThisDeclarationADefinition()) Record(rec);
      } else if (auto *ns = llvm::dyn_cast<clang::NamespaceDecl>(d)) {
        for (clang::Decl *d2 : ns->decls())
          if (auto *e = llvm::dyn_cast<clang::EnumDecl>(d2)) Enum(ns->getName(), e);
      } else if (auto *e = llvm::dyn_cast<clang::EnumDecl>(d)) {
        if (e->getName().empty())
          Error(e, "an enum directly in talpa::abi needs a name or a namespace of its own");
        else
          Enum(e->getName(), e);
      }
    }
  }

  void Enum(llvm::StringRef group, clang::EnumDecl *e) {
    // The compiler names a constant group::Name, as the runtime does (kinds::Slice).
    if (e->isScoped())
      return Error(e, "enum class " + e->getName().str() +
                          ": use an unscoped enum in a namespace of its own (as kinds)");
    for (clang::EnumConstantDecl *c : e->enumerators()) {
      const llvm::APSInt &v = c->getInitVal();
      std::string value = llvm::toString(v, 10);
      if (v.isUnsigned()) value += "U";
      out_.constants.push_back({group.str(), c->getName().str(), value});
    }
  }

  void Record(clang::RecordDecl *rec) {
    std::string name = rec->getName().str();
    if (rec->isUnion()) return Error(rec, "struct " + name + ": unions are not supported");
    if (auto *cxx = llvm::dyn_cast<clang::CXXRecordDecl>(rec)) {
      if (cxx->getNumBases() || cxx->isDynamicClass())
        return Error(rec, "struct " + name +
                              ": base classes and virtual functions are not "
                              "supported");
    }
    const clang::ASTRecordLayout &layout = ctx_.getASTRecordLayout(rec);
    Struct s;
    s.name = name;
    s.size = layout.getSize().getQuantity();
    s.align = layout.getAlignment().getQuantity();
    for (clang::FieldDecl *f : rec->fields()) {
      Field field;
      field.name = f->getName().str();
      std::string where = "field " + name + "." + field.name;
      if (f->isBitField()) return Error(f, where + ": bit-fields are not supported");
      if (field.name.empty()) return Error(f, "struct " + name + ": unnamed field");
      uint64_t bits = layout.getFieldOffset(f->getFieldIndex());
      field.offset = bits / 8;
      field.size = ctx_.getTypeSizeInChars(f->getType()).getQuantity();
      clang::QualType t = f->getType().getCanonicalType();
      if (const auto *array = ctx_.getAsConstantArrayType(t)) {
        field.count = array->getSize().getZExtValue();
        if (field.count == 0) return Error(f, where + ": zero-length arrays are not supported");
        t = array->getElementType().getCanonicalType();
      } else if (t->isArrayType()) {
        return Error(f, where + ": only arrays of a constant length are supported");
      }
      if (!Classify(t, field))
        return Error(f,
                     where + ": type " + t.getAsString() + " has no counterpart in the compiler");
      s.fields.push_back(std::move(field));
    }
    if (s.fields.empty()) return Error(rec, "struct " + name + ": no fields");
    known_.insert({name, true});
    out_.structs.push_back(std::move(s));
  }

  // The element kind of a field's (non-array) type.
  bool Classify(clang::QualType t, Field &field) {
    if (t->isPointerType() || t->isBlockPointerType() || t->isNullPtrType()) {
      field.kind = Kind::Ptr;
      return true;
    }
    if (const auto *e = t->getAs<clang::EnumType>())
      t = e->getDecl()->getIntegerType().getCanonicalType();
    if (const auto *r = t->getAs<clang::RecordType>()) {
      std::string name = r->getDecl()->getName().str();
      // A struct of talpa::abi defined above (C++ requires a complete type by value).
      if (!known_.count(name) || !r->getDecl()->getDeclContext()->isNamespace()) return false;
      field.kind = Kind::Struct;
      field.elem = name;
      return true;
    }
    if (t->isBooleanType()) {
      field.kind = Kind::Bool;
      return ctx_.getTypeSize(t) == 8;
    }
    if (t->isIntegerType()) {
      bool sign = t->isSignedIntegerType();
      switch (ctx_.getTypeSize(t)) {
      case 8:
        field.kind = sign ? Kind::I8 : Kind::U8;
        return true;
      case 16:
        field.kind = sign ? Kind::I16 : Kind::U16;
        return true;
      case 32:
        field.kind = sign ? Kind::I32 : Kind::U32;
        return true;
      case 64:
        field.kind = sign ? Kind::I64 : Kind::U64;
        return true;
      default:
        return false;
      }
    }
    if (t->isSpecificBuiltinType(clang::BuiltinType::Float)) {
      field.kind = Kind::F32;
      return true;
    }
    if (t->isSpecificBuiltinType(clang::BuiltinType::Double)) {
      field.kind = Kind::F64;
      return true;
    }
    return false;
  }

  void Error(const clang::Decl *d, const std::string &message) {
    llvm::errs() << "talpa-abigen: " << spec_.name << ": ";
    if (d) llvm::errs() << d->getLocation().printToString(ctx_.getSourceManager()) << ": ";
    llvm::errs() << message << "\n";
    ok_ = false;
  }

  clang::ASTContext &ctx_;
  const TargetSpec &spec_;
  TargetLayout &out_;
  std::map<std::string, bool> known_;
  bool ok_ = true;
};

bool Layout(const std::string &header, const std::string &code, const TargetSpec &spec,
            TargetLayout &out) {
  out.spec = &spec;
  std::unique_ptr<clang::ASTUnit> ast =
      clang::tooling::buildASTFromCodeWithArgs(code, spec.flags, header, "talpa-abigen");
  if (!ast || ast->getDiagnostics().hasErrorOccurred()) {
    llvm::errs() << "talpa-abigen: " << header << " does not compile for " << spec.name << " ("
                 << spec.triple << ")\n";
    return false;
  }
  return Walker(ast->getASTContext(), spec, out).Run();
}

// Struct and field names must be the same on every target: the compiler's field indices
// are compile-time constants. (Sizes, offsets and kinds may differ.)
bool SameShape(const TargetLayout &a, const TargetLayout &b) {
  auto fail = [&](const std::string &what) {
    llvm::errs() << "talpa-abigen: " << a.spec->name << " and " << b.spec->name
                 << " disagree: " << what << "\n";
    return false;
  };
  if (a.structs.size() != b.structs.size()) return fail("the number of structs");
  for (size_t i = 0; i < a.structs.size(); ++i) {
    const Struct &x = a.structs[i], &y = b.structs[i];
    if (x.name != y.name) return fail("struct " + x.name + " against " + y.name);
    if (x.fields.size() != y.fields.size()) return fail("the fields of " + x.name);
    for (size_t j = 0; j < x.fields.size(); ++j)
      if (x.fields[j].name != y.fields[j].name)
        return fail("field " + x.name + "." + x.fields[j].name + " against " + y.fields[j].name);
  }
  if (a.constants.size() != b.constants.size()) return fail("the number of constants");
  for (size_t i = 0; i < a.constants.size(); ++i) {
    const Constant &x = a.constants[i], &y = b.constants[i];
    if (x.group != y.group || x.name != y.name || x.value != y.value)
      return fail("constant " + x.group + "::" + x.name);
  }
  return true;
}

// The lines of one target; `talpa tool abi` prints the same for the compiler's view.
void PrintTarget(llvm::raw_ostream &os, const TargetLayout &t) {
  const std::string &n = t.spec->name;
  os << "ABI_TARGET(" << n << ", \"" << t.spec->triple << "\")\n";
  for (const Struct &s : t.structs) {
    os << "ABI_STRUCT(" << n << ", " << s.name << ", " << s.size << ", " << s.align << ")\n";
    for (const Field &f : s.fields)
      os << "ABI_FIELD(" << n << ", " << s.name << ", " << f.name << ", " << f.offset << ", "
         << f.size << ", " << kKindNames[static_cast<int>(f.kind)] << ", \"" << f.elem << "\", "
         << f.count << ")\n";
  }
}

const char *const kMacros[] = {"ABI_STRUCT_DECL", "ABI_FIELD_DECL", "ABI_CONST",
                               "ABI_TARGET",      "ABI_STRUCT",     "ABI_FIELD"};
const char *const kMacroArgs[] = {
    "(Struct, FieldCount)",          "(Struct, Field, Index)",
    "(Group, Name, Value)",          "(Target, Triple)",
    "(Target, Struct, Size, Align)", "(Target, Struct, Field, Offset, Size, Kind, Elem, Count)"};

std::string Table(const std::vector<TargetLayout> &targets) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "// The layouts of runtime/include/talpa/abi.h as clang lays them out for each talpa\n"
        "// target. Generated by tools/abigen at build time: do not edit (docs/compiler/abi.md).\n"
        "//\n"
        "//   ABI_STRUCT_DECL(Struct, FieldCount)  each struct of namespace talpa::abi, in order\n"
        "//   ABI_FIELD_DECL(Struct, Field, Index) its fields, in order (the same on every "
        "target)\n"
        "//   ABI_CONST(Group, Name, Value)        the enum constants of its namespaces\n"
        "//   ABI_TARGET(Target, Triple)           then, for each target, its triple,\n"
        "//   ABI_STRUCT(Target, Struct, Size, Align)  each struct's size and alignment\n"
        "//   ABI_FIELD(Target, Struct, Field, Offset, Size, Kind, Elem, Count)  and its fields:\n"
        "//     Kind is the element's representation (Ptr, Bool, I8..U64, F32, F64, Struct),\n"
        "//     Elem the struct for Kind Struct (else \"\"), Count the array length (0: no "
        "array).\n"
        "// Sizes, alignments and offsets are in bytes. Undefined macros expand to nothing.\n";
  for (size_t i = 0; i < std::size(kMacros); ++i)
    os << "#ifndef " << kMacros[i] << "\n#define " << kMacros[i] << kMacroArgs[i] << "\n#endif\n";
  const TargetLayout &first = targets.front();
  for (const Struct &s : first.structs) {
    os << "ABI_STRUCT_DECL(" << s.name << ", " << s.fields.size() << ")\n";
    for (size_t j = 0; j < s.fields.size(); ++j)
      os << "ABI_FIELD_DECL(" << s.name << ", " << s.fields[j].name << ", " << j << ")\n";
  }
  for (const Constant &c : first.constants)
    os << "ABI_CONST(" << c.group << ", " << c.name << ", " << c.value << ")\n";
  for (const TargetLayout &t : targets)
    PrintTarget(os, t);
  for (const char *m : kMacros)
    os << "#undef " << m << "\n";
  return text;
}

// Writes `path` unless it already holds `text`, so that an unchanged table does not
// recompile the compiler.
bool WriteIfChanged(const std::string &path, const std::string &text) {
  if (auto old = llvm::MemoryBuffer::getFile(path); old && (*old)->getBuffer() == text) return true;
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(path));
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    llvm::errs() << "talpa-abigen: " << path << ": " << ec.message() << "\n";
    return false;
  }
  os << text;
  return true;
}

const char kUsage[] = "usage: talpa-abigen [-o table.inc] [-target NAME] abi.h @targets.rsp\n";

int Main(int argc, char **argv) {
  llvm::BumpPtrAllocator alloc;
  llvm::StringSaver saver(alloc);
  llvm::SmallVector<const char *, 64> args(argv + 1, argv + argc);
  if (!llvm::cl::ExpandResponseFiles(saver, llvm::cl::TokenizeGNUCommandLine, args)) {
    llvm::errs() << "talpa-abigen: cannot read a response file\n";
    return 2;
  }
  std::string output, only, header;
  std::vector<TargetSpec> specs;
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef a = args[i];
    if (!specs.empty() && a != "-abigen-target") {
      specs.back().flags.push_back(a.str());
    } else if (a == "-abigen-target" && i + 2 < args.size()) {
      specs.push_back({args[i + 1], args[i + 2], {}});
      i += 2;
    } else if (a == "-o" && i + 1 < args.size()) {
      output = args[++i];
    } else if (a == "-target" && i + 1 < args.size()) {
      only = args[++i];
    } else if (!a.starts_with("-") && header.empty()) {
      header = a.str();
    } else {
      llvm::errs() << "talpa-abigen: unexpected argument " << a << "\n" << kUsage;
      return 2;
    }
  }
  if (header.empty() || specs.empty() || (output.empty() && only.empty())) {
    llvm::errs() << kUsage;
    return 2;
  }
  llvm::SmallString<256> path(header);
  llvm::sys::fs::make_absolute(path);
  auto code = llvm::MemoryBuffer::getFile(path);
  if (!code) {
    llvm::errs() << "talpa-abigen: " << path << ": " << code.getError().message() << "\n";
    return 1;
  }

  std::vector<TargetLayout> targets(specs.size());
  bool ok = true, printed = false;
  for (size_t i = 0; i < specs.size(); ++i) {
    if (output.empty() && specs[i].name != only) continue;
    ok = Layout(path.str().str(), (*code)->getBuffer().str(), specs[i], targets[i]) && ok;
    if (ok && specs[i].name == only) {
      PrintTarget(llvm::outs(), targets[i]);
      printed = true;
    }
  }
  if (!ok) return 1;
  if (!only.empty() && !printed) {
    llvm::errs() << "talpa-abigen: no target " << only << " in the response file\n";
    return 2;
  }
  if (output.empty()) return 0;
  for (size_t i = 1; i < targets.size(); ++i)
    if (!SameShape(targets.front(), targets[i])) return 1;
  return WriteIfChanged(output, Table(targets)) ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) { return Main(argc, argv); }
