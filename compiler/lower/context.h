// Lowering's shared state: the per-package module context and the per-function builder
// context that the feature files (type, descriptor, memory, expr, composite, index, compare,
// stmt, range, call, builtin, panic) extend. docs/compiler/lower.md describes the design.
#ifndef TALPA_LOWER_CONTEXT_H
#define TALPA_LOWER_CONTEXT_H

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/lower/abi.h"
#include "compiler/lower/generic.h"
#include "compiler/lower/lower.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
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

// defer.cpp: whether the function declared (or literal) at fn contains a defer statement.
bool HasDefer(const syntax::File &f, NodeId fn);

// support.cpp: whether the lowering implements everything the package uses; reports each
// construct it does not to `diags` (if given).
bool CheckSupported(const types::Package &pkg, base::Diagnostics *diags,
                    const LinkedPackages &linked);

class ModuleContext;

// generic.cpp: one instance of a generic function, lowered after the package's functions.
struct FunctionInstance {
  ObjectId fn;
  llvm::Function *llfn;
  std::unique_ptr<Substitution> subst;
  TypeId sig;  // the instance's signature
  TypeId recv; // a method's: its receiver's type, substituted
};

// debuginfo.cpp: the module's compile unit and line table (see the file comment).
class DebugInfo {
public:
  DebugInfo(ModuleContext &m, const base::SourceManager &sources);
  ~DebugInfo();
  // The function's DISubprogram, named goName as tracebacks print it, at pos in file. Its
  // type records only whether fn has parameters (the traceback prints "f()" or "f(...)"):
  // optimization may drop a local function's parameters later.
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
  llvm::DISubroutineType *emptyType_ = nullptr; // no parameters
  llvm::DISubroutineType *argsType_ = nullptr;  // some parameters
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
  const types::Universe &T;
  llvm::LLVMContext &ctx;
  std::unique_ptr<llvm::Module> module;
  llvm::Type *intptrTy; // from the data layout
  llvm::PointerType *ptrTy;
  llvm::StructType *stringTy;       // AbiType(AbiStruct::stringStruct)
  llvm::StructType *sliceTy;        // AbiType(AbiStruct::slice)
  std::unique_ptr<DebugInfo> debug; // null without a source manager

  // The LLVM type of a struct of runtime/include/talpa/abi.h for the module's target, named
  // "abi.<struct>" and built from the table tools/abigen generated from the header
  // (compiler/lower/abi.h). Index its fields with AbiField(s, "name").
  llvm::StructType *AbiType(AbiStruct s) const { return abiTypes_[static_cast<size_t>(s)]; }

  // type.cpp: Go types as LLVM types. Arrays and structs ("memory types") are handled by
  // address (see FunctionContext::Expr); their LLVM type is their storage layout, gc's.
  llvm::Type *LLVMType(TypeId t);
  bool IsMemory(TypeId t) const;
  int64_t Sizeof(TypeId t);
  int64_t Alignof(TypeId t);
  // A struct's storage: a packed LLVM struct with explicit padding, so that its layout is
  // gc's (Universe::Offsetsof) on every target. index[i] is Go field i's LLVM element.
  struct StructLayout {
    llvm::StructType *type = nullptr;
    std::vector<unsigned> index;
    std::vector<int64_t> offsets;
  };
  const StructLayout &Layout(TypeId structType);
  // Calling convention (call.cpp): parameters of memory types are passed as a pointer to
  // a copy the callee owns; if any result is of a memory type, all results are written
  // through a pointer passed first (to ResultsType) and the function returns void.
  bool ResultsInMemory(TypeId signature);
  llvm::Type *ResultsType(TypeId signature); // the one result's type, or a struct of them
  llvm::Type *ResultType(TypeId signature);  // the LLVM return type
  llvm::FunctionType *FuncType(TypeId signature);

  // descriptor.cpp: the type descriptor (abi::_type and its kind's extension) of t, a
  // constant global made on first use; the type as gc's runtime spells it.
  llvm::Constant *TypeDescriptor(TypeId t);
  std::string TypeString(TypeId t);
  bool IsDirectIface(TypeId t);   // the value is one pointer (an interface holds it as is)
  bool IsRegularMemory(TypeId t); // gc's AMEM: equality and hashing on the bytes
  std::string TypeSymbol(TypeId t);
  // The pointer bitmap of t, one bit per word of its first PtrData(t) bytes.
  int64_t PtrData(TypeId t);
  void PointerWords(TypeId t, int64_t offset, std::vector<bool> &words);

