// The checker's internal state, shared by decl.cpp, expr.cpp and stmt.cpp (after types2's
// Checker: operands with modes, scopes, delayed untyped-expression typing).
#ifndef TALPA_TYPES_CHECKER_H
#define TALPA_TYPES_CHECKER_H

#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/syntax/parser.h"
#include "compiler/types/types.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

namespace talpa::types {

using syntax::NodeId;
using syntax::NodeKind;
using TK = syntax::TokenKind;

// A builtin function's name ("append", "Sizeof").
const char *BuiltinName(BuiltinId id);
// Whether a call of the builtin may stand alone as a statement (types2's statement
// kind: clear, close, copy, delete, panic, print, println, recover); the results of the
// others must be used (builtins.cpp).
bool BuiltinIsStatement(BuiltinId id);

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
  Checker(Package &pkg, const Config &config, base::Diagnostics &diags)
      : pkg_(pkg), u_(pkg.types), config_(config), diags_(diags) {}
  void CheckPackage();

  // Expression trees deeper than this (a chain `1 + 1 + ... + 1` of that many terms
  // is one) are rejected with an error; the checker and the lowering recurse on them,
  // and the driver's stack is sized for this depth.
  static constexpr int kMaxExprDepth = 100000;

  // ---- shared helpers ----
  syntax::File &F() { return *pkg_.files[file_]; }
  syntax::File &F(uint32_t file) { return *pkg_.files[file]; }
  ExprInfo &Info(NodeId n) { return pkg_.info[file_][n.index]; }
  // As types2, once an error has been reported, messages mentioning "invalid operand" or
  // "invalid type" (not at their start) are dropped as follow-on errors.
  void Error(uint32_t pos, std::string msg) {
    if (diags_.HasErrors()) {
      size_t a = msg.find("invalid operand"), b = msg.find("invalid type");
      if ((a != std::string::npos && a > 0) || (b != std::string::npos && b > 0)) return;
    }
    diags_.Error(F().id, pos, std::move(msg));
  }
  void ErrorAtObj(ObjectId id, std::string msg);
  // Runs `fn` after the package-level declarations (types2's check.later).
  void Later(std::function<void()> fn) { later_.push_back(std::move(fn)); }
  void ProcessLater();
  // Whether the language version allows a go1.<minor> feature; VersionError reports
  // "<what> requires go1.<minor> or later (-lang was set to ...; check go.mod)".
  bool AllowVersion(int minor) const { return config_.goMinor == 0 || config_.goMinor >= minor; }
  void VersionError(uint32_t pos, int minor, const std::string &what);
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
  bool IsNil(const Operand &x);
  std::string TypeString(TypeId t) { return u_.String(t, &pkg_); }
  uint32_t AddConst(Value v) {
    u_.constants.push_back(std::move(v));
    return static_cast<uint32_t>(u_.constants.size() - 1);
  }
  const Value &Val(const Operand &x) { return u_.constants[x.val]; }
  ObjectId NewObject(Object o) {
    o.pkg = &pkg_;
    return u_.NewObject(o);
  }
  Object &Obj(ObjectId id) { return u_.Obj(id); }
  // The position of an object's declaration, as "file:line:col".
  std::string ObjPos(ObjectId id);

  // ---- scopes (scope.cpp part of decl.cpp) ----
  ObjectId Lookup(std::string_view name);
  void OpenScope() { scopes_.emplace_back(); }
  void CloseScope() { scopes_.pop_back(); }
  // Declares in the innermost scope; reports "x redeclared in this block".
  bool Declare(ObjectId obj);
  std::string OtherDeclaration(ObjectId obj);

  // ---- declarations (decl.cpp) ----
  void CollectObjects();
  void ImportDecl(NodeId d);
  bool Linknamed(std::string_view local);
  void UnusedImports();
  void Linknames();
  NodeId ReceiverBaseName(NodeId recvType, bool *ptr);
  uint8_t &Color(ObjectId id);
  std::vector<ObjectId> &Deps(ObjectId id);
  void ObjDecl(ObjectId obj);
  bool ValidCycle(ObjectId obj);
  bool ValidCycleAllValues(ObjectId obj);
  void CycleError(const std::vector<ObjectId> &cycle);
  void ConstDecl(ObjectId obj);
  void ConstValue(Operand &x, NodeId v, TypeId typ, NodeId typeNode);
  void VarDecl(ObjectId obj);
  void TypeDecl(ObjectId obj, NodeId decl);
  void ResolveUnderlying(TypeId named);
  void ValidType(TypeId named);
  void CollectMethods(ObjectId typeName);
  void FuncSignature(ObjectId obj);
  ObjectId Receiver(ObjectId method, NodeId field, std::vector<TypeId> *recvTypeParams);
  void FuncBody(ObjectId obj);
  void FuncBodyIn(TypeId sig, NodeId body);
  void InitOrder();
  void LocalConstDecl(NodeId spec);
  void LocalVarDecl(NodeId spec);
  void LocalTypeDecl(NodeId decl);
  void ConstSpecValues(NodeId spec, const std::vector<ObjectId> &objs, TypeId typ, int iota);
  void Usage(size_t firstLocal);

