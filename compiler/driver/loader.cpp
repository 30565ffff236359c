// The package loader. A package is a directory: its .go files that the build constraints
// select (test files out; with cgo off, files importing "C" are ignored as go/build's
// IgnoredGoFiles), each parsed for its imports. Import paths resolve as Go 1.19's go
// command resolves them in module mode: a path whose first element has no dot is in
// GOROOT/src, golang.org/x/... imported from the standard library is in GOROOT/src/vendor,
// and paths under the main module (or a local replace) are directories of that module.
// Dependencies load transitively and come out depth first, each after its imports.
#include "compiler/driver/loader.h"

#include <algorithm>
#include <functional>
#include <set>

#include "compiler/syntax/scanner.h"
#include "compiler/syntax/syntax.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace talpa::driver {
namespace {

bool IsDir(const std::string &path) { return llvm::sys::fs::is_directory(path); }

std::string Join(llvm::StringRef a, llvm::StringRef b) {
  llvm::SmallString<256> p(a);
  llvm::sys::path::append(p, b);
  return std::string(p);
}

std::string Clean(const std::string &path, const std::string &base) {
  llvm::SmallString<256> p(path);
  if (!llvm::sys::path::is_absolute(p)) {
    p = base;
    llvm::sys::path::append(p, path);
  }
  llvm::sys::path::remove_dots(p, /*remove_dot_dot=*/true);
  return std::string(p);
}

// The entries of a directory, sorted by name; `dirs` says which are directories.
std::vector<std::string> ReadDir(const std::string &dir, std::vector<bool> *dirs) {
  std::vector<std::pair<std::string, bool>> entries;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    std::string name = llvm::sys::path::filename(it->path()).str();
    entries.push_back({name, IsDir(it->path())});
  }
  std::sort(entries.begin(), entries.end());
  std::vector<std::string> names;
  for (auto &[n, d] : entries) {
    names.push_back(n);
    if (dirs) dirs->push_back(d);
  }
  return names;
}

// Whether the first element of an import path has a dot (a module path, not std's).
bool FirstElemHasDot(llvm::StringRef path) { return path.split('/').first.contains('.'); }

// Whether `path` is `prefix` or inside it.
bool HasPathPrefix(llvm::StringRef path, llvm::StringRef prefix) {
  return path == prefix ||
         (path.starts_with(prefix) && path.size() > prefix.size() && path[prefix.size()] == '/');
}

bool HasSeparatorPrefix(llvm::StringRef path, llvm::StringRef dir) {
  return path == dir || (path.starts_with(dir) && path.size() > dir.size() &&
                         (dir.ends_with("/") || path[dir.size()] == '/'));
}

// The key of talpa's runtime package among the loaded packages (its import path is
// "runtime", which GOROOT's may hold at the same time).
constexpr const char *kTalpaRuntimeKey = "talpa:runtime";

} // namespace

Loader::Loader(BuildContext ctx, std::string goroot, std::string workDir)
    : ctx_(std::move(ctx)), goroot_(std::move(goroot)), workDir_(std::move(workDir)) {
  srcRoot_ = Join(goroot_, "src");
  // Go 1.19's default experiments on register-ABI architectures, as the go command passes
  // them to go/build as tool tags.
  static const char *const kRegabi[] = {"amd64", "arm64", "ppc64", "ppc64le", "riscv64"};
  for (const char *arch : kRegabi)
    if (ctx_.goarch == arch) {
      ctx_.tags.push_back("goexperiment.regabiwrappers");
      ctx_.tags.push_back("goexperiment.regabiargs");
    }
  ReadModule();
}

