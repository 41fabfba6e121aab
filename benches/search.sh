#!/usr/bin/env bash
# Measures what the theme's search downloads over a built site, in headless Chromium over
# HTTP (a local python3 http.server, so the browser reports every file's size): for each
# query, a page (values/) is opened afresh, the query typed into its search box, and when the
# results show, the bytes of every file the page and the query loaded are added up
# (uncompressed: the files' own sizes). Also prints the size of the whole index. Chromium runs
# on virtual time (so the dump waits for the last query), which makes in-page timings
# meaningless: none are printed.
# Usage: bash benches/search.sh SITE_DIR   (e.g. the output of a 10,000-page bench build)
set -euo pipefail
site=$(cd "${1:?usage: bash benches/search.sh SITE_DIR}" && pwd)
page="$site/search-bench.html"
profile=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -f "$page"; rm -rf "$profile"' EXIT
cat >"$page" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>search bench</title></head>
<body>
<script>
var queries = ["kubernetes", "on call", "incident review", "hiring", "design", "co", "page 9999 about", "runbook quarter budget", "zzzz-no-match"];
var lines = [];
function frame(done) {
  var f = document.createElement("iframe");
  f.style.width = "1280px"; f.style.height = "900px";
  f.src = "values/index.html";
  f.onload = function () { done(f); };
  document.body.appendChild(f);
}
function ask(w, q, done) {
  var input = w.document.getElementById("hb-search"), results = w.document.getElementById("hb-search-results");
  var t0 = performance.now();
  input.focus(); input.value = q; input.dispatchEvent(new w.Event("input"));
  (function wait() {
    if (results.dataset.query !== q || results.hidden) { setTimeout(wait, 2); return; }
    done(performance.now() - t0, results.querySelectorAll("li a").length);
  })();
}
function bytes(w) {
  var nav = w.performance.getEntriesByType("navigation")[0], total = nav.decodedBodySize, index = 0, files = 0;
  w.performance.getEntriesByType("resource").forEach(function (r) {
    total += r.decodedBodySize; files++;
    if (/search-index/.test(r.name)) index += r.decodedBodySize;
  });
  return { total: total, index: index, files: files };
}
var i = 0;
(function next() {
  if (i === queries.length) { warm(); return; }
  var q = queries[i++];
  frame(function (f) {
    ask(f.contentWindow, q, function (ms, shown) {
      var b = bytes(f.contentWindow);
      lines.push("first query " + JSON.stringify(q) + ": " + shown + " results, page + query " +
        (b.total / 1e6).toFixed(3) + " MB in " + (b.files + 1) + " files, of which index " + (b.index / 1e6).toFixed(3) + " MB");
      f.remove();
      next();
    });
  });
})();
function warm() {
  var d = document.createElement("pre"); d.id = "done"; d.textContent = lines.join("\n"); document.body.appendChild(d);
}
</script>
</body></html>
HTML
echo "index: $(du -cb "$site/search-index.js" "$site"/search-index/*.js | tail -1 | cut -f1) bytes in $(ls "$site/search-index" | wc -l) files + search-index.js ($(stat -c %s "$site/search-index.js") bytes)"
sleep 0.5
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --virtual-time-budget=120000 --dump-dom "http://127.0.0.1:$port/search-bench.html" 2>/dev/null |
  sed -n '/<pre id="done">/,/<\/pre>/p' | sed 's/<[^>]*>//g'
