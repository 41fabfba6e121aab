/* handbook serve: live reload and the error overlay. Injected only by `handbook serve`. */
(function () {
  "use strict";
  if (!window.EventSource || window.__handbookLive) return;
  window.__handbookLive = true;

  var here = location.pathname.replace(/^\//, "");
  if (here === "" || here.charAt(here.length - 1) === "/") here += "index.html";
  here = decodeURIComponent(here);

  function showOverlay(status) {
    var box = document.getElementById("hb-live-overlay");
    var errors = (status.diagnostics || []).filter(function (d) { return d.severity === "error"; });
    if (errors.length === 0) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "hb-live-overlay";
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Handbook errors");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;overflow:auto;" +
        "margin:0;padding:14px 18px;background:#2b0d0d;color:#ffe9e9;border-top:4px solid #ff5c5c;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -6px 24px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 8px;font-weight:700;color:#fff";
    var count = status.errors || errors.length;
    title.textContent = count + (count === 1 ? " error" : " errors") +
      " — the last good version is shown; this clears when you fix them.";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding:0;list-style:none";
    errors.forEach(function (d) {
      var li = document.createElement("li");
      li.className = "hb-live-error";
      li.style.cssText = "margin:0 0 6px";
      var where = document.createElement("strong");
      where.textContent = d.file + ":" + d.line + ":" + d.column;
      li.appendChild(where);
      li.appendChild(document.createTextNode(" error[" + d.code + "]: " + d.message));
      if (d.help) {
        var help = document.createElement("div");
        help.style.cssText = "opacity:.8;padding-left:1em";
        help.textContent = "help: " + d.help;
        li.appendChild(help);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    if (status.omitted > 0) {
      var more = document.createElement("p");
      more.style.cssText = "margin:0;opacity:.8";
      more.textContent = "… and " + status.omitted + " more, not shown (at most 50 per file).";
      box.appendChild(more);
    }
  }

  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").replace(/[?&]hb=\d+/, "");
      links[i].setAttribute("href", href + (href.indexOf("?") < 0 ? "?" : "&") + "hb=" + Date.now());
    }
  }

  var source = new EventSource("/__handbook/events");
  source.addEventListener("status", function (e) {
    window.__handbookConnected = true;
    try { showOverlay(JSON.parse(e.data)); } catch (err) { /* a malformed message is ignored */ }
  });
  source.addEventListener("reload", function (e) {
    var paths = [];
    try { paths = JSON.parse(e.data); } catch (err) { paths = ["*"]; }
    if (paths.indexOf("*") >= 0 || paths.indexOf(here) >= 0) location.reload();
  });
  source.addEventListener("css", swapStyles);
})();