  llvm::Function *Runtime(RuntimeFunc f); // declared on first use from runtime.def
  llvm::Constant *StringConstant(std::string_view s);
  llvm::Function *GoFunction(ObjectId fn); // declared on first use
  llvm::GlobalVariable *Global(ObjectId var);
  std::string Symbol(ObjectId obj) const;
  // //go:linkname (lower.cpp): obj's directive target ("" for the one-word form), or null.
  const std::string *Linkname(ObjectId obj) const;
  // A function of this name and type: the module's if it has one of that type, else a new
  // one, merged with the other of that name by MergeLinknames when the module is done.
  // `define`: the caller gives it a body.
  llvm::Function *NamedFunction(llvm::FunctionType *type, const std::string &name,
                                bool define = false);
  void MergeLinknames(std::vector<std::string> *errors);
  void SetFunctionAttributes(llvm::Function *f);

  // memory.cpp: local variables whose address is taken (&x, &x.f, &a[i], a[:] of an
  // array); they live in the heap. Found once for the package before any function is
  // lowered.
  void FindAddressTaken();
  bool AddressTaken(ObjectId var) const { return addrTaken_.contains(var.index); }

  // defer.cpp: the number of deferred-call wrappers made per outer function, for names.
  llvm::StringMap<unsigned> deferWraps;

  // generic.cpp: monomorphisation. The instance of generic function fn with concrete type
  // arguments: declared on first use and queued in `instances` (a deque: entries stay put
  // while instances are lowered and add more), which Lower drains.
  TypeInstances &Generics();
  FunctionInstance &Instance(ObjectId fn, const std::vector<TypeId> &targs);
  std::string InstanceSuffix(const std::vector<TypeId> &targs); // "[int,main.T]"
  // Methods of generic types: `holder` is the type declaring the method as reached (T or
  // *T, T an instance). The instance of method for holder's type arguments, or null for
  // a method of a non-generic type; its function, signature and receiver type.
  FunctionInstance *MethodInstance(ObjectId method, TypeId holder);
  llvm::Function *MethodFunction(ObjectId method, TypeId holder);
  TypeId MethodSig(ObjectId method, TypeId holder);
  TypeId MethodRecv(ObjectId method, TypeId holder);
  // The type at the end of embedded-field path `path` from t (T or *T).
  TypeId PathHolder(TypeId t, const std::vector<int> &path);
  std::deque<FunctionInstance> instances;
  llvm::StringMap<llvm::Constant *> instanceValues; // instance symbol -> its func value

  // closure.cpp: function values and closures (docs/compiler/lower.md). A func value is a
  // pointer to a closure object whose word 0 is the code pointer, captured data after it.
  struct Closure {
    std::string name;                // as gc names it in tracebacks: main.main.func1
    std::vector<ObjectId> captures;  // the variables it uses from enclosing functions
    TypeId objectType;               // struct { F uintptr; captures... }
    llvm::Function *fn = nullptr;    // the code, made on first use
    llvm::Constant *value = nullptr; // the constant func value, when it captures nothing
  };
  // Finds every function literal's name and captures; captured variables that are
  // assigned after their declaration (or are named results) move to the heap, as
  // address-taken ones do. Runs after FindAddressTaken, before any function is lowered.
  void FindClosures();
  Closure &ClosureOf(uint32_t file, NodeId lit);
  // A literal inside an instance of a generic function: one closure per instance, its
  // captures' types substituted (generic.cpp).
  Closure &ClosureOf(uint32_t file, NodeId lit, Substitution *subst);
  // The code's type: FuncType(sig) with the closure object as an extra first parameter.
  llvm::FunctionType *ClosureFuncType(TypeId sig);
  // A top-level function as a func value: a constant closure object pointing to a
  // wrapper that drops the context.
  llvm::Constant *FuncValue(ObjectId fn);
  // The same for any function of FuncType(sig) (a generic function's instance).
  llvm::Constant *FuncValueOf(llvm::Function *target, TypeId sig, const std::string &sym);
  // A constant closure object {code} for code of ClosureFuncType.
  llvm::Constant *StaticClosure(llvm::Function *code, const llvm::Twine &name);
  uint32_t nilCallSites = 0; // calls of func values so far (CallFuncValue)

