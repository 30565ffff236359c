// Source files of one build, addressed by FileId, with byte-offset to line/column lookup.
#ifndef TALPA_BASE_SOURCE_H
#define TALPA_BASE_SOURCE_H

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llvm {
class MemoryBuffer;
}

namespace talpa::base {

// A file added to a SourceManager. Ids are dense, in the order files were added.
struct FileId {
  uint32_t index;
  friend bool operator==(FileId a, FileId b) { return a.index == b.index; }
  friend bool operator!=(FileId a, FileId b) { return a.index != b.index; }
};

// A position as gc prints it: 1-based line, 1-based column counted in bytes.
struct LineColumn {
  uint32_t line;
  uint32_t column;
};

// The effect of a //line directive: from byte `offset` on, positions are reported in
// `filename` (as written), `offset`'s own line being `line` and later lines counting on
// from it; on that first line columns count from `column` at `offset`, on later lines
// as usual. Column 0 means none is known, and none is printed (as gc does).
struct LineBase {
  uint32_t offset;
  std::string filename;
  uint32_t line;
  uint32_t column;
};

// The files of a build. Const methods may fill caches (line tables), so one SourceManager
// is used by one thread at a time.
class SourceManager {
public:
  SourceManager();
  ~SourceManager(); // where llvm::MemoryBuffer is complete
  SourceManager(const SourceManager &) = delete;
  SourceManager &operator=(const SourceManager &) = delete;

  // Adds a file; `path` is kept as the user gave it, since gc prints it that way.
  FileId Add(std::string path, std::string contents);
  // The same, keeping the buffer a file was read into (no copy).
  FileId Add(std::string path, std::unique_ptr<llvm::MemoryBuffer> contents);

  std::string_view Path(FileId id) const { return files_[id.index].path; }
  std::string_view Contents(FileId id) const { return files_[id.index].view; }
  size_t FileCount() const { return files_.size(); }

  // Line and column of a byte offset (offset == size is the end-of-file position).
  LineColumn Position(FileId id, uint32_t offset) const;
  // "path:line:col", the prefix of every diagnostic, after the file's line directives.
  std::string Format(FileId id, uint32_t offset) const;
  // Replaces the file's line bases (sorted by offset) with `bases`.
  void SetLineBases(FileId id, std::vector<LineBase> bases) {
    files_[id.index].bases = std::move(bases);
  }

private:
  const std::vector<uint32_t> &LineStarts(FileId id) const;

  struct File {
    std::string path;
    std::string contents;                       // owned text, or
    std::unique_ptr<llvm::MemoryBuffer> buffer; // the buffer it was read into
    std::string_view view;                      // the text, from either
    mutable std::vector<uint32_t> lineStarts;   // first byte of each line; built on first use
    std::vector<LineBase> bases;                // from //line directives, by offset
  };
  // A deque: adding a file never moves the others, so the views of their paths and
  // contents (short strings live inside the File) stay valid.
  std::deque<File> files_;
};

} // namespace talpa::base

#endif // TALPA_BASE_SOURCE_H
