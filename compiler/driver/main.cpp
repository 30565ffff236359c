// The talpa command: `talpa build|run|env|version|targets|help`.
#include "compiler/driver/build.h"
#include "compiler/driver/list.h"
#include "compiler/driver/options.h"
#include "compiler/driver/tool.h"
#include "targets/target.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

#include <map>

namespace {

using namespace talpa;
using namespace talpa::driver;

const char kUsage[] =
    R"(talpa compiles Go programs ahead of time, for any target, from this machine.

Usage:

	talpa <command> [arguments]

The commands are:

	build       compile packages and dependencies
	run         compile and run Go program
	env         print talpa environment information
	list        list packages (talpa list [-target t] [-tags t] [-deps] [-f files])
	targets     list the GOOS/GOARCH pairs talpa builds for
	tool        run one compiler stage (talpa tool parse ...)
	version     print talpa version

Build flags: -o file, -target goos/goarch (else $GOOS/$GOARCH), -ldflags '-s -w',
-gcflags -N, -tags list, -emit-llvm, -emit-asm, -emit-obj, -work.
)";

int Version() {
  llvm::outs() << "talpa version " << TALPA_VERSION << " " << HostGOOS() << "/" << HostGOARCH()
               << " (LLVM " << LLVM_VERSION_STRING << ")\n";
  return 0;
}

// As `go env`: KEY="value" lines, or bare values for the names given.
int Env(const std::vector<std::string> &args, const Environment &env) {
  auto flags = ParseBuildFlags({}, false);
  if (!flags) {
    llvm::errs() << "talpa: " << llvm::toString(flags.takeError()) << "\n";
    return 2;
  }
  std::map<std::string, std::string> vars = {
      {"GOARCH", flags->goarch.empty() ? HostGOARCH() : flags->goarch},
      {"GOOS", flags->goos.empty() ? HostGOOS() : flags->goos},
      {"GOHOSTARCH", HostGOARCH()},
      {"GOHOSTOS", HostGOOS()},
      {"GOROOT", env.goroot},
      {"GOCACHE", env.cacheDir},
      {"GOVERSION", "go1.19"},
      {"TALPA_RESOURCES", env.resourceDir},
      {"TALPA_VERSION", TALPA_VERSION},
  };
  if (!args.empty()) {
    for (const auto &name : args) {
      auto it = vars.find(name);
      llvm::outs() << (it == vars.end() ? "" : it->second) << "\n";
    }
    return 0;
  }
  for (const auto &[k, v] : vars)
    llvm::outs() << k << "=\"" << v << "\"\n";
  return 0;
}

int Targets(const Environment &env) {
  auto all = LoadAllTargets(env.resourceDir);
  if (!all) {
    llvm::errs() << "talpa: " << llvm::toString(all.takeError()) << "\n";
    return 2;
  }
  for (const auto &t : *all)
    llvm::outs() << t.goos << "/" << t.goarch << "\n";
  return 0;
}

} // namespace

// The compiler's stages recurse over syntax trees, whose depth the checker bounds
// (types::Checker::kMaxExprDepth); the command runs on a thread whose stack is sized for
// that bound. Untouched stack pages cost nothing.
constexpr unsigned kCompilerStackSize = 1u << 30;

static int Main(int argc, char **argv);

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  int status = 0;
  llvm::thread worker(std::optional<unsigned>(kCompilerStackSize),
                      [&] { status = Main(argc, argv); });
  worker.join();
  return status;
}

static int Main(int argc, char **argv) {
  if (argc < 2) {
    llvm::errs() << kUsage;
    return 2;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  Environment env = LoadEnvironment(argv[0]);

  if (command == "version") return Version();
  if (command == "env") return Env(args, env);
  if (command == "targets") return Targets(env);
  if (command == "list") return List(args, env.goroot);
  if (command == "tool") return Tool(args, env);
  if (command == "help" || command == "-h" || command == "--help") {
    llvm::outs() << kUsage;
    return 0;
  }
  if (command == "build" || command == "run") {
    bool isRun = command == "run";
    auto options = ParseBuildFlags(args, isRun);
    if (!options) {
      llvm::errs() << "talpa " << command << ": " << llvm::toString(options.takeError()) << "\n";
      return 2;
    }
    return isRun ? Run(*options, env) : Build(*options, env, nullptr);
  }
  llvm::errs() << "talpa " << command << ": unknown command\nRun 'talpa help' for usage.\n";
  return 2;
}