  // ---- Methods and interfaces (method.cpp, iface.cpp) ----
  // A method's function, "main.T.M" / "main.(*T).M": the receiver first, then
  // FuncType(the signature without receiver)'s parameters.
  std::string MethodSymbol(ObjectId method, const std::vector<TypeId> &targs = {});
  llvm::FunctionType *MethodType(ObjectId method);
  llvm::Function *MethodFunction(ObjectId method);
  // One method of a type's method set: the method and the embedded fields that lead to it.
  struct MethodEntry {
    ObjectId method;
    std::vector<int> path; // field indices followed from the type to the declaring type
  };
  // The method set of t (T or *T, promoted methods included), sorted as gc sorts it:
  // exported names first, then by name.
  std::vector<MethodEntry> MethodSet(TypeId t);
  // The entry an itab holds for method e of t: the method itself if its receiver is t's
  // one pointer word, else a wrapper taking the interface's data word.
  llvm::Function *IfaceMethod(TypeId t, const MethodEntry &e);
  // The static itab of (iface, concrete), made on first use.
  llvm::Constant *Itab(TypeId iface, TypeId concrete);
  // Index of method `name` in iface's itab.
  unsigned IfaceMethodIndex(TypeId iface, std::string_view name);
  std::vector<ObjectId> IfaceMethods(TypeId iface);            // sorted as gc sorts imethods
  TypeId IfaceMethodType(TypeId iface, std::string_view name); // method.cpp
  // x.M (a SelectorExpr of `file`) where M has a pointer receiver and x is not a pointer:
  // the method gets x's address (method.cpp).
  bool PointerMethodOfValue(uint32_t file, NodeId sel) const;
  // The uncommon type (methods) of a descriptor of t, or null.
  llvm::Constant *UncommonType(TypeId t, const std::string &sym);
  void DefineStringMethodHook(); // runtime.callstringmethod, in package main
  // Method values (method.cpp): the closure object's type and code.
  TypeId ClosureType(TypeId recv);
  llvm::Function *MethodValueCode(ObjectId method, TypeId stored, bool ifaceRecv);
  // interfacetype's method table of an interface type's descriptor.
  llvm::Constant *IfaceMethodTable(TypeId iface, const std::string &sym);

  // map.cpp: what map descriptors and the runtime's hashing need. EqualFunc is _type::equal
  // (null for types that are not comparable), HashFunc maptype::hasher (null: the runtime
  // hashes with typehash). MapDescriptorTail gives abi::maptype's fields after its _type
  // header (key, elem, bucket, hasher, keysize, elemsize, bucketsize, flags).
  llvm::Constant *EqualFunc(TypeId t);
  llvm::Constant *HashFunc(TypeId t);
  llvm::StructType *MapDescriptorType(llvm::StructType *header);
  llvm::Constant *MapDescriptor(llvm::StructType *descTy, llvm::Constant *header, TypeId mapType);
  // The map operations' fast variants (gc's mapfast), by key type.
  enum class MapFast { Slow, Fast32, Fast64, Fast64Ptr, FastStr };
  MapFast MapFastKind(TypeId mapType);
  // descriptor.cpp: the gcdata bitmap of the pointer words `words` (named after sym if
  // long), and an abi::_type header's LLVM type.
  llvm::Constant *GCData(const std::vector<bool> &words, const std::string &sym);
  llvm::StructType *TypeHeaderType();

private:
  std::unique_ptr<TypeInstances> generics_;
  llvm::StringMap<size_t> instanceIndex_;    // by symbol
  const AbiTargetLayout *abiLayout_;         // the table's entry for the module's triple
  std::vector<llvm::StructType *> abiTypes_; // by AbiStruct
  void MarkRoot(const syntax::File &f, uint32_t file, NodeId e);

