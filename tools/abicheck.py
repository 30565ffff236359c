#!/usr/bin/env python3
"""Checks that the compiler and the runtime agree on runtime/include/talpa/abi.h, on every
target (ctest `abi_layouts`), and that a change one side misses is caught (`abi_mismatch`).

    tools/abicheck.py --talpa build/bin/talpa --abigen build/tools/abigen/talpa-abigen \
        --header runtime/include/talpa/abi.h --rsp build/gen/abigen.rsp \
        --table build/gen/talpa/abi_layout.inc [--mutations --cxx clang++-19 -I dir...]

Layouts: a fresh talpa-abigen run over the header must reproduce the table built into
talpa (else the build is stale), and for each target the compiler's layouts (`talpa tool
abi`: its LLVM types under the target's data layout) must equal clang's (`talpa-abigen
-target`), line for line.

Mutations: each edits a copy of the header as someone changing one side might, and shows
the check that catches it; each check is also run on the unchanged copy, which it must
pass, so none of them can pass by failing always. The header's own static_asserts are
removed from the copies: they would stop most edits first, and the point is what holds
without them. See docs/compiler/abi.md.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def targets_of(table_text):
    return re.findall(r"^ABI_TARGET\((\w+), ", table_text, re.M)


def goos_goarch(name):
    goos, goarch = name.split("_", 1)
    return f"{goos}/{goarch}"


def compare_target(a, header, name, table=None):
    """Clang's lines for `name` against the compiler's; returns a list of problems."""
    clang = run([a.abigen, "-target", name, header, "@" + a.rsp])
    if clang.returncode != 0:
        return [f"talpa-abigen -target {name} failed:\n{clang.stderr}"]
    cmd = [a.talpa, "tool", "abi", "-target", goos_goarch(name)]
    if table:
        cmd += ["-table", table]
    llvm = run(cmd)
    problems = []
    if llvm.returncode != 0:
        problems.append(f"{' '.join(cmd)} exited {llvm.returncode}:\n{llvm.stderr}")
    if llvm.stdout != clang.stdout:
        diff = difflib.unified_diff(clang.stdout.splitlines(), llvm.stdout.splitlines(),
                                    "clang (talpa-abigen)", "compiler (talpa tool abi)",
                                    lineterm="", n=0)
        problems.append(f"{name}: the compiler's layouts differ from abi.h's:\n" +
                        "\n".join(diff))
    return problems


def check_layouts(a):
    with open(a.table) as f:
        built = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        fresh_path = os.path.join(tmp, "abi_layout.inc")
        r = run([a.abigen, "-o", fresh_path, a.header, "@" + a.rsp])
        if r.returncode != 0:
            print(f"FAIL: talpa-abigen failed on {a.header}:\n{r.stderr}")
            return 1
        with open(fresh_path) as f:
            fresh = f.read()
    problems = []
    if fresh != built:
        problems.append(f"{a.table} differs from a fresh talpa-abigen run over abi.h (a stale build or a hand-edited table: rebuild)")
    names = targets_of(built)
    if not names:
        problems.append(f"{a.table}: no targets")
    for name in names:
        problems += compare_target(a, a.header, name)
    if problems:
        print("FAIL:\n" + "\n".join(problems))
        return 1
    structs = len(re.findall(r"^ABI_STRUCT_DECL\(", built, re.M))
    fields = len(re.findall(r"^ABI_FIELD_DECL\(", built, re.M))
    print(f"abi_layouts: {len(names)} targets ({', '.join(names)}), {structs} structs, "
          f"{fields} fields: clang and the compiler's LLVM types agree")
    return 0


# ---------------------------------------------------------------------------
# Mutations

def strip_asserts(text):
    return re.sub(r"static_assert\((?:[^;])*?\);\n", "", text, flags=re.S)


def edit(text, old, new):
    if old not in text:
        raise SystemExit(f"abicheck: the mutation's anchor {old!r} is not in abi.h any more")
    return text.replace(old, new, 1)


class Mutations:
    def __init__(self, a, tmp):
        self.a, self.tmp = a, tmp
        with open(a.header) as f:
            self.pristine = strip_asserts(f.read())
        self.failures = []
        self.count = 0

    def header(self, tag, text):
        d = os.path.join(self.tmp, tag)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, "abi.h")
        with open(path, "w") as f:
            f.write(text)
        return path

    def expect(self, what, mutated, check):
        """check(tag, header) -> (caught, evidence). The unchanged header must pass the
        check, the mutated one must fail it."""
        self.count += 1
        ok_caught, ok_evidence = check("control", self.header("control", self.pristine))
        caught, evidence = check("mutated", self.header("mutated", mutated))
        if ok_caught:
            self.failures.append(f"{what}: the check fails on the unchanged header too:\n"
                                 f"{ok_evidence}")
        elif not caught:
            self.failures.append(f"{what}: not caught\n{evidence}")
        else:
            first = evidence.strip().splitlines()
            print(f"caught: {what}\n    {first[0] if first else ''}")

    def abigen_fails(self, needle):
        def check(tag, header):
            r = run([self.a.abigen, "-o", os.path.join(self.tmp, tag, "t.inc"), header,
                     "@" + self.a.rsp])
            return r.returncode != 0 and needle in r.stderr, r.stderr
        return check

    def compiler_differs(self, name):
        def check(tag, header):
            problems = compare_target(self.a, header, name)
            return bool(problems), "\n".join(problems)
        return check

    def llvm_disagrees(self, name, needle):
        def check(tag, header):
            table = os.path.join(self.tmp, tag, "t.inc")
            r = run([self.a.abigen, "-o", table, header, "@" + self.a.rsp])
            if r.returncode != 0:
                return False, "talpa-abigen failed:\n" + r.stderr
            t = run([self.a.talpa, "tool", "abi", "-target", goos_goarch(name), "-table", table])
            return t.returncode == 1 and needle in t.stderr, t.stderr
        return check

    def field_lookup_fails(self, struct, field):
        """Compiles a use of AbiField(struct, field) against the copy's table."""
        def check(tag, header):
            gen = os.path.join(self.tmp, tag, "gen")
            r = run([self.a.abigen, "-o", os.path.join(gen, "talpa", "abi_layout.inc"), header,
                     "@" + self.a.rsp])
            if r.returncode != 0:
                return False, "talpa-abigen failed:\n" + r.stderr
            probe = os.path.join(self.tmp, tag, "probe.cpp")
            with open(probe, "w") as f:
                f.write('#include "compiler/lower/abi.h"\n'
                        "constexpr unsigned kIndex = talpa::lower::AbiField("
                        f'talpa::lower::AbiStruct::{struct}, "{field}");\n'
                        "unsigned Index() { return kIndex; }\n")
            cmd = [self.a.cxx, "-std=c++20", "-fsyntax-only", "-fno-exceptions", "-fno-rtti",
                   "-I", gen] + [arg for d in self.a.include for arg in ("-I", d)] + [probe]
            c = run(cmd)
            return c.returncode != 0 and "FieldNotInAbiHeader" in c.stderr, c.stderr
        return check


