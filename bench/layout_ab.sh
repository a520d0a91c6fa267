#!/usr/bin/env bash
# Compares the hog_bench of two release builds on cases that move with code layout alone.
#
# The small call's round trip moves by about ±15 % with nothing but the order in which hog_core's
# object files are linked, more than most changes to the code move it, so one binary per build
# says little. This relinks each build's hog_bench N times, hog_core's objects in N shuffled
# orders (the same N for both builds; the objects are not recompiled), runs every variant of both
# builds interleaved on one CPU, keeps each variant's best of R runs, and prints per case and
# build the mean, lowest and highest time over the orders, and the ratio of the means. Read a
# change as real when the means differ by more than a few per cent and the ranges agree.
#
# Usage: bench/layout_ab.sh BUILD_A BUILD_B [--orders N] [--rounds R] [--filter REGEX] [--cpu C]
#   BUILD_A, BUILD_B  release build directories with hog_bench built, e.g. a copy of
#                     build/release made before the change (cp -a; it is not rebuilt here) and
#                     build/release after it
#   --orders N        link orders per build (default 8)
#   --rounds R        runs per variant, best kept (default 2)
#   --filter REGEX    Google Benchmark filter (default: the call payload's cases, 'call$')
#   --cpu C           the CPU to run on (default 0)
set -euo pipefail

usage() {
  sed -n '/^# Usage:/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
builds=("$1" "$2")
shift 2
orders=8 rounds=2 filter='call$' cpu=0
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || usage
  case "$1" in
    --orders) orders=$2 ;;
    --rounds) rounds=$2 ;;
    --filter) filter=$2 ;;
    --cpu) cpu=$2 ;;
    *) usage ;;
  esac
  shift 2
done
[[ "$orders" =~ ^[1-9][0-9]*$ && "$rounds" =~ ^[1-9][0-9]*$ && "$cpu" =~ ^[0-9]+$ ]] || usage

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The link command ninja runs for hog_bench, with hog_core's archive replaced by its objects in
# the order of `seed` and the output renamed. Paths in it are relative to the build directory.
link_variant() {
  local build=$1 seed=$2 out=$3
  local command objects
  command=$(ninja -C "$build" -t commands bench/hog_bench | tail -n 1)
  command=${command#: && }
  command=${command% && :}
  [[ "$command" == *" core/libhog_core.a "* && "$command" == *" -o bench/hog_bench "* ]] || {
    echo "layout_ab.sh: unexpected link command for hog_bench in $build: $command" >&2
    exit 1
  }
  objects=$(cd "$build" && find core/CMakeFiles/hog_core.dir/src -name "*.o" | sort |
            shuf --random-source=<(yes "$seed") | tr '\n' ' ')
  command=${command/ core\/libhog_core.a / $objects}
  command=${command/ -o bench\/hog_bench / -o $out }
  (cd "$build" && eval "$command")
}

for side in 0 1; do
  build=$(cd "${builds[$side]}" && pwd)
  if [[ ! -f "$build/build.ninja" || ! -x "$build/bench/hog_bench" ]]; then
    echo "layout_ab.sh: $build is not a Ninja build directory with bench/hog_bench built" >&2
    exit 1
  fi
  for seed in $(seq "$orders"); do
    link_variant "$build" "$seed" "$work/hog_bench.$side.$seed"
  done
done

# One line per run: side order case time-in-ns.
for _ in $(seq "$rounds"); do
  for seed in $(seq "$orders"); do
    for side in 0 1; do
      taskset -c "$cpu" "$work/hog_bench.$side.$seed" --benchmark_filter="$filter" \
          --benchmark_min_time=0.2 --benchmark_format=csv 2>/dev/null |
        awk -F, -v side="$side" -v seed="$seed" '
          NR > 1 && $1 != "" {
            gsub(/"/, "", $1)
            scale = $5 == "us" ? 1000 : ($5 == "ms" ? 1e6 : 1)
            print side, seed, $1, $3 * scale
          }'
    done
  done
done | awk -v a="${builds[0]}" -v b="${builds[1]}" '
  { key = $1 SUBSEP $2 SUBSEP $3
    if (!(key in best) || $4 < best[key]) best[key] = $4 }
  END {
    for (key in best) {
      split(key, k, SUBSEP)
      id = k[3] SUBSEP k[1]
      sum[id] += best[key]; count[id]++
      if (!(id in low) || best[key] < low[id]) low[id] = best[key]
      if (!(id in high) || best[key] > high[id]) high[id] = best[key]
      cases[k[3]] = 1
    }
    printf "%-28s %-6s %10s %10s %10s\n", "case (ns)", "build", "mean", "lowest", "highest"
    for (c in cases) {
      for (side = 0; side <= 1; side++) {
        id = c SUBSEP side
        printf "%-28s %-6s %10.1f %10.1f %10.1f\n", c, side ? "B" : "A", sum[id] / count[id], low[id], high[id]
      }
      printf "%-28s A/B of the means: %.3f\n", c, (sum[c SUBSEP 0] / count[c SUBSEP 0]) / (sum[c SUBSEP 1] / count[c SUBSEP 1])
    }
    printf "A: %s\nB: %s\n", a, b
  }'
