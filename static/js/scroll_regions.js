// A table wider than the phone scrolls inside its own box (app.css), never the page. A
// keyboard user can scroll it only if the box takes focus: a box that scrolls gets
// tabindex="0" (WCAG 2.1.1; axe-core's scrollable-region-focusable), one that no longer
// scrolls (a wider window) loses it again.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll("main table, main .table-wrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }
  mark();
  var timer;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(mark, 100);
  });
  // Pages that swap parts in with htmx: mark what came in.
  document.body.addEventListener("htmx:afterSettle", mark);
})();
