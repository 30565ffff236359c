// VerifySyntax: the syntactic rules that go/parser enforces and gc's parser leaves to type
// checking, for ParseMode::Syntax (`talpa tool parse`). Messages are gc's (types2's).
#include "compiler/syntax/parser.h"
#include "compiler/syntax/scanner.h"

namespace talpa::syntax {

namespace {

using TK = TokenKind;

class Verifier {
public:
  Verifier(const File &f, base::Diagnostics &diags) : f_(f), diags_(diags) {}

  void Run(const std::vector<NodeId> &decls) {
    for (NodeId d : decls)
      Decl(d);
  }

private:
  // What an expression position admits.
  enum class Want { Value, ValueOrType, Type };

  struct Range {
    const NodeId *b, *e;
    const NodeId *begin() const { return b; }
    const NodeId *end() const { return e; }
  };
  Range List(NodeList l) const { return Range{f_.begin(l), f_.end(l)}; }

  // Calls f on each element of x, a ListExpr, or on x itself (none if x is 0).
  template <typename F> void Each(NodeId x, F f) {
    if (!x) return;
    if (f_.Kind(x) != NodeKind::ListExpr) {
      f(x);
      return;
    }
    for (NodeId e : List(f_.ListAB(x)))
      f(e);
  }

  void Error(NodeId at, std::string msg) { diags_.Error(f_.id, f_.Pos(at), std::move(msg)); }

  // Whether x can only be a value, never a type (a literal, a call, x + y...).
  bool IsValueOnly(NodeId x) const {
    switch (f_.Kind(x)) {
    case NodeKind::BasicLit:
    case NodeKind::CompositeLit:
    case NodeKind::FuncLit:
    case NodeKind::CallExpr:
    case NodeKind::SliceExpr:
    case NodeKind::AssertExpr:
    case NodeKind::KeyValueExpr:
      return true;
    case NodeKind::Operation: {
      TK op = static_cast<TK>(f_[x].op);
      return f_.B(x) ? op != TK::Or : op != TK::Mul && op != TK::Tilde;
    }
    default:
      return false;
    }
  }

  void Decl(NodeId d) {
    switch (f_.Kind(d)) {
    case NodeKind::ImportDecl:
      ImportPath(f_.B(d));
      break;
    case NodeKind::ConstDecl:
      if (!f_.ConstInherited(d)) {
        if (!f_.D(d)) {
          NodeId name = f_.At(f_.ListAB(d), 0);
          Error(name, "missing init expr for " + std::string(f_.Text(name)));
        }
        Expr(f_.C(d), Want::Type);
        Values(f_.D(d));
      }
      break;
    case NodeKind::VarDecl:
      Expr(f_.C(d), Want::Type);
      Values(f_.D(d));
      break;
    case NodeKind::TypeDecl:
      Fields(f_.ListCD(d));
      Expr(f_.B(d), Want::Type);
      break;
    case NodeKind::FuncDecl:
      if (NodeId a = f_.A(d)) {
        if (f_.Kind(a) == NodeKind::Field)
          Field(a);
        else
          Fields(f_.ListAB(a));
      }
      Expr(f_.C(d), Want::Type);
      Stmt(f_.D(d));
      break;
    default:
      break;
    }
  }

