/* handbook default theme: theme toggle, search, and links that work from file://.
   Everything else on the site works without JavaScript. */
(function () {
  "use strict";
  var doc = document.documentElement;
  var root = document.body.getAttribute("data-root") || "./";
  var fromDisk = location.protocol === "file:";

  /* Opened from disk there is no server to turn "roles/sre/" into "roles/sre/index.html". */
  function diskUrl(href) {
    if (!fromDisk || /^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(href)) return href;
    var cut = href.search(/[?#]/);
    var path = cut < 0 ? href : href.slice(0, cut);
    var rest = cut < 0 ? "" : href.slice(cut);
    if (path === "" || path.charAt(path.length - 1) === "/") path += "index.html";
    return path + rest;
  }
  if (fromDisk) {
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("href", diskUrl(links[i].getAttribute("href")));
    }
  }

  /* Theme toggle: the choice is remembered; the inline script in <head> applies it before
     the first paint, so the page never flashes the wrong theme. */
  var toggle = document.getElementById("hb-theme-toggle");
  function setTheme(t) {
    doc.setAttribute("data-theme", t);
    if (toggle) toggle.setAttribute("aria-pressed", t === "dark" ? "true" : "false");
  }
  if (toggle) {
    setTheme(doc.getAttribute("data-theme") || "light");
    toggle.addEventListener("click", function () {
      var next = doc.getAttribute("data-theme") === "dark" ? "light" : "dark";
      setTheme(next);
      try { localStorage.setItem("handbook-theme", next); } catch (e) { /* private mode */ }
    });
  }

  var printButton = document.querySelector("[data-print]");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });

  /* Search. The index is cut in parts, each a script (which, unlike fetch, also works from
     file://): search-index.js, a small manifest, on first focus; then for each query the
     term shards of its words (search-index/t<N>.js) and the document chunks of the results shown
     (search-index/d<N>.js). The format is in docs/theming.md. */
  var input = document.getElementById("hb-search");
  var results = document.getElementById("hb-search-results");
  if (!input || !results) return;
  var manifest = null;
  var parts = {};
  var waiting = {};
  var current = 0;
  /* Bytes of term shards a word being typed may pull in to complete it. */
  var PREFIX_BYTES = 400000;
  var SHOWN = 12;
  var RANKED = 20;

  window.HANDBOOK_SEARCH_PART = function (name, data) {
    parts[name] = data;
    var fs = waiting[name] || [];
    delete waiting[name];
    fs.forEach(function (f) { f(); });
  };

  function script(src, name, done) {
    if (Object.prototype.hasOwnProperty.call(parts, name)) { done(); return; }
    if (waiting[name]) { waiting[name].push(done); return; }
    waiting[name] = [done];
    var s = document.createElement("script");
    s.src = src;
    s.onerror = function () { window.HANDBOOK_SEARCH_PART(name, null); };
    document.head.appendChild(s);
  }

  var manifestWaiting = null;
  function loadManifest(done) {
    if (manifest) { done(); return; }
    if (manifestWaiting) { manifestWaiting.push(done); return; }
    manifestWaiting = [done];
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = s.onerror = function () {
      manifest = window.HANDBOOK_SEARCH_INDEX || { docs: 0, shards: [], chunks: [] };
      var fs = manifestWaiting;
      manifestWaiting = null;
      fs.forEach(function (f) { f(); });
    };
    document.head.appendChild(s);
  }

  function need(names, done) {
    var left = names.length;
    if (!left) { done(); return; }
    names.forEach(function (n) {
      script(root + "search-index/" + n + ".js", n, function () { if (--left === 0) done(); });
    });
  }

  /* Words as the index was built: runs of letters and digits, lower-cased, 2 to 48 bytes. */
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  function words(q) {
    var out = [];
    (q.match(WORD) || []).forEach(function (w) {
      if (Array.from(w).length < 2 || unescape(encodeURIComponent(w)).length > 48) return;
      w = w.toLowerCase();
      if (out.indexOf(w) < 0) out.push(w);
    });
    return out;
  }

  /* Code point order, as the index sorts its terms. */
  function before(a, b) {
    var x = Array.from(a), y = Array.from(b), n = Math.min(x.length, y.length);
    for (var i = 0; i < n; i++) {
      var c = x[i].codePointAt(0), d = y[i].codePointAt(0);
      if (c !== d) return c < d;
    }
    return x.length < y.length;
  }

  function shardOf(term) {
    var s = manifest.shards, lo = 0, hi = s.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (before(term, s[mid][0])) hi = mid - 1; else { at = mid; lo = mid + 1; }
    }
    return at;
  }

  /* The shards holding `word`, and when it is being typed the next ones holding words it
     starts, up to PREFIX_BYTES. */
  function shardsFor(word, prefix) {
    var s = manifest.shards, i = shardOf(word), out = [i], bytes = s[i][1];
    if (prefix) {
      for (var j = i + 1; j < s.length && s[j][0].indexOf(word) === 0; j++) {
        bytes += s[j][1];
        if (bytes > PREFIX_BYTES) break;
        out.push(j);
      }
    }
    return out;
  }

  /* Document → score for one word: title matches count most, then the page or place it is
     in, then the text; rarer words count more; completions a little less than the word. */
  function scores(word, shards, prefix) {
    var best = new Map(), n = manifest.docs || 1;
    shards.forEach(function (i) {
      var terms = parts["t" + i];
      if (!terms) return;
      var keys = prefix ? Object.keys(terms).filter(function (t) { return t.indexOf(word) === 0; })
                        : (Object.prototype.hasOwnProperty.call(terms, word) ? [word] : []);
      keys.forEach(function (t) {
        var list = terms[t], idf = Math.log(1 + n / list.length), exact = t === word ? 1 : 0.7;
        for (var k = 0, doc = 0; k < list.length; k++) {
          var p = list[k];
          doc += p >> 2;
          var w = p & 3, s = (w === 2 ? 6 : w === 1 ? 2 : 1) * idf * exact;
          if (!(best.get(doc) >= s)) best.set(doc, s);
        }
      });
    });
    return best;
  }

  function docOf(d) {
    var c = manifest.chunks, lo = 0, hi = c.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (c[mid] <= d) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    var chunk = parts["d" + at];
    return { chunk: "d" + at, doc: chunk ? chunk[d - c[at]] : null };
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* Up to 160 characters of `text` around the phrase, or else the first word found, with the
     query's words marked. */
  function snippet(text, phrase, ws) {
    var lower = text.toLowerCase(), at = lower.indexOf(phrase);
    for (var i = 0; i < ws.length && at < 0; i++) at = lower.indexOf(ws[i]);
    var start = Math.max(0, at - 60);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < at) start = sp + 1; }
    var cut = text.slice(start, start + 160);
    var span = el("span", "r-text");
    if (start > 0) span.appendChild(document.createTextNode("…"));
    var re = new RegExp(ws.map(escapeRe).join("|"), "giu"), last = 0, m;
    while ((m = re.exec(cut)) && m[0]) {
      span.appendChild(document.createTextNode(cut.slice(last, m.index)));
      span.appendChild(el("mark", null, m[0]));
      last = m.index + m[0].length;
    }
    span.appendChild(document.createTextNode(cut.slice(last)));
    if (start + 160 < text.length) span.appendChild(document.createTextNode("…"));
    return span;
  }

  function run() {
    var q = input.value.trim();
    var seq = ++current;
    if (!q) { close(); return; }
    loadManifest(function () {
      if (seq !== current) return;
      var ws = words(q);
      /* No index (not built, or not found): nothing to look in. */
      if (!manifest.shards.length) { show(q, ws, []); return; }
      var typing = !/\s$/.test(input.value);
      var plan = ws.map(function (w, i) { return shardsFor(w, typing && i === ws.length - 1); });
      var names = [];
      plan.forEach(function (list) { list.forEach(function (i) { if (names.indexOf("t" + i) < 0) names.push("t" + i); }); });
      need(names, function () {
        if (seq !== current) return;
        var maps = ws.map(function (w, i) { return scores(w, plan[i], typing && i === ws.length - 1); });
        maps.sort(function (a, b) { return a.size - b.size; });
        var found = [];
        if (maps.length) {
          maps[0].forEach(function (s, doc) {
            for (var i = 1; i < maps.length; i++) {
              var t = maps[i].get(doc);
              if (t === undefined) return;
              s += t;
            }
            found.push({ d: doc, s: s });
          });
        }
        found.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
        found = found.slice(0, RANKED);
        var chunks = [];
        found.forEach(function (f) { var c = docOf(f.d).chunk; if (chunks.indexOf(c) < 0) chunks.push(c); });
        need(chunks, function () {
          if (seq !== current) return;
          show(q, ws, found);
        });
      });
    });
  }

  var NOT_WORD = /[^\p{Alphabetic}\p{N}]+/gu;
  function norm(text) { return " " + text.toLowerCase().replace(NOT_WORD, " ").trim() + " "; }

  function show(q, ws, found) {
    var phrase = q.toLowerCase().replace(/\s+/g, " ");
    var bare = norm(q);
    found.forEach(function (f) {
      f.doc = docOf(f.d).doc;
      /* The query's words in a row, punctuation aside, in the title or text first. */
      if (f.doc && (norm(f.doc[1] + " " + f.doc[3]).indexOf(bare) >= 0)) f.s += 1000;
    });
    found = found.filter(function (f) { return f.doc; });
    found.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
    /* One result per page or entity: its best place. */
    var seen = {};
    found = found.filter(function (f) {
      var page = f.doc[0].split("#")[0];
      if (seen[page]) return false;
      seen[page] = true;
      return true;
    });
    results.textContent = "";
    if (found.length === 0) {
      results.appendChild(el("li", "r-none", "No results for “" + q + "”"));
    }
    found.slice(0, SHOWN).forEach(function (f) {
      var li = el("li"), a = el("a"), d = f.doc;
      a.href = diskUrl(root + d[0]);
      a.appendChild(el("span", "r-title", d[1]));
      if (d[2]) a.appendChild(el("span", "r-where", d[2]));
      if (d[3]) a.appendChild(snippet(d[3], phrase, ws));
      li.appendChild(a);
      results.appendChild(li);
    });
    results.setAttribute("data-query", q);
    results.hidden = false;
  }

  function close() {
    results.hidden = true;
  }

  function resultLinks() { return Array.prototype.slice.call(results.querySelectorAll("a")); }

  input.addEventListener("focus", function () { loadManifest(function () {}); });
  input.addEventListener("input", run);
  input.addEventListener("keydown", function (ev) {
    var links = resultLinks();
    if (ev.key === "ArrowDown" && links.length) { ev.preventDefault(); links[0].focus(); }
    else if (ev.key === "Enter" && links.length) { ev.preventDefault(); location.href = links[0].href; }
    else if (ev.key === "Escape") { close(); input.blur(); }
  });
  results.addEventListener("keydown", function (ev) {
    var links = resultLinks(), at = links.indexOf(document.activeElement);
    if (ev.key === "ArrowDown" && at < links.length - 1) { ev.preventDefault(); links[at + 1].focus(); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
    else if (ev.key === "Escape") { close(); input.focus(); }
  });
  document.addEventListener("click", function (ev) {
    if (!results.contains(ev.target) && ev.target !== input) close();
  });
  /* The script is deferred: a reader may have focused the box and typed before it ran. */
  if (document.activeElement === input) {
    if (input.value.trim()) run(); else loadManifest(function () {});
  }
  document.addEventListener("keydown", function (ev) {
    var t = ev.target, typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      input.focus();
    }
  });
})();
