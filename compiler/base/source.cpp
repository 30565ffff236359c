// Line tables for source files: computed once on Add, searched by binary search.
#include "compiler/base/source.h"

#include <algorithm>

namespace talpa::base {

FileId SourceManager::Add(std::string path, std::string contents) {
  File f;
  f.path = std::move(path);
  f.contents = std::move(contents);
  f.lineStarts.push_back(0);
  for (size_t i = 0; i < f.contents.size(); ++i)
    if (f.contents[i] == '\n') f.lineStarts.push_back(static_cast<uint32_t>(i + 1));
  files_.push_back(std::move(f));
  return FileId{static_cast<uint32_t>(files_.size() - 1)};
}

LineColumn SourceManager::Position(FileId id, uint32_t offset) const {
  const File &f = files_[id.index];
  auto it = std::upper_bound(f.lineStarts.begin(), f.lineStarts.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - f.lineStarts.begin()); // >= 1
  return LineColumn{line, offset - f.lineStarts[line - 1] + 1};
}

std::string SourceManager::Format(FileId id, uint32_t offset) const {
  LineColumn lc = Position(id, offset);
  std::string s(Path(id));
  s += ':';
  s += std::to_string(lc.line);
  s += ':';
  s += std::to_string(lc.column);
  return s;
}

} // namespace talpa::base
