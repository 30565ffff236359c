#!/usr/bin/env bash
# Installs the Debian packages talpa builds and tests with; idempotent.
set -euo pipefail

packages=(
  llvm-19-dev clang-19 lld-19 liblld-19-dev libclang-cpp19-dev libclang-19-dev
  llvm-19-tools libclang-rt-19-dev libzstd-dev libgmp-dev libmimalloc-dev cmake ninja-build python3
  golang-1.19-src golang-1.19-go gccgo
  qemu-user wine wine64 libgtest-dev time clang-format-19 clang-tidy-19 ccache
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
