/* A table wider than the screen scrolls inside its .table-scroll wrapper (its words are never
   split); keyboard users can reach such a wrapper only if it takes focus, so it gets
   tabindex="0" and a region name while, and only while, it actually scrolls. */
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".table-scroll"))
    .filter(function (box) { return !box.hasAttribute("tabindex"); });
  if (!boxes.length) return;

  function nameOf(box) {
    var caption = box.querySelector("caption");
    var section = box.closest("section, details, .card");
    var heading = section && section.querySelector("h2, h3, summary");
    var text = (caption || heading || {}).textContent || "";
    return (text.trim() || "Table") + " (scrolls sideways)";
  }

  function mark() {
    boxes.forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameOf(box));
      } else if (!scrolls && box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  mark();
  window.addEventListener("resize", mark);
  document.addEventListener("toggle", mark, true);
})();
