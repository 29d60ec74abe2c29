// Draws a deck's diagrams at build time, in a headless Chromium page that holds the deck's
// theme stylesheets and fonts, and the bundled mermaid and Viz.js (Graphviz in WebAssembly)
// (see deckbuild/diagrams/engine.py). The deck's page gets the SVG, never these scripts.
// `window.deckbuildDiagrams.draw(job)` answers `{svg}` or `{error, line}`.
(() => {
  const canvas = document.createElement("canvas").getContext("2d");

  // Any CSS colour as #rrggbb (canvas normalises opaque colours so; mermaid's colour maths wants them).
  function hex(css) {
    canvas.fillStyle = "#000000";
    canvas.fillStyle = css;
    const value = canvas.fillStyle;
    if (value.startsWith("#")) return value;
    const [r, g, b] = value.match(/[\d.]+/g).map(Number);
    return "#" + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
  }

  function mix(a, b, share) {
    const channels = (c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
    const [x, y] = [channels(a), channels(b)];
    return "#" + x.map((c, i) => Math.round(c * share + y[i] * (1 - share)).toString(16).padStart(2, "0")).join("");
  }

  function backgroundOf(element) {
    for (let node = element; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour && colour !== "transparent" && !/rgba\(.*,\s*0\)$/.test(colour)) return colour;
    }
    return "#ffffff";
  }

  // The deck's own colours and font, read from a slide styled by its theme.
  function palette() {
    const slide = document.querySelector("section");
    const style = getComputedStyle(slide);
    return {
      text: hex(style.color),
      background: hex(backgroundOf(slide)),
      accent: hex(getComputedStyle(slide.querySelector("a")).color),
      heading: hex(getComputedStyle(slide.querySelector("h2")).color),
      font: style.fontFamily,
    };
  }

  function mermaidConfig(theme, colours, html) {
    // Labels are SVG text, which every viewer and the PDF draw alike; a diagram whose labels
    // hold HTML (`<b>crew</b>`, as Quarto's mermaid shows it) gets mermaid's HTML labels.
    const common = { startOnLoad: false, securityLevel: "strict", fontFamily: colours.font, htmlLabels: html,
                     flowchart: { useMaxWidth: false, htmlLabels: html }, sequence: { useMaxWidth: false } };
    if (theme) return { ...common, theme };
    // As Quarto maps its theme onto mermaid: the slide's background and text, nodes tinted
    // with the accent (link) colour, edges in a softened text colour.
    const { text, background, accent, heading } = colours;
    return {
      ...common,
      theme: "base",
      themeVariables: {
        background, fontFamily: colours.font, textColor: text,
        primaryColor: mix(accent, background, 0.14), primaryTextColor: text, primaryBorderColor: accent,
        secondaryColor: mix(heading, background, 0.1), secondaryTextColor: text, secondaryBorderColor: heading,
        tertiaryColor: mix(text, background, 0.05), tertiaryTextColor: text, tertiaryBorderColor: mix(text, background, 0.4),
        lineColor: mix(text, background, 0.65), edgeLabelBackground: background, clusterBkg: mix(text, background, 0.04),
        noteBkgColor: mix(accent, background, 0.08), noteTextColor: text, noteBorderColor: accent,
        actorBkg: mix(accent, background, 0.14), actorBorder: accent, actorTextColor: text, signalColor: text,
      },
    };
  }

  async function mermaidSvg(job, colours) {
    // An image in a label would be a request from the deck (and a broken drawing offline): such a
    // diagram keeps SVG text labels, and so does one whose HTML labels mermaid cannot draw.
    const html = /<[a-zA-Z][^>]*>/.test(job.source) && !/<img\b/i.test(job.source);
    if (html) {
      try {
        const svg = await mermaidRender(job, colours, true);
        if (svg) return svg;
      } catch (error) {
        // drawn again below with text labels; a real syntax error is reported from there
      }
    }
    return mermaidRender(job, colours, false);
  }

  async function mermaidRender(job, colours, html) {
    mermaid.initialize(mermaidConfig(job.theme, colours, html));
    await document.fonts.load(`16px ${colours.font}`);
    const id = job.id;
    const holder = document.getElementById("drawing");
    try {
      return (await mermaid.render(id, job.source, holder)).svg;
    } finally {
      holder.replaceChildren();
      document.getElementById(id)?.remove();
      document.getElementById(`d${id}`)?.remove();
    }
  }


  let viz = null;

  async function dotSvg(job, colours) {
    viz = viz || (await Viz.instance());
    const font = colours.font.split(",")[0].replace(/["']/g, "").trim();
    const ink = { color: colours.text, fontcolor: colours.text, fontname: font };
    const result = viz.render(job.source, {
      format: "svg",
      graphAttributes: { bgcolor: "transparent", fontname: font, fontcolor: colours.text },
      nodeAttributes: ink,
      edgeAttributes: ink,
    });
    if (result.status !== "success") {
      const errors = result.errors.filter((e) => e.level !== "warning").map((e) => e.message.trim());
      throw new Error(errors.join("; ") || "Graphviz could not lay the graph out");
    }
    return result.output;
  }

  // The SVG sized for a slide: its natural size (or fig-width / fig-height, in inches, as
  // Quarto reads them), never wider than the slide, its aspect ratio kept.
  function sized(text, job) {
    const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    if (svg.nodeName !== "svg") throw new Error("the engine drew no SVG");
    let [, , width, height] = (svg.getAttribute("viewBox") || "").split(/[\s,]+/).map(Number);
    if (!width || !height) {
      width = parseFloat(svg.getAttribute("width")) || 300;
      height = parseFloat(svg.getAttribute("height")) || 150;
      svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    }
    if (job.engine === "dot") [width, height] = [width * 96 / 72, height * 96 / 72]; // Graphviz counts points
    const ratio = height / width;
    if (job.width && job.height) [width, height] = [job.width * 96, job.height * 96];
    else if (job.width) [width, height] = [job.width * 96, job.width * 96 * ratio];
    else if (job.height) [width, height] = [job.height * 96 / ratio, job.height * 96];
    svg.setAttribute("width", String(Math.round(width)));
    svg.setAttribute("height", String(Math.round(height)));
    svg.setAttribute("style", "max-width: 100%; height: auto;");
    svg.setAttribute("role", "img");
    if (job.alt) svg.setAttribute("aria-label", job.alt);
    return new XMLSerializer().serializeToString(svg);
  }

  // Mermaid's message: "Parse error on line 3:", the source line with a caret, "Expecting …".
  function lineOf(message) {
    const found = /\bline (\d+)/i.exec(message);
    return found ? Number(found[1]) : null;
  }

  function oneLine(message) {
    const lines = String(message).split("\n").map((l) => l.trim()).filter(Boolean);
    const shown = lines.length > 2 ? [lines[0], lines[lines.length - 1]] : lines;
    return shown.join(" ").replace(/\s+/g, " ").slice(0, 300);
  }

  async function draw(job) {
    const colours = palette();
    try {
      const svg = job.engine === "mermaid" ? await mermaidSvg(job, colours) : await dotSvg(job, colours);
      return { svg: sized(svg, job) };
    } catch (error) {
      const message = (error && (error.message || error.str)) || String(error);
      return { error: oneLine(message), line: lineOf(message) };
    }
  }

  window.deckbuildDiagrams = { draw, palette };
})();