  // ---- type expressions (typexpr.cpp) ----
  TypeId TypeExpr(NodeId e);                // a type for a variable, field, parameter
  TypeId DefinedType(NodeId e, TypeId def); // def: the named type being declared
  TypeId TypeInternal(NodeId e, TypeId def);
  int64_t ArrayLength(NodeId e);
  TypeId StructType(NodeId e);
  TypeId InterfaceType(NodeId e, TypeId def);
  TypeId UnionType(NodeId e);
  // A signature; `declare` collects the named parameter objects (for a body's scope).
  TypeId FuncType(NodeId ft, ObjectId recv, std::vector<TypeId> typeParams,
                  std::vector<ObjectId> *declare);

  // ---- generics (generics.cpp) ----
  std::vector<TypeId> DeclareTypeParams(syntax::NodeList list);
  TypeId Bound(NodeId constraint);
  TypeId InstantiatedType(NodeId e, TypeId def);
  // A call of generic function `fn` with `args` (already evaluated): infers the missing
  // type arguments, instantiates, and returns the instance's signature (0 after an error).
  TypeId GenericCall(Operand &fn, NodeId call, std::vector<Operand> &args);
  // f[T1, T2]: explicit (possibly partial) instantiation of a generic function value.
  void FuncInstance(Operand &x, NodeId e);
  // The instance of generic named type or signature `orig` with `args` (pos: where to
  // report a failed constraint, 0 for none; verify: check the constraints).
  TypeId Instantiate(TypeId orig, const std::vector<TypeId> &args, NodeId pos, bool verify);
  TypeId Subst(TypeId t, const std::vector<TypeId> &from, const std::vector<TypeId> &to);
  // The signature of generic function `sig` instantiated with `targs` (not generic).
  TypeId InstantiateSig(TypeId sig, const std::vector<TypeId> &targs);
  // Checks the type arguments against their constraints: false with the failing index and
  // types2's cause.
  bool Verify(const std::vector<TypeId> &tparams, const std::vector<TypeId> &targs, size_t *index,
              std::string *cause);
  // Verify, later, reporting at xlist[i] (the explicit type argument) or else at pos.
  void VerifyLater(const std::vector<TypeId> &tparams, const std::vector<TypeId> &targs, NodeId pos,
                   std::vector<NodeId> xlist);
  // Substitutes the underlying types of instances made before their origin's was known.
  void ExpandInstances(TypeId orig);
  void RecordInstance(NodeId n, const std::vector<TypeId> &targs);
  // types2's nonGeneric: a generic function or type used as a value or type without
  // instantiation is reported and made invalid.
  void NonGeneric(Operand &x);
  // Reports overlapping terms of a union (a|a, a|~a, ~a|A with under(A) == a), later.
  void UnionOverlaps(const std::vector<Term> &terms, const std::vector<NodeId> &nodes);
  // types2's mono.go: type arguments flowing into this package's type parameters, and the
  // check that no cycle of them grows a type (which would need infinitely many instances).
  void MonoRecord(const std::vector<TypeId> &tparams, const std::vector<TypeId> &targs, NodeId pos,
                  const std::vector<NodeId> &xlist);
  void Monomorph();
  struct MonoEdge {
    TypeId dst, src; // type parameters
    int weight;
    uint32_t file, pos;
    TypeId typ;
  };
  std::vector<MonoEdge> monoEdges_;
  std::vector<TypeId> expanding_; // generic types whose instances are being expanded
  static constexpr long kMaxExpandNesting = 3;
  // types2's comparable(T, dynamic=false): interfaces only if their type set is.
  bool ComparableStrict(TypeId t);
  // ---- type inference (infer.cpp) ----
  bool IsParameterized(const std::vector<TypeId> &tparams, TypeId t, int depth);
  bool CoreTerm(TypeId tpar, Term *core, bool *single);
  std::vector<TypeId> InferB(NodeId pos, const std::vector<TypeId> &tparams,
                             const std::vector<TypeId> &targs, int *first, bool report);
  // The complete type arguments for tparams from the explicit ones (a prefix), the
  // arguments and their parameter types; empty after an error (reported if `report`).
  std::vector<TypeId> Infer(NodeId pos, std::vector<TypeId> tparams, std::vector<TypeId> targs,
                            std::vector<TypeId> params, std::vector<Operand> &args, bool report);

