// Link(): checks the request, picks the lld driver for the target's object format, runs it
// in-process with its output captured, and moves the finished executable into place.
//
// lld as a library is entered through lld::lldMain, which runs the chosen driver inside a
// CrashRecoveryContext. lld reports ordinary errors (undefined symbols, bad flags) and
// returns; its "fatal" errors (unreadable inputs, corrupt objects) and crashes instead
// unwind to that context, skipping lld's clean-up, and lldMain then says the process
// cannot run lld again. We honour that: such a failure poisons the layer for the rest of
// the process. One link per `talpa build` is the common case, so this costs nothing there.
//
// lld writes the executable through a FileOutputBuffer (a temporary file renamed on
// commit), but it may delete an existing output before it knows the link will succeed.
// We therefore point lld at a private directory beside the output, keeping the file's
// base name (Mach-O code signatures record it as the identifier), and rename the result
// over the real output only after lld succeeded: a failed link leaves no file, and the
// previous executable untouched.
#include "linker/link.h"

#include <cstdlib>
#include <mutex>
#include <optional>
#include <utility>

#include "linker/flavor.h"
#include "lld/Common/Driver.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

LLD_HAS_DRIVER(elf)
LLD_HAS_DRIVER(coff)
LLD_HAS_DRIVER(macho)

namespace talpa::linker {

namespace {

// lld's drivers share global state: one link at a time.
std::mutex linkMutex;
// Set once lld reported it cannot be re-entered; holds the reason.
std::string poisoned;

// Runs lld on argv. lld's stdout is dropped (it only carries output we never request);
// its stderr becomes the error message on failure and `warnings` on success.
llvm::Error RunLld(const std::vector<std::string> &argv, std::string *warnings) {
  std::vector<const char *> args;
  args.reserve(argv.size());
  for (const std::string &a : argv)
    args.push_back(a.c_str());

  std::string out, err;
  llvm::raw_string_ostream outStream(out), errStream(err);
  // Without this the context cannot catch lld's exitLld() or a signal, and a fatal error
  // would end the whole process. Enabling is idempotent and process-wide; the handlers
  // only act while a recovery context is running.
  llvm::CrashRecoveryContext::Enable();
  lld::Result result = lld::lldMain(args, outStream, errStream,
                                    {{lld::Gnu, &lld::elf::link},
                                     {lld::WinLink, &lld::coff::link},
                                     {lld::Darwin, &lld::macho::link}});
  outStream.flush();
  errStream.flush();
  std::string message = llvm::StringRef(err).trim().str();
  // A signal caught by the recovery context comes back as 128 + its number.
  if (!result.canRunAgain && result.retCode > 128) {
    if (!message.empty()) message += "\n";
    message += argv[0] + ": crashed (signal " + std::to_string(result.retCode - 128) + ")";
  }

  // canRunAgain can also be false after a successful link, if tearing lld's state down
  // failed: the executable is good, only later links are refused.
  if (!result.canRunAgain)
    poisoned = message.empty() ? std::string("lld's clean-up failed") : message;
  if (result.retCode == 0) {
    if (warnings) *warnings = message;
    return llvm::Error::success();
  }
  if (message.empty())
    return LinkError("%s failed with status %d and no message", argv[0].c_str(), result.retCode);
  return LinkError("%s", message.c_str());
}

// Sets `name` to `value`, or removes it when `value` is null.
void SetEnv(const char *name, const char *value) {
#ifdef _WIN32
  _putenv_s(name, value ? value : "");
#else
  if (value)
    ::setenv(name, value, /*overwrite=*/1);
  else
    ::unsetenv(name);
#endif
}

// lld-link, like link.exe, splices the contents of the LINK and _LINK_ environment
// variables into its command line, so a developer's MSVC settings would change (or break)
// talpa's windows links. This hides them for the duration of the link. It touches the
// environment only when one is set; the driver should not read it from other threads then.
class HiddenLinkEnvironment {
public:
  HiddenLinkEnvironment() {
    for (const char *name : {"LINK", "_LINK_"})
      if (const char *value = std::getenv(name)) {
        saved_.emplace_back(name, value);
        SetEnv(name, nullptr);
      }
  }
  ~HiddenLinkEnvironment() {
    for (const auto &[name, value] : saved_)
      SetEnv(name.c_str(), value.c_str());
  }

private:
  std::vector<std::pair<std::string, std::string>> saved_;
};

bool IsHex(llvm::StringRef s) {
  return !s.empty() && s.size() % 2 == 0 &&
         llvm::all_of(s, [](char c) { return llvm::isHexDigit(c); });
}

// Parses an object's headers with LLVM's object readers, which bounds-check what lld's
// readers trust: a truncated or corrupt object (a damaged cache entry, say) then gets a
// clear error here instead of sending lld down its fatal path, or reading past the end of
// the file. Bitcode (LTO builds) is left to lld.
llvm::Error CheckObject(const std::string &path) {
  llvm::file_magic magic;
  if (std::error_code ec = llvm::identify_magic(path, magic))
    return LinkError("link: cannot open object file %s: %s", path.c_str(), ec.message().c_str());
  if (magic == llvm::file_magic::bitcode) return llvm::Error::success();
  auto object = llvm::object::ObjectFile::createObjectFile(path);
  if (!object)
    return LinkError("link: %s: %s", path.c_str(), llvm::toString(object.takeError()).c_str());
  return llvm::Error::success();
}

llvm::Error CheckRequest(const LinkRequest &r) {
  if (!r.target) return LinkError("link: no target given");
  if (r.output.empty()) return LinkError("link: no output path given");
  if (r.objects.empty()) return LinkError("link: no object files given");
  llvm::StringRef id(r.buildID);
  id.consume_front("0x");
  if (!r.buildID.empty() && !IsHex(id))
    return LinkError("link: build ID \"%s\" is not an even number of hex digits",
                     r.buildID.c_str());
  for (const std::string &o : r.objects)
    if (llvm::Error e = CheckObject(o)) return e;
  return llvm::Error::success();
}

} // namespace

llvm::Error Link(const LinkRequest &request) {
  if (llvm::Error e = CheckRequest(request)) return e;
  std::lock_guard<std::mutex> lock(linkMutex);
  if (!poisoned.empty())
    return LinkError("link: the in-process linker cannot run again after an earlier fatal "
                     "failure in this process:\n%s",
                     poisoned.c_str());

  // 1. The runtime archive for this target, which supplies the entry point.
  llvm::SmallString<256> archive(request.runtimeDir);
  llvm::sys::path::append(archive, "libtalpart.a");
  if (!llvm::sys::fs::is_regular_file(archive))
    return LinkError("link: runtime archive %s not found (runtime not built for %s/%s?)",
                     archive.c_str(), request.target->goos.c_str(), request.target->goarch.c_str());

  // 2. A scratch directory for generated inputs: the caller's, or a private one.
  std::string scratch = request.scratchDir;
  bool ownScratch = scratch.empty();
  if (ownScratch) {
    llvm::SmallString<256> dir;
    if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("talpa-link", dir))
      return LinkError("link: cannot create a scratch directory: %s", ec.message().c_str());
    scratch = std::string(dir);
  } else if (std::error_code ec = llvm::sys::fs::create_directories(scratch)) {
    return LinkError("link: cannot create %s: %s", scratch.c_str(), ec.message().c_str());
  }
  auto removeScratch = llvm::make_scope_exit([&] {
    if (ownScratch) llvm::sys::fs::remove_directories(scratch);
  });

