// Builds the program's PC table from the DWARF line tables of its objects.
//
// The lowering gives every instruction a debug location (compiler/lower/debuginfo.cpp);
// the code generator writes them as DWARF line rows and inlining records. Here each
// object is read back: for every function symbol with code, the line rows inside it and,
// at each row, the chain of source frames (innermost inlined function first, out to the
// function itself). Identical chains are shared. The result is a small LLVM module of
// constant data (abi.h's pclntab, funcinfo, pcrow, pcframe) whose function entries are
// relocations against the functions' symbols, compiled for the target like any package
// and linked into the program, where runtime/traceback.cpp reads it. Stripping DWARF from
// the executable (-ldflags=-w) leaves the table alone, as gc keeps its pclntab.
#include "compiler/driver/pcln.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "compiler/driver/codegen.h"
#include "llvm/DebugInfo/DIContext.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"

namespace talpa::driver {

namespace {

struct Frame {
  std::string name, file;
  uint32_t line;
  bool operator<(const Frame &o) const {
    return std::tie(name, file, line) < std::tie(o.name, o.file, o.line);
  }
};

struct Function {
  std::string symbol; // as in the IR module (no Mach-O underscore)
  uint64_t size;
  bool noArgs;
  std::vector<std::pair<uint32_t, uint32_t>> rows; // pcoff, first frame index
};

// Whether die's address ranges hold a (in its section).
bool Contains(const llvm::DWARFDie &die, llvm::object::SectionedAddress a) {
  auto ranges = die.getAddressRanges();
  if (!ranges) {
    llvm::consumeError(ranges.takeError());
    return false;
  }
  for (const llvm::DWARFAddressRange &r : *ranges)
    if (r.SectionIndex == a.SectionIndex && r.LowPC <= a.Address && a.Address < r.HighPC)
      return true;
  return false;
}

// The innermost descendant of `parent` with tag `tag` whose ranges hold a, looking
// through lexical blocks; a null DIE if none. Object files put every function in its own
// section at address 0, so ranges are compared with their section.
llvm::DWARFDie FindScope(const llvm::DWARFDie &parent, llvm::object::SectionedAddress a,
                         llvm::dwarf::Tag tag) {
  for (llvm::DWARFDie child : parent.children()) {
    if (child.getTag() == tag && Contains(child, a)) return child;
    if (child.getTag() == llvm::dwarf::DW_TAG_lexical_block && Contains(child, a))
      if (llvm::DWARFDie d = FindScope(child, a, tag)) return d;
  }
  return llvm::DWARFDie();
}

class TableBuilder {
public:
  llvm::Error AddObject(const std::string &path, const llvm::Module &module);
  std::unique_ptr<llvm::Module> Build(llvm::LLVMContext &ctx, llvm::TargetMachine &tm);

private:
  uint32_t Chain(const std::vector<Frame> &chain);
  std::vector<Function> funcs_;
  std::vector<Frame> frames_;                       // chains, flattened
  std::map<std::vector<Frame>, uint32_t> chainIds_; // chain -> index of its first frame
};

uint32_t TableBuilder::Chain(const std::vector<Frame> &chain) {
  auto [it, inserted] = chainIds_.try_emplace(chain, static_cast<uint32_t>(frames_.size()));
  if (inserted) frames_.insert(frames_.end(), chain.begin(), chain.end());
  return it->second;
}

llvm::Error TableBuilder::AddObject(const std::string &path, const llvm::Module &module) {
  auto binary = llvm::object::ObjectFile::createObjectFile(path);
  if (!binary) return binary.takeError();
  const llvm::object::ObjectFile &obj = *binary->getBinary();
  std::unique_ptr<llvm::DWARFContext> dwarf = llvm::DWARFContext::create(obj);
  bool macho = obj.isMachO();

  // Function symbols by section, to size those whose format records no size.
  struct Sym {
    std::string name;
    uint64_t address, size;
    llvm::object::SectionRef section;
  };
  std::vector<Sym> syms;
  for (const llvm::object::SymbolRef &s : obj.symbols()) {
    auto type = s.getType();
    auto name = s.getName();
    auto address = s.getAddress();
    auto section = s.getSection();
    if (!type || !name || !address || !section) {
      llvm::consumeError(type.takeError());
      llvm::consumeError(name.takeError());
      llvm::consumeError(address.takeError());
      llvm::consumeError(section.takeError());
      continue;
    }
    if (*type != llvm::object::SymbolRef::ST_Function || *section == obj.section_end()) continue;
    std::string n = name->str();
    if (macho && !n.empty() && n[0] == '_') n.erase(0, 1);
    const llvm::Function *fn = module.getFunction(n);
    if (!fn || !fn->getSubprogram()) continue; // not compiled Go code
    uint64_t size = obj.isELF() ? llvm::object::ELFSymbolRef(s).getSize() : 0;
    syms.push_back({n, *address, size, **section});
  }
  for (Sym &s : syms) {
    if (s.size) continue;
    uint64_t end = s.section.getAddress() + s.section.getSize();
    for (const llvm::object::SymbolRef &o : obj.symbols()) {
      auto a = o.getAddress();
      auto sec = o.getSection();
      if (!a || !sec) {
        llvm::consumeError(a.takeError());
        llvm::consumeError(sec.takeError());
        continue;
      }
      if (*sec == s.section && *a > s.address && *a < end) end = *a;
    }
    s.size = end - s.address;
  }

  // The line rows of every unit, by section, in address order.
  struct Row {
    uint64_t address;
    uint32_t line;
    size_t seq; // order in the line table: of rows at one address the last one holds
    std::string file;
    llvm::DWARFDie unit;
  };
  std::map<uint64_t, std::vector<Row>> rowsBySection;
  for (const auto &cu : dwarf->compile_units()) {
    const llvm::DWARFDebugLine::LineTable *lt = dwarf->getLineTableForUnit(cu.get());
    if (!lt) continue;
    std::map<uint32_t, std::string> names;
    for (const llvm::DWARFDebugLine::Row &r : lt->Rows) {
      if (r.EndSequence || r.Line == 0) continue;
      auto [it, inserted] = names.try_emplace(r.File);
      if (inserted)
        lt->getFileNameByIndex(r.File, cu->getCompilationDir(),
                               llvm::DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath,
                               it->second);
      std::vector<Row> &rows = rowsBySection[r.Address.SectionIndex];
      rows.push_back({r.Address.Address, r.Line, rows.size(), it->second, cu->getUnitDIE(false)});
    }
  }
  for (auto &[_, rows] : rowsBySection)
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
      return a.address != b.address ? a.address < b.address : a.seq < b.seq;
    });

