// Composite literals and function literals, after types2's expr.go (exprInternal's
// CompositeLit and FuncLit cases) and index.go (indexedElts): struct, array, slice and map
// literals with their element rules, element literals whose type is elided (the
// enclosing literal's element type is the hint), and closures checked in the enclosing
// function's scope.
#include <unordered_set>

#include "compiler/syntax/scanner.h"
#include "compiler/types/checker.h"

namespace talpa::types {

namespace {
// A constant map key as a string that is equal exactly for equal values (types2's keyVal:
// numbers of any kind compare by value).
std::string KeyString(const Value &v) {
  switch (v.kind()) {
  case Value::Kind::Bool:
    return v.BoolVal() ? "b1" : "b0";
  case Value::Kind::String:
    return "s" + v.StringVal();
  case Value::Kind::Int:
    return "n" + v.String();
  case Value::Kind::Float:
    if (v.IsIntegral()) {
      Value i = v.ToInt();
      if (!i.IsUnknown()) return "n" + i.String();
    }
    return "f" + v.ExactString();
  default:
    return "?" + v.String();
  }
}
} // namespace

// ExprWithHint checks e with `hint` as the type of a composite literal whose type is
// elided (an element of an enclosing array, slice or map literal).
void Checker::ExprWithHint(Operand &x, NodeId e, TypeId hint) {
  if (F().Kind(e) != NodeKind::CompositeLit || F().A(e) || exprDepth_ >= kMaxExprDepth) {
    Expr(x, e);
    return;
  }
  ++exprDepth_;
  x = Operand{};
  x.expr = e;
  if (!hint) {
    // The enclosing literal's element type is invalid (reported): only check the
    // elements.
    syntax::File &f = F();
    syntax::NodeList elts = f.ListBC(e);
    for (uint32_t i = 0; i < elts.count; ++i) {
      NodeId el = f.At(elts, i);
      UseExpr(f.Kind(el) == NodeKind::KeyValueExpr ? f.B(el) : el);
    }
  } else {
    CompositeLit(x, e, hint);
  }
  --exprDepth_;
  x.expr = e;
  Record(x);
}

// IndexedElts checks the elements of an array or slice literal of element type `elem`
// (length: the array length, or -1) and returns the literal's length.
int64_t Checker::IndexedElts(syntax::NodeList elts, TypeId elem, int64_t length) {
  syntax::File &f = F();
  std::unordered_set<int64_t> visited;
  int64_t index = 0, max = 0;
  std::vector<NodeId> list(f.begin(elts), f.end(elts));
  for (NodeId e : list) {
    bool validIndex = false;
    NodeId eval = e;
    if (f.Kind(e) == NodeKind::KeyValueExpr) {
      bool valid;
      int64_t i = Index(f.A(e), length, &valid);
      if (valid) {
        if (i >= 0) {
          index = i;
          validIndex = true;
        } else {
          ErrorAtNode(e, "index " + ExprString(f.A(e)) + " must be integer constant");
        }
      }
      eval = f.B(e);
    } else if (length >= 0 && index >= length) {
      ErrorAtNode(e, "index " + std::to_string(index) +
                         " is out of bounds (>= " + std::to_string(length) + ")");
    } else {
      validIndex = true;
    }
    if (validIndex) {
      if (!visited.insert(index).second)
        ErrorAtNode(e, "duplicate index " + std::to_string(index) + " in array or slice literal");
    }
    ++index;
    if (index > max) max = index;
    Operand x;
    ExprWithHint(x, eval, elem);
    Assignment(x, elem, "array or slice literal");
  }
  return max;
}

void Checker::CompositeLit(Operand &x, NodeId e, TypeId hint) {
  syntax::File &f = F();
  Universe &T = u_;
  syntax::NodeList elts = f.ListBC(e);
  std::vector<NodeId> list(f.begin(elts), f.end(elts));
  x.mode = Mode::Invalid;
  auto useElems = [&]() {
    for (NodeId el : list)
      UseExpr(f.Kind(el) == NodeKind::KeyValueExpr ? f.B(el) : el);
  };
  TypeId typ, base;
  NodeId te = f.A(e);
  bool openArray = false;
  if (te) {
    if (f.Kind(te) == NodeKind::ArrayType && !f.A(te)) {
      // [...]T: the length is the literal's.
      TypeId elem = TypeExpr(f.B(te));
      int64_t n = IndexedElts(elts, elem, -1);
      if (!elem || elem == Universe::Basic(BasicKind::Invalid)) return;
      typ = T.NewArray(elem, n);
      ExprInfo &ti = Info(te);
      ti.mode = Mode::TypeExpr;
      ti.type = typ;
      openArray = true;
    } else {
      typ = TypeExpr(te);
      base = typ;
    }
  } else if (hint) {
    typ = hint;
    TypeId c = CoreType(typ);
    base = c && T.KindOf(c) == TypeKind::Pointer ? T.Elem(c) : c;
    if (!base) {
      ErrorAtNode(e,
                  "invalid composite literal element type " + TypeString(typ) + ": no core type");
      useElems();
      return;
    }
  } else {
    ErrorAtNode(e, "missing type in composite literal");
    useElems();
    return;
  }
  if (openArray) {
    x.mode = Mode::Value;
    x.type = typ;
    return;
  }
  TypeId utyp = base ? CoreType(base) : TypeId{};
  TypeKind kind = utyp ? T.KindOf(utyp) : TypeKind::Basic;
  switch (utyp ? kind : TypeKind::Basic) {
  case TypeKind::Struct: {
    if (list.empty()) break;
    const std::vector<ObjectId> fields = T.Struct(utyp).fields;
    if (f.Kind(list[0]) == NodeKind::KeyValueExpr) {
      std::vector<bool> visited(fields.size());
      for (NodeId el : list) {
        if (f.Kind(el) != NodeKind::KeyValueExpr) {
          ErrorAtNode(el, "mixture of field:value and value elements in struct literal");
          continue;
        }
        NodeId key = f.A(el);
        Operand v;
        Expr(v, f.B(el));
        if (f.Kind(key) != NodeKind::Name) {
          ErrorAtNode(el, "invalid field name " + ExprString(key) + " in struct literal");
          continue;
        }
        std::string_view name = f.Text(key);
        int index = -1;
        if (name != "_")
          for (size_t i = 0; i < fields.size(); ++i) {
            const Object &fo = Obj(fields[i]);
            if (fo.name == name && (syntax::IsExported(name) || fo.pkg == &pkg_)) {
              index = static_cast<int>(i);
              break;
            }
          }
        if (index < 0) {
          ErrorAtNode(key, "unknown field '" + std::string(name) + "' in struct literal of type " +
                               TypeString(base));
          continue;
        }
        ObjectId fld = fields[index];
        Info(key).object = fld;
        Assignment(v, Obj(fld).type, "struct literal");
        if (visited[index]) {
          ErrorAtNode(el, "duplicate field name " + std::string(name) + " in struct literal");
          continue;
        }
        visited[index] = true;
      }
    } else {
      for (size_t i = 0; i < list.size(); ++i) {
        NodeId el = list[i];
        if (f.Kind(el) == NodeKind::KeyValueExpr) {
          ErrorAtNode(el, "mixture of field:value and value elements in struct literal");
          continue;
        }
        Operand v;
        Expr(v, el);
        if (i >= fields.size()) {
          ErrorAtNode(el, "too many values in " + TypeString(base) + "{…}");
          break;
        }
        const Object &fo = Obj(fields[i]);
        if (!syntax::IsExported(fo.name) && fo.pkg != &pkg_) {
          ErrorAtNode(el, "implicit assignment to unexported field " + std::string(fo.name) +
                              " in " + TypeString(typ) + " literal");
          continue;
        }
        Assignment(v, fo.type, "struct literal");
      }
      if (list.size() < fields.size())
        Error(f[e].d, "too few values in " + TypeString(base) + "{…}");
    }
    break;
  }
  case TypeKind::Array: {
    int64_t len = T.ArrayLen(utyp);
    IndexedElts(elts, T.Elem(utyp), len < 0 ? -1 : len);
    break;
  }
  case TypeKind::Slice:
    IndexedElts(elts, T.Elem(utyp), -1);
    break;
  case TypeKind::Map: {
    TypeId keyT = T.Key(utyp), elemT = T.MapElem(utyp);
    bool keyIsInterface = !T.IsTypeParam(keyT) && T.IsInterface(keyT);
    std::unordered_set<std::string> visited;
    for (NodeId el : list) {
      if (f.Kind(el) != NodeKind::KeyValueExpr) {
        ErrorAtNode(el, "missing key in map literal");
        continue;
      }
      Operand k;
      ExprWithHint(k, f.A(el), keyT);
      Assignment(k, keyT, "map literal");
      if (k.mode == Mode::Invalid) continue;
      if (k.mode == Mode::Constant && !Val(k).IsUnknown()) {
        std::string ks = KeyString(Val(k));
        if (keyIsInterface) {
          // Keys of different dynamic types are different keys.
          TypeId kt = k.type;
          ks += "@" + (T.IsBasic(kt) ? std::to_string(static_cast<int>(T.Kind(kt)))
                                     : std::to_string(kt.index));
        }
        if (!visited.insert(ks).second) {
          ErrorAtNode(k.expr, "duplicate key " + Val(k).String() + " in map literal");
          continue;
        }
      }
      Operand v;
      ExprWithHint(v, f.B(el), elemT);
      Assignment(v, elemT, "map literal");
    }
    break;
  }
  default:
    useElems();
    if (typ && T.Under(typ)) ErrorAtNode(e, "invalid composite literal type " + TypeString(typ));
    return;
  }
  x.mode = Mode::Value;
  x.type = typ;
}

// FuncLit checks a function literal: its body is checked in the enclosing scope, so the
// closure sees (and uses) the enclosing function's variables.
void Checker::FuncLit(Operand &x, NodeId e) {
  syntax::File &f = F();
  std::vector<ObjectId> params;
  TypeId sig = FuncType(f.A(e), ObjectId{}, {}, &params);
  if (!sig || !u_.IsSignature(sig)) {
    x.mode = Mode::Invalid;
    return;
  }
  if (!config_.ignoreFuncBodies && f.B(e)) {
    OpenScope();
    for (ObjectId p : params)
      Declare(p);
    FuncBodyIn(sig, f.B(e));
    CloseScope();
  }
  x.mode = Mode::Value;
  x.type = sig;
}

} // namespace talpa::types
