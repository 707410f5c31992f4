#!/bin/bash
# Whole-process speed of the bol model's commands (issue 11's targets): `tabla generate`
# of 4 free Teentaal cycles (under 100 ms) and `tabla eval` scoring 10,000 bols (under
# 2 s). Release build; medians of repeated runs, wall clock.
set -euo pipefail
TABLA=${TABLA:-.build/release/tabla}
RUNS=${RUNS:-11}

# Median wall and CPU (user + system) time in ms over $RUNS runs of a command: on a loaded
# machine the wall time includes waiting for a core; the CPU time is the work done.
median_ms() {
  local walls=() cpus=() t0 t1 cpu
  for _ in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    cpu=$( { TIMEFORMAT='%U %S'; time "$@" > /dev/null; } 2>&1 | awk '{printf "%d", ($1 + $2) * 1000}')
    t1=$(date +%s%N)
    walls+=($(( (t1 - t0) / 1000000 ))); cpus+=("$cpu")
  done
  local mid=$(( (RUNS + 1) / 2 ))
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p") ms wall, $(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p") ms CPU"
}

# A folder of whole compositions holding at least 10,000 bols, taken in path order.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bols=0
while read -r path n; do
  mkdir -p "$dir/$(dirname "$path")"
  cp "Compositions/$path" "$dir/$path"
  bols=$((bols + n))
  [ "$bols" -ge 10000 ] && break
done < <("$TABLA" eval --corpus Compositions --all --cycles 0 --form-seeds 0 --format json \
         | grep -o '"path": "[^"]*", "tokens": [0-9]*' | sed 's/"path": "\([^"]*\)", "tokens": /\1 /')

echo "model commands, whole process, median of $RUNS runs ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)):"
echo "  tabla generate (4 free Teentaal cycles):            $(median_ms "$TABLA" generate --seed 1)"
echo "  tabla eval --all, $bols bols (scores only):        $(median_ms "$TABLA" eval --corpus "$dir" --all --cycles 0 --form-seeds 0)"
