// Package-level checking, after types2's resolver.go, decl.go, validtype.go and
// initorder.go: collect every file's imports into its file scope and the package's
// objects into the package scope (methods to their receiver base type), check objects on
// demand (grey/black colours and the object path detect cycles), check function bodies,
// then order the package variables' initialization by dependencies (spec: repeatedly the
// earliest variable in declaration order that is ready), following dependencies through
// functions.
#include <algorithm>
#include <queue>

#include "compiler/syntax/scanner.h"
#include "compiler/types/checker.h"

namespace talpa::types {

// ---------------------------------------------------------------------------
// Scopes

ObjectId Checker::Lookup(std::string_view name) {
  // One hash for every scope on the way out (block scopes nest deeply).
  uint32_t hash = llvm::StringMapImpl::hash(name);
  for (size_t i = scopes_.size(); i-- > 0;) {
    auto &names = scopes_[i].names;
    if (names.empty()) continue;
    auto it = names.find(name, hash);
    if (it != names.end()) return it->second;
  }
  if (file_ < fileScopes_.size()) {
    auto &fs = fileScopes_[file_].names;
    auto it = fs.find(name, hash);
    if (it != fs.end()) {
      // A dot-imported object marks its import used.
      auto dot = dotImports_.find(std::make_pair(file_, it->second.index));
      if (dot != dotImports_.end()) Obj(dot->second).used = true;
      return it->second;
    }
  }
  auto it = pkg_.scope.find(name, hash);
  if (it != pkg_.scope.end()) return it->second;
  it = u_.scope.find(name, hash);
  if (it != u_.scope.end()) return it->second;
  return ObjectId{};
}

std::string Checker::ObjPos(ObjectId id) {
  const Object &o = Obj(id);
  if (!o.pkg || o.file >= o.pkg->files.size()) return "";
  return diags_.Sources().Format(o.pkg->files[o.file]->id, o.pos);
}

std::string Checker::OtherDeclaration(ObjectId alt) {
  std::string at = ObjPos(alt);
  if (at.empty()) return "";
  return "\n\t" + at + ": other declaration of " + std::string(Obj(alt).name);
}

bool ParseGoVersion(std::string_view v, int *minor) {
  if (v.substr(0, 4) != "go1.") return false;
  v.remove_prefix(4);
  size_t dot = v.find('.');
  std::string_view n = v.substr(0, dot);
  if (n.empty() || n.size() > 4) return false;
  int m = 0;
  for (char c : n) {
    if (c < '0' || c > '9') return false;
    m = m * 10 + (c - '0');
  }
  *minor = m;
  return true;
}

void Checker::VersionError(uint32_t pos, int minor, const std::string &what) {
  Error(pos, what + " requires go1." + std::to_string(minor) + " or later (-lang was set to go1." +
                 std::to_string(config_.goMinor) + "; check go.mod)");
}

void Checker::ErrorAtObj(ObjectId id, std::string msg) {
  const Object &o = Obj(id);
  diags_.Error(o.pkg->files[o.file]->id, o.pos, std::move(msg));
}

bool Checker::Declare(ObjectId obj) {
  Object &o = Obj(obj);
  if (o.name == "_") return true;
  auto &names = scopes_.empty() ? pkg_.scope : scopes_.back().names;
  auto [it, inserted] = names.try_emplace(o.name, obj);
  if (!inserted) {
    ErrorAtObj(obj,
               std::string(o.name) + " redeclared in this block" + OtherDeclaration(it->second));
    return false;
  }
  return true;
}

uint8_t &Checker::Color(ObjectId id) {
  size_t i = id.index - objBase_;
  if (i >= color_.size()) color_.resize(std::max(i + 1, color_.size() * 2), 0);
  return color_[i];
}

std::vector<ObjectId> &Checker::Deps(ObjectId id) {
  size_t i = id.index - objBase_;
  if (i >= deps_.size()) deps_.resize(std::max(i + 1, deps_.size() * 2));
  return deps_[i];
}

// ---------------------------------------------------------------------------
// Collecting objects

namespace {
// types2's validatedImportPath: the characters an import path may not contain.
std::string ImportPathError(std::string_view path) {
  if (path.empty()) return "empty string";
  static const char kIllegal[] = "!\"#$%&'()*,:;<=>?[\\]^{|}`\xef\xbf\xbd";
  size_t i = 0;
  while (i < path.size()) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    if (c < 0x80) {
      if (c <= ' ' || c == 0x7f ||
          std::string_view(kIllegal, 28).find(static_cast<char>(c)) != std::string_view::npos)
        return "invalid character " + std::string(1, '\'') + std::string(1, static_cast<char>(c)) +
               "'";
      ++i;
      continue;
    }
    ++i;
    while (i < path.size() && (static_cast<unsigned char>(path[i]) & 0xC0) == 0x80)
      ++i;
  }
  return "";
}

std::string DefaultPackageName(std::string_view path) {
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}
} // namespace

// The receiver base type name of a method: T in T, *T, (T), T[P], *T[P] (0 if invalid).
NodeId Checker::ReceiverBaseName(NodeId recvType, bool *ptr) {
  syntax::File &f = F();
  NodeId t = f.Unparen(recvType);
  *ptr = false;
  if (f.Kind(t) == NodeKind::Operation && !f.B(t) && f[t].op == static_cast<uint8_t>(TK::Mul)) {
    *ptr = true;
    t = f.Unparen(f.A(t));
  }
  if (f.Kind(t) == NodeKind::IndexExpr) t = f.Unparen(f.A(t));
  return f.Kind(t) == NodeKind::Name ? t : NodeId{};
}