  llvm::Function *runtime_[static_cast<int>(RuntimeFunc::Count)] = {};
  llvm::StringMap<llvm::Constant *> strings_;
  llvm::DenseMap<uint32_t, llvm::Function *> funcs_;
  llvm::DenseMap<uint32_t, llvm::GlobalVariable *> globals_;
  // For MergeLinknames: functions named name.N for name, variables Global defined, and
  // symbols two variables were defined under.
  std::vector<std::pair<llvm::Function *, std::string>> sameSymbol_;
  llvm::SmallPtrSet<llvm::GlobalVariable *, 16> varDefs_;
  llvm::SmallPtrSet<llvm::Function *, 16> funcDefs_;
  std::vector<std::string> symbolErrors_;
  llvm::DenseMap<uint32_t, llvm::Type *> types_;
  // Node-based: references to a layout stay valid while others are added (layouts are
  // made recursively, field types first).
  std::unordered_map<uint32_t, StructLayout> layouts_;
  llvm::DenseMap<uint32_t, int64_t> sizes_, aligns_, ptrdata_;
  llvm::StringMap<llvm::GlobalVariable *> descriptors_; // by symbol
  llvm::DenseMap<uint32_t, std::string> localTypeSuffix_;
  llvm::DenseSet<uint32_t> addrTaken_;
  // closure.cpp
  std::unordered_map<uint64_t, Closure> closures_; // by file << 32 | FuncLit node
  std::map<std::pair<uint64_t, const Substitution *>, Closure> instanceClosures_;
  llvm::DenseMap<uint32_t, llvm::Constant *> funcValues_;
  std::vector<std::unique_ptr<std::string>> fieldNames_; // closure object field names
  llvm::StringMap<llvm::Function *> ifaceMethods_;       // wrappers by symbol
  llvm::DenseMap<uint32_t, TypeId> closureTypes_;        // method value closures by receiver
};

// Per-function state: the builder and where each local lives.
//
// Values: Expr gives an SSA value for every type except the memory types (arrays and
// structs), for which it gives a pointer to a temporary holding the value that belongs to
// the consumer alone (a copy is made when a variable is read), so consumers may keep,
// pass or modify it. Addr gives the address of an addressable expression.
class FunctionContext {
public:
  FunctionContext(ModuleContext &m, llvm::Function *fn, uint32_t file);

  ModuleContext &m;
  const types::Package &pkg;
  const types::Universe &T;
  llvm::Function *fn;
  uint32_t file;
  llvm::IRBuilder<> b;
  llvm::IRBuilder<> entry;                        // inserts allocas at the top of the entry block
  llvm::DenseMap<uint32_t, llvm::Value *> locals; // ObjectId -> storage (alloca or heap)
  llvm::AllocaInst *concatResult = nullptr;       // out slot of string results, read right away
  TypeId signature;
  llvm::Value *resultsOut = nullptr; // results in memory: where they go
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
  // The parameters and named results of a function or literal as variables (lower.cpp).
  void BindSignature(NodeId ft, NodeId receiver, unsigned first);
  // Its body, then the implicit return at its end.
  void LowerBody(NodeId node, NodeId body);
  void SetLocation(uint32_t pos);
  // generic.cpp: in an instance of a generic function, the types of the checker's facts
  // and of variables are substituted (Ty); Info copies the node's facts to do so.
  Substitution *subst = nullptr;
  TypeId Ty(TypeId t) const;
  TypeId VarType(ObjectId var) const { return Ty(pkg.Obj(var).type); }
  types::ExprInfo Info(NodeId n) const;
  std::vector<TypeId> TypeArgs(NodeId fun) const; // of a use of a generic function
  llvm::Function *Callee(NodeId fun);             // the function a call by name calls
  TypeId CalleeSignature(NodeId fun);
  TypeId TypeOf(NodeId n) const; // final type, untyped mapped to its default
  bool IsMemory(TypeId t) const { return m.IsMemory(t); }

