// Source forms of nodes for error messages (gc's syntax.String in ShortForm) and gc's
// StartPos. Function bodies and composite literal elements print as "{…}", as gc's do.
#include "compiler/syntax/parser.h"

namespace talpa::syntax {

namespace {

class Printer {
public:
  explicit Printer(const File &f) : f_(f) {}
  std::string out;

  void List(NodeList l) {
    for (uint32_t i = 0; i < l.count; ++i) {
      if (i) out += ", ";
      Print(f_.At(l, i));
    }
  }
  void Fields(NodeList l, bool params) {
    for (uint32_t i = 0; i < l.count; ++i) {
      NodeId fld = f_.At(l, i);
      if (i) out += params ? ", " : "; ";
      if (f_.A(fld)) {
        Print(f_.A(fld));
        // Consecutive names sharing a type print as "a, b int".
        if (i + 1 < l.count && f_.B(f_.At(l, i + 1)) == f_.B(fld) && f_.A(f_.At(l, i + 1)))
          continue;
        out += ' ';
      }
      Print(f_.B(fld));
    }
  }
  void Signature(NodeId ft) {
    out += '(';
    Fields(f_.ListAB(ft), true);
    out += ')';
    NodeList r = f_.ListCD(ft);
    if (r.count == 0) return;
    out += ' ';
    if (r.count == 1 && !f_.A(f_.At(r, 0))) {
      Print(f_.B(f_.At(r, 0)));
    } else {
      out += '(';
      Fields(r, true);
      out += ')';
    }
  }

  void Print(NodeId n) {
    if (!n) return;
    const Node &x = f_[n];
    switch (x.kind) {
    case NodeKind::Invalid:
      out += "BadExpr";
      return;
    case NodeKind::Name:
    case NodeKind::BasicLit:
      out += f_.Text(n);
      return;
    case NodeKind::CompositeLit:
      Print(f_.A(n));
      out += x.c ? "{…}" : "{}";
      return;
    case NodeKind::KeyValueExpr:
      Print(f_.A(n));
      out += ": ";
      Print(f_.B(n));
      return;
    case NodeKind::FuncLit:
      out += "func";
      Signature(f_.A(n));
      out += " {…}";
      return;
    case NodeKind::ParenExpr:
      if (x.flags) out += '(';
      Print(f_.A(n));
      if (x.flags) out += ')';
      return;
    case NodeKind::SelectorExpr:
      Print(f_.A(n));
      out += '.';
      Print(f_.B(n));
      return;
    case NodeKind::IndexExpr:
      Print(f_.A(n));
      out += '[';
      Print(f_.B(n));
      out += ']';
      return;
    case NodeKind::SliceExpr:
      Print(f_.A(n));
      out += '[';
      Print(f_.B(n));
      out += ':';
      Print(f_.C(n));
      if (x.flags) {
        out += ':';
        Print(f_.D(n));
      }
      out += ']';
      return;
    case NodeKind::AssertExpr:
      Print(f_.A(n));
      out += ".(";
      Print(f_.B(n));
      out += ')';
      return;
    case NodeKind::TypeSwitchGuard:
      if (f_.A(n)) {
        Print(f_.A(n));
        out += " := ";
      }
      Print(f_.B(n));
      out += ".(type)";
      return;
    case NodeKind::Operation:
      if (!f_.B(n)) {
        out += Spelling(static_cast<TokenKind>(x.op));
        Print(f_.A(n));
      } else {
        Print(f_.A(n));
        out += ' ';
        out += Spelling(static_cast<TokenKind>(x.op));
        out += ' ';
        Print(f_.B(n));
      }
      return;
    case NodeKind::CallExpr:
      Print(f_.A(n));
      out += '(';
      List(f_.ListBC(n));
      if (x.flags) out += "...";
      out += ')';
      return;
    case NodeKind::ListExpr:
      List(f_.ListAB(n));
      return;
    case NodeKind::ArrayType:
      out += '[';
      if (f_.A(n))
        Print(f_.A(n));
      else
        out += "...";
      out += ']';
      Print(f_.B(n));
      return;
    case NodeKind::SliceType:
      out += "[]";
      Print(f_.A(n));
      return;
    case NodeKind::DotsType:
      out += "...";
      Print(f_.A(n));
      return;
    case NodeKind::StructType:
      out += "struct{";
      Fields(f_.ListAB(n), false);
      out += '}';
      return;
    case NodeKind::Field:
      Print(f_.A(n));
      out += ' ';
      Print(f_.B(n));
      return;
    case NodeKind::InterfaceType: {
      out += "interface{";
      NodeList l = f_.ListAB(n);
      for (uint32_t i = 0; i < l.count; ++i) {
        NodeId fld = f_.At(l, i);
        if (i) out += "; ";
        if (f_.A(fld)) {
          Print(f_.A(fld));
          Signature(f_.B(fld));
        } else {
          Print(f_.B(fld));
        }
      }
      out += '}';
      return;
    }
    case NodeKind::FuncType:
      out += "func";
      Signature(n);
      return;
    case NodeKind::MapType:
      out += "map[";
      Print(f_.A(n));
      out += ']';
      Print(f_.B(n));
      return;
    case NodeKind::ChanType:
      out += x.op == 2 ? "<-chan " : x.op == 1 ? "chan<- " : "chan ";
      Print(f_.B(n));
      return;
    case NodeKind::AssignStmt:
      Print(f_.A(n));
      if (!f_.B(n)) {
        out += x.op == static_cast<uint8_t>(TokenKind::Add) ? "++" : "--";
        return;
      }
      out += ' ';
      if (x.op) out += Spelling(static_cast<TokenKind>(x.op));
      out += x.flags ? ":=" : "=";
      out += ' ';
      Print(f_.B(n));
      return;
    case NodeKind::ExprStmt:
      Print(f_.A(n));
      return;
    case NodeKind::SendStmt:
      Print(f_.A(n));
      out += " <- ";
      Print(f_.B(n));
      return;
    case NodeKind::RangeClause:
      if (f_.A(n)) {
        Print(f_.A(n));
        out += x.flags ? " := " : " = ";
      }
      out += "range ";
      Print(f_.B(n));
      return;
    default:
      out += NodeKindName(x.kind);
      return;
    }
  }

private:
  const File &f_;
};

} // namespace

std::string String(const File &file, NodeId expr) {
  Printer p(file);
  p.Print(expr);
  return std::move(p.out);
}

uint32_t StartPos(const File &f, NodeId n) {
  for (;;) {
    switch (f.Kind(n)) {
    case NodeKind::CompositeLit:
      if (!f.A(n)) return f.Pos(n);
      n = f.A(n);
      continue;
    case NodeKind::SelectorExpr:
    case NodeKind::IndexExpr:
    case NodeKind::AssertExpr:
    case NodeKind::CallExpr:
    case NodeKind::SliceExpr:
      n = f.A(n);
      continue;
    case NodeKind::TypeSwitchGuard:
      n = f.A(n) ? f.A(n) : f.B(n);
      continue;
    case NodeKind::Operation:
      if (!f.B(n)) return f.Pos(n);
      n = f.A(n);
      continue;
    case NodeKind::ListExpr:
      n = f.At(f.ListAB(n), 0);
      continue;
    case NodeKind::AssignStmt:
    case NodeKind::ExprStmt:
    case NodeKind::SendStmt:
      n = f.A(n);
      continue;
    case NodeKind::RangeClause:
      if (!f.A(n)) return f.Pos(n);
      n = f.A(n);
      continue;
    default:
      return f.Pos(n);
    }
  }
}

} // namespace talpa::syntax
