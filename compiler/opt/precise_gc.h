// Precise stack maps for compiled Go frames (docs/runtime/gc.md "Stack scanning").
#ifndef TALPA_OPT_PRECISE_GC_H
#define TALPA_OPT_PRECISE_GC_H

#include <cstdint>

namespace llvm {
class Module;
}

namespace talpa::opt {

// The name of talpa's GC strategy (a function attribute `gc "talpa"`): statepoints, and
// every pointer of address space 0 is a pointer the collector may need to see.
inline constexpr const char *kGCStrategyName = "talpa";

// The statepoint ID of a call site: its function's index among the module's precise
// functions (in module order) in the high bits, the call's index in the low 16.
inline constexpr uint64_t kStatepointIdShift = 16;
// A record with this ID (low bits) lists the function's stack objects (allocas that may
// hold pointers): a Direct location (its frame address) then a Constant (its size) each.
inline constexpr uint64_t kStackObjectsId = 0xffff;
// A record with this ID lists the function's defer frame (abi::deferframe) as a Direct
// location: the registers its ctx saved are copies, never roots (docs/runtime/gc.md).
inline constexpr uint64_t kDeferFrameId = 0xfffe;
// A record with this ID describes the rest of the frame (docs/runtime/gc.md "Stack
// scanning", precise frames): a Constant, the most words any call of the function may
// pass on the stack, then every static alloca as a Direct location and a Constant size.
// The driver counts every other word of the frame's body (spill slots, padding) dead at
// each call site but the pointer slots live there.
inline constexpr uint64_t kFrameId = 0xfffd;

// Rewrites every Go function of the module (a function with debug info) whose pointers
// the rewrite can track into one whose calls are statepoints: at each call that may
// reach the collector, the pointers live across it are in stack slots listed in the
// object's .llvm_stackmaps section. Runs after the optimization pipeline. Returns the
// number of functions rewritten.
unsigned MakeStackMaps(llvm::Module &module);

} // namespace talpa::opt

#endif // TALPA_OPT_PRECISE_GC_H
