// The checker's internal state, shared by decl.cpp, expr.cpp and stmt.cpp (after types2's
// Checker: operands with modes, scopes, delayed untyped-expression typing).
#ifndef TALPA_TYPES_CHECKER_H
#define TALPA_TYPES_CHECKER_H

#include <set>
#include <string>
#include <vector>

#include "compiler/syntax/parser.h"
#include "compiler/types/types.h"
#include "llvm/ADT/StringMap.h"

namespace talpa::types {

using syntax::NodeId;
using syntax::NodeKind;
using TK = syntax::TokenKind;

struct Operand {
  Mode mode = Mode::Invalid;
  NodeId expr;
  TypeId type;
  uint32_t val = 0; // Constant: index into Package::constants
  BuiltinId builtin = BuiltinId::None;
};

struct Scope {
  llvm::StringMap<ObjectId> names;
};

class Checker {
public:
  Checker(Package &pkg, base::Diagnostics &diags) : pkg_(pkg), diags_(diags) {}
  void CheckPackage();

  // Expression trees deeper than this (a chain `1 + 1 + ... + 1` of that many terms
  // is one) are rejected with an error; the checker and the lowering recurse on them,
  // and the driver's stack is sized for this depth.
  static constexpr int kMaxExprDepth = 100000;

  // ---- shared helpers ----
  syntax::File &F() { return *pkg_.files[file_]; }
  ExprInfo &Info(NodeId n) { return pkg_.info[file_][n.index]; }
  void Error(uint32_t pos, std::string msg) { diags_.Error(F().id, pos, std::move(msg)); }
  void ErrorAtNode(NodeId n, std::string msg) { Error(syntax::StartPos(F(), n), std::move(msg)); }
  // Reports a construct talpa cannot check yet. What it would have used or terminated is
  // unknown, so the enclosing function's "declared but not used" and "missing return"
  // checks are skipped rather than reported wrongly.
  void NotSupported(NodeId n, const std::string &what) {
    ErrorAtNode(n, "talpa: not yet supported: " + what);
    unsupportedInFunc_ = true;
  }
  std::string ExprString(NodeId n) { return syntax::String(F(), n); }
  std::string OperandString(const Operand &x);
  std::string TypeString(TypeId t) { return pkg_.types.String(t); }
  uint32_t AddConst(Value v) {
    pkg_.constants.push_back(std::move(v));
    return static_cast<uint32_t>(pkg_.constants.size() - 1);
  }
  const Value &Val(const Operand &x) { return pkg_.constants[x.val]; }
  ObjectId NewObject(Object o) {
    pkg_.objects.push_back(o);
    return ObjectId{static_cast<uint32_t>(pkg_.objects.size() - 1)};
  }
  Object &Obj(ObjectId id) { return pkg_.objects[id.index]; }

  // ---- scopes (scope.cpp part of decl.cpp) ----
  ObjectId Lookup(std::string_view name);
  void OpenScope() { scopes_.emplace_back(); }
  void CloseScope() { scopes_.pop_back(); }
  // Declares in the innermost scope; reports "x redeclared in this block".
  bool Declare(ObjectId obj);
  std::string OtherDeclaration(ObjectId obj);

  // ---- declarations (decl.cpp) ----
  void CollectObjects();
  void ObjDecl(ObjectId obj);
  void ConstDecl(ObjectId obj);
  void VarDecl(ObjectId obj);
  void FuncSignature(ObjectId obj);
  void FuncBody(ObjectId obj);
  void InitOrder();
  TypeId TypeExpr(NodeId e);
  void LocalConstDecl(NodeId spec);
  void LocalVarDecl(NodeId spec);
  void ConstSpecValues(NodeId spec, const std::vector<ObjectId> &objs, TypeId typ, int iota);
  void Usage(size_t firstLocal);

