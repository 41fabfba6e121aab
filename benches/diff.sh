#!/usr/bin/env bash
# Times `handbook diff` on a generated handbook: copies CORPUS into a git repository (on
# /dev/shm when there is one), commits it on `main`, then on a branch renames a value, rewords
# a level expectation, edits a page and moves one, and times each way of comparing ROUNDS
# times: medians of wall time, CPU time (user + system, git's included: steadier than wall
# time when other work shares the machine) and peak RSS. The "handbook diff" figures of
# docs/benchmarks.md come from it.
#
# Usage: bash benches/diff.sh ROUNDS CORPUS BINARY
#   e.g. bash benches/diff.sh 9 /dev/shm/handbook-bench/hb-10000 target/release/handbook
# (`cargo bench --bench build` leaves generated corpora in /dev/shm/handbook-bench/hb-N.)
set -euo pipefail
rounds=$1 corpus=$2 bin=$(realpath "$3")
work=$(mktemp -d /dev/shm/handbook-diff.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT
g() { git -c user.name=bench -c user.email=bench@example.com -c commit.gpgsign=false "$@"; }

cp -r "$corpus" "$work/repo"
cp -r "$corpus" "$work/base"
cd "$work/repo"
g init -q -b main
g add -A
g commit -qm base
g checkout -qb change
sed -i '0,/name: Value 0/s//name: Value zero/' values.yaml
sed -i '0,/- Team pipeline goal/s//- Team pipeline goals/' ladder.yaml
echo "One more line." >>pages/area-000/topic-00/page-00000.md
mkdir -p pages/moved
g mv pages/area-000/topic-00/page-00001.md pages/moved/page-00001.md

time_it() {
  local name=$1
  shift
  for _ in $(seq 1 "$rounds"); do
    /usr/bin/time -f "$name %e %M %U %S" -a -o "$work/times" "$bin" diff "$@" >"$work/out"
  done
  echo "$name: $(grep -c . "$work/out") lines of output" >&2
}
time_it "merge-base-vs-work-tree" --format json
g commit -qam change
time_it "two-commits" main change --format json
time_it "two-folders" "$work/base" "$work/repo" --format json
# The worst case for revisions: every page differs, so every page is read from git.
find pages -name '*.md' -exec sh -c 'echo "Edited." >>"$1"' _ {} \;
g commit -qam "every page"
time_it "two-commits-every-page-changed" main change --format json

python3 - "$work/times" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
names = list(dict.fromkeys(r[0] for r in rows))
print("| comparison | runs | wall (median) | CPU (median) | peak RSS (median) |")
print("|---|---:|---:|---:|---:|")
for n in names:
    r = [x for x in rows if x[0] == n]
    wall = statistics.median(float(x[1]) for x in r)
    rss = statistics.median(int(x[2]) for x in r) / 1024
    cpu = statistics.median(float(x[3]) + float(x[4]) for x in r)
    print(f"| {n} | {len(r)} | {wall:.3f} s | {cpu:.3f} s | {rss:.0f} MiB |")
PY
