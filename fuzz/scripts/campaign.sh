#!/usr/bin/env bash
# campaign.sh [--seconds N] [--cpu-seconds N] [--jobs N] [--targets "t1 t2"] [--out FILE] [--no-build]
# A fuzzing campaign: builds the fuzz preset (targets, dictionary, generated corpora; --no-build
# skips that, for a second campaign running beside a first one), runs each target for N seconds
# with N jobs (libFuzzer -jobs/-workers), merges and minimizes what it found (-merge=1) into
# build/fuzz/campaign/<target>/corpus, and writes a markdown summary (executions, executions per
# CPU second, coverage cov:/ft: of the minimized corpus, crashes with their reproducer files, CPU
# and wall time) to --out (default build/fuzz/campaign/summary.md).
# --seconds is wall time per run; on a shared machine a run gets less CPU than that, so
# --cpu-seconds N repeats runs (each resuming from the corpus) until the target's fuzzing processes
# have used N CPU seconds (user + system, measured by /usr/bin/time). Targets run one after
# another; each keeps its own work directory, so campaigns can be resumed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source fuzz/scripts/common.sh

seconds=60
cpu_seconds=0
jobs=1
only=""
out=""
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --cpu-seconds) cpu_seconds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --targets) only="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "usage: campaign.sh [--seconds N] [--cpu-seconds N] [--jobs N] [--targets \"t1 t2\"] [--out FILE] [--no-build]" >&2
       exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  cmake --preset fuzz
  cmake --build --preset fuzz
fi
build_dir="$PWD/build/fuzz"
campaign="$build_dir/campaign"
out="${out:-$campaign/summary.md}"
targets="${only:-$(fuzz_targets "$build_dir")}"
mkdir -p "$campaign" "$(dirname "$out")"

{
  echo "# Fuzzing campaign"
  echo
  repeat=""
  [ "$cpu_seconds" -gt 0 ] && repeat=", repeated until ${cpu_seconds} CPU seconds"
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)," \
       "$(nproc) CPUs; each target ${seconds} s x ${jobs} job(s) per run${repeat}."
  echo
  echo "| target | executions | exec/s (per CPU s) | cov | ft | corpus (minimized) | crashes | CPU time | wall time |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |"
} > "$out.rows"
crash_list=""

for target in $targets; do
  bin="$build_dir/fuzz/$target"
  dir="$campaign/$target"
  mkdir -p "$dir/found" "$dir/corpus" "$dir/artifacts" "$dir/logs"
  mapfile -t inputs < <(fuzz_inputs "$build_dir" "$target")
  # shellcheck disable=SC2206
  flags=(-timeout=25 -rss_limit_mb=2048 -print_final_stats=1
         -artifact_prefix="$dir/artifacts/" $(fuzz_dict_args "$build_dir" "$target"))
  rm -f "$dir"/logs/*
  cpu=0
  wall=0
  round=0
  while :; do
    run_seconds="$seconds"
    if [ "$cpu_seconds" -gt 0 ]; then  # the CPU time still due, at least 30 s, at most --seconds
      run_seconds=$(( (cpu_seconds - cpu) / jobs ))
      run_seconds=$(( run_seconds < 30 ? 30 : run_seconds > seconds ? seconds : run_seconds ))
    fi
    echo "campaign: $target for ${run_seconds}s x ${jobs} (round $round, ${cpu} CPU s so far)" >&2
    times="$dir/logs/time-$round"
    if [ "$jobs" -gt 1 ]; then
      # -jobs writes fuzz-<n>.log into the working directory; a crash ends only its own job.
      (cd "$dir/logs" && /usr/bin/time -f "%e %U %S" -o "$times" "$bin" "${flags[@]}" -max_total_time="$run_seconds" -jobs="$jobs" \
          -workers="$jobs" "$dir/found" "$dir/corpus" "${inputs[@]}" > /dev/null 2>&1) || true
      for log in "$dir"/logs/fuzz-*.log; do
        [ -e "$log" ] && mv "$log" "$dir/logs/round$round-${log##*/}"
      done
    else
      /usr/bin/time -f "%e %U %S" -o "$times" "$bin" "${flags[@]}" -max_total_time="$run_seconds" "$dir/found" "$dir/corpus" "${inputs[@]}" \
          > "$dir/logs/round$round-fuzz-0.log" 2>&1 || true
    fi
    read -r run_wall run_user run_sys < <(tail -n 1 "$times")
    cpu="$(awk -v a="$cpu" -v u="$run_user" -v s="$run_sys" 'BEGIN { printf "%.0f", a + u + s }')"
    wall="$(awk -v a="$wall" -v w="$run_wall" 'BEGIN { printf "%.0f", a + w }')"
    round=$((round + 1))
    [ "$cpu" -lt "$cpu_seconds" ] || break
    [ -z "$(ls -A "$dir/artifacts")" ] || break  # a crash: stop and report it
  done

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
  execs="$(cat "$dir"/logs/round*.log 2>/dev/null | sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' |
           awk '{ total += $1 } END { print total + 0 }')"
  files="$(find "$dir/corpus" -type f | wc -l)"
  crashes=()
  for artifact in "$dir"/artifacts/*; do
    [ -e "$artifact" ] && crashes+=("$artifact")
  done
  rate="$(awk -v e="$execs" -v c="$cpu" 'BEGIN { printf "%.0f", (c > 0 ? e / c : 0) }')"
  echo "| $target | $execs | $rate | ${cov:-?} | ${ft:-?} | $files | ${#crashes[@]} |" \
       "$((cpu / 60)) min $((cpu % 60)) s | $((wall / 60)) min $((wall % 60)) s |" >> "$out.rows"
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