// go.mod, found upward from the working directory: the module, go and local replace lines.
void Loader::ReadModule() {
  llvm::SmallString<256> dir(workDir_);
  while (true) {
    std::string mod = Join(dir, "go.mod");
    if (llvm::sys::fs::is_regular_file(mod)) {
      auto buf = llvm::MemoryBuffer::getFile(mod);
      if (!buf) {
        errors_.push_back("go: reading " + mod + ": " + buf.getError().message());
        return;
      }
      Module m;
      m.dir = std::string(dir);
      llvm::SmallVector<llvm::StringRef, 32> lines;
      (*buf)->getBuffer().split(lines, '\n');
      bool inReplace = false;
      for (llvm::StringRef line : lines) {
        line = line.split("//").first.trim();
        if (line.empty()) continue;
        if (inReplace && line == ")") {
          inReplace = false;
          continue;
        }
        llvm::StringRef rest = line;
        if (!inReplace) {
          auto [verb, after] = line.split(' ');
          rest = after.trim();
          if (verb == "module") {
            m.path = rest.trim('"').str();
            continue;
          }
          if (verb == "go") {
            m.goVersion = rest.str();
            continue;
          }
          if (verb != "replace") continue;
          if (rest == "(") {
            inReplace = true;
            continue;
          }
        }
        auto [from, to] = rest.split("=>");
        from = from.trim().split(' ').first;
        to = to.trim();
        if (to.starts_with("./") || to.starts_with("../") || to.starts_with("/"))
          m.replaces.push_back({from.str(), Clean(to.split(' ').first.str(), m.dir)});
      }
      if (m.path.empty())
        errors_.push_back("go: " + mod + ": no module declaration in go.mod");
      else
        module_ = std::move(m);
      return;
    }
    if (!llvm::sys::path::has_parent_path(dir) || llvm::sys::path::parent_path(dir) == dir) return;
    dir = llvm::sys::path::parent_path(dir);
  }
}

Package *Loader::Import(const std::string &path, bool fromStandard) {
  // The standard library's copies of golang.org/x packages.
  std::string importPath = path;
  if (fromStandard && FirstElemHasDot(path)) importPath = "vendor/" + path;
  // talpa's runtime package for the program's own packages; the standard library's
  // packages keep GOROOT's, which they are written against (lowering them is issue 7's
  // work; until then they are only type-checked, and refused as imports).
  if (importPath == "runtime" && !runtimeDir_.empty() && !fromStandard) {
    auto &slot = packages_[kTalpaRuntimeKey];
    if (slot) return slot.get();
    Package *p = LoadDir(kTalpaRuntimeKey, runtimeDir_, true);
    p->importPath = "runtime";
    p->talpaRuntime = true;
    return p;
  }
  if (auto it = packages_.find(importPath); it != packages_.end()) return it->second.get();

  if (path == "unsafe" || !FirstElemHasDot(importPath)) {
    std::string dir = Join(srcRoot_, importPath);
    if (IsDir(dir) || !module_ || !HasPathPrefix(path, module_->path))
      return LoadDir(importPath, dir, true);
  }
  if (module_) {
    if (HasPathPrefix(path, module_->path)) {
      std::string rel = path.substr(module_->path.size());
      return LoadDir(path, module_->dir + rel, false);
    }
    for (auto &[from, to] : module_->replaces)
      if (HasPathPrefix(path, from)) return LoadDir(path, to + path.substr(from.size()), false);
  }
  auto p = std::make_unique<Package>();
  p->importPath = path;
  p->error = "no required module provides package " + path + "; to add it:\n\tgo get " + path;
  if (!module_)
    p->error = "cannot find package \"" + path +
               "\" (go.mod file not found in current "
               "directory or any parent directory)";
  return (packages_[path] = std::move(p)).get();
}

Package *Loader::LoadDir(const std::string &importPath, const std::string &dir, bool standard) {
  auto &slot = packages_[importPath];
  if (slot) return slot.get();
  slot = std::make_unique<Package>();
  Package &p = *slot;
  p.importPath = importPath;
  p.standard = standard;
  if (!IsDir(dir)) {
    p.error = standard ? "package " + importPath + " is not in GOROOT (" + dir + ")"
                       : "no required module provides package " + importPath +
                             "; to add it:\n\tgo get " + importPath;
    return &p;
  }
  p.dir = dir;
  std::vector<bool> isDir;
  std::vector<std::string> names = ReadDir(dir, &isDir), paths;
  for (size_t i = 0; i < names.size(); ++i) {
    if (isDir[i]) continue;
    llvm::StringRef n(names[i]);
    if (n.ends_with(".go")) {
      paths.push_back(Join(dir, names[i]));
    } else if (n.ends_with(".s") && !p.hasAsm) {
      // Assembly for this target gives bodies to declared functions.
      auto buf = llvm::MemoryBuffer::getFile(Join(dir, names[i]), /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false);
      if (buf) {
        // (A _test.s file is still one of the package's SFiles for go/build.)
        FileConstraint c = ShouldBuild(names[i], (*buf)->getBuffer(), ctx_);
        p.hasAsm = c.match;
      }
    }
  }
  LoadFiles(p, paths, true);
  LoadImports(p);
  return &p;
}

