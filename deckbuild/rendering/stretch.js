// Quarto's auto-stretch, run on the page before reveal.js lays it out. On a slide whose only
// image (or plot) is not in a column, a fragment, a stack or beside an aside, and stands alone
// in its paragraph, figure, cell or `.r-stretch` div, the image gets `.r-stretch` and becomes a
// child of the slide itself (reveal.js only stretches those), its caption after it; reveal.js
// then gives it the height the rest of the slide leaves. `auto` is the deck's `auto-stretch`;
// an image the author marked `.r-stretch` is moved the same way when it is off.
(function (auto) {
  var IMAGES = "img, .cell-output-svg > svg";
  var BLOCKERS = ".column, .fragment, .r-stack, .r-hstack, .r-vstack, .absolute, .cell-output-slide, [class*='panel-'], .quarto-layout-panel";
  var marked = function (el) { return el.classList.contains("r-stretch") || el.classList.contains("stretch"); };
  var inside = function (el, selector, slide) { var found = el.closest(selector); return found !== null && slide.contains(found); };

  function stretch(slide) {
    if (slide.classList.contains("nostretch") || slide.querySelector("section")) return;
    if (slide.querySelector("aside:not(.notes)")) return;
    var images = Array.prototype.filter.call(slide.querySelectorAll(IMAGES), function (el) {
      return !el.closest("aside, .slide-logo, .slide-footer");
    });
    if (images.length !== 1 || inside(images[0], BLOCKERS, slide)) return;
    var image = images[0], top = image;
    while (top.parentElement !== slide) top = top.parentElement;
    var alone = top.textContent.trim() === (image.textContent || "").trim() || top.querySelector("figcaption");
    var known = top.matches("p, figure, div.cell, div.quarto-float") || marked(top);
    if (top === image || !known || (top.matches("p") && !alone)) return;
    if (top !== image && marked(top)) {
      top.classList.remove("r-stretch", "stretch");
      image.classList.add("r-stretch");
    }
    var sized = image.hasAttribute("height") || /(^|;)\s*height\s*:/.test(image.getAttribute("style") || "");
    if (auto && !marked(image) && !sized && image.parentElement.tagName !== "A") image.classList.add("r-stretch");
    if (!marked(image)) return;
    var caption = top.querySelector("figcaption");
    var next = top.nextSibling;
    slide.insertBefore(image, next);
    if (caption) {
      var p = document.createElement("p");
      p.className = "caption";
      p.innerHTML = caption.innerHTML;
      slide.insertBefore(p, next);
      caption.remove();
    }
    if (!top.querySelector(IMAGES) && top.textContent.trim() === "") {
      if (top.id && !image.id) image.id = top.id;  // a numbered figure's id stays, for its cross-references
      top.remove();
    }
  }

  document.querySelectorAll(".reveal .slides section").forEach(stretch);
  window.deckbuildStretch = stretch;  // for a page that swaps slides in later (serve)
})
