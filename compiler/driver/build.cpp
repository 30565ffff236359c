// The build pipeline, step by step, and `talpa run` on top of it.
#include "compiler/driver/build.h"
#include "compiler/driver/check.h"
#include "compiler/driver/constraint.h"
#include "compiler/driver/loader.h"

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/driver/codegen.h"
#include "compiler/driver/pcln.h"
#include "compiler/lower/lower.h"
#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"
#include "linker/link.h"
#include "targets/target.h"

#include "llvm/BinaryFormat/Magic.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cctype>

namespace talpa::driver {

namespace {

// Prints a one-line driver error, as the go command does, and returns its exit status.
int Fail(const llvm::Twine &message) {
  llvm::errs() << "talpa: " << message << "\n";
  return 2;
}

int Fail(llvm::Error error) { return Fail(llvm::toString(std::move(error))); }

// The files named on the command line (taken as they are, as go build takes them), or the
// .go files of one directory that the target's build constraints select (go/build's
// rules: file-name suffixes, //go:build and // +build lines, -tags; test files left out).
struct PackageFiles {
  std::vector<std::string> paths;
  std::string displayName; // "command-line-arguments" or the directory
  std::string defaultOutput;
};

llvm::Expected<PackageFiles> FindFiles(const BuildOptions &options, const Target &target) {
  PackageFiles files;
  std::vector<std::string> args = options.args;
  if (args.empty()) args.push_back(".");
  auto err = [](const llvm::Twine &m) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s", m.str().c_str());
  };
  if (args.size() == 1 && llvm::sys::fs::is_directory(args[0])) {
    BuildContext ctx;
    ctx.goos = target.goos;
    ctx.goarch = target.goarch;
    ctx.tags = options.tags;
    size_t excluded = 0;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(args[0], ec), end; it != end && !ec;
         it.increment(ec)) {
      llvm::StringRef name = llvm::sys::path::filename(it->path());
      if (!name.ends_with(".go") || name.ends_with("_test.go")) continue;
      auto buf = llvm::MemoryBuffer::getFile(it->path(), /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false);
      if (!buf) return err("open " + it->path() + ": " + buf.getError().message());
      FileConstraint c = ShouldBuild(name.str(), (*buf)->getBuffer(), ctx);
      if (!c.error.empty())
        return err(it->path() + ":" + std::to_string(c.errorLine) + ": " + c.error);
      if (c.match && !c.isTest)
        files.paths.push_back(it->path());
      else
        ++excluded;
    }
    if (ec) return err("open " + args[0] + ": " + ec.message());
    std::sort(files.paths.begin(), files.paths.end());
    if (files.paths.empty())
      return err(excluded ? "build constraints exclude all Go files in " + args[0]
                          : "no Go files in " + args[0]);
    llvm::SmallString<256> abs(args[0]);
    llvm::sys::fs::make_absolute(abs);
    llvm::sys::path::remove_dots(abs, true);
    files.displayName = args[0];
    files.defaultOutput = llvm::sys::path::filename(abs).str();
    return files;
  }
  for (const auto &a : args) {
    if (!llvm::StringRef(a).ends_with(".go"))
      return err(llvm::sys::fs::is_directory(a)
                     ? "cannot build more than one directory: " + a + " (talpa: not yet supported)"
                     : "named files must be .go files: " + a);
    files.paths.push_back(a);
  }
  files.displayName = "command-line-arguments";
  files.defaultOutput = llvm::sys::path::stem(args[0]).str();
  return files;
}

