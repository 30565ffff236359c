// talpa-link: a test driver for linker/, linking prebuilt objects for one target exactly as
// `talpa build` does after code generation. Not installed; used by linker/test only.
//
//   talpa-link -target goos/goarch -o out -runtime-dir DIR [-s] [-w] [-buildid HEX]
//              [-scratch DIR] [-resource-dir DIR] [-repeat N] obj...
//
// -repeat N links N times in this one process (to test that lld is re-entered safely, and
// refused after a fatal failure); the status is that of the last link.
#include <cstdio>
#include <string>

#include "linker/link.h"
#include "targets/target.h"
#include "llvm/ADT/StringRef.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: talpa-link -target goos/goarch -o out -runtime-dir dir [-s] [-w]\n"
               "                  [-buildid hex] [-scratch dir] [-resource-dir dir] [-repeat n]\n"
               "                  obj...\n");
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  std::string target, resourceDir = talpa::ResourceDir(argv[0]), repeat = "1";
  talpa::linker::LinkRequest request;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    auto value = [&](std::string &into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    bool ok = true;
    if (arg == "-target")
      ok = value(target);
    else if (arg == "-o")
      ok = value(request.output);
    else if (arg == "-runtime-dir")
      ok = value(request.runtimeDir);
    else if (arg == "-buildid")
      ok = value(request.buildID);
    else if (arg == "-scratch")
      ok = value(request.scratchDir);
    else if (arg == "-resource-dir")
      ok = value(resourceDir);
    else if (arg == "-repeat")
      ok = value(repeat);
    else if (arg == "-s")
      request.stripSymbols = true;
    else if (arg == "-w")
      request.stripDebug = true;
    else if (arg.starts_with("-"))
      ok = false;
    else
      request.objects.push_back(arg.str());
    if (!ok) return Usage();
  }
  auto [goos, goarch] = llvm::StringRef(target).split('/');
  unsigned times = 0;
  if (goos.empty() || goarch.empty() || request.output.empty() ||
      llvm::StringRef(repeat).getAsInteger(10, times) || times == 0)
    return Usage();

  llvm::Expected<talpa::Target> t = talpa::LoadTarget(resourceDir, goos.str(), goarch.str());
  if (!t) {
    std::fprintf(stderr, "talpa-link: %s\n", llvm::toString(t.takeError()).c_str());
    return 2;
  }
  request.target = &*t;
  std::string warnings;
  request.warnings = &warnings;
  int status = 0;
  for (unsigned i = 0; i < times; ++i) {
    warnings.clear();
    status = 0;
    if (llvm::Error e = talpa::linker::Link(request)) {
      std::fprintf(stderr, "%s\n", llvm::toString(std::move(e)).c_str());
      status = 1;
    } else if (!warnings.empty()) {
      std::fprintf(stderr, "%s\n", warnings.c_str());
    }
  }
  return status;
}
