// Generics by monomorphisation: substitution of type parameters by concrete types, shared by
// the support check (support.cpp) and the lowering (generic.cpp). docs/compiler/lower.md,
// "Generics", describes the design.
#ifndef TALPA_LOWER_GENERIC_H
#define TALPA_LOWER_GENERIC_H

#include <vector>

#include "compiler/types/types.h"
#include "llvm/ADT/DenseMap.h"

namespace talpa::lower {

using types::ObjectId;
using types::TypeId;

// The instances of generic named types, one per (origin, type arguments): those the checker
// made are found, others are made in the universe with their underlying type substituted.
// The universe is the build's one type store, so the types made here are ordinary types
// to every part of the lowering (sizes, layouts, descriptors).
class TypeInstances {
public:
  explicit TypeInstances(types::Universe &u);
  types::Universe &U;

  // The instance of generic type `origin` with `args`.
  TypeId Instance(TypeId origin, const std::vector<TypeId> &args);
  // t with every from[i] replaced by to[i] (no cache: see Substitution).
  TypeId Subst(TypeId t, const std::vector<TypeId> &from, const std::vector<TypeId> &to);

private:
  llvm::DenseMap<uint32_t, std::vector<TypeId>> byOrigin_; // origin -> instances
};

// One function instance's substitution: its type parameters (a method of a generic type:
// its receiver's) by concrete type arguments. Apply is cached, so each type of the body is
// substituted once per instance and one Go type gives one TypeId (and one LLVM type).
class Substitution {
public:
  Substitution(TypeInstances &ti, std::vector<TypeId> from, std::vector<TypeId> to)
      : ti_(&ti), from_(std::move(from)), to_(std::move(to)) {}
  TypeId Apply(TypeId t);
  const std::vector<TypeId> &From() const { return from_; }
  const std::vector<TypeId> &To() const { return to_; }

private:
  TypeInstances *ti_;
  std::vector<TypeId> from_, to_;
  llvm::DenseMap<uint32_t, TypeId> cache_;
};

// The type parameters of function `fn`, in the order Package::instances lists its type
// arguments (a method of a generic type: its receiver's type parameters).
const std::vector<TypeId> &TypeParamsOf(const types::Universe &u, ObjectId fn);
bool IsGeneric(const types::Universe &u, ObjectId fn);

// The generic function a call's `fun` (F, F[A, B], (F)) names, or 0.
ObjectId GenericCallee(const types::Package &pkg, uint32_t file, syntax::NodeId fun);

} // namespace talpa::lower

#endif // TALPA_LOWER_GENERIC_H