void Checker::CollectObjects() {
  int initCount = 0;
  fileScopes_.resize(pkg_.files.size());
  struct MethodInfo {
    ObjectId obj;
    uint32_t file;
    NodeId recvName;
  };
  std::vector<MethodInfo> methods;
  for (file_ = 0; file_ < pkg_.files.size(); ++file_) {
    syntax::File &f = F();
    if (!f.packageName) continue;
    std::string_view name = f.Text(f.packageName);
    if (pkg_.name.empty()) {
      pkg_.name = std::string(name);
    } else if (name != pkg_.name) {
      Error(f.Pos(f.packageName), "package " + std::string(name) + "; expected " + pkg_.name);
    }
    for (NodeId d : std::vector<NodeId>(f.begin(f.decls), f.end(f.decls))) {
      auto newObj = [&](ObjectKind kind, NodeId nameNode, NodeId decl) {
        Object o;
        o.kind = kind;
        o.name = f.Text(nameNode);
        o.file = file_;
        o.pos = f.Pos(nameNode);
        o.decl = decl;
        o.packageLevel = true;
        ObjectId id = NewObject(o);
        Info(nameNode).object = id;
        return id;
      };
      switch (f.Kind(d)) {
      case NodeKind::ImportDecl:
        ImportDecl(d);
        break;
      case NodeKind::ConstDecl:
      case NodeKind::VarDecl: {
        bool isConst = f.Kind(d) == NodeKind::ConstDecl;
        for (NodeId n : std::vector<NodeId>(f.begin(f.ListAB(d)), f.end(f.ListAB(d)))) {
          std::string_view nm = f.Text(n);
          if (nm == "init" || (nm == "main" && pkg_.name == "main")) {
            Error(f.Pos(n), "cannot declare " + std::string(nm) + " - must be func");
            continue;
          }
          ObjectId id = newObj(isConst ? ObjectKind::Const : ObjectKind::Var, n, d);
          Declare(id);
          valueObjs_.push_back(id);
          if (!isConst) pkg_.globals.push_back(id);
        }
        break;
      }
      case NodeKind::TypeDecl: {
        NodeId nameNode = f.A(d);
        std::string_view nm = f.Text(nameNode);
        if (nm == "init" || (nm == "main" && pkg_.name == "main")) {
          Error(f.Pos(nameNode), "cannot declare " + std::string(nm) + " - must be func");
          break;
        }
        ObjectId id = newObj(ObjectKind::TypeName, nameNode, d);
        Obj(id).alias = f[d].flags & 1;
        if (f.TypeParams(d).count && !AllowVersion(18))
          VersionError(f.Pos(f.At(f.TypeParams(d), 0)), 18, "type parameter");
        else if (Obj(id).alias && !AllowVersion(9))
          VersionError(f.Pos(d), 9, "type aliases");
        Declare(id);
        typeNames_.push_back(id);
        break;
      }
      case NodeKind::FuncDecl: {
        NodeId nameNode = f.B(d);
        ObjectId id = newObj(ObjectKind::Func, nameNode, d);
        if (f.TypeParams(d).count && !f.Receiver(d) && !AllowVersion(18))
          VersionError(f.Pos(f.At(f.TypeParams(d), 0)), 18, "type parameter");
        std::string_view nm = Obj(id).name;
        if (NodeId recv = f.Receiver(d)) {
          Obj(id).packageLevel = false;
          bool ptr;
          NodeId base = ReceiverBaseName(f.B(recv), &ptr);
          if (base && nm != "_") methods.push_back(MethodInfo{id, file_, base});
          if (f.D(d)) pkg_.methods.push_back(id);
          funcDecls_.push_back(id);
          if (!f.D(d) && config_.complete && !Linknamed(nm))
            Error(Obj(id).pos, "missing function body");
          break;
        }
        if (!f.D(d) && (config_.complete || nm == "init") && !Linknamed(nm))
          Error(Obj(id).pos, "missing function body");
        if (nm == "init" || (nm == "main" && pkg_.name == "main")) {
          NodeId ft = f.C(d);
          if (f.TypeParams(d).count) {
            Error(f.Pos(f.At(f.TypeParams(d), 0)),
                  "func " + std::string(nm) + " must have no type parameters");
          }
          if (f.ListAB(ft).count || f.ListCD(ft).count)
            Error(Obj(id).pos,
                  "func " + std::string(nm) + " must have no arguments and no return values");
        }
        if (nm == "init") {
          // init functions are not declared in the package scope.
          Obj(id).index = static_cast<uint32_t>(initCount++);
          pkg_.initFuncs.push_back(id);
        } else {
          Declare(id);
        }
        if (f.D(d)) pkg_.funcs.push_back(id);
        funcDecls_.push_back(id);
        break;
      }
      default:
        break;
      }
    }
  }
  // Objects in the package scope and file scopes must differ.
  for (file_ = 0; file_ < fileScopes_.size(); ++file_) {
    for (auto &entry : fileScopes_[file_].names) {
      auto alt = pkg_.scope.find(entry.first());
      if (alt == pkg_.scope.end()) continue;
      const Object &o = Obj(entry.second);
      if (o.kind == ObjectKind::PkgName)
        ErrorAtObj(alt->second, std::string(entry.first()) +
                                    " already declared through import of " + o.imported->path +
                                    OtherDeclaration(entry.second));
      else
        ErrorAtObj(alt->second, std::string(entry.first()) +
                                    " already declared through dot-import of " +
                                    (o.pkg ? o.pkg->path : std::string()));
    }
  }
  // Associate methods with their receiver base type names (through aliases).
  for (const MethodInfo &m : methods) {
    file_ = m.file;
    std::string_view base = F().Text(m.recvName);
    ObjectId tn = pkg_.Lookup(base);
    // Follow aliases to a type name of this package, as types2's resolveBaseTypeName.
    std::set<uint32_t> seen;
    while (tn && Obj(tn).kind == ObjectKind::TypeName && Obj(tn).alias && Obj(tn).pkg == &pkg_ &&
           seen.insert(tn.index).second) {
      syntax::File &tf = *pkg_.files[Obj(tn).file];
      NodeId rhs = tf.Unparen(tf.B(Obj(tn).decl));
      if (tf.Kind(rhs) == NodeKind::Operation && !tf.B(rhs) &&
          tf[rhs].op == static_cast<uint8_t>(TK::Mul))
        rhs = tf.Unparen(tf.A(rhs));
      if (tf.Kind(rhs) != NodeKind::Name) {
        tn = ObjectId{};
        break;
      }
      tn = pkg_.Lookup(tf.Text(rhs));
    }
    if (tn && Obj(tn).kind == ObjectKind::TypeName && !Obj(tn).alias && Obj(tn).pkg == &pkg_)
      methodsOf_[tn.index].push_back(m.obj);
  }
  file_ = 0;
}

// Whether a //go:linkname directive of the current file names `local` (such functions
// may have their body elsewhere).
bool Checker::Linknamed(std::string_view local) {
  syntax::File &f = F();
  // Only a file that imports unsafe may have them (Linknames reports the others); its
  // imports come before its declarations.
  bool importsUnsafe = false;
  for (ObjectId imp : imports_)
    importsUnsafe |= Obj(imp).file == file_ && Obj(imp).imported == u_.unsafe;
  if (!importsUnsafe) return false;
  for (const syntax::Directive &d : f.directives) {
    if (d.kind != syntax::DirectiveKind::Linkname) continue;
    std::string_view text = f.Text(f.comments[d.comment]);
    text.remove_prefix(std::min(text.size(), sizeof("//go:linkname") - 1));
    size_t b = text.find_first_not_of(" \t");
    if (b == std::string_view::npos) continue;
    text = text.substr(b);
    size_t e = text.find_first_of(" \t");
    if (text.substr(0, e) == local) return true;
  }
  return false;
}

