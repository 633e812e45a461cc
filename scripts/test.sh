#!/usr/bin/env bash
# Every check CI runs: install what is missing, check formatting, then build and run all tests
# with warnings as errors and clang-tidy (ci preset; its tests include the short crash loop and
# soak), fuzz every libFuzzer target for a minute (fuzz preset), and run the tests again under
# ASan+UBSan (asan preset).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --fuzz clang-format clang-tidy

echo "== formatting (clang-format $(clang-format --version | grep -o '[0-9][0-9.]*' | head -1))"
git ls-files -z '*.cpp' '*.hpp' | xargs -0 clang-format --dry-run --Werror

jobs=$(nproc)
export CMAKE_BUILD_PARALLEL_LEVEL=$jobs
echo "== ci preset: warnings as errors, clang-tidy"
cmake --workflow --preset ci
echo "== fuzzing: each target for 60 s, its seed and regression inputs first"
scripts/fuzz.sh 60
echo "== asan preset: AddressSanitizer + UndefinedBehaviorSanitizer"
cmake --workflow --preset asan
