// `talpa list [-target goos/goarch] [-tags t] [-deps] [-f files] PATTERN...`: the package
// loader's answer, in `go list`'s form: one import path a line (with -deps, every
// dependency first), errors to stderr and exit status 1. `-f files` prints
// `importPath: file1 file2 ...` (the base names of the files a build compiles).
#include "compiler/driver/list.h"

#include <cstdlib>
#include <set>

#include "compiler/driver/loader.h"
#include "targets/target.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

namespace talpa::driver {

int List(const std::vector<std::string> &args, const std::string &goroot) {
  BuildContext ctx;
  const char *envOS = std::getenv("GOOS"), *envArch = std::getenv("GOARCH");
  ctx.goos = envOS && *envOS ? envOS : HostGOOS();
  ctx.goarch = envArch && *envArch ? envArch : HostGOARCH();
  bool deps = false, files = false;
  std::vector<std::string> patterns;
  auto usage = [](const std::string &msg) {
    llvm::errs() << "talpa list: " << msg
                 << "\nusage: talpa list [-target goos/goarch] [-tags t] [-deps] [-f files] "
                    "[packages]\n";
    return 2;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef a(args[i]);
    if (!patterns.empty() || !a.starts_with("-")) {
      patterns.push_back(args[i]);
      continue;
    }
    a = a.ltrim('-');
    auto [flag, inlineValue] = a.split('=');
    auto value = [&](std::string *out) {
      if (a.contains('=')) {
        *out = inlineValue.str();
        return true;
      }
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    std::string v;
    if (flag == "deps") {
      deps = true;
    } else if (flag == "target") {
      if (!value(&v)) return usage("flag needs an argument: -target");
      auto [os, arch] = llvm::StringRef(v).split('/');
      if (os.empty() || arch.empty()) return usage("malformed -target \"" + v + "\"");
      ctx.goos = os.str();
      ctx.goarch = arch.str();
    } else if (flag == "tags") {
      if (!value(&v)) return usage("flag needs an argument: -tags");
      llvm::SmallVector<llvm::StringRef, 8> tags;
      llvm::StringRef(v).split(tags, llvm::StringRef(v).contains(',') ? ',' : ' ', -1, false);
      for (auto t : tags)
        ctx.tags.push_back(t.trim().str());
    } else if (flag == "f") {
      if (!value(&v)) return usage("flag needs an argument: -f");
      if (v != "files") return usage("-f supports only \"files\"");
      files = true;
    } else {
      return usage("flag provided but not defined: -" + flag.str());
    }
  }
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