void Checker::ImportDecl(NodeId d) {
  syntax::File &f = F();
  NodeId pathLit = f.B(d);
  if (!pathLit || f[pathLit].flags) return; // reported by the parser
  std::string path = syntax::StringLitValue(f.Text(pathLit));
  std::string bad = ImportPathError(path);
  if (!bad.empty()) {
    ErrorAtNode(pathLit, "invalid import path (" + bad + ")");
    return;
  }
  Package *imp = nullptr;
  if (path == "unsafe") {
    imp = u_.unsafe;
  } else if (config_.importer) {
    imp = config_.importer(path);
  }
  bool fake = false;
  if (!imp) {
    // The driver reports packages that cannot be found; a package that failed to check
    // still gives its objects.
    ErrorAtNode(pathLit, "could not import " + path + " (package not found)");
    auto fakePkg = std::make_unique<Package>(u_, path);
    fakePkg->name = DefaultPackageName(path);
    imp = fakePkg.get();
    pkg_.fakeImports.push_back(std::move(fakePkg));
    fake = true;
  }
  std::string_view name = imp->name;
  NodeId local = f.A(d);
  if (local) name = f.Text(local);
  if (name == "init") {
    ErrorAtNode(d, "cannot import package as init - init must be a func");
    return;
  }
  if (std::find(pkg_.imports.begin(), pkg_.imports.end(), imp) == pkg_.imports.end())
    pkg_.imports.push_back(imp);
  Object o;
  o.kind = ObjectKind::PkgName;
  o.name = local ? name : std::string_view(imp->name);
  o.file = file_;
  o.pos = f.Pos(d);
  o.decl = d;
  o.imported = imp;
  o.used = fake;
  ObjectId id = NewObject(o);
  if (local) Info(local).object = id;
  imports_.push_back(id);
  if (name == "_") return;
  auto &fs = fileScopes_[file_].names;
  if (name == ".") {
    for (auto &entry : imp->scope) {
      std::string_view n = entry.first();
      if (n.empty() || !syntax::IsExported(n)) continue;
      auto [it, inserted] = fs.try_emplace(n, entry.second);
      if (!inserted) {
        ErrorAtNode(local, std::string(n) + " redeclared in this block");
        continue;
      }
      dotImports_[std::make_pair(file_, entry.second.index)] = id;
    }
    return;
  }
  auto [it, inserted] = fs.try_emplace(o.name, id);
  if (!inserted)
    ErrorAtObj(id,
               std::string(o.name) + " redeclared in this block" + OtherDeclaration(it->second));
}

// gc's //go:linkname rules (its noder's, run after the package's objects are known): the
// file must import unsafe, the local name must be a package-level function or variable,
// named once. The targets are recorded for the linker's symbol names.
void Checker::Linknames() {
  for (file_ = 0; file_ < pkg_.files.size(); ++file_) {
    syntax::File &f = F();
    bool importsUnsafe = false;
    for (ObjectId imp : imports_)
      importsUnsafe |= Obj(imp).file == file_ && Obj(imp).imported == u_.unsafe;
    for (const syntax::Directive &d : f.directives) {
      if (d.kind != syntax::DirectiveKind::Linkname) continue;
      const syntax::Comment &c = f.comments[d.comment];
      std::string_view text = f.Text(c);
      text.remove_prefix(std::min(text.size(), sizeof("//go:linkname") - 1));
      // As gc: the directive is "go:linkname " (a space), errors are at its "go:".
      if (!text.starts_with(' ')) continue;
      uint32_t at = c.offset + 2;
      std::vector<std::string_view> fields;
      size_t i = 0;
      while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
          ++i;
        size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != '\t')
          ++j;
        if (j > i) fields.push_back(text.substr(i, j - i));
        i = j;
      }
      if (fields.empty() || fields.size() > 2) {
        Error(at, "usage: //go:linkname localname [linkname]");
        continue;
      }
      if (!importsUnsafe) {
        Error(at, "//go:linkname only allowed in Go files that import \"unsafe\"");
        continue;
      }
      ObjectId obj = pkg_.Lookup(fields[0]);
      if (!obj || (Obj(obj).kind != ObjectKind::Var && Obj(obj).kind != ObjectKind::Func)) {
        // Before Go 1.18 such directives were ignored (x/sys has some; gc keeps that).
        if (AllowVersion(18))
          Error(at, "//go:linkname must refer to declared function or variable");
        continue;
      }
      bool dup = false;
      for (auto &l : pkg_.linknames)
        dup |= l.first == obj;
      if (dup) {
        Error(at, "duplicate //go:linkname for " + std::string(fields[0]));
        continue;
      }
      pkg_.linknames.push_back({obj, std::string(fields.size() == 2 ? fields[1] : "")});
    }
  }
  file_ = 0;
}

void Checker::UnusedImports() {
  for (ObjectId id : imports_) {
    const Object &o = Obj(id);
    if (o.used || o.name == "_") continue;
    syntax::File &f = *pkg_.files[o.file];
    std::string path = syntax::StringLitValue(f.Text(f.B(o.decl)));
    NodeId local = f.A(o.decl);
    std::string quoted = "\"" + path + "\"";
    if (local && f.Text(local) != "." && o.name != o.imported->name)
      ErrorAtObj(id, quoted + " imported as " + std::string(o.name) + " and not used");
    else
      ErrorAtObj(id, quoted + " imported and not used");
  }
}

// ---------------------------------------------------------------------------
// Package-level objects

bool Checker::ValidCycle(ObjectId obj) {
  size_t start = 0;
  while (start < objPath_.size() && objPath_[start] != obj)
    ++start;
  size_t nval = 0, ndef = 0;
  for (size_t i = start; i < objPath_.size(); ++i) {
    const Object &o = Obj(objPath_[i]);
    if (o.kind == ObjectKind::Const || o.kind == ObjectKind::Var) ++nval;
    if (o.kind == ObjectKind::TypeName && !o.alias) ++ndef;
  }
  size_t n = objPath_.size() - start;
  if (nval == n) return true; // reported by the initialization-order check
  if (nval == 0 && ndef > 0) return true;
  CycleError(std::vector<ObjectId>(objPath_.begin() + start, objPath_.end()));
  return false;
}

void Checker::CycleError(const std::vector<ObjectId> &cycle) {
  // Start with the object that comes first in the source.
  size_t first = 0;
  for (size_t i = 1; i < cycle.size(); ++i) {
    const Object &a = Obj(cycle[i]), &b = Obj(cycle[first]);
    if (a.file < b.file || (a.file == b.file && a.pos < b.pos)) first = i;
  }
  ObjectId obj = cycle[first];
  bool isType = Obj(obj).kind == ObjectKind::TypeName;
  std::string msg = (isType ? "invalid recursive type " : "illegal cycle in declaration of ") +
                    std::string(Obj(obj).name);
  size_t i = first;
  for (size_t k = 0; k < cycle.size(); ++k) {
    msg += "\n\t" + ObjPos(cycle[i]) + ": " + std::string(Obj(cycle[i]).name) + " refers to";
    i = (i + 1) % cycle.size();
  }
  msg += "\n\t" + ObjPos(cycle[i]) + ": " + std::string(Obj(cycle[i]).name);
  ErrorAtObj(obj, msg);
}

