// Go syntax: tokens, the flat AST of one file, and Parse, the stage's one entry.
#ifndef TALPA_SYNTAX_SYNTAX_H
#define TALPA_SYNTAX_SYNTAX_H

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"

namespace talpa::syntax {

enum class TokenKind : uint8_t {
#define TALPA_TOKEN(Name, Spelling) Name,
#include "compiler/syntax/token_kind.def"
};

// The spelling of a token kind ("+=", "break", "name"...).
std::string_view Spelling(TokenKind kind);
// gc's precedence of a binary operator, 0 if `kind` is not one (inline: the parser asks
// after every operand).
inline int Precedence(TokenKind kind) {
  switch (kind) {
#define TALPA_BINARY_OP(Name, Spelling, Prec)                                                      \
  case TokenKind::Name:                                                                            \
    return Prec;
#include "compiler/syntax/token_kind.def"
  default:
    return 0;
  }
}
// The binary operator of an op= token (AddAssign -> Add), None otherwise.
TokenKind AssignOpOperator(TokenKind kind);
bool IsKeyword(TokenKind kind);

// One token: a few bytes in the file's token buffer.
struct Token {
  TokenKind kind;
  uint8_t flags; // Semi: TokenFlag::*; literals: 1 if malformed, 2 for raw strings
  uint16_t reserved;
  uint32_t offset; // byte offset of the first byte
  uint32_t length; // bytes
};
namespace TokenFlag {
enum : uint8_t { SemiExplicit = 0, SemiNewline = 1, SemiEOF = 2, Bad = 1, Raw = 2 };
}

// Typed index of a node in File::nodes; 0 means "no node".
struct NodeId {
  uint32_t index = 0;
  explicit operator bool() const { return index != 0; }
  friend bool operator==(NodeId a, NodeId b) { return a.index == b.index; }
};

enum class NodeKind : uint8_t {
#define TALPA_NODE(Name, Fields) Name,
#include "compiler/syntax/node_kind.def"
};
std::string_view NodeKindName(NodeKind kind);

// Whether nodes of this kind are type literals: [N]T, []T, struct, interface, func, map,
// chan types.
inline bool IsTypeLiteral(NodeKind kind) {
  switch (kind) {
  case NodeKind::ArrayType:
  case NodeKind::SliceType:
  case NodeKind::StructType:
  case NodeKind::InterfaceType:
  case NodeKind::FuncType:
  case NodeKind::MapType:
  case NodeKind::ChanType:
    return true;
  default:
    return false;
  }
}

// A node: kind, a small operator/flag field, the byte offset gc reports it at, and four
// operand fields whose meaning node_kind.def gives per kind.
struct Node {
  NodeKind kind;
  uint8_t op;
  uint16_t flags;
  uint32_t pos;
  uint32_t a, b, c, d;
};

// A comment: `//...` up to (not including) the newline, or `/*...*/`.
struct Comment {
  uint32_t offset;
  uint32_t length;
};

// A compiler directive: a `//go:name ...` or `//line ...` comment starting a line, or a
// `// +build` line.
enum class DirectiveKind : uint8_t {
  Build,          // //go:build expr
  PlusBuild,      // // +build tags (the older form)
  Linkname,       // //go:linkname local remote
  Noinline,       // //go:noinline
  Embed,          // //go:embed patterns
  Line,           // //line file:line[:col]
  UintptrEscapes, // //go:uintptrescapes
  Other,          // any other //go:name (nosplit, noescape, norace, ...)
};
struct Directive {
  DirectiveKind kind;
  uint32_t comment; // index in File::comments
  NodeId decl;      // the top-level declaration it comes before, or 0 (see File::directives)
};

// A list of nodes: a range of File::lists.
struct NodeList {
  uint32_t start = 0;
  uint32_t count = 0;
};

class File {
public:
  base::FileId id{0};
  std::string_view source;   // owned by the SourceManager, which outlives the File
  std::vector<Node> nodes;   // nodes[0] is the Invalid node
  std::vector<NodeId> lists; // storage of every NodeList
  NodeId packageName;        // Name after "package"
  uint32_t packagePos = 0;   // offset of the "package" keyword
  NodeList decls;            // top-level declarations, in source order
  // Every comment, in source order: doc comments and directives (`//go:build`,
  // `//go:linkname`, `//go:noinline`, `//go:embed`, `//line`) are read from here.
  std::vector<Comment> comments;
  // The directives among the comments, in source order. As gc applies them, a directive
  // belongs to the first top-level declaration after it (`decl`), unless it is inside a
  // function body or after the last declaration (decl 0); //go:build and // +build lines
  // count only before the package clause.
  std::vector<Directive> directives;

