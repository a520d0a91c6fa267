# Sourced by smoke.sh and campaign.sh: where a fuzz build keeps its targets and inputs.
#   fuzz_targets BUILD_DIR        the targets the build made (BUILD_DIR/fuzz/targets.txt), one a line
#   fuzz_inputs BUILD_DIR TARGET  the input directories for TARGET that exist: the generated corpus,
#                                 then the checked-in seeds and regressions
#   fuzz_dict_args BUILD_DIR TARGET  -dict=... for the targets that read pickles
# Fails loudly when the build is missing: a fuzz check must never pass by running nothing.
fuzz_source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

fuzz_targets() {
  local list="$1/fuzz/targets.txt"
  if [ ! -s "$list" ]; then
    echo "fuzz: no fuzz build at $1 (missing $list); run: cmake --preset fuzz && cmake --build --preset fuzz" >&2
    return 1
  fi
  local target
  while read -r target; do
    [ -n "$target" ] || continue
    if [ ! -x "$1/fuzz/$target" ]; then
      echo "fuzz: target $target is listed but not built in $1/fuzz; run: cmake --build --preset fuzz" >&2
      return 1
    fi
    echo "$target"
  done < "$list"
}

fuzz_inputs() {
  local dir
  for dir in "$1/fuzz/corpus/$2" "$fuzz_source_dir/seeds/$2" "$fuzz_source_dir/regressions/$2"; do
    [ -d "$dir" ] && echo "$dir"
  done
  return 0
}

fuzz_dict_args() {
  case "$2" in
    fuzz_pickle_decode|fuzz_deserialize|fuzz_deserialize_stdout|fuzz_numpy|fuzz_inspect|fuzz_dis) echo "-dict=$1/fuzz/pickle.dict" ;;
    fuzz_literal_parse) echo "-dict=$fuzz_source_dir/dicts/literal.dict" ;;
  esac
}
