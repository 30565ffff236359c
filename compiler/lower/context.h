// Lowering's shared state: the per-package module context and the per-function builder
// context that the feature files (expr, stmt, call, builtin, panic) extend.
#ifndef TALPA_LOWER_CONTEXT_H
#define TALPA_LOWER_CONTEXT_H

#include <string>
#include <vector>

#include "compiler/lower/abi.h"
#include "compiler/lower/lower.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/IRBuilder.h"

namespace talpa::lower {

using syntax::NodeId;
using syntax::NodeKind;
using TK = syntax::TokenKind;
using types::BasicKind;
using types::ObjectId;
using types::TypeId;

// Runtime entry points, from runtime/include/talpa/runtime.def.
enum class RuntimeFunc {
#define RUNTIME_FUNC(Id, Symbol, Flags, Result, ...) Id,
#include "talpa/runtime.def"
#undef RUNTIME_FUNC
  Count
};

// support.cpp: whether the lowering implements everything the package uses; reports each
// construct it does not to `diags` (if given).
bool CheckSupported(const types::Package &pkg, base::Diagnostics *diags);

class ModuleContext;

// debuginfo.cpp: the module's compile unit and line table (see the file comment).
class DebugInfo {
public:
  DebugInfo(ModuleContext &m, const base::SourceManager &sources);
  ~DebugInfo();
  // The function's DISubprogram, named goName as tracebacks print it, at pos in file.
  llvm::DISubprogram *Subprogram(llvm::Function *fn, std::string_view goName, uint32_t file,
                                 uint32_t pos);
  base::LineColumn Line(uint32_t file, uint32_t pos) const;
  llvm::DIScope *Scope(llvm::DISubprogram *sp, uint32_t file);
  void Finish(); // before the module is verified

private:
  llvm::DIFile *File(uint32_t file);
  ModuleContext &m_;
  const base::SourceManager &sources_;
  llvm::DIBuilder builder_;
  llvm::DICompileUnit *unit_ = nullptr;
  llvm::DISubroutineType *emptyType_ = nullptr;
  llvm::DenseMap<uint32_t, llvm::DIFile *> files_;
  llvm::DenseMap<std::pair<llvm::DISubprogram *, llvm::DIFile *>, llvm::DILexicalBlockFile *>
      blocks_;
};

// Per-package state.
class ModuleContext {
public:
  ModuleContext(const types::Package &pkg, llvm::LLVMContext &ctx, const llvm::TargetMachine &tm);
  // Checks that the target's data layout gives the LLVM types of runtime/include/talpa/
  // abi.h's structs the offsets clang gives the header (abi.cpp); a difference is an
  // internal error.
  void CheckLayouts() const;

  const types::Package &pkg;
  llvm::LLVMContext &ctx;
  std::unique_ptr<llvm::Module> module;
  llvm::Type *intptrTy; // from the data layout
  llvm::PointerType *ptrTy;
  llvm::StructType *stringTy;       // AbiType(AbiStruct::stringStruct)
  std::unique_ptr<DebugInfo> debug; // null without a source manager

  // The LLVM type of a struct of runtime/include/talpa/abi.h for the module's target, named
  // "abi.<struct>" and built from the table tools/abigen generated from the header
  // (compiler/lower/abi.h). Index its fields with AbiField(s, "name").
  llvm::StructType *AbiType(AbiStruct s) const { return abiTypes_[static_cast<size_t>(s)]; }

  llvm::Type *LLVMType(TypeId t);           // a Go type's value type
  llvm::Type *ResultType(TypeId signature); // void, the result, or a struct of results
  llvm::FunctionType *FuncType(TypeId signature);
  llvm::Function *Runtime(RuntimeFunc f); // declared on first use from runtime.def
  llvm::Constant *StringConstant(std::string_view s);
  llvm::Function *GoFunction(ObjectId fn); // declared on first use
  llvm::GlobalVariable *Global(ObjectId var);
  std::string Symbol(ObjectId obj) const;
  void SetFunctionAttributes(llvm::Function *f);

private:
  const AbiTargetLayout *abiLayout_;         // the table's entry for the module's triple
  std::vector<llvm::StructType *> abiTypes_; // by AbiStruct
  llvm::Function *runtime_[static_cast<int>(RuntimeFunc::Count)] = {};
  llvm::StringMap<llvm::Constant *> strings_;
  llvm::DenseMap<uint32_t, llvm::Function *> funcs_;
  llvm::DenseMap<uint32_t, llvm::GlobalVariable *> globals_;
};

// Per-function state: the builder and where each local lives.
class FunctionContext {
public:
  FunctionContext(ModuleContext &m, llvm::Function *fn, uint32_t file);