void Checker::ObjDecl(ObjectId obj) {
  Object &o = Obj(obj);
  if (o.pkg != &pkg_) return; // imported: complete
  uint8_t c = Color(obj);
  if (c == 2) return;
  if (c == 1) {
    switch (o.kind) {
    case ObjectKind::Const:
    case ObjectKind::Var:
      if (!ValidCycle(obj) || !o.type) {
        if (!o.type && ValidCycleAllValues(obj))
          ErrorAtObj(obj, "initialization cycle or invalid recursive reference to " +
                              std::string(o.name));
        Obj(obj).type = Universe::Invalid();
        Obj(obj).value = 0;
        invalidObjs_.insert(obj.index);
      }
      break;
    case ObjectKind::TypeName:
      if (!ValidCycle(obj)) {
        if (u_.IsNamed(o.type)) u_.Named(o.type).underlying = Universe::Basic(BasicKind::Invalid);
        invalidObjs_.insert(obj.index);
      }
      break;
    case ObjectKind::Func:
      ValidCycle(obj);
      break;
    default:
      break;
    }
    return;
  }
  Color(obj) = 1;
  objPath_.push_back(obj);
  // Save the checker's context: this may run in the middle of another declaration.
  uint32_t savedFile = file_;
  ObjectId savedDecl = currentDecl_;
  int savedIota = iota_;
  auto savedScopes = std::move(scopes_);
  scopes_.clear();
  file_ = o.file;
  switch (o.kind) {
  case ObjectKind::Const:
    ConstDecl(obj);
    break;
  case ObjectKind::Var:
    currentDecl_ = obj;
    VarDecl(obj);
    break;
  case ObjectKind::TypeName:
    TypeDecl(obj, o.decl);
    CollectMethods(obj);
    break;
  case ObjectKind::Func:
    FuncSignature(obj);
    break;
  default:
    break;
  }
  scopes_ = std::move(savedScopes);
  file_ = savedFile;
  currentDecl_ = savedDecl;
  iota_ = savedIota;
  objPath_.pop_back();
  Color(obj) = 2;
}

bool Checker::ValidCycleAllValues(ObjectId obj) {
  size_t start = 0;
  while (start < objPath_.size() && objPath_[start] != obj)
    ++start;
  for (size_t i = start; i < objPath_.size(); ++i) {
    ObjectKind k = Obj(objPath_[i]).kind;
    if (k != ObjectKind::Const && k != ObjectKind::Var) return false;
  }
  return true;
}

void Checker::ConstSpecValues(NodeId spec, const std::vector<ObjectId> &objs, TypeId typ,
                              int iota) {
  syntax::File &f = F();
  std::vector<NodeId> values = f.Unpack(f.D(spec));
  iota_ = iota;
  for (size_t i = 0; i < objs.size(); ++i) {
    Object &o = Obj(objs[i]);
    if (i >= values.size()) {
      if (i == values.size()) Error(o.pos, "missing init expr for const declaration");
      o.type = Universe::Invalid();
      continue;
    }
    Operand x;
    NodeId v = values[i];
    Expr(x, v);
    ConstValue(x, v, typ, f.C(spec));
    if (x.mode == Mode::Invalid) {
      Obj(objs[i]).type = Universe::Invalid();
      continue;
    }
    Obj(objs[i]).type = x.type;
    Obj(objs[i]).value = x.val;
  }
  if (values.size() > objs.size()) ErrorAtNode(values[objs.size()], "extra init expr");
  iota_ = -1;
}

// The value of a constant declaration: x must be constant, and of the declared type.
void Checker::ConstValue(Operand &x, NodeId v, TypeId typ, NodeId typeNode) {
  if (x.mode != Mode::Invalid && x.mode != Mode::Constant) {
    ErrorAtNode(v, OperandString(x) + " is not constant");
    x.mode = Mode::Invalid;
  }
  if (x.mode != Mode::Invalid && typ) {
    if (!u_.IsConstType(typ)) {
      if (u_.Under(typ)) ErrorAtNode(typeNode, "invalid constant type " + TypeString(typ));
      x.mode = Mode::Invalid;
    } else {
      Assignment(x, typ, "constant declaration");
    }
  }
}

void Checker::ConstDecl(ObjectId obj) {
  syntax::File &f = F();
  NodeId spec = Obj(obj).decl;
  std::vector<ObjectId> objs;
  for (NodeId n : std::vector<NodeId>(f.begin(f.ListAB(spec)), f.end(f.ListAB(spec))))
    objs.push_back(Info(n).object);
  TypeId typ;
  bool hasType = static_cast<bool>(f.C(spec));
  if (hasType) typ = TypeExpr(f.C(spec));
  std::vector<NodeId> values = f.Unpack(f.D(spec));
  size_t idx = 0;
  for (; idx < objs.size(); ++idx)
    if (objs[idx] == obj) break;
  iota_ = static_cast<int>(f.ConstIota(spec));
  if (idx >= values.size()) {
    if (idx == values.size()) Error(Obj(obj).pos, "missing init expr for const declaration");
    Obj(obj).type = Universe::Invalid();
    iota_ = -1;
    return;
  }
  Operand x;
  Expr(x, values[idx]);
  if (hasType && !typ) x.mode = Mode::Invalid;
  ConstValue(x, values[idx], typ, f.C(spec));
  if (idx == 0 && values.size() > objs.size() && !f.ConstInherited(spec))
    ErrorAtNode(values[objs.size()], "extra init expr");
  iota_ = -1;
  if (x.mode == Mode::Invalid) {
    Obj(obj).type = Universe::Invalid();
    return;
  }
  Obj(obj).type = x.type;
  Obj(obj).value = x.val;
}