// Chooses the package's files (with `filter`, by the build constraints) and collects the
// imports of those it keeps into p.imports/p.importPos (source paths, not yet resolved).
void Loader::LoadFiles(Package &p, const std::vector<std::string> &paths, bool filter,
                       const std::vector<std::string> *displayPaths) {
  size_t index = 0;
  bool excluded = false, hasTests = false;
  std::string pkgName, firstFile;
  std::map<std::string, std::string> importAt; // source path -> first position
  for (const auto &path : paths) {
    size_t pathIndex = index++;
    std::string name = llvm::sys::path::filename(path).str();
    auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    if (!buf) {
      // A system error as Go spells it: strerror's text with a lowercase first letter.
      std::string text = buf.getError().message();
      if (!text.empty()) text[0] = static_cast<char>(std::tolower(text[0]));
      p.error = "open " + (displayPaths ? (*displayPaths)[pathIndex] : path) + ": " + text;
      return;
    }
    if (filter) {
      FileConstraint c = ShouldBuild(name, (*buf)->getBuffer(), ctx_);
      if (c.isTest) {
        // Only a directory with neither files nor tests is go/build's NoGoError.
        hasTests = hasTests || c.match;
        continue;
      }
      if (!c.error.empty()) {
        p.error = path + ":" + std::to_string(c.errorLine) + ": " + c.error;
        return;
      }
      if (!c.match) {
        excluded = true;
        continue;
      }
    }
    std::string display = path;
    if (displayPaths) {
      display = (*displayPaths)[pathIndex];
    } else if (HasSeparatorPrefix(path, workDir_) && path.size() > workDir_.size()) {
      display = path.substr(workDir_.size() + (llvm::StringRef(workDir_).ends_with("/") ? 0 : 1));
    }
    base::FileId id = sources_.Add(display, std::move(*buf));
    auto file = syntax::Parse(sources_, id, diags_, syntax::ParseMode::Compile);
    std::string thisPkg(file->packageName ? file->Text(file->packageName) : "");
    if (filter && thisPkg == "documentation") continue; // go/build ignores these
    bool usesC = false;
    std::vector<std::pair<std::string, std::string>> imports;
    for (syntax::NodeId d : llvm::make_range(file->begin(file->decls), file->end(file->decls))) {
      if (file->Kind(d) != syntax::NodeKind::ImportDecl || !file->B(d)) continue;
      std::string ip = syntax::StringLitValue(file->Text(file->B(d)));
      if (ip == "C") {
        usesC = true;
        continue;
      }
      // Positions as go prints them: relative to the working directory when inside it.
      std::string at = sources_.Format(id, file->Pos(file->B(d)));
      if (HasSeparatorPrefix(at, workDir_) && at.size() > workDir_.size())
        at = at.substr(workDir_.size() + (llvm::StringRef(workDir_).ends_with("/") ? 0 : 1));
      if (!ip.empty()) imports.push_back({ip, at}); // "" is the checker's error
    }
    if (usesC && !ctx_.cgo && filter) continue;
    if (pkgName.empty()) {
      pkgName = thisPkg;
      firstFile = name;
    } else if (thisPkg != pkgName && p.error.empty()) {
      p.error = "found packages " + pkgName + " (" + firstFile + ") and " + thisPkg + " (" + name +
                ") in " + p.dir;
    }
    p.name = pkgName;
    p.goFiles.push_back(name);
    p.files.push_back(std::move(file));
    for (auto &[ip, at] : imports)
      importAt.emplace(ip, at);
  }
  if (p.goFiles.empty() && p.error.empty() && !hasTests) {
    p.error = (excluded ? "build constraints exclude all Go files in " : "no Go files in ") + p.dir;
    return;
  }
  for (auto &[ip, at] : importAt) {
    p.imports.push_back(ip);
    p.importPos.push_back(at);
  }
}