  const Node &operator[](NodeId id) const { return nodes[id.index]; }
  NodeKind Kind(NodeId id) const { return nodes[id.index].kind; }
  uint32_t Pos(NodeId id) const { return nodes[id.index].pos; }
  NodeId A(NodeId id) const { return NodeId{nodes[id.index].a}; }
  NodeId B(NodeId id) const { return NodeId{nodes[id.index].b}; }
  NodeId C(NodeId id) const { return NodeId{nodes[id.index].c}; }
  NodeId D(NodeId id) const { return NodeId{nodes[id.index].d}; }
  // The list stored in fields (a,b) or (c,d) of a node.
  NodeList ListAB(NodeId id) const { return {nodes[id.index].a, nodes[id.index].b}; }
  NodeList ListBC(NodeId id) const { return {nodes[id.index].b, nodes[id.index].c}; }
  NodeList ListCD(NodeId id) const { return {nodes[id.index].c, nodes[id.index].d}; }
  const NodeId *begin(NodeList l) const { return lists.data() + l.start; }
  const NodeId *end(NodeList l) const { return lists.data() + l.start + l.count; }
  NodeId At(NodeList l, uint32_t i) const { return lists[l.start + i]; }
  // A FuncDecl's receiver Field, or 0 for a function.
  NodeId Receiver(NodeId decl) const {
    NodeId a = A(decl);
    return a && Kind(a) == NodeKind::Field ? a : NodeId{};
  }
  // The type parameter Fields of a FuncDecl or TypeDecl (empty if it is not generic).
  NodeList TypeParams(NodeId decl) const {
    if (Kind(decl) == NodeKind::TypeDecl) return ListCD(decl);
    NodeId a = A(decl);
    return a && Kind(a) == NodeKind::TypeParamList ? ListAB(a) : NodeList{};
  }
  std::string_view Text(Comment c) const { return source.substr(c.offset, c.length); }
  // Source text of a Name or BasicLit.
  std::string_view Text(NodeId id) const {
    return source.substr(nodes[id.index].pos, nodes[id.index].a);
  }
  // A ConstDecl's iota (its index in its group) and whether it repeats the previous
  // spec's type and values.
  uint32_t ConstIota(NodeId spec) const {
    return nodes[spec.index].flags | static_cast<uint32_t>(nodes[spec.index].op >> 1) << 16;
  }
  bool ConstInherited(NodeId spec) const { return nodes[spec.index].op & 1; }
  // x without the parentheses around it.
  NodeId Unparen(NodeId x) const {
    while (x && Kind(x) == NodeKind::ParenExpr)
      x = A(x);
    return x;
  }
  // Flattens an expression that may be a ListExpr into its elements (0 gives none).
  std::vector<NodeId> Unpack(NodeId id) const;
};

// gc's syntax.String: the source form of an expression, as error messages quote it.
std::string String(const File &file, NodeId expr);

// Writes the file back as Go source (gofmt's layout in the main: tabs, one declaration
// per line). Comments are not reproduced. Parsing the output gives the same tree
// (SameTree), which tests check over the whole Go tree.
std::string Print(const File &file);

// Whether two files have the same syntax tree: node kinds, operators, flags, names and
// literal text, list shapes and shared type nodes alike; positions are ignored. On a
// difference, *why (if given) describes the first one found.
bool SameTree(const File &a, const File &b, std::string *why);

// What Parse reports besides errors of Go's grammar.
enum class ParseMode : uint8_t {
  // As gc's parser, for compiling: also the restrictions gc checks while parsing though
  // the grammar allows them (a method has exactly one receiver, an embedded field type is
  // not parenthesized, a for loop's post statement declares nothing). Rules that gc
  // checks while type checking are left to the checker.
  Compile,
  // The file's syntax as gofmt (go/parser) judges it: no gc parsing restrictions, but
  // the syntactic rules go/parser enforces and gc leaves to type checking (a constant
  // has a value, := declares names, a type is not an expression, [...]T only in
  // composite literals, valid import paths), reported in gc's words.
  Syntax,
};

// Parses one file. Errors go to `diags`; the result is always a File (possibly partial).
// Line directives (//line file:line) are recorded in `sources` as the file's line bases.
std::unique_ptr<File> Parse(base::SourceManager &sources, base::FileId file,
                            base::Diagnostics &diags, ParseMode mode = ParseMode::Compile);

} // namespace talpa::syntax

#endif // TALPA_SYNTAX_SYNTAX_H