  // Storage of a variable (local or package global).
  llvm::Value *Address(ObjectId var);
  // Declares a local: an alloca, or a fresh zeroed heap object if its address is taken.
  llvm::Value *NewLocal(ObjectId var);
  // Starts a fresh block if the current one already ends in a terminator (code after
  // return/break/panic is unreachable but must still be emitted somewhere).
  void EnsureInsertable();
  bool Terminated() const { return b.GetInsertBlock()->getTerminator() != nullptr; }

  // memory.cpp
  llvm::AllocaInst *Alloca(llvm::Type *t, int64_t align, const llvm::Twine &name = "");
  llvm::AllocaInst *Temp(TypeId t, const llvm::Twine &name = "tmp");
  llvm::Value *Load(llvm::Value *addr, TypeId t); // a memory type: copied to a temporary
  // The store funnel: every write of a Go value to memory that is not a temporary of this
  // function goes through one of these (the GC write barrier will go here).
  void StoreValue(llvm::Value *addr, llvm::Value *v, TypeId t);
  void ZeroValue(llvm::Value *addr, TypeId t);
  void MoveElems(llvm::Value *dst, llvm::Value *src, llvm::Value *count, TypeId elem);
  void ZeroElems(llvm::Value *dst, llvm::Value *count, TypeId elem);
  // A zeroed heap object of type t (runtime.mallocgc with its descriptor).
  llvm::Value *NewObject(TypeId t);
  void CopyMemory(llvm::Value *dst, llvm::Value *src, TypeId t); // into a temporary

  // order.cpp: gc's evaluation order. Hoist evaluates the calls (and the other operations
  // gc's order pass moves out) inside e, and e itself if it is one, recording them for
  // Expr; Eval evaluates a statement's expression after hoisting its operands.
  llvm::DenseMap<uint32_t, llvm::Value *> hoisted_;
  // A multi-value call's values evaluated earlier (a deferred f(g()): defer.cpp), for Values.
  llvm::DenseMap<uint32_t, std::vector<llvm::Value *>> hoistedValues_;
  bool Hoistable(NodeId e) const;
  void HoistChildren(NodeId e);
  void Hoist(NodeId e);
  llvm::Value *Eval(NodeId e);

  // expr.cpp
  llvm::Value *Expr(NodeId e);
  // Evaluates e directly into dst, the storage of a variable no code can see yet or a
  // temporary (composite literals and calls build their value there).
  void ExprInto(NodeId e, llvm::Value *dst, TypeId t);
  llvm::Value *Addr(NodeId e); // address of an addressable expression
  llvm::Value *Constant(NodeId e);
  llvm::Value *ConstantValue(const types::Value &v, TypeId t);
  llvm::Value *Zero(TypeId t);
  llvm::Value *Unary(NodeId e);
  llvm::Value *Binary(NodeId e);
  llvm::Value *BinaryOp(TK op, TypeId t, llvm::Value *x, llvm::Value *y, NodeId yNode,
                        TypeId yType);
  llvm::Value *Shift(TK op, TypeId t, llvm::Value *x, llvm::Value *y, TypeId yType);
  llvm::Value *LogicalOp(NodeId e, TK op);
  llvm::Value *Convert(llvm::Value *v, TypeId from, TypeId to);
  llvm::AllocaInst *StringResult();  // the function's one string out slot (concatResult)
  llvm::Value *IndexValue(NodeId e); // an index as i64 (sign- or zero-extended)
  llvm::Value *Deref(NodeId e);      // *p: the checked pointer
  llvm::Value *FieldAddr(NodeId e);  // x.f: the field's address
  // The address of field `index` of the struct at `addr`.
  llvm::Value *FieldGEP(llvm::Value *addr, TypeId structType, unsigned index);

  // compare.cpp
  llvm::Value *Compare(TK op, TypeId t, llvm::Value *x, llvm::Value *y);
  // Branches to `fail` unless the values of type t at x and y are equal.
  void EqualMem(TypeId t, llvm::Value *x, llvm::Value *y, llvm::BasicBlock *fail);