// Resolves and loads the package's imports (sorted by source path already).
void Loader::LoadImports(Package &p) {
  for (size_t i = 0; i < p.imports.size(); ++i) {
    Package *dep = Import(p.imports[i], p.standard);
    p.imports[i] = dep->importPath;
    // A package that is not there is reported at the import that names it.
    if (dep->dir.empty() && !dep->error.empty() && !dep->errorPositioned) {
      dep->error = p.importPos[i] + ": " + dep->error;
      dep->errorPositioned = true;
    }
    p.deps.push_back(dep);
  }
  // The linker's implicit dependency: a command depends on runtime (go list -deps shows
  // it), though its files need not import it.
  if (p.name == "main" && implicitRuntime_) p.deps.push_back(Import("runtime", true));
}

// The import path of a directory: under GOROOT/src a standard path, under the module its
// path; empty outside both.
std::string Loader::DirImportPath(const std::string &absDir, bool *standard) const {
  *standard = false;
  if (HasSeparatorPrefix(absDir, srcRoot_) && absDir != srcRoot_) {
    *standard = true;
    return absDir.substr(srcRoot_.size() + 1);
  }
  if (module_ && HasSeparatorPrefix(absDir, module_->dir))
    return module_->path + absDir.substr(module_->dir.size());
  return "";
}

// Every package in the tree at `root` (whose import path is `importRoot`): directories with
// buildable files; testdata, vendor (outside std) and _ or . directories are skipped, and so
// are nested modules when `skipNested`.
void Loader::MatchTree(const std::string &root, const std::string &importRoot, bool standard,
                       bool skipNested, std::vector<Package *> &out) {
  std::vector<bool> isDir;
  std::vector<std::string> names = ReadDir(root, &isDir);
  bool hasGo = false;
  for (size_t i = 0; i < names.size(); ++i)
    if (!isDir[i] && llvm::StringRef(names[i]).ends_with(".go")) hasGo = true;
  // As the go command: "builtin" exists only for documentation, and without cgo the walk
  // leaves runtime/cgo out.
  if (standard && (importRoot == "builtin" || (importRoot == "runtime/cgo" && !ctx_.cgo)))
    hasGo = false;
  if (hasGo && !importRoot.empty()) {
    Package *p = LoadDir(importRoot, root, standard);
    bool noGo = llvm::StringRef(p->error).starts_with("no Go files in ") ||
                llvm::StringRef(p->error).starts_with("build constraints exclude all Go files");
    if (!noGo) out.push_back(p);
  }
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string &n = names[i];
    if (!isDir[i] || n[0] == '_' || n[0] == '.' || n == "testdata") continue;
    if (standard && importRoot.empty() && n == "cmd") continue;
    if (!standard && n == "vendor") continue;
    std::string sub = Join(root, n);
    if (skipNested && llvm::sys::fs::exists(Join(sub, "go.mod"))) continue;
    MatchTree(sub, importRoot.empty() ? n : importRoot + "/" + n, standard, skipNested, out);
  }
}