  // ---- expressions (expr.cpp) ----
  void Expr(Operand &x, NodeId e); // single value expected
  void RawExpr(Operand &x, NodeId e, bool allowTuple);
  void Record(const Operand &x);
  void ExprInternal(Operand &x, NodeId e);
  void Ident(Operand &x, NodeId e, bool markUsed);
  void BasicLit(Operand &x, NodeId e);
  void Unary(Operand &x, NodeId e);
  void Binary(Operand &x, NodeId e, NodeId lhs, NodeId rhs, TK op, bool opAssign);
  void Shift(Operand &x, Operand &y, NodeId e, TK op);
  // switchCase: y is a switch tag and x a case value (types2's words for that case).
  void Comparison(Operand &x, Operand &y, NodeId e, TK op, bool switchCase = false);
  void MatchTypes(Operand &x, Operand &y);
  bool ImplicitType(const Operand &x, TypeId target, TypeId *out, int *code);
  void ConvertUntyped(Operand &x, TypeId target);
  void UpdateExprType(NodeId e, TypeId t, bool final);
  void Representable(Operand &x, TypeId t);
  // from: the operand's type, which picks "truncated" (float to integer) or
  // "overflows" as types2 does; without it the value decides.
  int Representation(const Value &v, TypeId t, Value *rounded, TypeId from = TypeId());
  void Overflow(Operand &x, NodeId opNode);
  void Call(Operand &x, NodeId e);
  int64_t Index(NodeId index, int64_t max, bool *valid);
  void IndexExpr(Operand &x, NodeId e);
  void SliceExpr(Operand &x, NodeId e);
  void Conversion(Operand &x, TypeId t, NodeId call);
  void Builtin(Operand &x, NodeId call, BuiltinId id);
  void Arguments(NodeId call, TypeId sig, std::vector<Operand> &args, const std::string &fun);
  void CollectArgs(NodeId call, std::vector<Operand> &args);
  void Assignment(Operand &x, TypeId t, const std::string &context);
  void SingleValue(Operand &x);
  void DefaultType(Operand &x, const std::string &context);
  std::string TypesSummary(const std::vector<TypeId> &list);

  // ---- statements (stmt.cpp) ----
  void StmtList(syntax::NodeList list);
  void Stmt(NodeId s);
  void AssignStmt(NodeId s);
  void ShortVarDecl(NodeId s);
  void AssignVars(const std::vector<NodeId> &lhs, NodeId rhs, NodeId at);
  void InitVars(const std::vector<ObjectId> &lhs, NodeId rhs, NodeId at, const std::string &context,
                Operand *given = nullptr);
  void InitOne(ObjectId v, Operand &x, const std::string &context);
  void ValueForAssign(Operand &x, NodeId rhs);
  TypeId LhsVar(NodeId lhs);
  void AssignError(NodeId rhs, size_t nvars, size_t nvals);
  void ReturnStmt(NodeId s);
  void SwitchStmt(NodeId s);
  void RangeStmt(NodeId s);
  void CaseValues(Operand &x, NodeId clause, std::vector<std::pair<Operand, uint32_t>> &seen);
  bool IsTerminating(NodeId s, std::string_view label);
  bool IsTerminatingList(syntax::NodeList list, std::string_view label);
  bool HasBreak(NodeId s, std::string_view label, bool implicit);
  bool HasBreakList(syntax::NodeList list, std::string_view label, bool implicit);

  // ---- labels and branches (branches.cpp) ----
  void Branches(NodeId body);

  int exprDepth_ = 0;              // current RawExpr recursion depth
  bool unsupportedInFunc_ = false; // see NotSupported
  // Names of package-level declarations that were reported as not yet supported: uses
  // of them are not reported again as undefined.
  std::set<std::string_view> unsupportedNames_;
  bool UnsupportedName(std::string_view name) {
    if (!unsupportedNames_.count(name)) return false;
    unsupportedInFunc_ = true;
    return true;
  }

  Package &pkg_;
  base::Diagnostics &diags_;
  uint32_t file_ = 0;
  Scope universe_;
  Scope package_;
  std::vector<Scope> scopes_;
  // Package-level object checking state (types2's object colors).
  std::vector<uint8_t> color_;              // 0 white, 1 grey, 2 black; by object index
  std::vector<uint32_t> objFile_;           // file of each package-level object's declaration
  std::vector<std::vector<ObjectId>> deps_; // package-level dependencies, by object
  ObjectId currentDecl_;                    // object whose declaration is being checked
  // Function context.
  TypeId sigResults_;
  std::vector<ObjectId> resultVars_;
  std::vector<ObjectId> localVars_; // locals of the current function, for usage
  int iota_ = -1;                   // inside a const declaration
  std::vector<std::pair<ObjectId, uint32_t>> varDeclNodes_; // package var -> VarDecl node
};

} // namespace talpa::types

#endif // TALPA_TYPES_CHECKER_H
