"""HTML comments hide what they hold, as in pandoc: authors comment out a slide, a div or a
line of notes with `<!-- … -->` over several lines, and none of it may show, or make a slide.
`<!--` in code is code; one that never closes is text, so it cannot hide the rest of the deck.
Each case's slides are checked against pandoc's (the test extra's `pypandoc-binary`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from quarto_blocks_support import slides

from deckbuild.sources.scanner import scan

pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (test extra) gives the reference pandoc")


def shape(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """Each slide's title and visible text (whitespace folded, comments left out)."""
    found = []
    for section in soup.find_all("section"):
        if section.find("section"):
            continue
        heading = section.find(["h1", "h2"])
        title = heading.get_text(" ", strip=True) if heading else ""
        if heading:
            heading.extract()
        for aside in section.select("aside"):
            aside.extract()
        text = " ".join(section.get_text(" ").split()).replace("<!\u2013", "<!--")  # smart dash or not
        found.append((title, text))
    return found


def pandoc_shape(source: str) -> list[tuple[str, str]]:
    page = pypandoc.convert_text(source, "revealjs", format="markdown", extra_args=["--slide-level=2"])
    return shape(BeautifulSoup(page, "html.parser"))


CASES = {
    "a commented-out slide": "## A\n\nkept\n\n<!--\n## Old\n\nold text\n-->\n\n## B\n\nalso kept\n",
    "a comment with blank lines": "## A\n\n<!-- first\n\n\nsecond -->\n\nafter\n",
    "inside a paragraph": "## A\n\nbefore\n<!--\n## Hidden\n\nmore\n-->\nafter\n",
    "mid-line, over lines": "## A\n\nx <!-- a\n## Hidden\n--> y\n\n## B\n\nz\n",
    "two on a line": "## A\n\na <!-- 1 --> b <!-- 2 --> c\n",
    "a commented-out div": "## A\n\n<!--\n::: {.notes}\nsecret\n:::\n-->\n\nshown\n",
    "a commented-out pause": "## A\n\none\n\n<!--\n. . .\n-->\n\ntwo\n",
    "a comment in a code span": "## A\n\nwrite `<!--` to open and `-->` to close\n",
    "a comment in a code fence": "## A\n\n```html\n<!--\n## not hidden\n-->\n```\n\n## B\n",
    "one that never closes": "## A\n\n<!-- unclosed\n\n## B\n\nz\n",
    "one that never closes, in raw HTML": "## A\n\n<div>\n<!-- unclosed\n</div>\n\n## B\n\nz\n",
    "the whole deck": "<!--\n## A\n\n## B\n-->\n",
}


@pytest.mark.parametrize("source", CASES.values(), ids=CASES.keys())
def test_comments_hide_what_pandoc_hides(tmp_path: Path, source: str) -> None:
    ours = shape(slides(tmp_path, source, front="title: T\ntitle-slide: false"))
    assert ours == [slide for slide in pandoc_shape(source) if slide != ("", "")]  # pandoc's page is never empty


def test_a_commented_out_note_never_reaches_the_page(tmp_path: Path) -> None:
    soup = slides(tmp_path, "## A\n\n<!--\nTODO: the password is hunter2\n-->\n\nshown\n")
    assert "hunter2" not in str(soup)


def test_lines_after_a_comment_keep_their_numbers() -> None:
    lines = list(enumerate("## A\n\n<!--\nx\n\ny\n-->\n\ntext".split("\n"), 1))
    items = scan(lines)
    assert (9, "text") in items
    assert [n for n, _ in items if isinstance(n, int)] == sorted(n for n, _ in items if isinstance(n, int))


@given(st.lists(st.sampled_from(["<!--", "-->", "`", "## H", "", "text", "x <!-- y", "z --> w", "\\<!--"]),
                max_size=12))
def test_scanning_comments_keeps_every_line_once_in_order(parts: list[str]) -> None:
    lines = list(enumerate(parts, 1))
    items = scan(lines)
    numbers = [item[0] for item in items if isinstance(item, tuple)]
    assert numbers == sorted(set(numbers))
    assert all(0 < n <= len(parts) for n in numbers)