std::vector<Package *> Loader::LoadPatterns(const std::vector<std::string> &patterns) {
  std::vector<Package *> roots;
  std::vector<std::string> goFiles;
  for (const auto &pat : patterns) {
    llvm::StringRef ref(pat);
    std::vector<Package *> matched;
    bool wildcard = ref.ends_with("/...") || ref == "...";
    if (ref.ends_with(".go")) {
      goFiles.push_back(pat);
      continue;
    }
    if (pat == "std") {
      MatchTree(srcRoot_, "", true, false, matched);
    } else if (ref.starts_with(".") || llvm::sys::path::is_absolute(ref)) {
      std::string dir = Clean(wildcard ? ref.drop_back(4).str() : pat, workDir_);
      if (ref == "...") dir = workDir_;
      bool standard = false;
      std::string ip = DirImportPath(dir, &standard);
      if (ip.empty() && !(module_ && dir == module_->dir)) {
        errors_.push_back("directory " + pat + " outside main module or its selected dependencies");
        continue;
      }
      if (wildcard)
        MatchTree(dir, ip, standard, !standard, matched);
      else if (!IsDir(dir))
        errors_.push_back("stat " + dir + ": directory not found");
      else
        matched.push_back(LoadDir(ip, dir, standard));
    } else if (wildcard) {
      std::string prefix = ref.drop_back(4).str();
      if (!FirstElemHasDot(prefix) && IsDir(Join(srcRoot_, prefix)))
        MatchTree(Join(srcRoot_, prefix), prefix, true, false, matched);
      else if (module_ && HasPathPrefix(prefix, module_->path))
        MatchTree(module_->dir + prefix.substr(module_->path.size()), prefix, false, true, matched);
    } else {
      matched.push_back(Import(pat, false));
    }
    if (matched.empty() && wildcard)
      warnings_.push_back("go: warning: \"" + pat + "\" matched no packages");
    for (Package *p : matched)
      if (std::find(roots.begin(), roots.end(), p) == roots.end()) roots.push_back(p);
  }
  if (!goFiles.empty()) {
    roots.push_back(LoadFileList("command-line-arguments", goFiles));
  }
  return roots;
}

Package *Loader::LoadFileList(const std::string &importPath,
                              const std::vector<std::string> &paths) {
  auto p = std::make_unique<Package>();
  p->importPath = importPath;
  std::vector<std::string> abs;
  for (const auto &f : paths)
    abs.push_back(Clean(f, workDir_));
  p->dir = std::string(llvm::sys::path::parent_path(abs.front()));
  bool standard = false;
  DirImportPath(p->dir, &standard);
  p->standard = standard;
  LoadFiles(*p, abs, false, &paths);
  LoadImports(*p);
  commandLine_.push_back(std::move(p));
  return commandLine_.back().get();
}

// Depth first from each root: a package comes after its imports. Meeting a package still
// on the stack is an import cycle, reported (as go does) on the package that closes it,
// with the chain of imports from the root.
void Loader::CheckCycles(Package *p, std::map<Package *, int> &state, std::vector<Package *> &stack,
                         std::vector<Package *> &order) {
  state[p] = 1;
  stack.push_back(p);
  for (Package *d : p->deps) {
    int s = state[d];
    if (s == 0) {
      CheckCycles(d, state, stack, order);
    } else if (s == 1 && d->error.empty()) {
      d->cycleTail.clear();
      for (size_t i = std::find(stack.begin(), stack.end(), d) - stack.begin() + 1;
           i < stack.size(); ++i)
        d->cycleTail += "\n\timports " + stack[i]->importPath;
      d->cycleTail += "\n\timports " + d->importPath + ": import cycle not allowed";
      d->error = "package " + d->importPath + d->cycleTail;
      d->cycleOf = d;
      if (stack.front() != d) {
        // The root reaches the cycle from outside it: its own error names the way in.
        std::string msg = "package " + stack.front()->importPath;
        for (size_t i = 1; stack[i] != d; ++i)
          msg += "\n\timports " + stack[i]->importPath;
        stack.front()->error = msg + "\n\timports " + d->importPath + d->cycleTail;
        stack.front()->cycleOf = d;
      }
    } else if (s == 2 && !d->cycleTail.empty() && stack.front()->error.empty()) {
      // A root that reaches a cycle from outside it reports the chain from itself.
      std::string msg = "package " + stack.front()->importPath;
      for (size_t i = 1; i < stack.size(); ++i)
        msg += "\n\timports " + stack[i]->importPath;
      stack.front()->error = msg + "\n\timports " + d->importPath + d->cycleTail;
      stack.front()->cycleOf = d;
    }
  }
  stack.pop_back();
  state[p] = 2;
  order.push_back(p);
}

std::vector<Package *> Loader::Deps(const std::vector<Package *> &roots) {
  std::map<Package *, int> state;
  std::vector<Package *> stack, order;
  for (Package *r : roots)
    if (!state[r]) CheckCycles(r, state, stack, order);
  return order;
}

} // namespace talpa::driver
