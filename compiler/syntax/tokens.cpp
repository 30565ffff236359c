// Token and node kind tables, generated from token_kind.def and node_kind.def.
#include "compiler/syntax/syntax.h"

namespace talpa::syntax {

std::string_view Spelling(TokenKind kind) {
  static constexpr std::string_view kSpellings[] = {
#define TALPA_TOKEN(Name, Spelling) Spelling,
#include "compiler/syntax/token_kind.def"
  };
  return kSpellings[static_cast<int>(kind)];
}

TokenKind AssignOpOperator(TokenKind kind) {
  switch (kind) {
#define TALPA_ASSIGN_OP(Name, Spelling, Op)                                                        \
  case TokenKind::Name:                                                                            \
    return TokenKind::Op;
#include "compiler/syntax/token_kind.def"
  default:
    return TokenKind::None;
  }
}

bool IsKeyword(TokenKind kind) {
  switch (kind) {
#define TALPA_KEYWORD(Name, Spelling) case TokenKind::Name:
#include "compiler/syntax/token_kind.def"
    return true;
  default:
    return false;
  }
}

std::string_view NodeKindName(NodeKind kind) {
  static constexpr std::string_view kNames[] = {
#define TALPA_NODE(Name, Fields) #Name,
#include "compiler/syntax/node_kind.def"
  };
  return kNames[static_cast<int>(kind)];
}

std::vector<NodeId> File::Unpack(NodeId id) const {
  if (!id) return {};
  if (Kind(id) != NodeKind::ListExpr) return {id};
  NodeList l = ListAB(id);
  return std::vector<NodeId>(begin(l), end(l));
}

} // namespace talpa::syntax
