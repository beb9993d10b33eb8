/* dacu default theme: keeps a built page current as time passes.
   Pages are built as at one moment (--now); this script re-evaluates every
   time window each second, so a page built days ago is right when opened.
   ?now=2026-11-11T00:00 shows the page as at that moment (review mode).
   Data attributes: docs/themes.md. No framework. */
(function () {
  "use strict";
  var doc = document, WIN = "[data-start],[data-end]", offset = 0;
  var asked = new URLSearchParams(location.search).get("now");

  function all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  function at(el, name, none) { var v = el.getAttribute(name); return v ? Date.parse(v) : none; }
  function now() { return Date.now() + offset; }

  if (asked) {
    asked = asked.replace(/ /g, "+"); // a "+" in a query string arrives as a space
    if (!/(Z|[+-]\d\d:?\d\d)$/.test(asked)) asked += doc.documentElement.getAttribute("data-tz") || "";
    var wanted = Date.parse(asked);
    if (!isNaN(wanted)) {
      offset = wanted - Date.now();
      // links to other pages keep the moment under review
      all("a[href]").forEach(function (a) {
        var href = a.getAttribute("href"), cut = href.indexOf("#");
        if (/^(#|[a-z]+:|\/\/)/i.test(href)) return;
        var hash = cut < 0 ? "" : href.slice(cut);
        href = cut < 0 ? href : href.slice(0, cut);
        a.setAttribute("href", href + (href.indexOf("?") < 0 ? "?" : "&") + "now=" + encodeURIComponent(asked) + hash);
      });
    }
  }

  function state(el, t) {
    return t < at(el, "data-start", -Infinity) ? "upcoming" : t <= at(el, "data-end", Infinity) ? "running" : "ended";
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function countdown(el, t) {
    var steps = el._steps || (el._steps = JSON.parse(el.getAttribute("data-countdown")));
    var step = steps.filter(function (s) { return t <= Date.parse(s[0]); })[0];
    if (!step) return;
    var left = Math.max(0, Math.ceil((Date.parse(step[0]) - t) / 1000));
    var days = Math.floor(left / 86400), phase = el.querySelector("[data-cd-phase]");
    el.querySelector("[data-cd-label]").textContent = step[1];
    if (phase) { phase.textContent = step[2]; phase.parentNode.hidden = !step[2]; }
    el.querySelector("[data-cd-time]").innerHTML = (days ? "<b>" + days + "</b>天" : "") +
      "<b>" + two(Math.floor(left % 86400 / 3600)) + "</b>:<b>" + two(Math.floor(left % 3600 / 60)) +
      "</b>:<b>" + two(left % 60) + "</b>";
  }

  function tick() {
    var t = now();
    // writes only on change: an unchanged page costs no style recalculation
    all(WIN).forEach(function (el) {
      var s = state(el, t);
      if (el.getAttribute("data-state") !== s) el.setAttribute("data-state", s);
    });
    all("[data-show]").forEach(function (el) {
      var win = el.closest(WIN);
      var hide = !!win && el.getAttribute("data-show").split(" ").indexOf(win.getAttribute("data-state")) < 0;
      if (el.hidden !== hide) el.hidden = hide;
    });
    all("[data-countdown]").forEach(function (el) { countdown(el, t); });
    setTimeout(tick, 1000 - t % 1000 + 5);
  }

  // Floor navigation: highlight the floor in view, keep its tab visible.
  var nav = doc.querySelector("[data-floor-nav]");
  if (nav) {
    var links = all("a[href^='#']", nav), picked = -1, current = -2, queued = false;
    var floors = links.map(function (a) { return doc.getElementById(a.getAttribute("href").slice(1)); });
    var spy = function () {
      queued = false;
      var line = nav.getBoundingClientRect().bottom + 8, index = -1;
      floors.forEach(function (f, i) { if (f && f.getBoundingClientRect().top <= line) index = i; });
      // at the foot of the page a short last floor never reaches the top: trust the tap
      if (picked >= 0 && innerHeight + scrollY >= doc.documentElement.scrollHeight - 2 &&
          floors[picked].getBoundingClientRect().top < innerHeight) index = picked;
      if (index === current) return;
      current = index;
      links.forEach(function (a, i) {
        if (i === index) {
          a.setAttribute("aria-current", "true");
          var list = a.parentNode.parentNode;
          list.scrollLeft = a.offsetLeft - (list.clientWidth - a.offsetWidth) / 2;
        } else a.removeAttribute("aria-current");
      });
    };
    links.forEach(function (a, i) { a.addEventListener("click", function () { picked = i; }); });
    addEventListener("touchstart", function () { picked = -1; }, { passive: true });
    var queue = function () { if (!queued) { queued = true; requestAnimationFrame(spy); } };
    addEventListener("scroll", queue, { passive: true });
    queue(); // in a frame, with the layout the browser makes anyway, not a forced one
  }

  // Gallery: the position indicator follows the swipe.
  all("[data-gallery]").forEach(function (g) {
    var track = g.querySelector("[data-gallery-track]"), index = g.querySelector("[data-gallery-index]");
    if (track && index) track.addEventListener("scroll", function () {
      index.textContent = Math.round(track.scrollLeft / track.clientWidth) + 1;
    }, { passive: true });
  });

  tick();
})();
