// deckbuild's entry point into MathJax 3's components, evaluated after them in one V8 context
// (see mathjax.py). One TeX input and one SVG output for the whole process: every call first
// forgets the macros and equation numbers of the call before, then takes those given to it,
// so a formula's output depends only on its arguments (which is what lets them be cached).
var __deckbuild_mathjax = (function () {
  var _ = MathJax._;
  var adaptor = _.adaptors.liteAdaptor.liteAdaptor();
  _.handlers.html_ts.RegisterHTMLHandler(adaptor);
  var unwanted = {noerrors: true, noundefined: true};  // they would draw mistakes instead of reporting them
  var tex = new _.input.tex_ts.TeX({
    packages: _.input.tex.AllPackages.AllPackages.filter(function (name) { return !unwanted[name]; }),
    tags: 'ams',
    formatError: function (jax, error) { throw error; }
  });
  var svg = new _.output.svg_ts.SVG({fontCache: 'none', font: new _.output.svg.fonts.tex_ts.TeXFont()});
  var doc = _.mathjax.mathjax.document('', {InputJax: tex, OutputJax: svg});
  var mathml = new _.core.MmlTree.SerializedMmlVisitor.SerializedMmlVisitor();
  var definitions = ['new-Command', 'new-Environment', 'new-Delimiter', 'ams-declare-ops'];

  function forgetDefinitions() {
    definitions.forEach(function (name) {
      var map = tex.parseOptions.handlers.retrieve(name);
      if (map) map.map.clear();
    });
  }

  function labelsOf(tags) {
    var out = {};
    Object.keys(tags.allLabels).forEach(function (key) {
      out[key] = [String(tags.allLabels[key].tag), String(tags.allLabels[key].id)];
    });
    return out;
  }

  function typeset(source, display, counter, labels) {
    forgetDefinitions();
    var tags = tex.parseOptions.tags;
    tags.reset(counter);
    Object.keys(labels).forEach(function (key) {
      tags.allLabels[key] = {tag: labels[key][0], id: labels[key][1]};
    });
    var item = new doc.options.MathItem(source, tex, display);
    item.start.node = adaptor.body(doc.document);
    item.setMetrics(16, 8, 1280, 1000000, 1);
    item.convert(doc);
    var container = item.typesetRoot;
    var numbers = tags.allCounter - counter;
    var picture = adaptor.firstChild(container);
    adaptor.setAttribute(picture, 'aria-hidden', 'true');
    if (numbers > 0) {  // so that KaTeX's CSS-counted equation numbers carry on after these
      adaptor.setStyle(container, 'counter-increment', 'katexEqnNo ' + numbers + ' mmlEqnNo ' + numbers);
    }
    var html = adaptor.outerHTML(container);
    var words = '<mjx-assistive-mml unselectable="on" display="' + (display ? 'block' : 'inline') + '">' +
      mathml.visitTree(item.root).replace(/ id="[^"]*"/g, '').replace(/>\s*\n\s*</g, '><') +
      '</mjx-assistive-mml>';
    html = html.replace(/<\/mjx-container>$/, words + '</mjx-container>');
    return {html: html, counter: tags.allCounter, labels: labelsOf(tags), unresolved: tags.redo};
  }

  return {
    typeset: function (source, display, counter, labels) {
      try { return JSON.stringify(typeset(source, display, counter, labels)); }
      catch (e) { return JSON.stringify({error: String((e && e.message) || e)}); }
    },
    stylesheet: function () { return adaptor.textContent(svg.styleSheet(doc)); }
  };
})();