void Checker::VarDecl(ObjectId obj) {
  syntax::File &f = F();
  NodeId spec = Obj(obj).decl;
  std::vector<ObjectId> objs;
  for (NodeId n : std::vector<NodeId>(f.begin(f.ListAB(spec)), f.end(f.ListAB(spec))))
    objs.push_back(Info(n).object); // 0 for names rejected at collection
  TypeId typ;
  bool hasType = static_cast<bool>(f.C(spec));
  if (hasType) {
    typ = TypeExpr(f.C(spec));
    if (!typ) typ = Universe::Basic(BasicKind::Invalid);
  }
  std::vector<NodeId> values = f.Unpack(f.D(spec));
  if (values.empty()) {
    for (ObjectId o : objs)
      if (o) Obj(o).type = typ;
    // No initializer: still a step of the initialization order (InitOrder drops it).
    pkg_.initOrder.push_back(Initializer{file_, {obj}, NodeId{}});
    return;
  }
  if (values.size() == objs.size()) {
    size_t i = std::find(objs.begin(), objs.end(), obj) - objs.begin();
    if (typ) Obj(obj).type = typ;
    InitVars({obj}, values[i], values[i], "variable declaration");
    pkg_.initOrder.push_back(Initializer{file_, {obj}, values[i]});
    return;
  }
  // n:1 (a multi-value call) or a count mismatch: check all names together.
  for (ObjectId o : objs) {
    if (o) {
      if (typ) Obj(o).type = typ;
      Color(o) = 1;
      Deps(o).clear();
    }
  }
  if (values.size() == 1) {
    InitVars(objs, values[0], values[0], "variable declaration");
  } else {
    AssignError(values[0], objs.size(), values.size());
    for (ObjectId o : objs)
      if (o && !Obj(o).type) Obj(o).type = Universe::Basic(BasicKind::Invalid);
  }
  for (ObjectId o : objs) {
    if (!o) continue;
    Color(o) = 2;
    if (!(o == obj)) Deps(o) = Deps(obj);
  }
  pkg_.initOrder.push_back(Initializer{file_, objs, values[0]});
}

void Checker::TypeDecl(ObjectId obj, NodeId decl) {
  syntax::File &f = F();
  NodeId rhs = f.B(decl);
  if (Obj(obj).alias) {
    if (f.TypeParams(decl).count) {
      Error(f.Pos(f.At(f.TypeParams(decl), 0)), "generic type cannot be alias");
    }
    Obj(obj).type = Universe::Basic(BasicKind::Invalid); // guard against cycles
    TypeId t = TypeExpr(rhs);
    Obj(obj).type = t ? t : Universe::Basic(BasicKind::Invalid);
    return;
  }
  TypeId named = u_.NewNamed(obj, TypeId{});
  Obj(obj).type = named;
  if (f.TypeParams(decl).count) {
    OpenScope();
    u_.Named(named).typeParams = DeclareTypeParams(f.TypeParams(decl));
  }
  TypeId t = DefinedType(rhs, named);
  if (f.TypeParams(decl).count) CloseScope();
  if (!t) t = Universe::Basic(BasicKind::Invalid);
  // A type parameter cannot be the underlying type.
  if (u_.IsTypeParam(t)) {
    ErrorAtNode(rhs, "cannot use a type parameter as RHS in type declaration");
    t = Universe::Basic(BasicKind::Invalid);
  }
  NamedInfo &n = u_.Named(named);
  if (!n.underlying) n.underlying = t; // else an interface or error set it
  ResolveUnderlying(named);
  ExpandInstances(named); // instances made while it was declared (generics.cpp)
  if (u_.Named(named).underlying != Universe::Basic(BasicKind::Invalid)) ValidType(named);
}

// The underlying type of a named type declared as another named type (`type T U`) is
// U's; a chain of such declarations that loops is an invalid recursive type.
void Checker::ResolveUnderlying(TypeId named) {
  std::vector<TypeId> chain{named};
  TypeId t = u_.Named(named).underlying;
  while (t && u_.IsNamed(t)) {
    if (std::find(chain.begin(), chain.end(), t) != chain.end()) {
      // Report the cycle from where it closes.
      size_t start = std::find(chain.begin(), chain.end(), t) - chain.begin();
      std::vector<ObjectId> cycle;
      for (size_t i = start; i < chain.size(); ++i)
        cycle.push_back(u_.Named(chain[i]).obj);
      if (!reportedCycles_.count(cycle.front().index)) {
        for (ObjectId o : cycle)
          reportedCycles_.insert(o.index);
        CycleError(cycle);
      }
      for (TypeId c : chain)
        u_.Named(c).underlying = Universe::Basic(BasicKind::Invalid);
      return;
    }
    chain.push_back(t);
    TypeId next = u_.Named(t).underlying;
    if (!next) return; // still being declared: resolved when it is
    t = next;
  }
  if (!t) return;
  for (TypeId c : chain)
    u_.Named(c).underlying = t;
}

// types2's validType: a type may not contain itself other than through a pointer, slice,
// map, channel, function or interface method.
void Checker::ValidType(TypeId named) {
  std::vector<TypeId> path;
  std::function<bool(TypeId)> valid = [&](TypeId t) -> bool {
    if (!t) return true;
    switch (u_.KindOf(t)) {
    case TypeKind::Array:
      return valid(u_.Elem(t));
    case TypeKind::Struct:
      for (ObjectId fld : u_.Struct(t).fields)
        if (!valid(Obj(fld).type)) return false;
      return true;
    case TypeKind::Named: {
      if (validTypes_.count(t.index)) return true;
      if (u_.Named(t).underlying == Universe::Basic(BasicKind::Invalid)) return false;
      // Instances of generic types are compared by identity (origin and arguments).
      auto it = std::find_if(path.begin(), path.end(),
                             [&](TypeId p) { return p == t || u_.Identical(p, t); });
      if (it != path.end()) {
        std::vector<ObjectId> cycle;
        for (auto p = it; p != path.end(); ++p)
          cycle.push_back(u_.Named(*p).obj);
        // Only the cycle's own package reports it, once.
        if (Obj(cycle.front()).pkg == &pkg_ && !reportedCycles_.count(cycle.front().index)) {
          for (ObjectId o : cycle)
            reportedCycles_.insert(o.index);
          CycleError(cycle);
        }
        for (auto p = it; p != path.end(); ++p)
          if (Obj(u_.Named(*p).obj).pkg == &pkg_)
            u_.Named(*p).underlying = Universe::Basic(BasicKind::Invalid);
        return false;
      }
      if (Obj(u_.Named(t).obj).pkg != &pkg_) return true; // imported: checked there
      // An instance made while its generic type was being declared gets its underlying
      // type now, so that a struct embedding its own instance is seen.
      NamedInfo &ni = u_.Named(t);
      if (!ni.underlying && ni.origin != t && u_.Named(ni.origin).underlying && path.size() < 64) {
        TypeId ou = u_.Named(ni.origin).underlying;
        std::vector<TypeId> params = u_.Named(ni.origin).typeParams, args = ni.typeArgs;
        if (params.size() == args.size()) u_.Named(t).underlying = Subst(ou, params, args);
      }
      if (path.size() >= 64) return true; // nesting of distinct instances: not a cycle
      path.push_back(t);
      bool ok = valid(u_.Named(t).underlying);
      path.pop_back();
      if (ok && !u_.Named(t).underlying) return true;
      if (ok) validTypes_.insert(t.index);
      return ok;
    }
    default:
      return true;
    }
  };
  valid(named);
}

