/* dacu preview: which elements of the page a finding is about (served before client.js).
 *
 * Review mode outlines, on the page, what each finding names. The theme marks elements
 * with data-dacu-image (path relative to assets/), data-dacu-key (+ data-dacu-file) or
 * data-dacu-sku; otherwise an <img> whose URL holds the source image's path without its
 * extension is taken. A region is in the source image's pixels, and sourceSize says how
 * large that image was, so client.js can scale the region to the variant shown.
 * Pure lookups over the open document: no state, nothing drawn here.
 */
(function () {
  "use strict";

  /** The paths of every URL ``img`` shows or may show (src, currentSrc, srcset), decoded. */
  function imageUrls(img) {
    var urls = [img.currentSrc, img.src];
    (img.getAttribute("srcset") || "").split(",").forEach(function (part) {
      var u = part.trim().split(/\s+/)[0];
      if (u) urls.push(new URL(u, location.href).href);
    });
    return urls.filter(Boolean).map(function (u) {
      try { return decodeURIComponent(new URL(u, location.href).pathname); } catch (e) { return u; }
    });
  }

  /** Whether ``path`` holds ``stem`` as whole path segments (a variant's suffix may follow). */
  function urlHasStem(path, stem) {
    var at = path.indexOf(stem);
    while (at >= 0) {
      var next = path.charAt(at + stem.length);
      var before = at === 0 ? "/" : path.charAt(at - 1);
      if (before === "/" && (next === "" || "-_.@/".indexOf(next) >= 0)) return true;
      at = path.indexOf(stem, at + 1);
    }
    return false;
  }

  /** The elements of the open page finding ``f`` is about; none when the page does not show it. */
  function targets(f) {
    var out = [];
    var all = function (sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); };
    if (f.image) {
      out = all("[data-dacu-image]").filter(function (e) { return e.getAttribute("data-dacu-image") === f.image; });
      if (!out.length) {
        var stem = f.image.replace(/\.[^./]+$/, "");
        out = all("img").filter(function (img) {
          return imageUrls(img).some(function (p) { return urlHasStem(p, stem); });
        });
      }
    }
    if (!out.length && f.key) {
      out = all("[data-dacu-key]").filter(function (e) {
        var k = e.getAttribute("data-dacu-key"), file = e.getAttribute("data-dacu-file");
        if (file && file !== f.file) return false;
        return k === f.key || f.key.indexOf(k + ".") === 0 || f.key.indexOf(k + "[") === 0;
      });
    }
    if (!out.length && f.sku) {
      out = all("[data-dacu-sku]").filter(function (e) { return e.getAttribute("data-dacu-sku") === String(f.sku); });
    }
    return out;
  }

  // A region is in the source image's pixels; the page shows a resized variant.
  // The default theme writes the source size into <img width height>.
  function sourceSize(f, target) {
    if (f.image_size && f.image_size.length === 2) return f.image_size;
    var attr = target.getAttribute("data-dacu-size");   // "3000x4000"
    var m = attr && /^(\d+)\s*[x×]\s*(\d+)$/.exec(attr);
    if (m) return [Number(m[1]), Number(m[2])];
    var w = Number(target.getAttribute("width")), h = Number(target.getAttribute("height"));
    return target.tagName === "IMG" && w > 0 && h > 0 ? [w, h] : null;
  }

  window.__dacuTargets = { targets: targets, sourceSize: sourceSize };
})();
