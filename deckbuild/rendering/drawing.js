// Draws notebooks' interactive outputs with the libraries bundled in the page (see
// deckbuild/rendering/libraries.py). Each `.deckbuild-drawing` element carries its library's
// spec as JSON in a `<script class="deckbuild-spec">`. An output is drawn when its slide is
// first shown (a slide reveal.js hides has no size to draw at) and resized when its slide is
// shown again; in reveal.js's print view every output is drawn once the print layout is done.
// `window.deckbuildDrawings.drawn` settles when the print view's outputs are all drawn: the
// PDF and PNG export wait for it. An output that fails to draw says so in its own place.
(() => {
  const state = (window.deckbuildDrawings = {});
  let settle;
  state.drawn = new Promise((resolve) => (settle = resolve));
  let counter = 0;

  const until = (test, what) =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        if (test()) resolve();
        else if (Date.now() - started > 60000) reject(new Error(`${what} did not happen within 60 s`));
        else setTimeout(poll, 30);
      };
      poll();
    });

  const LIBRARIES = {
    plotly: {
      draw: (target, spec) =>
        Plotly.newPlot(target, spec.data, spec.layout, { ...spec.config, displaylogo: false, responsive: true }),
      resize: (target) => Plotly.Plots.resize(target),
    },
    vega: {
      draw: async (target, spec) => {
        const result = await vegaEmbed(target, spec.spec, { mode: spec.mode, actions: false, renderer: "svg" });
        target.deckbuildView = result.view;
      },
      resize: (target) => target.deckbuildView && target.deckbuildView.resize().runAsync(),
    },
    bokeh: {
      // The notebook's render items point at the element the notebook had; point them at ours.
      draw: async (target, spec) => {
        target.id = `deckbuild-bokeh-${++counter}`;
        const items = spec.render_items.map(({ notebook_comms_target, ...item }) => ({
          ...item,
          roots: Object.fromEntries(Object.keys(item.roots || {}).map((root) => [root, target.id])),
        }));
        await Bokeh.embed.embed_items(spec.docs_json, items);
        await until(() => Bokeh.documents.every((doc) => doc.is_idle), "Bokeh drawing");
      },
      resize: () => undefined,
    },
    widgets: {
      // html-manager's embed.js draws every saved view on `load`; wait for this one.
      draw: (target, spec, element) =>
        until(() => element.querySelector(".widget-subarea > *"), "the widget manager drawing a widget"),
      resize: () => undefined,
    },
  };

  function draw(element) {
    if (!element.deckbuildDrawing) {
      const library = LIBRARIES[element.dataset.library];
      const target = document.createElement("div");
      target.className = "deckbuild-target";
      element.append(target);
      element.deckbuildDrawing = Promise.resolve()
        .then(() => library.draw(target, JSON.parse(element.querySelector(".deckbuild-spec").textContent), element))
        .then(
          () => (element.dataset.drawn = "true"),
          (error) => {
            element.dataset.drawn = "failed";
            target.textContent = `This ${element.dataset.library} output could not be drawn: ${error}`;
            console.error(`deckbuild: a ${element.dataset.library} output could not be drawn`, error);
          },
        );
    }
    return element.deckbuildDrawing;
  }

  function show(slide) {
    for (const element of slide ? slide.querySelectorAll(".deckbuild-drawing") : []) {
      const drawn = element.deckbuildDrawing;
      if (!drawn) draw(element);
      else drawn.then(() => LIBRARIES[element.dataset.library].resize(element.querySelector(".deckbuild-target")));
    }
  }

  const printing = () => window.Reveal && Reveal.isPrintView && Reveal.isPrintView();
  const all = () => [...document.querySelectorAll(".reveal .deckbuild-drawing")];

  state.pending = () =>
    all()
      .filter((element) => !element.dataset.drawn)
      .map((element) => Number((element.closest("section[data-deckbuild-n]") || { dataset: {} }).dataset.deckbuildN))
      .filter((n) => n > 0);

  document.addEventListener("ready", (event) => printing() || show(event.currentSlide));
  document.addEventListener("slidechanged", (event) => show(event.currentSlide));
  document.addEventListener("resize", () => window.Reveal && show(Reveal.getCurrentSlide()));
  document.addEventListener("pdf-ready", () => Promise.all(all().map(draw)).then(() => settle()));
  // `deckbuild serve` swaps the slides in place; html-manager draws widgets only at page load.
  document.addEventListener("deckbuild:updated", () => {
    if (document.querySelector('.deckbuild-drawing[data-library="widgets"]')) location.reload();
  });
})();
