// Debug locations: the line table the runtime's tracebacks are made from.
//
// Every module gets a compile unit with line tables only (no types or variables yet):
// one DISubprogram per function, named as gc names it in a traceback ("main.f",
// "main.init"), and a DILocation on every instruction, set by LocationScope from the
// statement or expression being lowered. The code generator turns these into DWARF line
// rows; the driver reads them back from the object and writes the PC table the runtime
// symbolizes with (compiler/driver/pcln.cpp, docs/runtime/traceback.md), so the table
// survives -ldflags=-w, which drops the DWARF itself. On windows the module asks for
// DWARF too, not CodeView: the driver reads one format on every target.
#include "compiler/lower/context.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace talpa::lower {

DebugInfo::DebugInfo(ModuleContext &m, const base::SourceManager &sources)
    : m_(m), sources_(sources), builder_(*m.module) {
  m.module->addModuleFlag(llvm::Module::Warning, "Dwarf Version", 4);
  m.module->addModuleFlag(llvm::Module::Warning, "Debug Info Version",
                          llvm::DEBUG_METADATA_VERSION);
  llvm::DIFile *file = File(0);
  unit_ = builder_.createCompileUnit(llvm::dwarf::DW_LANG_Go, file, "talpa", true, "", 0, "",
                                     llvm::DICompileUnit::LineTablesOnly);
  emptyType_ = builder_.createSubroutineType(builder_.getOrCreateTypeArray({}));
  argsType_ = builder_.createSubroutineType(builder_.getOrCreateTypeArray({nullptr, nullptr}));
}

DebugInfo::~DebugInfo() = default;

void DebugInfo::Finish() { builder_.finalize(); }

// The DIFile of the package's file `file`, by absolute path, as gc records it.
llvm::DIFile *DebugInfo::File(uint32_t file) {
  auto it = files_.find(file);
  if (it != files_.end()) return it->second;
  std::string_view path =
      m_.pkg.files.empty() ? std::string_view("<none>") : sources_.Path(m_.pkg.files[file]->id);
  llvm::SmallString<256> abs(path);
  llvm::sys::fs::make_absolute(abs);
  llvm::sys::path::remove_dots(abs, true);
  llvm::DIFile *f =
      builder_.createFile(llvm::sys::path::filename(abs), llvm::sys::path::parent_path(abs));
  files_[file] = f;
  return f;
}

llvm::DISubprogram *DebugInfo::Subprogram(llvm::Function *fn, std::string_view goName,
                                          uint32_t file, uint32_t pos) {
  uint32_t line = Line(file, pos).line;
  llvm::DISubprogram *sp = builder_.createFunction(
      unit_, goName, fn->getName(), File(file), line, fn->arg_empty() ? emptyType_ : argsType_,
      line, llvm::DINode::FlagZero, llvm::DISubprogram::SPFlagDefinition);
  fn->setSubprogram(sp);
  return sp;
}

// The scope of a location in `file` inside sp: sp itself, or a lexical block file when
// the function's code comes from several files (package initialization).
llvm::DIScope *DebugInfo::Scope(llvm::DISubprogram *sp, uint32_t file) {
  llvm::DIFile *f = File(file);
  if (sp->getFile() == f) return sp;
  llvm::DILexicalBlockFile *&block = blocks_[{sp, f}];
  if (!block) block = builder_.createLexicalBlockFile(sp, f);
  return block;
}

base::LineColumn DebugInfo::Line(uint32_t file, uint32_t pos) const {
  if (m_.pkg.files.empty()) return {0, 0};
  return sources_.Position(m_.pkg.files[file]->id, pos);
}

void FunctionContext::StartDebug(std::string_view goName, NodeId decl) {
  if (!m.debug) return;
  uint32_t pos = decl ? F()[decl].pos : 0;
  subprogram = m.debug->Subprogram(fn, goName, file, pos);
  SetLocation(pos);
}

void FunctionContext::SetLocation(uint32_t pos) {
  if (!subprogram) return;
  base::LineColumn lc = m.debug->Line(file, pos);
  b.SetCurrentDebugLocation(
      llvm::DILocation::get(m.ctx, lc.line, lc.column, m.debug->Scope(subprogram, file)));
}

LocationScope::LocationScope(FunctionContext &fc, NodeId n)
    : fc_(fc), saved_(fc.b.getCurrentDebugLocation()) {
  if (fc.subprogram && n) fc.SetLocation(fc.F()[n].pos);
}

LocationScope::~LocationScope() {
  if (fc_.subprogram) fc_.b.SetCurrentDebugLocation(saved_);
}

} // namespace talpa::lower
