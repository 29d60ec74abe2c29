"""Pandoc's inline extensions that Quarto talks use: inline notes `^[text]`, a footnote written
where it is referenced (numbered with the slide's other footnotes and listed at the bottom of
its slide, as a `[^label]` footnote is, its text inline Markdown), and superscripts `2^10^` and
subscripts `H~2~O`; definition lists (`Term` then `: definition`) and fancy lists (`a.`, `(ii)`,
`A)`, `#.`, `(@)`), checked against pandoc itself (the test extra's `pypandoc-binary`). A plain
notebook's Markdown is Jupyter's CommonMark, which has none of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from quarto_blocks_support import slides

from deckbuild.rendering.markdown import LIST_STYLES, InlineContext, MarkdownRenderer
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


FANCY = {
    "lower alpha": "a. alpha\nb. beta\n",
    "lower roman": "i. one\nii. two\niii. three\n",
    "upper alpha, a parenthesis": "A)  upper\nB)  bee\n",
    "enclosed numbers": "(1) one\n(2) two\n",
    "default numbers": "#. auto\n#. auto again\n",
    "a capital and a period need two spaces": "B. Russell wrote\n",
    "a single I with one space": "I. Newton said\n",
    "upper roman": "II. Methods\nIII. Results\n",
    "starting at c": "c. three\nd. four\n",
    "h then i stays alphabetic": "h. aitch\ni. eye\n",
    "nested in a decimal list": "1. one\n    a. nested\n    b. nested too\n2. two\n",
    "not inside a paragraph": "Some text\na. not a list\n",
    "example lists": "(@) first\n(@good) second\n",
    "item text with markup": "a. *emphasis* and `code`\nb. [a link](https://example.org)\n",
    "words that look like markers": "e.g. this\n\nv.2 is out\n",
    "lists of other styles one after another": "a. x\nb. y\n\nI.  one\nII. two\n\ni. r\nii. s\n\nA)  up\n",
    "a numbered list, then a lettered one": "1. one\n2. two\n\na. x\nb. y\n\n1) again\n",
}


def lists(fragment: str) -> list[tuple[str, str, str, list[str]]]:
    """Each list: its tag, start, type (pandoc writes type="1" for decimal: the same as none), items' text."""
    soup = BeautifulSoup(fragment, "html.parser")
    return [(found.name, str(found.get("start", "1")), str(found.get("type", "1")),  # and its style, below
             [" ".join(item.find(string=True, recursive=False).split()) if item.find(string=True, recursive=False)
              else "" for item in found.find_all("li", recursive=False)])
            for found in soup.find_all(["ol", "ul"])]


@pytest.mark.parametrize("text", FANCY.values(), ids=FANCY.keys())
def test_fancy_lists_read_as_pandoc_reads_them(text: str) -> None:
    pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (test extra) gives the reference pandoc")
    context = InlineContext(resources=Resources(Path("talk.md"), InlineSink()), math=lambda tex, display: tex)
    ours = MarkdownRenderer(context).render(text, 1)
    theirs = pypandoc.convert_text(text, "html", format="markdown")
    assert lists(ours) == lists(theirs)
    assert " ".join(BeautifulSoup(ours, "html.parser").get_text(" ").split()) == \
        " ".join(BeautifulSoup(theirs, "html.parser").get_text(" ").split())
    assert "\ue000" not in ours and "\ue001" not in ours
    for found in BeautifulSoup(ours, "html.parser").select("ol[type]"):  # reveal.js's themes make lists decimal
        assert found["style"] == f"list-style-type: {LIST_STYLES[str(found['type'])]}"


def test_a_plain_notebook_reads_commonmark_not_pandoc() -> None:
    from deckbuild.rendering.math_syntax import MarkdownSyntax

    context = InlineContext(resources=Resources(Path("talk.ipynb"), InlineSink()), math=lambda tex, display: tex)
    jupyter = MarkdownSyntax("jupyter", smart=False, pandoc=False)
    image = "![The team](data:image/gif;base64,R0lGODlhAQABAAAAACw=)"
    html = MarkdownRenderer(context, jupyter).render(f"a. alpha\nb. beta\n\nH~2~O^[x]\n\nTerm\n: def\n\n{image}\n", 1)
    assert "<ol" not in html and "<sub>" not in html and "footnote" not in html and "<dl>" not in html
    assert 'alt="The team"' in html and "<figcaption" not in html  # nbconvert shows the image, no caption
    pandoc = MarkdownRenderer(context).render(f"{image}\n", 1)
    assert "<figcaption>The team</figcaption>" in pandoc


@given(st.lists(st.sampled_from(["a. x", "b) y", "(c) z", "i. r", "II. R", "#. d", "(@) e", "B. Russell", "1. n", "",
                                 "text", "    a. nested", "  x. y", "e.g. no", "(@lbl) f", "v. 2"]), max_size=14))
def test_fancy_lists_keep_every_line_where_it_was(parts: list[str]) -> None:
    from deckbuild.rendering import fancy_lists

    text = "\n".join(parts)
    rewritten = fancy_lists.rewrite(text)
    assert rewritten.count("\n") == text.count("\n")  # errors keep naming the right line
    for before, after in zip(text.split("\n"), rewritten.split("\n"), strict=True):
        unmarked = re.sub(f"{fancy_lists.MARK_OPEN}.*?{fancy_lists.MARK_CLOSE}", "", after)
        assert unmarked.split()[1:] == before.split()[1:]  # only the marker changes
        assert len(unmarked) - len(unmarked.lstrip()) == len(before) - len(before.lstrip())


LINE_BLOCKS = {
    "a verse": "| The *limerick* packs\n|    laughs anatomical\n| into space\n  that is quite economical.\n|\n| last\n",
    "inside a paragraph it is text": "text\n| not a block\n",
    "a pipe table stays a table": "| a | b |\n|---|---|\n| 1 | 2 |\n",
}


@pytest.mark.parametrize("text", LINE_BLOCKS.values(), ids=LINE_BLOCKS.keys())
def test_line_blocks_read_as_pandoc_reads_them(text: str) -> None:
    pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (test extra) gives the reference pandoc")
    context = InlineContext(resources=Resources(Path("talk.md"), InlineSink()), math=lambda tex, display: tex)

    def shape(fragment: str) -> list[tuple[str, str]]:
        soup = BeautifulSoup(fragment, "html.parser")
        return [(el.name, el.decode_contents().replace("\n", "").replace("<br/>", "|")) for el in
                soup.find_all(["div", "p", "table"], recursive=False)]

    assert shape(MarkdownRenderer(context).render(text, 1)).__repr__().replace(" ", "") == \
        shape(pypandoc.convert_text(text, "html", format="markdown")).__repr__().replace(" ", "")
