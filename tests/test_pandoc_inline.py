"""Pandoc's inline extensions that Quarto talks use: inline notes `^[text]`, a footnote written
where it is referenced (numbered with the slide's other footnotes and listed at the bottom of
its slide, as a `[^label]` footnote is, its text inline Markdown), and superscripts `2^10^` and
subscripts `H~2~O`; and definition lists (`Term` then `: definition`), checked against pandoc
itself (the test extra's `pypandoc-binary`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from quarto_blocks_support import slides

from deckbuild.rendering.markdown import InlineContext, MarkdownRenderer
from deckbuild.rendering.resources import Resources
from deckbuild.rendering.sinks import InlineSink


def notes_of(tmp_path: Path, body: str) -> list[tuple[list[str], list[str]]]:
    """For each slide: the numbers of its footnote references, and its listed notes' HTML."""
    soup = slides(tmp_path, body, front="title: T\ntitle-slide: false")
    found = []
    for section in soup.find_all("section"):
        refs = [ref.get_text() for ref in section.select("sup.footnote-ref")]
        listed = ["".join(str(c) for c in item.contents) for item in section.select("aside.footnotes li")]
        found.append((refs, listed))
    return found


def test_an_inline_note_is_listed_on_its_slide(tmp_path: Path) -> None:
    assert notes_of(tmp_path, "## A\n\nClaim.^[Source: a *book*.]\n") == [(["1"], ["Source: a <em>book</em>."])]


def test_inline_notes_number_with_labelled_footnotes_in_order(tmp_path: Path) -> None:
    body = "## A\n\nOne[^a], two^[Inline.], three[^a].\n\n[^a]: Labelled.\n"
    assert notes_of(tmp_path, body) == [(["1", "2", "1"], ["Labelled.", "Inline."])]


def test_each_slide_numbers_its_own_notes_and_ids_stay_unique(tmp_path: Path) -> None:
    soup = slides(tmp_path, "## A\n\nx^[first]\n\n## B\n\ny^[second] z^[third]\n")
    items = soup.select("aside.footnotes li")
    assert [item.get_text() for item in items] == ["first", "second", "third"]
    ids = [item["id"] for item in items]
    assert len(set(ids)) == 3
    refs = soup.select("sup.footnote-ref a")
    assert [ref.get_text() for ref in refs] == ["1", "1", "2"]
    assert [ref["href"] for ref in refs] == [f"#/{ident}" for ident in ids]


@pytest.mark.parametrize(
    ("note", "html"),
    [
        ("see [the paper](https://example.org/p)", 'see <a href="https://example.org/p">the paper</a>'),
        ("`code` and $x$", "<code>code</code> and"),
        ("a [span]{.smallcaps} inside", '<span class="smallcaps">span</span>'),
        (r"an escaped \] bracket", "an escaped ] bracket"),
    ],
)
def test_an_inline_note_holds_inline_markdown(tmp_path: Path, note: str, html: str) -> None:
    [(refs, [listed])] = notes_of(tmp_path, f"## A\n\nText.^[{note}]\n")
    assert refs == ["1"]
    assert html in listed


@pytest.mark.parametrize(
    "text",
    ["2^10^ and x^2", "a ^ [not a note]", "caret^ alone", "`^[in code]`", "```\n^[in a code block]\n```"],
)
def test_what_is_not_an_inline_note_stays_as_written(tmp_path: Path, text: str) -> None:
    soup = slides(tmp_path, f"## A\n\n{text}\n")
    assert not soup.select("aside.footnotes")
    assert not soup.select("sup.footnote-ref")


SCRIPTS = [
    "H~2~O and 2^10^",
    "e^-i^ and a^b\\ c^",
    "~10 ms and ~20 ms, ~/.bashrc and ~/.zshrc",
    "x^2 and y^2, a ^ b",
    "~~struck~~ and ~sub~",
    "`x^2^` and `H~2~O` in code",
    "2^*10*^ and x~[i]{.k}~",
]


def inner_html(fragment: str) -> str:
    soup = BeautifulSoup(fragment, "html.parser")
    return " ".join(str(soup).split())


@pytest.mark.parametrize("text", SCRIPTS)
def test_superscripts_and_subscripts_read_as_pandoc_reads_them(text: str) -> None:
    pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (test extra) gives the reference pandoc")
    context = InlineContext(resources=Resources(Path("talk.md"), InlineSink()), math=lambda tex, display: tex)
    ours = MarkdownRenderer(context).render(text, 1)
    theirs = pypandoc.convert_text(text, "html", format="markdown")
    assert inner_html(ours).replace("\xa0", " ") == inner_html(theirs).replace("\xa0", " ")


DEFINITIONS = [
    "Term one\n: The first *definition*.\n\nTerm two\n: The second.\n",
    "Term\n\n:   A loose definition.\n\n    With a second paragraph.\n",
    "Term\n: one\n: two\n",
    "A paragraph\nof two lines\n: is not a term\n",
    "Text\n\n: after a blank line\n",
]


@pytest.mark.parametrize("text", DEFINITIONS)
def test_definition_lists_read_as_pandoc_reads_them(text: str) -> None:
    pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (test extra) gives the reference pandoc")
    context = InlineContext(resources=Resources(Path("talk.md"), InlineSink()), math=lambda tex, display: tex)
    ours = BeautifulSoup(MarkdownRenderer(context).render(text, 1), "html.parser")
    theirs = BeautifulSoup(pypandoc.convert_text(text, "html", format="markdown"), "html.parser")

    def terms(soup: BeautifulSoup) -> list[tuple[str, list[str]]]:
        return [(dt.get_text(" ", strip=True),
                 [" ".join(dd.get_text(" ").split()) for dd in dt.find_next_siblings("dd")
                  if dd.find_previous_sibling("dt") is dt])
                for dt in soup.find_all("dt")]

    assert terms(ours) == terms(theirs)
    assert " ".join(ours.get_text(" ").split()) == " ".join(theirs.get_text(" ").split())
