#!/usr/bin/env bash
# What each whole-site output costs a build: the print page, the search index (its term
# shards and its document chunks apart) and the hiring kits. Builds this commit once more
# with benches/feature-switches.patch applied (environment variables that leave one output
# out; they exist only in that throwaway build, never in the product), then times the
# pulldown-cmark baseline and the build with each output left out, round after round, via
# benches/ab.sh. The patch fits the commit it was written on; a later change to the files it
# touches may need it refreshed.
#
# Usage: bash benches/features.sh ROUNDS CORPUS
#   e.g. bash benches/features.sh 11 /dev/shm/handbook-bench/hb-10000
# (run `cargo bench --bench build -- --sizes 10000 --runs 1` first: it builds the baseline
# and leaves the corpus in /dev/shm/handbook-bench/hb-10000.)
set -euo pipefail
rounds=$1 corpus=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
base=$(ls -t "$repo"/target/release/deps/build-* | grep -v '\.d$' | head -1)
work=$(mktemp -d /dev/shm/handbook-features.XXXXXX 2>/dev/null || mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$repo" worktree add --detach "$work/src" HEAD >/dev/null
git -C "$work/src" apply "$repo/benches/feature-switches.patch"
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}/features" \
  cargo build --release --quiet --bin handbook --manifest-path "$work/src/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$repo/target}/features/release/handbook"
wrap() { # name, environment...
  local name=$1
  shift
  printf '#!/bin/sh\nexec env %s "%s" "$@"\n' "$*" "$bin" >"$work/$name"
  chmod +x "$work/$name"
}
# The baseline takes the pages folder and an output folder: `build CORPUS -o OUT --quiet`.
printf '#!/bin/sh\nexec "%s" --baseline "$2/pages" "$4"\n' "$base" >"$work/baseline"
chmod +x "$work/baseline"
wrap full
wrap no-print HBX_NO_PRINT=1
wrap no-search HBX_NO_SEARCH=1
wrap no-term-shards HBX_NO_TERMS=1
wrap no-document-chunks HBX_NO_CHUNKS=1
wrap no-kits HBX_NO_KITS=1
wrap none-of-them HBX_NO_PRINT=1 HBX_NO_SEARCH=1 HBX_NO_KITS=1
cd "$work"
bash "$repo/benches/ab.sh" "$rounds" "$corpus" ./baseline ./full ./no-print ./no-search \
  ./no-term-shards ./no-document-chunks ./no-kits ./none-of-them
