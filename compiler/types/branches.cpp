// Labels and branch statements, after gc's syntax/branches.go (gc checks them there, not in
// types2, so its words are the ones users see): one walk over a function body resolves
// break/continue/fallthrough against the enclosing for/switch/select and case, and gotos
// against the labels of the enclosing blocks. Forward gotos stay pending until their
// label appears in the same block (jumping over a variable declaration there is an
// error) or bubble up to the enclosing block; those left at the end jump into a block
// or name no label. Labels are function-wide; an unused one is an error.
#include <deque>

#include "compiler/types/checker.h"

namespace talpa::types {

namespace {

class BranchChecker {
public:
  BranchChecker(Checker &c) : c_(c), f_(c.F()) {}

  void Run(NodeId body) {
    std::vector<NodeId> fwd =
        BlockBranches(nullptr, Targets{}, NodeId{}, f_.Pos(body), List(f_.ListAB(body)));
    for (NodeId g : fwd) {
      NodeId name = f_.A(g);
      auto it = index_.find(f_.Text(name));
      if (it != index_.end()) {
        Label &l = labels_[it->second];
        l.used = true; // no "defined and not used" on top
        c_.Error(f_.Pos(name), "goto " + std::string(f_.Text(name)) +
                                   " jumps into block starting at " + Where(l.parent->start));
      } else {
        c_.Error(f_.Pos(name), "label " + std::string(f_.Text(name)) + " not defined");
      }
    }
    for (const Label &l : labels_)
      if (!l.used) {
        NodeId name = f_.A(l.lstmt);
        c_.Error(f_.Pos(name), "label " + std::string(f_.Text(name)) + " defined and not used");
      }
  }

private:
  struct Block {
    Block *parent;
    uint32_t start;
    NodeId lstmt; // the labeled statement this block belongs to, if any
  };
  struct Label {
    Block *parent;
    NodeId lstmt;
    bool used;
  };
  struct Targets {
    NodeId breaks;      // ForStmt, SwitchStmt, SelectStmt or none
    NodeId continues;   // ForStmt or none
    int caseIndex = -1; // case of the immediately enclosing switch, or -1
  };

  std::string Where(uint32_t pos) { return c_.diags_.Sources().Format(f_.id, pos); }
  std::vector<NodeId> List(syntax::NodeList l) {
    return std::vector<NodeId>(f_.begin(l), f_.end(l));
  }

  Label *Declare(Block *b, NodeId s) {
    NodeId name = f_.A(s);
    auto [it, inserted] = index_.try_emplace(f_.Text(name), labels_.size());
    if (!inserted) {
      Label &alt = labels_[it->second];
      c_.Error(f_.Pos(name), "label " + std::string(f_.Text(name)) + " already defined at " +
                                 Where(f_.Pos(f_.A(alt.lstmt))));
      return &alt;
    }
    labels_.push_back(Label{b, s, false});
    return &labels_.back();
  }

  // The labeled statement a goto in block b can reach: the label's block must enclose b.
  NodeId GotoTarget(Block *b, std::string_view name) {
    auto it = index_.find(name);
    if (it == index_.end()) return NodeId{};
    Label &l = labels_[it->second];
    l.used = true; // even if it is not a valid target
    for (; b; b = b->parent)
      if (l.parent == b) return l.lstmt;
    return NodeId{};
  }

  // The enclosing labeled statement named name; found is false if no such label exists,
  // and the result is none if it exists but does not enclose b.
  NodeId EnclosingTarget(Block *b, std::string_view name, bool *found) {
    auto it = index_.find(name);
    *found = it != index_.end();
    if (!*found) return NodeId{};
    Label &l = labels_[it->second];
    l.used = true;
    for (; b; b = b->parent)
      if (b->lstmt == l.lstmt) return l.lstmt;
    return NodeId{};
  }

