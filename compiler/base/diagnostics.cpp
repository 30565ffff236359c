// Diagnostics: collected during all stages, printed once, sorted, in gc's format.
#include "compiler/base/diagnostics.h"

#include <algorithm>

namespace talpa::base {

void Diagnostics::Error(FileId file, uint32_t offset, std::string message) {
  if (message.rfind("syntax error", 0) == 0) {
    uint32_t line = sources_.Position(file, offset).line;
    if (haveSyntaxError_ && lastSyntaxFile_ == file && lastSyntaxLine_ == line) return;
    haveSyntaxError_ = true;
    lastSyntaxFile_ = file;
    lastSyntaxLine_ = line;
  } else {
    uint32_t line = sources_.Position(file, offset).line;
    if (haveOtherError_ && lastOtherFile_ == file && lastOtherLine_ == line &&
        lastOtherMessage_ == message)
      return;
    haveOtherError_ = true;
    lastOtherFile_ = file;
    lastOtherLine_ = line;
    lastOtherMessage_ = message;
  }
  ++count_;
  if (errors_.size() < limit_)
    errors_.push_back(
        Entry{file, offset, static_cast<uint32_t>(errors_.size()), std::move(message)});
}

void Diagnostics::Print(llvm::raw_ostream &os) const {
  // gc flushes (sorted) and stops when the tenth error is reported, so the output is the
  // first ten errors in report order, sorted by position.
  size_t n = errors_.size();
  std::vector<const Entry *> sorted;
  sorted.reserve(n);
  for (size_t i = 0; i < n; ++i)
    sorted.push_back(&errors_[i]);
  std::sort(sorted.begin(), sorted.end(), [](const Entry *a, const Entry *b) {
    if (a->file.index != b->file.index) return a->file.index < b->file.index;
    if (a->offset != b->offset) return a->offset < b->offset;
    return a->sequence < b->sequence;
  });
  // gc drops a message identical to the previous one on the same line.
  const Entry *prev = nullptr;
  for (const Entry *e : sorted) {
    if (prev && prev->file == e->file && prev->message == e->message &&
        sources_.Position(prev->file, prev->offset).line ==
            sources_.Position(e->file, e->offset).line)
      continue;
    prev = e;
    os << sources_.Format(e->file, e->offset) << ": " << e->message << "\n";
  }
  if (limit_ == kMaxErrors && count_ >= kMaxErrors) {
    const Entry &tenth = errors_[kMaxErrors - 1];
    os << sources_.Format(tenth.file, tenth.offset) << ": too many errors\n";
  }
}

} // namespace talpa::base
