/* dacu preview client: injected into every page the preview serves.
 *
 * - Live reload: livereload.js (shipped with the livereload package) keeps the
 *   WebSocket and swaps stylesheets without a reload. A rebuilt page is fetched
 *   and brought into the open one in place (update.js, served before this
 *   script); when that cannot be done right, the page reloads.
 * - Build errors: when a save breaks the build, the server asks this script
 *   (through a livereload.js plugin) to fetch /_dacu/status.json, and the
 *   findings are drawn over the page, which still shows the last good build.
 *   The next good build reloads the page, which clears them.
 * - Review mode: a round button in the bottom-right corner outlines, on the page, the images
 *   and blocks that findings name (found by targets.js, served before this script); tap an
 *   outline to read the finding.
 *
 * Finding text comes from content files, so it is only ever set with
 * textContent. Everything lives in shadow roots, away from the theme's CSS.
 *
 * Words: the server puts the overlay's and review mode's texts, in the user's
 * language, as JSON in this script's data-texts attribute (dacu/serve/texts.py);
 * "{n}" in a text is a count. Findings arrive already in that language.
 */
(function () {
  "use strict";
  if (window.__dacuPreview) return;
  var preview = window.__dacuPreview = { inPlace: false };   // inPlace: a save updates this page without a reload

  var STATUS_URL = "/_dacu/status.json";
  var me = document.currentScript;
  var pageRun = me ? me.getAttribute("data-run") : null;
  var pageGeneration = me ? Number(me.getAttribute("data-generation") || 0) : 0;
  var TEXTS = {};
  try { TEXTS = JSON.parse(me && me.getAttribute("data-texts") || "{}"); } catch (e) { /* keys shown instead */ }
  function text(key, n) {
    var t = TEXTS[key] || key;
    return n == null ? t : t.split("{n}").join(String(n));
  }
  function counted(key, n) { return text(key + (n === 1 ? "_one" : "_other"), n); }
  var status = null;
  var store = window.sessionStorage || { getItem: function () { return null; }, setItem: function () {} };
  var reviewing = /[?&]review=1\b/.test(location.search) || store.getItem("dacu-review") === "1";

  // --- live reload -----------------------------------------------------------
  // livereload.js adds every window.LiveReloadPlugin* it finds when it loads;
  // a plugin's reload() returning true means "handled, do not reload".
  function DacuPlugin() {}
  DacuPlugin.identifier = "dacu";
  DacuPlugin.version = "1.0";
  DacuPlugin.prototype.reload = function (path, options) {
    if (path === STATUS_URL) { refresh(false); return true; }
    if (options && options.liveCSS && /\.css$/i.test(path)) { swapStylesheets(); return true; }
    update();
    return true;
  };
  window.LiveReloadPluginDacu = DacuPlugin;

  // --- the rebuilt page, in place ------------------------------------------------
  // ``shown`` is this page as the server built it (update.js compares built pages,
  // never the live DOM). It is fetched once at load; until it arrives, or when it
  // is not the build the page came from, a save reloads the page.
  var pages = window.__dacuUpdate, shown = null, updating = false, again = false;

  function fetchPage() {
    return fetch(location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok || !/text\/html/i.test(r.headers.get("Content-Type") || "")) throw new Error(String(r.status));
        return r.text();
      })
      .then(function (html) { return pages.parse(html); });
  }

  if (pages && window.fetch && window.DOMParser) {
    fetchPage().then(function (built) {
      if (!shown && built.run === pageRun && built.generation === pageGeneration) {
        shown = built;
        preview.inPlace = true;
      }
    }).catch(function () { /* a 404 page, or the server is away: saves reload */ });
  }

  function update() {
    if (updating) { again = true; return; }   // one at a time; the latest build wins
    if (!shown) { location.reload(); return; }
    updating = true;
    fetchPage().then(function (built) {
      if (!pages.apply(document, shown.doc, built.doc)) { location.reload(); return; }
      shown = built;
      pageRun = built.run;
      pageGeneration = built.generation;
      updating = false;
      refresh(false);   // the overlay of a failed build goes, review marks follow the new layout
      if (again) { again = false; update(); }
    }).catch(function () { location.reload(); });
  }

  // Theme CSS is fingerprinted (dacu.3f2a9c1b.css): after a build the page
  // links a new file name and the old file is gone, so livereload.js's own
  // swap (the old name with a cache-busting query) would load nothing. Read
  // the page as now built and swap each stylesheet for its new version; the
  // old one goes only once the new one has loaded, so nothing flashes.
  function logical(href) {
    return new URL(href, location.href).pathname.replace(/\.[0-9a-f]{6,}(\.css)$/i, "$1");
  }

  function swapStylesheets() {
    fetch(location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (html) {
        var built = new DOMParser().parseFromString(html, "text/html");
        var fresh = {};
        built.querySelectorAll('link[rel~="stylesheet"][href]').forEach(function (l) {
          var href = new URL(l.getAttribute("href"), location.href).href;
          fresh[logical(href)] = href;
        });
        var unmatched = false;
        document.querySelectorAll('link[rel~="stylesheet"][href]').forEach(function (old) {
          var href = fresh[logical(old.href)];
          if (!href) { unmatched = true; return; }
          if (href === old.href.replace(/[?&]dacu-css=\d+$/, "")) {
            href += (href.indexOf("?") < 0 ? "?" : "&") + "dacu-css=" + Date.now();  // same name: bust the cache
          }
          var link = old.cloneNode(false);
          link.href = href;
          link.onload = link.onerror = function () { old.remove(); };
          old.parentNode.insertBefore(link, old.nextSibling);
        });
        if (unmatched) location.reload();  // a stylesheet came or went: only a reload is right
      })
      .catch(function () { location.reload(); });
  }

  var port = location.port || (location.protocol === "https:" ? "443" : "80");
  var lr = document.createElement("script");
  // livereload.js reads host, port and options from its own src. It retries a
  // lost connection after mindelay ms, doubling up to maxdelay: a phone waking
  // from sleep reconnects within 5 s instead of its default minute.
  lr.src = location.protocol + "//" + location.hostname + ":" + port +
           "/livereload.js?port=" + port + "&mindelay=500&maxdelay=5000";
  (document.head || document.documentElement).appendChild(lr);

  // After a (re)connection, builds may have finished while no one listened.
  document.addEventListener("LiveReloadConnect", function () { refresh(true); });

  function refresh(afterConnect) {
    fetch(STATUS_URL, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) return;
        status = s;
        var newer = s.run !== pageRun || s.generation > pageGeneration;
        if (afterConnect && s.state === "ok" && newer) { location.reload(); return; }
        render();
      })
      .catch(function () { /* the server is restarting: the next connection retries */ });
  }

  // --- drawing -----------------------------------------------------------------
  var CSS =
    ":host{all:initial}" +
    "*{box-sizing:border-box}" +
    ".overlay{position:fixed;left:8px;right:8px;top:8px;max-height:75vh;overflow:auto;" +
    "background:#fff;color:#222;border:2px solid #c4161c;border-radius:10px;padding:12px 14px;" +
    "font:14px/1.45 system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif;" +
    "box-shadow:0 6px 24px rgba(0,0,0,.35);z-index:2147483647}" +
    ".overlay header{display:flex;align-items:center;gap:8px}" +
    ".overlay h2{font-size:16px;margin:0;flex:1;color:#c4161c}" +
    ".overlay .sub{margin:4px 0 8px;color:#555;font-size:13px}" +
    "ol{margin:0;padding:0;list-style:none}" +
    "li{border-top:1px solid #eee;padding:8px 0}" +
    ".where{font:12px/1.4 ui-monospace,Menlo,monospace;color:#333;word-break:break-all}" +
    ".rule{display:inline-block;margin-left:6px;padding:0 6px;border-radius:8px;font-size:11px;" +
    "color:#fff;background:#c4161c}" +
    ".warning .rule{background:#9a5b00}" +
    ".msg{margin:2px 0 0}" +
    "button{font:inherit;cursor:pointer}" +
    ".close{border:0;background:#eee;border-radius:50%;width:32px;height:32px;font-size:18px;line-height:1}" +
    // A round button in the bottom-right corner, above the detail page's buy bar (66px): reachable by
    // thumb and out of the text column, where shop pages put their floating 客服 button. (A tab on the
    // left edge covered the first characters of every line it passed.)
    ".tab{position:fixed;right:10px;bottom:calc(80px + env(safe-area-inset-bottom));border:0;border-radius:22px;" +
    "padding:0 10px;min-width:44px;height:44px;box-shadow:0 2px 8px rgba(0,0,0,.3);" +
    "background:rgba(34,34,34,.75);color:#fff;font:13px/44px system-ui,sans-serif;z-index:2147483646}" +
    ".tab[aria-pressed=true]{background:#c4161c}" +
    ".toast a{color:#ffd200}" +
    ".toast{position:fixed;left:8px;right:8px;bottom:8px;background:#222;color:#fff;padding:10px 12px;" +
    "border-radius:8px;font:13px/1.45 system-ui,sans-serif;white-space:pre-line;z-index:2147483647}" +
    ".mark{position:absolute;border:3px solid #c4161c;pointer-events:none}" +
    ".mark.warning{border-color:#e08a00}" +
    ".mark.region{border-style:dashed}" +
    ".label{position:absolute;left:-3px;top:-3px;transform:translateY(-100%);pointer-events:auto;" +
    "border:0;padding:2px 6px;font:11px/1.4 system-ui,sans-serif;color:#fff;background:#c4161c;" +
    "border-radius:4px 4px 0 0;white-space:nowrap;max-width:80vw;overflow:hidden;text-overflow:ellipsis}" +
    ".warning .label{background:#e08a00}" +
    "[hidden]{display:none!important}";

  var fixed = null, layer = null, announced = false;

  function shadowHost(id, style) {
    var host = document.createElement("dacu-" + id);
    host.id = "dacu-" + id;
    host.setAttribute("style", style);
    var root = host.attachShadow({ mode: "open" });
    var css = document.createElement("style");
    css.textContent = CSS;
    root.appendChild(css);
    document.documentElement.appendChild(host);
    return root;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }

  function where(f) {
    var w = f.file || "(dacu)";
    if (f.line != null) w += ":" + f.line;
    if (f.key) w += " (" + f.key + ")";
    return w;
  }

  function sorted(findings) {
    return findings.slice().sort(function (a, b) {
      return (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1);
    });
  }

  function render() {
    if (!status) return;
    if (!fixed) fixed = shadowHost("preview", "position:fixed;z-index:2147483647;left:0;top:0");
    renderOverlay();
    renderTab();
    drawMarks();
  }

  function dismissedKey() { return "dacu-dismissed:" + status.run + ":" + status.generation; }

  function renderOverlay() {
    var old = fixed.querySelector(".overlay");
    if (old) old.remove();
    if (status.state !== "failed" || store.getItem(dismissedKey()) === "1") return;
    var errors = status.findings.filter(function (f) { return f.severity === "error"; }).length;
    var box = el("section", "overlay");
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", text("failed"));
    var head = el("header");
    head.appendChild(el("h2", null, text("failed") + " · " + counted("errors", errors)));
    var close = el("button", "close", "×");
    close.setAttribute("aria-label", text("close"));
    close.addEventListener("click", function () { store.setItem(dismissedKey(), "1"); box.remove(); });
    head.appendChild(close);
    box.appendChild(head);
    box.appendChild(el("p", "sub", text("kept")));
    var list = el("ol");
    sorted(status.findings).forEach(function (f) {
      var item = el("li", "finding " + (f.severity || "error"));
      var w = el("div", "where", where(f));
      w.appendChild(el("span", "rule", f.rule));
      item.appendChild(w);
      item.appendChild(el("p", "msg", f.message));
      list.appendChild(item);
    });
    box.appendChild(list);
    fixed.appendChild(box);
  }

  function renderTab() {
    var tab = fixed.querySelector(".tab");
    if (!tab) {
      tab = el("button", "tab");
      tab.addEventListener("click", function () {
        reviewing = !reviewing;
        announced = false;
        store.setItem("dacu-review", reviewing ? "1" : "0");
        renderTab();
        drawMarks();
      });
      fixed.appendChild(tab);
    }
    tab.textContent = text("tab", status.findings.length);
    tab.setAttribute("aria-pressed", reviewing ? "true" : "false");
    tab.setAttribute("aria-label", text("tab_label", status.findings.length));
  }

  function toast(text, link) {
    var t = fixed.querySelector(".toast");
    if (!t) { t = el("div", "toast"); t.addEventListener("click", function () { t.hidden = true; }); fixed.appendChild(t); }
    t.textContent = text;
    if (link) {
      var a = el("a", null, link.text);
      a.href = link.href;
      t.appendChild(document.createTextNode(" "));
      t.appendChild(a);
    }
    t.hidden = false;
  }

  function box(cls, left, top, width, height) {
    var b = el("div", cls);
    b.style.left = left + "px";
    b.style.top = top + "px";
    b.style.width = Math.max(width, 4) + "px";
    b.style.height = Math.max(height, 4) + "px";
    return b;
  }

  // which elements a finding names, and its image's size: targets.js
  var targets = window.__dacuTargets.targets, sourceSize = window.__dacuTargets.sourceSize;

  function drawMarks() {
    if (layer) { layer.host.remove(); layer = null; }
    if (!reviewing || !status) return;
    // position:absolute at the document's origin, so marks scroll with the page.
    layer = shadowHost("review", "position:absolute;left:0;top:0;width:0;height:0;z-index:2147483646");
    var sx = window.scrollX, sy = window.scrollY;
    var unplaced = 0;
    sorted(status.findings).forEach(function (f) {
      var found = targets(f);
      if (!found.length) unplaced += 1;
      found.forEach(function (target) {
        var r = target.getBoundingClientRect();
        if (!r.width && !r.height) return;
        var mark = box("mark " + (f.severity || "error"), r.left + sx, r.top + sy, r.width, r.height);
        var label = el("button", "label", f.rule);
        label.addEventListener("click", function () { toast(where(f) + " · " + f.rule + "\n" + f.message); });
        mark.appendChild(label);
        layer.appendChild(mark);
        var size = f.region && sourceSize(f, target);
        if (size) {
          var k = r.width / size[0];
          layer.appendChild(box("mark region " + (f.severity || "error"),
                                r.left + sx + f.region[0] * k, r.top + sy + f.region[1] * k,
                                f.region[2] * k, f.region[3] * k));
        }
      });
    });
    if (unplaced && !announced) {
      // Findings about other pages, or about data the theme does not mark up.
      announced = true;
      toast(counted("unplaced", unplaced), { text: text("report"), href: "/_report/" });
    }
  }

  // Images load and fonts swap after the first drawing: follow the layout.
  var pending = false;
  function redraw() {
    if (pending || !reviewing) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; drawMarks(); });
  }
  window.addEventListener("resize", redraw);
  document.addEventListener("load", redraw, true);
  if (window.ResizeObserver) new ResizeObserver(redraw).observe(document.documentElement);

  refresh(false);
})();