def check_mutations(a):
    with open(a.table) as f:
        name = targets_of(f.read())[0]
    with tempfile.TemporaryDirectory() as tmp:
        m = Mutations(a, tmp)
        p = m.pristine
        # The runtime widens a field and the compiler is not rebuilt: its table is stale.
        m.expect("_type.hash widened to 64 bits, compiler not rebuilt",
                 edit(p, "  uint32_t hash;", "  uint64_t hash;"), m.compiler_differs(name))
        # clang honours alignas; the compiler's plain LLVM struct cannot follow it.
        m.expect("alignas(16) on _type.equal: a layout LLVM's natural struct does not give",
                 edit(p, "  bool (*equal)(", "  alignas(16) bool (*equal)("),
                 m.llvm_disagrees(name, "_type.equal: offset 32 (clang), 24 (LLVM"))
        m.expect("packed eface: the alignment differs",
                 edit(p, "struct eface {", "struct __attribute__((packed)) eface {"),
                 m.llvm_disagrees(name, "eface: alignment 1 (clang), 8 (LLVM"))
        # A field renamed in the header: lowering code that names it no longer compiles.
        m.expect("_type.gcdata renamed: AbiField(_type, \"gcdata\") stops compiling",
                 edit(p, "  const uint8_t *gcdata;", "  const uint8_t *gcbits;"),
                 m.field_lookup_fails("_type", "gcdata"))
        # Field lists must be the same on every target (field indices are constants).
        m.expect("a field only on arm64",
                 edit(p, "  intptr_t cap;\n",
                      "  intptr_t cap;\n#if defined(__aarch64__)\n  uintptr_t extra;\n#endif\n"),
                 m.abigen_fails("disagree: the fields of slice"))
        m.expect("a bit-field",
                 edit(p, "  uint8_t tflag;", "  uint8_t tflag : 4;"),
                 m.abigen_fails("bit-fields are not supported"))
        m.expect("a union member type",
                 edit(p, "struct ptrtype {", "union ptrtype {"),
                 m.abigen_fails("unions are not supported"))
        m.expect("a header that does not compile for a target",
                 edit(p, "struct slice {", "#ifdef __riscv\n#error no\n#endif\nstruct slice {"),
                 m.abigen_fails("does not compile for linux_riscv64"))
        if m.failures:
            print("FAIL:\n" + "\n".join(m.failures))
            return 1
        print(f"abi_mismatch: {m.count} mutations of abi.h, each caught; the unchanged "
              "header passes every check")
        return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--talpa", required=True)
    ap.add_argument("--abigen", required=True)
    ap.add_argument("--header", required=True)
    ap.add_argument("--rsp", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--mutations", action="store_true")
    ap.add_argument("--cxx", default="clang++-19")
    ap.add_argument("-I", dest="include", action="append", default=[])
    a = ap.parse_args()
    if a.mutations:
        return check_mutations(a)
    return check_layouts(a)


if __name__ == "__main__":
    sys.exit(main())
