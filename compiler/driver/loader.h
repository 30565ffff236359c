// The package loader: import paths and patterns to packages (directory, files, imports),
// loaded transitively and ordered dependencies first, by the rules of Go 1.19's go/build
// and `go list` (GOROOT's standard library with its vendored golang.org/x packages, and
// one go.mod module with local replaces).
#ifndef TALPA_DRIVER_LOADER_H
#define TALPA_DRIVER_LOADER_H

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/driver/constraint.h"
#include "compiler/syntax/syntax.h"

namespace talpa::driver {

struct Package {
  std::string importPath;           // "fmt", "vendor/golang.org/x/net/idna", "example.com/m/a"
  std::string dir;                  // empty for a package that was not found
  std::vector<std::string> goFiles; // base names, sorted: what a build compiles
  // The resolved import paths, in the order of the sorted source paths (as go list's
  // .Imports); "C" is never among them.
  std::vector<std::string> imports;
  std::string name; // the package clause's name
  bool standard = false;
  bool hasAsm = false; // has .s files for the target: functions may lack bodies
  // talpa's runtime package (Loader::SetRuntimeDir): its functions without bodies are
  // the C++ runtime's.
  bool talpaRuntime = false;
  // The parsed files, parallel to goFiles (syntax errors are in Loader::Diags()).
  std::vector<std::unique_ptr<syntax::File>> files;
  std::string error; // go list's wording; empty if the package loaded

  // Loader bookkeeping.
  std::vector<Package *> deps;        // parallel to `imports`
  std::vector<std::string> importPos; // "file:line:col" of each import, parallel too
  bool errorPositioned = false;       // `error` starts with the importing file's position
  Package *cycleOf = nullptr;         // with a cycle error: the package that closes the cycle
  std::string cycleTail;              // for a package that closes a cycle: the chain after it
};

// A go.mod module: its path, root directory, go version and local replaces.
struct Module {
  std::string path, dir, goVersion;
  std::vector<std::pair<std::string, std::string>> replaces; // module path -> directory
};

class Loader {
public:
  // `ctx` decides file selection (tags, cgo); the goexperiment tool tags that Go 1.19 adds
  // for amd64, arm64, ppc64(le) and riscv64 are added here. `workDir` is where relative
  // patterns start and go.mod is looked for.
  Loader(BuildContext ctx, std::string goroot, std::string workDir);

  // Resolves the command line's patterns to packages, loading their dependencies. Pattern
  // errors ("matched no packages" is a warning) go to `Errors()`.
  std::vector<Package *> LoadPatterns(const std::vector<std::string> &patterns);

  // The roots and all their dependencies, each package after its imports (depth first, in
  // import order, as `go list -deps`). Import cycles are reported on the packages that
  // close them.
  std::vector<Package *> Deps(const std::vector<Package *> &roots);

  // Error lines not tied to one package (bad patterns, go.mod problems), in order.
  const std::vector<std::string> &Errors() const { return errors_; }
  const std::vector<std::string> &Warnings() const { return warnings_; }
  // Syntax errors of the files read.
  base::Diagnostics &Diags() { return diags_; }
  const Module *MainModule() const { return module_ ? &*module_ : nullptr; }

  // Loads one import path as imported from a package in `fromDir` (standard or not).
  Package *Import(const std::string &path, bool fromStandard);

  // The package of the given files (already selected by the caller), named as given in
  // diagnostics: a command's files or directory (talpa build).
  Package *LoadFileList(const std::string &importPath, const std::vector<std::string> &paths);

  base::SourceManager &Sources() { return sources_; }

  // Whether a command depends on runtime even if it does not import it (as the linker
  // makes it, and go list -deps shows; the default). Checking and building today do not
  // need it.
  void SetImplicitRuntime(bool on) { implicitRuntime_ = on; }

  // Where "runtime" is loaded from: talpa's own runtime package (lib/runtime, installed
  // as <resource dir>/src/runtime) for builds; empty (the default) is GOROOT's, which
  // `talpa tool check std` checks.
  void SetRuntimeDir(std::string dir) { runtimeDir_ = std::move(dir); }

private:
  void ReadModule();
  Package *LoadDir(const std::string &importPath, const std::string &dir, bool standard);
  // displayPaths: the names diagnostics use (default: relative to the working directory
  // when inside it).
  void LoadFiles(Package &p, const std::vector<std::string> &paths, bool filter,
                 const std::vector<std::string> *displayPaths = nullptr);
  void LoadImports(Package &p);
  void MatchTree(const std::string &root, const std::string &importRoot, bool standard,
                 bool skipNested, std::vector<Package *> &out);
  std::string DirImportPath(const std::string &absDir, bool *standard) const;
  void CheckCycles(Package *p, std::map<Package *, int> &state, std::vector<Package *> &stack,
                   std::vector<Package *> &order);

  BuildContext ctx_;
  bool implicitRuntime_ = true;
  std::string goroot_, srcRoot_, workDir_, runtimeDir_;
  std::optional<Module> module_;
  std::map<std::string, std::unique_ptr<Package>> packages_;
  std::vector<std::unique_ptr<Package>> commandLine_; // command-line-arguments packages
  std::vector<std::string> errors_, warnings_;
  base::SourceManager sources_;
  base::Diagnostics diags_{sources_};
};

} // namespace talpa::driver

#endif
