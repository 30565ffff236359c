// `talpa list [-target goos/goarch] [-tags t] [-deps] [-f files] PATTERN...`: the package
// loader's answer, in `go list`'s form: one import path a line (with -deps, every
// dependency first), errors to stderr and exit status 1. `-f files` prints
// `importPath: file1 file2 ...` (the base names of the files a build compiles).
#include "compiler/driver/list.h"

#include <set>

#include "compiler/driver/loader.h"
#include "compiler/driver/options.h"
#include "targets/target.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

namespace talpa::driver {

int List(const std::vector<std::string> &args, const std::string &goroot) {
  auto usage = [](const std::string &msg) {
    llvm::errs() << "talpa list: " << msg
                 << "\nusage: talpa list [-deps] [-f files] [build flags] [packages]\n";
    return 2;
  };
  // list's own flags; the rest are the build flags (-target, -tags, ...), as go list
  // shares them with go build.
  bool deps = false, files = false;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef a(args[i]);
    if (a == "-deps" || a == "--deps") {
      deps = true;
    } else if (a == "-f" || a == "--f" || a.starts_with("-f=") || a.starts_with("--f=")) {
      std::string v;
      if (a.contains('='))
        v = a.split('=').second.str();
      else if (i + 1 < args.size())
        v = args[++i];
      else
        return usage("flag needs an argument: -f");
      if (v != "files") return usage("-f supports only \"files\"");
      files = true;
    } else {
      rest.push_back(args[i]);
    }
  }
  auto options = ParseBuildFlags(rest, /*isRun=*/false);
  if (!options) return usage(llvm::toString(options.takeError()));
  BuildContext ctx = ContextFor(*options);
  std::vector<std::string> patterns = options->args;
  if (patterns.empty()) patterns.push_back(".");

  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  Loader loader(ctx, goroot, std::string(cwd));
  bool failed = !loader.Errors().empty();
  for (const auto &e : loader.Errors())
    llvm::errs() << e << "\n";
  if (failed) return 1;
  std::vector<Package *> roots = loader.LoadPatterns(patterns);
  for (const auto &w : loader.Warnings())
    llvm::errs() << w << "\n";
  for (const auto &e : loader.Errors())
    llvm::errs() << e << "\n";
  failed = !loader.Errors().empty();
  std::vector<Package *> all = loader.Deps(roots);
  if (loader.Diags().HasErrors()) {
    loader.Diags().Print(llvm::errs());
    failed = true;
  }

  // Errors as go list prints them: the roots' (one report per import cycle), then, if
  // none or with -deps, their dependencies'.
  std::set<std::string> printed;
  std::set<const Package *> cycles;
  bool rootErrors = false;
  auto report = [&](const Package *p) {
    if (p->error.empty() || !printed.insert(p->error).second) return false;
    if (p->cycleOf && !cycles.insert(p->cycleOf).second) return false;
    llvm::errs() << p->error << "\n";
    return failed = true;
  };
  for (const Package *p : roots)
    rootErrors |= report(p);
  if (!rootErrors || deps)
    for (const Package *p : all)
      report(p);

  // As go list without -e: with errors, only -deps still prints the packages.
  if (failed && !deps) return 1;
  for (const Package *p : deps ? all : roots) {
    llvm::outs() << p->importPath;
    if (files) {
      llvm::outs() << ":";
      for (const auto &f : p->goFiles)
        llvm::outs() << " " << f;
    }
    llvm::outs() << "\n";
  }
  return failed ? 1 : 0;
}

} // namespace talpa::driver
