/* Quarto's blocks in the browser: tabs that switch, callouts that open and close, links that
   preview only in full screen (`preview-links: auto`), and the logo copied onto each slide when
   the deck is printed. Runs before reveal.js starts. */
(function () {
  "use strict";
  var printing = /print-pdf/i.test(window.location.search);

  function select(tab) {
    var list = tab.closest('[role="tablist"]');
    list.querySelectorAll('[role="tab"]').forEach(function (other) {
      var on = other === tab;
      other.setAttribute("aria-selected", on ? "true" : "false");
      other.tabIndex = on ? 0 : -1;
      other.parentElement.classList.toggle("active", on);
      var pane = document.getElementById(other.getAttribute("aria-controls"));
      if (pane) {
        pane.hidden = !on;
        pane.classList.toggle("active", on);
      }
    });
    document.dispatchEvent(new Event("tabby"));
  }

  function toggle(callout) {
    var button = callout.querySelector(".callout-btn-toggle");
    var body = document.getElementById(button.getAttribute("aria-controls"));
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.closest(".callout-header").classList.toggle("collapsed", !open);
    if (body) body.classList.toggle("show", open);
  }

  // A pointer click leaves the focus where it was, so the arrow keys go on turning slides.
  document.addEventListener("click", function (event) {
    var tab = event.target.closest(".panel-tabset [role='tab']");
    var header = event.target.closest(".callout-header");
    if (!tab && !header) return;
    event.preventDefault();  // a tab's href="#pane" is no slide for reveal.js to go to
    if (tab) select(tab); else toggle(header);
    if (event.detail > 0 && document.activeElement) document.activeElement.blur();
  });

  // A focused tab takes the keys of a WAI-ARIA tablist, and a focused toggle its Enter and
  // Space: caught on the way down (capture), so reveal.js never sees them. Delegated, so slides
  // that `deckbuild serve` swaps in work too.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.matches(".callout-btn-toggle") && (event.key === "Enter" || event.key === " ")) {
      event.stopPropagation();  // the button's own click toggles it
      return;
    }
    if (!target.matches(".panel-tabset [role='tab']")) return;
    var tabs = Array.prototype.slice.call(target.closest('[role="tablist"]').querySelectorAll('[role="tab"]'));
    var at = tabs.indexOf(target);
    var next = {ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: tabs.length - 1}[event.key];
    if (event.key === "Enter" || event.key === " ") {
      select(target);
    } else if (next !== undefined) {
      var tab = tabs[(next + tabs.length) % tabs.length];
      tab.focus();
      select(tab);
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }, true);

  // Quarto's `preview-links: auto` (reveal.js's `previewLinksAuto`) and a link's own
  // `preview-link="auto"`: a web link opens in reveal.js's preview overlay while the deck is
  // full screen, and as a plain link otherwise. Caught on the way down, before the listener
  // reveal.js puts on each `data-preview-link` link (which would always preview).
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest(".reveal a[href]") : null;
    if (!link || !window.Reveal || !/^(https?:|www\.)/i.test(link.getAttribute("href"))) return;
    var own = link.getAttribute("data-preview-link");
    if (own === null ? Reveal.getConfig().previewLinksAuto !== true : own !== "auto") return;
    if (document.fullscreenElement) {
      event.preventDefault();
      event.stopImmediatePropagation();
      Reveal.showPreview(link.href);
    } else if (own === "auto") {
      event.stopImmediatePropagation();  // the browser follows it, as a link without the attribute
    }
  }, true);

  var logo = document.querySelector(".reveal > img.slide-logo");
  if (logo && printing) {
    document.querySelectorAll(".reveal .slides section.slide").forEach(function (slide) {
      slide.appendChild(logo.cloneNode(false));
    });
    logo.remove();
  }
})();
