// Builtin functions, after types2's builtins.go: append, cap, clear, close, complex,
// copy, delete, imag, len, make, max, min, new, panic, print, println, real, recover and
// package unsafe's Add, Alignof, Offsetof, Sizeof, Slice, SliceData, String, StringData.
#include "compiler/syntax/scanner.h"
#include "compiler/types/checker.h"

namespace talpa::types {

void Checker::Builtin(Operand &x, NodeId call, BuiltinId id) {
  syntax::File &f = F();
  syntax::NodeList list = f.ListBC(call);
  std::string name = BuiltinName(id);
  auto countError = [&](size_t want) {
    const char *msg = list.count < want ? "not enough" : "too many";
    Error(f[call].pos + 0, "invalid operation: " + std::string(msg) + " arguments for " +
                               ExprString(call) + " (expected " + std::to_string(want) +
                               ", found " + std::to_string(list.count) + ")");
  };
  x.expr = call;
  switch (id) {
  case BuiltinId::Len: {
    if (list.count != 1) {
      countError(1);
      return;
    }
    Expr(x, f.At(list, 0));
    if (x.mode == Mode::Invalid) return;
    if (!u_.IsString(x.type)) {
      ErrorAtNode(x.expr, "invalid argument: " + OperandString(x) + " for " + name);
      x.mode = Mode::Invalid;
      return;
    }
    if (x.mode == Mode::Constant) {
      x.val = AddConst(Value::MakeInt64(static_cast<int64_t>(Val(x).StringLen())));
    } else {
      if (u_.IsUntyped(x.type)) UpdateExprType(x.expr, Universe::Basic(BasicKind::String), true);
      x.mode = Mode::Value;
    }
    x.type = Universe::Basic(BasicKind::Int);
    x.expr = call;
    return;
  }
  case BuiltinId::Print:
  case BuiltinId::Println: {
    // A single multi-value call spreads into the arguments, as for any call.
    std::vector<Operand> args;
    CollectArgs(call, args);
    for (Operand &a : args) {
      if (a.mode == Mode::Invalid) continue;
      DefaultType(a, "argument to " + name);
    }
    x.mode = Mode::NoValue;
    x.expr = call;
    return;
  }
  case BuiltinId::Panic: {
    if (list.count != 1) {
      countError(1);
      return;
    }
    Operand a;
    Expr(a, f.At(list, 0));
    if (a.mode != Mode::Invalid) {
      DefaultType(a, "argument to panic");
      if (a.mode != Mode::Invalid && !u_.IsString(a.type))
        NotSupported(a.expr, "panic with a non-string value");
    }
    x.mode = Mode::NoValue;
    x.expr = call;
    return;
  }
  default:
    NotSupported(call, "builtin " + name);
    return;
  }
}

} // namespace talpa::types