  // index.cpp: indexing and slicing of strings, arrays, pointers to arrays and slices.
  // Bounds failures call gc's boundsError panics with the offending values.
  void CheckBounds(llvm::Value *ok, RuntimeFunc panic, llvm::Value *x, llvm::Value *y);
  llvm::Value *Index(NodeId e);
  llvm::Value *IndexAddr(NodeId e);
  llvm::Value *SliceExpr(NodeId e);
  // The element pointer, length and capacity of a sliceable operand.
  void SliceParts(NodeId x, llvm::Value **ptr, llvm::Value **len, llvm::Value **cap);
  llvm::Value *MakeSlice(llvm::Value *ptr, llvm::Value *len, llvm::Value *cap);
  llvm::Value *ElemGEP(TypeId elem, llvm::Value *base, llvm::Value *i);

  // composite.cpp
  llvm::Value *CompositeLit(NodeId e);
  // Writes the literal's value to dst (`zeroed`: dst holds the zero value already).
  void InitComposite(NodeId e, TypeId t, llvm::Value *dst, bool zeroed);
  // The literal or constant as static data, or null if it needs code.
  llvm::Constant *StaticValue(NodeId e, TypeId t);
  llvm::Constant *StaticInit(NodeId e, TypeId t); // for a package variable

  // call.cpp
  llvm::Value *Call(NodeId e);
  // A call of a function with results in memory writes them to dst.
  void CallInto(NodeId e, llvm::Value *dst);
  std::vector<llvm::Value *> Values(NodeId e); // an expression's values (tuples spread)
  // `keep`: receives the unsafe.Pointer values of uintptr(p) arguments the callee wants
  // kept alive (KeepsUintptrArgsAlive), for KeepAlive after the call.
  std::vector<llvm::Value *> Args(NodeId call, TypeId sig,
                                  std::vector<llvm::Value *> *keep = nullptr);
  // call.cpp: //go:uintptrescapes, and functions without a body (as gc assumes for them):
  // the object behind each uintptr(unsafe.Pointer) argument stays alive until the call
  // returns.
  bool KeepsUintptrArgsAlive(NodeId call) const;
  void KeepAlive(llvm::ArrayRef<llvm::Value *> values);
  NodeId UnsafeUintptr(NodeId arg) const;

  // builtin.cpp
  llvm::Value *Builtin(NodeId call, types::BuiltinId id);
  void Print(NodeId call, bool newline);
  void Panic(NodeId x);
  llvm::Value *UnsafeSlice(NodeId call, bool isString);
  int64_t Offsetof(NodeId arg); // builtin.cpp: unsafe.Offsetof in generic code
  llvm::Value *Len(NodeId x);
  llvm::Value *Cap(NodeId x);
  llvm::Value *Make(NodeId call);
  llvm::Value *Append(NodeId call);
  llvm::Value *Copy(NodeId call);
  void Clear(NodeId call);
  llvm::Value *MinMax(NodeId call, bool isMin);

  // closure.cpp
  llvm::Value *FuncLit(NodeId lit); // a new closure object (or a constant one)
  // The constant func value of e (a top-level function or a literal without captures),
  // or null.
  llvm::Constant *StaticFuncValue(NodeId e);
  // Calls the func value fv of signature sig with args as for a direct call of
  // FuncType(sig) (the results-out pointer first when results are in memory). A nil fv
  // faults on the load of its code pointer, as in gc.
  llvm::Value *CallFuncValue(llvm::Value *fv, TypeId sig, llvm::ArrayRef<llvm::Value *> args);
  // Whether call e calls a top-level function by name (else it calls a func value).
  bool DirectCall(NodeId call) const;
  // imports.cpp: the function or variable a qualified identifier pkg.Name of an imported
  // package denotes (talpa's runtime package), else none.
  ObjectId QualifiedObject(NodeId e) const;
  llvm::AllocaInst *nilCallSlot = nullptr; // CallFuncValue's nil blocks store their site here

