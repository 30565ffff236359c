// Type-checking loaded packages: a depth-first walk over the imports gives the order
// (each package after those it imports); each package is checked by types::Check with an
// importer that resolves the paths its files write (vendored std paths included) through
// the loader to the packages already checked.
#include "compiler/driver/check.h"

#include <algorithm>
#include <set>

#include "compiler/driver/options.h"
#include "targets/target.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace talpa::driver {

namespace {

// The roots and what they import, each package after its imports. The implicit runtime
// dependency of a command (Package::deps past its imports) is not followed: it matters to
// the linker, not to type checking.
void ImportOrder(Package *p, std::set<Package *> &seen, std::vector<Package *> &order) {
  if (!seen.insert(p).second) return;
  if (p->importPath == "unsafe") return; // the checker's own package
  for (size_t i = 0; i < p->imports.size() && i < p->deps.size(); ++i)
    ImportOrder(p->deps[i], seen, order);
  order.push_back(p);
}

} // namespace

bool CheckPackages(Loader &loader, const std::vector<Package *> &roots, const CheckOptions &options,
                   CheckedProgram &program, llvm::raw_ostream &errs) {
  std::set<Package *> seen;
  std::vector<Package *> order;
  for (Package *r : roots)
    ImportOrder(r, seen, order);
  // Cycles are found (and reported on the packages that close them) by Deps.
  loader.Deps(roots);

  // Syntax errors stop the build before any checking, as gc stops after parsing.
  if (loader.Diags().HasErrors()) {
    errs << "# "
         << (roots.empty() ? std::string("command-line-arguments") : roots.front()->importPath)
         << "\n";
    loader.Diags().Print(errs);
    return false;
  }
  bool ok = true;
  std::set<std::string> printed;
  for (Package *p : order) {
    if (!p->error.empty()) {
      if (printed.insert(p->error).second) errs << p->error << "\n";
      ok = false;
    }
  }
  if (!ok) return false;

  std::set<const Package *> failed;
  for (Package *p : order) {
    bool depFailed = false;
    for (size_t i = 0; i < p->imports.size() && i < p->deps.size(); ++i)
      depFailed |= failed.count(p->deps[i]) > 0;
    if (depFailed) {
      failed.insert(p);
      if (options.verdicts) *options.verdicts << "skip\t" << p->importPath << "\n";
      continue;
    }
    base::Diagnostics diags(loader.Sources());
    if (options.allErrors) diags.ReportAll();
    types::Config config;
    // go build passes -complete unless there are non-Go files, and never for the standard
    // packages whose bodiless functions the runtime provides through //go:linkname.
    static const std::set<std::string> kRuntimeProvided = {
        "bytes",         "internal/poll", "net",  "os",      "runtime/metrics",
        "runtime/pprof", "runtime/trace", "sync", "syscall", "time"};
    config.complete =
        !p->hasAsm && !p->talpaRuntime && !(p->standard && kRuntimeProvided.count(p->importPath));
    // The language version: -lang for the packages of the command line, the go.mod `go`
    // line for the main module's, the release for the standard library's.
    std::string lang;
    if (std::find(roots.begin(), roots.end(), p) != roots.end()) lang = options.lang;
    if (lang.empty() && !p->standard && loader.MainModule())
      lang = "go" + loader.MainModule()->goVersion;
    if (!lang.empty() && !types::ParseGoVersion(lang, &config.goMinor)) {
      errs << "talpa: invalid value \"" << lang << "\" for -lang\n";
      return false;
    }
    bool fromStandard = p->standard;
    config.importer = [&, fromStandard](std::string_view path) -> types::Package * {
      Package *dep = loader.Import(std::string(path), fromStandard);
      auto it = program.packages.find(dep);
      return it == program.packages.end() ? nullptr : it->second.get();
    };
    std::string path = p->importPath;
    // A command's package path is "main", as gc names it (symbols are main.f).
    std::string typesPath = p->name == "main" ? "main" : path;
    auto checked = types::Check(program.universe, typesPath, std::move(p->files), config, diags);
    ++program.packagesChecked;
    if (diags.HasErrors()) {
      errs << "# " << path << "\n";
      diags.Print(errs);
      failed.insert(p);
      ok = false;
    }
    if (options.verdicts)
      *options.verdicts << (diags.HasErrors() ? "FAIL\t" : "ok\t") << path << "\n";
    program.packages[p] = std::move(checked);
  }
  return ok;
}

int ToolCheck(const std::vector<std::string> &args, const std::string &goroot) {
  auto usage = [](const std::string &msg) {
    llvm::errs() << "talpa tool check: " << msg
                 << "\nusage: talpa tool check [-target goos/goarch] [-tags t] [-stats] [-v] "
                    "[packages or .go files]\n";
    return 2;
  };
  bool stats = false, verbose = false;
  std::vector<std::string> rest;
  for (const auto &a : args) {
    if (a == "-stats")
      stats = true;
    else if (a == "-v")
      verbose = true;
    else
      rest.push_back(a);
  }
  auto options = ParseBuildFlags(rest, /*isRun=*/false);
  if (!options) return usage(llvm::toString(options.takeError()));
  if (!llvm::sys::fs::is_directory(goroot + "/src")) {
    llvm::errs() << "talpa: cannot find the Go source tree: " << goroot
                 << "/src is not a directory (set $GOROOT to a Go 1.19 source tree, such as "
                    "Debian's golang-1.19-src at /usr/share/go-1.19)\n";
    return 2;
  }
  BuildContext ctx = ContextFor(*options);
  std::vector<std::string> patterns = options->args;
  if (patterns.empty()) patterns.push_back(".");

  auto start = std::chrono::steady_clock::now();
  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  Loader &loader = *new Loader(ctx, goroot, std::string(cwd)); // lives until exit, as below
  loader.SetImplicitRuntime(false);
  for (const auto &e : loader.Errors())
    llvm::errs() << e << "\n";
  if (!loader.Errors().empty()) return 1;
  std::vector<Package *> roots = loader.LoadPatterns(patterns);
  for (const auto &w : loader.Warnings())
    llvm::errs() << w << "\n";
  for (const auto &e : loader.Errors())
    llvm::errs() << e << "\n";
  if (!loader.Errors().empty()) return 1;
  auto loaded = std::chrono::steady_clock::now();

  CheckOptions checkOptions;
  checkOptions.allErrors = true; // a checking tool reports everything
  if (verbose) checkOptions.verdicts = &llvm::outs();
  // The checked program lives until the process exits: tearing down a few hundred
  // thousand objects costs more than the work that made them.
  CheckedProgram &program = *new CheckedProgram;
  bool ok = CheckPackages(loader, roots, checkOptions, program, llvm::errs());
  auto done = std::chrono::steady_clock::now();
  if (stats) {
    auto ms = [](auto d) {
      return std::chrono::duration_cast<std::chrono::microseconds>(d).count() / 1000.0;
    };
    size_t files = 0, nodes = 0;
    for (auto &[_, p] : program.packages) {
      files += p->files.size();
      for (auto &f : p->files)
        nodes += f->nodes.size();
    }
    llvm::errs() << "check: " << program.packagesChecked << " packages, " << files << " files, "
                 << nodes << " nodes, " << program.universe.NumTypes() << " types, "
                 << program.universe.NumObjects() << " objects, "
                 << program.universe.constants.size() << " constants; load+parse "
                 << llvm::format("%.1f", ms(loaded - start)) << " ms, check "
                 << llvm::format("%.1f", ms(done - loaded)) << " ms\n";
  }
  return ok ? 0 : 1;
}

} // namespace talpa::driver
