#!/usr/bin/env bash
# Quick start, second command: install what is missing, build the CI preset, run every test through ctest.
# The fuzz preset (clang, libFuzzer) is built first so that ctest's fuzz_smoke test runs its targets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset fuzz
cmake --build --preset fuzz
cmake --preset ci -DHOG_FUZZ_BUILD_DIR="$PWD/build/fuzz"
cmake --build --preset ci
ctest --preset ci
