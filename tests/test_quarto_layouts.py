"""Quarto's panel layouts on divs and on cells with several plots: rows and cells in Quarto's
markup and widths, spacers, vertical alignment, subfigures with their captions and ids; laid out
side by side in Chromium, in every built-in theme, and in the PDF."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from quarto_blocks_support import page, slides

from deckbuild import pipeline
from deckbuild.errors import DeckError
from deckbuild.options import Overrides
from deckbuild.rendering.layouts import Layout, LayoutError, top_level
from deckbuild.rendering.sinks import InlineSink


def image(tmp_path: Path, name: str = "a.png", colour: tuple[int, int, int] = (200, 30, 30)) -> str:
    from PIL import Image

    Image.new("RGB", (400, 300), colour).save(tmp_path / name)
    return name


def rows(soup: BeautifulSoup) -> list[list[Tag]]:
    panel = soup.select_one(".quarto-layout-panel")
    assert panel is not None
    return [row.select(":scope > .quarto-layout-cell") for row in panel.select(":scope > .quarto-layout-row")]


def widths(soup: BeautifulSoup) -> list[list[str]]:
    return [[cell["style"].split(";")[0].removeprefix("flex-basis: ") for cell in row] for row in rows(soup)]


TWO = "## Two\n\n::: {layout-ncol=2}\n![Left](a.png)\n\n![Right](b.png)\n:::\n"


def test_layout_ncol_puts_each_block_in_a_cell_of_a_row(tmp_path: Path) -> None:
    image(tmp_path), image(tmp_path, "b.png")
    soup = slides(tmp_path, TWO)
    assert widths(soup) == [["50.0%", "50.0%"]]
    assert [cell.select_one("img")["alt"] for cell in rows(soup)[0]] == ["Left", "Right"]
    assert all("justify-content: center" in cell["style"] for cell in rows(soup)[0])


@pytest.mark.parametrize(("attrs", "count", "expected"), [
    ("layout-ncol=3", 4, [["33.3%"] * 3, ["33.3%"]]),
    ("layout-nrow=2", 4, [["50.0%"] * 2] * 2),
    ("layout-nrow=2", 3, [["50.0%"] * 2, ["50.0%"]]),
    ('layout="[[1,1],[1]]"', 3, [["50.0%", "50.0%"], ["100.0%"]]),
    ('layout="[[70,30]]"', 2, [["70.0%", "30.0%"]]),
    ('layout="[3,1]"', 2, [["75.0%", "25.0%"]]),
    ('layout="[[1,1]]"', 3, [["50.0%", "50.0%"], ["50.0%"]]),  # more cells than the layout: its last row again
])  # fmt: skip
def test_widths_as_quarto_computes_them(tmp_path: Path, attrs: str, count: int, expected: list[list[str]]) -> None:
    paragraphs = "\n\n".join(f"Cell {n}" for n in range(count))
    soup = slides(tmp_path, f"## L\n\n::: {{{attrs}}}\n{paragraphs}\n:::\n")
    assert widths(soup) == expected
    assert [cell.get_text(strip=True) for row in rows(soup) for cell in row] == [f"Cell {n}" for n in range(count)]


def test_negative_widths_are_spacers(tmp_path: Path) -> None:
    soup = slides(tmp_path, '## L\n\n::: {layout="[[40,-20,40]]"}\nA\n\nB\n:::\n')
    cells = soup.select(".quarto-layout-row > div")
    assert ["quarto-figure-spacer" in c["class"] for c in cells] == [False, True, False]
    assert [c["style"].split(";")[0] for c in cells] == ["flex-basis: 40.0%", "flex-basis: 20.0%", "flex-basis: 40.0%"]
    assert [c.get_text(strip=True) for c in cells if "quarto-figure-spacer" not in c["class"]] == ["A", "B"]


def test_valign_goes_on_each_row_and_headings_open_the_next_cell(tmp_path: Path) -> None:
    soup = slides(tmp_path, '## L\n\n::: {layout-ncol=2 layout-valign="bottom" .special}\n### Left\nText\n\nRight\n:::\n')
    panel = soup.select_one(".quarto-layout-panel")
    assert panel is not None and "special" in panel["class"] and not panel.has_attr("data-layout-ncol")
    assert all("quarto-layout-valign-bottom" in row["class"] for row in panel.select(".quarto-layout-row"))
    first = rows(soup)[0][0]
    assert first.select_one("p > strong").get_text() == "Left" and soup.find("h3") is None


def test_a_figure_div_lays_out_subfigures_with_their_captions_and_ids(tmp_path: Path) -> None:
    image(tmp_path), image(tmp_path, "b.png")
    body = ("## F\n\n::: {#fig-all layout-ncol=2}\n![Sub a](a.png){#fig-a}\n\n![Sub b](b.png){#fig-b}\n\nBoth *plots*.\n:::\n\n"
            "See @fig-all, @fig-b and @fig-a.\n")
    soup = slides(tmp_path, body)
    outer = soup.select_one("#fig-all")
    assert outer is not None and {"quarto-float", "quarto-figure"} <= set(outer["class"])
    figure = outer.select_one(":scope > figure.quarto-float-fig")
    assert figure is not None
    cells = figure.select(".quarto-layout-cell-subref")
    assert [c["data-ref-parent"] for c in cells] == ["fig-all", "fig-all"]
    assert [c.select_one("#fig-a, #fig-b")["id"] for c in cells] == ["fig-a", "fig-b"]
    subfloats = [c.select_one("div.quarto-float > figure.quarto-subfloat-fig") for c in cells]
    assert [f.figcaption.get_text() for f in subfloats if f] == ["(a) Sub a", "(b) Sub b"]  # lettered, as in Quarto
    assert [f.figcaption["id"] for f in subfloats if f] == ["fig-a-caption", "fig-b-caption"]
    references = [a.get_text() for a in soup.select("a.quarto-xref")]
    assert references == ["Figure\xa01", "Figure\xa01\xa0(b)", "Figure\xa01\xa0(a)"]
    caption = figure.select_one(":scope > figcaption.quarto-float-caption")
    assert caption is not None and caption.em.get_text() == "plots"
    assert caption.get_text() == "Figure\xa01: Both plots.", "the parent is the numbered float; subfigures take no number"


@pytest.mark.parametrize(("attrs", "message"), [
    ("layout-ncol=0", "layout-ncol: expected a positive whole number"),
    ("layout-ncol=two", "layout-ncol: expected a positive whole number"),
    ("layout-nrow=-1", "layout-nrow: expected a positive whole number"),
    ('layout="[[1,1]"', "layout: cannot read"),
    ('layout="[[1,\'a\']]"', "layout: cannot read"),
    ('layout="[[0,0]]"', "layout: a row of zero widths"),
    ('layout="{}"', "layout: expected a list of rows"),
    ("layout-ncol=2 layout-valign=middle", "layout-valign: expected top, center or bottom"),
    ("layout-ncol=2 layout-align=justify", "layout-align: expected left, center or right"),
])  # fmt: skip
def test_bad_layouts_are_one_error_at_the_div(tmp_path: Path, attrs: str, message: str) -> None:
    with pytest.raises(DeckError) as caught:
        slides(tmp_path, f"## L\n\n::: {{{attrs}}}\nA\n\nB\n:::\n")
    assert message in str(caught.value) and caught.value.line == 7


@pytest.mark.parametrize(("html", "pieces"), [
    ("<p>a</p>\n<p>b</p>", ["<p>a</p>", "<p>b</p>"]),
    ('<figure><img src="x"><figcaption>c</figcaption></figure>', ['<figure><img src="x"><figcaption>c</figcaption></figure>']),
    ("<div><div>in</div></div>\n<hr>\ntext", ["<div><div>in</div></div>", "<hr>", "\ntext"]),
    ("<svg><path d='m'/></svg><p>x</p>", ["<svg><path d='m'/></svg>", "<p>x</p>"]),
])  # fmt: skip
def test_top_level_splits_html_into_its_blocks(html: str, pieces: list[str]) -> None:
    assert top_level(html) == pieces


def test_layout_reads_cell_options_as_yaml_values() -> None:
    assert Layout.read({"layout": [[1, 1], [1]]}, 3).rows == [[50.0, 50.0], [100.0]]
    assert Layout.read({"layout-ncol": 2}, 2).rows == [[50.0, 50.0]]
    with pytest.raises(LayoutError):
        Layout.read({"layout-ncol": True}, 2)


def notebook_with_plots(tmp_path: Path, options: list[str], count: int = 2) -> Path:
    """A notebook whose one cell has `count` stored PNG outputs (and a warning on stderr)."""
    from PIL import Image

    outputs: list[dict[str, Any]] = [{"output_type": "stream", "name": "stderr", "text": "a warning\n"}]
    for n in range(count):
        buffer = io.BytesIO()
        Image.new("RGB", (480, 360), (40 * n, 90, 200)).save(buffer, format="PNG")
        outputs.append({"output_type": "display_data", "metadata": {},
                        "data": {"image/png": base64.b64encode(buffer.getvalue()).decode(), "text/plain": "<Figure>"}})
    source = "\n".join([*(f"#| {o}" for o in options), "#| echo: true", "#| warning: true", "plot()"])
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "display_name": "P"}},
                "cells": [{"cell_type": "markdown", "id": "m", "metadata": {}, "source": "## Plots"},
                          {"cell_type": "code", "id": "c", "metadata": {}, "execution_count": 1, "source": source,
                           "outputs": outputs}]}
    path = tmp_path / "plots.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def test_a_cell_with_several_plots_lays_out_its_outputs(tmp_path: Path) -> None:
    path = notebook_with_plots(tmp_path, ["layout-ncol: 2", "fig-cap: [First, Second]"])
    rendered = pipeline.render(pipeline.load(path, Overrides(use_cache=False)), InlineSink())
    soup = BeautifulSoup("".join(s.html for s in rendered.slides), "html.parser")
    cell = soup.select_one("div.cell")
    assert cell is not None
    children = [c for c in cell.find_all(recursive=False)]
    assert "cell-code" in children[0]["class"] and "cell-output-stderr" in children[1]["class"]
    assert "quarto-layout-panel" in children[2]["class"]
    assert widths(soup) == [["50.0%", "50.0%"]]
    assert [c.figcaption.get_text() for c in rows(soup)[0]] == ["First", "Second"]


def test_a_figure_cell_has_subcaptions_and_its_own_caption(tmp_path: Path) -> None:
    options = ["label: fig-plots", "fig-cap: Two *plots*", "fig-subcap: [Left, Right]", "layout-ncol: 2"]
    rendered = pipeline.render(pipeline.load(notebook_with_plots(tmp_path, options), Overrides(use_cache=False)), InlineSink())
    soup = BeautifulSoup("".join(s.html for s in rendered.slides), "html.parser")
    outer = soup.select_one("div.cell > #fig-plots.quarto-float")
    assert outer is not None
    figure = outer.select_one(":scope > figure.quarto-float-fig")
    cells = figure.select(".quarto-layout-cell-subref")
    assert [c["data-ref-parent"] for c in cells] == ["fig-plots", "fig-plots"]
    assert [c.figcaption.get_text() for c in cells] == ["Left", "Right"]
    assert figure.select_one(":scope > figcaption.quarto-float-caption").em.get_text() == "plots"


def test_a_bad_fig_subcap_is_an_error_at_the_cell(tmp_path: Path) -> None:
    path = notebook_with_plots(tmp_path, ["label: fig-p", "fig-subcap: 3", "layout-ncol: 2"])
    with pytest.raises(DeckError) as caught:
        pipeline.render(pipeline.load(path, Overrides(use_cache=False)), InlineSink())
    assert "fig-subcap: expected a list" in str(caught.value)


THEMES = [(name, "talk.md") for name in ("default", "dark", "serif", "vivid", "high-contrast")] + [
    (name, "talk.qmd") for name in ("default", "moon", "simple", "dracula")]
"""deckbuild's themes (a .md deck) and some of Quarto's (a .qmd deck)."""


@pytest.mark.browser
@pytest.mark.parametrize(("theme", "name"), THEMES, ids=[f"{t}-{n}" for t, n in THEMES])
def test_images_stand_side_by_side_in_every_theme(open_deck: Callable[..., Any], tmp_path: Path, theme: str,
                                                  name: str) -> None:
    image(tmp_path), image(tmp_path, "b.png", (30, 30, 200))
    deck = open_deck(page(tmp_path, TWO, f"title: T\ntheme: {theme}", name))
    deck.evaluate("Reveal.slide(1)")
    boxes = deck.evaluate("""[...document.querySelectorAll('section.present .quarto-layout-cell img')]
        .map(i => { const r = i.getBoundingClientRect(); return [r.left, r.top, r.right, r.width]; })""")
    (_, top_a, right_a, width_a), (left_b, top_b, _, width_b) = boxes
    assert abs(top_a - top_b) < 1 and left_b > right_a and width_a > 100 and abs(width_a - width_b) < 1
    slide = deck.evaluate("document.querySelector('section.present').getBoundingClientRect().width")
    assert width_a < slide / 2
    assert deck.console_errors == []


FIG_ALIGN = "## L\n\n![Left](a.png){width=120 fig-align=left}\n\n## R\n\n![Right](a.png){width=120 fig-align=\"right\"}\n\n" \
    "## D\n\n![Deck's](a.png){width=120}\n"


@pytest.mark.browser
@pytest.mark.parametrize(("theme", "name"), [("default", "talk.md"), ("default", "talk.qmd"), ("simple", "talk.qmd")])
def test_fig_align_places_the_image_and_the_deck_sets_the_default(open_deck: Callable[..., Any], tmp_path: Path,
                                                                  theme: str, name: str) -> None:
    image(tmp_path)
    front = f"title: T\ntheme: {theme}\nfig-align: center\nauto-stretch: false"  # a stretched image is centred
    deck = open_deck(page(tmp_path, FIG_ALIGN, front, name))
    places = []
    for index in (1, 2, 3):
        deck.evaluate(f"Reveal.slide({index})")
        places.append(deck.evaluate("""(() => {
            const s = document.querySelector('section.present').getBoundingClientRect();
            const i = document.querySelector('section.present figure img').getBoundingClientRect();
            return [i.left - s.left, s.right - i.right]; })()"""))
    (left_gap, left_rest), (right_rest, right_gap), (centre_left, centre_right) = places
    assert left_gap < left_rest / 4 and right_gap < right_rest / 4
    assert abs(centre_left - centre_right) < 2
    assert deck.console_errors == []


def test_fig_align_takes_quartos_values_only(tmp_path: Path) -> None:
    image(tmp_path)
    with pytest.raises(DeckError) as caught:
        slides(tmp_path, "## A\n\n![x](a.png){fig-align=middle}\n")
    assert "fig-align" in caught.value.message and caught.value.line == 7


@pytest.mark.browser
def test_layout_valign_center_centres_the_cells(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    image(tmp_path)
    body = '## V\n\n::: {layout-ncol=2 layout-valign="center"}\n![Tall](a.png)\n\nShort text\n:::\n'
    deck = open_deck(page(tmp_path, body))
    deck.evaluate("Reveal.slide(1)")
    middles = deck.evaluate("""[...document.querySelectorAll('section.present .quarto-layout-cell')]
        .map(c => { const r = c.getBoundingClientRect(); return (r.top + r.bottom) / 2; })""")
    assert abs(middles[0] - middles[1]) < 2


@pytest.mark.browser
def test_the_pdf_page_keeps_the_images_side_by_side(browser: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from deckbuild.export.options import ExportOptions
    from deckbuild.export.pdf import Job, export_pdfs

    image(tmp_path), image(tmp_path, "b.png", (30, 30, 200))
    html = page(tmp_path, TWO)
    result = export_pdfs(browser, [Job(html, tmp_path / "out.pdf", ExportOptions())])[0]
    slide = PdfReader(result.output).pages[1]
    placed: list[tuple[float, float]] = []

    def visit(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"Do":
            placed.append((cm[4], cm[5]))

    slide.extract_text(visitor_operand_before=visit)
    assert len(placed) == 2 and abs(placed[0][1] - placed[1][1]) < 1 and placed[1][0] > placed[0][0] + 100
    assert "Left" in slide.extract_text() and "Right" in slide.extract_text()
