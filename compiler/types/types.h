// The type checker's result: a checked package (objects, expression types and constant
// values, initialization order), and Check, the stage's one entry.
#ifndef TALPA_TYPES_TYPES_H
#define TALPA_TYPES_TYPES_H

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/syntax/syntax.h"
#include "compiler/types/constant.h"
#include "compiler/types/type.h"

namespace talpa::types {

struct ObjectId {
  uint32_t index = 0; // 0 is "no object"
  explicit operator bool() const { return index != 0; }
  friend bool operator==(ObjectId a, ObjectId b) { return a.index == b.index; }
};

enum class ObjectKind : uint8_t { None, Var, Const, TypeName, Func, Builtin, Nil };

enum class BuiltinId : uint8_t {
  None,
  Append,
  Cap,
  Close,
  Complex,
  Copy,
  Delete,
  Imag,
  Len,
  Make,
  New,
  Panic,
  Print,
  Println,
  Real,
  Recover
};

struct Object {
  ObjectKind kind = ObjectKind::None;
  BuiltinId builtin = BuiltinId::None;
  bool packageLevel = false;
  bool used = false;
  bool isParam = false;  // parameter or named result
  bool isResult = false; // named result
  std::string_view name;
  uint32_t file = 0; // index into Package::files
  uint32_t pos = 0;  // byte offset of the declaring name
  TypeId type;
  uint32_t value = 0;  // Const: index into Package::constants
  syntax::NodeId decl; // declaring node (FuncDecl for functions)
  uint32_t index = 0;  // Func "init": its sequence number; param/result: position
};

// What an expression denotes, as types2's operand modes.
enum class Mode : uint8_t { Invalid, NoValue, Builtin, TypeExpr, Constant, Variable, Value };

// Per-node facts the checker records for later stages.
struct ExprInfo {
  TypeId type; // final type (untyped constants converted to their context's type)
  Mode mode = Mode::Invalid;
  uint32_t value = 0; // Constant: index into Package::constants
  ObjectId object;    // Name: the object used or defined
  // For conversions T(x) and builtin calls: what the call is.
  uint8_t callKind = 0; // CallKind
};
enum CallKind : uint8_t { CallNone, CallFunc, CallConversion, CallBuiltin };

// A package variable initialization: lhs := rhs, in dependency order.
struct Initializer {
  uint32_t file;
  std::vector<ObjectId> lhs; // 0 entries for blank identifiers
  syntax::NodeId rhs;        // one expression (a multi-value call if lhs.size() > 1)
};

class Package {
public:
  std::string path;
  std::string name;
  std::vector<std::unique_ptr<syntax::File>> files;
  TypeTable types;
  std::vector<Object> objects;             // objects[0] is unused
  std::vector<Value> constants;            // constants[0] is Unknown
  std::vector<std::vector<ExprInfo>> info; // [file][node]
  std::vector<ObjectId> funcs;             // package functions with bodies, source order
  std::vector<ObjectId> initFuncs;         // user init functions, source order
  std::vector<Initializer> initOrder;      // package variable initialization order
  std::vector<ObjectId> globals;           // package variables, source order

  const ExprInfo &Info(uint32_t file, syntax::NodeId n) const { return info[file][n.index]; }
  const Object &Obj(ObjectId id) const { return objects[id.index]; }
  const Value &Constant(uint32_t v) const { return constants[v]; }
};

// Type-checks the files of one package. Errors go to `diags` in types2's words (with
// gc's CompilerErrorMessages variants); the result is always a Package.
std::unique_ptr<Package> Check(std::string importPath,
                               std::vector<std::unique_ptr<syntax::File>> files,
                               base::Diagnostics &diags);

} // namespace talpa::types

#endif // TALPA_TYPES_TYPES_H