  // map.cpp: maps. A map value is a pointer to its runtime hmap (nil for a nil map).
  struct MapOperands {
    TypeId mapType;
    llvm::Value *map;
    llvm::Value *key; // of the key type: a value, or for memory types a temporary's address
  };
  bool IsMapIndex(NodeId e) const;               // m[k] with m of a map type
  MapOperands EvalMapOperands(NodeId indexExpr); // m, then k converted to the key type
  llvm::Value *MapAccess(const MapOperands &op, llvm::Value *okOut); // mapaccess1/2
  llvm::Value *MapAssign(const MapOperands &op);                     // the slot of m[k]
  llvm::Value *MapIndex(NodeId e);                                   // m[k]'s value
  std::vector<llvm::Value *> MapIndexCommaOk(NodeId e);              // v, ok
  llvm::Value *MakeMap(NodeId call);
  llvm::Value *MapLiteral(NodeId e);
  llvm::Value *MapLen(llvm::Value *m);
  void MapDelete(NodeId call);
  void MapClear(NodeId x);
  void MapOpAssign(NodeId s); // m[k] op= v, m[k]++, m[k]--
  void RangeMap(NodeId s);
  llvm::Value *MapKeyAddr(const MapOperands &op); // the key in memory (a temporary)

  // chan.cpp: channels and select. A channel value is a pointer to its runtime hchan (nil
  // for a nil channel).
  bool IsReceive(NodeId e) const; // <-c
  TypeId ChanElem(NodeId ch);     // the element type of channel expression ch
  llvm::Value *MakeChan(NodeId call);
  llvm::Value *ChanLenCap(llvm::Value *c, bool cap);
  void CloseChan(NodeId call);
  // A value of the element type in memory, for the runtime to copy from.
  llvm::Value *ElemTemp(TypeId elem, llvm::Value *v);
  llvm::AllocaInst *RecvTemp(TypeId elem); // where a receive stores (zeroed if it has pointers)
  llvm::Value *Receive(NodeId e);          // <-c's value
  std::vector<llvm::Value *> ReceiveCommaOk(NodeId e); // v, ok := <-c
  void Send(NodeId s);
  void Select(NodeId s);
  void RangeChan(NodeId s);

  // complex.cpp: complex64/complex128 values, {float, float} / {double, double}.
  llvm::Value *ComplexBinary(TK op, TypeId t, llvm::Value *x, llvm::Value *y);
  llvm::Value *ComplexCompare(TK op, llvm::Value *x, llvm::Value *y);
  llvm::Value *ComplexConvert(llvm::Value *v, TypeId from, TypeId to);
  llvm::Value *ComplexConstant(const types::Value &v, TypeId t);
  llvm::Value *ComplexBuiltin(NodeId call, types::BuiltinId id); // real, imag, complex
  void PrintComplex(llvm::Value *v);

  // memory.cpp: the write barrier. A pointer store into memory that may be in the heap:
  // if runtime.writeBarrier is set, runtime.gcWriteBarrier(slot, ptr), else a plain store.
  bool NeedsBarrier(llvm::Value *addr, TypeId t, llvm::Value *v = nullptr); // v: the value stored
  void StorePointerWB(llvm::Value *slot, llvm::Value *ptr);
  void StoreWithBarrier(llvm::Value *addr, llvm::Value *v, TypeId t);
  llvm::Value *WriteBarrierOn();

  // panic.cpp
  void PanicString(llvm::Value *s);
  void CheckDivide(llvm::Value *y, NodeId yNode);
  void CheckNil(llvm::Value *p);                                    // runtime.panicmem if p is nil
  void PanicIf(llvm::Value *fail, RuntimeFunc f, const char *name); // f() when fail

  // stmt.cpp
  void Body(NodeId block);
  void Stmt(NodeId s);
  void StmtList(syntax::NodeList l);
  // Stores v (of lhs's type) into lhs: a variable, field, element or *p; _ discards.
  void Assign(NodeId lhs, llvm::Value *v);
  TypeId LhsType(NodeId lhs); // a variable's type, or the expression's
  void AssignStmt(NodeId s);
  void DeclStmt(NodeId s);
  void Return(NodeId s);
  void Switch(NodeId s);
  void Branch(NodeId s);
  llvm::BasicBlock *LabelBlock(std::string_view name);
  void ReturnValues(const std::vector<llvm::Value *> &vals);
  // The address an assignment stores to (null for _), computed before the right side
  // of a tuple assignment is evaluated.
  llvm::Value *LhsAddr(NodeId lhs);

