"""Maths is typeset at build time: KaTeX in an embedded V8 first, MathJax for what KaTeX lacks,
in deck order (macros and equation numbers carry on), cached on all that the output depends on."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from deckbuild.rendering import katex, math
from deckbuild.rendering.deck_maths import DeckMaths
from deckbuild.user_cache import Store


class _Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _classes(html: str) -> set[str]:
    return {c for _, attrs in _Tags(html).tags for c in (attrs.get("class") or "").split()}


def test_inline_maths_has_html_and_mathml() -> None:
    html = math.render_math("x^2", display=False)
    assert {"katex", "katex-mathml", "katex-html"} <= _classes(html)
    assert "katex-display" not in _classes(html)
    assert any(tag == "math" for tag, _ in _Tags(html).tags)


def test_display_maths() -> None:
    assert "katex-display" in _classes(math.render_math(r"\int_0^1 x\,dx", display=True))


def test_macros_are_passed_to_katex() -> None:
    html = math.render_math(r"\R^n", display=False, macros={r"\R": r"\mathbb{R}"})
    assert "mathbb" in html


def test_bad_formula_raises_katex_message() -> None:
    with pytest.raises(math.MathError, match=r"KaTeX parse error: Undefined control sequence: \\nope.*MathJax: Undefined control sequence \\nope"):
        math.render_math(r"\nope{x}", display=False)
    with pytest.raises(math.MathError) as caught:
        math.render_math(r"\frac{1}{", display=True)
    assert "\n" not in str(caught.value) and "function" not in str(caught.value)


def test_same_formula_is_rendered_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[str] = []
    monkeypatch.setattr(math, "_cache", {})
    monkeypatch.setattr(math, "_get_store", lambda: Store(tmp_path / "store.json"))

    def engine(tex: str, display: bool, preamble: str) -> str:
        calls.append(tex)
        return f"<b>{tex}</b>"

    monkeypatch.setattr(math, "_engine", engine)
    assert math.render_math("a+b", False) == math.render_math("a+b", False) == "<b>a+b</b>"
    math.render_math("a+b", True)
    assert calls == ["a+b", "a+b"]


def test_importing_does_not_start_v8() -> None:
    code = (
        "import sys, deckbuild.rendering.math as m, deckbuild.rendering.assets, deckbuild.rendering.deck_maths\n"
        "assert 'py_mini_racer' not in sys.modules, 'V8 loaded on import'\n"
        "assert m.engine_name() is None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_process_with_another_v8_context_still_exits() -> None:
    code = (
        "from py_mini_racer import MiniRacer\n"
        "from deckbuild.rendering import math\n"
        "other = MiniRacer(); other.eval('1')\n"
        "math.render_math('x', False)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


def test_latex2mathml_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("latex2mathml")
    monkeypatch.setitem(sys.modules, "py_mini_racer", None)  # import now raises ImportError
    engine = katex.load_engine()
    html = engine(r"\R \Rightarrow x", True, r"\def\R{\mathbb{R}}")
    assert html.startswith("<math") and 'display="block"' in html
    assert "&#x0211D;" in html and "&#x021D2;" in html  # the macro did not eat \Rightarrow
    with pytest.raises(math.MathError, match="latex2mathml cannot typeset"):
        engine(r"\frac{1}{", False, "")


def test_no_engine_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "py_mini_racer", None)
    monkeypatch.setitem(sys.modules, "latex2mathml", None)
    monkeypatch.setitem(sys.modules, "latex2mathml.converter", None)
    with pytest.raises(katex.MathEngineMissing, match="pip install mini-racer"):
        katex.load_engine()


def _typeset_by(html: str) -> str:
    classes = _classes(html)
    tags = {tag for tag, _ in _Tags(html).tags}
    if "katex" in classes:
        return "katex"
    return "mathjax" if "mjx-container" in tags and "svg" in tags and "path" in tags else "?"


# What decks written for reveal.js and MathJax use; KaTeX does the first ones itself.
ENGINES = {
    r"\lVert x \rVert \leadsto y": "katex",
    r"a = b \nonumber": "katex",
    r"\mbox{if } x > 0": "katex",  # through a shim: \mbox is \hbox
    r"\begin{eqnarray} a &=& b \nonumber \\ c &=& d \end{eqnarray}": "mathjax",
    r"\begin{equation} E = mc^2 \label{eq:e} \end{equation}": "mathjax",
    r"\newcommand{\f}[2][x]{#1 + #2} \f{y}": "mathjax",  # optional argument
    r"\begin{multline} a \\ b \end{multline}": "mathjax",
    r"\ce{H2O}": "mathjax",
}


@pytest.mark.parametrize("tex", ENGINES, ids=list(range(len(ENGINES))))
def test_katex_first_then_mathjax(tex: str) -> None:
    assert _typeset_by(DeckMaths()(tex, True)) == ENGINES[tex]


def test_mathjax_output_needs_no_script_and_carries_its_text() -> None:
    html = DeckMaths()(r"\begin{eqnarray} \mathrm{loss} &=& \mbox{hinge} \end{eqnarray}", True)
    tags = _Tags(html).tags
    assert not any(tag in ("script", "use", "text") for tag, _ in tags)  # glyphs are paths
    assert any(tag == "math" for tag, _ in tags)  # hidden MathML: screen readers, PDF text
    assert len({attrs["id"] for _, attrs in tags if attrs.get("id")}) == sum(1 for _, a in tags if a.get("id"))


def test_macros_hold_for_the_rest_of_the_deck() -> None:
    maths = DeckMaths()
    assert maths(r"\newcommand{\R}{\mathbb{R}} \def\subscript#1{_{\mathrm{#1}}}", True) == ""
    later = maths(r"x \in \R^n, W\subscript{out}", False)
    assert "mathbb" in later and "mathrm" in later
    assert "\\def" not in later  # KaTeX's annotation is the formula as written
    with pytest.raises(math.MathError):
        DeckMaths()(r"x \in \R^n, W\subscript{out}", False)  # another deck never saw them


def test_redefining_a_katex_builtin_is_allowed() -> None:
    maths = DeckMaths()
    maths(r"\newcommand{\R}{\mathcal{R}}", True)
    assert "mathcal" in maths(r"\R", False)


def test_equation_numbers_run_through_the_deck_across_both_engines() -> None:
    maths = DeckMaths()
    maths(r"\begin{align} a &= b \label{first} \\ c &= d \end{align}", True)  # MathJax: (1), (2)
    katex_html = maths(r"\begin{align} e &= f \end{align}", True)  # KaTeX: CSS counter, (3)
    assert 'class="eqn-num"' in katex_html
    cited = maths(r"\text{by } \eqref{first} \text{ and } \begin{equation} g \label{second} \end{equation}", True)
    assert maths.numbering.counter == 4
    assert maths.numbering.labels == {"first": ("1", "mjx-eqn:first"), "second": ("4", "mjx-eqn:second")}
    assert 'href="#mjx-eqn%3Afirst"' in cited or 'href="#mjx-eqn:first"' in cited
    assert "counter-increment: katexEqnNo 1" in cited  # KaTeX's later numbers carry on after (4)


def test_a_cached_formula_still_advances_the_numbering() -> None:
    first, second = DeckMaths(), DeckMaths()
    for maths in (first, second):  # the second deck takes every formula from the cache
        maths(r"\begin{equation} a \label{a} \end{equation}", True)
        maths(r"\begin{equation} b \end{equation}", True)
    assert first.numbering == second.numbering
    assert second.numbering.counter == 2 and second.numbering.labels["a"][0] == "1"


def test_a_changed_macro_changes_the_formula_and_only_those_that_use_it() -> None:
    def deck(definition: str) -> tuple[str, str]:
        maths = DeckMaths()
        maths(definition, True)
        return maths(r"\R^n", False), maths("y^2", False)

    bold, other = deck(r"\newcommand{\R}{\mathbb{R}}")
    calligraphic, same = deck(r"\newcommand{\R}{\mathcal{R}}")
    assert bold != calligraphic and other == same


def test_neither_engine_reports_both_messages() -> None:
    with pytest.raises(math.MathError, match=r"KaTeX parse error.*\(MathJax: Missing close brace\)"):
        DeckMaths()(r"\begin{eqnarray} a &=& \frac{1 \end{eqnarray}", True)


def test_katex_formulas_never_start_mathjax() -> None:
    code = (
        "from deckbuild.rendering import math\n"
        "from deckbuild.rendering.deck_maths import DeckMaths\n"
        "d = DeckMaths(); d(r'\\newcommand{\\R}{\\mathbb{R}}', True); d(r'\\R^n \\lVert x \\rVert', False)\n"
        "assert not math._mathjax.started and d.engines == {'katex'}, d.engines\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_forward_reference_is_resolved_once_the_deck_is_typeset() -> None:
    maths = DeckMaths()
    early = maths(r"\text{see } \eqref{later}", False)
    maths(r"\begin{equation} x \end{equation}", True)
    maths(r"\begin{equation} y \label{later} \end{equation}", True)
    page = maths.resolve(f"<p>{early}</p>")
    assert "???" in BeautifulSoup(early, "html.parser").get_text() and "(2)" not in early
    assert "(2)" in BeautifulSoup(page, "html.parser").get_text()
    assert "deckbuild-maths" not in page
