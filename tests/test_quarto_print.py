"""A Quarto deck prints as reveal.js prints it: its `margin` (0.1 by default) is kept, so the
page is the slide and its margin, and the content sits inside it rather than on the paper's
edge. deckbuild's own decks (margin 0) keep their edge-to-edge pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_cli

pytestmark = pytest.mark.browser

POINTS = 0.75
"""A CSS pixel in PDF points."""


def printed(tmp_path: Path, name: str, front: str) -> PdfReader:
    deck = tmp_path / f"{name}.qmd"
    deck.write_text(f"---\ntitle: Margins\nformat: revealjs\n{front}---\n\n## Left edge\n\nMARKER starts the line\n",
                    encoding="utf-8")
    result = run_cli("pdf", str(deck), "-o", str(tmp_path / f"{name}.pdf"), "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return PdfReader(tmp_path / f"{name}.pdf")


def page_size(reader: PdfReader) -> tuple[float, float]:
    box = reader.pages[1].mediabox
    return float(box.width) / POINTS, float(box.height) / POINTS


def marker_x(reader: PdfReader) -> float:
    """Where the word MARKER starts on the slide's page, in CSS pixels from the left edge."""
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if "MARKER" in text:
            found.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

    reader.pages[1].extract_text(visitor_text=visit)
    assert found, "the slide's text is in the PDF"
    return found[0] / POINTS


def test_a_quarto_deck_prints_with_its_margin(tmp_path: Path) -> None:
    quarto = printed(tmp_path, "quarto", "")
    flush = printed(tmp_path, "flush", "margin: 0\n")
    width, height = page_size(quarto)
    assert (width, height) == (pytest.approx(1155, abs=1), pytest.approx(770, abs=1)), \
        "reveal.js's page: the 1050x700 slide and 10% around it"
    assert page_size(flush) == (pytest.approx(1050, abs=1), pytest.approx(700, abs=1))
    inset = marker_x(quarto) - marker_x(flush)
    assert inset == pytest.approx(52.5, abs=2), "the content sits half the margin in from the paper's edge"