  // An import path: a non-empty string of graphic, non-space characters outside a few
  // punctuation marks (types2's validatedImportPath).
  void ImportPath(NodeId lit) {
    if (!lit || f_[lit].flags) return; // malformed literals were reported
    std::string path = StringLitValue(f_.Text(lit));
    if (path.empty()) {
      Error(lit, "invalid import path (empty string)");
      return;
    }
    static const std::string_view kIllegal = "!\"#$%&'()*,:;<=>?[\\]^{|}`";
    for (size_t i = 0; i < path.size();) {
      int size;
      bool ok;
      char32_t r = DecodeRune(path, i, &size, &ok);
      i += size;
      bool space = r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0 || r == 0x1680 ||
                   (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F ||
                   r == 0x205F || r == 0x3000;
      bool control = r < 0x20 || (r >= 0x7F && r < 0xA0);
      if (!ok || r == 0xFFFD || space || control ||
          (r < 0x80 && kIllegal.find(static_cast<char>(r)) != std::string_view::npos)) {
        Error(lit, "invalid import path (invalid character " + FormatCodePoint(r) + ")");
        return;
      }
    }
  }

  // A ListExpr or single expression in a value position.
  void Values(NodeId x) {
    Each(x, [&](NodeId e) { Expr(e, Want::Value); });
  }

  void Fields(NodeList l) {
    NodeId last;
    for (NodeId fld : List(l)) {
      if (f_.B(fld) == last) continue; // fields declared together share their type
      last = f_.B(fld);
      Field(fld);
    }
  }
  void Field(NodeId fld) { Expr(f_.B(fld), Want::Type); }

  // Checks expression x where `want` says what it may be. Names and literals, most of the
  // tree, are fine anywhere they parse, and return before the full check (ExprSlow).
  void Expr(NodeId x, Want want, bool complitType = false) {
    if (!x) return;
    NodeKind k = f_.Kind(x);
    if (k == NodeKind::Name || (k == NodeKind::BasicLit && want != Want::Type)) return;
    ExprSlow(x, want, complitType);
  }

  void ExprSlow(NodeId x, Want want, bool complitType) {
    NodeId u = f_.Unparen(x);
    NodeKind k = f_.Kind(u);
    // [...]T is a type only in a composite literal (or in a type, where go/parser lets it
    // pass and the checker reports it).
    if (k == NodeKind::ArrayType && !f_.A(u) && want != Want::Type && !(complitType && u == x)) {
      Error(u, "invalid use of [...] array (outside a composite literal)");
      return;
    }
    if (want == Want::Value && IsTypeLiteral(k)) {
      Error(u, String(f_, u) + " (type) is not an expression");
      return;
    }
    if (want == Want::Type && IsValueOnly(u)) {
      Error(u, String(f_, u) + " is not a type");
      return;
    }
    switch (k) {
    case NodeKind::ArrayType:
      Expr(f_.A(u), Want::Value);
      Expr(f_.B(u), Want::Type);
      break;
    case NodeKind::SliceType:
    case NodeKind::DotsType:
      Expr(f_.A(u), Want::Type);
      break;
    case NodeKind::ChanType:
      Expr(f_.B(u), Want::Type);
      break;
    case NodeKind::MapType:
      Expr(f_.A(u), Want::Type);
      Expr(f_.B(u), Want::Type);
      break;
    case NodeKind::StructType:
    case NodeKind::InterfaceType:
      Fields(f_.ListAB(u));
      break;
    case NodeKind::FuncType:
      Fields(f_.ListAB(u));
      Fields(f_.ListCD(u));
      break;
    case NodeKind::CompositeLit:
      Expr(f_.A(u), Want::Type, /*complitType=*/true);
      for (NodeId e : List(f_.ListBC(u)))
        Expr(e, Want::ValueOrType);
      break;
    case NodeKind::KeyValueExpr:
      Expr(f_.A(u), Want::ValueOrType);
      Expr(f_.B(u), Want::ValueOrType);
      break;
    case NodeKind::FuncLit:
      Expr(f_.A(u), Want::Type);
      Stmt(f_.B(u));
      break;
    case NodeKind::SelectorExpr:
      Expr(f_.A(u), Want::ValueOrType);
      break;
    case NodeKind::IndexExpr: {
      // In a type, or applied to a type literal, an index is a type argument.
      Want index = want == Want::Type || IsTypeLiteral(f_.Kind(f_.Unparen(f_.A(u))))
                       ? Want::Type
                       : Want::ValueOrType;
      Expr(f_.A(u), Want::ValueOrType);
      if (f_.Kind(f_.B(u)) == NodeKind::ListExpr) {
        for (NodeId e : List(f_.ListAB(f_.B(u))))
          Expr(e, index);
      } else {
        Expr(f_.B(u), index);
      }
      break;
    }
    case NodeKind::SliceExpr:
      Expr(f_.A(u), Want::Value);
      Expr(f_.B(u), Want::Value);
      Expr(f_.C(u), Want::Value);
      Expr(f_.D(u), Want::Value);
      break;
    case NodeKind::AssertExpr:
      Expr(f_.A(u), Want::Value);
      Expr(f_.B(u), Want::Type);
      break;
    case NodeKind::TypeSwitchGuard:
      Expr(f_.B(u), Want::Value);
      break;
    case NodeKind::Operation: {
      // *T may be a pointer type or an indirection; ~T and A|B are constraint terms.
      TK op = static_cast<TK>(f_[u].op);
      Want sub = Want::Value;
      if (!f_.B(u) && (op == TK::Mul || op == TK::Tilde))
        sub = want == Want::Type ? Want::Type : Want::ValueOrType;
      else if (op == TK::Or && want == Want::Type)
        sub = Want::Type;
      Expr(f_.A(u), sub);
      Expr(f_.B(u), sub);
      break;
    }
    case NodeKind::CallExpr:
      Expr(f_.A(u), Want::ValueOrType);
      for (NodeId e : List(f_.ListBC(u)))
        Expr(e, Want::ValueOrType);
      break;
    case NodeKind::ListExpr:
      for (NodeId e : List(f_.ListAB(u)))
        Expr(e, want);
      break;
    default:
      break;
    }
  }

  // The left side of := : names only.
  void DefineLhs(NodeId lhs) {
    Each(lhs, [&](NodeId e) {
      if (f_.Kind(e) != NodeKind::Name)
        Error(e, "non-name " + String(f_, e) + " on left side of :=");
    });
  }

  void Stmts(NodeList l) {
    for (NodeId s : List(l))
      Stmt(s);
  }

  void Stmt(NodeId s) {
    if (!s) return;
    switch (f_.Kind(s)) {
    case NodeKind::BlockStmt:
      Stmts(f_.ListAB(s));
      break;
    case NodeKind::LabeledStmt:
      Stmt(f_.B(s));
      break;
    case NodeKind::ExprStmt:
      Expr(f_.A(s), Want::Value);
      break;
    case NodeKind::SendStmt:
      Expr(f_.A(s), Want::Value);
      Expr(f_.B(s), Want::Value);
      break;
    case NodeKind::DeclStmt:
      for (NodeId d : List(f_.ListAB(s)))
        Decl(d);
      break;
    case NodeKind::AssignStmt:
      if (f_[s].flags) DefineLhs(f_.A(s));
      Values(f_.A(s));
      Values(f_.B(s));
      break;
    case NodeKind::CallStmt:
      Expr(f_.A(s), Want::Value);
      break;
    case NodeKind::ReturnStmt:
      Values(f_.A(s));
      break;
    case NodeKind::IfStmt:
      Stmt(f_.A(s));
      Expr(f_.B(s), Want::Value);
      Stmt(f_.C(s));
      Stmt(f_.D(s));
      break;
    case NodeKind::ForStmt:
      Stmt(f_.A(s));
      Expr(f_.B(s), Want::Value);
      Stmt(f_.C(s));
      Stmt(f_.D(s));
      break;
    case NodeKind::RangeClause: {
      NodeId lhs = f_.A(s);
      if (lhs && f_.Kind(lhs) == NodeKind::ListExpr && f_.ListAB(lhs).count > 2)
        Error(f_.At(f_.ListAB(lhs), 2), "range clause permits at most two iteration variables");
      if (f_[s].flags) DefineLhs(lhs);
      Values(lhs);
      Expr(f_.B(s), Want::Value);
      break;
    }
    case NodeKind::SwitchStmt: {
      Stmt(f_.A(s));
      NodeId tag = f_.B(s);
      bool typeSwitch = tag && f_.Kind(tag) == NodeKind::TypeSwitchGuard;
      Expr(tag, Want::Value);
      for (NodeId c : List(f_.ListCD(s))) {
        Each(f_.A(c), [&](NodeId e) { Expr(e, typeSwitch ? Want::Type : Want::Value); });
        Stmts(f_.ListBC(c));
      }
      break;
    }
    case NodeKind::SelectStmt:
      for (NodeId c : List(f_.ListAB(s))) {
        Stmt(f_.A(c));
        Stmts(f_.ListBC(c));
      }
      break;
    default:
      break;
    }
  }

  const File &f_;
  base::Diagnostics &diags_;
};

} // namespace

void VerifySyntax(const File &file, const std::vector<NodeId> &decls, base::Diagnostics &diags) {
  Verifier(file, diags).Run(decls);
}

} // namespace talpa::syntax
