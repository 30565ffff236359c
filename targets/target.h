// Target descriptions: one JSON file per GOOS/GOARCH under lib/talpa/targets, read here.
#ifndef TALPA_TARGETS_TARGET_H
#define TALPA_TARGETS_TARGET_H

#include <string>
#include <vector>

#include "llvm/Support/Error.h"

namespace talpa {

enum class ObjectFormat { ELF, COFF, MachO };

// How this machine runs a target's executables in tests.
enum class RunMode { Native, Qemu, Wine, Inspect };

struct Target {
  std::string name;     // "linux_amd64"
  std::string goos;     // "linux"
  std::string goarch;   // "amd64"
  std::string triple;   // LLVM triple
  std::string cpu;      // LLVM CPU name
  std::string features; // LLVM feature string, "+a,+b"
  std::string abi;      // LLVM ABI name where it matters (riscv64: lp64d), else empty
  ObjectFormat format = ObjectFormat::ELF;
  std::string exeSuffix; // ".exe" on windows
  std::string macosMin;  // darwin only: minimum OS version, "11.0.0"
  RunMode run = RunMode::Native;
  std::string runner; // for Qemu/Wine: the command ("qemu-aarch64", "wine")
};

// The directory holding <goos>_<goarch>.json files and the runtime archives, found
// relative to the running talpa binary (bin/talpa -> lib/talpa).
std::string ResourceDir(const char *argv0);

// Loads the target `goos`/`goarch` from `resourceDir`/targets. An unknown pair is an
// error whose message is the one `talpa build` prints.
llvm::Expected<Target> LoadTarget(const std::string &resourceDir, const std::string &goos,
                                  const std::string &goarch);

// Every target described under `resourceDir`/targets, sorted by name.
llvm::Expected<std::vector<Target>> LoadAllTargets(const std::string &resourceDir);

// The host's GOOS/GOARCH as Go spells them (the default when none is given).
std::string HostGOOS();
std::string HostGOARCH();

} // namespace talpa

#endif
