"""Every kind of output, produced by real code in a real kernel, rendered for a slide."""

from __future__ import annotations

import base64
import struct

import pytest

from deckbuild.execute import execute_deck
from deckbuild.model import Cell, Deck
from deckbuild.options import resolve_options
from deckbuild.rendering.cells import render_cell

from execute_support import CONTEXT, kernel_mark, make_deck, soup

pytestmark = kernel_mark()

SOURCES = {
    "streams": 'import sys\nprint("a"); print("b"); sys.stdout.flush()\n'
               'print("warn", file=sys.stderr); sys.stderr.flush()\nprint("c")',
    "carriage": 'print("10%\\r50%\\r100%")',
    "plain": "6 * 7",
    "html": 'from IPython.display import HTML, Markdown, Latex, Math, SVG, Image, display\nHTML("<b class=\'mine\'>hi</b>")',
    "markdown": 'Markdown("*emph* text")',
    "latex": r'Latex(r"$$\int_0^1 x\,dx$$")',
    "math": r'Math(r"e^{i\pi} + 1 = 0")',
    "latex-prose": r'Latex(r"where $x$ is small")',
    "svg": 'SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
           '<defs><circle id="dot" r="5" cx="10" cy="10"/></defs><use href="#dot"/></svg>\')',
    "jpeg": 'import io\nfrom PIL import Image as Pil\nbuf = io.BytesIO(); Pil.new("RGB", (8, 4), "red").save(buf, "jpeg")\n'
            'Image(data=buf.getvalue(), format="jpeg")',
    "plot": 'import matplotlib.pyplot as plt\nplt.plot([1, 3, 2]); plt.title("loss");',
    "small-plot": 'plt.plot([1, 2]);',
    "two-plots": 'for i in range(2):\n    plt.figure(); plt.plot([i, 0])\nplt.show()',
    "dataframe": 'import pandas as pd\npd.DataFrame({"name": ["a", "b"], "value": [1, 2]})',
    "error": "1 / 0",
    "widget": 'display({"application/vnd.jupyter.widget-view+json": {"model_id": "x", "version_major": 2,'
              ' "version_minor": 0}, "text/plain": "IntSlider(value=3)"}, raw=True)',
    "plotly-png": 'import base64\npng = base64.b64encode(open(__import__("matplotlib").get_data_path() + '
                  '"/images/home.png", "rb").read()).decode()\n'
                  'display({"application/vnd.plotly.v1+json": {"data": []}, "image/png": png,'
                  ' "text/html": "<script src=\'https://cdn.plot.ly/x.js\'></script>", "text/plain": "Figure()"}, raw=True)',
    "update": 'h = display(Markdown("first"), display_id=True)\nh.update(Markdown("second"))',
}
OPTIONS = {
    "streams": {"warning": True},
    "plot": {"fig-cap": "The *loss* falls", "fig-alt": "A line chart of the loss"},
    "small-plot": {"fig-width": 4, "fig-height": 3},
    "two-plots": {"fig-cap": ["First", "Second"]},
    "error": {"error": True},
}


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    deck = make_deck(tmp_path_factory.mktemp("outputs"), *[(src, OPTIONS.get(k, {})) for k, src in SOURCES.items()])
    execute_deck(deck, use_cache=False)
    return deck


def rendered(deck: Deck, name: str):  # type: ignore[no-untyped-def]
    cell: Cell = list(deck.cells())[list(SOURCES).index(name)]
    return soup(render_cell(cell, resolve_options(cell, deck.config.execute), CONTEXT).html)


def png_size(data_uri: str) -> tuple[int, int]:
    raw = base64.b64decode(data_uri.split(",", 1)[1])
    return struct.unpack(">II", raw[16:24])


def test_streams_in_order_consecutive_chunks_merged(deck: Deck) -> None:
    outputs = rendered(deck, "streams").select(".cell-output")
    assert [(o["class"][1], o.get_text()) for o in outputs] == [
        ("cell-output-stdout", "a\nb\n"), ("cell-output-stderr", "warn\n"), ("cell-output-stdout", "c\n")]


def test_carriage_returns_keep_the_last_state(deck: Deck) -> None:
    assert rendered(deck, "carriage").select_one(".cell-output-stdout").get_text() == "100%\n"


def test_plain_text(deck: Deck) -> None:
    assert rendered(deck, "plain").select_one(".cell-output-display pre code").get_text() == "42"


def test_html_passes_through(deck: Deck) -> None:
    assert rendered(deck, "html").select_one(".cell-output-display > b.mine").get_text() == "hi"


