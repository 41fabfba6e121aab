#!/usr/bin/env bash
# Times the theme's client-side search in headless Chromium over a built site, from file://
# as a reader opening the downloaded site would: loading search-index.js (parse + lower-casing
# every entry), then typing queries (the theme's own handler, run on each `input` event).
# Usage: bash benches/search.sh SITE_DIR   (e.g. the output of a 10,000-page bench build)
set -euo pipefail
site=$(cd "${1:?usage: bash benches/search.sh SITE_DIR}" && pwd)
page="$site/search-bench.html"
trap 'rm -f "$page"' EXIT
cat >"$page" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>search bench</title></head>
<body data-root="./">
<input id="hb-search"><ul id="hb-search-results" hidden></ul>
<pre id="out">pending</pre>
<script src="assets/handbook.js"></script>
<script>
(function () {
  var input = document.getElementById("hb-search");
  var results = document.getElementById("hb-search-results");
  var out = document.getElementById("out");
  var queries = ["values", "on call", "incident review", "hiring", "zzzz-no-match", "the"];
  var t0 = performance.now();
  input.value = "warm";
  input.dispatchEvent(new Event("input")); /* starts loading the index */
  (function wait() {
    if (!window.HANDBOOK_SEARCH_INDEX || results.hidden) { setTimeout(wait, 1); return; }
    var lines = ["index entries: " + window.HANDBOOK_SEARCH_INDEX.pages.length,
                 "load+first query ms: " + (performance.now() - t0).toFixed(1)];
    queries.forEach(function (q) {
      var times = [];
      for (var i = 0; i < 15; i++) {
        input.value = q;
        var s = performance.now();
        input.dispatchEvent(new Event("input"));
        times.push(performance.now() - s);
      }
      times.sort(function (a, b) { return a - b; });
      lines.push("query " + JSON.stringify(q) + " median ms: " + times[7].toFixed(2) +
                 " results shown: " + results.querySelectorAll("li").length);
    });
    out.textContent = lines.join("\n");
  })();
})();
</script>
</body></html>
HTML
profile=$(mktemp -d)
trap 'rm -f "$page"; rm -rf "$profile"' EXIT
ls -l "$site/search-index.js" | awk '{printf "search-index.js bytes: %s\n", $5}'
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --allow-file-access-from-files \
  --timeout=20000 --dump-dom "file://$page" 2>/dev/null |
  sed -n '/<pre id="out">/,/<\/pre>/p' | sed 's/<[^>]*>//g'
