#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs when it is missing. On Debian 12 or 13
# with Rust installed, this is all the set-up there is (tests/it/setup.rs runs each path):
#   Debian packages, with apt-get (as root, or through sudo):
#     build-essential (a C compiler for crates that build C), git, chromium, linkchecker,
#     default-jre-headless (for the Nu HTML Checker), poppler-utils (pdftotext, for the
#     printed interview kit and track page), nodejs and npm, and python3-jsonschema (the
#     reference JSON Schema validator) when python3 is Debian's own
#   Python: jsonschema into a venv in the tools folder when python3 is not Debian's (pip into
#     Debian's own Python is refused: PEP 668, "externally-managed-environment")
#   npm packages, into the tools folder: axe-core, vnu-jar
# The tools folder is $HANDBOOK_TEST_TOOLS when set, else tests/tools/.
# Usage: bash tests/run.sh [extra cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

tools="${HANDBOOK_TEST_TOOLS:-$PWD/tests/tools}"
venv="$tools/venv"
if [ -x "$venv/bin/python3" ]; then
  export PATH="$venv/bin:$PATH"
fi

have() { command -v "$1" >/dev/null 2>&1; }
has_jsonschema() { have python3 && python3 -c 'import jsonschema' >/dev/null 2>&1; }

need_apt=()
have cc || need_apt+=(build-essential)
have git || need_apt+=(git)
have chromium || need_apt+=(chromium)
have linkchecker || need_apt+=(linkchecker)
have java || need_apt+=(default-jre-headless)
have pdftotext || need_apt+=(poppler-utils)
have npm || need_apt+=(nodejs npm)
need_venv=""
if ! has_jsonschema; then
  if ! have python3; then
    need_apt+=(python3 python3-jsonschema)
  elif dpkg -S "$(readlink -f "$(command -v python3)")" >/dev/null 2>&1; then
    need_apt+=(python3-jsonschema)
  else
    need_venv=1
  fi
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "tests/run.sh: installing ${need_apt[*]} with apt-get" >&2
  if ! have apt-get; then
    echo "tests/run.sh: no apt-get here: install ${need_apt[*]} (or their equivalents) yourself" >&2
    exit 2
  fi
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then
    if ! have sudo; then
      echo "tests/run.sh: run as root, or install sudo, to install ${need_apt[*]}" >&2
      exit 2
    fi
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -q >/dev/null
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -n "$need_venv" ]; then
  echo "tests/run.sh: installing the Python jsonschema validator into $venv" >&2
  mkdir -p "$tools"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet jsonschema
  export PATH="$venv/bin:$PATH"
fi

if [ ! -f "$tools/node_modules/axe-core/axe.min.js" ] || [ ! -f "$tools/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
  echo "tests/run.sh: installing axe-core and vnu-jar into $tools" >&2
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" axe-core@4 vnu-jar@26 >/dev/null
fi

export HANDBOOK_TEST_TOOLS="$tools"
# Tests that would skip when a tool is missing fail instead, and the slow ones run.
export HANDBOOK_REQUIRE_TOOLS=1
export HANDBOOK_INSTALL_TEST=1
cargo test --all-targets "$@"
