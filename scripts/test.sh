#!/usr/bin/env bash
# Quick start, second command: install what is missing, build the CI preset, run every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci
