#!/usr/bin/env bash
# Every check CI runs: install what is missing, check formatting, then build and run all tests
# with warnings as errors (ci preset) and under ASan+UBSan (asan preset).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh clang-format

echo "== formatting (clang-format $(clang-format --version | grep -o '[0-9][0-9.]*' | head -1))"
git ls-files -z '*.cpp' '*.hpp' | xargs -0 clang-format --dry-run --Werror

jobs=$(nproc)
export CMAKE_BUILD_PARALLEL_LEVEL=$jobs
echo "== ci preset: warnings as errors"
cmake --workflow --preset ci
echo "== asan preset: AddressSanitizer + UndefinedBehaviorSanitizer"
cmake --workflow --preset asan
