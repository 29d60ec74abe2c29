// Injected before the deck's own scripts (page.add_init_script). Runs in two steps:
// 1. at DOMContentLoaded, before reveal.js lays out the print view, number every slide, so
//    that the pages reveal.js clones for fragment steps can be traced back to their slide;
// 2. `window.__deckbuild.prepare(options)`, called once `pdf-ready` has fired, applies the
//    per-slide fragment choice, the slide selection and the notes, and describes the pages;
//    with `accessible`, the slides are shown to assistive technology (a tagged PDF, axe), and
//    with `tagged`, formulas and figures get the roles a tagged PDF needs.
(() => {
  const state = (window.__deckbuild = {});

  state.ready = new Promise((resolve) => {
    document.addEventListener("pdf-ready", () => resolve(), { once: true });
  });

  const leafSlides = () =>
    [...document.querySelectorAll(".reveal .slides section")].filter(
      (s) => !s.querySelector("section") && s.dataset.visibility !== "hidden",
    );

  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");

  // Say which slide's script is about to run (and, once the page is free again, that none is),
  // so that when a deck's script never returns, Python can name its slide: the message leaves
  // before the script starts, and a blocked page can answer nothing. The parser runs the
  // observer just before each of its scripts.
  const MARK = "[deckbuild] script ";
  const debug = console.debug.bind(console); // the deck's scripts may replace console's
  const numbered = (slide) => {
    const all = leafSlides();
    const index = all.indexOf(slide);
    return index < 0 ? null : index + 1;
  };
  const scripts = new MutationObserver((records) => {
    let script = null;
    for (const record of records) {
      for (const node of record.addedNodes) if (node.nodeName === "SCRIPT") script = node;
    }
    const slide = script && script.closest(".reveal .slides section");
    const n = slide && numbered(slide);
    if (!n) return;
    const title = text([...slide.querySelectorAll("h1, h2, h3")].find((h) => !h.closest("aside.notes"))).slice(0, 60);
    debug(`${MARK}${n} ${title}`);
    setTimeout(() => debug(`${MARK}idle`), 0);
  });
  scripts.observe(document, { childList: true, subtree: true });

  // reveal.js's print stylesheet zeroes every slide's padding (`!important`), so a theme that
  // pads its slides would print differently from how it shows; keep the theme's padding inline.
  document.addEventListener("DOMContentLoaded", () => {
    scripts.disconnect(); // the parser is done; the print layout moves every slide
    const slides = leafSlides();
    const paddings = slides.map((slide) => getComputedStyle(slide).padding);
    slides.forEach((slide, i) => {
      slide.dataset.deckbuildN = String(i + 1);
      if (paddings[i] && paddings[i] !== "0px") slide.style.setProperty("padding", paddings[i], "important");
    });
  });

  function describe(slide) {
    const n = Number(slide.dataset.deckbuildN);
    const headings = [...slide.querySelectorAll("h1, h2, h3")].filter((h) => !h.closest("aside.notes"));
    if (slide.id === "title-slide") {
      const title = text(slide.querySelector(".title")) || text(headings[0]) || document.title;
      return { n, title, level: 0 };
    }
    const first = headings[0];
    return { n, title: text(first) || `Slide ${n}`, level: first && first.tagName === "H1" ? 1 : 2 };
  }

  async function settled() {
    await document.fonts.ready;
    const images = [...document.images].filter((img) => !img.complete || img.naturalWidth);
    await Promise.all(images.map((img) => img.decode().catch(() => undefined)));
    await new Promise(requestAnimationFrame);
  }

  function groups() {
    const result = [];
    for (const page of document.querySelectorAll(".reveal .slides > .pdf-page")) {
      const slide = page.querySelector(":scope > section");
      const n = slide ? Number(slide.dataset.deckbuildN) : NaN;
      const last = result[result.length - 1];
      if (last && last.n === n) last.pages.push(page);
      else result.push({ n, slide, pages: [page] });
    }
    return result;
  }

  // Keep only the slide's final state, as reveal.js prints it when fragments are not separated.
  function finalStateOnly(group) {
    const keep = group.pages[group.pages.length - 1];
    group.pages.slice(0, -1).forEach((page) => page.remove());
    keep.querySelectorAll(".current-fragment").forEach((f) => f.classList.remove("current-fragment"));
    keep.querySelectorAll(".fragment").forEach((f) => f.classList.toggle("visible", !f.classList.contains("fade-out")));
    const number = keep.querySelector(".slide-number-pdf");
    if (number) number.textContent = number.textContent.replace(/\.\d+$/, "");
    group.pages = [keep];
  }

  // reveal.js links to a slide as `#/id`, which no element has; in print every slide is on the
  // page, so point the link at the element itself and Chromium makes it an internal PDF link.
  function localLinks() {
    for (const link of document.querySelectorAll('.reveal a[href^="#/"]')) {
      const id = decodeURIComponent(link.getAttribute("href").slice(2));
      if (id && document.getElementById(id)) link.setAttribute("href", `#${CSS.escape(id)}`);
    }
  }

  function notesBox(slide, className) {
    const notes = slide && slide.querySelector("aside.notes");
    if (!notes || !text(notes)) return null;
    const box = document.createElement("div");
    box.className = className;
    box.innerHTML = notes.innerHTML;
    return box;
  }

  function addNotesPage(group, size) {
    const box = notesBox(group.slide, "deckbuild-notes");
    if (!box) return;
    const page = document.createElement("div");
    page.className = "pdf-page deckbuild-notes-page";
    page.style.height = size.height - 1 + "px";
    const heading = document.createElement("div");
    heading.className = "deckbuild-notes-title";
    heading.textContent = describe(group.slide).title;
    page.append(heading, box);
    group.pages[group.pages.length - 1].after(page);
    group.pages.push(page);
  }

  // The slide keeps its own height (its background, footer and slide number stay where they
  // are); the paper is taller and the notes fill the space under the slide.
  function addNotesBelow(group, size) {
    for (const page of group.pages) {
      page.style.setProperty("overflow", "visible", "important"); // reveal.js clips each page
      const box = notesBox(group.slide, "deckbuild-notes deckbuild-notes-below");
      if (!box) continue;
      box.style.top = size.height + "px";
      box.style.height = size.notes - 1 + "px";
      page.append(box);
    }
  }

  // The notes hang below each page; reveal.js clips the document at the last page's bottom, so
  // the last page reserves their room or its notes would not print.
  function reserveLastNotes(size) {
    const pages = document.querySelectorAll(".reveal .slides .pdf-page");
    if (pages.length) pages[pages.length - 1].style.marginBottom = size.notes + "px";
  }

  // Long notes shrink until they fit their box, rather than run off the page.
  function fitNotes() {
    for (const box of document.querySelectorAll(".deckbuild-notes")) {
      const limit = box.closest(".deckbuild-notes-page") || box;
      let size = parseFloat(getComputedStyle(box).fontSize);
      while (limit.scrollHeight > limit.clientHeight + 1 && size > 11) {
        size -= 1;
        box.style.fontSize = size + "px";
      }
    }
  }

  // A stepped code block in a slide's final state: all of its code, none of it dimmed (the
  // steps are there with --fragments).
  function wholeCode(page) {
    for (const pre of page.querySelectorAll("pre.stepped")) {
      if (pre.querySelector("code.step.fragment")) pre.classList.add("deckbuild-whole");
    }
  }

  // reveal.js hides every slide but the current one from assistive technology (`hidden`,
  // `aria-hidden`, `inert`); printed, every slide is on the paper, and Chromium tags a PDF
  // from what the accessibility tree holds.
  function unhide() {
    for (const slide of document.querySelectorAll(".reveal .slides section")) {
      for (const name of ["hidden", "aria-hidden", "inert"]) slide.removeAttribute(name);
    }
  }

  // Chromium makes a tagged PDF's structure from the accessibility tree, and it has no tag for
  // maths: a formula becomes an image named by its TeX (KaTeX keeps it in an annotation), or
  // by its MathML's text (MathJax, latex2mathml), which Python then tags as a Formula. A
  // <figure> would be a Figure without alternate text around the image's own: a group instead.
  // Returns the formulas' texts, in order.
  function tagFormulas() {
    const formulas = [];
    const selector = ".reveal .slides .katex, .reveal .slides mjx-container, .reveal .slides math";
    for (const formula of document.querySelectorAll(selector)) {
      if (formula.parentElement.closest(".katex, mjx-container, math")) continue;
      const tex = formula.querySelector('annotation[encoding="application/x-tex"]');
      const mathml = formula.matches("math") ? formula : formula.querySelector("math");
      const alt = text(tex) || formula.getAttribute("aria-label") || text(mathml);
      if (!alt) continue;
      formula.setAttribute("role", "img");
      formula.setAttribute("aria-label", alt);
      // The glyphs are what the figure holds; hidden, they would belong to nothing.
      formula.querySelectorAll("[aria-hidden]").forEach((drawn) => drawn.removeAttribute("aria-hidden"));
      formulas.push(alt);
    }
    for (const figure of document.querySelectorAll(".reveal .slides figure")) figure.setAttribute("role", "group");
    return formulas;
  }

  const PRINT_CSS = `
    .reveal pre.stepped.deckbuild-whole code.step.fragment { visibility: hidden !important; }
    .reveal pre.stepped.deckbuild-whole .lines.dim .line { opacity: 1 !important; background: none !important; }`;

  const NOTES_CSS = `
    .reveal .slides .pdf-page.deckbuild-notes-page { background: #fff; color: #222; padding: 48px 64px;
      box-sizing: border-box; font: 28px/1.45 system-ui, sans-serif; text-align: left; }
    .deckbuild-notes-title { font-weight: 600; font-size: 22px; color: #666; margin-bottom: 24px; }
    .deckbuild-notes p { margin: 0 0 0.7em; }
    .deckbuild-notes-below { position: absolute; left: 0; right: 0; box-sizing: border-box; overflow: hidden;
      padding: 24px 48px; background: #fff; color: #222; border-top: 2px solid #ccc; z-index: 200;
      font: 22px/1.4 system-ui, sans-serif; text-align: left; }`;

  // The deck's interactive outputs (deckbuild/rendering/drawing.js) draw after the print
  // layout; wait for them within the same time limit.
  async function drawn(late) {
    const drawings = window.deckbuildDrawings;
    if (!drawings) return;
    const slow = late.catch(() => {
      throw new Error(`interactive outputs on slides ${drawings.pending().join(", ") || "?"} were not drawn in time`);
    });
    await Promise.race([drawings.drawn, slow]);
  }

  state.prepare = async (options) => {
    const late = new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`no pdf-ready event within ${options.timeout / 1000} s; is this a reveal.js deck?`)), options.timeout),
    );
    await Promise.race([state.ready, late]);
    await drawn(late);
    const first = document.querySelector(".reveal .slides > .pdf-page");
    const size = {
      width: first ? first.offsetWidth : 0,
      height: first ? first.offsetHeight + (options.exact ? 0 : 1) : 0,
      notes: 0,
    };
    const selected = options.slides && { has: (n) => options.slides.some(([first, last]) => first <= n && n <= last) };
    const all = groups();
    const kept = [];
    for (const group of all) {
      if (selected && !selected.has(group.n)) {
        group.pages.forEach((page) => page.remove());
        continue;
      }
      const own = !options.everyStep && group.slide && group.slide.dataset.pdfFragments; // the check sees every step
      const mode = own || (options.fragments ? "all" : "none");
      if (mode === "none" && group.pages.length > 1) finalStateOnly(group);
      if (mode === "none") wholeCode(group.pages[0]);
      kept.push(group);
    }
    const style = document.createElement("style");
    style.textContent = PRINT_CSS;
    document.head.append(style);
    if (options.notes) {
      const style = document.createElement("style");
      style.textContent = NOTES_CSS;
      if (options.notes === "below") {
        size.notes = Math.round(size.height / 2);
        style.textContent += `@page { size: ${size.width}px ${size.height + size.notes}px; margin: 0; }`;
      }
      document.head.append(style);
      kept.forEach((g) => (options.notes === "below" ? addNotesBelow(g, size) : addNotesPage(g, size)));
      if (options.notes === "below") reserveLastNotes(size);
      fitNotes();
    }
    localLinks();
    if (options.accessible || options.tagged) unhide();
    const formulas = options.tagged ? tagFormulas() : [];
    await settled();
    const pages = [];
    for (const group of kept) {
      const info = describe(group.slide);
      group.pages.forEach((page, step) =>
        pages.push({ ...info, step, notes: page.classList.contains("deckbuild-notes-page") }),
      );
    }
    const meta = (name) => (document.querySelector(`meta[name="${name}"]`) || {}).content || "";
    const rects = [...document.querySelectorAll(".reveal .slides > .pdf-page")].map((page) => {
      const r = page.getBoundingClientRect();
      return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];
    });
    return {
      pages,
      rects,
      width: size.width,
      height: size.height + size.notes,
      slides: all.length,
      formulas,
      metadata: {
        title: document.title,
        author: meta("author"),
        subject: meta("subject") || meta("description"),
        keywords: meta("keywords"),
      },
    };
  };
})();
