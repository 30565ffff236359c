# lit configuration for talpa's FileCheck tests: driver/, diagnostics/, ir/, inspect/.
#
# Run through ctest (test `lit`) or directly:
#   /usr/lib/llvm-19/build/utils/lit/lit.py -sv build/test/lit          (configured)
#   TALPA=build/bin/talpa /usr/lib/llvm-19/build/utils/lit/lit.py -sv test/lit
#
# Substitutions: %talpa, %FileCheck, %not (and plain `not`, `FileCheck`, `count`,
# `llvm-readobj`, ... from LLVM's bin directory on PATH), %python, %errorcheck FILE
# (Go's `// ERROR "regexp"` comments checked against talpa's diagnostics), %inspect FILE
# (tools/inspect.py: format, entry point, imports, code signature of a PE or Mach-O file),
# %exit N CMD (runs CMD, passes its output through, fails unless it exits with N).
#
# A .go file without a RUN: line but with `// ERROR` comments is an errorcheck test.

import os
import sys

import lit.util

config.name = "talpa"
config.suffixes = [".go", ".test"]
config.excludes = ["Inputs", "README.md", "lit.cfg.py", "lit.site.cfg.py", "talpa_lit.py",
                   "exit.py"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))

repo = os.path.dirname(os.path.dirname(config.test_source_root))
tools_dir = os.path.join(repo, "tools")
llvm_bin = getattr(config, "llvm_tools_dir", None) or "/usr/lib/llvm-19/bin"
talpa = getattr(config, "talpa", None) or os.environ.get("TALPA") or \
    os.path.join(repo, "build", "bin", "talpa")
python = getattr(config, "python_executable", None) or sys.executable
if getattr(config, "test_exec_root", None) is None:
    # Run from the source tree (no lit.site.cfg.py): scratch files go to a temp dir.
    import tempfile
    config.test_exec_root = os.path.join(tempfile.gettempdir(), "talpa-lit")

sys.path.insert(0, tools_dir)
sys.path.insert(0, config.test_source_root)
import talpa_lit  # noqa: E402

config.test_format = talpa_lit.TalpaFormat(talpa)

config.environment["PATH"] = os.pathsep.join(
    [os.path.dirname(talpa), llvm_bin, config.environment.get("PATH", os.environ["PATH"])])
for var in ("HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# Builds pick their target from -target; a stray GOOS/GOARCH must not leak in.
for var in ("GOOS", "GOARCH"):
    config.environment.pop(var, None)
config.environment["TALPA_CACHE"] = os.path.join(config.test_exec_root, "cache")

config.substitutions.append(("%talpa", talpa))
config.substitutions.append(("%FileCheck", os.path.join(llvm_bin, "FileCheck")))
config.substitutions.append(("%not", os.path.join(llvm_bin, "not")))
config.substitutions.append(("%python", python))
config.substitutions.append(
    ("%errorcheck", f"{python} {os.path.join(tools_dir, 'errorcheck.py')} --talpa {talpa}"))
config.substitutions.append(
    ("%inspect", f"{python} {os.path.join(tools_dir, 'inspect.py')}"))
config.substitutions.append(
    ("%exit", f"{python} {os.path.join(config.test_source_root, 'exit.py')}"))

# Features: which tools exist, so tests can say REQUIRES: wine etc.
for tool in ("qemu-aarch64", "qemu-riscv64", "wine"):
    if lit.util.which(tool):
        config.available_features.add(tool)
# %wine runs a windows executable in the build's wine prefix (ctest's wine_prefix fixture
# makes it); tests that use it say REQUIRES: wine-prefix.
wineprefix = getattr(config, "wineprefix", "")
if lit.util.which("wine") and wineprefix and os.path.exists(os.path.join(wineprefix, "system.reg")):
    config.available_features.add("wine-prefix")
    config.substitutions.append(
        ("%wine", f"env WINEPREFIX={wineprefix} WINEDEBUG=-all WINEDLLOVERRIDES=mscoree,mshtml= "
                  "DISPLAY= wine"))
if os.path.exists(talpa):
    config.available_features.add("talpa")
if os.getuid() == 0:
    config.available_features.add("root")  # permission tests cannot fail for root
if os.uname().machine in ("x86_64", "aarch64", "riscv64"):
    config.available_features.add("native")  # the host runs its own linux executables
