"""Where maths starts and ends: pandoc's rules in a talk (checked against pandoc itself),
Jupyter's in a notebook, and text that has no maths in it is left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deckbuild.rendering.markdown import InlineContext, MarkdownRenderer
from deckbuild.rendering.math_syntax import PANDOC, MarkdownSyntax
from deckbuild.rendering.resources import Resources
from deckbuild.rendering.sinks import InlineSink
from deckbuild.rendering.tex_macros import MacroTable

Found = list[tuple[str, bool]]


def maths_in(markdown: str, syntax: MarkdownSyntax = PANDOC) -> tuple[Found, str]:
    """The formulas the renderer hands to the typesetter (TeX, display), and the HTML."""
    found: Found = []

    def record(tex: str, display: bool) -> str:
        found.append((tex, display))
        return "<m/>" if MacroTable().take(tex).strip() else ""  # as DeckMaths: definitions show nothing

    context = InlineContext(resources=Resources(Path("talk.md"), InlineSink()), math=record)
    html = MarkdownRenderer(context, syntax).render(markdown, 1)
    return found, html


# (Markdown, formulas pandoc finds in it): inline maths, display maths, or none.
PANDOC_CASES: dict[str, tuple[str, Found]] = {
    "inline": ("Let $x^2$ be", [("x^2", False)]),
    "display inline": ("so $$a+b$$ holds", [("a+b", True)]),
    "display block": ("$$\n\\frac{1}{2}\n$$", [("\\frac{1}{2}", True)]),
    "display over lines": ("$$a\n+ b\n- c$$", [("a\n+ b\n- c", True)]),
    "prices": ("costs $5 and $10 today", []),
    "closing before a digit": ("from $x$5 on", []),
    "template": ("the value ${temp} is", []),
    "template closed": ("the ${temp}$ sign", [("{temp}", False)]),
    "space after opening": ("a $ p $ b", []),
    "space before closing": ("a $p $ b", []),
    "escaped dollar": ("a \\$x$ b", []),
    "escaped dollar inside": ("$a\\$b$", [("a\\$b", False)]),
    "text with a dollar": ("$\\text{costs $5}$", [("\\text{costs $5}", False)]),
    "two formulas": ("$a$ and $b$", [("a", False), ("b", False)]),
    "lone dollar then maths": ("$ 3 then $x$", [("x", False)]),
    "inline over a line break": ("$a\nb$", [("a\nb", False)]),
    "in code": ("`$x$` is code", []),
    "in emphasis": ("*see $x$*", [("x", False)]),
    "blank line ends display": ("$$a\n\nb$$", []),
    "backslash parens are text": ("\\(x\\) and \\[y\\]", []),
}


@pytest.mark.parametrize(("markdown", "expected"), PANDOC_CASES.values(), ids=PANDOC_CASES.keys())
def test_pandoc_rules(markdown: str, expected: Found) -> None:
    assert maths_in(markdown)[0] == expected


def _pandoc_maths(markdown: str) -> Found:
    import pypandoc  # type: ignore[import-untyped]

    found: Found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Math":
                kind, tex = node["c"]
                found.append((tex.strip(), kind["t"] == "DisplayMath"))
            else:
                walk(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(pypandoc.convert_text(markdown, "json", format="markdown"))["blocks"])
    return found


@pytest.mark.parametrize(("markdown", "expected"), PANDOC_CASES.values(), ids=PANDOC_CASES.keys())
def test_the_table_is_what_pandoc_does(markdown: str, expected: Found) -> None:
    pytest.importorskip("pypandoc")
    assert _pandoc_maths(markdown) == [(tex.strip(), display) for tex, display in expected]


BACKSLASH_CASES: dict[str, tuple[str, Found]] = {
    "inline": ("so \\(x+1\\) is", [("x+1", False)]),
    "display": ("\\[\ny\n\\]", [("y", True)]),
    "dollars still": ("$a$", [("a", False)]),
}


@pytest.mark.parametrize(("markdown", "expected"), BACKSLASH_CASES.values(), ids=BACKSLASH_CASES.keys())
def test_tex_math_single_backslash(markdown: str, expected: Found) -> None:
    assert maths_in(markdown, MarkdownSyntax("pandoc+backslash"))[0] == expected


JUPYTER_CASES: dict[str, tuple[str, Found]] = {
    "spaces inside": ("a $ p $ b", [("p", False)]),
    "prices are maths": ("costs $5 and $10", [("5 and", False)]),
    "display": ("$$\nx\n$$", [("x", True)]),
    "bare environment": ("\\begin{align}\na &= b\n\\end{align}", [("\\begin{align}\na &= b\n\\end{align}", True)]),
    "environment in text": ("so \\begin{equation}x\\end{equation} holds", [("\\begin{equation}x\\end{equation}", True)]),
    "double backslash parens": ("so \\\\(x\\\\) and \\\\[y\\\\]", [("x", False), ("y", True)]),
    "escaped dollar": ("a \\$ b $c$", [("c", False)]),
    "braces keep it open": ("$\\text{$x$}$", [("\\text{$x$}", False)]),
    "code span protects": ("`$x` and `$y`", []),
    "blank line ends it": ("$a\n\nb$", []),
    "unclosed": ("just $ one", []),
}


@pytest.mark.parametrize(("markdown", "expected"), JUPYTER_CASES.values(), ids=JUPYTER_CASES.keys())
def test_jupyter_rules(markdown: str, expected: Found) -> None:
    assert maths_in(markdown, MarkdownSyntax("jupyter"))[0] == expected


def test_tex_math_dollars_off_leaves_dollars_alone() -> None:
    found, html = maths_in("$x$ and $$y$$", MarkdownSyntax(None))
    assert found == [] and "$x$" in html


def test_display_paragraph_is_a_block_and_its_lines_are_not_markdown() -> None:
    found, html = maths_in("$$\na = b\n- c\n# d\n$$\n\nafter")
    assert found == [("a = b\n- c\n# d", True)]
    assert html.startswith('<div class="math display"><m/></div>') and "<li>" not in html and "<h1>" not in html


def test_display_in_a_paragraph_stays_in_it() -> None:
    assert maths_in("see $$x$$ here")[1] == '<p>see <span class="math display"><m/></span> here</p>\n'


# Text in which no `$` can open maths: every `$` has a space after it (or ends the text).
_NO_OPENING = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="$\\`"), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(_NO_OPENING, max_size=6))
def test_dollars_followed_by_spaces_never_open_maths(parts: list[str]) -> None:
    text = "$ ".join(parts)
    assert maths_in(text)[0] == []


@settings(max_examples=200, deadline=None)
@given(_NO_OPENING, _NO_OPENING)
def test_a_single_dollar_is_never_maths(before: str, after: str) -> None:
    for syntax in (MarkdownSyntax(), MarkdownSyntax("jupyter")):
        assert maths_in(f"{before}${after}", syntax)[0] == []


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-z][a-z ]{0,10}[a-z]", fullmatch=True), st.integers(min_value=0, max_value=9))
def test_a_closing_dollar_before_a_digit_is_not_maths(tex: str, digit: int) -> None:
    assert maths_in(f"${tex}${digit}")[0] == []
    assert maths_in(f"${tex}$ {digit}")[0] == [(tex, False)]


RAW_TEX_CASES: dict[str, tuple[str, Found]] = {
    "environment block": ("\\begin{eqnarray}\na &=& b\n\\end{eqnarray}", [("\\begin{eqnarray}\na &=& b\n\\end{eqnarray}", True)]),
    "environment inline": ("so \\begin{align}x\\end{align} here", [("\\begin{align}x\\end{align}", True)]),
    "nested environment": ("\\begin{matrix}\\begin{matrix}a\\end{matrix}\\end{matrix}",
                           [("\\begin{matrix}\\begin{matrix}a\\end{matrix}\\end{matrix}", True)]),
    "not a maths environment": ("\\begin{tikzpicture} x \\end{tikzpicture}", []),
}


@pytest.mark.parametrize(("markdown", "expected"), RAW_TEX_CASES.values(), ids=RAW_TEX_CASES.keys())
def test_raw_maths_environments_are_display_maths_as_pandoc_writes_them(markdown: str, expected: Found) -> None:
    assert maths_in(markdown)[0] == expected


def test_raw_macro_definitions_define_and_show_nothing() -> None:
    found, html = maths_in("\\newcommand{\\R}{\\mathbb{R}}\n\\def\\N{\\mathbb{N}}\n\nText \\let\\Z\\N here")
    assert found == [("\\newcommand{\\R}{\\mathbb{R}}", True), ("\\def\\N{\\mathbb{N}}", True), ("\\let\\Z\\N", False)]
    assert html == "<p>Text  here</p>\n"


@pytest.mark.parametrize("syntax", [MarkdownSyntax(), MarkdownSyntax("jupyter")], ids=["pandoc", "jupyter"])
def test_references_in_text_are_typeset_as_mathjax_does(syntax: MarkdownSyntax) -> None:
    assert maths_in("By \\eqref{eq:rate} and \\ref{x}, done", syntax)[0] == [("\\eqref{eq:rate}", False), ("\\ref{x}", False)]
