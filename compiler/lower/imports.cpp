// Imported packages. A program is lowered one package per module; the only package a
// program may import today (besides unsafe) is talpa's own runtime package (lib/runtime,
// docs/compiler/runtime-package.md), which the driver lowers into a module of its own.
// A qualified identifier runtime.F names the other module's symbol: its functions,
// methods and variables are declared here under the defining package's path and the
// linker joins the two.
#include "compiler/lower/context.h"

namespace talpa::lower {

ObjectId FunctionContext::QualifiedObject(NodeId e) const {
  const syntax::File &f = F();
  e = f.Unparen(e);
  if (!e || f.Kind(e) != NodeKind::SelectorExpr) return ObjectId{};
  uint32_t sel = Info(e).selection;
  if (!sel || sel >= pkg.selections.size() ||
      pkg.selections[sel].kind != types::SelectionKind::Qualified)
    return ObjectId{};
  ObjectId obj = pkg.selections[sel].obj;
  if (!obj) return ObjectId{};
  types::ObjectKind k = pkg.Obj(obj).kind;
  return k == types::ObjectKind::Func || k == types::ObjectKind::Var ? obj : ObjectId{};
}

} // namespace talpa::lower