  // ---- lookup and assignability (lookup.cpp) ----
  // types2's LookupFieldOrMethod: the field or method `name` of T (or *T if addressable),
  // with the path of embedded fields; indirect: a pointer was followed on the way.
  // Returns 0 with *indirect set if a method needs a pointer receiver; with `ambiguous`
  // if the name is found more than once at the shallowest depth.
  ObjectId LookupFieldOrMethod(TypeId t, bool addressable, const Package *pkg,
                               std::string_view name, std::vector<int> *path, bool *indirect,
                               bool *ambiguous = nullptr);
  // The method of `t`'s method set (declared or promoted) missing for interface `iface`,
  // with types2's cause ("(missing method M)", "(wrong type for method M)...").
  ObjectId MissingMethod(TypeId t, TypeId iface, bool isStatic, bool *wrongType,
                         ObjectId *found = nullptr);
  bool Implements(TypeId t, TypeId iface, std::string *cause);
  std::string MissingMethodCause(TypeId t, TypeId iface, ObjectId m, bool wrongType,
                                 ObjectId found);
  bool AssignableTo(Operand &x, TypeId t, std::string *cause);
  bool ConvertibleTo(Operand &x, TypeId t, std::string *cause);
  TypeId CoreType(TypeId t);
  TypeId SigWithoutRecv(TypeId sig);
  bool ForEachTerm(TypeId typeParam, const std::function<bool(TypeId)> &fn);
  TypeId CoreString(TypeId t); // core type, with []byte|string as string

  // ---- expressions (expr.cpp) ----
  void Expr(Operand &x, NodeId e); // single value expected
  void RawExpr(Operand &x, NodeId e, bool allowTuple);
  void Record(const Operand &x);
  void ExprInternal(Operand &x, NodeId e);
  void Ident(Operand &x, NodeId e, bool markUsed, bool wantType = false);
  void Selector(Operand &x, NodeId e, bool wantType);
  TypeId MethodType(TypeId t, ObjectId m, const std::vector<int> &path);
  TypeId FieldType(TypeId t, ObjectId fld, const std::vector<int> &path);
  void CompositeLit(Operand &x, NodeId e, TypeId hint);
  void ExprWithHint(Operand &x, NodeId e, TypeId hint); // hint: type of an elided literal
  int64_t IndexedElts(syntax::NodeList elts, TypeId elem, int64_t length);
  void UseExpr(NodeId e); // evaluates e (a ListExpr: each) for its errors and uses
  void FuncLit(Operand &x, NodeId e);
  void TypeAssertion(Operand &x, NodeId e);
  void UnaryAddress(Operand &x, NodeId e);
  void Deref(Operand &x, NodeId e);
  void Receive(Operand &x, NodeId e);
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
  uint32_t RoundedConst(uint32_t val, TypeId t);
  void Representable(Operand &x, TypeId t);
  // from: the operand's type, which picks "truncated" (float to integer) or
  // "overflows" as types2 does; without it the value decides.
  int Representation(const Value &v, TypeId t, Value *rounded, TypeId from = TypeId());
  void Overflow(Operand &x, NodeId opNode);
  void Call(Operand &x, NodeId e);
  int64_t Index(NodeId index, int64_t max, bool *valid);
  void IndexExpr(Operand &x, NodeId e);
  NodeId SingleIndex(NodeId e);
  void SliceExpr(Operand &x, NodeId e);
  void Conversion(Operand &x, TypeId t, NodeId call);
  void Builtin(Operand &x, NodeId call, BuiltinId id);
  // builtins.cpp: the checks of Builtin (false: the call is invalid), and its helpers.
  bool BuiltinCall(Operand &x, NodeId call, BuiltinId id);
  bool HasCallOrRecv(NodeId e);
  bool HasVarSize(TypeId t, int depth = 0);
  bool ValidIndex(Operand &x, const std::string &what, bool allowNegative);
  void Arguments(NodeId call, TypeId sig, std::vector<Operand> &args, const std::string &fun);
  void CollectArgs(NodeId call, std::vector<Operand> &args);
  void Assignment(Operand &x, TypeId t, const std::string &context);
  void SingleValue(Operand &x);
  void DefaultType(Operand &x, const std::string &context);
  std::string TypesSummary(const std::vector<TypeId> &list, bool variadic = false);

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
  void AssignError(NodeId rhs, size_t nvars, size_t nvals);
  void ReturnStmt(NodeId s);
  void SwitchStmt(NodeId s);
  void RangeStmt(NodeId s);
  void CaseValues(Operand &x, NodeId clause, std::vector<std::pair<Operand, uint32_t>> &seen);
  void MultipleDefaults(syntax::NodeList clauses);
  void TypeSwitchStmt(NodeId s, NodeId guard);
  TypeId CaseTypes(Operand *x, const std::vector<NodeId> &types,
                   std::vector<std::pair<TypeId, NodeId>> &seen);
  void TypeSwitchCase(NodeId e, Operand &x, TypeId t);
  void SelectStmt(NodeId s);
  void SendStmt(NodeId s);
  bool StmtCall(NodeId e, bool *conversion);
  void SuspendedCall(NodeId s);
  std::vector<Operand> RhsValues(const std::vector<NodeId> &rhs, size_t nlhs, bool allowCommaOk,
                                 bool *commaOk);
  void RecordCommaOk(NodeId rhs, TypeId t0, TypeId t1);
  TypeId InitVar(ObjectId v, Operand &x, const std::string &context);
  TypeId AssignVar(NodeId lhs, Operand &x);
  std::string ObjectString(ObjectId id);
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