  std::vector<NodeId> BlockBranches(Block *parent, Targets ctxt, NodeId lstmt, uint32_t start,
                                    std::vector<NodeId> body) {
    blocks_.push_back(Block{parent, start, lstmt});
    Block *b = &blocks_.back();
    bool hasVar = false;
    uint32_t varPos = 0;
    std::string varName;
    std::vector<NodeId> fwdGotos, badGotos;
    auto recordVarDecl = [&](uint32_t pos, std::string name) {
      hasVar = true;
      varPos = pos;
      varName = std::move(name);
      badGotos = fwdGotos; // pending gotos jump over it unless they leave the block
    };
    auto innerBlock = [&](Targets t, uint32_t at, std::vector<NodeId> list) {
      std::vector<NodeId> fwd = BlockBranches(b, t, lstmt, at, std::move(list));
      fwdGotos.insert(fwdGotos.end(), fwd.begin(), fwd.end());
    };
    // A fallthrough followed only by empty statements is still the last statement.
    while (!body.empty() && f_.Kind(body.back()) == NodeKind::EmptyStmt)
      body.pop_back();
    for (size_t idx = 0; idx < body.size(); ++idx) {
      NodeId s = body[idx];
      lstmt = NodeId{};
      while (f_.Kind(s) == NodeKind::LabeledStmt) {
        NodeId name = f_.A(s);
        if (f_.Text(name) != "_") {
          Label *l = Declare(b, s);
          size_t keep = 0;
          for (NodeId g : fwdGotos) {
            if (f_.Text(f_.A(g)) != f_.Text(name)) {
              fwdGotos[keep++] = g;
              continue;
            }
            l->used = true;
            bool bad = false;
            for (NodeId x : badGotos)
              if (x == g) bad = true;
            if (hasVar && bad)
              c_.Error(f_.Pos(f_.A(g)), "goto " + std::string(f_.Text(name)) +
                                            " jumps over declaration of " + varName + " at " +
                                            Where(varPos));
          }
          fwdGotos.resize(keep);
          lstmt = s;
        }
        s = f_.B(s);
      }
      switch (f_.Kind(s)) {
      case NodeKind::DeclStmt:
        for (NodeId d : List(f_.ListAB(s)))
          if (f_.Kind(d) == NodeKind::VarDecl) {
            recordVarDecl(f_.Pos(d), std::string(f_.Text(f_.At(f_.ListAB(d), 0))));
            break;
          }
        break;
      case NodeKind::AssignStmt:
        if (f_[s].flags) recordVarDecl(f_.Pos(s), c_.ExprString(f_.A(s)));
        break;
      case NodeKind::BranchStmt:
        Branch(s, b, ctxt, idx + 1 == body.size(), fwdGotos);
        break;
      case NodeKind::BlockStmt:
        innerBlock(Targets{ctxt.breaks, ctxt.continues, -1}, f_.Pos(s), List(f_.ListAB(s)));
        break;
      case NodeKind::IfStmt: {
        Targets t{ctxt.breaks, ctxt.continues, -1};
        innerBlock(t, f_.Pos(f_.C(s)), List(f_.ListAB(f_.C(s))));
        if (f_.D(s)) innerBlock(t, f_.Pos(f_.D(s)), {f_.D(s)});
        break;
      }
      case NodeKind::ForStmt:
        innerBlock(Targets{s, s, -1}, f_.Pos(f_.D(s)), List(f_.ListAB(f_.D(s))));
        break;
      case NodeKind::SwitchStmt:
      case NodeKind::SelectStmt: {
        syntax::NodeList clauses = f_.Kind(s) == NodeKind::SwitchStmt ? f_.ListCD(s) : f_.ListAB(s);
        for (uint32_t i = 0; i < clauses.count; ++i) {
          NodeId cc = f_.At(clauses, i);
          int caseIndex = f_.Kind(s) == NodeKind::SwitchStmt ? static_cast<int>(i) : -1;
          innerBlock(Targets{s, ctxt.continues, caseIndex}, f_.Pos(cc), List(f_.ListBC(cc)));
        }
        break;
      }
      default:
        break;
      }
    }
    return fwdGotos;
  }

  void Branch(NodeId s, Block *b, Targets ctxt, bool last, std::vector<NodeId> &fwdGotos) {
    TK tok = static_cast<TK>(f_[s].op);
    NodeId label = f_.A(s);
    if (!label) {
      switch (tok) {
      case TK::Break:
        if (!ctxt.breaks) c_.Error(f_.Pos(s), "break is not in a loop, switch, or select");
        return;
      case TK::Continue:
        if (!ctxt.continues) c_.Error(f_.Pos(s), "continue is not in a loop");
        return;
      case TK::Fallthrough: {
        const char *msg = "fallthrough statement out of place";
        NodeId sw = ctxt.breaks;
        if (sw && f_.Kind(sw) == NodeKind::SwitchStmt) {
          if (f_.B(sw) && f_.Kind(f_.B(sw)) == NodeKind::TypeSwitchGuard) {
            msg = "cannot fallthrough in type switch";
          } else if (ctxt.caseIndex < 0 || !last) {
            // nested in a block, or not the last statement of its case
          } else if (static_cast<uint32_t>(ctxt.caseIndex) + 1 == f_.ListCD(sw).count) {
            msg = "cannot fallthrough final case in switch";
          } else {
            return; // fallthrough ok
          }
        }
        c_.Error(f_.Pos(s), msg);
        return;
      }
      default:
        return;
      }
    }
    std::string_view name = f_.Text(label);
    bool found = false;
    switch (tok) {
    case TK::Break: {
      NodeId t = EnclosingTarget(b, name, &found);
      if (!found) {
        c_.Error(f_.Pos(label), "break label not defined: " + std::string(name));
      } else {
        NodeKind k = t ? f_.Kind(f_.B(t)) : NodeKind::Invalid;
        if (k != NodeKind::SwitchStmt && k != NodeKind::SelectStmt && k != NodeKind::ForStmt)
          c_.Error(f_.Pos(label), "invalid break label " + std::string(name));
      }
      return;
    }
    case TK::Continue: {
      NodeId t = EnclosingTarget(b, name, &found);
      if (!found)
        c_.Error(f_.Pos(label), "continue label not defined: " + std::string(name));
      else if (!t || f_.Kind(f_.B(t)) != NodeKind::ForStmt)
        c_.Error(f_.Pos(label), "invalid continue label " + std::string(name));
      return;
    }
    case TK::Goto:
      if (!GotoTarget(b, name)) fwdGotos.push_back(s); // the label may come later
      return;
    default:
      return;
    }
  }

  Checker &c_;
  syntax::File &f_;
  std::deque<Block> blocks_; // stable addresses: labels point at their block
  std::deque<Label> labels_;
  llvm::StringMap<size_t> index_;
};

} // namespace

void Checker::Branches(NodeId body) { BranchChecker(*this).Run(body); }

} // namespace talpa::types
