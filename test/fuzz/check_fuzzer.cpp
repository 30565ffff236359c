// libFuzzer target for the type checker: any input must parse and type-check without
// crashing, hanging or tripping a sanitizer.
//
// Each input is parsed as `talpa build` parses it (ParseMode::Compile); a file without
// syntax errors is type-checked (types::Check) in a fresh Universe, with package unsafe
// available and every other import reported as not found, and the diagnostics of both
// stages are formatted into a null stream. Any abort, sanitizer report or TALPA_CHECK
// failure is a finding. See docs/testing/fuzzing.md.
//
// As in parse_fuzzer.cpp, this file defines base::CheckFailed to abort (libFuzzer cannot
// see the compiler's _Exit(2)).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "compiler/base/check.h"
#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

using namespace talpa;

void base::CheckFailed(const char *message, const char *file, int line) {
  llvm::errs() << "talpa: internal compiler error: " << message << " (" << file << ":" << line
               << ")\n";
  std::abort();
}

namespace {

void TestOneInput(const uint8_t *data, size_t size) {
  base::SourceManager sources;
  base::FileId id = sources.Add("fuzz.go", std::string(reinterpret_cast<const char *>(data), size));
  llvm::raw_null_ostream null;
  base::Diagnostics diags(sources);
  diags.ReportAll();
  std::vector<std::unique_ptr<syntax::File>> files;
  files.push_back(syntax::Parse(sources, id, diags, syntax::ParseMode::Compile));
  if (!diags.HasErrors()) {
    types::Universe universe;
    types::Config config; // no importer: every import but unsafe is "not found"
    auto pkg = types::Check(universe, "fuzz", std::move(files), config, diags);
    // Type strings of everything recorded: the printer must cope with every type made.
    std::string all;
    for (const auto &fileInfo : pkg->info)
      for (const types::ExprInfo &info : fileInfo)
        if (info.type) all += universe.String(info.type, pkg.get());
    null << all;
  }
  diags.Print(null);
}

} // namespace

// The parser and checker recurse up to their nesting limits, as talpa runs them on a
// thread with a 1 GiB stack; with the sanitizers' larger frames, each input gets a thread
// with a 512 MiB stack (untouched pages cost nothing).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::thread worker(std::optional<unsigned>(512u << 20), [&] { TestOneInput(data, size); });
  worker.join();
  return 0;
}