// The executable path: -o as given (a directory gets the default name inside it),
// else the default name in the current directory.
std::string OutputPath(const BuildOptions &options, const PackageFiles &files,
                       const Target &target) {
  std::string name = files.defaultOutput + target.exeSuffix;
  if (options.output.empty()) return name;
  if (llvm::StringRef(options.output).ends_with("/") ||
      llvm::sys::fs::is_directory(options.output)) {
    llvm::SmallString<256> p(options.output);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
  return options.output;
}

// Never replace a user's file that is not something a build wrote: a source file or any
// existing file that is not an executable or object (gc refuses the same way).
llvm::Error CheckOutputIsReplaceable(const std::string &output, const PackageFiles &files) {
  auto err = [](const llvm::Twine &m) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s", m.str().c_str());
  };
  for (const auto &p : files.paths)
    if (llvm::sys::fs::equivalent(p, output))
      return err("-o " + output + " would overwrite source file " + p);
  if (!llvm::sys::fs::exists(output)) return llvm::Error::success();
  if (!llvm::sys::fs::is_regular_file(output))
    return err("build output \"" + output + "\" already exists and is not a regular file");
  llvm::file_magic magic;
  if (llvm::identify_magic(output, magic)) return llvm::Error::success();
  switch (magic) {
  case llvm::file_magic::elf_executable:
  case llvm::file_magic::elf_relocatable:
  case llvm::file_magic::pecoff_executable:
  case llvm::file_magic::macho_executable:
  case llvm::file_magic::macho_object:
  case llvm::file_magic::coff_object:
    return llvm::Error::success();
  default: {
    uint64_t size = 0;
    llvm::sys::fs::file_size(output, size);
    if (size == 0) return llvm::Error::success();
    return err("build output \"" + output + "\" already exists and is not an object file");
  }
  }
}

// A scratch directory for objects and generated link inputs, removed when done.
class ScratchDir {
public:
  llvm::Error Create(bool keep) {
    keep_ = keep;
    llvm::SmallString<256> p;
    if (auto ec = llvm::sys::fs::createUniqueDirectory("talpa-build", p))
      return llvm::createStringError(ec, "cannot create a scratch directory: %s",
                                     ec.message().c_str());
    path_ = std::string(p);
    if (keep_) llvm::errs() << "WORK=" << path_ << "\n";
    return llvm::Error::success();
  }
  ~ScratchDir() {
    if (!path_.empty() && !keep_) llvm::sys::fs::remove_directories(path_);
  }
  const std::string &path() const { return path_; }

private:
  std::string path_;
  bool keep_ = false;
};

std::string ResolveGOOS(const BuildOptions &o) { return o.goos.empty() ? HostGOOS() : o.goos; }
std::string ResolveGOARCH(const BuildOptions &o) {
  return o.goarch.empty() ? HostGOARCH() : o.goarch;
}

} // namespace

Environment LoadEnvironment(const char *argv0) {
  Environment env;
  env.resourceDir = ResourceDir(argv0);
  if (auto v = llvm::sys::Process::GetEnv("GOROOT"))
    env.goroot = *v;
  else
    env.goroot = TALPA_DEFAULT_GOROOT;
  if (auto v = llvm::sys::Process::GetEnv("TALPA_CACHE")) {
    env.cacheDir = *v;
  } else {
    llvm::SmallString<256> p;
    if (auto x = llvm::sys::Process::GetEnv("XDG_CACHE_HOME"); x && !x->empty())
      p = *x;
    else if (llvm::sys::path::home_directory(p))
      llvm::sys::path::append(p, ".cache");
    llvm::sys::path::append(p, "talpa");
    env.cacheDir = std::string(p);
  }
  return env;
}