  // Objects created by this checker have ids from objBase_ on: colours and dependencies
  // are kept in vectors offset by it.
  uint32_t objBase_ = 0;
  std::vector<ObjectId> objPath_;   // package-level objects being checked (cycle detection)
  std::vector<ObjectId> typeNames_; // package-level type names, source order
  std::vector<ObjectId> funcDecls_; // functions and methods, source order
  std::vector<ObjectId> valueObjs_; // package-level constants and variables, source order
  std::vector<ObjectId> imports_;   // PkgName objects
  std::map<std::pair<uint32_t, uint32_t>, ObjectId> dotImports_;   // (file, object) -> PkgName
  std::unordered_map<uint32_t, std::vector<ObjectId>> methodsOf_;  // TypeName -> methods
  std::unordered_map<uint32_t, std::vector<ObjectId>> funcParams_; // Func -> named params
  std::unordered_set<uint32_t> validTypes_, reportedCycles_, invalidObjs_, rtypGeneric_;
  std::vector<std::function<void()>> later_;
  std::unordered_map<uint32_t, std::vector<TypeId>> instances_; // generic type -> instances
  llvm::DenseMap<uint32_t, TypeId> methodValueSigs_; // method type -> its signature as a value
  std::unordered_map<uint32_t, std::vector<TypeId>> unexpanded_;   // generic type -> instances
  std::unordered_map<uint32_t, std::vector<TypeId>> badInstances_; // wrong argument count
  // Partial instantiations f[A] (file, node) -> explicit type arguments, for the call.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<TypeId>> partialInst_;
  std::set<std::pair<uint32_t, uint32_t>> partialUsed_;

  Package &pkg_;
  Universe &u_;
  const Config &config_;
  base::Diagnostics &diags_;
  uint32_t file_ = 0;
  std::vector<Scope> fileScopes_; // per file: imported package names (and dot imports)
  std::vector<Scope> scopes_;
  // Package-level object checking state (types2's object colors).
  std::vector<uint8_t> color_;              // 0 white, 1 grey, 2 black; by object index
  std::vector<uint32_t> objFile_;           // file of each package-level object's declaration
  std::vector<std::vector<ObjectId>> deps_; // package-level dependencies, by object
  ObjectId currentDecl_;                    // object whose declaration is being checked
  // Function context.
  TypeId sigResults_;
  std::vector<ObjectId> localVars_; // locals of the current function, for usage
  int iota_ = -1;                   // inside a const declaration
  std::vector<std::pair<ObjectId, uint32_t>> varDeclNodes_; // package var -> VarDecl node
};

} // namespace talpa::types

#endif // TALPA_TYPES_CHECKER_H
