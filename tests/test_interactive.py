"""Notebooks' interactive outputs draw offline, in the deck, the PDF and the PNGs; a malformed
HTML output breaks nothing outside its own cell.

The notebooks are made here by scripts/make_interactive_notebooks.py, which runs plotly, bokeh,
altair and ipywidgets in a real kernel: the outputs are the ones those libraries really store.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from deckbuild.model import Output
from deckbuild.rendering import libraries as libraries_module
from deckbuild.rendering.drawings import LOADER, Drawing, recognise
from deckbuild.rendering.html_isolation import isolate
from deckbuild.rendering.libraries import Libraries, widget_closure

from conftest import ROOT, missing_resource, run_cli
from execute_support import needs_kernel

# ---------------------------------------------------------------- HTML outputs kept in their cell

MALFORMED = [
    ("<style>p { color: red }", "unclosed `<style>`"),
    ("<p>before</p><script>var x = 1;", "unclosed `<script>`"),
    ("<textarea>typed", "unclosed `<textarea>`"),
    ("<div><div>inner</div>", "unclosed `<div>`"),
    ("</div></section><b>bold</b>", "stray `</div>`"),
    ("<!-- never closed", "unfinished markup"),
    ('<a href="x>link</a>', "unfinished markup"),
]
WELL_FORMED = [
    "<b class='mine'>hi</b>",
    "<ul><li>a<li>b</ul>",  # optional end tags
    "<table><tr><td>1</td></tr></table>",
    "<p>a &lt;b&gt; c</p><br><img src=x>",
    "<script>if (a < b) { f('</div>'.length) }</script>",
    '<svg viewBox="0 0 2 2"><path d="M0 0"/></svg>',
    "<!-- a comment --><p>x</p>",
]


@pytest.mark.parametrize(("fragment", "problem"), MALFORMED)
def test_a_malformed_output_is_named_and_closed(fragment: str, problem: str) -> None:
    isolated = isolate(fragment)
    assert isolated.problem is not None and problem in isolated.problem
    assert isolate(isolated.html).problem is None  # what goes on the page closes what it opens


@pytest.mark.parametrize("fragment", WELL_FORMED)
def test_a_balanced_output_passes_byte_for_byte(fragment: str) -> None:
    assert isolate(fragment).html == fragment
    assert isolate(fragment).problem is None


# ---------------------------------------------------------------- recognising outputs

LOADERS = {
    "bokeh output_notebook": {"application/vnd.bokehjs_load.v0+json": "", "application/javascript": "load()"},
    "bokeh show placeholder": {"text/html": '\n<div id="e6a2" data-root-id="p1008" style="display: contents;"></div>\n'},
    "plotly notebook_connected": {"text/html": '<script type="module">import "https://cdn.example/plotly-4.min"</script>'},
}


@pytest.mark.parametrize("name", LOADERS)
def test_library_loaders_are_dropped(name: str) -> None:
    assert recognise(Output("display_data", data=LOADERS[name])) == LOADER


def test_ordinary_outputs_are_not_drawings() -> None:
    assert recognise(Output("display_data", data={"text/html": "<b>hi</b><script>f()</script>"})) is None
    assert recognise(Output("display_data", data={"image/png": "iVBOR"})) is None


def test_vega_lite_under_altair_6s_mime_name_too() -> None:
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json", "mark": "bar"}
    found = recognise(Output("display_data", data={"application/vnd.vegalite.v6.json": spec}))
    assert isinstance(found, Drawing) and (found.library, found.version, found.spec["mode"]) == ("vega", "6.4.1", "vega-lite")


# ---------------------------------------------------------------- what the page is given

def test_widget_state_needed_is_the_views_closure() -> None:
    models = {
        "slider": {"model_module": "@jupyter-widgets/controls", "state": {"layout": "IPY_MODEL_layout"}},
        "layout": {"model_module": "@jupyter-widgets/base", "state": {}},
        "other": {"model_module": "@jupyter-widgets/base", "state": {}},
    }
    assert widget_closure(models, "slider") == {"slider", "layout"}


def test_a_widget_of_another_package_is_a_warning() -> None:
    models = {"fig": {"model_module": "bqplot", "state": {}}}
    problem = Libraries(widget_state={"state": models}).supply(Drawing("widgets", {"model_id": "fig"}, ()))
    assert problem is not None and "bqplot" in problem


def test_bokeh_of_another_version_falls_back_to_its_image(monkeypatch: pytest.MonkeyPatch) -> None:
    from deckbuild.options import CellOptions
    from deckbuild.rendering.outputs import OutputContext, render_outputs

    monkeypatch.setattr(libraries_module, "bokeh_scripts", lambda: ("3.9.2", Path("/nonexistent")))
    js = 'const docs_json = {"d": {"version": "2.4.3", "roots": []}};\nconst render_items = [{"docid": "d"}];'
    bundle = {"application/javascript": js, "application/vnd.bokehjs_exec.v0+json": "", "image/png": "iVBORw0KGgo="}
    ctx = OutputContext(lambda text: text, lambda tex, display: tex)
    html = "".join(render_outputs([Output("display_data", data=bundle)], CellOptions(), ctx))
    image = BeautifulSoup(html, "html.parser").select_one("img")
    assert image is not None and str(image["src"]).startswith("data:image/png")
    assert "2.4.3" in ctx.notes[0] and "static image/png" in ctx.notes[0]
    assert ctx.libraries.tags(lambda name, code: name) == []  # nothing for the page to carry


def test_each_library_goes_on_the_page_once_libraries_first() -> None:
    libraries = Libraries()
    for _ in range(2):
        assert libraries.supply(Drawing("plotly", {"data": []}, ())) is None
        assert libraries.supply(Drawing("vega", {"spec": {}, "mode": "vega-lite"}, ())) is None
    names = libraries.tags(lambda name, code: name)
    assert names == ["plotly.min.js", "vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "deckbuild-drawing.js"]


# ---------------------------------------------------------------- real notebooks, real browser

KINDS = ["Plotly", "Plotly from a CDN", "Bokeh", "Altair", "Vega-Lite", "Widget"]
BROKEN = ["Unclosed style", "Unclosed script", "Unclosed textarea", "Unbalanced divs", "Stray section end", "Intact"]
LIBRARIES = ("plotly", "bokeh", "altair", "ipywidgets", "nbclient")


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [name for name in LIBRARIES if importlib.util.find_spec(name) is None]
    if missing:
        missing_resource(f"the plotting libraries {', '.join(missing)}", 'pip install -e ".[test]"')
    folder = tmp_path_factory.mktemp("interactive")
    script = ROOT / "scripts" / "make_interactive_notebooks.py"
    subprocess.run([sys.executable, str(script), str(folder)], check=True, capture_output=True, timeout=600)
    return folder


@pytest.fixture(scope="module")
def interactive(notebooks: Path) -> Path:
    result = run_cli("render", str(notebooks / "interactive.ipynb"))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    return notebooks / "interactive.html"


# A drawing is there when a canvas has painted pixels or an SVG holds shapes; Bokeh draws in
# shadow roots, so the search goes into them.
DRAWN = """element => {
  const find = (root, selector) => [...root.querySelectorAll(selector),
    ...[...root.querySelectorAll('*')].filter(e => e.shadowRoot).flatMap(e => find(e.shadowRoot, selector))];
  const painted = find(element, 'canvas').some(canvas => {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
    return count > 500;
  });
  const shapes = find(element, 'svg').some(svg => svg.querySelectorAll('path, rect, line').length > 3);
  const widget = element.querySelector('.widget-slider .widget-readout');
  return painted || shapes || (widget !== null && widget.textContent.trim() === '7');
}"""

@pytest.mark.browser
@pytest.mark.slow
@needs_kernel
def test_every_interactive_output_draws_offline(interactive: Path, open_deck: Any) -> None:
    deck = open_deck(interactive)
    titles = deck.evaluate("[...document.querySelectorAll('.slides > section h2')].map(h => h.textContent)")
    drawn = {}
    for title in KINDS:
        deck.evaluate(f"Reveal.slide({titles.index(title)})")
        deck.wait_for_function("Reveal.getCurrentSlide().querySelector('.deckbuild-drawing[data-drawn]')")
        element = deck.evaluate_handle("Reveal.getCurrentSlide().querySelector('.deckbuild-drawing')")
        drawn[title] = element.evaluate("e => e.dataset.drawn") == "true" and element.evaluate(DRAWN)
    assert drawn == dict.fromkeys(KINDS, True)
    # Drawn when its slide showed, so at the slide's width (a hidden slide would give Plotly's 700 px).
    deck.evaluate(f"Reveal.slide({titles.index('Plotly')})")
    width, room = deck.evaluate("""() => { const e = Reveal.getCurrentSlide().querySelector('.deckbuild-drawing');
        return [Number(e.querySelector('svg.main-svg').getAttribute('width')), e.clientWidth] }""")
    assert abs(width - room) <= 2 and room > 900
    text = deck.evaluate("document.body.innerText")
    assert "Loading BokehJS" not in text and "Error loading script" not in text
    assert deck.requests == [] and deck.console_errors == []
    assert deck.evaluate("document.querySelectorAll('script[src^=http], script[src^=\"//\"]').length") == 0


def _drawn_pixels(png: Path) -> int:
    """Pixels that differ from the page's background below the slide title."""
    from PIL import Image, ImageChops

    image = Image.open(png).convert("RGB")
    width, height = image.size
    region = image.crop((0, height // 5, width, height * 9 // 10))
    plain = Image.new("RGB", region.size, image.getpixel((2, height - 3)))
    return ImageChops.difference(region, plain).convert("L").point(lambda v: 255 if v > 40 else 0).histogram()[255]


@pytest.mark.browser
@pytest.mark.slow
@needs_kernel
def test_pdf_pages_show_the_drawings(interactive: Path, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        missing_resource("pdftoppm", "apt-get install poppler-utils")
    result = run_cli("pdf", str(interactive), "-o", str(tmp_path / "deck.pdf"))
    assert result.returncode == 0, result.stderr
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(tmp_path / "deck.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    pixels = {title: _drawn_pixels(pages[i]) for i, title in enumerate(KINDS)}
    assert all(count > 150 for count in pixels.values()), pixels


@pytest.mark.browser
@pytest.mark.slow
@needs_kernel
def test_png_images_show_the_drawings(interactive: Path, tmp_path: Path) -> None:
    result = run_cli("png", str(interactive), "-o", str(tmp_path / "png"))
    assert result.returncode == 0, result.stderr
    images = sorted((tmp_path / "png").glob("*.png"))
    pixels = {title: _drawn_pixels(images[i]) for i, title in enumerate(KINDS)}
    assert all(count > 300 for count in pixels.values()), pixels


@pytest.mark.browser
@pytest.mark.slow
@needs_kernel
def test_a_malformed_html_output_breaks_only_its_cell(notebooks: Path, open_deck: Any) -> None:
    result = run_cli("render", str(notebooks / "broken.ipynb"))
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    for number, title in enumerate(BROKEN[:-1], start=1):
        assert any(f'slide {number} "{title}": this HTML output has' in line for line in warned), result.stderr
    deck = open_deck(notebooks / "broken.html")  # waits for reveal.js to start
    slides = deck.evaluate("[...document.querySelectorAll('.reveal .slides > section')].map(s => s.querySelector('h2').textContent)")
    assert slides == BROKEN
    assert deck.evaluate("Reveal.getTotalSlides()") == len(BROKEN)
    deck.evaluate(f"Reveal.slide({len(BROKEN) - 1})")
    assert "still here" in deck.evaluate("Reveal.getCurrentSlide().innerText")
    assert deck.evaluate("document.querySelector('textarea').closest('section').querySelector('h2').textContent") == "Unclosed textarea"
    assert deck.evaluate("window.deckbuildProbe") == 1  # the output's own script still runs
    assert deck.console_errors == [] and deck.requests == []


# ---------------------------------------------------------------- decks without such outputs

def test_a_deck_without_interactive_outputs_carries_no_library(tmp_path: Path) -> None:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "## A table"},
             {"cell_type": "code", "metadata": {}, "source": "df", "execution_count": 1, "outputs": [
                 {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                  "data": {"text/html": "<table class='dataframe'><tr><td>1</td></tr></table>", "text/plain": "df"}}]}]  # fmt: skip
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    (tmp_path / "plain.ipynb").write_text(json.dumps(notebook))
    result = run_cli("render", str(tmp_path / "plain.ipynb"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "plain.html").read_text()
    assert "deckbuildDrawings" not in page and "Plotly" not in page and "vegaEmbed" not in page
    # reveal.js, notes, stretch, blocks, the code block's copy button, PDF options, start
    assert len(BeautifulSoup(page, "html.parser").select("script")) == 7
