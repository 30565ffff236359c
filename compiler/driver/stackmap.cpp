// Builds the program's stack map table from the .llvm_stackmaps sections of its objects.
//
// With -gcflags=-precise=1 every call site of a Go function that may reach the collector
// is a statepoint (compiler/opt/precise_gc.cpp) and the code generator lists, per call
// site, the stack slots holding the pointers live across it. Here those lists become,
// per call site, the slots that hold pointers of the function but are dead there: the
// runtime scans a frame conservatively except for those words (docs/runtime/gc.md "Stack
// scanning"). Offsets are made relative to the frame pointer (the runtime walks frames by
// it), except on windows, where the unwinder gives each frame's stack pointer.
//
// A record's function is the high bits of its ID (the function's index among the
// module's precise functions); a function whose slots cannot be placed (a pointer kept in
// a register, a stack pointer offset in a frame of variable size, a prologue not
// understood) gets no entry, and its frames stay conservative.
#include "compiler/driver/stackmap.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "compiler/opt/precise_gc.h"
#include "talpa/abi.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/StackMapParser.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"

namespace talpa::driver {

namespace {

// An arm64 prologue as LLVM emits it: the stack pointer decrements (sub, pre-indexed
// stp/str) and the callee-saved stores up to the instruction that sets x29 from sp.
// nullopt if the prologue is not of those shapes.
struct Arm64Prologue {
  int64_t fp = 0;             // the frame pointer relative to the canonical frame address
  int64_t lowest = INT64_MAX; // the lowest save, as an offset from the CFA
  bool savesOffSP = false;    // a store at an offset from another base than sp
};
std::optional<Arm64Prologue> ReadArm64Prologue(llvm::StringRef code) {
  Arm64Prologue p;
  int64_t dec = 0;
  for (size_t i = 0; i + 4 <= code.size() && i < 4 * 32; i += 4) {
    uint32_t insn = uint32_t(uint8_t(code[i])) | uint32_t(uint8_t(code[i + 1])) << 8 |
                    uint32_t(uint8_t(code[i + 2])) << 16 | uint32_t(uint8_t(code[i + 3])) << 24;
    auto imm12 = [&] { return int64_t((insn >> 10) & 0xfff) << (((insn >> 22) & 1) * 12); };
    auto simm = [&](unsigned shift, unsigned bits) {
      int64_t v = (insn >> shift) & ((1u << bits) - 1);
      if (v & (int64_t(1) << (bits - 1))) v -= int64_t(1) << bits;
      return v;
    };
    bool fromSP = ((insn >> 5) & 31) == 31;
    if ((insn & 0xff8003ff) == 0xd10003ff) { // sub sp, sp, #imm
      dec += imm12();
    } else if ((insn & 0xffc003e0) == 0xa98003e0 || (insn & 0xffc003e0) == 0x6d8003e0) {
      dec -= simm(15, 7) * 8; // stp x/d, x/d, [sp, #-n]!
      p.lowest = std::min(p.lowest, -dec);
    } else if ((insn & 0xffe00fe0) == 0xf8000fe0 || (insn & 0xffe00fe0) == 0xfc000fe0) {
      dec -= simm(12, 9); // str x/d, [sp, #-n]!
      p.lowest = std::min(p.lowest, -dec);
    } else if ((insn & 0xff8003ff) == 0x910003fd) { // add x29, sp, #imm (mov x29, sp)
      p.fp = dec - imm12();
      return p;
    } else if ((insn & 0xffc00000) == 0xa9000000 || (insn & 0xffc00000) == 0x6d000000) {
      if (fromSP) p.lowest = std::min(p.lowest, -dec + simm(15, 7) * 8); // stp [sp, #n]
      p.savesOffSP = p.savesOffSP || !fromSP;
    } else if ((insn & 0xffc00000) == 0xf9000000 || (insn & 0xffc00000) == 0xfd000000) {
      if (fromSP) p.lowest = std::min(p.lowest, -dec + int64_t((insn >> 10) & 0xfff) * 8);
      p.savesOffSP = p.savesOffSP || !fromSP; // str x/d, [base, #n]
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// Where the frame pointer is relative to the canonical frame address (the stack pointer
// before the call that entered the function), from an arm64 prologue.
std::optional<int64_t> Arm64FrameOffset(llvm::StringRef code) {
  auto p = ReadArm64Prologue(code);
  if (!p) return std::nullopt;
  return p->fp;
}

// A windows/amd64 prologue: it pushes registers, lowers rsp by n, sets rbp with
// `lea k(%rsp), %rbp`, then saves the xmm registers it uses of xmm6-15 with movaps at
// rbp-relative offsets. nullopt if the prologue is not of that shape.
struct WinPrologue {
  int64_t k = 0, n = 0;       // rbp - rsp, the bytes below the pushes
  std::vector<int64_t> saves; // the xmm saves, as offsets from rsp (16 bytes each)
};
std::optional<WinPrologue> ReadWinPrologue(llvm::StringRef code) {
  auto byte = [&](size_t i) { return i < code.size() ? uint8_t(code[i]) : uint8_t(0); };
  auto imm32 = [&](size_t i) {
    return int64_t(int32_t(uint32_t(byte(i)) | uint32_t(byte(i + 1)) << 8 |
                           uint32_t(byte(i + 2)) << 16 | uint32_t(byte(i + 3)) << 24));
  };
  WinPrologue p;
  bool framed = false;
  for (size_t i = 0; i < code.size() && i < 160;) {
    if (!framed) {
      if (byte(i) >= 0x50 && byte(i) <= 0x57) { // push r
        i += 1;
      } else if (byte(i) == 0x41 && byte(i + 1) >= 0x50 && byte(i + 1) <= 0x57) { // push r8-r15
        i += 2;
      } else if (byte(i) == 0x48 && byte(i + 1) == 0x81 && byte(i + 2) == 0xec) { // sub $imm32
        p.n += imm32(i + 3);
        i += 7;
      } else if (byte(i) == 0x48 && byte(i + 1) == 0x83 && byte(i + 2) == 0xec) { // sub $imm8
        p.n += int8_t(byte(i + 3));
        i += 4;
      } else if (byte(i) == 0x48 && byte(i + 1) == 0x8d && byte(i + 2) == 0xac &&
                 byte(i + 3) == 0x24) { // lea imm32(%rsp), %rbp
        p.k = imm32(i + 4);
        framed = true;
        i += 8;
      } else if (byte(i) == 0x48 && byte(i + 1) == 0x8d && byte(i + 2) == 0x6c &&
                 byte(i + 3) == 0x24) { // lea imm8(%rsp), %rbp
        p.k = int8_t(byte(i + 4));
        framed = true;
        i += 5;
      } else if (byte(i) == 0x48 && byte(i + 1) == 0x89 && byte(i + 2) == 0xe5) { // mov %rsp, %rbp
        framed = true;
        i += 3;
      } else {
        return std::nullopt;
      }
      continue;
    }
    // movaps %xmmN, disp(%rbp): [44] 0f 29 modrm(mod 01/10, rm 101) disp8/disp32
    size_t j = i + (byte(i) == 0x44 ? 1 : 0);
    if (byte(j) != 0x0f || byte(j + 1) != 0x29 || (byte(j + 2) & 7) != 5) break;
    uint8_t mod = byte(j + 2) >> 6;
    if (mod == 1) {
      p.saves.push_back(p.k + int8_t(byte(j + 3)));
      i = j + 4;
    } else if (mod == 2) {
      p.saves.push_back(p.k + imm32(j + 3));
      i = j + 7;
    } else {
      break;
    }
  }
  if (!framed) return std::nullopt;
  return p;
}

// Whether every register an arm64 prologue saves lies at or above the frame pointer (the
// frame record at the bottom of the callee-saved area, as LLVM lays it out), so that the
// frame's body is [sp, fp).
bool Arm64SavesAboveFP(llvm::StringRef code) {
  auto p = ReadArm64Prologue(code);
  return p && !p->savesOffSP && (p->lowest == INT64_MAX || p->lowest >= -p->fp);
}

// The body of a frame, as offsets from the frame pointer: the words between the
// outgoing argument area (at the stack pointer) and the callee-saved registers' save
// area, which hold the function's spill slots, stack objects and padding. The save
// area holds what the function's caller had in those registers (a runtime caller's
// pointers among them) and stays scanned, and so do the outgoing arguments, which a
// callee still running may read. Each target's layout is LLVM's: the registers talpa
// clears before every statepoint (ClearCalleeSaved) are all saved at the top of the
// frame (amd64: rbx, r12-r15 pushed below rbp; riscv64: ra, s0, s1-s11 below the CFA,
// which s0 holds; arm64: above the frame record, checked from the prologue).
struct FrameBody {
  int32_t lo = 0, hi = 0; // [lo, hi), empty: nothing known
  std::vector<std::pair<int32_t, int32_t>> allocas;
};

// Adds to words the runs of body's words that nothing live at a call site is in: not a
// pointer slot live there (slots), not a stack object but those dead there (objects
// listed in deadObjects). Spill slots of other values (integers, and pointers kept
// across calls that never reach the collector) and padding are dead: a frame's live
// pointers at a statepoint are all in its listed slots or its stack objects.
void BodyDeadWords(const FrameBody &body, const std::set<int32_t> &slots,
                   const std::vector<std::pair<int32_t, uint32_t>> &objects,
                   const std::vector<uint32_t> &deadObjects,
                   std::vector<std::pair<int32_t, int32_t>> &words) {
  if (body.lo >= body.hi) return;
  std::vector<std::pair<int32_t, int32_t>> keep;
  for (int32_t o : slots)
    keep.push_back({o, o + 8});
  for (auto [from, to] : body.allocas) {
    bool dead = false;
    for (uint32_t i : deadObjects)
      if (i < objects.size() && objects[i].second >= 8 &&
          (objects[i].first & ~int32_t(7)) == from && objects[i].second % 8 == 0 &&
          from + int32_t(objects[i].second) == to)
        dead = true;
    if (!dead) keep.push_back({from, to});
  }
  std::sort(keep.begin(), keep.end());
  int32_t at = body.lo;
  for (auto [from, to] : keep) {
    if (from > at) words.push_back({at, std::min(from, body.hi)});
    at = std::max(at, to);
    if (at >= body.hi) return;
  }
  if (at < body.hi) words.push_back({at, body.hi});
}

} // namespace

llvm::Error StackMapBuilder::AddObject(const llvm::object::ObjectFile &obj,
                                       const llvm::Module &module, const std::vector<Code> &code) {
  llvm::StringRef contents;
  bool found = false;
  for (const llvm::object::SectionRef &s : obj.sections()) {
    auto name = s.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    if (*name != ".llvm_stackmaps" && *name != "__llvm_stackmaps") continue;
    auto data = s.getContents();
    if (!data) return data.takeError();
    contents = *data;
    found = true;
    break;
  }
  if (!found || contents.empty()) return llvm::Error::success();

  // riscv64 objects keep code offsets as label differences for the linker to resolve
  // (linker relaxation may still move code): R_RISCV_ADD32/SUB32 pairs, applied here to a
  // copy of the section.
  std::string patched(contents);
  if (obj.isELF() && obj.getArch() == llvm::Triple::riscv64) {
    for (const llvm::object::SectionRef &rs : obj.sections()) {
      auto target = rs.getRelocatedSection();
      if (!target) {
        llvm::consumeError(target.takeError());
        continue;
      }
      if (*target == obj.section_end()) continue;
      auto tname = (*target)->getName();
      if (!tname || *tname != ".llvm_stackmaps") {
        if (!tname) llvm::consumeError(tname.takeError());
        continue;
      }
      for (const llvm::object::RelocationRef &r : rs.relocations()) {
        uint64_t type = r.getType();
        constexpr uint64_t R_RISCV_ADD32 = 35, R_RISCV_SUB32 = 39;
        if (type != R_RISCV_ADD32 && type != R_RISCV_SUB32) continue;
        auto sym = r.getSymbol();
        if (sym == obj.symbol_end()) continue;
        auto addr = sym->getAddress();
        if (!addr) {
          llvm::consumeError(addr.takeError());
          continue;
        }
        auto addend = llvm::object::ELFRelocationRef(r).getAddend();
        if (!addend) {
          llvm::consumeError(addend.takeError());
          continue;
        }
        uint64_t off = r.getOffset();
        if (off + 4 > patched.size()) continue;
        uint32_t v;
        __builtin_memcpy(&v, patched.data() + off, 4);
        uint32_t d = static_cast<uint32_t>(*addr + *addend);
        v = type == R_RISCV_ADD32 ? v + d : v - d;
        __builtin_memcpy(patched.data() + off, &v, 4);
      }
    }
    contents = patched;
  }

  std::vector<const llvm::Function *> precise;
  for (const llvm::Function &f : module)
    if (!f.isDeclaration() && f.hasGC() && f.getGC() == opt::kGCStrategyName) precise.push_back(&f);
  std::map<std::string, llvm::StringRef> bytes;
  for (const Code &c : code)
    bytes[c.symbol] = c.bytes;

  llvm::Triple::ArchType arch = obj.getArch();
  bool windows = obj.isCOFF();
  using Parser = llvm::StackMapParser<llvm::endianness::little>;
  Parser parser(
      llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(contents.data()), contents.size()));
  auto record = parser.records_begin();
  for (const auto &fn : parser.functions()) {
    uint64_t count = fn.getRecordCount();
    std::vector<Parser::RecordAccessor> recs;
    for (uint64_t i = 0; i < count; ++i, ++record)
      recs.push_back(*record);
    if (recs.empty()) continue;
    uint64_t index = recs.front().getID() >> opt::kStatepointIdShift;
    if (index == 0 || index > precise.size()) continue;
    const llvm::Function &f = *precise[index - 1];
    auto code = bytes.find(f.getName().str());
    if (code == bytes.end()) continue;
    uint64_t stackSize = fn.getStackSize();

    // A slot's offset from the frame pointer (or, on windows, from the stack pointer at
    // the call), from its location's base register and offset.
    std::optional<int64_t> fpFromCFA; // arm64: frame pointer - CFA
    if (arch == llvm::Triple::aarch64) {
      auto c = Arm64FrameOffset(code->second);
      if (c) fpFromCFA = -*c;
    }
    bool variable = stackSize == UINT64_MAX;
    std::optional<WinPrologue> win; // windows: the prologue, for rbp - rsp
    if (windows && arch == llvm::Triple::x86_64 && !variable) win = ReadWinPrologue(code->second);
    std::optional<int64_t> rbpFromSP;
    if (win) rbpFromSP = win->k;
    auto place = [&](uint16_t reg, int32_t off) -> std::optional<int32_t> {
      switch (arch) {
      case llvm::Triple::x86_64:
        if (windows) {
          if (reg == 7) return off;
          if (reg == 6 && rbpFromSP) return int32_t(off + *rbpFromSP);
          return std::nullopt;
        }
        if (reg == 6) return off;                                                // rbp
        if (reg == 7 && !variable) return int32_t(off + 8 - int64_t(stackSize)); // rsp
        return std::nullopt;
      case llvm::Triple::aarch64:
        if (reg == 29) return off; // x29
        if (reg == 31 && !variable && fpFromCFA)
          return int32_t(off - int64_t(stackSize) - *fpFromCFA); // sp = CFA - size
        return std::nullopt;
      case llvm::Triple::riscv64:
        if (reg == 8) return off; // s0 = CFA
        if (reg == 2 && !variable) return int32_t(off - int64_t(stackSize));
        return std::nullopt;
      default:
        return std::nullopt;
      }
    };

    Func out;
    out.symbol = f.getName().str();
    out.size = code->second.size();
    out.spBased = windows;
    bool ok = true;
    // Dead words: single GC slots, and whole stack objects, by frame offset.
    std::set<int32_t> all, always;
    std::vector<std::pair<int32_t, uint32_t>> objects; // by index: offset, size (size 0: unplaced)
    struct Live {
      uint32_t pcoff;
      std::set<int32_t> slots;
      std::vector<uint32_t> deadObjects;
    };
    std::vector<Live> live;
    auto low = [](uint64_t id) { return id & ((uint64_t(1) << opt::kStatepointIdShift) - 1); };
    // The frame's body (kFrameId's record): empty when it cannot be placed.
    FrameBody body;
    auto FrameOf = [&](const Parser::RecordAccessor &r) -> FrameBody {
      FrameBody b;
      if (variable || r.getNumLocations() < 1 ||
          r.getLocation(0).getKind() != Parser::LocationKind::Constant)
        return b;
      int64_t lo, hi;
      switch (arch) {
      case llvm::Triple::x86_64:
        if (windows) {
          // Offsets from rsp: the outgoing area (the callee's home space included) at 0,
          // the pushed registers above n, the xmm saves kept.
          if (!win) return b;
          lo = 0;
          hi = win->n;
          for (int64_t o : win->saves)
            b.allocas.push_back({int32_t(o), int32_t(o + 16)});
          break;
        }
        lo = 8 - int64_t(stackSize);
        hi = -5 * 8;
        break;
      case llvm::Triple::aarch64:
        if (!fpFromCFA || !Arm64SavesAboveFP(code->second)) return b;
        lo = -int64_t(stackSize) - *fpFromCFA;
        hi = 0;
        break;
      case llvm::Triple::riscv64:
        lo = -int64_t(stackSize);
        hi = -13 * 8;
        break;
      default:
        return b;
      }
      lo += 8 * int64_t(r.getLocation(0).getSmallConstant());
      lo = (lo + 7) & ~int64_t(7);
      hi &= ~int64_t(7);
      for (unsigned i = 1; i + 1 < r.getNumLocations(); i += 2) {
        auto at = r.getLocation(i);
        auto size = r.getLocation(i + 1);
        std::optional<int32_t> off;
        if (at.getKind() == Parser::LocationKind::Direct &&
            size.getKind() == Parser::LocationKind::Constant)
          off = place(at.getDwarfRegNum(), at.getOffset());
        if (!off) return FrameBody{}; // an object not placed: the body is not known
        int32_t from = *off & ~int32_t(7);
        int32_t to = (*off + int32_t(size.getSmallConstant()) + 7) & ~int32_t(7);
        b.allocas.push_back({from, to});
      }
      if (lo >= hi) return FrameBody{};
      b.lo = int32_t(lo);
      b.hi = int32_t(hi);
      return b;
    };
    for (const auto &r : recs) {
      if ((r.getID() >> opt::kStatepointIdShift) != index) ok = false;
      if (low(r.getID()) == opt::kStackObjectsId)
        for (unsigned i = 0; i + 1 < r.getNumLocations(); i += 2) {
          auto at = r.getLocation(i);
          auto size = r.getLocation(i + 1);
          std::pair<int32_t, uint32_t> o{0, 0};
          if (at.getKind() == Parser::LocationKind::Direct &&
              size.getKind() == Parser::LocationKind::Constant)
            if (auto off = place(at.getDwarfRegNum(), at.getOffset()))
              o = {*off, size.getSmallConstant()};
          objects.push_back(o);
        }
    }
    for (const auto &r : recs) {
      if (!ok) break;
      if (low(r.getID()) == opt::kStackObjectsId) continue;
      if (low(r.getID()) == opt::kFrameId) {
        body = FrameOf(r);
        continue;
      }
      if (low(r.getID()) == opt::kDeferFrameId) {
        // The saved registers of the defer frame: copies, dead at every call site.
        for (unsigned i = 0; i < r.getNumLocations(); ++i) {
          auto at = r.getLocation(i);
          if (at.getKind() != Parser::LocationKind::Direct) continue;
          if (auto off = place(at.getDwarfRegNum(), at.getOffset()))
            for (int32_t w = 1; w <= int32_t(talpa::abi::deferctx::words); ++w)
              always.insert(*off + 8 * w);
        }
        continue;
      }
      // Statepoint: calling convention, flags, deopt count, deopt values (the indices of
      // the stack objects dead here), then the GC pointers (base, derived pairs).
      if (r.getNumLocations() < 3 || r.getLocation(2).getKind() != Parser::LocationKind::Constant) {
        ok = false;
        break;
      }
      unsigned ndeopt = r.getLocation(2).getSmallConstant();
      Live l;
      l.pcoff = r.getInstructionOffset();
      for (unsigned i = 3; i < 3 + ndeopt && i < r.getNumLocations(); ++i)
        if (r.getLocation(i).getKind() == Parser::LocationKind::Constant)
          l.deadObjects.push_back(r.getLocation(i).getSmallConstant());
      for (unsigned i = 3 + ndeopt; i < r.getNumLocations() && ok; ++i) {
        auto loc = r.getLocation(i);
        switch (loc.getKind()) {
        case Parser::LocationKind::Constant:
        case Parser::LocationKind::ConstantIndex:
        case Parser::LocationKind::Direct: // the address of a stack slot: not a heap pointer
          break;
        case Parser::LocationKind::Indirect:
          if (auto off = place(loc.getDwarfRegNum(), loc.getOffset());
              off && loc.getSizeInBytes() == 8) {
            l.slots.insert(*off);
            all.insert(*off);
          } else {
            ok = false;
          }
          break;
        default: // in a register: not expected (every GC value is spilled)
          ok = false;
        }
      }
      live.push_back(std::move(l));
    }
    if (!ok) continue;
    std::sort(live.begin(), live.end(),
              [](const Live &a, const Live &b) { return a.pcoff < b.pcoff; });
    for (size_t k = 0; k < live.size(); ++k) {
      // One return address, two records (duplicated code): what either calls live stays.
      std::set<int32_t> slots = live[k].slots;
      std::vector<uint32_t> deadObjects = live[k].deadObjects;
      while (k + 1 < live.size() && live[k + 1].pcoff == live[k].pcoff) {
        ++k;
        slots.insert(live[k].slots.begin(), live[k].slots.end());
        std::vector<uint32_t> both;
        for (uint32_t o : deadObjects)
          if (std::count(live[k].deadObjects.begin(), live[k].deadObjects.end(), o))
            both.push_back(o);
        deadObjects = both;
      }
      std::vector<std::pair<int32_t, int32_t>> words; // [from, to)
      for (int32_t o : always)
        words.push_back({o, o + 8});
      for (int32_t o : all)
        if (!slots.count(o)) words.push_back({o, o + 8});
      Site site;
      site.pcoff = live[k].pcoff;
      // Objects that are no root here: skipped by the scan, and listed for the runtime to
      // scan if it finds a pointer into one.
      for (uint32_t i : deadObjects)
        if (i < objects.size() && objects[i].second >= 8) {
          words.push_back({objects[i].first, objects[i].first + int32_t(objects[i].second & ~7u)});
          site.objects.push_back({objects[i].first, int32_t(objects[i].second / 8)});
        }
      BodyDeadWords(body, slots, objects, deadObjects, words);
      std::sort(words.begin(), words.end());
      std::sort(site.objects.begin(), site.objects.end());
      for (auto [from, to] : words) {
        if (!site.dead.empty() && from <= site.dead.back().first + 8 * site.dead.back().second) {
          int32_t end = std::max(site.dead.back().first + 8 * site.dead.back().second, to);
          site.dead.back().second = (end - site.dead.back().first) / 8;
        } else {
          site.dead.push_back({from, (to - from) / 8});
        }
      }
      out.sites.push_back(std::move(site));
    }
    funcs_.push_back(std::move(out));
  }
  return llvm::Error::success();
}

void StackMapBuilder::Emit(llvm::Module &m) const {
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type *intptr = m.getDataLayout().getIntPtrType(ctx);
  llvm::PointerType *ptr = llvm::PointerType::get(ctx, 0);
  auto array = [&](llvm::Type *elem, const std::vector<llvm::Constant *> &elems,
                   const char *name) -> llvm::Constant * {
    if (elems.empty()) return llvm::ConstantPointerNull::get(ptr);
    auto *type = llvm::ArrayType::get(elem, elems.size());
    return new llvm::GlobalVariable(m, type, true, llvm::GlobalValue::PrivateLinkage,
                                    llvm::ConstantArray::get(type, elems), name);
  };
  auto *siteTy = llvm::StructType::get(ctx, {i32, i32, i32, i32});
  auto *funcTy = llvm::StructType::get(ctx, {ptr, intptr, ptr, ptr, i32, i32});
  std::vector<const Func *> order;
  for (const Func &f : funcs_)
    order.push_back(&f);
  std::sort(order.begin(), order.end(),
            [](const Func *a, const Func *b) { return a->symbol < b->symbol; });
  std::vector<llvm::Constant *> funcs;
  for (const Func *f : order) {
    std::vector<llvm::Constant *> sites, offs;
    // Call sites with the same runs and objects share them (consecutive calls often do,
    // since a frame's body is dead at each but for its live slots).
    std::map<std::vector<int32_t>, size_t> shared;
    for (const Site &s : f->sites) {
      std::vector<int32_t> words;
      for (auto [off, n] : s.dead) {
        words.push_back(off);
        words.push_back(n);
      }
      for (auto [off, n] : s.objects) {
        words.push_back(off);
        words.push_back(n);
      }
      auto [at, inserted] = shared.try_emplace(words, offs.size() / 2);
      if (inserted)
        for (int32_t w : words)
          offs.push_back(llvm::ConstantInt::getSigned(i32, w));
      sites.push_back(llvm::ConstantStruct::get(
          siteTy, {llvm::ConstantInt::get(i32, s.pcoff), llvm::ConstantInt::get(i32, at->second),
                   llvm::ConstantInt::get(i32, s.dead.size()),
                   llvm::ConstantInt::get(i32, s.objects.size())}));
    }
    llvm::Function *entry = m.getFunction(f->symbol);
    if (!entry)
      entry = llvm::Function::Create(llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), false),
                                     llvm::GlobalValue::ExternalLinkage, f->symbol, m);
    funcs.push_back(llvm::ConstantStruct::get(
        funcTy, {entry, llvm::ConstantInt::get(intptr, f->size), array(siteTy, sites, ".gc.sites"),
                 array(i32, offs, ".gc.offs"), llvm::ConstantInt::get(i32, sites.size()),
                 llvm::ConstantInt::get(i32, f->spBased ? 1 : 0)}));
  }
  auto *tabTy = llvm::StructType::get(ctx, {ptr, intptr});
  new llvm::GlobalVariable(
      m, tabTy, true, llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantStruct::get(
          tabTy, {array(funcTy, funcs, ".gc.funcs"), llvm::ConstantInt::get(intptr, funcs.size())}),
      "talpa_gctab");
  if (std::getenv("TALPA_GCTAB_DUMP")) m.print(llvm::errs(), nullptr);
}

} // namespace talpa::driver
