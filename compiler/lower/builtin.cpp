// Builtins: print and println as gc lowers them (runtime.printlock, one runtime print
// call per argument chosen by its type, runtime.printsp between println's arguments and
// runtime.printnl at its end, runtime.printunlock), len of a string, and panic.
#include "compiler/lower/context.h"

namespace talpa::lower {

llvm::Value *FunctionContext::Builtin(NodeId call, types::BuiltinId id) {
  const syntax::File &f = F();
  syntax::NodeList args = f.ListBC(call);
  switch (id) {
  case types::BuiltinId::Print:
    Print(call, false);
    return nullptr;
  case types::BuiltinId::Println:
    Print(call, true);
    return nullptr;
  case types::BuiltinId::Len:
    return b.CreateExtractValue(Expr(f.At(args, 0)), 1);
  case types::BuiltinId::Panic:
    PanicString(Expr(f.At(args, 0)));
    return nullptr;
  default:
    return nullptr; // rejected by the checker
  }
}

void FunctionContext::Print(NodeId call, bool newline) {
  const syntax::File &f = F();
  const types::Universe &T = pkg.types;
  syntax::NodeList args = f.ListBC(call);
  // Arguments are evaluated before the lock is taken, as gc does.
  // println(f()) prints each of f's results.
  std::vector<llvm::Value *> vals;
  std::vector<TypeId> types;
  if (args.count == 1 && Info(f.At(args, 0)).type && T.IsTuple(Info(f.At(args, 0)).type)) {
    TypeId tuple = Info(f.At(args, 0)).type;
    vals = Values(f.At(args, 0));
    for (uint32_t i = 0; i < T.TupleLen(tuple); ++i)
      types.push_back(T.TupleAt(tuple, i));
  } else {
    for (uint32_t i = 0; i < args.count; ++i) {
      vals.push_back(Expr(f.At(args, i)));
      types.push_back(TypeOf(f.At(args, i)));
    }
  }
  b.CreateCall(m.Runtime(RuntimeFunc::PrintLock));
  for (size_t i = 0; i < vals.size(); ++i) {
    if (newline && i > 0) b.CreateCall(m.Runtime(RuntimeFunc::PrintSp));
    TypeId t = types[i];
    llvm::Value *v = vals[i];
    if (T.IsString(t)) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintString),
                   {b.CreateExtractValue(v, 0), b.CreateExtractValue(v, 1)});
    } else if (T.IsBoolean(t)) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintBool), {b.CreateZExt(v, b.getInt8Ty())});
    } else if (T.IsFloat(t)) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintFloat), {b.CreateFPExt(v, b.getDoubleTy())});
    } else if (T.IsUnsigned(t)) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintUint), {b.CreateZExtOrTrunc(v, b.getInt64Ty())});
    } else if (T.IsInteger(t)) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintInt), {b.CreateSExtOrTrunc(v, b.getInt64Ty())});
    } else if (v->getType()->isPointerTy()) {
      b.CreateCall(m.Runtime(RuntimeFunc::PrintPointer), {v});
    }
  }
  if (newline) b.CreateCall(m.Runtime(RuntimeFunc::PrintNl));
  b.CreateCall(m.Runtime(RuntimeFunc::PrintUnlock));
}

} // namespace talpa::lower