int Build(const BuildOptions &options, const Environment &env, std::string *exePath) {
  // 1. The target: -target, else $GOOS/$GOARCH, else the host.
  auto target = LoadTarget(env.resourceDir, ResolveGOOS(options), ResolveGOARCH(options));
  if (!target) return Fail(target.takeError());

  // 2. The package's files, and where the result goes.
  auto files = FindFiles(options, *target);
  if (!files) return Fail(files.takeError());
  std::string output = options.emit == Emit::Executable
                           ? OutputPath(options, *files, *target)
                           : (options.output.empty() ? "-" : options.output);
  if (output != "-")
    if (auto e = CheckOutputIsReplaceable(output, *files)) return Fail(std::move(e));

  // 3. Load the package's files and, transitively, the packages they import (GOROOT's
  // standard library, the go.mod module), each parsed once.
  if (!llvm::sys::fs::is_directory(env.goroot + "/src"))
    return Fail("cannot find the Go source tree: " + env.goroot +
                "/src is not a directory (set $GOROOT to a Go 1.19 source tree, such as "
                "Debian's golang-1.19-src at /usr/share/go-1.19)");
  BuildContext ctx;
  ctx.goos = target->goos;
  ctx.goarch = target->goarch;
  ctx.tags = options.tags;
  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  Loader loader(ctx, env.goroot, std::string(cwd));
  loader.SetImplicitRuntime(false);
  // "runtime" is talpa's own package (lib/runtime), installed beside the runtime archives.
  loader.SetRuntimeDir(env.resourceDir + "/src/runtime");
  Package *root = loader.LoadFileList(files->displayName, files->paths);

  // 4. Type-check them, imports first; any error stops here with gc's diagnostics.
  CheckOptions checkOptions;
  checkOptions.allErrors = options.allErrors;
  checkOptions.lang = options.lang;
  CheckedProgram program;
  if (!CheckPackages(loader, {root}, checkOptions, program, llvm::errs())) return 2;
  types::Package *package = program.packages[root].get();

  // 5. Lower to LLVM IR for the target machine and check the module's invariants.
  auto tm = CreateTargetMachine(*target, options.optimize);
  if (!tm) return Fail(tm.takeError());
  llvm::LLVMContext context;
  lower::LowerOptions lowerOptions;
  lowerOptions.stringDefs = options.stringDefs;
  std::vector<std::string> lowerErrors;
  lowerOptions.errors = &lowerErrors;
  base::Diagnostics diags(loader.Sources());
  if (options.allErrors) diags.ReportAll();
  lowerOptions.diags = &diags;
  lowerOptions.sources = &loader.Sources();
  // talpa's runtime package, when the program imports it, is lowered into a module of its
  // own and linked with the program's (lower/imports.cpp).
  std::vector<const types::Package *> linked;
  for (auto &[p, checked] : program.packages)
    if (p->talpaRuntime) linked.push_back(checked.get());
  lowerOptions.linked.packages = linked;
  std::unique_ptr<llvm::Module> module = lower::Lower(*package, context, **tm, lowerOptions);
  std::vector<std::unique_ptr<llvm::Module>> linkedModules;
  if (module && !diags.HasErrors())
    for (const types::Package *p : linked) {
      lower::LowerOptions o;
      o.linked.externalFunctions = true;
      o.diags = &diags;
      o.sources = &loader.Sources();
      linkedModules.push_back(lower::Lower(*p, context, **tm, o));
      if (!linkedModules.back()) break;
    }
  for (auto &lm : linkedModules)
    if (!lm) module.reset();
  // What the lowering does not implement yet is reported like a type error.
  if (!module || diags.HasErrors()) {
    llvm::errs() << "# " << files->displayName << "\n";
    diags.Print(llvm::errs());
    return 2;
  }
  if (!lowerErrors.empty()) return Fail(lowerErrors.front());
  std::string broken;
  llvm::raw_string_ostream brokenOS(broken);
  if (llvm::verifyModule(*module, &brokenOS))
    return Fail("internal compiler error: invalid LLVM IR:\n" + broken);
  for (auto &lm : linkedModules)
    if (llvm::verifyModule(*lm, &brokenOS))
      return Fail("internal compiler error: invalid LLVM IR:\n" + broken);

  // 6. Optimize; -emit-llvm/-emit-asm/-emit-obj stop after writing that file (the
  // program's package only). An executable's main package is internalized (whole-program
  // knowledge: nothing else links against it); -emit-* shows every function as lowered.
  // Every module gets the prologue stack checks (compiler/opt/stack_check.cpp) unless
  // -gcflags=-stackcheck=0: goroutine stacks are segments that grow only through them.
  if (package->name == "main" && options.emit == Emit::Executable) InternalizeMainPackage(*module);
  bool stackChecks = options.stackChecks != 0;
  Optimize(*module, **tm, options.optimize, stackChecks);
  for (auto &lm : linkedModules)
    Optimize(*lm, **tm, options.optimize, stackChecks);
  if (options.emit != Emit::Executable) {
    if (auto e = EmitFile(*module, **tm, options.emit, output)) return Fail(std::move(e));
    return 0;
  }

  // A package other than main compiles but makes no executable, as with go build; go run
  // refuses it.
  if (package->name != "main") {
    if (exePath) {
      llvm::errs() << "package " << files->displayName << " is not a main package\n";
      return 1;
    }
    return 0;
  }

  // 7. Emit the package's object into a scratch directory.
  ScratchDir scratch;
  if (auto e = scratch.Create(options.keepWork)) return Fail(std::move(e));
  std::string object = scratch.path() + "/main.o";
  ExposeFunctionsToPCTable(*module);
  if (auto e = EmitFile(*module, **tm, Emit::Object, object)) return Fail(std::move(e));
  std::vector<std::string> objects = {object};
  std::vector<const llvm::Module *> modules = {module.get()};
  for (auto &lm : linkedModules) {
    objects.push_back(scratch.path() + "/" + lm->getModuleIdentifier() + ".o");
    ExposeFunctionsToPCTable(*lm);
    if (auto e = EmitFile(*lm, **tm, Emit::Object, objects.back())) return Fail(std::move(e));
    modules.push_back(lm.get());
  }

  // 8. The PC table tracebacks are symbolized with, from the objects' line tables.
  std::string pcln = scratch.path() + "/pcln.o";
  if (auto e = WritePCTable(objects, modules, **tm, pcln)) return Fail(std::move(e));

  // 9. Link with the target's runtime archive, in-process.
  linker::LinkRequest link;
  link.target = &*target;
  link.objects = objects;
  link.objects.push_back(pcln);
  link.runtimeDir = env.resourceDir + "/runtime/" + target->name;
  link.output = output;
  link.stripSymbols = options.stripSymbols;
  link.stripDebug = options.stripDebug;
  link.scratchDir = scratch.path();
  if (auto e = linker::Link(link)) return Fail(std::move(e));
  if (exePath) *exePath = output;
  return 0;
}