  // 3. A private directory beside the output (same file system, so the final rename is
  // atomic) in which lld writes the executable under its final base name.
  llvm::SmallString<256> output(request.output);
  llvm::sys::fs::make_absolute(output);
  llvm::StringRef outDir = llvm::sys::path::parent_path(output);
  llvm::StringRef base = llvm::sys::path::filename(output);
  llvm::SmallString<256> stage;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory((outDir + "/." + base + ".link").str(), stage))
    return LinkError("link: cannot write in %s: %s", outDir.str().c_str(), ec.message().c_str());
  auto removeStage = llvm::make_scope_exit([&] { llvm::sys::fs::remove_directories(stage); });
  llvm::SmallString<256> staged(stage);
  llvm::sys::path::append(staged, base);

  // 4. The format's command line, then lld.
  FlavorInput in{request, std::string(staged), std::string(archive), scratch};
  llvm::Expected<std::vector<std::string>> argv = [&] {
    switch (request.target->format) {
    case ObjectFormat::ELF:
      return ElfCommandLine(in);
    case ObjectFormat::COFF:
      return CoffCommandLine(in);
    case ObjectFormat::MachO:
      return MachOCommandLine(in);
    }
    return llvm::Expected<std::vector<std::string>>(LinkError("link: unknown object format"));
  }();
  if (!argv) return argv.takeError();
  {
    std::optional<HiddenLinkEnvironment> hidden;
    if (request.target->format == ObjectFormat::COFF) hidden.emplace();
    if (llvm::Error e = RunLld(*argv, request.warnings)) return e;
  }

  // 5. Publish.
  if (std::error_code ec = llvm::sys::fs::rename(staged, output))
    return LinkError("link: cannot move the executable to %s: %s", output.c_str(),
                     ec.message().c_str());
  return llvm::Error::success();
}

} // namespace talpa::linker
