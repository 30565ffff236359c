// `talpa tool NAME ...`: the compiler's stages, one at a time, for tools and tests.
#include "compiler/driver/tool.h"

#include "compiler/driver/check.h"
#include "compiler/driver/codegen.h"
#include "compiler/driver/options.h"
#include "compiler/lower/abi.h"
#include "targets/target.h"

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/syntax/parser.h"
#include "compiler/syntax/syntax.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

namespace talpa::driver {

namespace {

const char kParseUsage[] =
    R"(usage: talpa tool parse [-print] [-directives] [-roundtrip] [-stats] file.go...

Parses each file and prints its syntax errors in gc's format.
  -print      write each file back as Go source, re-printed from its syntax tree
  -directives list the compiler directives (//go:..., //line) and what they belong to
  -roundtrip  check that printing and re-parsing each file gives the same tree
  -stats      print the number of files and bytes and the parse rate to stderr
The exit status is 0 if no file had an error, 1 otherwise (2 for bad usage).
)";

// One line per directive: position, text, and the declaration it belongs to.
void PrintDirectives(const base::SourceManager &sources, const syntax::File &f) {
  using syntax::NodeId;
  using syntax::NodeKind;
  for (const syntax::Directive &d : f.directives) {
    const syntax::Comment &c = f.comments[d.comment];
    llvm::outs() << sources.Format(f.id, c.offset) << ": " << f.Text(c);
    if (d.decl) {
      NodeId name;
      const char *what = "";
      switch (f.Kind(d.decl)) {
      case NodeKind::FuncDecl:
        what = "func";
        name = f.B(d.decl);
        break;
      case NodeKind::TypeDecl:
        what = "type";
        name = f.A(d.decl);
        break;
      case NodeKind::VarDecl:
      case NodeKind::ConstDecl:
        what = f.Kind(d.decl) == NodeKind::VarDecl ? "var" : "const";
        name = f.At(f.ListAB(d.decl), 0);
        break;
      case NodeKind::ImportDecl:
        what = "import";
        name = f.B(d.decl);
        break;
      default:
        break;
      }
      llvm::outs() << " (" << what << " " << (name ? f.Text(name) : "?") << ", line "
                   << sources.Position(f.id, syntax::StartPos(f, d.decl)).line << ")";
    }
    llvm::outs() << "\n";
  }
}

int Parse(const std::vector<std::string> &args) {
  bool print = false, roundtrip = false, stats = false, directives = false;
  std::vector<std::string> files;
  for (const auto &a : args) {
    if (a == "-print") {
      print = true;
    } else if (a == "-directives") {
      directives = true;
    } else if (a == "-roundtrip") {
      roundtrip = true;
    } else if (a == "-stats") {
      stats = true;
    } else if (a == "-h" || a == "-help" || a == "--help") {
      llvm::outs() << kParseUsage;
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      llvm::errs() << "talpa tool parse: unknown flag " << a << "\n" << kParseUsage;
      return 2;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    llvm::errs() << kParseUsage;
    return 2;
  }

  auto start = std::chrono::steady_clock::now();
  uint64_t bytes = 0;
  bool failed = false;
  for (const auto &path : files) {
    // One SourceManager per file: memory stays that of the largest file.
    base::SourceManager sources;
    auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    if (!buf) {
      llvm::errs() << "open " << path << ": " << buf.getError().message() << "\n";
      failed = true;
      continue;
    }
    bytes += (*buf)->getBufferSize();
    base::FileId id = sources.Add(path, std::move(*buf));
    base::Diagnostics diags(sources);
    std::unique_ptr<syntax::File> file =
        syntax::Parse(sources, id, diags, syntax::ParseMode::Syntax);
    if (diags.HasErrors()) {
      diags.Print(llvm::errs());
      failed = true;
      continue;
    }
    if (print) llvm::outs() << syntax::Print(*file);
    if (directives) PrintDirectives(sources, *file);
    if (roundtrip) {
      std::string text = syntax::Print(*file);
      base::FileId again = sources.Add(path + " (printed)", std::move(text));
      base::Diagnostics diags2(sources);
      std::unique_ptr<syntax::File> file2 =
          syntax::Parse(sources, again, diags2, syntax::ParseMode::Syntax);
      std::string why;
      if (diags2.HasErrors()) {
        llvm::errs() << path << ": printed source does not parse:\n";
        diags2.Print(llvm::errs());
        failed = true;
      } else if (!syntax::SameTree(*file, *file2, &why)) {
        llvm::errs() << path << ": printed source parses to a different tree: " << why << "\n";
        failed = true;
      }
    }
  }
  if (stats) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    llvm::errs() << llvm::format("parsed %zu files, %llu bytes in %.3f s: %.1f MB/s\n",
                                 files.size(), static_cast<unsigned long long>(bytes), secs,
                                 secs > 0 ? static_cast<double>(bytes) / 1e6 / secs : 0.0);
  }
  return failed ? 1 : 0;
}

const char kAbiUsage[] = R"(usage: talpa tool abi [-target goos/goarch] [-table file]

Prints the layouts of the structs compiled code shares with the runtime
(runtime/include/talpa/abi.h) as the compiler builds them for the target: LLVM types
made from the table tools/abigen generated from the header, laid out by the target's
data layout. The lines have the table's format (talpa-abigen -target prints clang's).
The exit status is 1 if LLVM's layout differs from the table's anywhere; each
difference is reported on stderr.
  -target  the target (default: $GOOS/$GOARCH, else the host)
  -table   check the target's lines of this table (talpa-abigen output) instead of the
           table built into talpa
)";

int Abi(const std::vector<std::string> &args, const Environment &env) {
  std::string table;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "-help" || args[i] == "--help") {
      llvm::outs() << kAbiUsage;
      return 0;
    }
    if (args[i] == "-table" && i + 1 < args.size())
      table = args[++i];
    else
      rest.push_back(args[i]);
  }
  auto options = ParseBuildFlags(rest, /*isRun=*/false);
  if (!options || !options->args.empty()) {
    if (!options) llvm::errs() << "talpa tool abi: " << llvm::toString(options.takeError()) << "\n";
    llvm::errs() << kAbiUsage;
    return 2;
  }
  auto target = LoadTarget(env.resourceDir, options->goos.empty() ? HostGOOS() : options->goos,
                           options->goarch.empty() ? HostGOARCH() : options->goarch);
  if (!target) {
    llvm::errs() << "talpa tool abi: " << llvm::toString(target.takeError()) << "\n";
    return 2;
  }
  auto tm = CreateTargetMachine(*target, /*optimize=*/false);
  if (!tm) {
    llvm::errs() << "talpa tool abi: " << llvm::toString(tm.takeError()) << "\n";
    return 2;
  }
  lower::AbiTargetLayout layout;
  if (table.empty()) {
    const lower::AbiTargetLayout *builtin = lower::AbiLayoutFor(target->triple);
    if (!builtin) {
      llvm::errs() << "talpa tool abi: no layouts for " << target->triple << " built in\n";
      return 1;
    }
    layout = *builtin;
  } else {
    auto text = llvm::MemoryBuffer::getFile(table);
    if (!text) {
      llvm::errs() << "talpa tool abi: " << table << ": " << text.getError().message() << "\n";
      return 2;
    }
    auto parsed = lower::ParseAbiLayout((*text)->getBuffer(), target->name);
    if (!parsed) {
      llvm::errs() << "talpa tool abi: " << table << ": " << llvm::toString(parsed.takeError())
                   << "\n";
      return 2;
    }
    layout = std::move(*parsed);
  }
  llvm::LLVMContext ctx;
  llvm::DataLayout dl = (*tm)->createDataLayout();
  std::vector<llvm::StructType *> types = lower::BuildAbiTypes(ctx, layout);
  lower::PrintAbiLayout(llvm::outs(), layout, types, dl);
  std::vector<std::string> diffs = lower::CheckAbiLayout(layout, types, dl);
  for (const std::string &d : diffs)
    llvm::errs() << "talpa tool abi: " << d << "\n";
  return diffs.empty() ? 0 : 1;
}

} // namespace

const char kToolUsage[] = R"(usage: talpa tool <name> [arguments]

The tools are:

	parse       parse Go files and report syntax errors (talpa tool parse -h)
	check       type-check packages and their dependencies (talpa tool check -h)
	abi         the runtime's shared layouts as the compiler builds them (talpa tool abi -h)
)";

int Tool(const std::vector<std::string> &args, const Environment &env) {
  if (args.empty()) {
    llvm::errs() << kToolUsage;
    return 2;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "parse") return Parse(rest);
  if (args[0] == "check") return ToolCheck(rest, env.goroot);
  if (args[0] == "abi") return Abi(rest, env);
  llvm::errs() << "talpa tool: no such tool \"" << args[0] << "\"\n" << kToolUsage;
  return 2;
}

} // namespace talpa::driver
