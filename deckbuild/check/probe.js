// deckbuild check, inside the deck's page: defines `window.__deckbuildCheck`.
//
// The deck is open in reveal.js's print view with fragments separated (print.js laid it out):
// every slide at every fragment step is a page of its own, at the deck's size, all on the
// screen at once, so one call measures them all without moving through the deck. `probe()`
// records, per page, content that leaves the slide, is clipped or runs into the footer, and
// each text's colour against the colour behind it; once per slide, on its last page (every
// fragment shown), images without a text alternative, the title, heading levels, link texts,
// maths without an accessible form and speaker notes. It only measures; Python decides what
// is a problem (deckbuild/check/findings.py).
//
// Text over a background image or gradient has no single colour behind it: its boxes come
// back in `overImage`, and Python photographs those pages with the text made transparent
// (`hideText`) and reads the pixels behind each box (`pixels`).
(() => {
  const EDGES = "aside.notes, .slide-footer, .slide-logo, aside.footnotes";
  const MATHS_INSIDE = ".katex *, mjx-container *, math *";
  const TEXT_SKIP = "aside.notes, .katex-mathml, mjx-assistive-mml, svg, script, style, .speaker-notes";
  const QUIET = "*, *::before, *::after { transition: none !important; animation: none !important; }";
  const HIDE_TEXT = ".reveal .slides *, .reveal .slide-number, .reveal .slide-number * { color: transparent !important;" +
    " text-shadow: none !important; -webkit-text-fill-color: transparent !important; }";

  const pages = () => [...document.querySelectorAll(".reveal .slides > .pdf-page")];
  const squash = (text) => (text || "").replace(/\s+/g, " ").trim();
  const snippet = (text) => {
    const flat = squash(text);
    return flat.length > 40 ? flat.slice(0, 39) + "…" : flat;
  };
  const style = (css) => {
    const element = document.createElement("style");
    element.textContent = css;
    document.head.append(element);
    return element;
  };

  // --- colours ------------------------------------------------------------------------------

  const parse = (text) => {
    let m = text.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
    m = text.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)/);
    if (m) return [m[1] * 255, m[2] * 255, m[3] * 255, m[4] === undefined ? 1 : +m[4]];
    return [0, 0, 0, 0];
  };
  const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3])).concat([1]);
  const hasImage = (element) => getComputedStyle(element).backgroundImage !== "none";

  // The colour behind `element`: its own and its ancestors' backgrounds up to the page (the
  // slide's reveal.js background sits under the slide, the deck's page colour under that), on
  // white paper. `image` when a picture or gradient is in the way.
  function backdrop(element, page) {
    const layers = [];
    for (let e = element; e && e !== page; e = e.parentElement) {
      if (hasImage(e)) return { image: true };
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) return { colour: layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]) };
    }
    let colour = pageBase(page);
    if (colour === null) return { image: true };
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return { colour };
  }

  function pageBase(page) {
    const background = page.querySelector(":scope > .slide-background");
    const content = background && background.querySelector(".slide-background-content");
    if (hasImage(page) || (content && hasImage(content)) || (background && background.querySelector("video, iframe"))) {
      return null;
    }
    const paper = parse(getComputedStyle(page).backgroundColor);
    const base = paper[3] ? over(paper, [255, 255, 255, 1]) : [255, 255, 255, 1];
    const own = background ? parse(getComputedStyle(background).backgroundColor) : [0, 0, 0, 0];
    return own[3] ? over(own, base) : base;
  }

  // Opacity as drawn (the product of the element's and its ancestors'), remembered per element.
  const opacities = new Map();
  const opacity = (element) => {
    if (!element) return 1;
    if (!opacities.has(element)) opacities.set(element, +getComputedStyle(element).opacity * opacity(element.parentElement));
    return opacities.get(element);
  };

  // --- what an element is called in a message -----------------------------------------------

  const NOUNS = {
    P: "paragraph", UL: "list", OL: "list", LI: "list item", PRE: "code block", CODE: "code", TABLE: "table",
    TR: "table row", TD: "table cell", TH: "table cell", IMG: "image", FIGURE: "figure", BLOCKQUOTE: "quote",
    H1: "heading", H2: "title", H3: "heading", H4: "heading", H5: "heading", H6: "heading", A: "link",
    svg: "drawing", VIDEO: "video", IFRAME: "embedded page", CANVAS: "canvas",
  };

  function imageName(img) {
    const src = img.getAttribute("src") || "";
    if (!src || src.startsWith("data:")) return "";
    const file = decodeURIComponent(src.split(/[?#]/)[0].split("/").pop());
    return file.replace(/-[0-9a-f]{8}(\.\w+)$/, "$1"); // deckbuild's copies carry a hash
  }

  // `element` named for a message: what it is and how it begins (as laid out, when `shown`).
  function describe(element, shown = false) {
    if (element.matches(".katex, .katex-display, mjx-container")) return "formula";
    if (element.matches(".columns")) return "columns";
    if (element.matches(".column")) return "column";
    if (element.matches(".cell, .cell-output, .cell-output-display")) return "cell output";
    const noun = NOUNS[element.tagName] || `<${element.tagName.toLowerCase()}>`;
    if (element.tagName === "IMG") return imageName(element) ? `image "${imageName(element)}"` : element.closest(".cell") ? "plot" : "image";
    const text = snippet(shown ? element.innerText : element.textContent);
    return text ? `${noun} "${text}"` : noun;
  }

  // --- layout: what leaves the slide, is clipped, or runs into the footer --------------------

  const clips = (s) => s.overflowX !== "visible" || s.overflowY !== "visible";

  function measureLayout(page, slide, found) {
    const frame = page.getBoundingClientRect();
    const content = [...slide.children].filter((c) => !c.matches(EDGES) && getComputedStyle(c).display !== "none");
    const boxes = [];
    const stack = content.reverse().map((c) => [c, false]); // popped in document order
    while (stack.length) {
      const [element, reported] = stack.pop();
      if (element.matches(".r-fit-box *, svg *") || element.matches(MATHS_INSIDE)) continue;
      const s = getComputedStyle(element);
      if (s.display === "none" || s.visibility === "hidden") continue;
      const r = element.getBoundingClientRect();
      let leaves = false;
      if (r.width > 0 && r.height > 0) {
        boxes.push([element, r]);
        const by = {
          left: frame.left - r.left, right: r.right - frame.right, top: frame.top - r.top, bottom: r.bottom - frame.bottom,
        };
        const [edge, px] = Object.entries(by).sort((a, b) => b[1] - a[1])[0];
        leaves = px > 1;
        if (leaves && !reported) found.push({ kind: "overflow", what: describe(element, true), by: Math.round(px), edge });
      }
      const clipping = clips(s) && element !== slide;
      if (clipping && !slide.classList.contains("scrollable")) {
        const wide = element.scrollWidth - element.clientWidth, tall = element.scrollHeight - element.clientHeight;
        if (wide > 2 || tall > 2) {
          const [px, side] = wide >= tall ? [wide, "wider"] : [tall, "taller"];
          found.push({ kind: "clipped", what: describe(element, true), by: Math.round(px), edge: side });
        }
      }
      if (!clipping) for (const child of [...element.children].reverse()) stack.push([child, reported || leaves]);
    }
    for (const edge of slide.querySelectorAll(".slide-footer, aside.footnotes")) {
      if (getComputedStyle(edge).display === "none") continue;
      const top = edge.getBoundingClientRect().top;
      const into = boxes.filter(([e, r]) => !e.closest(EDGES) && !e.closest(".absolute") && r.bottom > top + 1);
      const lowest = into.sort((a, b) => b[1].bottom - a[1].bottom)[0];
      if (lowest) {
        const what = edge.matches(".slide-footer") ? "footer" : "footnotes";
        found.push({ kind: "footer", what: describe(lowest[0], true), by: Math.round(lowest[1].bottom - top), edge: what });
      }
    }
  }

  // --- text and the colour behind it --------------------------------------------------------

  function measureText(root, page, where, step, found) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const seen = new Map(); // element -> its sample's colours, or null when it is not measured
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!node.textContent.trim()) continue;
      if (!seen.has(element)) seen.set(element, colours(element, page));
      const measured = seen.get(element);
      if (!measured) continue;
      const shown = where === "slide-number" ? node.textContent.replace(/\.\d+$/, "") : node.textContent; // 7.2: step 2
      const sample = { text: snippet(shown), where, ...measured.sample };
      const key = [sample.text, measured.key].join("|");
      if (found.seen.has(key)) continue;
      found.seen.add(key);
      if (measured.behind.image) {
        const box = element.getBoundingClientRect(), sheet = page.getBoundingClientRect();
        found.overImage.push({
          ...sample, step, rect: [box.left + scrollX, box.top + scrollY, box.width, box.height],
          page: [sheet.left + scrollX, sheet.top + scrollY, sheet.width, sheet.height],
        });
      } else {
        found.text.push({ ...sample, fg: over(sample.fg, measured.behind.colour).slice(0, 3), bg: measured.behind.colour.slice(0, 3) });
      }
    }
  }

  // An element's text colour, size and what is behind it; null for text nobody sees (hidden,
  // dimmed on purpose as stepped code lines and semi-fade-out are, or not text at all).
  function colours(element, page) {
    if (element.closest(TEXT_SKIP)) return null;
    const s = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (s.visibility === "hidden" || s.display === "none" || box.width === 0 || box.height === 0) return null;
    if (opacity(element) < 0.99) return null;
    const behind = backdrop(element, page);
    const sample = { fg: parse(s.color), size: parseFloat(s.fontSize), weight: +s.fontWeight };
    return { sample, behind, key: [s.color, s.fontSize, s.fontWeight, behind.image || behind.colour].join("|") };
  }

  // --- once per slide: the things a screen reader needs -------------------------------------

  const hidden = (e) => !!e.closest("[aria-hidden=true]:not(section), aside.notes") || !e.checkVisibility();
  const named = (e) => !!(squash(e.getAttribute("aria-label")) || e.getAttribute("aria-labelledby") || e.getAttribute("title"));
  const decorative = (e) => ["presentation", "none"].includes(e.getAttribute("role"));

  function missingAlt(slide) {
    const missing = [];
    for (const img of slide.querySelectorAll("img, input[type=image]")) {
      if (!hidden(img) && !decorative(img) && img.getAttribute("alt") === null && !named(img)) missing.push(describe(img));
    }
    for (const svg of slide.querySelectorAll("svg")) {
      if (hidden(svg) || decorative(svg) || svg.matches(MATHS_INSIDE) || svg.parentElement.closest("svg")) continue;
      const labelled = svg.closest("[role=img]");
      if (named(svg) || svg.querySelector(":scope > title") || (labelled && named(labelled))) continue;
      missing.push(svg.closest(".cell") ? "plot" : "drawing");
    }
    for (const e of slide.querySelectorAll("[role=img]:not(svg), canvas")) {
      if (!hidden(e) && !named(e) && !e.closest("svg") && !(e.tagName === "CANVAS" && squash(e.textContent))) missing.push(describe(e));
    }
    return missing;
  }

  const headingsOf = (slide) =>
    [...slide.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")].filter((h) => !hidden(h));
  const levelOf = (h) => (h.getAttribute("role") === "heading" ? +h.getAttribute("aria-level") || 2 : +h.tagName[1]);

  // The deck's title (or a section's) is the level-1 heading above every slide.
  function headingSkips(headings) {
    const skips = [];
    let previous = 1;
    for (const h of headings) {
      const level = levelOf(h);
      if (level > previous + 1) skips.push({ text: snippet(h.textContent), level, after: previous });
      previous = level;
    }
    return skips;
  }

  const VAGUE = new Set(["here", "click here", "this", "this link", "link", "more", "read more", "click", "this page"]);

  function badLinks(slide) {
    const bad = [];
    for (const a of slide.querySelectorAll("a[href]")) {
      if (hidden(a)) continue;
      const text = squash(a.getAttribute("aria-label") || a.textContent);
      const bare = /^(https?:\/\/|www\.)\S+$/i.test(text);
      if (bare || VAGUE.has(text.toLowerCase().replace(/[.:!]+$/, ""))) bad.push({ text: snippet(text), bare });
    }
    return bad;
  }

  // KaTeX's output carries MathML (`.katex-mathml`), MathJax's SVG its assistive MathML or a
  // label; maths drawn any other way (a raw HTML paste, KaTeX's `html` output) has neither.
  function inaccessibleMaths(slide) {
    const found = [];
    for (const e of slide.querySelectorAll(".katex, mjx-container")) {
      if (hidden(e) || e.parentElement.closest(".katex, mjx-container")) continue;
      const mathml = e.querySelector(".katex-mathml math, mjx-assistive-mml math");
      const svg = e.querySelector("svg");
      const label = named(e) || (svg && (named(svg) || svg.querySelector("title")));
      if (!(mathml && squash(mathml.textContent)) && !label) found.push(snippet(e.textContent) || "formula");
    }
    return found;
  }

  function inspect(slide) {
    const headings = headingsOf(slide);
    const notes = slide.querySelector("aside.notes");
    return {
      titled: headings.some((h) => levelOf(h) <= 3) || slide.id === "title-slide",
      noAlt: missingAlt(slide),
      skips: headingSkips(headings),
      links: badLinks(slide),
      maths: inaccessibleMaths(slide),
      notes: !!(notes && squash(notes.textContent)),
    };
  }

  // --- the walk -----------------------------------------------------------------------------

  // Pages in order, grouped by slide (print.js numbered the slides: `data-deckbuild-n`).
  function slides() {
    const grouped = [];
    for (const page of pages()) {
      const slide = page.querySelector(":scope > section");
      const last = grouped[grouped.length - 1];
      if (last && last.slide.dataset.deckbuildN === slide.dataset.deckbuildN) last.pages.push(page);
      else grouped.push({ slide, pages: [page] });
    }
    return grouped;
  }

  function probe() {
    style(QUIET);
    return slides().map(({ slide, pages }, index) => {
      const found = { layout: [], text: [], overImage: [], seen: new Set() };
      pages.forEach((page, step) => {
        const final = page.querySelector(":scope > section");
        measureLayout(page, final, found.layout);
        measureText(final, page, "slide", step, found);
        const number = page.querySelector(":scope > .slide-number-pdf");
        if (number) measureText(number, page, "slide-number", step, found);
      });
      const last = pages[pages.length - 1].querySelector(":scope > section");
      return {
        index, n: Number(slide.dataset.deckbuildN), id: slide.id, steps: pages.length,
        titleSlide: slide.id === "title-slide", follower: !!slide.querySelector(":scope > .cell-output-slide"),
        title: snippet((headingsOf(last)[0] || {}).textContent),
        layout: found.layout, text: found.text, overImage: found.overImage, ...inspect(last),
      };
    });
  }

  let hider = null;
  function hideText(on) {
    if (on && !hider) hider = style(HIDE_TEXT);
    if (!on && hider) {
      hider.remove();
      hider = null;
    }
  }

  // The pixels behind each box (relative to the screenshot), from a screenshot: the colours at the 5th, 25th, 50th, 75th
  // and 95th percentile of lightness, so that the worst of them stands for the worst 5 %.
  async function pixels(png, rects) {
    const image = new Image();
    image.src = "data:image/png;base64," + png;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(image, 0, 0);
    const ratio = window.devicePixelRatio || 1;
    return rects.map(([x, y, w, h]) => {
      const left = Math.max(0, Math.floor(x * ratio)), top = Math.max(0, Math.floor(y * ratio));
      const width = Math.max(1, Math.min(canvas.width - left, Math.ceil(w * ratio)));
      const height = Math.max(1, Math.min(canvas.height - top, Math.ceil(h * ratio)));
      const data = context.getImageData(left, top, width, height).data;
      const colours = [];
      const stride = Math.max(1, Math.floor((width * height) / 4000)) * 4;
      for (let i = 0; i < data.length; i += stride) colours.push([data[i], data[i + 1], data[i + 2]]);
      colours.sort((a, b) => a[0] * 0.2126 + a[1] * 0.7152 + a[2] * 0.0722 - (b[0] * 0.2126 + b[1] * 0.7152 + b[2] * 0.0722));
      return [0.05, 0.25, 0.5, 0.75, 0.95].map((q) => colours[Math.min(colours.length - 1, Math.floor(q * colours.length))]);
    });
  }

  // --- axe-core ----------------------------------------------------------------------------

  const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
  const firstFix = (summary) => squash((summary || "").split("\n").slice(1).find((line) => line.trim()) || "");

  // axe over the last page of every slide (each slide once, in its final state; the pages of
  // earlier fragment steps are removed first, the probe being done with them); each violation
  // with the slide it is on (`n`, null outside the slides).
  async function axeViolations(skipped) {
    const finals = new Set(slides().map(({ pages }) => pages[pages.length - 1]));
    pages().filter((page) => !finals.has(page)).forEach((page) => page.remove());
    const rules = Object.fromEntries(skipped.map((id) => [id, { enabled: false }]));
    const options = { runOnly: { type: "tag", values: AXE_TAGS }, rules, resultTypes: ["violations"], elementRef: true };
    const result = await axe.run(document, options);
    const found = [];
    for (const violation of result.violations) {
      for (const node of violation.nodes) {
        const slide = node.element && node.element.closest(".pdf-page > section");
        found.push({
          id: violation.id, help: violation.help, fix: firstFix(node.failureSummary),
          what: node.element ? describe(node.element, true) : node.target.join(" "),
          n: slide ? Number(slide.dataset.deckbuildN) : null,
        });
      }
    }
    return found;
  }

  window.__deckbuildCheck = { probe, hideText, pixels, axe: axeViolations };
})();