def test_markdown_goes_through_markdown(deck: Deck) -> None:
    assert rendered(deck, "markdown").select_one(".cell-output-display em").get_text() == "emph"


@pytest.mark.parametrize(("name", "tex"), [("latex", r"\int_0^1 x\,dx"), ("math", r"\displaystyle e^{i\pi} + 1 = 0")])
def test_latex_is_display_maths(deck: Deck, name: str, tex: str) -> None:
    assert rendered(deck, name).select_one(".cell-output-display .math.display").get_text() == tex


def test_latex_prose_keeps_its_text(deck: Deck) -> None:
    assert "is small" in rendered(deck, "latex-prose").select_one(".cell-output-display").get_text()


def test_svg_inline_with_scoped_ids(deck: Deck) -> None:
    svg = rendered(deck, "svg").select_one(".cell-output-display .cell-output-svg > svg")
    circle_id = svg.select_one("circle")["id"]
    assert circle_id.endswith("-dot") and svg.select_one("use")["href"] == "#" + circle_id


def test_jpeg_data_uri(deck: Deck) -> None:
    assert rendered(deck, "jpeg").select_one(".cell-output-display img")["src"].startswith("data:image/jpeg;base64,/9j/")


def test_matplotlib_figure_fits_the_slide_at_high_resolution(deck: Deck) -> None:
    page = rendered(deck, "plot")
    img = page.select_one(".cell-output-display figure.cell-figure > img")
    width, height = int(img["width"]), int(img["height"])
    assert 600 < width <= 960 and 300 < height <= 480  # 10 x 5 in at 96 dpi, tight bbox
    assert png_size(img["src"]) == (pytest.approx(2 * width, abs=2), pytest.approx(2 * height, abs=2))  # retina
    assert img["alt"] == "A line chart of the loss"
    assert page.select_one("figcaption em").get_text() == "loss"
    assert not page.select(".cell-output-display pre")  # the execute_result ends with ';'


def test_fig_width_and_height_per_cell(deck: Deck) -> None:
    img = rendered(deck, "small-plot").select_one("img")
    assert int(img["width"]) <= 4 * 96 and int(img["height"]) <= 3 * 96
    assert "figcaption" not in str(rendered(deck, "small-plot"))


def test_a_list_of_captions_goes_figure_by_figure(deck: Deck) -> None:
    captions = [f.get_text() for f in rendered(deck, "two-plots").select("figure figcaption")]
    assert captions == ["First", "Second"]


def test_the_next_cell_is_back_to_the_default_size(deck: Deck) -> None:
    assert int(rendered(deck, "two-plots").select_one("img")["width"]) > 600


def test_pandas_table_gets_the_theme_class_and_no_inline_style(deck: Deck) -> None:
    page = rendered(deck, "dataframe")
    assert page.select_one(".cell-output-display.output-dataframe table.dataframe")
    assert not page.select("style")
    assert [th.get_text() for th in page.select("thead th")][1:] == ["name", "value"]


def test_error_traceback_keeps_its_colours(deck: Deck) -> None:
    error = rendered(deck, "error").select_one(".cell-output-error pre code")
    assert "ZeroDivisionError" in error.get_text() and "\x1b" not in error.get_text()
    assert error.select("span[class*=ansi-]")


def test_widget_without_saved_state_says_how_to_save_it(deck: Deck) -> None:
    cell = list(deck.cells())[list(SOURCES).index("widget")]
    result = render_cell(cell, resolve_options(cell, deck.config.execute), CONTEXT)
    assert "Save Widget State" in soup(result.html).select_one(".cell-output-note").get_text()
    assert result.notes and "widget" in result.notes[0]


def test_plotly_is_drawn_by_the_bundled_library_not_the_cdn(deck: Deck) -> None:
    page = rendered(deck, "plotly-png")
    drawing = page.select_one(".cell-output-drawing .deckbuild-drawing[data-library=plotly]")
    assert drawing is not None and not page.select("img")
    assert [s.get("src") for s in page.select("script")] == [None]  # only the spec, as JSON


def test_updated_display_shows_the_last_value(deck: Deck) -> None:
    assert [p.get_text() for p in rendered(deck, "update").select(".cell-output-display p")] == ["second"]


def test_cells_run_in_the_decks_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "data.txt").write_text("from the deck's folder")
    deck = make_deck(tmp_path, "print(open('data.txt').read())")
    execute_deck(deck, use_cache=False)
    assert next(deck.cells()).outputs[0].text == "from the deck's folder\n"
