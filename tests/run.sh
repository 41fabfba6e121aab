#!/usr/bin/env bash
# Runs the whole test suite, installing what the browser, HTML-validator and link-checker
# tests need when it is missing:
#   Debian packages: chromium, linkchecker, default-jre-headless (for vnu), poppler-utils
#   (pdftotext, for the print test)
#   npm packages (into tests/tools/): axe-core, vnu-jar
#   Python: jsonschema (the reference JSON Schema validator)
# Usage: bash tests/run.sh [extra cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v linkchecker >/dev/null 2>&1 || need_apt+=(linkchecker)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "tests/run.sh: installing ${need_apt[*]}" >&2
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! python3 -c 'import jsonschema' >/dev/null 2>&1; then
  echo "tests/run.sh: installing the Python jsonschema validator" >&2
  python3 -m pip install --quiet jsonschema
fi

tools="$PWD/tests/tools"
if [ ! -f "$tools/node_modules/axe-core/axe.min.js" ] || [ ! -f "$tools/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
  echo "tests/run.sh: installing axe-core and vnu-jar into tests/tools" >&2
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" axe-core@4 vnu-jar@26 >/dev/null
fi

export HANDBOOK_TEST_TOOLS="$tools"
export HANDBOOK_REQUIRE_TOOLS=1
cargo test --all-targets "$@"
