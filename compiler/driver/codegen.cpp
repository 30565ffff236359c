// Creates target machines from talpa's target descriptions, optimizes and emits modules.
#include "compiler/driver/codegen.h"

#include <algorithm>
#include <string_view>

#include "compiler/opt/heap_to_stack.h"
#include "compiler/opt/stack_check.h"

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Triple.h"

namespace talpa::driver {

namespace {

void InitializeTargets() {
  static bool done = [] {
    // Only the back ends for architectures talpa targets are linked in use.
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser(); // inline assembly with instructions (precise_gc.cpp)
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
    LLVMInitializeAArch64AsmParser();
    LLVMInitializeRISCVTargetInfo();
    LLVMInitializeRISCVTarget();
    LLVMInitializeRISCVTargetMC();
    LLVMInitializeRISCVAsmPrinter();
    LLVMInitializeRISCVAsmParser();
    return true;
  }();
  (void)done;
}

} // namespace

llvm::Expected<std::unique_ptr<llvm::TargetMachine>> CreateTargetMachine(const Target &target,
                                                                         bool optimize) {
  InitializeTargets();
  std::string error;
  llvm::Triple triple(target.triple);
  const llvm::Target *llvmTarget = llvm::TargetRegistry::lookupTarget(target.triple, error);
  if (!llvmTarget)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "target %s: %s",
                                   target.triple.c_str(), error.c_str());
  llvm::TargetOptions options;
  options.MCOptions.ABIName = target.abi;
  options.FunctionSections = true; // lets the linker drop unused functions
  options.DataSections = true;
  // A trap after every call that does not return (and at every unreachable): a function
  // whose last instruction is such a call (runtime.panicmem for *(*int)(nil) = 0, a callee
  // LLVM proved never returns) would otherwise leave a return address that is the next
  // function's entry, and runtime.Callers + FuncForPC would name the wrong function (gc
  // pads such calls the same way).
  options.TrapUnreachable = true;
  options.NoTrapAfterNoreturn = false;
  // Static, non-PIE executables on linux. darwin requires PIE, and windows images are
  // linked /dynamicbase /highentropyva, so they may load above 4 GiB: both need
  // RIP/PC-relative addressing, which the PIC model gives.
  std::optional<llvm::Reloc::Model> reloc = llvm::Reloc::Static;
  if (target.format != ObjectFormat::ELF) reloc = llvm::Reloc::PIC_;
  auto level = optimize ? llvm::CodeGenOptLevel::Default : llvm::CodeGenOptLevel::None;
  std::unique_ptr<llvm::TargetMachine> tm(llvmTarget->createTargetMachine(
      target.triple, target.cpu, target.features, options, reloc, std::nullopt, level));
  if (!tm)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot create a target machine for %s", target.triple.c_str());
  return tm;
}

void InternalizeMainPackage(llvm::Module &module) {
  static constexpr std::string_view kHooks[] = {
#define GO_HOOK(Id, Symbol) Symbol,
#include "talpa/runtime.def"
#undef GO_HOOK
  };
  for (llvm::Function &f : module) {
    if (f.isDeclaration() || !f.hasExternalLinkage() || !f.getName().starts_with("main.")) continue;
    if (std::find(std::begin(kHooks), std::end(kHooks), std::string_view(f.getName())) !=
        std::end(kHooks))
      continue;
    f.setLinkage(llvm::GlobalValue::InternalLinkage);
  }
}

void Optimize(llvm::Module &module, llvm::TargetMachine &tm, bool optimize, bool stackChecks) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  opt::RegisterPasses(pb);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = optimize
                                    ? pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2)
                                    : pb.buildO0DefaultPipeline(llvm::OptimizationLevel::O0);
  // Last, so that the functions checked are those left after inlining.
  if (stackChecks) mpm.addPass(opt::StackCheckPass());
  mpm.run(module, mam);
}

llvm::Error EmitFile(llvm::Module &module, llvm::TargetMachine &tm, Emit kind,
                     const std::string &path) {
  std::error_code ec;
  auto flags = kind == Emit::Object ? llvm::sys::fs::OF_None : llvm::sys::fs::OF_Text;
  llvm::ToolOutputFile out(path, ec, flags); // deletes the file unless kept
  if (ec) return llvm::createStringError(ec, "open %s: %s", path.c_str(), ec.message().c_str());
  if (kind == Emit::LLVM) {
    module.print(out.os(), nullptr);
  } else {
    llvm::legacy::PassManager pm;
    auto type = kind == Emit::Assembly ? llvm::CodeGenFileType::AssemblyFile
                                       : llvm::CodeGenFileType::ObjectFile;
    if (tm.addPassesToEmitFile(pm, out.os(), nullptr, type))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s: cannot emit this file type",
                                     module.getTargetTriple().c_str());
    pm.run(module);
  }
  out.os().flush();
  if (out.os().has_error())
    return llvm::createStringError(out.os().error(), "write %s", path.c_str());
  out.keep();
  return llvm::Error::success();
}

} // namespace talpa::driver
