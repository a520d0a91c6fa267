#!/usr/bin/env bash
# smoke.sh BUILD_DIR: runs every fuzz target of the fuzz build in BUILD_DIR (build/fuzz) over its
# corpora, seeds and regressions, then fuzzes it for a few seconds (bounded by time and runs).
# New inputs go to a temporary directory, never into the corpora. Exits non-zero, with the
# target's log, when a target crashes, breaks a property, or is missing. CI runs it through ctest.
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_dir="$(cd "${1:?usage: smoke.sh BUILD_DIR}" && pwd)"
seconds="${FUZZ_SMOKE_SECONDS:-3}"
targets="$(fuzz_targets "$build_dir")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=0
for target in $targets; do
  mkdir -p "$work/$target/new" "$work/$target/artifacts"
  mapfile -t inputs < <(fuzz_inputs "$build_dir" "$target")
  log="$work/$target/log"
  # shellcheck disable=SC2046
  if "$build_dir/fuzz/$target" -max_total_time="$seconds" -runs=2000000 -timeout=20 \
      -rss_limit_mb=2048 -artifact_prefix="$work/$target/artifacts/" $(fuzz_dict_args "$build_dir" "$target") \
      "$work/$target/new" "${inputs[@]}" > "$log" 2>&1; then
    echo "fuzz smoke: $target ok ($(grep -E '^Done [0-9]+ runs' "$log" || echo 'done'))"
  else
    failed=1
    echo "fuzz smoke: $target FAILED; the last lines of its log:" >&2
    tail -n 40 "$log" >&2
    for artifact in "$work/$target/artifacts"/*; do
      [ -e "$artifact" ] && echo "input (base64): $(base64 -w0 "$artifact")" >&2
    done
  fi
done
exit "$failed"
