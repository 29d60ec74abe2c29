"""Smart punctuation (pandoc's `smart`, on in Quarto): curly quotes, dashes and ellipses by
pandoc's rules (the table is checked against pandoc itself), never inside code, maths, URLs,
attributes or raw HTML, and nothing but the replaced characters changes."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from quarto_blocks_support import page, slides

from deckbuild.rendering.markdown import InlineContext, MarkdownRenderer
from deckbuild.rendering.math_syntax import PANDOC, MarkdownSyntax
from deckbuild.rendering.resources import Resources
from deckbuild.rendering.sinks import InlineSink

PLAIN = MarkdownSyntax(smart=False)


def rendered(markdown: str, syntax: MarkdownSyntax = PANDOC, maths: list[str] | None = None) -> str:
    def typeset(tex: str, display: bool) -> str:
        if maths is not None:
            maths.append(tex)
        return f"<m>{html.escape(tex)}</m>"

    context = InlineContext(resources=Resources(Path("talk.md"), InlineSink()), math=typeset)
    return MarkdownRenderer(context, syntax).render(markdown, 1)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page)).strip()


# (Markdown, its text as pandoc reads it with `smart`).
CASES: dict[str, tuple[str, str]] = {
    "double quotes": ('"Hello," she said.', "“Hello,” she said."),
    "closing after a full stop": ('He said "hi."', "He said “hi.”"),
    "after a word's full stop": ('end."x" and', "end.”x” and"),
    "apostrophes": ("don't 'quote' can't", "don’t ‘quote’ can’t"),
    "an elided year": ("'Tis the '90s, rock 'n' roll", "‘Tis the ’90s, rock ’n’ roll"),
    "single in double": ('"a \'b\' c"', "“a ‘b’ c”"),
    "double in single": ("'a \"b\" c'", "‘a “b” c’"),
    "unclosed double opens": ('"unclosed quote', "“unclosed quote"),
    "unclosed single is an apostrophe": ("'unclosed single", "’unclosed single"),
    "inches and feet": ("5\" tall and 6' wide", "5” tall and 6’ wide"),
    "empty quotes": ("\"\" and '' empty", "“” and ’’ empty"),
    "around emphasis": ('*"emph"* and "*emph*"', "“emph” and “emph”"),
    "after emphasis, a closing quote": ('**a**"b" x', "a”b” x"),
    "after a link, an opening quote": ('[a](http://u.org)"b" x', "a“b” x"),
    "after code, an apostrophe": ("`c`'s x", "c’s x"),
    "in brackets": ("(\"paren\") ['bracket']", "(“paren”) [‘bracket’]"),
    "dashes": ("a -- b --- c ---- d", "a – b — c —- d"),
    "ellipses": ("a...b....c", "a…b….c"),
    "an en dash in a range": ("pages 1--2", "pages 1–2"),
    "after an ellipsis, an opening quote": ('wait..."x" y', "wait…“x” y"),
    "nested at the start": ("\"'nested start'\"", "“‘nested start’”"),
    "a quote then a letter": ("'x'y z'", "‘x’y z’"),
    "across a line break": ('"multi\nline"', "“multi\nline”"),
    "in a link's text": ('[link "text"](http://x.org) and "after"', "link “text” and “after”"),
    "escapes stay straight": ("\\\"escaped\\\" \\'single\\' \\-\\- \\.\\.\\.", "\"escaped\" 'single' -- ..."),
}


@pytest.mark.parametrize(("markdown", "expected"), CASES.values(), ids=CASES.keys())
def test_smart_punctuation(markdown: str, expected: str) -> None:
    assert text_of(rendered(markdown)) == expected


@pytest.mark.parametrize(("markdown", "expected"), CASES.values(), ids=CASES.keys())
def test_the_table_is_what_pandoc_does(markdown: str, expected: str) -> None:
    pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (test extra) gives the reference pandoc")
    assert text_of(pypandoc.convert_text(markdown, "html", format="markdown", extra_args=["--wrap=preserve"])) == expected


# (Markdown, HTML that must appear in what it renders to): what smart punctuation never touches.
UNTOUCHED: dict[str, tuple[str, str]] = {
    "code span": ('`"x" -- y...`', "<code>&quot;x&quot; -- y...</code>"),
    "code block": ("```\nit's \"x\" -- y\n```", "it&#x27;s &quot;x&quot; -- y"),
    "inline maths": ("$a'' -- b$", "<m>a&#x27;&#x27; -- b</m>"),
    "autolink": ("<https://a--b.org/x...y>", ">https://a--b.org/x...y</a>"),
    "bare URL": ("see https://a--b.org/it's", "https://a--b.org/it"),
    "link target": ("[a](https://x.org/a--b)", 'href="https://x.org/a--b"'),
    "link attributes": ("[a](u){title=\"it's -- x\"}", 'title="it&#x27;s -- x"'),
    "span attributes": ('[a]{data-x="\'q\' --"}', 'data-x="&#x27;q&#x27; --"'),
    "heading attributes": ('### H {data-x="a--b"}', 'data-x="a--b"'),
    "raw HTML": ('<span title="it\'s -- x">y</span>', '<span title="it\'s -- x">'),
    "link title": ("[a](u \"it's -- x\")", 'title="it\'s -- x"'),
}


@pytest.mark.parametrize(("markdown", "expected"), UNTOUCHED.values(), ids=UNTOUCHED.keys())
def test_smart_punctuation_leaves_alone(markdown: str, expected: str) -> None:
    assert expected in rendered(markdown)


def test_from_markdown_minus_smart_keeps_straight_punctuation(tmp_path: Path) -> None:
    body = "## It's\n\n\"Quoted\" -- text...\n"
    smart = slides(tmp_path, body, "title: T\nformat: revealjs")
    plain = slides(tmp_path, body, "title: T\nformat:\n  revealjs:\n    from: markdown-smart")
    assert [p.get_text() for p in smart.select("h2, p")] == ["It’s", "“Quoted” – text…"]
    assert [p.get_text() for p in plain.select("h2, p")] == ["It's", '"Quoted" -- text...']


def test_titles_and_captions_are_smart_too(tmp_path: Path) -> None:
    front = "title: \"Don't -- panic\"\nauthor: \"Siobhán O'Brien\"\ninstitute: \"The '90s Lab\"\nformat: revealjs"
    (tmp_path / "x.png").write_bytes(b"")
    soup = slides(tmp_path, "## A\n\n![A \"caption\"](x.png)\n", front)
    assert soup.select_one("h1.title").get_text() == "Don’t – panic"
    assert soup.select_one(".quarto-title-author-name").get_text() == "Siobhán O’Brien"
    assert soup.select_one(".quarto-title-affiliation").get_text() == "The ’90s Lab"  # institute: the author’s affiliation
    assert soup.select_one("figcaption").get_text() == "A “caption”"


def test_the_footer_and_the_page_title_are_smart(tmp_path: Path) -> None:
    written = page(tmp_path, "## A\n", "title: \"It's *here*\"\nfooter: \"It's 'ours' -- 2024\"")
    soup = BeautifulSoup(written.read_text(encoding="utf-8"), "html.parser")
    footer, title = soup.select_one(".footer-default"), soup.select_one("head title")
    assert footer is not None and footer.get_text().strip() == "It’s ‘ours’ – 2024"
    assert title is not None and title.get_text() == "It’s here"


TEXT = st.text(alphabet="ab \"'-.*_`$[](){}<>\\\n", max_size=40)
BACK = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "--", "\u2014": "---", "\u2026": "..."}


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_only_the_replaced_characters_change(markdown: str) -> None:
    smart, plain = text_of(rendered(markdown)), text_of(rendered(markdown, PLAIN))
    assert "".join(BACK.get(char, char) for char in smart) == plain


@settings(max_examples=200, deadline=None)
@given(TEXT, st.text(alphabet="ab \"'-.$\\", min_size=1, max_size=12), TEXT)
def test_code_spans_are_never_touched(before: str, code: str, after: str) -> None:
    markdown = f"{before.replace('`', '')} `{code}` {after.replace('`', '')}"
    codes = re.findall(r"<code>(.*?)</code>", rendered(markdown), re.S)
    assert codes == re.findall(r"<code>(.*?)</code>", rendered(markdown, PLAIN), re.S)
    assert not any(char in BACK for code in codes for char in code)


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_maths_is_never_touched(before: str, after: str) -> None:
    smart: list[str] = []
    plain: list[str] = []
    markdown = f"{before} $x'' -- y...$ {after}"
    rendered(markdown, maths=smart)
    rendered(markdown, PLAIN, maths=plain)
    assert smart == plain


def test_a_plain_notebook_reads_as_jupyter_shows_it_and_a_quarto_one_as_quarto(tmp_path: Path) -> None:
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook, new_raw_cell

    from deckbuild.config import DeckConfig
    from deckbuild.rendering.math_syntax import markdown_syntax
    from deckbuild.sources import load

    def smart(*front: str) -> bool:
        cells = [new_raw_cell(f"---\n{line}\n---") for line in front] + [new_markdown_cell("## It's")]
        nbformat.write(new_notebook(cells=cells), tmp_path / "talk.ipynb")
        return markdown_syntax(load(tmp_path / "talk.ipynb", DeckConfig()).config).smart

    assert (smart(), smart("format: revealjs"), smart("from: markdown+smart")) == (False, True, True)