int Run(const BuildOptions &options, const Environment &env) {
  auto target = LoadTarget(env.resourceDir, ResolveGOOS(options), ResolveGOARCH(options));
  if (!target) return Fail(target.takeError());
  if (target->run == RunMode::Inspect)
    return Fail("cannot run " + target->goos + "/" + target->goarch +
                " executables on this machine");
  if (options.args.empty()) return Fail("no go files listed");

  ScratchDir scratch;
  if (auto e = scratch.Create(options.keepWork)) return Fail(std::move(e));
  BuildOptions build = options;
  build.output =
      scratch.path() + "/" + llvm::sys::path::stem(options.args[0]).str() + target->exeSuffix;
  std::string exe;
  if (int status = Build(build, env, &exe)) return status;

  std::vector<std::string> argv;
  if (!target->runner.empty()) {
    auto runner = llvm::sys::findProgramByName(target->runner);
    if (!runner)
      return Fail("cannot run " + target->name + " executables: " + target->runner + " not found");
    argv.push_back(*runner);
  }
  argv.push_back(exe);
  argv.insert(argv.end(), options.programArgs.begin(), options.programArgs.end());
  std::vector<llvm::StringRef> refs(argv.begin(), argv.end());
  std::string error;
  int status = llvm::sys::ExecuteAndWait(argv[0], refs, std::nullopt, {}, 0, 0, &error);
  if (status < 0) return Fail("run " + exe + ": " + error);
  if (status != 0) {
    // As `go run`: report the child's status and fail with 1.
    llvm::errs() << "exit status " << status << "\n";
    return 1;
  }
  return 0;
}

} // namespace talpa::driver