void Checker::CollectMethods(ObjectId tn) {
  auto it = methodsOf_.find(tn.index);
  if (it == methodsOf_.end()) return;
  std::vector<ObjectId> methods = std::move(it->second);
  methodsOf_.erase(it);
  TypeId named = Obj(tn).type;
  if (!u_.IsNamed(named)) return;
  llvm::StringMap<ObjectId> seen;
  for (ObjectId m : u_.Named(named).methods)
    seen[Obj(m).name] = m;
  for (ObjectId m : methods) {
    auto [pos, inserted] = seen.try_emplace(Obj(m).name, m);
    if (!inserted) {
      ErrorAtObj(m, std::string(Obj(tn).name) + "." + std::string(Obj(m).name) +
                        " redeclared in this block" + OtherDeclaration(pos->second));
      continue;
    }
    u_.Named(named).methods.push_back(m);
  }
  // Fields and methods must have different names.
  Later([this, named] {
    TypeId under = u_.Named(named).underlying;
    if (!under || u_.KindOf(under) != TypeKind::Struct) return;
    llvm::StringMap<ObjectId> names;
    for (ObjectId m : u_.Named(named).methods)
      names[Obj(m).name] = m;
    for (ObjectId fld : u_.Struct(under).fields) {
      if (Obj(fld).name == "_") continue;
      auto f = names.find(Obj(fld).name);
      if (f != names.end())
        ErrorAtObj(f->second, "field and method with the same name " + std::string(Obj(fld).name) +
                                  OtherDeclaration(fld));
    }
  });
}

void Checker::FuncSignature(ObjectId obj) {
  syntax::File &f = F();
  NodeId decl = Obj(obj).decl;
  NodeId ft = f.C(decl);
  Obj(obj).type = u_.Signature(TypeId{}, TypeId{}, false); // guard against cycles
  std::vector<ObjectId> declared;
  ObjectId recv;
  std::vector<TypeId> typeParams, recvTypeParams;
  bool scoped = false;
  if (NodeId r = f.Receiver(decl)) {
    OpenScope();
    scoped = true;
    recv = Receiver(obj, r, &recvTypeParams);
    if (recv && f.A(r)) declared.push_back(recv);
  } else if (f.TypeParams(decl).count) {
    OpenScope();
    scoped = true;
    typeParams = DeclareTypeParams(f.TypeParams(decl));
  }
  TypeId sig = FuncType(ft, recv, typeParams, &declared);
  u_.Sig(sig).recvTypeParams = recvTypeParams;
  if (scoped) CloseScope();
  Obj(obj).type = sig;
  funcParams_[obj.index] = std::move(declared);
}

// The receiver of method `m`: declares the receiver type's parameters (for a generic base
// type) and returns the receiver variable; its checks run later, when types are complete.
ObjectId Checker::Receiver(ObjectId m, NodeId field, std::vector<TypeId> *recvTypeParams) {
  syntax::File &f = F();
  NodeId texpr = f.B(field);
  bool ptr;
  NodeId baseName = ReceiverBaseName(texpr, &ptr);
  TypeId rtyp;
  NodeId inner = f.Unparen(texpr);
  if (ptr) inner = f.Unparen(f.A(inner));
  if (baseName && f.Kind(inner) == NodeKind::IndexExpr) {
    // func (r T[P, Q]) m(): P and Q are new type parameters with T's constraints.
    Operand base;
    Ident(base, baseName, true, true);
    TypeId bt = base.mode == Mode::TypeExpr ? base.type : TypeId{};
    std::vector<NodeId> names = f.Unpack(f.B(inner));
    if (bt && u_.IsNamed(bt) && !u_.Named(bt).typeParams.empty()) {
      const auto &tps = u_.Named(bt).typeParams;
      if (names.size() != tps.size()) {
        ErrorAtNode(f.B(inner), "got " + std::to_string(names.size()) +
                                    " type parameters, but receiver base type declares " +
                                    std::to_string(tps.size()));
      } else {
        std::vector<TypeId> own;
        for (size_t i = 0; i < names.size(); ++i) {
          NodeId n = names[i];
          if (f.Kind(n) != NodeKind::Name) {
            ErrorAtNode(n, "receiver type parameter " + ExprString(n) + " must be an identifier");
            continue;
          }
          Object o;
          o.kind = ObjectKind::TypeName;
          o.name = f.Text(n);
          o.file = file_;
          o.pos = f.Pos(n);
          ObjectId id = NewObject(o);
          TypeId tp = u_.NewTypeParam(id, static_cast<uint32_t>(i), TypeId{});
          Obj(id).type = tp;
          Info(n).object = id;
          Declare(id);
          own.push_back(tp);
        }
        if (own.size() == tps.size()) {
          // Bounds are T's, with T's parameters replaced by the receiver's.
          for (size_t i = 0; i < own.size(); ++i)
            u_.TParam(own[i]).bound = Subst(u_.TParam(tps[i]).bound, tps, own);
          *recvTypeParams = own;
          rtyp = Instantiate(bt, own, NodeId{}, false);
          if (ptr) rtyp = u_.NewPointer(rtyp);
          Info(texpr).type = rtyp;
        }
      }
    } else if (bt) {
      ErrorAtNode(inner, TypeString(bt) + " is not a generic type");
    }
    if (!rtyp) rtyp = Universe::Basic(BasicKind::Invalid);
  } else {
    rtyp = TypeExpr(texpr);
    if (!rtyp) rtyp = Universe::Basic(BasicKind::Invalid);
  }
  NodeId name = f.A(field);
  Object o;
  o.kind = ObjectKind::Var;
  o.name = name ? f.Text(name) : std::string_view();
  o.file = file_;
  o.pos = name ? f.Pos(name) : syntax::StartPos(f, texpr);
  o.type = rtyp;
  o.isParam = true;
  o.used = true;
  ObjectId recv = NewObject(o);
  if (name) Info(name).object = recv;
  uint32_t file = file_;
  Later([this, rtyp, texpr, file, m] {
    file_ = file;
    (void)m;
    TypeId t = rtyp;
    if (u_.KindOf(t) == TypeKind::Pointer) t = u_.Elem(t);
    if (t == Universe::Basic(BasicKind::Invalid) || !t) return;
    if (u_.IsNamed(t)) {
      const NamedInfo &n = u_.Named(t);
      if (!n.typeArgs.empty() && n.origin != t && !rtypGeneric_.count(t.index)) {
        // an instantiated type from an alias
      }
      if (Obj(n.obj).pkg != &pkg_) {
        ErrorAtNode(texpr, "cannot define new methods on non-local type " + TypeString(t));
        return;
      }
      TypeId under = u_.Under(t);
      std::string cause;
      if (under && u_.KindOf(under) == TypeKind::Basic &&
          u_.Kind(under) == BasicKind::UnsafePointer)
        cause = "unsafe.Pointer";
      else if (under &&
               (u_.KindOf(under) == TypeKind::Pointer || u_.KindOf(under) == TypeKind::Interface))
        cause = "pointer or interface type";
      if (!cause.empty())
        ErrorAtNode(texpr, "invalid receiver type " + TypeString(t) + " (" + cause + ")");
    } else if (u_.IsBasic(t)) {
      ErrorAtNode(texpr, "cannot define new methods on non-local type " + TypeString(t));
    } else {
      ErrorAtNode(texpr, "invalid receiver type " + TypeString(rtyp));
    }
  });
  return recv;
}

