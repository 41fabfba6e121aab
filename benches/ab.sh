#!/usr/bin/env bash
# A/B timing of handbook binaries on one corpus: runs them in turn, round after round (so
# each sees the same drift of this machine's speed), and prints each one's median wall time,
# CPU time (user + system, and each apart: on this machine the system time is what varies
# from run to run) and peak RSS. The "alternating runs" figures of
# docs/benchmarks.md come from it.
#
# Usage: bash benches/ab.sh ROUNDS CORPUS BINARY...
#   e.g. bash benches/ab.sh 9 /dev/shm/handbook-bench/hb-10000 /tmp/handbook-old target/release/handbook
# (`cargo bench --bench build` leaves generated corpora in /dev/shm/handbook-bench/hb-N.)
set -euo pipefail
rounds=$1 corpus=$2
shift 2
out=$(mktemp -d /dev/shm/handbook-ab.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$out"' EXIT
for _ in $(seq 1 "$rounds"); do
  for bin in "$@"; do
    rm -rf "$out/site"
    /usr/bin/time -f "$bin %e %U %S %M" -a -o "$out/times" \
      "$bin" build "$corpus" -o "$out/site" --quiet
  done
done
python3 - "$out/times" "$@" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for b in sys.argv[2:]:
    r = [x for x in rows if x[0] == b]
    wall = statistics.median(float(x[1]) for x in r)
    cpu = statistics.median(float(x[2]) + float(x[3]) for x in r)
    user = statistics.median(float(x[2]) for x in r)
    system = statistics.median(float(x[3]) for x in r)
    rss = statistics.median(int(x[4]) for x in r) / 1024
    print(f"{b}: {len(r)} runs, wall {wall:.3f} s, cpu {cpu:.3f} s "
          f"(user {user:.2f} s, system {system:.2f} s), peak rss {rss:.0f} MiB")
PY
