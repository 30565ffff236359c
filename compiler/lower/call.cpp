// Calls: Go-to-Go calls pass arguments as LLVM values (both sides are compiled by talpa,
// so no C ABI rules apply) and return several results as one struct value; conversions
// T(x) and builtin calls are dispatched from the checker's CallKind.
#include "compiler/lower/context.h"

namespace talpa::lower {

llvm::Value *FunctionContext::Call(NodeId e) {
  const syntax::File &f = F();
  const types::ExprInfo &info = Info(e);
  NodeId fun = f.A(e);
  fun = f.Unparen(fun);
  syntax::NodeList args = f.ListBC(e);
  switch (info.callKind) {
  case types::CallConversion: {
    NodeId arg = f.At(args, 0);
    return Convert(Expr(arg), TypeOf(arg), Info(e).type);
  }
  case types::CallBuiltin:
    return Builtin(e, pkg.Obj(Info(fun).object).builtin);
  default:
    break;
  }
  ObjectId callee = Info(fun).object;
  llvm::Function *target = m.GoFunction(callee);
  const types::Universe &T = pkg.types;
  TypeId params = T.Params(pkg.Obj(callee).type);
  std::vector<llvm::Value *> vals;
  if (args.count == 1 && T.TupleLen(params) > 1) {
    vals = Values(f.At(args, 0)); // f(g()) with g returning several values
  } else {
    for (uint32_t i = 0; i < args.count; ++i)
      vals.push_back(Expr(f.At(args, i)));
  }
  return b.CreateCall(target, vals);
}

std::vector<llvm::Value *> FunctionContext::Values(NodeId e) {
  const types::Universe &T = pkg.types;
  TypeId t = Info(e).type;
  llvm::Value *v = Expr(e);
  if (!t || !T.IsTuple(t)) return {v};
  std::vector<llvm::Value *> out;
  for (uint32_t i = 0; i < T.TupleLen(t); ++i)
    out.push_back(b.CreateExtractValue(v, i));
  return out;
}

} // namespace talpa::lower