void Checker::FuncBody(ObjectId obj) {
  file_ = Obj(obj).file;
  syntax::File &f = F();
  NodeId decl = Obj(obj).decl;
  currentDecl_ = obj;
  TypeId sig = Obj(obj).type;
  if (!sig || !u_.IsSignature(sig)) return;
  NodeId body = f.D(decl);
  OpenScope();
  // Type parameters (of the function or the receiver) are in scope in the body.
  const SignatureInfo &si = u_.Sig(sig);
  for (TypeId tp : si.typeParams)
    Declare(u_.TParam(tp).obj);
  for (TypeId tp : si.recvTypeParams)
    Declare(u_.TParam(tp).obj);
  for (ObjectId p : funcParams_[obj.index])
    Declare(p);
  FuncBodyIn(sig, body);
  CloseScope();
  currentDecl_ = ObjectId{};
}

// Checks a function body (of a declaration or a literal) whose parameters are declared in
// the innermost scope.
void Checker::FuncBodyIn(TypeId sig, NodeId body) {
  syntax::File &f = F();
  TypeId savedResults = sigResults_;
  auto savedLocals = std::move(localVars_);
  bool savedUnsupported = unsupportedInFunc_;
  localVars_.clear();
  sigResults_ = u_.Results(sig);
  unsupportedInFunc_ = false;
  Branches(body);
  StmtList(f.ListAB(body));
  if (u_.TupleLen(sigResults_) > 0 && !unsupportedInFunc_ && !IsTerminating(body, ""))
    Error(f[body].c, "missing return");
  Usage(0);
  sigResults_ = savedResults;
  localVars_ = std::move(savedLocals);
  unsupportedInFunc_ = savedUnsupported;
}

void Checker::Usage(size_t) {
  std::vector<ObjectId> unused;
  for (ObjectId v : localVars_)
    if (!Obj(v).used) unused.push_back(v);
  std::sort(unused.begin(), unused.end(),
            [&](ObjectId a, ObjectId b) { return Obj(a).pos < Obj(b).pos; });
  if (!unsupportedInFunc_)
    for (ObjectId v : unused)
      ErrorAtObj(v, std::string(Obj(v).name) + " declared but not used");
  localVars_.clear();
}

// ---------------------------------------------------------------------------
// Local declarations

void Checker::LocalConstDecl(NodeId spec) {
  syntax::File &f = F();
  std::vector<ObjectId> objs;
  for (NodeId n : std::vector<NodeId>(f.begin(f.ListAB(spec)), f.end(f.ListAB(spec)))) {
    Object o;
    o.kind = ObjectKind::Const;
    o.name = f.Text(n);
    o.file = file_;
    o.pos = f.Pos(n);
    o.decl = spec;
    ObjectId id = NewObject(o);
    Info(n).object = id;
    objs.push_back(id);
  }
  TypeId typ;
  if (f.C(spec)) {
    typ = TypeExpr(f.C(spec));
    if (!typ) typ = Universe::Basic(BasicKind::Invalid);
  }
  ConstSpecValues(spec, objs, typ, static_cast<int>(f.ConstIota(spec)));
  // The scope of a constant starts after its ConstSpec.
  for (ObjectId id : objs)
    Declare(id);
}

void Checker::LocalVarDecl(NodeId spec) {
  syntax::File &f = F();
  std::vector<ObjectId> objs;
  std::vector<NodeId> names(f.begin(f.ListAB(spec)), f.end(f.ListAB(spec)));
  TypeId typ;
  if (f.C(spec)) {
    typ = TypeExpr(f.C(spec));
    if (!typ) typ = Universe::Basic(BasicKind::Invalid);
  }
  for (NodeId n : names) {
    Object o;
    o.kind = ObjectKind::Var;
    o.name = f.Text(n);
    o.file = file_;
    o.pos = f.Pos(n);
    o.type = typ;
    ObjectId id = NewObject(o);
    Info(n).object = id;
    objs.push_back(id);
  }
  // As types2's varDecl: one value per variable, or one multi-value expression for all
  // of them; a count that matches neither is reported as gc's arity does. Variables of
  // an invalid type are not reported unused (types2 follows gc there).
  std::vector<NodeId> vals = f.Unpack(f.D(spec));
  if (f.C(spec) && !typ) {
    for (NodeId v : vals)
      UseExpr(v);
    for (ObjectId id : objs)
      Obj(id).used = true;
  } else if (vals.size() == 1 && objs.size() > 1) {
    InitVars(objs, vals[0], vals[0], "variable declaration");
  } else {
    for (size_t i = 0; i < objs.size(); ++i) {
      if (i >= vals.size()) {
        if (!typ) Obj(objs[i]).type = Universe::Basic(BasicKind::Invalid);
        continue;
      }
      Operand x;
      Expr(x, vals[i]);
      InitVar(objs[i], x, "variable declaration");
    }
    for (size_t i = objs.size(); i < vals.size(); ++i) {
      Operand x;
      RawExpr(x, vals[i], true);
    }
    if (vals.size() > objs.size())
      ErrorAtNode(vals[objs.size()], "extra init expr " + ExprString(vals[objs.size()]));
    else if (vals.size() < objs.size() && !vals.empty())
      Error(f.Pos(names[vals.size()]),
            "missing init expr for " + std::string(f.Text(names[vals.size()])));
  }
  for (ObjectId id : objs)
    if (Obj(id).type == Universe::Basic(BasicKind::Invalid)) Obj(id).used = true;
  // The scope of a variable starts after its VarSpec.
  for (ObjectId id : objs) {
    if (Declare(id) && Obj(id).name != "_") localVars_.push_back(id);
  }
}

void Checker::LocalTypeDecl(NodeId decl) {
  syntax::File &f = F();
  NodeId nameNode = f.A(decl);
  Object o;
  o.kind = ObjectKind::TypeName;
  o.name = f.Text(nameNode);
  o.file = file_;
  o.pos = f.Pos(nameNode);
  o.decl = decl;
  o.alias = f[decl].flags & 1;
  ObjectId id = NewObject(o);
  Info(nameNode).object = id;
  // The scope of a type starts at its name (recursive types refer to themselves).
  Declare(id);
  Color(id) = 1;
  objPath_.push_back(id);
  TypeDecl(id, decl);
  objPath_.pop_back();
  Color(id) = 2;
}

