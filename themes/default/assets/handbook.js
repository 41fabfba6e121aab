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

  /* Search over search-index.js, loaded on first use with a <script> tag, which (unlike
     fetch) also works from file://. */
  var input = document.getElementById("hb-search");
  var results = document.getElementById("hb-search-results");
  if (!input || !results) return;
  var entries = null;
  var loading = false;
  var pending = false;

  function load() {
    if (entries || loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = function () {
      var data = window.HANDBOOK_SEARCH_INDEX || { pages: [] };
      entries = data.pages.map(function (p) {
        return { p: p, t: p.t.toLowerCase(), h: (p.h || "").toLowerCase(), x: (p.x || "").toLowerCase(), s: (p.s || "").toLowerCase() };
      });
      if (pending) run();
    };
    s.onerror = function () { entries = []; };
    document.head.appendChild(s);
  }

  function score(e, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], s = 0;
      var ti = e.t.indexOf(w);
      if (ti === 0) s += 15; else if (ti > 0) s += 10;
      if (e.h.indexOf(w) >= 0) s += 4;
      if (e.s.indexOf(w) >= 0) s += 2;
      if (e.x.indexOf(w) >= 0) s += 1;
      if (s === 0) return 0;
      total += s;
    }
    return total;
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  function snippet(text, words) {
    var lower = text.toLowerCase(), at = -1;
    for (var i = 0; i < words.length && at < 0; i++) at = lower.indexOf(words[i]);
    var start = Math.max(0, at - 40);
    return (start > 0 ? "…" : "") + text.slice(start, start + 140) + (start + 140 < text.length ? "…" : "");
  }

  function run() {
    var q = input.value.trim().toLowerCase();
    if (!q) { close(); return; }
    if (!entries) { pending = true; load(); return; }
    pending = false;
    var words = q.split(/\s+/);
    var found = [];
    for (var i = 0; i < entries.length; i++) {
      var s = score(entries[i], words);
      if (s > 0) found.push({ s: s, e: entries[i] });
    }
    found.sort(function (a, b) { return b.s - a.s || a.e.t.length - b.e.t.length; });
    results.textContent = "";
    if (found.length === 0) {
      results.appendChild(el("li", "r-none", "No results for “" + input.value.trim() + "”"));
    }
    found.slice(0, 12).forEach(function (f) {
      var li = el("li"), a = el("a");
      a.href = diskUrl(root + f.e.p.u);
      a.appendChild(el("span", "r-title", f.e.p.t));
      if (f.e.p.s) a.appendChild(el("span", "r-where", f.e.p.s));
      if (f.e.p.x) a.appendChild(el("span", "r-text", snippet(f.e.p.x, words)));
      li.appendChild(a);
      results.appendChild(li);
    });
    results.hidden = false;
  }

  function close() {
    results.hidden = true;
  }

  function resultLinks() { return Array.prototype.slice.call(results.querySelectorAll("a")); }

  input.addEventListener("focus", load);
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
    load();
    if (input.value.trim()) run();
  }
  document.addEventListener("keydown", function (ev) {
    var t = ev.target, typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      input.focus();
    }
  });
})();
