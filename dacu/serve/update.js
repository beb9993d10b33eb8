/* dacu preview: a rebuilt page brought into the open one in place (served before client.js).
 *
 * After a save the server says "reload". A navigation requests the page again, runs its
 * scripts, lays it out and decodes its images anew and scrolls back: on a phone that is
 * most of the time from save to screen. Instead client.js fetches the rebuilt page and
 * this compares it with the version the browser shows, both as the server built them
 * (never the live DOM, which the theme's script changes by itself), and changes in the
 * open page only what the save changed:
 *  - a part the save did not change is left as it is, with what the theme's script made
 *    of it (countdowns, the floor tab in view, the gallery's position), its listeners
 *    and its images; the scroll position stays;
 *  - a changed element keeps its place: its changed attributes are set, its children
 *    are lined up by their common start and end and the stretch between is replaced;
 *  - when the head, the <html> element or any script differs, or a replaced stretch
 *    holds a script or an element the theme's script may be bound to (one with a data
 *    attribute), or an attribute the script read once at load changed (one of such an
 *    element or inside it, a countdown's steps, a link's address under ?now=), the
 *    caller reloads the page as before.
 */
(function () {
  "use strict";
  var CLIENT = "/_dacu/client.js";

  /** The built page as a document, and the build it came from (the preview's own tag says). */
  function parse(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var build = { run: null, generation: 0 };
    Array.prototype.forEach.call(doc.querySelectorAll('script[src="' + CLIENT + '"]'), function (tag) {
      build = { run: tag.getAttribute("data-run"), generation: Number(tag.getAttribute("data-generation") || 0) };
      // the tag differs in every build: compare pages without it
      tag.removeAttribute("data-run");
      tag.removeAttribute("data-generation");
    });
    return { doc: doc, run: build.run, generation: build.generation };
  }

  function sameAttributes(a, b) {
    if (a.attributes.length !== b.attributes.length) return false;
    for (var i = 0; i < a.attributes.length; i++) {
      if (b.getAttribute(a.attributes[i].name) !== a.attributes[i].value) return false;
    }
    return true;
  }

  function scripts(node) {
    return Array.prototype.slice.call(node.querySelectorAll ? node.querySelectorAll("script") : []);
  }

  function sameScripts(before, after) {
    var b = scripts(before), a = scripts(after);
    return b.length === a.length && b.every(function (s, i) { return s.isEqualNode(a[i]); });
  }

  function Abort() {}

  // Elements the theme's script may hold on to: it finds them by their data attributes when the
  // page loads (the floor tabs, a gallery), so a new one, or a new child of one, would have no
  // listeners. Not these: the default theme's script reads the time windows and the countdown
  // afresh every second, never reads the price and SKU markup (it is for the checks), and the
  // preview's review marks (data-dacu-*) are found afresh each time (docs/themes.md). Any other
  // data attribute, a custom theme's among them, counts as bound.
  var UNBOUND = /^data-(dacu-.*|start|end|state|show|countdown|cd-.*|sku|price|price-kind|buy|tz)$/;

  function bound(element) {
    for (var i = 0; i < element.attributes.length; i++) {
      var name = element.attributes[i].name;
      if (name.indexOf("data-") === 0 && !UNBOUND.test(name)) return true;
    }
    return false;
  }

  function reviewing() { return /[?&]now=/.test(location.search); }

  /** Reload rather than put new elements or attributes into ``element`` of the open page or below it. */
  function insideBound(element) {
    for (var up = element; up && up.nodeType === 1 && up !== document.documentElement; up = up.parentNode) {
      if (bound(up)) throw new Abort();
    }
  }

  /** ``node`` of the rebuilt page, to be put into ``parent`` of the open one. */
  function fresh(node, parent) {
    // A script parsed by DOMParser never runs, and one that would is a reason to reload; so is an
    // element the theme's script may be bound to, or one inside such an element, and a link while
    // ?now= is under review (the script adds the moment to every link once, at load).
    if (node.nodeType === 1) {
      var review = reviewing();
      var all = [node].concat(Array.prototype.slice.call(node.querySelectorAll("*")));
      if (all.some(function (e) { return e.nodeName === "SCRIPT" || bound(e) || (review && e.nodeName === "A"); })) {
        throw new Abort();
      }
      insideBound(parent);
    }
    return document.importNode(node, true);
  }

  /** Reload rather than change attribute ``name`` of ``live``, when the theme's script read it once. */
  function settable(live, after, name) {
    // the same reasons as for a new element (fresh), and: the countdown parses its steps once per
    // element, and under ?now= the script rewrote every link's address at load
    if (name === "data-countdown" || bound(after) || (name === "href" && live.nodeName === "A" && reviewing())) {
      throw new Abort();
    }
    insideBound(live);
  }

  function patch(live, before, after) {
    if (before.isEqualNode(after)) return;   // not changed by the save: keep it as the page's script left it
    if (before.nodeType !== 1 && before.nodeType === after.nodeType && live.nodeType === before.nodeType) {
      live.data = after.data;                // a text (or comment) changed: the same node, new words
      return;
    }
    if (before.nodeType !== 1 || after.nodeType !== 1 || live.nodeType !== 1 ||
        before.nodeName !== after.nodeName || live.nodeName !== before.nodeName) {
      live.parentNode.replaceChild(fresh(after, live.parentNode), live);
      return;
    }
    var i, name;
    for (i = 0; i < after.attributes.length; i++) {
      name = after.attributes[i].name;
      if (before.getAttribute(name) !== after.attributes[i].value) {
        settable(live, after, name);
        live.setAttribute(name, after.attributes[i].value);
      }
    }
    for (i = 0; i < before.attributes.length; i++) {
      name = before.attributes[i].name;
      if (!after.hasAttribute(name)) {
        settable(live, before, name);
        live.removeAttribute(name);
      }
    }
    children(live, before, after);
  }

  function children(live, before, after) {
    var l = Array.prototype.slice.call(live.childNodes), b = before.childNodes, a = after.childNodes, i;
    if (l.length !== b.length) {
      // the page's script added or removed children here (a countdown's digits): take the new ones whole
      var all = Array.prototype.map.call(a, function (n) { return fresh(n, live); });
      l.forEach(function (n) { live.removeChild(n); });
      all.forEach(function (n) { live.appendChild(n); });
      return;
    }
    var start = 0, endB = b.length, endA = a.length;
    while (start < endB && start < endA && b[start].isEqualNode(a[start])) start++;
    while (endB > start && endA > start && b[endB - 1].isEqualNode(a[endA - 1])) { endB--; endA--; }
    if (endB - start === endA - start) {
      for (i = start; i < endB; i++) patch(l[i], b[i], a[i]);
      return;
    }
    // children came or went between the common start and end: that stretch is replaced
    var added = Array.prototype.slice.call(a, start, endA).map(function (n) { return fresh(n, live); });
    var next = l[endB] || null;
    for (i = start; i < endB; i++) live.removeChild(l[i]);
    added.forEach(function (n) { live.insertBefore(n, next); });
  }

  /** Change ``live`` (the open document) from ``before`` to ``after``; false: reload the page instead. */
  function apply(live, before, after) {
    if (!live.body || !before.body || !after.body || !before.head || !after.head) return false;
    if (!sameAttributes(before.documentElement, after.documentElement) || !before.head.isEqualNode(after.head) ||
        !sameScripts(before.body, after.body) || scripts(live.body).length !== scripts(before.body).length) {
      return false;   // a new stylesheet, palette, title or script: only a reload is right
    }
    try {
      patch(live.body, before.body, after.body);
    } catch (e) {
      // a script in a replaced stretch: the caller reloads, which drops what was patched so far
      if (e instanceof Abort) return false;
      throw e;
    }
    return true;
  }

  window.__dacuUpdate = { parse: parse, apply: apply };
})();