// ---------------------------------------------------------------------------
// Initialization order

void Checker::InitOrder() {
  // Variables without an initializer are units too (with no rhs): the spec initializes
  // them in declaration order like the others, so a variable that depends on one declared
  // later waits for it (var a = f(x); var e = g(); var x int: e, x, a). They are dropped
  // from the result.
  std::vector<Initializer> units = std::move(pkg_.initOrder);
  pkg_.initOrder.clear();
  auto pos = [&](const Initializer &u) {
    return u.rhs ? pkg_.files[u.file]->Pos(u.rhs) : Obj(u.lhs[0]).pos;
  };
  // Source order: (file, position).
  std::sort(units.begin(), units.end(), [&](const Initializer &a, const Initializer &b) {
    if (a.file != b.file) return a.file < b.file;
    return pos(a) < pos(b);
  });
  llvm::DenseMap<uint32_t, int> unitOf;
  for (size_t u = 0; u < units.size(); ++u)
    for (ObjectId o : units[u].lhs)
      if (o) unitOf[o.index] = static_cast<int>(u);
  // Dependencies of each unit on other units, found through functions transitively.
  std::vector<std::vector<int>> dependents(units.size());
  std::vector<int> pending(units.size(), 0);
  llvm::DenseMap<uint32_t, uint32_t> seen;
  uint32_t stamp = 0;
  bool cycle = false;
  for (size_t u = 0; u < units.size(); ++u) {
    ++stamp;
    std::vector<ObjectId> work;
    for (ObjectId o : units[u].lhs)
      if (o) work.insert(work.end(), Deps(o).begin(), Deps(o).end());
    std::vector<int> depUnits;
    while (!work.empty()) {
      ObjectId d = work.back();
      work.pop_back();
      uint32_t &s = seen[d.index];
      if (s == stamp) continue;
      s = stamp;
      const Object &o = Obj(d);
      if (o.pkg != &pkg_) continue;
      if (o.kind == ObjectKind::Func) {
        std::vector<ObjectId> &dd = Deps(d);
        work.insert(work.end(), dd.begin(), dd.end());
      } else if (o.kind == ObjectKind::Var && unitOf.count(d.index)) {
        int du = unitOf[d.index];
        if (du == static_cast<int>(u)) {
          if (!cycle) {
            ObjectId first = units[u].lhs[0];
            for (ObjectId l : units[u].lhs)
              if (l) first = l;
            ErrorAtObj(first, "initialization loop for " + std::string(Obj(first).name));
            cycle = true;
          }
          continue;
        }
        depUnits.push_back(du);
      }
    }
    std::sort(depUnits.begin(), depUnits.end());
    depUnits.erase(std::unique(depUnits.begin(), depUnits.end()), depUnits.end());
    pending[u] = static_cast<int>(depUnits.size());
    for (int du : depUnits)
      dependents[du].push_back(static_cast<int>(u));
  }
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (size_t u = 0; u < units.size(); ++u)
    if (pending[u] == 0) ready.push(static_cast<int>(u));
  std::vector<bool> done(units.size(), false);
  while (!ready.empty()) {
    int u = ready.top();
    ready.pop();
    done[u] = true;
    if (units[u].rhs) pkg_.initOrder.push_back(units[u]);
    for (int d : dependents[u])
      if (--pending[d] == 0) ready.push(d);
  }
  // Units left over are part of a cycle (already reported); keep them in source order.
  for (size_t u = 0; u < units.size(); ++u)
    if (!done[u] && units[u].rhs) pkg_.initOrder.push_back(units[u]);
}

// ---------------------------------------------------------------------------
// The package

void Checker::ProcessLater() {
  // Delayed checks may add more.
  for (size_t i = 0; i < later_.size(); ++i) {
    auto fn = std::move(later_[i]);
    uint32_t savedFile = file_;
    fn();
    file_ = savedFile;
  }
  later_.clear();
}

void Checker::CheckPackage() {
  objBase_ = static_cast<uint32_t>(u_.NumObjects());
  pkg_.selections.emplace_back();
  pkg_.instances.emplace_back();
  for (auto &f : pkg_.files)
    pkg_.info.emplace_back(f->nodes.size());
  CollectObjects();
  // Declarations in source order, types first (as types2: non-alias types, then aliases,
  // then everything else); each may check others on demand.
  std::vector<ObjectId> order;
  for (ObjectId tn : typeNames_)
    if (!Obj(tn).alias) order.push_back(tn);
  for (ObjectId tn : typeNames_)
    if (Obj(tn).alias) order.push_back(tn);
  for (ObjectId fn : funcDecls_)
    if (Obj(fn).packageLevel) order.push_back(fn);
  order.insert(order.end(), valueObjs_.begin(), valueObjs_.end());
  std::sort(order.begin() + static_cast<long>(typeNames_.size()), order.end(),
            [&](ObjectId a, ObjectId b) { return a.index < b.index; });
  for (ObjectId id : order)
    ObjDecl(id);
  // Methods (their receivers may name any type) and init functions.
  for (ObjectId fn : funcDecls_)
    if (!Obj(fn).packageLevel || Obj(fn).name == "init") ObjDecl(fn);
  ProcessLater();
  if (!config_.ignoreFuncBodies) {
    for (ObjectId fn : funcDecls_) {
      if (!F(Obj(fn).file).D(Obj(fn).decl)) continue;
      FuncBody(fn);
      ProcessLater();
    }
  }
  Monomorph(); // instantiation cycles (generics.cpp)
  UnusedImports();
  Linknames();
  // gc reports a missing main from its linker, so only when the package compiled.
  if (pkg_.name == "main" && !pkg_.files.empty() && !diags_.HasErrors()) {
    ObjectId m = pkg_.Lookup("main");
    if (!m || Obj(m).kind != ObjectKind::Func) {
      syntax::File &f0 = *pkg_.files[0];
      diags_.Error(f0.id, f0.packageName ? f0.Pos(f0.packageName) : 0,
                   "function main is undeclared in the main package");
    }
  }
  InitOrder();
  pkg_.complete = true;
}

std::string Package::Qualifier(const Package *from) const {
  if (!from) return name;
  // Another imported package with the same name: print the path.
  for (const Package *p : from->imports)
    if (p != this && p->name == name) return "\"" + path + "\"";
  return name;
}

std::unique_ptr<Package> Check(Universe &u, std::string importPath,
                               std::vector<std::unique_ptr<syntax::File>> files,
                               const Config &config, base::Diagnostics &diags) {
  auto pkg = std::make_unique<Package>(u, std::move(importPath));
  pkg->files = std::move(files);
  size_t errorsBefore = diags.ErrorCount();
  Checker checker(*pkg, config, diags);
  checker.CheckPackage();
  pkg->hasErrors = diags.ErrorCount() > errorsBefore;
  return pkg;
}

} // namespace talpa::types