  for (const Sym &s : syms) {
    Function f;
    f.symbol = s.name;
    f.size = s.size;
    const llvm::Function *fn = module.getFunction(s.name);
    // From the Go function as lowered (debuginfo.cpp), not from fn: dead-argument
    // elimination may have dropped the parameters of a local function.
    f.noArgs = fn->getSubprogram()->getType()->getTypeArray().size() == 0;
    std::string goName = fn->getSubprogram()->getName().str();
    uint64_t section = s.section.getIndex();
    llvm::object::SectionedAddress entry{s.address, section};
    auto it = rowsBySection.find(section);
    if (it == rowsBySection.end()) continue;
    // With line tables only, a function has a DIE only if code was inlined into it.
    llvm::DWARFDie sub;
    bool looked = false;
    for (const Row &row : it->second) {
      if (row.address < s.address || row.address >= s.address + s.size) continue;
      if (!looked) {
        sub = FindScope(row.unit, entry, llvm::dwarf::DW_TAG_subprogram);
        looked = true;
      }
      // The inlined calls at this address, outermost first.
      std::vector<llvm::DWARFDie> path;
      llvm::object::SectionedAddress at{row.address, section};
      for (llvm::DWARFDie scope = sub; scope;) {
        scope = FindScope(scope, at, llvm::dwarf::DW_TAG_inlined_subroutine);
        if (scope) path.push_back(scope);
      }
      // Innermost first: each inlined function at the line of the row or of the call
      // inside it, then the function itself.
      std::vector<Frame> chain;
      std::string file = row.file;
      uint32_t line = row.line;
      for (size_t i = path.size(); i-- > 0;) {
        const char *name = path[i].getSubroutineName(llvm::DINameKind::ShortName);
        chain.push_back({name ? name : "?", file, line});
        uint32_t callFile = 0, callLine = 0, callColumn = 0, discriminator = 0;
        path[i].getCallerFrame(callFile, callLine, callColumn, discriminator);
        line = callLine;
        if (auto *lt = dwarf->getLineTableForUnit(path[i].getDwarfUnit())) {
          std::string name;
          if (lt->getFileNameByIndex(callFile, path[i].getDwarfUnit()->getCompilationDir(),
                                     llvm::DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath,
                                     name))
            file = name;
        }
      }
      chain.push_back({goName, file, line});
      uint32_t pcoff = static_cast<uint32_t>(row.address - s.address);
      uint32_t id = Chain(chain);
      if (!f.rows.empty() && f.rows.back().first == pcoff)
        f.rows.back().second = id;
      else if (f.rows.empty() || f.rows.back().second != id)
        f.rows.push_back({pcoff, id});
    }
    funcs_.push_back(std::move(f));
  }
  return llvm::Error::success();
}

