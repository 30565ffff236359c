// base::SourceManager: stable views of file contents, positions, //line bases.
#include "compiler/base/source.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace talpa::base {
namespace {

// Views of earlier files stay valid while files are added; short contents live inside the
// file record, so a container that moved records would leave them dangling (a fuzzer
// finding: `package x` re-printed and added again).
TEST(SourceManager, ViewsSurviveAdds) {
  SourceManager sm;
  std::vector<std::string_view> views;
  for (int i = 0; i < 2000; ++i) {
    FileId id = sm.Add("f" + std::to_string(i) + ".go", "package p" + std::to_string(i % 7));
    views.push_back(sm.Contents(id));
  }
  for (int i = 0; i < 2000; ++i)
    EXPECT_EQ(views[i], "package p" + std::to_string(i % 7));
}

TEST(SourceManager, Positions) {
  SourceManager sm;
  FileId id = sm.Add("a.go", "package p\n\nvar x = 1\n");
  EXPECT_EQ(sm.Format(id, 0), "a.go:1:1");
  EXPECT_EQ(sm.Format(id, 15), "a.go:3:5");
  EXPECT_EQ(sm.Format(id, 21), "a.go:4:1"); // end of file
}

TEST(SourceManager, LineBases) {
  SourceManager sm;
  FileId id = sm.Add("a.go", "package p\n//line b.go:10\nvar x\nvar y\n");
  // From offset 25 ("var x") on: b.go, line 10, no column.
  sm.SetLineBases(id, {LineBase{25, "b.go", 10, 0}});
  EXPECT_EQ(sm.Format(id, 4), "a.go:1:5");
  EXPECT_EQ(sm.Format(id, 29), "b.go:10");
  EXPECT_EQ(sm.Format(id, 31), "b.go:11");
  // With a column: it counts from the base on its own line only.
  sm.SetLineBases(id, {LineBase{29, "c.go", 20, 5}});
  EXPECT_EQ(sm.Format(id, 29), "c.go:20:5");
  EXPECT_EQ(sm.Format(id, 35), "c.go:21:5");
}

} // namespace
} // namespace talpa::base
