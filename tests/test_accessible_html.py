"""The HTML deck's accessibility defaults: images say what they show or are marked decorative
(an image with neither has no `alt`, so that it is caught, not hidden), the page has its
language and may be zoomed, and in Chromium the deck is a labelled region whose present slide
alone is shown to screen readers, read in order.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import deckbuild
from deckbuild.model import Cell, Output
from deckbuild.options import CellOptions, resolve_options
from deckbuild.rendering.cells import render_cell

from execute_support import CONTEXT

ROOT = Path(__file__).resolve().parents[1]
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>'
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cf00000301010018dd8db00000000049454e44ae426082"
)).decode()

# Markdown image -> its alt attribute (None: no alt at all).
IMAGES = {
    "![A blue box](box.svg)": "A blue box",
    '![Caption](box.svg){fig-alt="What the box shows"}': "What the box shows",
    '![](box.svg){fig-alt=""}': "",
    "![](box.svg)": None,
    "Inline ![](box.svg) image.": None,
}


@pytest.mark.parametrize("markdown", IMAGES)
def test_an_image_has_its_alt_text_is_decorative_or_has_none(markdown: str, tmp_path: Path) -> None:
    (tmp_path / "box.svg").write_text(SVG, encoding="utf-8")
    (tmp_path / "talk.md").write_text(f"## Slide\n\n{markdown}\n", encoding="utf-8")
    page = deckbuild.render(tmp_path / "talk.md", tmp_path / "talk.html", quiet=True).read_text(encoding="utf-8")
    img = BeautifulSoup(page, "html.parser").select_one("section img")
    assert img is not None and img.get("alt") == IMAGES[markdown]


# `#| fig-alt` of a plotting cell -> the alt of its PNG, the label of its SVG (None: none).
PLOTS = {
    "described": ("A rising line", ("A rising line", {"role": "img", "aria-label": "A rising line"})),
    "decorative": ("", ("", {"aria-hidden": "true"})),
    "forgotten": (None, (None, {})),
}


@pytest.mark.parametrize("name", PLOTS)
def test_a_plot_has_its_fig_alt_is_decorative_or_has_none(name: str) -> None:
    alt, (png_alt, svg_attributes) = PLOTS[name]
    options = {} if alt is None else {"fig-alt": alt}
    cell = Cell("plot()", "python", options, line=1, outputs=[
        Output("display_data", data={"image/png": PNG}), Output("display_data", data={"image/svg+xml": SVG})])
    html = render_cell(cell, resolve_options(cell, CellOptions()), CONTEXT).html
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one("img").get("alt") == png_alt
    box = page.select_one(".cell-output-svg")
    assert {k: v for k, v in box.attrs.items() if k != "class"} == svg_attributes


def test_the_page_has_its_language_and_may_be_zoomed(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text("---\ntitle: T\nlang: de\n---\n\n## Folie\n", encoding="utf-8")
    page = BeautifulSoup(deckbuild.render(tmp_path / "talk.md", tmp_path / "t.html", quiet=True).read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "de"
    viewport = page.select_one('meta[name="viewport"]')["content"]
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport


@pytest.mark.browser
def test_only_the_present_slide_is_shown_to_screen_readers_and_the_deck_is_a_region(
    open_deck: Callable[..., Any], tmp_path: Path
) -> None:
    html = deckbuild.render(ROOT / "decks" / "intro-to-neural-networks.md", tmp_path / "lecture.html", quiet=True,
                            execute=False)
    deck = open_deck(html)
    state = """() => {
      const leaves = [...document.querySelectorAll('.reveal .slides section')].filter((s) => !s.querySelector('section'));
      const shown = leaves.filter((s) => s.getAttribute('aria-hidden') !== 'true' && !s.hidden);
      const reveal = document.querySelector('.reveal');
      return {lang: document.documentElement.lang, role: reveal.getAttribute('role'), label: reveal.getAttribute('aria-label'),
              shown: shown.map((s) => s.id), count: leaves.length,
              images: [...document.querySelectorAll('.reveal img')].filter((i) => i.getAttribute('alt') === null).length};
    }"""
    first = deck.evaluate(state)
    assert (first["lang"], first["role"], first["label"]) == ("en", "region", "An introduction to neural networks and deep learning")
    assert first["shown"] == ["title-slide"] and first["count"] > 50 and first["images"] == 0
    deck.evaluate("() => Reveal.slide(Reveal.getIndices(document.getElementById('the-perceptron')).h)")
    assert deck.evaluate(state)["shown"] == ["the-perceptron"]
    tree = deck.locator(".reveal .slides").aria_snapshot()
    assert 'heading "The perceptron" [level=2]' in tree and "table" in tree
    assert "Motivation" not in tree and "What deep learning does well" not in tree  # other slides are hidden
    assert tree.index("One unit, a weighted sum") < tree.index("The limitation")  # read in order
