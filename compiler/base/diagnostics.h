// Error collection and printing in gc's format: "path:line:col: message", sorted by position.
#ifndef TALPA_BASE_DIAGNOSTICS_H
#define TALPA_BASE_DIAGNOSTICS_H

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "llvm/Support/raw_ostream.h"

namespace talpa::base {

class Diagnostics {
public:
  explicit Diagnostics(const SourceManager &sources) : sources_(sources) {}

  // Records an error. As gc does, a syntax error on the same line as the previous syntax
  // error is dropped (it is almost always a follow-on error), and so is an error equal to
  // the previous other error on its line. A message may continue on further lines
  // ("\n\t..."), as types2's multi-part errors do.
  void Error(FileId file, uint32_t offset, std::string message);

  // Keeps and prints every error instead of stopping at ten (gc's -e flag).
  void ReportAll() { limit_ = SIZE_MAX; }

  bool HasErrors() const { return count_ != 0; }
  size_t ErrorCount() const { return count_; }
  const SourceManager &Sources() const { return sources_; }

  // Prints the errors sorted by position, without exact duplicates; after 10 errors
  // prints "path:line:col: too many errors" and stops, as gc does (unless ReportAll).
  void Print(llvm::raw_ostream &os) const;

private:
  struct Entry {
    FileId file;
    uint32_t offset;
    uint32_t sequence; // keeps reports at one position in the order they were made
    std::string message;
  };
  // gc stops at the tenth error, so only that many are kept: a file of a million bad
  // bytes costs a count, not a million messages.
  static constexpr size_t kMaxErrors = 10;
  size_t limit_ = kMaxErrors;

  const SourceManager &sources_;
  std::vector<Entry> errors_; // the first kMaxErrors errors, in report order
  size_t count_ = 0;
  bool haveSyntaxError_ = false;
  FileId lastSyntaxFile_{0};
  uint32_t lastSyntaxLine_ = 0;
  bool haveOtherError_ = false;
  FileId lastOtherFile_{0};
  uint32_t lastOtherLine_ = 0;
  std::string lastOtherMessage_;
};

} // namespace talpa::base

#endif // TALPA_BASE_DIAGNOSTICS_H
