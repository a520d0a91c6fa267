#!/usr/bin/env bash
# Quick start, first command: install what is missing, build the release preset, run the walkthrough.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target hogsim
build/release/cli/hogsim demo
