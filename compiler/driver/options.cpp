// Parses build flags: `-flag value`, `-flag=value`, `--flag`, as Go's flag package accepts.
#include "compiler/driver/options.h"

#include "targets/target.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Process.h"

namespace talpa::driver {

namespace {

llvm::Error Usage(const std::string &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s", message.c_str());
}

// Splits a Go-style space-separated flag list ("-s -w", quoted parts not supported yet).
std::vector<std::string> SplitFields(llvm::StringRef s) {
  llvm::SmallVector<llvm::StringRef, 8> parts;
  s.split(parts, ' ', -1, false);
  std::vector<std::string> out;
  for (auto p : parts)
    if (!p.trim().empty()) out.push_back(p.trim().str());
  return out;
}

} // namespace

llvm::Expected<BuildOptions> ParseBuildFlags(const std::vector<std::string> &args, bool isRun) {
  BuildOptions o;
  if (auto v = llvm::sys::Process::GetEnv("GOOS")) o.goos = *v;
  if (auto v = llvm::sys::Process::GetEnv("GOARCH")) o.goarch = *v;
  if (auto v = llvm::sys::Process::GetEnv("TALPA_PRECISE")) o.precise = *v != "0";

  size_t i = 0;
  for (; i < args.size(); ++i) {
    llvm::StringRef a = args[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (!a.starts_with("-") || a == "-") break;
    llvm::StringRef flag = a.ltrim('-');
    std::string value;
    bool hasValue = false;
    if (auto eq = flag.find('='); eq != llvm::StringRef::npos) {
      value = flag.substr(eq + 1).str();
      flag = flag.substr(0, eq);
      hasValue = true;
    }
    auto takeValue = [&]() -> llvm::Error {
      if (hasValue) return llvm::Error::success();
      if (i + 1 >= args.size()) return Usage("flag needs an argument: -" + flag.str());
      value = args[++i];
      return llvm::Error::success();
    };
    if (flag == "o") {
      if (auto e = takeValue()) return std::move(e);
      o.output = value;
    } else if (flag == "target") {
      if (auto e = takeValue()) return std::move(e);
      auto [goos, goarch] = llvm::StringRef(value).split('/');
      if (goos.empty() || goarch.empty())
        return Usage("malformed -target \"" + value + "\": want goos/goarch");
      o.goos = goos.str();
      o.goarch = goarch.str();
    } else if (flag == "tags") {
      if (auto e = takeValue()) return std::move(e);
      llvm::SmallVector<llvm::StringRef, 4> tags;
      llvm::StringRef(value).split(tags, ',', -1, false);
      for (auto t : tags)
        o.tags.push_back(t.trim().str());
    } else if (flag == "ldflags") {
      if (auto e = takeValue()) return std::move(e);
      std::vector<std::string> fields = SplitFields(value);
      for (size_t k = 0; k < fields.size(); ++k) {
        llvm::StringRef f = fields[k];
        if (f == "-s") {
          o.stripSymbols = true;
        } else if (f == "-w") {
          o.stripDebug = true;
        } else if (f == "-X" || f.starts_with("-X=")) {
          // -X importpath.name=value, or -X=importpath.name=value
          std::string def =
              f == "-X" ? (k + 1 < fields.size() ? fields[++k] : "") : f.drop_front(3).str();
          auto [name, text] = llvm::StringRef(def).split('=');
          if (def.find('=') == std::string::npos || name.empty())
            return Usage("-ldflags: -X flag requires argument of the form importpath.name=value");
          o.stringDefs[name.str()] = text.str();
        } else {
          return Usage("-ldflags: talpa: not yet supported: " + f.str());
        }
      }
    } else if (flag == "gcflags") {
      if (auto e = takeValue()) return std::move(e);
      for (const auto &f : SplitFields(value)) {
        if (f == "-N")
          o.optimize = false;
        else if (f == "-e")
          o.allErrors = true;
        else if (f == "-l")
          continue; // inlining is LLVM's decision; accepted for scripts
        else if (f == "-stackcheck=1" || f == "-stackcheck=0")
          o.stackChecks = f.back() == '1' ? 1 : 0;
        else if (llvm::StringRef(f).starts_with("-lang="))
          o.lang = f.substr(6);
        else if (f == "-precise=1" || f == "-precise=0")
          o.precise = f.back() == '1';
        else
          return Usage("-gcflags: talpa: not yet supported: " + f);
      }
    } else if (flag == "emit-llvm") {
      o.emit = Emit::LLVM;
    } else if (flag == "emit-asm") {
      o.emit = Emit::Assembly;
    } else if (flag == "emit-obj") {
      o.emit = Emit::Object;
    } else if (flag == "work") {
      o.keepWork = true;
    } else {
      return Usage("flag provided but not defined: -" + flag.str());
    }
  }

  // Files (or one directory); for `run`, what follows the .go files is the program's.
  for (; i < args.size(); ++i) {
    if (isRun && !o.args.empty() && !llvm::StringRef(args[i]).ends_with(".go")) break;
    o.args.push_back(args[i]);
  }
  for (; i < args.size(); ++i)
    o.programArgs.push_back(args[i]);
  return o;
}

BuildContext ContextFor(const BuildOptions &options) {
  BuildContext ctx;
  ctx.goos = options.goos.empty() ? HostGOOS() : options.goos;
  ctx.goarch = options.goarch.empty() ? HostGOARCH() : options.goarch;
  ctx.tags = options.tags;
  return ctx;
}

} // namespace talpa::driver
