"""Macros defined outside the slides, as Quarto decks do for MathJax: a MathJax configuration
script or TeX definitions in an `include-in-header` text or file; and `from:` extensions."""

from __future__ import annotations

from pathlib import Path

import pytest

import deckbuild
from deckbuild.config import DeckConfig, Source
from deckbuild.errors import ConfigError, DeckError
from deckbuild.rendering.mathjax_config import macros_from_html
from deckbuild.rendering.tex_macros import MacroTable
from deckbuild.settings import apply

SCRIPTS: dict[str, tuple[str, str]] = {
    "MathJax 3, double quotes": ('<script>MathJax = {tex: {macros: {RR: "{\\\\bf R}"}}};</script>', r"\def\RR{{\bf R}}"),
    "single quotes, quoted key": ("<script>window.MathJax={tex:{'macros':{'RR':'\\\\mathbb{R}'}}}</script>", r"\def\RR{\mathbb{R}}"),
    "arguments": ('<script>MathJax = {tex: {macros: {RR: ["{\\\\bf #1}", 1]}}}</script>', r"\def\RR#1{{\bf #1}}"),
    "optional argument": ('<script>MathJax = {tex: {macros: {RR: ["#1#2", 2, "x"]}}}</script>', r"\newcommand{\RR}[2][x]{#1#2}"),
    "comments and trailing comma": (
        "<script>MathJax = {tex: {\n  // mine\n  macros: { /* sets */ RR: '\\\\{#1\\\\}', }, tags: 'ams'}}</script>",
        r"\def\RR{\{#1\}}",
    ),
    "MathJax 2": ('<script type="text/x-mathjax-config">MathJax.Hub.Config({TeX: {Macros: {RR: "\\\\mathbb{R}"}}});</script>',
                  r"\def\RR{\mathbb{R}}"),
    "TeX in a hidden div": ('<div style="display:none">$$\\newcommand{\\RR}{\\mathbb{R}}$$</div>', r"\def\RR{\mathbb{R}}"),
}


@pytest.mark.parametrize(("html", "preamble"), SCRIPTS.values(), ids=SCRIPTS.keys())
def test_macros_from_included_html(html: str, preamble: str) -> None:
    assert MacroTable(macros_from_html(html)).preamble(r"\RR") == preamble


def test_a_malformed_macros_object_is_an_error_with_its_place(tmp_path: Path) -> None:
    (tmp_path / "macros.html").write_text("<script>MathJax = {tex: {macros: {RR: [1, 2}}}</script>", encoding="utf-8")
    deck = tmp_path / "talk.md"
    deck.write_text("---\ntitle: T\ninclude-in-header: macros.html\n---\n\n## A\n\n$x$\n", encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        deckbuild.render(deck, tmp_path / "talk.html", quiet=True)  # type: ignore[no-untyped-call]
    assert caught.value.format_message().startswith(f"{deck}:3: include-in-header: ")


def test_include_in_header_macros_reach_the_slides(tmp_path: Path) -> None:
    (tmp_path / "macros.html").write_text('<div hidden>$$\\def\\QQ{\\mathbb{Q}}$$</div>', encoding="utf-8")
    deck = tmp_path / "talk.md"
    deck.write_text(
        "---\nformat:\n  revealjs:\n    include-in-header:\n      - text: |\n"
        "          <script>MathJax = {tex: {macros: {RR: '\\\\mathcal{R}'}}};</script>\n"
        "      - file: macros.html\n---\n\n## A\n\n$\\RR \\QQ$\n",
        encoding="utf-8",
    )
    page = Path(deckbuild.render(deck, tmp_path / "talk.html", quiet=True)).read_text(encoding="utf-8")  # type: ignore[no-untyped-call]
    assert 'class="mord mathcal"' in page and 'class="mord mathbb"' in page


FROM: dict[str, tuple[object, dict[str, bool]]] = {
    "emoji": ("markdown+emoji", {"emoji": True}),
    "on and off": ("markdown+emoji-tex_math_dollars+tex_math_single_backslash",
                   {"emoji": True, "tex_math_dollars": False, "tex_math_single_backslash": True}),
    "another reader": ("gfm-emoji", {"emoji": False}),
    "plain": ("markdown", {}),
}


@pytest.mark.parametrize(("value", "extensions"), FROM.values(), ids=FROM.keys())
def test_from_sets_extensions(value: object, extensions: dict[str, bool]) -> None:
    config = apply(DeckConfig(), {"from": value}, Source("talk.md", {"from": 2}))
    assert config.markdown_extensions == extensions


@pytest.mark.parametrize("value", ["docx", "markdown+", "markdown emoji", 3])
def test_from_that_is_no_markdown_reader_is_an_error(value: object) -> None:
    with pytest.raises(ConfigError, match=r"talk.md:2: from: expected a Markdown reader"):
        apply(DeckConfig(), {"from": value}, Source("talk.md", {"from": 2}))