  // method.cpp, iface.cpp: methods and interfaces.
  bool IsMethodCall(NodeId call) const;
  llvm::Value *SelectionReceiver(NodeId x, const types::Selection &sel, bool wantPtr,
                                 TypeId *holder);
  llvm::Value *PathReceiver(llvm::Value *addr, llvm::Value *val, TypeId cur,
                            const std::vector<int> &fields, bool wantPtr, TypeId *holder);
  // A call x.M(...) (dst: where results in memory go, or null for a temporary).
  llvm::Value *MethodCall(NodeId call, llvm::Value *dst);
  // The receiver of x.M(...) as the method wants it, with the method and its holder.
  llvm::Value *MethodCallReceiver(NodeId fun, ObjectId *method, TypeId *holder);
  // A deferred method call's receiver, evaluated at the defer statement (defer.cpp): the
  // wrapper's MethodCall of selector `fun` uses it.
  struct SavedReceiver {
    NodeId fun;
    ObjectId method;
    TypeId holder;
    llvm::Value *recv = nullptr;
  } savedReceiver;
  // F[int], or F with inferred type arguments, not called: the instance as a func value
  // (generic.cpp); null if e does not name a generic function.
  llvm::Value *GenericFuncValue(NodeId e);
  // M selected through type parameter `declared` (x.M, T.M), in an instance whose type
  // argument is not an interface: M of that type's method set (*e); false otherwise.
  bool TypeParamMethod(TypeId declared, std::string_view name, ModuleContext::MethodEntry *e);
  llvm::Value *ReceiverAlong(NodeId x, const std::vector<int> &fields, bool wantPtr,
                             TypeId *holder);
  // Calls `method` (of `holder`, the type declaring it as reached, or the interface
  // holding it) with receiver recv as the method wants it and call's arguments.
  llvm::Value *CallMethodOf(ObjectId method, TypeId holder, llvm::Value *recv, NodeId call,
                            TypeId sig, llvm::Value *dst);
  // itab.fun[i] of interface type iface's method `name` (tab checked for nil).
  llvm::Value *ItabMethod(llvm::Value *tab, TypeId iface, std::string_view name);
  llvm::Value *MethodValue(NodeId e); // x.M not called
  llvm::Value *MethodExpr(NodeId e);  // T.M, (*T).M, I.M
  bool IsMethodExprCall(NodeId call) const;
  llvm::Value *MethodExprCall(NodeId call, llvm::Value *dst); // T.M(x, ...)
  // v of type from (not an interface, or another interface) as an interface of type to.
  llvm::Value *ToInterface(llvm::Value *v, TypeId from, TypeId to);
  // x.(T); with commaOk a {value, i1} pair of SSA values written to out[0], out[1].
  llvm::Value *TypeAssert(NodeId e, llvm::Value **ok);
  void TypeSwitch(NodeId s);
  // Whether the interface value v of type ifaceType holds type t (its type word matches).
  llvm::Value *HoldsType(llvm::Value *v, TypeId ifaceType, TypeId t);
  // The value of type t held by interface value v (which holds t).
  llvm::Value *Unbox(llvm::Value *v, TypeId t);
  llvm::Value *CompareInterface(TK op, TypeId xt, llvm::Value *x, TypeId yt, llvm::Value *y);
  void PrintInterface(llvm::Value *v, TypeId t);

  // defer.cpp: functions with defer statements (docs/compiler/lower.md "Defer").
  llvm::Value *deferFrame = nullptr;      // the abi::deferframe, if the function defers
  llvm::BasicBlock *deferExit = nullptr;  // runs the deferred calls, returns the results
  std::vector<llvm::Value *> resultSlots; // where the results are while deferred calls run
  bool inDeferWrap = false;               // lowering a deferred call's wrapper
  void DeferRecover(NodeId s);            // `defer recover()` (defer.cpp)
  void StartDefers();                     // after the parameters and named results
  void FinishDefers();                    // after the body
  void ReturnThroughDefers(const std::vector<llvm::Value *> &vals);
  void Defer(NodeId s);
  llvm::Value *Recover(NodeId call);

  // range.cpp
  void Range(NodeId s);
  void RangeString(NodeId s);
  void RangeIndexed(NodeId s); // arrays, pointers to arrays, slices, integers
  void RangeVars(NodeId rc, NodeId *key, NodeId *value);
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
