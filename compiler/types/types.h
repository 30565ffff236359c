// The type checker's result: a checked package (objects, expression types and constant
// values, initialization order), and Check, the stage's one entry.
#ifndef TALPA_TYPES_TYPES_H
#define TALPA_TYPES_TYPES_H

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/syntax/syntax.h"
#include "compiler/types/constant.h"
#include "compiler/types/type.h"

namespace talpa::types {

// What an expression denotes, as types2's operand modes.
enum class Mode : uint8_t {
  Invalid,
  NoValue,
  Builtin,
  TypeExpr,
  Constant,
  Variable,
  MapIndex, // m[k]: a value that can be assigned to, and gives v, ok
  Value,
  CommaOK, // x.(T), <-ch: a value that also gives v, ok
};

// What a selector x.f denotes (types2's Selection), for lowering.
enum class SelectionKind : uint8_t { None, Qualified, FieldVal, MethodVal, MethodExpr };
struct Selection {
  SelectionKind kind = SelectionKind::None;
  bool indirect = false; // a pointer is followed on the way to the field or method
  TypeId recv;           // the type of x (MethodExpr: the type T of T.m)
  ObjectId obj;          // the field or method
  std::vector<int> path; // embedded fields followed, then the field or method index
};

// Per-node facts the checker records for later stages.
struct ExprInfo {
  TypeId type;            // final type (untyped constants converted to their context's type)
  uint32_t value = 0;     // Constant: index into Universe::constants
  ObjectId object;        // Name: the object used or defined
  uint32_t selection = 0; // SelectorExpr: index into Package::selections
  uint32_t instance = 0;  // generic function or type used with type arguments:
                          // index into Package::instances
  Mode mode = Mode::Invalid;
  // For conversions T(x) and builtin calls: what the call is.
  uint8_t callKind = 0; // CallKind
};
static_assert(sizeof(ExprInfo) == 24, "one per node of every file: keep it small");
enum CallKind : uint8_t { CallNone, CallFunc, CallConversion, CallBuiltin };

// A package variable initialization: lhs := rhs, in dependency order.
struct Initializer {
  uint32_t file;
  std::vector<ObjectId> lhs; // 0 entries for blank identifiers
  syntax::NodeId rhs;        // one expression (a multi-value call if lhs.size() > 1)
};

class Package {
public:
  Package(Universe &u, std::string path) : path(std::move(path)), types(u) {}
  std::string path;
  std::string name;
  Universe &types;
  std::vector<std::unique_ptr<syntax::File>> files;
  llvm::StringMap<ObjectId> scope;                   // package-level objects
  std::vector<Package *> imports;                    // imported packages, in first-import order
  std::vector<std::vector<ExprInfo>> info;           // [file][node]
  std::vector<ObjectId> funcs;                       // package functions with bodies, source order
  std::vector<ObjectId> methods;                     // methods with bodies, source order
  std::vector<ObjectId> initFuncs;                   // user init functions, source order
  std::vector<Initializer> initOrder;                // package variable initialization order
  std::vector<ObjectId> globals;                     // package variables, source order
  std::vector<Selection> selections;                 // [0] unused
  std::vector<std::vector<TypeId>> instances;        // type arguments; [0] unused
  std::vector<std::unique_ptr<Package>> fakeImports; // stand-ins for imports that failed
  // //go:linkname local [target]: the object and its link name ("" for none given).
  std::vector<std::pair<ObjectId, std::string>> linknames;
  bool complete = false; // checked (possibly with errors)
  bool hasErrors = false;

  const ExprInfo &Info(uint32_t file, syntax::NodeId n) const { return info[file][n.index]; }
  const Object &Obj(ObjectId id) const { return types.Obj(id); }
  const Value &Constant(uint32_t v) const { return types.constants[v]; }
  ObjectId Lookup(std::string_view name) const {
    auto it = scope.find(name);
    return it == scope.end() ? ObjectId{} : it->second;
  }
  // How types of this package are qualified in messages about package `from`: by name, or
  // by quoted path when `from` imports another package of the same name.
  std::string Qualifier(const Package *from) const;
};

// What the checker needs from its caller.
struct Config {
  // The package an import path of this package refers to (already checked), or nullptr if
  // it could not be loaded (reported as types2 reports it: "could not import").
  std::function<Package *(std::string_view path)> importer;
  // Skip function bodies (for dependencies checked only for their exported API).
  bool ignoreFuncBodies = false;
  // The package has no assembly: a function without a body is an error unless a
  // //go:linkname directive names it (gc's -complete flag, which go build passes then).
  bool complete = true;
  // The language version go1.<goMinor> (-lang, a go.mod `go` line); features of later
  // versions are errors ("... requires go1.18 or later"). 0: the newest talpa knows.
  int goMinor = 0;
};

// Parses "go1.N" (or "go1.N.P"); false if it is no Go 1 version.
bool ParseGoVersion(std::string_view v, int *minor);

// Type-checks the files of one package. Errors go to `diags` in types2's words (with gc's
// CompilerErrorMessages variants); the result is always a Package.
std::unique_ptr<Package> Check(Universe &u, std::string importPath,
                               std::vector<std::unique_ptr<syntax::File>> files,
                               const Config &config, base::Diagnostics &diags);

} // namespace talpa::types

#endif // TALPA_TYPES_TYPES_H
