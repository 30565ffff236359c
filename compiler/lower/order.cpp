// Evaluation order, as gc's order pass (cmd/compile/internal/walk/order.go) fixes it.
//
// The spec orders only calls, method calls and receives within an expression; gc goes
// further and its programs can tell: before a statement runs, its order pass moves every
// call and a few other operations (len, cap, append, copy, make, new, complex, real, imag,
// recover, slicing, []byte(s) and []rune(s) conversions, && and ||) out of the statement's
// expressions into temporaries, in evaluation order, innermost first; the statement then
// reads variables, indexes, dereferences and checks bounds with those results in hand. So
// in x + f() the read of x sees what f wrote, and in a[i] = f() the bounds check comes
// after f's output.
//
// talpa does the same without rewriting the tree: Hoist walks an expression in gc's
// order and evaluates each such operation once, recording its value by node; Expr then
// finds the value instead of evaluating the node again. Statements call Eval (the root
// expression itself evaluated in place after its operands' hoisting, as gc leaves the
// right side of an assignment) or Hoist on each of their expressions in the order gc's
// order pass visits them, then evaluate. The right operand of && and || is conditional:
// its operations are hoisted within its own block when LogicalOp reaches it. The record
// is cleared at every statement.
#include "compiler/lower/context.h"

namespace talpa::lower {

bool FunctionContext::Hoistable(NodeId e) const {
  const syntax::File &f = F();
  const types::ExprInfo &info = Info(e);
  if (info.mode == types::Mode::Constant) return false;
  switch (f.Kind(e)) {
  case NodeKind::CallExpr:
    switch (info.callKind) {
    case types::CallConversion: {
      // []byte(s) and []rune(s) are runtime calls in gc (OSTR2BYTES, OSTR2RUNES).
      NodeId arg = f.At(f.ListBC(e), 0);
      return T.IsString(TypeOf(arg)) && T.KindOf(T.Under(TypeOf(e))) == types::TypeKind::Slice;
    }
    case types::CallBuiltin: {
      NodeId fun = f.Unparen(f.A(e));
      switch (pkg.Obj(Info(fun).object).builtin) {
      case types::BuiltinId::Len:
      case types::BuiltinId::Cap:
      case types::BuiltinId::Append:
      case types::BuiltinId::Copy:
      case types::BuiltinId::Make:
      case types::BuiltinId::New:
      case types::BuiltinId::Complex:
      case types::BuiltinId::Real:
      case types::BuiltinId::Imag:
      case types::BuiltinId::Recover:
        return true;
      default:
        return false; // statements (print, panic, clear) or pure (min, max)
      }
    }
    default:
      return true;
    }
  case NodeKind::SliceExpr:
    return true;
  case NodeKind::CompositeLit:
    // A map literal becomes a temporary built before the statement (its entries are
    // inserted one by one, each in its own order).
    return T.KindOf(T.Under(TypeOf(e))) == types::TypeKind::Map;
  case NodeKind::Operation: {
    TK op = static_cast<TK>(f[e].op);
    // A receive is moved out as a call is (gc's ORECV); its comma-ok form is a statement's
    // whole right side, evaluated by Values.
    if (!f.B(e) && op == TK::Arrow) return !(info.type && T.IsTuple(info.type));
    return f.B(e) && (op == TK::AndAnd || op == TK::OrOr);
  }
  default:
    return false;
  }
}

void FunctionContext::HoistChildren(NodeId e) {
  const syntax::File &f = F();
  if (!e || Info(e).mode == types::Mode::Constant) return;
  switch (f.Kind(e)) {
  case NodeKind::ParenExpr:
  case NodeKind::SelectorExpr:
  case NodeKind::AssertExpr:        // x.(T): x's calls and receives, in order with the others
    if (QualifiedObject(e)) return; // pkg.Name: nothing to evaluate in pkg
    Hoist(f.A(e));
    return;
  case NodeKind::Operation: {
    TK op = static_cast<TK>(f[e].op);
    if (f.B(e) && (op == TK::AndAnd || op == TK::OrOr)) {
      Hoist(f.A(e)); // the right operand waits for its block (LogicalOp)
      return;
    }
    Hoist(f.A(e));
    Hoist(f.B(e));
    return;
  }
  case NodeKind::IndexExpr:
    Hoist(f.A(e));
    Hoist(f.B(e));
    return;
  case NodeKind::SliceExpr:
    Hoist(f.A(e));
    Hoist(f.B(e));
    Hoist(f.C(e));
    Hoist(f.D(e));
    return;
  case NodeKind::CallExpr: {
    if (Info(e).callKind != types::CallConversion && Info(e).callKind != types::CallBuiltin)
      Hoist(f.A(e));
    syntax::NodeList args = f.ListBC(e);
    for (uint32_t i = 0; i < args.count; ++i)
      Hoist(f.At(args, i));
    return;
  }
  case NodeKind::CompositeLit: {
    if (T.KindOf(T.Under(TypeOf(e))) == types::TypeKind::Map) return; // MapLiteral's own order
    syntax::NodeList elts = f.ListBC(e);
    for (uint32_t i = 0; i < elts.count; ++i) {
      NodeId el = f.At(elts, i);
      Hoist(f.Kind(el) == NodeKind::KeyValueExpr ? f.B(el) : el);
    }
    return;
  }
  default:
    return; // names, literals, types
  }
}

void FunctionContext::Hoist(NodeId e) {
  if (!e) return;
  HoistChildren(e);
  if (!Hoistable(e) || hoisted_.count(e.index)) return;
  llvm::Value *v = Expr(e);
  hoisted_[e.index] = v;
}

llvm::Value *FunctionContext::Eval(NodeId e) {
  HoistChildren(e);
  return Expr(e);
}

} // namespace talpa::lower
