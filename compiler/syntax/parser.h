// The parser's interface inside the syntax library (Parse in syntax.h is the public entry).
#ifndef TALPA_SYNTAX_PARSER_H
#define TALPA_SYNTAX_PARSER_H

#include "compiler/syntax/syntax.h"

namespace talpa::syntax {

// gc's StartPos: the leftmost byte offset of a node (e.g. of x in x + y, whose own
// position is that of the operator).
uint32_t StartPos(const File &file, NodeId node);

// Reports the syntactic rules of ParseMode::Syntax that the parser itself does not check,
// by a walk over the given top-level declarations of a file that parsed without errors
// (the parser passes those that hold a construct such a rule may reject).
void VerifySyntax(const File &file, const std::vector<NodeId> &decls, base::Diagnostics &diags);

} // namespace talpa::syntax

#endif // TALPA_SYNTAX_PARSER_H
