// Command-line flags of `talpa build` / `talpa run`, parsed the way the go command does.
#ifndef TALPA_DRIVER_OPTIONS_H
#define TALPA_DRIVER_OPTIONS_H

#include <map>
#include <string>
#include <vector>

#include "compiler/driver/constraint.h"
#include "llvm/Support/Error.h"

namespace talpa::driver {

enum class Emit { Executable, LLVM, Assembly, Object };

struct BuildOptions {
  std::string output;            // -o; empty: derived from the first file or the directory
  std::string goos, goarch;      // from -target, else $GOOS/$GOARCH, else the host
  std::vector<std::string> tags; // -tags a,b
  bool stripSymbols = false;     // -ldflags=-s
  bool stripDebug = false;       // -ldflags=-w
  std::map<std::string, std::string> stringDefs; // -ldflags "-X importpath.name=value"
  Emit emit = Emit::Executable;                  // -emit-llvm, -emit-asm, -emit-obj
  bool optimize = true;                          // -gcflags=-N turns optimisation off
  bool allErrors = false;                        // -gcflags=-e: every error, not ten
  // -gcflags=-stackcheck=0|1: prologue stack checks (compiler/opt/stack_check.cpp); -1:
  // the default, on for every target (goroutine stacks grow through them).
  int stackChecks = -1;
  std::string lang; // -gcflags=-lang=go1.N: language version
  // Stack maps for compiled Go frames, which the collector then scans precisely
  // (docs/runtime/gc.md "Stack scanning"); -gcflags=-precise=0 (or $TALPA_PRECISE=0)
  // leaves them out: the frames are then scanned conservatively.
  bool precise = true;
  bool keepWork = false;                // -work: keep and print the scratch directory
  std::vector<std::string> args;        // files or one directory; for `run`, then program args
  std::vector<std::string> programArgs; // `talpa run x.go -- a b`: arguments after the files
};

// Parses `args` (after the subcommand). `isRun` makes the first non-.go argument after the
// files start the program's arguments, as `go run` does.
llvm::Expected<BuildOptions> ParseBuildFlags(const std::vector<std::string> &args, bool isRun);

// The build context for file selection: the options' GOOS/GOARCH (else the host's) and tags.
BuildContext ContextFor(const BuildOptions &options);

} // namespace talpa::driver

#endif