std::unique_ptr<llvm::Module> TableBuilder::Build(llvm::LLVMContext &ctx, llvm::TargetMachine &tm) {
  auto m = std::make_unique<llvm::Module>("talpa.pcln", ctx);
  m->setDataLayout(tm.createDataLayout());
  m->setTargetTriple(tm.getTargetTriple().str());
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type *intptr = m->getDataLayout().getIntPtrType(ctx);
  llvm::PointerType *ptr = llvm::PointerType::get(ctx, 0);

  std::map<std::string, llvm::Constant *> strings;
  auto str = [&](const std::string &s) -> llvm::Constant * {
    auto [it, inserted] = strings.try_emplace(s, nullptr);
    if (inserted) {
      llvm::Constant *data = llvm::ConstantDataArray::getString(ctx, s, true);
      auto *g = new llvm::GlobalVariable(*m, data->getType(), true,
                                         llvm::GlobalValue::PrivateLinkage, data, ".pcln.str");
      g->setAlignment(llvm::Align(1));
      it->second = g;
    }
    return it->second;
  };
  auto array = [&](llvm::Type *elem, std::vector<llvm::Constant *> elems, const char *name) {
    auto *type = llvm::ArrayType::get(elem, elems.size());
    llvm::Constant *g = new llvm::GlobalVariable(*m, type, true, llvm::GlobalValue::PrivateLinkage,
                                                 llvm::ConstantArray::get(type, elems), name);
    return g;
  };

  auto *frameTy = llvm::StructType::get(ctx, {ptr, ptr, i32, i32});
  std::vector<llvm::Constant *> frames;
  // `more`: 1 unless the frame ends its chain.
  std::vector<bool> ends(frames_.size() + 1, false);
  for (auto &[chain, first] : chainIds_)
    ends[first + chain.size() - 1] = true;
  for (size_t i = 0; i < frames_.size(); ++i)
    frames.push_back(
        llvm::ConstantStruct::get(frameTy, {str(frames_[i].name), str(frames_[i].file),
                                            llvm::ConstantInt::get(i32, frames_[i].line),
                                            llvm::ConstantInt::get(i32, ends[i] ? 0 : 1)}));

  auto *rowTy = llvm::StructType::get(ctx, {i32, i32});
  auto *funcTy = llvm::StructType::get(ctx, {ptr, intptr, ptr, i32, i32});
  std::vector<llvm::Constant *> funcs;
  // Deterministic output: functions in symbol order.
  std::sort(funcs_.begin(), funcs_.end(),
            [](const Function &a, const Function &b) { return a.symbol < b.symbol; });
  for (const Function &f : funcs_) {
    std::vector<llvm::Constant *> rows;
    for (auto &[pcoff, frame] : f.rows)
      rows.push_back(llvm::ConstantStruct::get(
          rowTy, {llvm::ConstantInt::get(i32, pcoff), llvm::ConstantInt::get(i32, frame)}));
    llvm::Constant *rowArray =
        rows.empty() ? static_cast<llvm::Constant *>(llvm::ConstantPointerNull::get(ptr))
                     : array(rowTy, rows, ".pcln.rows");
    llvm::Function *entry =
        llvm::Function::Create(llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), false),
                               llvm::GlobalValue::ExternalLinkage, f.symbol, *m);
    funcs.push_back(
        llvm::ConstantStruct::get(funcTy, {entry, llvm::ConstantInt::get(intptr, f.size), rowArray,
                                           llvm::ConstantInt::get(i32, rows.size()),
                                           llvm::ConstantInt::get(i32, f.noArgs ? 1 : 0)}));
  }
  llvm::Constant *funcArray =
      funcs.empty() ? static_cast<llvm::Constant *>(llvm::ConstantPointerNull::get(ptr))
                    : array(funcTy, funcs, ".pcln.funcs");
  llvm::Constant *frameArray =
      frames.empty() ? static_cast<llvm::Constant *>(llvm::ConstantPointerNull::get(ptr))
                     : array(frameTy, frames, ".pcln.frames");
  auto *tabTy = llvm::StructType::get(ctx, {ptr, intptr, ptr});
  new llvm::GlobalVariable(
      *m, tabTy, true, llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantStruct::get(
          tabTy, {funcArray, llvm::ConstantInt::get(intptr, funcs.size()), frameArray}),
      "talpa_pcln");
  return m;
}

} // namespace

void ExposeFunctionsToPCTable(llvm::Module &module) {
  for (llvm::Function &f : module) {
    if (f.isDeclaration() || !f.hasLocalLinkage() || !f.getSubprogram()) continue;
    f.setLinkage(llvm::GlobalValue::ExternalLinkage);
    f.setVisibility(llvm::GlobalValue::HiddenVisibility);
  }
}

llvm::Error WritePCTable(const std::vector<std::string> &objects,
                         const std::vector<const llvm::Module *> &modules, llvm::TargetMachine &tm,
                         const std::string &output) {
  TableBuilder builder;
  for (size_t i = 0; i < objects.size(); ++i)
    if (auto e = builder.AddObject(objects[i], *modules[i])) return e;
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m = builder.Build(ctx, tm);
  // Code compiled with stack checks (compiler/opt/stack_check.cpp) tells the runtime so,
  // here in the one object every program links (runtime/stack.cpp's stackchecks()).
  for (const llvm::Module *module : modules)
    if (module->getModuleFlag("talpa.stackchecks")) {
      auto *i8 = llvm::Type::getInt8Ty(ctx);
      new llvm::GlobalVariable(*m, i8, true, llvm::GlobalValue::ExternalLinkage,
                               llvm::ConstantInt::get(i8, 1), "talpa_stackchecks");
      break;
    }
  return EmitFile(*m, tm, Emit::Object, output);
}

} // namespace talpa::driver
