#!/usr/bin/env bash
# Installs the Debian 12 packages the build needs, only those missing, through sudo when not root.
# Usage: scripts/install-deps.sh [--fuzz] [extra-package...]
#   --fuzz: also clang and its runtime libraries (libFuzzer, sanitizers), for scripts/fuzz.sh
set -euo pipefail

fuzz=()
if [[ ${1:-} == --fuzz ]]; then
    fuzz=(clang libclang-rt-14-dev)
    shift
fi

packages=(build-essential cmake git libxapian-dev libcxxopts-dev libfmt-dev nlohmann-json3-dev
          libboost-test-dev libarchive-dev libsqlite3-dev libicu-dev liblz4-dev libxxhash-dev
          # the peers news-bench compares against, and its plots
          sqlite3 default-jdk-headless liblucene8-java gnuplot-nox xapian-tools "${fuzz[@]}" "$@")

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
