// The program's stack map table (runtime/include/talpa/abi.h `gctab`), built from the
// .llvm_stackmaps sections of its compiled objects (docs/runtime/gc.md "Stack scanning").
#ifndef TALPA_DRIVER_STACKMAP_H
#define TALPA_DRIVER_STACKMAP_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "llvm/IR/Module.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Error.h"

namespace talpa::driver {

class StackMapBuilder {
public:
  // A compiled function of an object: its symbol (as in the IR module) and its code.
  struct Code {
    std::string symbol;
    llvm::StringRef bytes;
  };
  // Reads obj's stack map section (absent: nothing to do); `module` is the IR the object
  // was compiled from, `code` its functions.
  llvm::Error AddObject(const llvm::object::ObjectFile &obj, const llvm::Module &module,
                        const std::vector<Code> &code);
  // Defines `talpa_gctab` in m (an empty table if no object had stack maps).
  void Emit(llvm::Module &m) const;

private:
  struct Site {
    uint32_t pcoff;
    std::vector<std::pair<int32_t, int32_t>>
        dead; // words dead here: frame offset, count; ascending
    std::vector<std::pair<int32_t, int32_t>>
        objects; // stack objects scanned only if reached: frame offset, words (within dead)
  };
  struct Func {
    std::string symbol;
    uint64_t size;
    bool spBased; // offsets from the stack pointer at the call (windows), else the frame pointer
    std::vector<Site> sites;
  };
  std::vector<Func> funcs_;
};

} // namespace talpa::driver

#endif // TALPA_DRIVER_STACKMAP_H
