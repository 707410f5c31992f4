#!/bin/sh
# Side-by-side LSTM training/generation speed: alternates lstm-bench binaries and the
# PyTorch reference, ROUNDS times each, one JSON line per run, with the load before each.
#   bench/compare.sh ROUNDS PYTHON BINARY... [-- lstm-bench/pytorch flags]
# e.g. bench/compare.sh 3 /work/torch-venv/bin/python .build/release/lstm-bench -- --seconds 20
# PYTHON may be "none" to skip PyTorch. A BINARY may carry its own flags after colons:
# .build/release/lstm-bench:--split:on
set -u
# NICE="nice -n -15" (as root) gives the runs priority over other load on a shared machine.
NICE=${NICE:-}
rounds=$1; python=$2; shift 2
bins=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do bins="$bins $1"; shift; done
[ $# -gt 0 ] && shift
here=$(dirname "$0")
i=0
while [ $i -lt "$rounds" ]; do
  for b in $bins; do
    echo "# $(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg) $b"
    $NICE $(echo "$b" | tr : " ") --no-sgemm "$@"
  done
  if [ "$python" != none ]; then
    echo "# $(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg) pytorch"
    $NICE "$python" "$here/pytorch_lstm.py" "$@"
  fi
  i=$((i + 1))
done
