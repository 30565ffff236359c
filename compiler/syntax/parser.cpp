// The parser, after gc's syntax/parser.go: recursive descent in the same order and with the
// same function names, the spec production above each, and gc's error wording and recovery
// (advance to a follow set; the stopset of statement keywords inside functions). Nodes are
// appended to the File's flat arrays; lists are built in a scratch stack and copied into
// File::lists when complete, so no node is heap-allocated on its own.
#include <cstdio>
#include <cstring>

#include "compiler/syntax/parser.h"
#include "compiler/syntax/scanner.h"

namespace talpa::syntax {

namespace {

using TK = TokenKind;

// Deeper nesting than this is reported instead of risking the native stack.
constexpr int kMaxNesting = 10000;
// The largest iota a ConstDecl node holds (23 bits); a longer group is reported.
constexpr uint32_t kMaxIota = (1u << 23) - 1;

uint64_t Bit(TK k) { return uint64_t{1} << (static_cast<int>(k) & 63); }
bool IsLiteral(TK k) {
  return k == TK::IntLit || k == TK::FloatLit || k == TK::ImagLit || k == TK::RuneLit ||
         k == TK::StringLit;
}

class Parser {
public:
  Parser(const base::SourceManager &sources, base::FileId id, base::Diagnostics &diags, File &file,
         ParseMode mode)
      : diags_(diags), f_(file), mode_(mode) {
    f_.id = id;
    f_.source = sources.Contents(id);
    Scan(f_.source, id, diags, tokens_, &f_.comments);
    f_.nodes.reserve(tokens_.size() + 1);
    f_.lists.reserve(tokens_.size() / 2 + 1);
    f_.nodes.push_back(Node{NodeKind::Invalid, 0, 0, 0, 0, 0, 0, 0});
    cur_ = tokens_.data();
    errorsAtStart_ = diags.ErrorCount();
    Next();
  }

  void FileOrNil();

private:
  // ---- tokens ----
  // The token buffer is complete before parsing starts: cur_ points into it.
  const Token &Tok() const { return *cur_; }
  TK tok() const { return cur_->kind; }
  uint32_t pos() const { return cur_->offset; }
  std::string_view lit() const { return f_.source.substr(Tok().offset, Tok().length); }
  void Next() {
    if (started_ && tok() != TK::EndOfFile) ++cur_; // EOF repeats
    started_ = true;
  }
  bool Got(TK k) {
    if (tok() == k) {
      Next();
      return true;
    }
    return false;
  }
  void Want(TK k) {
    if (!Got(k)) {
      SyntaxError("expecting " + TokString(k));
      Advance({});
    }
  }
  bool GotAssign() {
    if (tok() == TK::Define) {
      SyntaxError("expecting =");
      Next();
      return true;
    }
    return Got(TK::Assign);
  }

  // ---- errors ----
  static std::string TokString(TK k) {
    if (k == TK::Comma) return "comma";
    if (k == TK::Semi) return "semicolon or newline";
    return std::string(Spelling(k));
  }
  void ErrorAt(uint32_t at, std::string msg) {
    ++errcnt_;
    diags_.Error(f_.id, at, std::move(msg));
  }
  void Error(std::string msg) { ErrorAt(pos(), std::move(msg)); }
  // A restriction gc's parser enforces beyond the grammar: reported when compiling only.
  bool CompileMode() const { return mode_ == ParseMode::Compile; }
  // Marks the current top-level declaration for VerifySyntax (ParseMode::Syntax): it holds
  // a construct one of go/parser's extra rules may reject (a type literal or
  // instantiation in an expression, a type switch, a const without value, an import, a
  // := or range whose left side is not plain names). Unmarked declarations cannot break
  // those rules, and the verifier skips them.
  void Suspect() { suspect_ = true; }
  void SyntaxError(std::string msg) { SyntaxErrorAt(pos(), std::move(msg)); }
  void SyntaxErrorAt(uint32_t at, std::string msg);
  void Advance(std::initializer_list<TK> follow);

  // ---- nodes ----
  [[gnu::always_inline]] NodeId New(NodeKind kind, uint32_t at, uint32_t a = 0, uint32_t b = 0,
                                    uint32_t c = 0, uint32_t d = 0, uint8_t op = 0,
                                    uint16_t flags = 0) {
    f_.nodes.push_back(Node{kind, op, flags, at, a, b, c, d});
    return NodeId{static_cast<uint32_t>(f_.nodes.size() - 1)};
  }
  Node &N(NodeId id) { return f_.nodes[id.index]; }
  // Lists: elements are pushed on scratch_ from `mark`, then moved into f_.lists.
  size_t Mark() const { return scratch_.size(); }
  NodeList Finish(size_t mark) {
    size_t n = scratch_.size() - mark, old = f_.lists.size();
    NodeList l{static_cast<uint32_t>(old), static_cast<uint32_t>(n)};
    if (n) {
      f_.lists.resize(old + n);
      std::memcpy(&f_.lists[old], &scratch_[mark], n * sizeof(NodeId));
    }
    scratch_.resize(mark);
    return l;
  }
  NodeId BadExpr() { return New(NodeKind::Invalid, pos()); }

  // Nesting guard: Enter() returns false (after one error) past kMaxNesting levels.
  struct Nest {
    Parser &p;
    explicit Nest(Parser &p) : p(p) { ++p.depth_; }
    ~Nest() { --p.depth_; }
  };
  bool TooDeep() {
    if (depth_ <= kMaxNesting) return false;
    if (!reportedDepth_) {
      reportedDepth_ = true;
      Error("talpa: exceeded maximum nesting depth");
    }
    // Skip the rest of the file: it cannot be parsed sensibly any more.
    cur_ = &tokens_.back();
    return true;
  }

  // ---- declarations ----
  template <typename F>
  void List(const char *context, TK sep, TK close, F f, uint32_t *closePos = nullptr);
  template <typename F> void AppendGroup(F f);
  NodeId ImportDecl();
  NodeId ConstDecl(bool inGroup);
  NodeId TypeDecl();
  NodeId VarDecl();
  NodeId FuncDeclOrNil();
  NodeId FuncBody();

  // ---- expressions ----
  NodeId Expr();
  NodeId BinaryExpr(NodeId x, int prec);
  NodeId UnaryExpr();
  NodeId CallStmt();
  NodeId Operand(bool keepParens);
  NodeId Pexpr(NodeId x, bool keepParens);
  bool IsValue(NodeId x) const;
  NodeId BareComplitexpr();
  NodeId Complitexpr();
  NodeId Type();
  NodeId TypeOrNil();
  NodeId ChanElem();
  NodeId StructType();
  NodeId InterfaceType();
  NodeId FuncType(uint32_t at, const char *context, NodeList *tparams);
  NodeList FuncResult();
  void FieldDecl();
  // A parameter, type parameter or interface element while its list is parsed.
  struct Param {
    NodeId name, type;
    uint32_t at;
  };
  Param MethodDecl();
  NodeId EmbeddedElem(NodeId x);
  NodeId EmbeddedTerm();
  bool ParamDeclOrNil(NodeId name, TK follow, Param *par);
  NodeList ParamList(NodeId name, NodeId typ, TK close, bool requireNames);
  NodeId TypeInstance(NodeId typ);
  NodeId TypeList(bool *comma);
  NodeId ArrayType(uint32_t at, NodeId len);
  NodeId SliceType(uint32_t at);
  NodeId ArrayOrTArgs();
  bool ExtractName(NodeId x, bool force, NodeId *name, NodeId *constraint);
  bool IsTypeElem(NodeId x) const;
  NodeId Name();
  NodeList NameList(NodeId first);
  NodeId QualifiedName(NodeId name);
  NodeId ExprList();
  NodeList ArgList(bool *hasDots);
  // Whether x is a Name or a ListExpr of Names.
  bool NamesOnly(NodeId x) const {
    if (f_.Kind(x) != NodeKind::ListExpr) return f_.Kind(x) == NodeKind::Name;
    for (const NodeId *e = f_.begin(f_.ListAB(x)); e != f_.end(f_.ListAB(x)); ++e)
      if (f_.Kind(*e) != NodeKind::Name) return false;
    return true;
  }
  NodeId Unparen(NodeId x) const { return f_.Unparen(x); }

  // ---- statements ----
  NodeId SimpleStmt(NodeId lhs, TK keyword);
  NodeId NewRangeClause(NodeId lhs, bool def, uint32_t at);
  NodeId NewAssignStmt(uint32_t at, TK op, NodeId lhs, NodeId rhs, bool def = false) {
    return New(NodeKind::AssignStmt, at, lhs.index, rhs.index, 0, 0, static_cast<uint8_t>(op), def);
  }
  NodeId LabeledStmtOrNil(NodeId label);
  NodeId BlockStmt(const char *context);
  NodeId DeclStmt(TK keyword);
  NodeId ForStmt();
  void Header(TK keyword, NodeId *init, NodeId *cond, NodeId *post);
  NodeId IfStmt();
  NodeId SwitchStmt();
  NodeId SelectStmt();
  NodeId CaseClause();
  NodeId CommClause();
  NodeId StmtOrNil();
  NodeList StmtList();

