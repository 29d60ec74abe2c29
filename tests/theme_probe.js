// Measures one rendered deck in Chromium, slide by slide, with every fragment shown:
// text colours against the colour actually behind them, and content boxes against the slide.
() => {
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
  document.head.appendChild(style);

  const parse = (text) => {
    let m = text.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
    m = text.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)/);
    if (m) return [m[1] * 255, m[2] * 255, m[3] * 255, m[4] === undefined ? 1 : +m[4]];
    return [0, 0, 0, 0];
  };
  const over = (top, below) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat([1]);
  };
  const viewportColour = parse(getComputedStyle(document.querySelector(".reveal-viewport") || document.body).backgroundColor);
  const slideBase = (slide) => {
    const bg = Reveal.getSlideBackground(slide);
    const own = bg ? parse(getComputedStyle(bg).backgroundColor) : [0, 0, 0, 0];
    const base = viewportColour[3] ? viewportColour : [255, 255, 255, 1];
    return own[3] ? over(own, base) : base;
  };
  const backgroundOf = (element, slide) => {
    const layers = [];
    for (let e = element; e && e !== slide.parentElement && !e.matches(".reveal"); e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let colour = slideBase(slide);
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const opacity = (element) => {
    let value = 1;
    for (let e = element; e; e = e.parentElement) value *= +getComputedStyle(e).opacity;
    return value;
  };
  const textSamples = (root, slide, where) => {
    const samples = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const element = node.parentElement;
      if (!text || element.closest("aside.notes, .katex-mathml, svg, script, style, .speaker-notes")) continue;
      const s = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      if (s.visibility === "hidden" || s.display === "none" || box.width === 0 || box.height === 0) continue;
      if (opacity(element) < 0.99) continue;  // dimmed on purpose (stepped code lines)
      const background = backgroundOf(element, slide);
      const colour = over(parse(s.color), background);
      samples.push({text: text.slice(0, 40), where, tag: element.tagName.toLowerCase() + (element.className ? "." + String(element.className).split(" ")[0] : ""),
                    fg: colour.slice(0, 3), bg: background.slice(0, 3), size: parseFloat(s.fontSize), weight: +s.fontWeight});
    }
    return samples;
  };
  const EDGES = "aside.notes, .slide-footer, .slide-logo, aside.footnotes";
  const results = [];
  const frame = document.querySelector(".reveal .slides").getBoundingClientRect();
  Reveal.getSlides().forEach((slide, index) => {
    const {h, v} = Reveal.getIndices(slide);
    Reveal.slide(h, v);
    slide.querySelectorAll(".fragment").forEach((f) => f.classList.add("visible"));
    Reveal.layout();
    const samples = textSamples(slide, slide, "slide");
    const number = document.querySelector(".reveal .slide-number");
    if (number && getComputedStyle(number).display !== "none") samples.push(...textSamples(number, slide, "slide-number"));
    const problems = [];
    const inside = (r) => r.left >= frame.left - 1 && r.right <= frame.right + 1 && r.top >= frame.top - 1 && r.bottom <= frame.bottom + 1;
    const content = [...slide.children].filter((c) => !c.matches(EDGES) && getComputedStyle(c).display !== "none");
    const boxes = [];
    for (const child of content) {
      for (const e of [child, ...child.querySelectorAll("*")]) {
        if (e.closest("aside.notes") || e.matches(".r-fit-box *, .katex *, svg *")) continue;
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (!inside(r)) problems.push(`${e.tagName.toLowerCase()}.${e.className} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} leaves the slide`);
        boxes.push([e, r]);
      }
      for (const clipped of [child, ...child.querySelectorAll("pre, table, .columns, .column")]) {
        if (clipped.scrollWidth > clipped.clientWidth + 2 && getComputedStyle(clipped).overflowX !== "visible")
          problems.push(`${clipped.tagName.toLowerCase()}.${clipped.className} is ${clipped.scrollWidth - clipped.clientWidth}px too wide and clipped`);
      }
    }
    for (const edge of slide.querySelectorAll(".slide-footer, aside.footnotes")) {
      const top = edge.getBoundingClientRect().top;
      const textual = boxes.filter(([e, r]) => !e.closest(EDGES) && r.bottom > top + 1 && !e.closest(".absolute"));
      const lowest = textual.sort((a, b) => b[1].bottom - a[1].bottom)[0];
      if (lowest) problems.push(`${lowest[0].tagName.toLowerCase()}.${lowest[0].className} runs into the ${edge.className} (bottom ${Math.round(lowest[1].bottom)} > ${Math.round(top)})`);
    }
    results.push({index, id: slide.id, samples, problems: [...new Set(problems)]});
  });
  return results;
}