  ModuleContext &m;
  const types::Package &pkg;
  llvm::Function *fn;
  uint32_t file;
  llvm::IRBuilder<> b;
  llvm::IRBuilder<> entry; // inserts allocas at the top of the entry block
  llvm::DenseMap<uint32_t, llvm::AllocaInst *> locals; // ObjectId -> storage
  llvm::AllocaInst *concatResult = nullptr; // out slot of string results, read right away
  TypeId signature;
  std::vector<ObjectId> namedResults;
  // Statements that break/continue can target: loops (with a continue block) and
  // switches (without one), innermost last.
  struct Loop {
    std::string_view label;
    llvm::BasicBlock *breakBB, *continueBB;
  };
  std::vector<Loop> loops;
  std::string_view pendingLabel;                   // label of the for/switch about to be lowered
  llvm::BasicBlock *fallthroughBB = nullptr;       // next case body, inside a switch case
  llvm::StringMap<llvm::BasicBlock *> labelBlocks; // goto targets, made on first use

  llvm::DISubprogram *subprogram = nullptr; // with debug info

  const syntax::File &F() const { return *pkg.files[file]; }

  // debuginfo.cpp: the function's subprogram (named goName, at decl or the file's start)
  // and the builder's location, set to a byte offset of the current file.
  void StartDebug(std::string_view goName, NodeId decl);
  void SetLocation(uint32_t pos);
  const types::ExprInfo &Info(NodeId n) const { return pkg.Info(file, n); }
  TypeId TypeOf(NodeId n) const; // final type, untyped mapped to its default

  // Storage of a variable (local alloca or package global).
  llvm::Value *Address(ObjectId var);
  llvm::AllocaInst *NewLocal(ObjectId var);
  // Starts a fresh block if the current one already ends in a terminator (code after
  // return/break/panic is unreachable but must still be emitted somewhere).
  void EnsureInsertable();
  bool Terminated() const { return b.GetInsertBlock()->getTerminator() != nullptr; }

  // expr.cpp
  llvm::Value *Expr(NodeId e);
  llvm::Value *Constant(NodeId e);
  llvm::Value *ConstantValue(const types::Value &v, TypeId t);
  llvm::Value *Zero(TypeId t);
  llvm::Value *Unary(NodeId e);
  llvm::Value *Binary(NodeId e);
  llvm::Value *BinaryOp(TK op, TypeId t, llvm::Value *x, llvm::Value *y, NodeId yNode,
                        TypeId yType);
  llvm::Value *Compare(TK op, TypeId t, llvm::Value *x, llvm::Value *y);
  llvm::Value *Shift(TK op, TypeId t, llvm::Value *x, llvm::Value *y, TypeId yType);
  llvm::Value *LogicalOp(NodeId e, TK op);
  llvm::Value *Convert(llvm::Value *v, TypeId from, TypeId to);
  llvm::AllocaInst *StringResult();  // the function's one string out slot (concatResult)
  llvm::Value *IndexValue(NodeId e); // an index as i64 (sign- or zero-extended)
  // Continues when ok holds, else calls the noreturn bounds panic with (x, y).
  void CheckBounds(llvm::Value *ok, RuntimeFunc panic, llvm::Value *x, llvm::Value *y);
  llvm::Value *StringIndex(NodeId e);
  llvm::Value *StringSlice(NodeId e);

  // call.cpp
  llvm::Value *Call(NodeId e);
  std::vector<llvm::Value *> Values(NodeId e); // an expression's values (tuples spread)

  // builtin.cpp
  llvm::Value *Builtin(NodeId call, types::BuiltinId id);
  void Print(NodeId call, bool newline);

  // panic.cpp
  void PanicString(llvm::Value *s);
  void CheckDivide(llvm::Value *y, NodeId yNode);

  // stmt.cpp
  void Body(NodeId block);
  void Stmt(NodeId s);
  void StmtList(syntax::NodeList l);
  void Store(NodeId lhs, llvm::Value *v);
  void Return(NodeId s);
  void Switch(NodeId s);
  void RangeString(NodeId s);
  void Branch(NodeId s);
  llvm::BasicBlock *LabelBlock(std::string_view name);
  void ReturnValues(const std::vector<llvm::Value *> &vals);
};

// Sets the builder's debug location to node n's for its lifetime, then restores it: the
// instructions of an operation carry its position, not that of its last operand.
class LocationScope {
public:
  LocationScope(FunctionContext &fc, NodeId n);
  ~LocationScope();
  LocationScope(const LocationScope &) = delete;
  LocationScope &operator=(const LocationScope &) = delete;

private:
  FunctionContext &fc_;
  llvm::DebugLoc saved_;
};

} // namespace talpa::lower

#endif // TALPA_LOWER_CONTEXT_H