  base::Diagnostics &diags_;
  File &f_;
  // The file's tokens, complete before parsing starts; the tree does not refer to them,
  // so they go when the parser does.
  std::vector<Token> tokens_;
  ParseMode mode_;
  const Token *cur_ = nullptr; // the current token
  bool started_ = false;
  int fnest_ = 0; // function nesting level (for error handling)
  int xnest_ = 0; // expression nesting level (for complit ambiguity resolution)
  int depth_ = 0;
  bool reportedDepth_ = false;
  size_t errcnt_ = 0;
  size_t errorsAtStart_ = 0;
  std::vector<NodeId> scratch_;
  std::vector<Param> params_; // parameters of the lists being parsed (ParamList)
  bool suspect_ = false;      // see Suspect

public:
  std::vector<NodeId> suspects; // the top-level declarations VerifySyntax must check
  // For implicit repetition in const groups: the last spec with values.
  NodeId lastConstType_, lastConstValues_;
  uint32_t iota_ = 0;
};

void Parser::SyntaxErrorAt(uint32_t at, std::string msg) {
  if (tok() == TK::EndOfFile && (errcnt_ > 0 || diags_.ErrorCount() > errorsAtStart_))
    return; // avoid meaningless follow-on errors
  if (msg.empty()) {
  } else if (msg.rfind("in ", 0) == 0 || msg.rfind("at ", 0) == 0 || msg.rfind("after ", 0) == 0) {
    msg = " " + msg;
  } else if (msg.rfind("expecting ", 0) == 0) {
    msg = ", " + msg;
  } else {
    ErrorAt(at, "syntax error: " + msg);
    return;
  }
  std::string t;
  switch (tok()) {
  case TK::Name:
    t = lit();
    break;
  case TK::Semi:
    t = Tok().flags == TokenFlag::SemiNewline ? "newline"
        : Tok().flags == TokenFlag::SemiEOF   ? "EOF"
                                              : "semicolon";
    break;
  case TK::IntLit:
  case TK::FloatLit:
  case TK::ImagLit:
  case TK::RuneLit:
  case TK::StringLit:
    t = "literal " + std::string(lit());
    break;
  default:
    t = TokString(tok());
  }
  ErrorAt(at, "syntax error: unexpected " + t + msg);
}

void Parser::Advance(std::initializer_list<TK> follow) {
  // The stopset contains keywords that start a statement; good synchronization points.
  static const uint64_t stopset = Bit(TK::Break) | Bit(TK::Const) | Bit(TK::Continue) |
                                  Bit(TK::Defer) | Bit(TK::Fallthrough) | Bit(TK::For) |
                                  Bit(TK::Go) | Bit(TK::Goto) | Bit(TK::If) | Bit(TK::Return) |
                                  Bit(TK::Select) | Bit(TK::Switch) | Bit(TK::Type) | Bit(TK::Var);
  // Kinds are < 128 so a 64-bit set needs care: use a direct check instead.
  auto inFollow = [&](TK k) {
    if (k == TK::EndOfFile) return true;
    if (follow.size() == 0) return false;
    for (TK t : follow)
      if (t == k) return true;
    if (fnest_ > 0 && IsKeyword(k) && (stopset & Bit(k))) {
      // Bit() folds kinds mod 64; confirm it is really a stopset keyword.
      switch (k) {
      case TK::Break:
      case TK::Const:
      case TK::Continue:
      case TK::Defer:
      case TK::Fallthrough:
      case TK::For:
      case TK::Go:
      case TK::Goto:
      case TK::If:
      case TK::Return:
      case TK::Select:
      case TK::Switch:
      case TK::Type:
      case TK::Var:
        return true;
      default:
        return false;
      }
    }
    return false;
  };
  while (!inFollow(tok())) {
    Next();
    if (follow.size() == 0) break;
  }
}

// ---------------------------------------------------------------------------
// Package files

// SourceFile = PackageClause ";" { ImportDecl ";" } { TopLevelDecl ";" } .
void Parser::FileOrNil() {
  f_.packagePos = pos();
  if (!Got(TK::Package)) {
    SyntaxError("package statement must be first");
    return;
  }
  f_.packageName = Name();
  Want(TK::Semi);
  // Don't bother continuing if the package clause has errors.
  if (errcnt_ > 0 || diags_.ErrorCount() > errorsAtStart_) return;

  size_t mark = Mark();
  // The declarations pushed since `from` go to VerifySyntax if one of them is suspect.
  auto keepSuspects = [&](size_t from) {
    if (suspect_)
      for (size_t i = from; i < scratch_.size(); ++i)
        suspects.push_back(scratch_[i]);
    suspect_ = false;
  };
  // { ImportDecl ";" }
  while (Got(TK::Import)) {
    size_t from = scratch_.size();
    AppendGroup([&](bool) { return ImportDecl(); });
    keepSuspects(from);
    Want(TK::Semi);
  }
  // { TopLevelDecl ";" }
  while (tok() != TK::EndOfFile) {
    size_t from = scratch_.size();
    switch (tok()) {
    case TK::Const:
      Next();
      AppendGroup([&](bool group) { return ConstDecl(group); });
      break;
    case TK::Type:
      Next();
      AppendGroup([&](bool) { return TypeDecl(); });
      break;
    case TK::Var:
      Next();
      AppendGroup([&](bool) { return VarDecl(); });
      break;
    case TK::Func: {
      Next();
      NodeId d = FuncDeclOrNil();
      if (d) scratch_.push_back(d);
      break;
    }
    default: {
      bool emptyFunc = scratch_.size() > mark && f_.Kind(scratch_.back()) == NodeKind::FuncDecl &&
                       !f_.D(scratch_.back());
      if (tok() == TK::Lbrace && emptyFunc)
        SyntaxError("unexpected semicolon or newline before {");
      else
        SyntaxError("non-declaration statement outside function body");
      Advance({TK::Const, TK::Type, TK::Var, TK::Func});
      continue;
    }
    }
    keepSuspects(from);
    if (tok() != TK::EndOfFile && !Got(TK::Semi)) {
      SyntaxError("after top level declaration");
      Advance({TK::Const, TK::Type, TK::Var, TK::Func});
    }
  }
  f_.decls = Finish(mark);
}

// list = [ f { sep f } [sep] ] close .
template <typename F>
void Parser::List(const char *context, TK sep, TK close, F f, uint32_t *closePos) {
  bool done = false;
  while (tok() != TK::EndOfFile && tok() != close && !done) {
    done = f();
    if (!Got(sep) && tok() != close) {
      SyntaxError(std::string("in ") + context + "; possibly missing " + TokString(sep) + " or " +
                  TokString(close));
      Advance({TK::Rparen, TK::Rbrack, TK::Rbrace});
      if (tok() != close) {
        if (closePos) *closePos = pos();
        return;
      }
    }
  }
  if (closePos) *closePos = pos();
  Want(close);
}

// appendGroup(f) = f | "(" { f ";" } ")" . // ";" is optional before ")"
// Declarations are pushed on the scratch stack of the caller's list.
template <typename F> void Parser::AppendGroup(F f) {
  // A group may lie inside another group's spec (a constant declared in a function
  // literal of a constant's value): the outer group's iota and repeated list go on after.
  uint32_t outerIota = iota_;
  NodeId outerType = lastConstType_, outerValues = lastConstValues_;
  iota_ = 0;
  lastConstType_ = lastConstValues_ = NodeId{};
  if (tok() == TK::Lparen) {
    Next();
    List("grouped declaration", TK::Semi, TK::Rparen, [&] {
      NodeId x = f(true);
      if (x) scratch_.push_back(x);
      return false;
    });
  } else {
    NodeId x = f(false);
    if (x) scratch_.push_back(x);
  }
  iota_ = outerIota;
  lastConstType_ = outerType;
  lastConstValues_ = outerValues;
}

// ImportSpec = [ "." | PackageName ] ImportPath .
// ImportPath = string_lit .
NodeId Parser::ImportDecl() {
  uint32_t at = pos();
  NodeId local;
  if (tok() == TK::Name) {
    local = Name();
  } else if (tok() == TK::Dot) {
    local = New(NodeKind::Name, pos(), 1);
    Next();
  }
  NodeId path;
  if (tok() == TK::StringLit) {
    path = New(NodeKind::BasicLit, pos(), Tok().length, 0, 0, 0,
               static_cast<uint8_t>(TK::StringLit), Tok().flags & TokenFlag::Bad);
    Next();
  } else if (IsLiteral(tok())) {
    SyntaxError("import path must be a string");
    Next();
  } else {
    SyntaxError("missing import path");
    Advance({TK::Semi, TK::Rparen});
  }
  Suspect(); // the path is checked
  return New(NodeKind::ImportDecl, at, local.index, path.index);
}

// ConstSpec = IdentifierList [ [ Type ] "=" ExpressionList ] .
NodeId Parser::ConstDecl(bool inGroup) {
  uint32_t at = pos();
  NodeList names = NameList(Name());
  NodeId type, values;
  bool inherited = false;
  if (tok() != TK::EndOfFile && tok() != TK::Semi && tok() != TK::Rparen) {
    type = TypeOrNil();
    if (GotAssign()) values = ExprList();
  }
  if (!type && !values && inGroup && lastConstValues_) {
    // Implicit repetition of the previous type and expression list (spec).
    type = lastConstType_;
    values = lastConstValues_;
    inherited = true;
  } else if (values || type) {
    lastConstType_ = type;
    lastConstValues_ = values;
  }
  if (!values && !inherited) Suspect(); // a constant needs a value
  // iota takes the 16 flag bits and the 7 op bits above `inherited` (File::ConstIota).
  uint32_t iota = iota_;
  if (iota <= kMaxIota) {
    ++iota_;
  } else {
    if (iota == kMaxIota + 1) {
      Error("talpa: too many constants in one declaration group");
      ++iota_; // once per group
    }
    iota = kMaxIota;
  }
  return New(NodeKind::ConstDecl, at, names.start, names.count, type.index, values.index,
             static_cast<uint8_t>((inherited ? 1 : 0) | (iota >> 16) << 1),
             static_cast<uint16_t>(iota & 0xFFFF));
}

// TypeSpec = identifier [ TypeParams ] [ "=" ] Type .
NodeId Parser::TypeDecl() {
  uint32_t at = pos();
  NodeId name = Name();
  NodeId type;
  NodeList tparams;
  bool alias = false;
  if (tok() == TK::Lbrack) {
    // name "[" ...: an array or slice type, or a type parameter list.
    uint32_t lb = pos();
    Next();
    switch (tok()) {
    case TK::Name: {
      // Parse an expression x starting with the name; x is split below into a type
      // parameter name and constraint if it can be one. A name followed by "[" starts
      // a constraint such as P []E (an index expression is never a constant length).
      NodeId x = Name();
      if (tok() != TK::Lbrack) {
        ++xnest_;
        x = BinaryExpr(Pexpr(x, false), 0);
        --xnest_;
        Suspect();
      }
      // A single name followed by "]" is an array length; a constraint that could also
      // be an ordinary expression counts as a constraint when a comma follows.
      NodeId pname, ptype;
      if (ExtractName(x, tok() == TK::Comma, &pname, &ptype) && (ptype || tok() != TK::Rbrack)) {
        tparams = ParamList(pname, ptype, TK::Rbrack, true);
        alias = GotAssign();
        type = TypeOrNil();
      } else {
        type = ArrayType(lb, x);
      }
      break;
    }
    case TK::Rbrack:
      Next();
      type = SliceType(lb);
      break;
    default:
      type = ArrayType(lb, NodeId{});
    }
  } else {
    alias = GotAssign();
    type = TypeOrNil();
  }
  if (!type) {
    type = BadExpr();
    SyntaxError("in type declaration");
    Advance({TK::Semi, TK::Rparen});
  }
  return New(NodeKind::TypeDecl, at, name.index, type.index, tparams.start, tparams.count, 0,
             alias ? 1 : 0);
}

// ExtractName splits x into a name and a type parameter constraint if x can be read as
// "name constraint": P *E, P(E), P *E | F. The split happens only if the constraint is
// certainly a type element (IsTypeElem) or `force` is set. A lone name gives (name, 0).
// Returns false (x stays whole) if there is no split.
bool Parser::ExtractName(NodeId x, bool force, NodeId *name, NodeId *constraint) {
  switch (f_.Kind(x)) {
  case NodeKind::Name:
    *name = x;
    *constraint = NodeId{};
    return true;
  case NodeKind::Operation: {
    NodeId lhs = f_.A(x), rhs = f_.B(x);
    if (!rhs) break; // unary
    TK op = static_cast<TK>(f_[x].op);
    if (op == TK::Mul && f_.Kind(lhs) == NodeKind::Name && (force || IsTypeElem(rhs))) {
      // name * rhs: the constraint is the pointer type *rhs.
      *name = lhs;
      *constraint =
          New(NodeKind::Operation, f_.Pos(x), rhs.index, 0, 0, 0, static_cast<uint8_t>(TK::Mul));
      return true;
    }
    NodeId n, l;
    if (op == TK::Or && ExtractName(lhs, force || IsTypeElem(rhs), &n, &l) && l) {
      // name lhs | rhs
      *name = n;
      *constraint = New(NodeKind::Operation, f_.Pos(x), l.index, rhs.index, 0, 0,
                        static_cast<uint8_t>(TK::Or));
      return true;
    }
    break;
  }
  case NodeKind::CallExpr: {
    // name(arg)
    NodeId fun = f_.A(x);
    NodeList args = f_.ListBC(x);
    if (f_.Kind(fun) == NodeKind::Name && args.count == 1 && !f_[x].flags &&
        (force || IsTypeElem(f_.At(args, 0)))) {
      *name = fun;
      *constraint = f_.At(args, 0);
      return true;
    }
    break;
  }
  default:
    break;
  }
  return false;
}

// IsTypeElem reports whether x is certainly a (possibly parenthesized) type element, not
// something that could also be an ordinary expression.
bool Parser::IsTypeElem(NodeId x) const {
  if (IsTypeLiteral(f_.Kind(x))) return true;
  switch (f_.Kind(x)) {
  case NodeKind::Operation:
    return IsTypeElem(f_.A(x)) || (f_.B(x) && IsTypeElem(f_.B(x))) ||
           f_[x].op == static_cast<uint8_t>(TK::Tilde);
  case NodeKind::ParenExpr:
    return IsTypeElem(f_.A(x));
  default:
    return false;
  }
}

// VarSpec = IdentifierList ( Type [ "=" ExpressionList ] | "=" ExpressionList ) .
NodeId Parser::VarDecl() {
  uint32_t at = pos();
  NodeList names = NameList(Name());
  NodeId type, values;
  if (GotAssign()) {
    values = ExprList();
  } else {
    type = Type();
    if (GotAssign()) values = ExprList();
  }
  return New(NodeKind::VarDecl, at, names.start, names.count, type.index, values.index);
}

// FunctionDecl = "func" FunctionName [ TypeParams ] ( Function | Signature ) .
// FunctionName = identifier .
// Function     = Signature FunctionBody .
// MethodDecl   = "func" Receiver MethodName ( Function | Signature ) .
// Receiver     = Parameters .
NodeId Parser::FuncDeclOrNil() {
  uint32_t at = pos();
  NodeId recv;
  if (tok() == TK::Lparen) {
    uint32_t rpos = pos();
    Next();
    NodeList rcvr = ParamList(NodeId{}, NodeId{}, TK::Rparen, false);
    if (rcvr.count == 0 && CompileMode())
      ErrorAt(rpos, "method has no receiver");
    else if (rcvr.count > 1 && CompileMode())
      ErrorAt(rpos, "method has multiple receivers");
    if (rcvr.count > 0) recv = f_.At(rcvr, 0);
  }
  if (tok() != TK::Name) {
    SyntaxError("expecting name or (");
    Advance({TK::Lbrace, TK::Semi});
    return NodeId{};
  }
  NodeId name = Name();
  NodeList tparams;
  NodeId type = FuncType(pos(), recv ? "method" : nullptr, &tparams);
  if (tparams.count && !recv) // a method's type parameters were reported and are dropped
    recv = New(NodeKind::TypeParamList, f_.Pos(f_.At(tparams, 0)), tparams.start, tparams.count);
  NodeId body;
  if (tok() == TK::Lbrace) body = FuncBody();
  return New(NodeKind::FuncDecl, at, recv.index, name.index, type.index, body.index);
}

NodeId Parser::FuncBody() {
  ++fnest_;
  int outer = xnest_;
  xnest_ = 0;
  NodeId body = BlockStmt("");
  xnest_ = outer;
  --fnest_;
  return body;
}

// ---------------------------------------------------------------------------
// Expressions

NodeId Parser::Expr() { return BinaryExpr(NodeId{}, 0); }

// Expression = UnaryExpr | Expression binary_op Expression .
NodeId Parser::BinaryExpr(NodeId x, int prec) {
  // don't trace binaryExpr - only leads to overly nested trace output
  if (!x) x = UnaryExpr();
  for (;;) {
    int p = Precedence(tok());
    if (p <= prec) return x;
    TK op = tok();
    uint32_t at = pos();
    Next();
    NodeId y = BinaryExpr(NodeId{}, p);
    x = New(NodeKind::Operation, at, x.index, y.index, 0, 0, static_cast<uint8_t>(op));
  }
}

// UnaryExpr = PrimaryExpr | unary_op UnaryExpr .
NodeId Parser::UnaryExpr() {
  Nest nest(*this);
  if (TooDeep()) return BadExpr();
  switch (tok()) {
  case TK::Mul:
  case TK::Add:
  case TK::Sub:
  case TK::Not:
  case TK::Xor:
  case TK::And:
  case TK::Tilde: {
    TK op = tok();
    uint32_t at = pos();
    Next();
    NodeId x = UnaryExpr();
    return New(NodeKind::Operation, at, x.index, 0, 0, 0, static_cast<uint8_t>(op));
  }
  case TK::Arrow: {
    uint32_t at = pos();
    Next();
    // <-x is a receive, or <-chan T a channel type; gc untangles the two here.
    NodeId x = UnaryExpr();
    if (f_.Kind(x) == NodeKind::ChanType) {
      // <-chan T: make it a receive-only channel type (nested <-chan chan T adjust).
      NodeId t = x;
      int dir = 2; // receive-only
      while (f_.Kind(t) == NodeKind::ChanType && dir == 2) {
        if (N(t).op == 2) { // already receive-only: <-<-chan T
          SyntaxError("unexpected <-, expecting chan");
          break;
        }
        uint8_t was = N(t).op;
        N(t).op = 2;
        if (was != 1) break;
        NodeId e = f_.B(t);
        if (f_.Kind(e) != NodeKind::ChanType) {
          SyntaxError("unexpected <-, expecting chan");
          break;
        }
        t = e;
      }
      N(x).pos = at;
      Suspect(); // a channel type in an expression
      return x;
    }
    return New(NodeKind::Operation, at, x.index, 0, 0, 0, static_cast<uint8_t>(TK::Arrow));
  }
  default:
    return Pexpr(NodeId{}, tok() == TK::Lparen);
  }
}

// callStmt parses call-like statements that can be preceded by 'defer' and 'go'.
NodeId Parser::CallStmt() {
  uint32_t at = pos();
  TK kw = tok();
  Next();
  NodeId x = Pexpr(NodeId{}, tok() == TK::Lparen);
  NodeId t = Unparen(x);
  if (!(t == x)) {
    ErrorAt(f_.Pos(x), "expression in " + std::string(Spelling(kw)) + " must not be parenthesized");
    x = t;
  }
  if (f_.Kind(x) != NodeKind::CallExpr) {
    ErrorAt(f_.Pos(x), "expression in " + std::string(Spelling(kw)) + " must be function call");
    x = New(NodeKind::CallExpr, f_.Pos(x), x.index);
  }
  return New(NodeKind::CallStmt, at, x.index, 0, 0, 0, static_cast<uint8_t>(kw));
}

// Operand     = Literal | OperandName | MethodExpr | "(" Expression ")" .
// Literal     = BasicLit | CompositeLit | FunctionLit .
// BasicLit    = int_lit | float_lit | imaginary_lit | rune_lit | string_lit .
// OperandName = identifier | QualifiedIdent.
NodeId Parser::Operand(bool keepParens) {
  switch (tok()) {
  case TK::Name:
    return Name();
  case TK::IntLit:
  case TK::FloatLit:
  case TK::ImagLit:
  case TK::RuneLit:
  case TK::StringLit: {
    NodeId x = New(NodeKind::BasicLit, pos(), Tok().length, 0, 0, 0, static_cast<uint8_t>(tok()),
                   Tok().flags & TokenFlag::Bad);
    Next();
    return x;
  }
  case TK::Lparen: {
    uint32_t at = pos();
    Next();
    ++xnest_;
    NodeId x = Expr();
    --xnest_;
    Want(TK::Rparen);
    // The node is always kept (the checker unparens); flags=1 marks where gc's tree keeps
    // it too (operands in unary position, and before {), 0 where gc drops it (the
    // expression after `type T[`), so String prints gc's form.
    bool keep = keepParens || tok() == TK::Lbrace;
    return New(NodeKind::ParenExpr, at, x.index, 0, 0, 0, 0, keep ? 1 : 0);
  }
  case TK::Func: {
    uint32_t at = pos();
    Next();
    NodeId ftyp = FuncType(at, "function type", nullptr);
    if (tok() == TK::Lbrace) {
      ++xnest_;
      NodeId body = FuncBody();
      --xnest_;
      return New(NodeKind::FuncLit, at, ftyp.index, body.index);
    }
    Suspect(); // a function type in an expression
    return ftyp;
  }
  case TK::Lbrack:
  case TK::Chan:
  case TK::Map:
  case TK::Struct:
  case TK::Interface:
    Suspect();     // a type literal in an expression
    return Type(); // othertype
  default: {
    NodeId x = BadExpr();
    SyntaxError("expecting expression");
    Advance({TK::Rparen, TK::Rbrack, TK::Rbrace});
    return x;
  }
  }
}

// PrimaryExpr = Operand | Conversion | PrimaryExpr Selector | PrimaryExpr Index |
//               PrimaryExpr Slice | PrimaryExpr TypeAssertion | PrimaryExpr Arguments .
// Selector       = "." identifier .
// Index          = "[" Expression "]" .
// Slice          = "[" ( [ Expression ] ":" [ Expression ] ) |
//                      ( [ Expression ] ":" Expression ":" Expression ) "]" .
// TypeAssertion  = "." "(" Type ")" .
// Arguments      = "(" [ ( ExpressionList | Type [ "," ExpressionList ] ) [ "..." ] [ "," ] ] ")" .
NodeId Parser::Pexpr(NodeId x, bool keepParens) {
  if (!x) x = Operand(keepParens);
  for (;;) {
    uint32_t at = pos();
    switch (tok()) {
    case TK::Dot: {
      Next();
      switch (tok()) {
      case TK::Name: {
        NodeId sel = Name();
        x = New(NodeKind::SelectorExpr, at, x.index, sel.index);
        break;
      }
      case TK::Lparen:
        Next();
        if (Got(TK::Type)) {
          x = New(NodeKind::TypeSwitchGuard, at, 0, x.index);
          Suspect(); // its cases must be types
        } else {
          NodeId t = Type();
          x = New(NodeKind::AssertExpr, at, x.index, t.index);
        }
        Want(TK::Rparen);
        break;
      default:
        SyntaxError("expecting name or (");
        Advance({TK::Semi, TK::Rparen});
      }
      continue;
    }
    case TK::Lbrack: {
      Next();
      if (tok() == TK::Rbrack) {
        // An empty instance, slice or index expression: accept but complain.
        SyntaxError("expecting operand");
        Next();
        continue;
      }
      NodeId i;
      if (tok() != TK::Colon) {
        bool comma;
        i = TypeList(&comma);
        if (comma || tok() == TK::Rbrack) {
          // x[i] or x[i,] or x[i, j, ...]
          Want(TK::Rbrack);
          x = New(NodeKind::IndexExpr, at, x.index, i.index);
          continue;
        }
      }
      // x[i:...
      if (!Got(TK::Colon)) {
        SyntaxError("expecting comma, : or ]");
        Advance({TK::Comma, TK::Colon, TK::Rbrack});
      }
      ++xnest_;
      NodeId j, k;
      bool full = false;
      if (tok() != TK::Colon && tok() != TK::Rbrack) j = Expr(); // x[i:j...
      if (tok() == TK::Colon) {
        full = true;
        if (!j) {
          Error("middle index required in 3-index slice");
          j = BadExpr();
        }
        Next();
        if (tok() != TK::Rbrack) {
          k = Expr(); // x[i:j:k...
        } else {
          Error("final index required in 3-index slice");
          k = BadExpr();
        }
      }
      --xnest_;
      Want(TK::Rbrack);
      x = New(NodeKind::SliceExpr, at, x.index, i.index, j.index, k.index, 0, full ? 1 : 0);
      continue;
    }
    case TK::Lparen: {
      Next();
      bool dots = false;
      NodeList args = ArgList(&dots);
      x = New(NodeKind::CallExpr, at, x.index, args.start, args.count, 0, 0, dots ? 1 : 0);
      continue;
    }
    case TK::Lbrace: {
      // Determine if '{' belongs to a composite literal or a block statement.
      NodeId t = Unparen(x);
      bool ok = false;
      switch (f_.Kind(t)) {
      case NodeKind::Name:
      case NodeKind::SelectorExpr:
        ok = xnest_ >= 0;
        break;
      case NodeKind::IndexExpr:
        ok = xnest_ >= 0 && !IsValue(t);
        break;
      case NodeKind::ArrayType:
      case NodeKind::SliceType:
      case NodeKind::StructType:
      case NodeKind::MapType:
        ok = true;
        break;
      default:
        break;
      }
      if (!ok) return x;
      if (!(t == x)) SyntaxError("cannot parenthesize type in composite literal");
      NodeId n = Complitexpr();
      N(n).a = x.index;
      x = n;
      continue;
    }
    default:
      return x;
    }
  }
}

// isValue reports whether x syntactically must be a value (and not a type) expression.
bool Parser::IsValue(NodeId x) const {
  switch (f_.Kind(x)) {
  case NodeKind::BasicLit:
  case NodeKind::CompositeLit:
  case NodeKind::FuncLit:
  case NodeKind::SliceExpr:
  case NodeKind::AssertExpr:
  case NodeKind::TypeSwitchGuard:
  case NodeKind::CallExpr:
    return true;
  case NodeKind::Operation:
    return f_[x].op != static_cast<uint8_t>(TK::Mul) || f_.B(x);
  case NodeKind::ParenExpr:
    return IsValue(f_.A(x));
  case NodeKind::IndexExpr:
    return IsValue(f_.A(x)) || IsValue(f_.B(x));
  default:
    return false;
  }
}

// Element = Expression | LiteralValue .
NodeId Parser::BareComplitexpr() {
  if (tok() == TK::Lbrace) return Complitexpr();
  return Expr();
}

// LiteralValue = "{" [ ElementList [ "," ] ] "}" .
NodeId Parser::Complitexpr() {
  uint32_t at = pos();
  ++xnest_;
  Want(TK::Lbrace);
  size_t mark = Mark();
  uint32_t rbrace = 0;
  List(
      "composite literal", TK::Comma, TK::Rbrace,
      [&] {
        NodeId e = BareComplitexpr();
        if (tok() == TK::Colon) {
          uint32_t kat = pos();
          Next();
          NodeId v = BareComplitexpr();
          e = New(NodeKind::KeyValueExpr, kat, e.index, v.index);
        }
        scratch_.push_back(e);
        return false;
      },
      &rbrace);
  --xnest_;
  NodeList l = Finish(mark);
  return New(NodeKind::CompositeLit, at, 0, l.start, l.count, rbrace);
}

// ---------------------------------------------------------------------------
// Types

NodeId Parser::Type() {
  NodeId t = TypeOrNil();
  if (!t) {
    t = BadExpr();
    SyntaxError("expecting type");
    Advance({TK::Comma, TK::Colon, TK::Semi, TK::Rparen, TK::Rbrack, TK::Rbrace});
  }
  return t;
}

// typeOrNil is like type_ but it returns nil if there was no type instead of reporting an
// error.
//
// Type     = TypeName | TypeLit | "(" Type ")" .
// TypeName = identifier | QualifiedIdent .
// TypeLit  = ArrayType | StructType | PointerType | FunctionType | InterfaceType |
//            SliceType | MapType | Channel_Type .
NodeId Parser::TypeOrNil() {
  Nest nest(*this);
  if (TooDeep()) return BadExpr();
  uint32_t at = pos();
  switch (tok()) {
  case TK::Mul: {
    Next();
    NodeId t = Type();
    return New(NodeKind::Operation, at, t.index, 0, 0, 0, static_cast<uint8_t>(TK::Mul));
  }
  case TK::Arrow: {
    // recvchantype
    Next();
    Want(TK::Chan);
    NodeId e = ChanElem();
    return New(NodeKind::ChanType, at, 0, e.index, 0, 0, 2);
  }
  case TK::Func:
    Next();
    return FuncType(at, "function type", nullptr);
  case TK::Lbrack:
    // '[' oexpr ']' ntype
    // '[' _DotDotDot ']' ntype
    Next();
    if (Got(TK::Rbrack)) return SliceType(at);
    return ArrayType(at, NodeId{});
  case TK::Chan: {
    // _Chan non_recvchantype
    // _Chan _Comm ntype
    Next();
    uint8_t dir = 0;
    if (Got(TK::Arrow)) dir = 1;
    NodeId e = ChanElem();
    return New(NodeKind::ChanType, at, 0, e.index, 0, 0, dir);
  }
  case TK::Map: {
    Next();
    Want(TK::Lbrack);
    NodeId k = Type();
    Want(TK::Rbrack);
    NodeId v = Type();
    return New(NodeKind::MapType, at, k.index, v.index);
  }
  case TK::Struct:
    return StructType();
  case TK::Interface:
    return InterfaceType();
  case TK::Name:
    return QualifiedName(NodeId{});
  case TK::Lparen: {
    Next();
    NodeId t = Type();
    Want(TK::Rparen);
    return New(NodeKind::ParenExpr, at, t.index, 0, 0, 0, 0, 1);
  }
  default:
    return NodeId{};
  }
}

NodeId Parser::ChanElem() {
  NodeId t = TypeOrNil();
  if (!t) {
    t = BadExpr();
    SyntaxError("missing channel element type");
  }
  return t;
}

// StructType = "struct" "{" { FieldDecl ";" } "}" .
NodeId Parser::StructType() {
  uint32_t at = pos();
  Want(TK::Struct);
  Want(TK::Lbrace);
  size_t mark = Mark();
  List("struct type", TK::Semi, TK::Rbrace, [&] {
    FieldDecl();
    return false;
  });
  NodeList l = Finish(mark);
  return New(NodeKind::StructType, at, l.start, l.count);
}

// FieldDecl      = (IdentifierList Type | AnonymousField) [ Tag ] .
// AnonymousField = [ "*" ] TypeName .
// Tag            = string_lit .
void Parser::FieldDecl() {
  uint32_t at = pos();
  auto tag = [&]() -> uint32_t {
    if (tok() == TK::StringLit) {
      NodeId t = New(NodeKind::BasicLit, pos(), Tok().length, 0, 0, 0,
                     static_cast<uint8_t>(TK::StringLit), Tok().flags & TokenFlag::Bad);
      Next();
      return t.index;
    }
    if (IsLiteral(tok())) {
      // A non-string tag is kept for the checker to reject, as gc's parser does.
      NodeId t = New(NodeKind::BasicLit, pos(), Tok().length, 0, 0, 0, static_cast<uint8_t>(tok()),
                     Tok().flags & TokenFlag::Bad);
      Next();
      return t.index;
    }
    return 0;
  };
  auto embedded = [&](NodeId typ) {
    uint32_t tg = tag();
    scratch_.push_back(New(NodeKind::Field, at, 0, typ.index, tg));
  };
  switch (tok()) {
  case TK::Name: {
    NodeId name = Name();
    if (tok() == TK::Dot || IsLiteral(tok()) || tok() == TK::Semi || tok() == TK::Rbrace) {
      embedded(QualifiedName(name)); // embedded type
      return;
    }
    // name1, name2, ... Type [ tag ]: the names wait on the scratch stack (the type's
    // own lists come and go above them) and are replaced there by their Fields.
    size_t mark = Mark();
    scratch_.push_back(name);
    while (Got(TK::Comma))
      scratch_.push_back(Name());
    NodeId typ;
    if (scratch_.size() == mark + 1 && tok() == TK::Lbrack) {
      // An embedded instantiated type T[P1, P2] or a field T of type [n]E or []E.
      typ = ArrayOrTArgs();
      if (f_.Kind(typ) == NodeKind::IndexExpr) {
        scratch_.resize(mark);
        N(typ).a = name.index;
        embedded(typ);
        return;
      }
    } else {
      typ = Type();
    }
    uint32_t tg = tag();
    for (size_t i = mark; i < scratch_.size(); ++i) {
      NodeId n = scratch_[i];
      scratch_[i] = New(NodeKind::Field, f_.Pos(n), n.index, typ.index, tg);
    }
    return;
  }
  case TK::Mul: {
    Next();
    NodeId typ;
    if (tok() == TK::Lparen) {
      // *(T)
      if (CompileMode()) SyntaxError("cannot parenthesize embedded type");
      Next();
      typ = QualifiedName(NodeId{});
      Got(TK::Rparen); // no need to complain if missing
    } else {
      typ = QualifiedName(NodeId{}); // *T
    }
    embedded(New(NodeKind::Operation, at, typ.index, 0, 0, 0, static_cast<uint8_t>(TK::Mul)));
    return;
  }
  case TK::Lparen: {
    if (CompileMode()) SyntaxError("cannot parenthesize embedded type");
    Next();
    NodeId typ;
    if (tok() == TK::Mul) {
      // (*T)
      uint32_t sat = pos();
      Next();
      typ = QualifiedName(NodeId{});
      typ = New(NodeKind::Operation, sat, typ.index, 0, 0, 0, static_cast<uint8_t>(TK::Mul));
    } else {
      typ = QualifiedName(NodeId{}); // (T)
    }
    Got(TK::Rparen); // no need to complain if missing
    embedded(typ);
    return;
  }
  default:
    SyntaxError("expecting field name or embedded type");
    Advance({TK::Semi, TK::Rbrace});
  }
}

// InterfaceType = "interface" "{" { ( MethodDecl | EmbeddedElem ) ";" } "}" .
NodeId Parser::InterfaceType() {
  uint32_t at = pos();
  Want(TK::Interface);
  Want(TK::Lbrace);
  size_t mark = Mark();
  List("interface type", TK::Semi, TK::Rbrace, [&] {
    Param f{NodeId{}, NodeId{}, pos()};
    if (tok() == TK::Name) f = MethodDecl();
    if (!f.name) f.type = EmbeddedElem(f.type);
    scratch_.push_back(New(NodeKind::Field, f.at, f.name.index, f.type.index));
    return false;
  });
  NodeList l = Finish(mark);
  return New(NodeKind::InterfaceType, at, l.start, l.count);
}

// MethodSpec = MethodName Signature | InterfaceTypeName .
// An interface element starting with a name: a method (name set), or an embedded type
// (possibly instantiated) that may continue as a union.
Parser::Param Parser::MethodDecl() {
  Param f{NodeId{}, NodeId{}, pos()};
  NodeId name = Name();
  const char *context = "interface method";
  switch (tok()) {
  case TK::Lparen:
    f.name = name;
    f.type = FuncType(pos(), context, nullptr);
    break;
  case TK::Lbrack: {
    // A generic method m[T C](x T) (parsed, then reported) or an embedded instantiated
    // type T[P1, P2].
    uint32_t lb = pos();
    Next();
    if (tok() == TK::Rbrack) {
      // Empty lists are not permitted; treat as if [] were absent.
      uint32_t rb = pos();
      Next();
      if (tok() == TK::Lparen) {
        ErrorAt(rb, "empty type parameter list");
        f.name = name;
        f.type = FuncType(pos(), context, nullptr);
      } else {
        ErrorAt(rb, "empty type argument list");
        f.type = name;
      }
      break;
    }
    // Type arguments look like a parameter list of types only: parse one and decide.
    NodeList list = ParamList(NodeId{}, NodeId{}, TK::Rbrack, false);
    if (list.count == 0) {
      // Errors were reported; treat as if [...] were absent.
      if (tok() == TK::Lparen) {
        f.name = name;
        f.type = FuncType(pos(), context, nullptr);
      } else {
        f.type = name;
      }
      break;
    }
    if (f_.A(f_.At(list, 0))) {
      // generic method
      f.name = name;
      f.type = FuncType(pos(), context, nullptr);
      ErrorAt(lb, "interface method must have no type parameters");
      break;
    }
    // embedded instantiated type
    NodeId index = f_.B(f_.At(list, 0));
    if (list.count > 1) {
      size_t mark = Mark();
      for (uint32_t i = 0; i < list.count; ++i)
        scratch_.push_back(f_.B(f_.At(list, i)));
      NodeList l = Finish(mark);
      index = New(NodeKind::ListExpr, f_.Pos(f_.At(list, 0)), l.start, l.count);
    }
    f.type = New(NodeKind::IndexExpr, lb, name.index, index.index);
    break;
  }
  default:
    f.type = QualifiedName(name); // embedded type
  }
  return f;
}

// TypeInstance = TypeName "[" TypeList "]" . `typ` is the type name.
NodeId Parser::TypeInstance(NodeId typ) {
  uint32_t at = pos();
  Suspect(); // the arguments must be types
  Want(TK::Lbrack);
  NodeId index;
  if (tok() == TK::Rbrack) {
    SyntaxError("expecting type");
    index = BadExpr();
  } else {
    bool comma;
    index = TypeList(&comma);
  }
  Want(TK::Rbrack);
  return New(NodeKind::IndexExpr, at, typ.index, index.index);
}

// Signature = [ TypeParams ] Parameters [ Result ] .
// Type parameters are for function declarations (context null); elsewhere they are
// reported ("method must have no type parameters") and parsed, then dropped.
NodeId Parser::FuncType(uint32_t at, const char *context, NodeList *tparams) {
  uint32_t tpos = pos();
  if (Got(TK::Lbrack)) {
    if (context) SyntaxErrorAt(tpos, std::string(context) + " must have no type parameters");
    if (tok() == TK::Rbrack) {
      SyntaxError("empty type parameter list");
      Next();
    } else {
      NodeList l = ParamList(NodeId{}, NodeId{}, TK::Rbrack, true);
      if (!context && tparams) *tparams = l;
    }
  }
  if (tok() != TK::Lparen) {
    SyntaxError("expecting (");
    Advance({TK::Lbrace, TK::Semi});
    return New(NodeKind::FuncType, at);
  }
  Next();
  NodeList params = ParamList(NodeId{}, NodeId{}, TK::Rparen, false);
  NodeList results = FuncResult();
  return New(NodeKind::FuncType, at, params.start, params.count, results.start, results.count);
}

// "[" has been consumed at `at`; `len` is the array length if already parsed.
// ArrayType = "[" ArrayLength "]" ElementType .
NodeId Parser::ArrayType(uint32_t at, NodeId len) {
  bool dots = false;
  if (!len && !(dots = Got(TK::DotDotDot))) {
    ++xnest_;
    len = Expr();
    --xnest_;
  }
  if (tok() == TK::Comma) {
    // Trailing commas belong to type parameter lists, not array types.
    SyntaxError("unexpected comma; expecting ]");
    Next();
  }
  Want(TK::Rbrack);
  NodeId elem = Type();
  return New(NodeKind::ArrayType, at, len.index, elem.index); // len 0: [...]T
}

// "[" "]" have been consumed; `at` is the position of "[".
NodeId Parser::SliceType(uint32_t at) {
  NodeId elem = Type();
  return New(NodeKind::SliceType, at, elem.index);
}

// After a field or parameter name: an array or slice type [n]E, []E, or the type
// arguments [A, B] of an embedded instantiated type, returned as an IndexExpr whose
// operand (field a) the caller fills in.
NodeId Parser::ArrayOrTArgs() {
  uint32_t at = pos();
  Suspect(); // type arguments, or an array length
  Want(TK::Lbrack);
  if (Got(TK::Rbrack)) return SliceType(at);
  // x [n]E or x[n,], x[n1, n2], ...
  bool comma;
  NodeId n = TypeList(&comma);
  Want(TK::Rbrack);
  if (!comma) {
    if (NodeId elem = TypeOrNil()) return New(NodeKind::ArrayType, at, n.index, elem.index);
  }
  return New(NodeKind::IndexExpr, at, 0, n.index);
}

// EmbeddedElem = MethodSpec | EmbeddedTerm { "|" EmbeddedTerm } .
// `x` is the first term if already parsed.
NodeId Parser::EmbeddedElem(NodeId x) {
  if (!x) x = EmbeddedTerm();
  while (tok() == TK::Or) {
    uint32_t at = pos();
    Next();
    NodeId y = EmbeddedTerm();
    x = New(NodeKind::Operation, at, x.index, y.index, 0, 0, static_cast<uint8_t>(TK::Or));
  }
  return x;
}

// EmbeddedTerm = [ "~" ] Type .
NodeId Parser::EmbeddedTerm() {
  if (tok() == TK::Tilde) {
    uint32_t at = pos();
    Next();
    NodeId t = Type();
    return New(NodeKind::Operation, at, t.index, 0, 0, 0, static_cast<uint8_t>(TK::Tilde));
  }
  NodeId t = TypeOrNil();
  if (!t) {
    t = BadExpr();
    SyntaxError("expecting ~ term or type");
    Advance({TK::Or, TK::Semi, TK::Rparen, TK::Rbrack, TK::Rbrace});
  }
  return t;
}

// ParameterDecl = [ IdentifierList ] [ "..." ] Type .
// One parameter (or type parameter, if `follow` is "]", where type set notation is
// allowed): a name, a type or both. `name` is the already parsed first name, if any.
// Returns false if there was neither.
bool Parser::ParamDeclOrNil(NodeId name, TK follow, Param *par) {
  bool typeSetsOk = follow == TK::Rbrack;
  *par = Param{NodeId{}, NodeId{}, name ? f_.Pos(name) : pos()};
  if (!name && typeSetsOk && tok() == TK::Tilde) {
    par->type = EmbeddedElem(NodeId{}); // "~" ...
    return true;
  }
  if (tok() == TK::Name || name) {
    if (!name) name = Name();
    if (tok() == TK::Lbrack) {
      // name "[" ...
      NodeId t = ArrayOrTArgs();
      if (f_.Kind(t) == NodeKind::IndexExpr) {
        N(t).a = name.index; // name "[" ... "]": an instantiated type
      } else {
        par->name = name; // name "[" n "]" E
      }
      par->type = t;
      if (typeSetsOk && tok() == TK::Or) par->type = EmbeddedElem(par->type);
      return true;
    }
    if (tok() == TK::Dot) {
      // name "." ...
      par->type = QualifiedName(name);
      if (typeSetsOk && tok() == TK::Or) par->type = EmbeddedElem(par->type);
      return true;
    }
    if (typeSetsOk && tok() == TK::Or) {
      par->type = EmbeddedElem(name); // name "|" ...
      return true;
    }
    par->name = name;
  }
  if (tok() == TK::DotDotDot) {
    // [name] "..." ...
    uint32_t at = pos();
    Next();
    NodeId t = TypeOrNil();
    if (!t) {
      t = BadExpr();
      SyntaxError("... is missing type");
    }
    par->type = New(NodeKind::DotsType, at, t.index);
    return true;
  }
  if (typeSetsOk && tok() == TK::Tilde) {
    par->type = EmbeddedElem(NodeId{}); // [name] "~" ...
    return true;
  }
  par->type = TypeOrNil();
  if (typeSetsOk && tok() == TK::Or && par->type) par->type = EmbeddedElem(par->type);
  if (par->name || par->type) return true;
  SyntaxError("expecting " + TokString(follow));
  Advance({TK::Comma, follow});
  return false;
}

// Parameters    = "(" [ ParameterList [ "," ] ] ")" .
// ParameterList = ParameterDecl { "," ParameterDecl } .
// "(" or "[" has been consumed. `name` is the first name if already parsed, and `typ`
// (only with a name) its type. In the result either all Fields have names or none has;
// names declared together share one type node.
NodeList Parser::ParamList(NodeId name, NodeId typ, TK close, bool requireNames) {
  // This list's parameters are params_[base, end): nested lists push and pop theirs
  // before this one pushes the next, so the range stays contiguous.
  size_t base = params_.size();
  auto count = [&] { return params_.size() - base; };
  auto param = [&](size_t i) -> Param & { return params_[base + i]; };
  if (name && typ && tok() == close) {
    // A complete first field and nothing else.
    Next();
    params_.push_back(Param{name, typ, f_.Pos(name)});
  } else {
    int named = 0; // parameters with a name and a type
    int typed = 0; // parameters with a type
    uint32_t end = 0;
    List(
        "parameter list", TK::Comma, close,
        [&] {
          Param par;
          bool ok = true;
          if (typ) {
            par = Param{name, typ, f_.Pos(name)};
          } else {
            ok = ParamDeclOrNil(name, close, &par);
          }
          name = typ = NodeId{}; // the first name and type are consumed
          if (ok) {
            if (par.name && par.type) ++named;
            if (par.type) ++typed;
            params_.push_back(par);
          }
          return false;
        },
        &end);
    if (count() == 0) return NodeList{};
    if (named == 0 && !requireNames) {
      // No names: the names found are type names.
      for (size_t i = 0; i < count(); ++i)
        if (Param &p = param(i); p.name) {
          p.type = p.name;
          p.name = NodeId{};
        }
    } else if (named != static_cast<int>(count())) {
      // Some are named: all must have names and types. A name without a type takes the
      // type of the next parameter with one.
      bool bad = false;
      uint32_t at = 0; // leftmost error position
      NodeId t;
      for (size_t i = count(); i-- > 0;) {
        Param &p = param(i);
        if (p.type) {
          t = p.type;
          if (!p.name) {
            bad = true;
            at = StartPos(f_, t);
            p.name = New(NodeKind::Name, at, 0);
          }
        } else if (t) {
          p.type = t;
        } else {
          // only a name
          bad = true;
          at = f_.Pos(p.name);
          p.type = New(NodeKind::Invalid, at);
        }
      }
      if (bad) {
        std::string msg;
        if (requireNames) {
          if (named == typed) {
            at = end; // at the closing ]
            msg = "missing type constraint";
          } else {
            msg = "type parameters must be named";
          }
        } else {
          msg = "mixed named and unnamed parameters";
        }
        SyntaxErrorAt(at, msg);
      }
    }
  }
  size_t mark = Mark();
  for (size_t i = 0; i < count(); ++i)
    scratch_.push_back(New(NodeKind::Field, param(i).at, param(i).name.index, param(i).type.index));
  params_.resize(base);
  return Finish(mark);
}

// typeList = arg { "," arg } [ "," ] .
// A non-empty list of expressions, the first any expression and the others types; more
// than one gives a ListExpr. *comma says whether there was a comma.
NodeId Parser::TypeList(bool *comma) {
  *comma = false;
  ++xnest_;
  NodeId x = Expr();
  if (Got(TK::Comma)) {
    *comma = true;
    if (NodeId t = TypeOrNil()) {
      size_t mark = Mark();
      scratch_.push_back(x);
      scratch_.push_back(t);
      while (Got(TK::Comma)) {
        t = TypeOrNil();
        if (!t) break;
        scratch_.push_back(t);
      }
      NodeList l = Finish(mark);
      x = New(NodeKind::ListExpr, f_.Pos(x), l.start, l.count);
    }
  }
  --xnest_;
  return x;
}

// Result = Parameters | Type .
NodeList Parser::FuncResult() {
  if (Got(TK::Lparen)) return ParamList(NodeId{}, NodeId{}, TK::Rparen, false);
  uint32_t at = pos();
  NodeId t = TypeOrNil();
  if (!t) return NodeList{};
  size_t mark = Mark();
  scratch_.push_back(New(NodeKind::Field, at, 0, t.index));
  return Finish(mark);
}

NodeId Parser::Name() {
  if (tok() == TK::Name) {
    NodeId n = New(NodeKind::Name, pos(), Tok().length);
    Next();
    return n;
  }
  NodeId n = New(NodeKind::Name, pos(), 0); // "_"-like placeholder of length 0
  SyntaxError("expecting name");
  Advance({});
  return n;
}

// IdentifierList = identifier { "," identifier } .
NodeList Parser::NameList(NodeId first) {
  size_t mark = Mark();
  scratch_.push_back(first);
  while (Got(TK::Comma))
    scratch_.push_back(Name());
  return Finish(mark);
}

// QualifiedIdent = PackageName "." identifier, possibly instantiated: T[A], p.T[A, B].
// `name` is the first name if already parsed.
NodeId Parser::QualifiedName(NodeId name) {
  NodeId x = name;
  if (!x) {
    if (tok() == TK::Name) {
      x = Name();
    } else {
      x = New(NodeKind::Name, pos(), 0);
      SyntaxError("expecting name");
      Advance({TK::Dot, TK::Semi, TK::Rbrace});
    }
  }
  if (tok() == TK::Dot) {
    uint32_t at = pos();
    Next();
    NodeId sel = Name();
    x = New(NodeKind::SelectorExpr, at, x.index, sel.index);
  }
  if (tok() == TK::Lbrack) x = TypeInstance(x);
  return x;
}

// ExpressionList = Expression { "," Expression } .
NodeId Parser::ExprList() {
  NodeId x = Expr();
  if (tok() != TK::Comma) return x;
  size_t mark = Mark();
  scratch_.push_back(x);
  while (Got(TK::Comma))
    scratch_.push_back(Expr());
  NodeList l = Finish(mark);
  return New(NodeKind::ListExpr, f_.Pos(x), l.start, l.count);
}

// Arguments = "(" [ ( ExpressionList | Type [ "," ExpressionList ] ) [ "..." ] [ "," ] ] ")" .
NodeList Parser::ArgList(bool *hasDots) {
  ++xnest_;
  size_t mark = Mark();
  List("argument list", TK::Comma, TK::Rparen, [&] {
    scratch_.push_back(Expr());
    *hasDots = Got(TK::DotDotDot);
    return *hasDots;
  });
  --xnest_;
  return Finish(mark);
}

// ---------------------------------------------------------------------------
// Statements

// SimpleStmt = EmptyStmt | ExpressionStmt | SendStmt | IncDecStmt | Assignment | ShortVarDecl .
NodeId Parser::SimpleStmt(NodeId lhs, TK keyword) {
  if (keyword == TK::For && tok() == TK::Range) return NewRangeClause(NodeId{}, false, pos());
  if (!lhs) lhs = ExprList();
  if (f_.Kind(lhs) != NodeKind::ListExpr && tok() != TK::Assign && tok() != TK::Define) {
    uint32_t at = pos();
    TK op = AssignOpOperator(tok());
    if (op != TK::None) {
      Next();
      return NewAssignStmt(at, op, lhs, Expr());
    }
    if (tok() == TK::Inc || tok() == TK::Dec) {
      op = tok() == TK::Inc ? TK::Add : TK::Sub;
      Next();
      return NewAssignStmt(at, op, lhs, NodeId{});
    }
    if (tok() == TK::Arrow) {
      Next();
      NodeId v = Expr();
      return New(NodeKind::SendStmt, at, lhs.index, v.index);
    }
    return New(NodeKind::ExprStmt, f_.Pos(lhs), lhs.index);
  }
  switch (tok()) {
  case TK::Assign:
  case TK::Define: {
    uint32_t at = pos();
    bool def = tok() == TK::Define;
    Next();
    if (def && !NamesOnly(lhs)) Suspect(); // := declares names
    if (keyword == TK::For && tok() == TK::Range) return NewRangeClause(lhs, def, at);
    NodeId rhs = ExprList();
    if (f_.Kind(rhs) == NodeKind::TypeSwitchGuard && keyword == TK::Switch && def &&
        f_.Kind(lhs) == NodeKind::Name) {
      N(rhs).a = lhs.index; // switch … lhs := rhs.(type)
      return New(NodeKind::ExprStmt, f_.Pos(rhs), rhs.index);
    }
    return NewAssignStmt(at, TK::None, lhs, rhs, def);
  }
  default: {
    SyntaxError("expecting := or = or comma");
    Advance({TK::Semi, TK::Rbrace});
    if (f_.Kind(lhs) == NodeKind::ListExpr) lhs = f_.At(f_.ListAB(lhs), 0);
    return New(NodeKind::ExprStmt, f_.Pos(lhs), lhs.index);
  }
  }
}

NodeId Parser::NewRangeClause(NodeId lhs, bool def, uint32_t at) {
  if (lhs && f_.Kind(lhs) == NodeKind::ListExpr && f_.ListAB(lhs).count > 2)
    Suspect(); // at most two iteration variables
  Next();      // consume "range"
  NodeId x = Expr();
  return New(NodeKind::RangeClause, lhs ? f_.Pos(lhs) : at, lhs.index, x.index, 0, 0, 0, def);
}

// LabeledStmt = Label ":" Statement .
// Label       = identifier .
NodeId Parser::LabeledStmtOrNil(NodeId label) {
  uint32_t at = pos();
  Want(TK::Colon);
  if (tok() == TK::Rbrace) {
    // Go 1.13+: a label may precede the closing brace (an empty statement).
    NodeId e = New(NodeKind::EmptyStmt, pos());
    return New(NodeKind::LabeledStmt, f_.Pos(label), label.index, e.index);
  }
  NodeId s = StmtOrNil();
  if (s) return New(NodeKind::LabeledStmt, f_.Pos(label), label.index, s.index);
  (void)at;
  SyntaxErrorAt(f_.Pos(label), "missing statement after label");
  return NodeId{};
}

// context must be a non-empty string unless we know that p.tok == _Lbrace.
NodeId Parser::BlockStmt(const char *context) {
  uint32_t at = pos();
  // people coming from C may forget that braces are mandatory in Go
  if (!Got(TK::Lbrace)) {
    SyntaxError(std::string("expecting { after ") + context);
    Advance({TK::Name, TK::Rbrace});
  }
  NodeList l = StmtList();
  uint32_t rbrace = pos();
  Want(TK::Rbrace);
  return New(NodeKind::BlockStmt, at, l.start, l.count, rbrace);
}

NodeId Parser::DeclStmt(TK keyword) {
  uint32_t at = pos();
  Next(); // const, type or var
  size_t mark = Mark();
  switch (keyword) {
  case TK::Const:
    AppendGroup([&](bool g) { return ConstDecl(g); });
    break;
  case TK::Type:
    AppendGroup([&](bool) { return TypeDecl(); });
    break;
  default:
    AppendGroup([&](bool) { return VarDecl(); });
    break;
  }
  NodeList l = Finish(mark);
  return New(NodeKind::DeclStmt, at, l.start, l.count);
}

NodeId Parser::ForStmt() {
  uint32_t at = pos();
  NodeId init, cond, post;
  Header(TK::For, &init, &cond, &post);
  NodeId body = BlockStmt("for clause");
  return New(NodeKind::ForStmt, at, init.index, cond.index, post.index, body.index);
}

void Parser::Header(TK keyword, NodeId *init, NodeId *cond, NodeId *post) {
  Want(keyword);
  if (tok() == TK::Lbrace) {
    if (keyword == TK::If) {
      SyntaxError("missing condition in if statement");
      *cond = BadExpr();
    }
    return;
  }
  int outer = xnest_;
  xnest_ = -1;
  if (tok() != TK::Semi) {
    // accept potential varDecl but complain
    if (Got(TK::Var))
      SyntaxError("var declaration not allowed in " + TokString(keyword) + " initializer");
    *init = SimpleStmt(NodeId{}, keyword);
    // If we have a range clause, we are done (can only happen for keyword == For).
    if (f_.Kind(*init) == NodeKind::RangeClause) {
      xnest_ = outer;
      return;
    }
  }
  NodeId condStmt;
  bool haveSemi = false;
  uint32_t semiPos = 0;
  uint8_t semiHow = 0;
  if (tok() != TK::Lbrace) {
    if (tok() == TK::Semi) {
      haveSemi = true;
      semiPos = pos();
      semiHow = Tok().flags;
      Next();
    } else {
      // asking for a '{' rather than a ';' here leads to a better error message
      Want(TK::Lbrace);
      if (tok() != TK::Lbrace) Advance({TK::Lbrace, TK::Rbrace});
    }
    if (keyword == TK::For) {
      if (tok() != TK::Semi) {
        if (tok() == TK::Lbrace) {
          SyntaxError("expecting for loop condition");
          goto done;
        }
        condStmt = SimpleStmt(NodeId{}, TK::None);
      }
      Want(TK::Semi);
      if (tok() != TK::Lbrace) {
        *post = SimpleStmt(NodeId{}, TK::None);
        if (f_.Kind(*post) == NodeKind::AssignStmt && f_[*post].flags)
          if (CompileMode())
            SyntaxErrorAt(f_.Pos(*post), "cannot declare in post statement of for loop");
      }
    } else if (tok() != TK::Lbrace) {
      condStmt = SimpleStmt(NodeId{}, keyword);
    }
  } else {
    condStmt = *init;
    *init = NodeId{};
  }
done:
  if (!condStmt) {
    if (keyword == TK::If && haveSemi) {
      if (semiHow != TokenFlag::SemiExplicit)
        SyntaxErrorAt(semiPos, std::string("unexpected ") +
                                   (semiHow == TokenFlag::SemiNewline ? "newline" : "EOF") +
                                   ", expecting { after if clause");
      else
        SyntaxErrorAt(semiPos, "missing condition in if statement");
      *cond = New(NodeKind::Invalid, semiPos);
    }
  } else if (f_.Kind(condStmt) == NodeKind::ExprStmt) {
    *cond = f_.A(condStmt);
  } else {
    std::string str;
    if (f_.Kind(condStmt) == NodeKind::AssignStmt && f_[condStmt].op == 0 && !f_[condStmt].flags)
      str =
          "assignment (" + String(f_, f_.A(condStmt)) + ") = (" + String(f_, f_.B(condStmt)) + ")";
    else
      str = String(f_, condStmt);
    SyntaxErrorAt(f_.Pos(condStmt), "cannot use " + str + " as value");
  }
  xnest_ = outer;
}

NodeId Parser::IfStmt() {
  uint32_t at = pos();
  NodeId init, cond, post;
  Header(TK::If, &init, &cond, &post);
  NodeId then = BlockStmt("if clause");
  NodeId els;
  if (Got(TK::Else)) {
    switch (tok()) {
    case TK::If:
      els = IfStmt();
      break;
    case TK::Lbrace:
      els = BlockStmt("");
      break;
    default:
      SyntaxError("else must be followed by if or statement block");
      Advance({TK::Name, TK::Rbrace});
    }
  }
  return New(NodeKind::IfStmt, at, init.index, cond.index, then.index, els.index);
}

NodeId Parser::SwitchStmt() {
  uint32_t at = pos();
  NodeId init, tag, post;
  Header(TK::Switch, &init, &tag, &post);
  if (!Got(TK::Lbrace)) {
    SyntaxError("missing { after switch clause");
    Advance({TK::Case, TK::Default, TK::Rbrace});
  }
  size_t mark = Mark();
  while (tok() != TK::EndOfFile && tok() != TK::Rbrace)
    scratch_.push_back(CaseClause());
  NodeList l = Finish(mark);
  Want(TK::Rbrace);
  return New(NodeKind::SwitchStmt, at, init.index, tag.index, l.start, l.count);
}

NodeId Parser::SelectStmt() {
  uint32_t at = pos();
  Want(TK::Select);
  if (!Got(TK::Lbrace)) {
    SyntaxError("missing { after select clause");
    Advance({TK::Case, TK::Default, TK::Rbrace});
  }
  size_t mark = Mark();
  while (tok() != TK::EndOfFile && tok() != TK::Rbrace)
    scratch_.push_back(CommClause());
  NodeList l = Finish(mark);
  Want(TK::Rbrace);
  return New(NodeKind::SelectStmt, at, l.start, l.count);
}

NodeId Parser::CaseClause() {
  uint32_t at = pos();
  NodeId cases;
  switch (tok()) {
  case TK::Case:
    Next();
    cases = ExprList();
    break;
  case TK::Default:
    Next();
    break;
  default:
    SyntaxError("expecting case or default or }");
    Advance({TK::Colon, TK::Case, TK::Default, TK::Rbrace});
  }
  Want(TK::Colon);
  NodeList body = StmtList();
  return New(NodeKind::CaseClause, at, cases.index, body.start, body.count);
}

NodeId Parser::CommClause() {
  uint32_t at = pos();
  NodeId comm;
  switch (tok()) {
  case TK::Case:
    Next();
    comm = SimpleStmt(NodeId{}, TK::None);
    break;
  case TK::Default:
    Next();
    break;
  default:
    SyntaxError("expecting case or default or }");
    Advance({TK::Colon, TK::Case, TK::Default, TK::Rbrace});
  }
  Want(TK::Colon);
  NodeList body = StmtList();
  return New(NodeKind::CommClause, at, comm.index, body.start, body.count);
}

// Statement =
//	Declaration | LabeledStmt | SimpleStmt |
//	GoStmt | ReturnStmt | BreakStmt | ContinueStmt | GotoStmt |
//	FallthroughStmt | Block | IfStmt | SwitchStmt | SelectStmt | ForStmt |
//	DeferStmt .
NodeId Parser::StmtOrNil() {
  Nest nest(*this);
  if (TooDeep()) return NodeId{};
  // Most statements (assignments) start with an identifier.
  if (tok() == TK::Name) {
    NodeId lhs = ExprList();
    if (f_.Kind(lhs) == NodeKind::Name && tok() == TK::Colon) return LabeledStmtOrNil(lhs);
    return SimpleStmt(lhs, TK::None);
  }
  uint32_t at = pos();
  switch (tok()) {
  case TK::Var:
    return DeclStmt(TK::Var);
  case TK::Const:
    return DeclStmt(TK::Const);
  case TK::Type:
    return DeclStmt(TK::Type);
  case TK::Lbrace:
    return BlockStmt("");
  case TK::Add:
  case TK::Sub:
  case TK::Mul:
  case TK::And:
  case TK::Xor:
  case TK::Not:
  case TK::IntLit:
  case TK::FloatLit:
  case TK::ImagLit:
  case TK::RuneLit:
  case TK::StringLit:
  case TK::Func:
  case TK::Lparen:
  case TK::Lbrack:
  case TK::Struct:
  case TK::Map:
  case TK::Chan:
  case TK::Interface:
  case TK::Arrow:
    return SimpleStmt(NodeId{}, TK::None);
  case TK::For:
    return ForStmt();
  case TK::Switch:
    return SwitchStmt();
  case TK::Select:
    return SelectStmt();
  case TK::If:
    return IfStmt();
  case TK::Fallthrough:
    Next();
    return New(NodeKind::BranchStmt, at, 0, 0, 0, 0, static_cast<uint8_t>(TK::Fallthrough));
  case TK::Break:
  case TK::Continue: {
    TK k = tok();
    Next();
    NodeId label;
    if (tok() == TK::Name) label = Name();
    return New(NodeKind::BranchStmt, at, label.index, 0, 0, 0, static_cast<uint8_t>(k));
  }
  case TK::Go:
  case TK::Defer:
    return CallStmt();
  case TK::Goto: {
    Next();
    NodeId label = Name();
    return New(NodeKind::BranchStmt, at, label.index, 0, 0, 0, static_cast<uint8_t>(TK::Goto));
  }
  case TK::Return: {
    Next();
    NodeId results;
    if (tok() != TK::Semi && tok() != TK::Rbrace) results = ExprList();
    return New(NodeKind::ReturnStmt, at, results.index);
  }
  case TK::Semi:
    return New(NodeKind::EmptyStmt, at);
  default:
    return NodeId{};
  }
}

// StatementList = { Statement ";" } .
NodeList Parser::StmtList() {
  size_t mark = Mark();
  while (tok() != TK::EndOfFile && tok() != TK::Rbrace && tok() != TK::Case &&
         tok() != TK::Default) {
    NodeId s = StmtOrNil();
    if (!s) break;
    if (f_.Kind(s) != NodeKind::EmptyStmt) scratch_.push_back(s);
    // ";" is optional before "}"
    if (!Got(TK::Semi) && tok() != TK::Rbrace) {
      SyntaxError("at end of statement");
      Advance({TK::Semi, TK::Rbrace, TK::Case, TK::Default});
      Got(TK::Semi); // avoid spurious empty statement
    }
  }
  return Finish(mark);
}

// The directive a comment is, if any: a //go:name or //line comment at the start of a line,
// or a // +build line.
bool DirectiveOf(std::string_view source, const Comment &c, DirectiveKind *kind) {
  std::string_view text = source.substr(c.offset, c.length);
  bool lineStart = c.offset == 0 || source[c.offset - 1] == '\n';
  if (!lineStart) {
    // A //go: directive may be indented; nothing else may precede it on its line.
    size_t bol = source.rfind('\n', c.offset - 1);
    bol = bol == std::string_view::npos ? 0 : bol + 1;
    if (source.substr(bol, c.offset - bol).find_first_not_of(" \t") != std::string_view::npos)
      return false;
    if (!text.starts_with("//go:")) return false;
  }
  if (text.starts_with("//line ")) {
    *kind = DirectiveKind::Line;
    return true;
  }
  if (text.starts_with("// +build")) {
    *kind = DirectiveKind::PlusBuild;
    return text.size() == 9 || text[9] == ' ' || text[9] == '\t';
  }
  if (!text.starts_with("//go:")) return false;
  std::string_view name = text.substr(5);
  name = name.substr(0, name.find_first_of(" \t"));
  if (name.empty()) return false;
  *kind = name == "build"            ? DirectiveKind::Build
          : name == "linkname"       ? DirectiveKind::Linkname
          : name == "noinline"       ? DirectiveKind::Noinline
          : name == "embed"          ? DirectiveKind::Embed
          : name == "uintptrescapes" ? DirectiveKind::UintptrEscapes
                                     : DirectiveKind::Other;
  return true;
}

// Splits "text:n" at its last colon: *i is the index after the colon (0 if there is none),
// *n the number after it; returns whether that is a decimal number.
bool TrailingDigits(std::string_view text, size_t *i, uint64_t *n) {
  size_t colon = text.rfind(':');
  *i = colon == std::string_view::npos ? 0 : colon + 1;
  *n = 0;
  if (!*i || *i == text.size()) return false;
  for (char c : text.substr(*i)) {
    if (c < '0' || c > '9') return false;
    *n = *n * 10 + static_cast<uint64_t>(c - '0');
    if (*n > UINT32_MAX) return false;
  }
  return true;
}

// The line bases of the file's //line and /*line*/ directives (gc's updateBase): positions
// after one are reported at the file, line and column it names.
void LineDirectives(const File &f, base::SourceManager &sources, base::Diagnostics &diags) {
  constexpr uint64_t kPosMax = uint64_t{1} << 30;
  std::vector<base::LineBase> bases;
  for (const Comment &c : f.comments) {
    std::string_view text = f.Text(c);
    bool line = text.starts_with("//line ");
    if (line ? c.offset > 0 && f.source[c.offset - 1] != '\n' : !text.starts_with("/*line "))
      continue; // //line only at the start of a line; /*line*/ anywhere
    // The text after "line ", without the comment's end.
    std::string_view t = text.substr(7);
    if (!line) {
      if (t.size() >= 2 && t.ends_with("*/")) t.remove_suffix(2);
    } else if (!t.empty() && t.back() == '\r') {
      t.remove_suffix(1);
    }
    uint32_t textAt = c.offset + 7;
    size_t i;
    uint64_t n;
    bool ok = TrailingDigits(t, &i, &n);
    if (i == 0) continue; // not a line directive
    if (!ok) {
      diags.Error(f.id, textAt + i, "invalid line number: " + std::string(t.substr(i)));
      continue;
    }
    uint64_t lineNo = n, col = 0;
    size_t i2;
    uint64_t n2;
    if (TrailingDigits(t.substr(0, i - 1), &i2, &n2)) {
      // filename:line:col
      lineNo = n2;
      col = n;
      if (col == 0 || col > kPosMax) {
        diags.Error(f.id, textAt + i, "invalid column number: " + std::string(t.substr(i)));
        continue;
      }
      t = t.substr(0, i - 1);
      i = i2;
    }
    if (lineNo == 0 || lineNo > kPosMax) {
      diags.Error(f.id, textAt + i, "invalid line number: " + std::string(t.substr(i)));
      continue;
    }
    std::string filename(t.substr(0, i - 1));
    if (filename.empty() && col)
      filename = bases.empty() ? std::string(sources.Path(f.id)) : bases.back().filename;
    // A //line directive takes effect on the next line, a /*line*/ right after it.
    uint32_t end = c.offset + c.length;
    uint32_t at = line ? std::min<uint32_t>(end + 1, static_cast<uint32_t>(f.source.size())) : end;
    bases.push_back(base::LineBase{at, std::move(filename), static_cast<uint32_t>(lineNo),
                                   static_cast<uint32_t>(col)});
  }
  if (!bases.empty()) sources.SetLineBases(f.id, std::move(bases));
}

// Fills File::directives and ties each to the top-level declaration that follows it, when
// no function body and no other declaration lies between them.
void CollectDirectives(File &f) {
  // Whether declaration d lies wholly before offset `at`: a function up to its closing
  // brace, other declarations from where they start (no directive sits inside them).
  auto before = [&](NodeId d, uint32_t at) {
    if (f.Kind(d) == NodeKind::FuncDecl && f.D(d)) return f[f.D(d)].c < at;
    return StartPos(f, d) < at;
  };
  size_t d = 0; // the first declaration not wholly before the current comment
  for (uint32_t i = 0; i < f.comments.size(); ++i) {
    DirectiveKind kind;
    if (!DirectiveOf(f.source, f.comments[i], &kind)) continue;
    uint32_t at = f.comments[i].offset;
    while (d < f.decls.count && before(f.At(f.decls, d), at))
      ++d;
    NodeId decl;
    if (d < f.decls.count && StartPos(f, f.At(f.decls, d)) > at && kind != DirectiveKind::Build &&
        kind != DirectiveKind::PlusBuild)
      decl = f.At(f.decls, d);
    f.directives.push_back(Directive{kind, i, decl});
  }
}

} // namespace

std::unique_ptr<File> Parse(base::SourceManager &sources, base::FileId id, base::Diagnostics &diags,
                            ParseMode mode) {
  auto file = std::make_unique<File>();
  // Tokens and nodes hold 32-bit byte offsets.
  if (sources.Contents(id).size() >= UINT32_MAX) {
    file->id = id;
    diags.Error(id, 0, "talpa: source file too large (4 GiB or more)");
    return file;
  }
  size_t errors = diags.ErrorCount();
  Parser p(sources, id, diags, *file, mode);
  p.FileOrNil();
  LineDirectives(*file, sources, diags);
  CollectDirectives(*file);
  if (mode == ParseMode::Syntax && diags.ErrorCount() == errors)
    VerifySyntax(*file, p.suspects, diags);
  return file;
}

} // namespace talpa::syntax
