// libFuzzer target for the Go scanner and parser: any input must parse without crashing.
//
// Every input goes through syntax::Parse in both modes (ParseMode::Compile, as `talpa
// build` parses, and ParseMode::Syntax, as `talpa tool parse` does, which adds
// VerifySyntax) and its diagnostics through Diagnostics::Print (into a null stream, so the
// formatting code runs too). An input that parses without errors is also printed
// (syntax::Print), re-parsed, and must give no errors and the same tree
// (syntax::SameTree); a violation aborts, which libFuzzer reports as a crash and keeps as
// an artifact. TALPA_FUZZ_ROUNDTRIP=0 in the environment leaves the round trip out. See
// docs/testing/fuzzing.md.
//
// TALPA_CHECK failures are findings too, but the compiler's CheckFailed ends with _Exit(2),
// which libFuzzer cannot see; this file defines its own, which aborts. It takes the place
// of compiler/base/check.cpp, whose only symbol it is, so the linker never pulls that
// object out of libtalpa_base.a.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "compiler/base/check.h"
#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/syntax/syntax.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

using namespace talpa;

void base::CheckFailed(const char *message, const char *file, int line) {
  llvm::errs() << "talpa: internal compiler error: " << message << " (" << file << ":" << line
               << ")\n";
  std::abort();
}

namespace {

bool roundTrip = true;

// Reports a broken round trip with everything needed to see why, then aborts.
[[noreturn]] void RoundTripFailure(std::string_view what, const std::string &printed,
                                   const base::Diagnostics *diags) {
  llvm::errs() << "talpa-parse-fuzzer: round trip failed: " << what << "\n";
  if (diags) diags->Print(llvm::errs());
  llvm::errs() << "--- printed source ---\n" << printed << "\n--- end ---\n";
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  const char *env = std::getenv("TALPA_FUZZ_ROUNDTRIP");
  roundTrip = !(env && std::strcmp(env, "0") == 0);
  return 0;
}

namespace {

// One input: Parse in both modes, then the round trip.
void TestOneInput(const uint8_t *data, size_t size) {
  base::SourceManager sources;
  base::FileId id = sources.Add("fuzz.go", std::string(reinterpret_cast<const char *>(data), size));
  llvm::raw_null_ostream null;
  {
    base::Diagnostics diags(sources);
    syntax::Parse(sources, id, diags, syntax::ParseMode::Compile);
    diags.Print(null);
  }
  base::Diagnostics diags(sources);
  std::unique_ptr<syntax::File> file = syntax::Parse(sources, id, diags, syntax::ParseMode::Syntax);
  diags.Print(null);
  if (diags.HasErrors() || !roundTrip) return;

  // A file without errors must survive Print and Parse unchanged.
  std::string printed = syntax::Print(*file);
  base::FileId again = sources.Add("fuzz.go (printed)", printed);
  base::Diagnostics diags2(sources);
  std::unique_ptr<syntax::File> file2 =
      syntax::Parse(sources, again, diags2, syntax::ParseMode::Syntax);
  if (diags2.HasErrors()) RoundTripFailure("printed source does not parse", printed, &diags2);
  std::string why;
  if (!syntax::SameTree(*file, *file2, &why))
    RoundTripFailure("printed source parses to a different tree: " + why, printed, nullptr);
}

} // namespace

// The parser recurses up to its nesting limit (10,000 levels), as talpa runs it on a
// thread with a 1 GiB stack; here, with the sanitizers' larger frames, each input gets a
// thread with a 512 MiB stack (untouched pages cost nothing).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::thread worker(std::optional<unsigned>(512u << 20), [&] { TestOneInput(data, size); });
  worker.join();
  return 0;
}
