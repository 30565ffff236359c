// The scanner: turns a file's bytes into its token buffer, inserting semicolons per the spec.
#ifndef TALPA_SYNTAX_SCANNER_H
#define TALPA_SYNTAX_SCANNER_H

#include <vector>

#include "compiler/syntax/syntax.h"

namespace talpa::syntax {

// Scans all of `source` into `tokens` (which ends with an EOF token) and, if `comments` is
// given, its comments. Errors are reported in gc's words at gc's positions.
void Scan(std::string_view source, base::FileId file, base::Diagnostics &diags,
          std::vector<Token> &tokens, std::vector<Comment> *comments = nullptr);

// Decodes one character or escape of a well-formed rune/string literal body at s[i] and
// advances i. Sets *byteValue for \x and octal escapes, which denote single bytes.
char32_t UnquoteChar(std::string_view s, size_t &i, bool *byteValue);
// The value of a well-formed string literal (interpreted or raw), quotes included in `lit`.
std::string StringLitValue(std::string_view lit);

// Go's unicode.IsLetter and unicode.IsDigit (categories L and Nd), from the tables of the
// Go release talpa targets.
bool IsUnicodeLetter(char32_t r);
bool IsUnicodeDigit(char32_t r);
// go/token.IsExported: the name starts with an upper case letter (Unicode category Lu).
bool IsExported(std::string_view name);

// Decodes one UTF-8 sequence at s[i]; returns the code point (or 0xFFFD with size 1 for an
// invalid encoding, with *ok set false).
char32_t DecodeRune(std::string_view s, size_t i, int *size, bool *ok);
// Appends the UTF-8 encoding of r.
void AppendRune(std::string &out, char32_t r);
// Appends r as Go's strconv quotes it inside `quote` ('\'' or '"'): \a \b \f \n \r \t \v,
// a backslash-escaped backslash or quote, \xNN for other control characters.
void AppendQuotedRune(std::string &out, char32_t r, char quote);
// gc's %#U: "U+0040 '@'".
std::string FormatCodePoint(char32_t r);

} // namespace talpa::syntax

#endif // TALPA_SYNTAX_SCANNER_H
