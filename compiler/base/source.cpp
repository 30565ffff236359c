// Line tables for source files: computed once on Add, searched by binary search.
#include "compiler/base/source.h"

#include <algorithm>
#include <cstring>

#include "llvm/Support/MemoryBuffer.h"

namespace talpa::base {

FileId SourceManager::Add(std::string path, std::string contents) {
  File &f = files_.emplace_back();
  f.path = std::move(path);
  f.contents = std::move(contents);
  f.view = f.contents; // the File never moves (a deque), so neither does short text
  return FileId{static_cast<uint32_t>(files_.size() - 1)};
}

FileId SourceManager::Add(std::string path, std::unique_ptr<llvm::MemoryBuffer> contents) {
  File &f = files_.emplace_back();
  f.path = std::move(path);
  f.view = contents->getBuffer();
  f.buffer = std::move(contents);
  return FileId{static_cast<uint32_t>(files_.size() - 1)};
}

SourceManager::SourceManager() = default;
SourceManager::~SourceManager() = default;

// The line table is built on first use: most files never need one (only diagnostics do).
const std::vector<uint32_t> &SourceManager::LineStarts(FileId id) const {
  const File &f = files_[id.index];
  if (f.lineStarts.empty()) {
    f.lineStarts.reserve(f.view.size() / 32 + 1);
    f.lineStarts.push_back(0);
    const char *begin = f.view.data(), *end = begin + f.view.size();
    for (const char *p = begin; (p = static_cast<const char *>(std::memchr(p, '\n', end - p)));)
      f.lineStarts.push_back(static_cast<uint32_t>(++p - begin));
  }
  return f.lineStarts;
}

LineColumn SourceManager::Position(FileId id, uint32_t offset) const {
  const std::vector<uint32_t> &starts = LineStarts(id);
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - starts.begin()); // >= 1
  return LineColumn{line, offset - starts[line - 1] + 1};
}

std::string SourceManager::Format(FileId id, uint32_t offset) const {
  LineColumn lc = Position(id, offset);
  const std::vector<LineBase> &bases = files_[id.index].bases;
  auto it = std::upper_bound(bases.begin(), bases.end(), offset,
                             [](uint32_t off, const LineBase &b) { return off < b.offset; });
  std::string s;
  if (it == bases.begin()) {
    s = Path(id);
  } else {
    // Relative to the line base in effect at `offset`.
    const LineBase &b = *(it - 1);
    LineColumn at = Position(id, b.offset);
    s = b.filename;
    if (b.column == 0) {
      s += ':';
      s += std::to_string(b.line + (lc.line - at.line));
      return s;
    }
    lc.column = lc.line == at.line ? b.column + (lc.column - at.column) : lc.column;
    lc.line = b.line + (lc.line - at.line);
  }
  s += ':';
  s += std::to_string(lc.line);
  s += ':';
  s += std::to_string(lc.column);
  return s;
}

} // namespace talpa::base
