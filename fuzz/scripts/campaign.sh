#!/usr/bin/env bash
# campaign.sh [--seconds N] [--jobs N] [--targets "t1 t2"] [--out FILE]
# A fuzzing campaign: builds the fuzz preset (targets, dictionary, generated corpora), runs each
# target for N seconds with N jobs (libFuzzer -jobs/-workers; CPU time per target is about
# seconds x jobs), merges and minimizes what it found (-merge=1) into build/fuzz/campaign/<target>/
# corpus, and writes a markdown summary (executions, coverage cov:/ft: of the minimized corpus,
# crashes with their reproducer files) to --out (default build/fuzz/campaign/summary.md).
# Targets run one after another; each keeps its own work directory, so campaigns can be resumed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source fuzz/scripts/common.sh

seconds=60
jobs=1
only=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --targets) only="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: campaign.sh [--seconds N] [--jobs N] [--targets \"t1 t2\"] [--out FILE]" >&2; exit 2 ;;
  esac
done

cmake --preset fuzz
cmake --build --preset fuzz
build_dir="$PWD/build/fuzz"
campaign="$build_dir/campaign"
out="${out:-$campaign/summary.md}"
targets="${only:-$(fuzz_targets "$build_dir")}"
mkdir -p "$campaign" "$(dirname "$out")"

{
  echo "# Fuzzing campaign"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)," \
       "$(nproc) CPUs; each target ${seconds} s x ${jobs} job(s)."
  echo
  echo "| target | executions | cov | ft | corpus (minimized) | crashes |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
} > "$out.rows"
crash_list=""

for target in $targets; do
  bin="$build_dir/fuzz/$target"
  dir="$campaign/$target"
  mkdir -p "$dir/found" "$dir/corpus" "$dir/artifacts" "$dir/logs"
  mapfile -t inputs < <(fuzz_inputs "$build_dir" "$target")
  # shellcheck disable=SC2206
  flags=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1
         -artifact_prefix="$dir/artifacts/" $(fuzz_dict_args "$build_dir" "$target"))
  echo "campaign: $target for ${seconds}s x ${jobs}" >&2
  rm -f "$dir"/logs/*.log
  if [ "$jobs" -gt 1 ]; then
    # -jobs writes fuzz-<n>.log into the working directory; a crash ends only its own job.
    (cd "$dir/logs" && "$bin" "${flags[@]}" -jobs="$jobs" -workers="$jobs" "$dir/found" "$dir/corpus" \
        "${inputs[@]}" > /dev/null 2>&1) || true
  else
    "$bin" "${flags[@]}" "$dir/found" "$dir/corpus" "${inputs[@]}" > "$dir/logs/fuzz-0.log" 2>&1 || true
  fi

  # Minimize: everything found so far (old minimized corpus + this run's finds) into a fresh dir.
  rm -rf "$dir/merged" && mkdir -p "$dir/merged"
  "$bin" -merge=1 -timeout=25 -rss_limit_mb=2048 "$dir/merged" "$dir/corpus" "$dir/found" "${inputs[@]}" \
      > "$dir/logs/merge.log" 2>&1 || echo "campaign: merge of $target failed, see $dir/logs/merge.log" >&2
  if [ -n "$(ls -A "$dir/merged")" ]; then
    rm -rf "$dir/corpus" "$dir/found" && mv "$dir/merged" "$dir/corpus" && mkdir -p "$dir/found"
  fi

  # Coverage of the minimized corpus, read back in one pass.
  stats="$("$bin" -runs=0 -rss_limit_mb=2048 "$dir/corpus" 2>&1 | grep -E 'INITED' | tail -n 1 || true)"
  cov="$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<< "$stats")"
  ft="$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<< "$stats")"
  execs="$(cat "$dir"/logs/fuzz-*.log 2>/dev/null | sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' |
           awk '{ total += $1 } END { print total + 0 }')"
  files="$(find "$dir/corpus" -type f | wc -l)"
  crashes=()
  for artifact in "$dir"/artifacts/*; do
    [ -e "$artifact" ] && crashes+=("$artifact")
  done
  echo "| $target | $execs | ${cov:-?} | ${ft:-?} | $files | ${#crashes[@]} |" >> "$out.rows"
  for artifact in "${crashes[@]}"; do
    crash_list+="- \`$target\`: \`${artifact#"$PWD"/}\` (reproduce: \`build/fuzz/fuzz/$target ${artifact#"$PWD"/}\`)"$'\n'
  done
done

{
  cat "$out.rows"
  echo
  echo "## Crashes"
  echo
  if [ -n "$crash_list" ]; then printf '%s' "$crash_list"; else echo "None."; fi
} > "$out"
rm -f "$out.rows"
echo "campaign: summary in $out" >&2
cat "$out"
