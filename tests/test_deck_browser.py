"""Rendered decks behave in a real Chromium, offline: reveal.js starts, slides and fragments
count as the source says, notes reach the speaker view, maths is typeset, nothing is fetched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import deckbuild
from deckbuild.config import DeckConfig
from deckbuild.sources import load

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "decks" / "intro-to-neural-networks.md"
DIALECT = Path(__file__).parent / "fixtures" / "dialect"


def render(source: Path, tmp_path: Path) -> Path:
    return deckbuild.render(source, tmp_path / source.with_suffix(".html").name, quiet=True)


def fragment_steps(deck: Any) -> list[int]:
    """Fragment steps of each slide, as reveal.js numbers them (it sorts fragments on start)."""
    return deck.evaluate(
        """() => Reveal.getSlides().map(slide => new Set(
            [...slide.querySelectorAll('.fragment')].map(f => f.getAttribute('data-fragment-index'))).size)"""
    )


def test_example_deck_starts_offline_without_errors(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    deck = open_deck(render(EXAMPLE, tmp_path))
    model = load(EXAMPLE, DeckConfig())
    assert deck.evaluate("Reveal.getTotalSlides()") == len(model.slides) + 1  # + the title slide
    assert deck.console_errors == []
    assert deck.requests == []
    noted = deck.evaluate("Reveal.getSlides().filter(s => Reveal.getSlideNotes(s)).length")
    assert noted >= 20
    faces = deck.evaluate(
        """Promise.all(['20px Inter', '20px "JetBrains Mono"', '20px KaTeX_Main']
            .map(font => document.fonts.load(font))).then(loaded => loaded.map(faces => faces.length))"""
    )
    assert all(count >= 1 for count in faces), "the theme's and KaTeX's fonts load from the page itself"
    assert deck.requests == []


def test_maths_is_typeset_with_katex_fonts(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    deck = open_deck(render(DIALECT / "maths.md", tmp_path))
    deck.evaluate("document.fonts.ready")
    assert deck.evaluate("document.querySelectorAll('.katex').length") == 3
    assert deck.evaluate("document.querySelectorAll('.katex-display').length") == 2
    assert deck.evaluate("document.fonts.check('20px KaTeX_Main')")
    width = deck.evaluate("document.querySelector('.katex-display .katex-html').getBoundingClientRect().width")
    assert width > 100
    assert deck.evaluate("!!document.querySelector('script[src*=katex], script[src*=mathjax]')") is False


def test_fragments_pauses_and_incremental_lists_step_as_written(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    divs = open_deck(render(DIALECT / "divs.md", tmp_path))
    # notes, columns, incremental (2 items), fragments (indices 1 and 2), footer and layout
    assert fragment_steps(divs) == [0, 0, 2, 2, 0]
    pauses = open_deck(render(DIALECT / "pauses.md", tmp_path))
    assert fragment_steps(pauses) == [2, 1]


def test_code_line_steps_highlight_each_step(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    deck = open_deck(render(DIALECT / "code.md", tmp_path))
    deck.evaluate("Reveal.slide(0, 0, -1)")
    visible = "() => [...document.querySelectorAll('pre.stepped code.step')].filter(c => getComputedStyle(c).visibility === 'visible').length"
    lines = "() => [...document.querySelectorAll('pre.stepped code.step')].filter(c => getComputedStyle(c).visibility === 'visible').pop().querySelectorAll('.line.hl').length"
    assert deck.evaluate(visible) == 1 and deck.evaluate(lines) == 2
    deck.evaluate("Reveal.next()")
    deck.wait_for_timeout(300)
    assert deck.evaluate(visible) == 2 and deck.evaluate(lines) == 1


def test_vertical_navigation_stacks_each_section(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    deck = open_deck(render(DIALECT / "vertical.md", tmp_path))
    assert deck.evaluate("Reveal.getHorizontalSlides().length") == 2
    assert deck.evaluate("Reveal.getVerticalSlides().length") == 5


def test_fit_text_fits_inside_the_slide(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    deck = open_deck(render(DIALECT / "divs.md", tmp_path))
    deck.evaluate("Reveal.slide(4)")
    deck.wait_for_timeout(300)
    box = deck.evaluate("(() => { const r = document.querySelector('.r-fit-text').getBoundingClientRect(); return [r.left, r.right]; })()")
    slide = deck.evaluate("(() => { const r = Reveal.getCurrentSlide().getBoundingClientRect(); return [r.left, r.right]; })()")
    assert slide[0] <= box[0] and box[1] <= slide[1]


def test_speaker_view_shows_the_notes(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    deck = open_deck(render(DIALECT / "divs.md", tmp_path))
    with deck.page.context.expect_page() as popup_info:
        deck.keyboard.press("s")
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.wait_for_function("document.querySelector('.speaker-controls-notes .value')?.textContent.includes('speaker')", timeout=10_000)
    assert "Only the speaker sees this." in popup.inner_text(".speaker-controls-notes")


def test_page_with_files_folder_works_offline(open_deck: Callable[..., Any], tmp_path: Path) -> None:
    source = tmp_path / "talk.md"
    source.write_text((DIALECT / "inline.md").read_text(encoding="utf-8") + "\n## Maths\n\n$x^2$\n", encoding="utf-8")
    (tmp_path / "diagram.svg").write_bytes((DIALECT / "diagram.svg").read_bytes())
    page = deckbuild.render(source, embed=False, quiet=True)
    assert (tmp_path / "talk_files" / "reveal.js").exists()
    deck = open_deck(page)
    assert deck.evaluate("Reveal.getTotalSlides()") == 3
    assert deck.evaluate("[...document.images].every(img => img.complete && img.naturalWidth > 0)")
    assert deck.console_errors == [] and deck.requests == []
