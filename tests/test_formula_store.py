"""Typeset formulas are kept on disk, so an unchanged deck re-renders without starting V8."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = "import sys, deckbuild; deckbuild.render(sys.argv[1]); print('py_mini_racer' in sys.modules)"


def render_in_fresh_process(deck: Path, cache: Path) -> tuple[bool, str]:
    env = {**os.environ, "DECKBUILD_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-c", PROBE, str(deck)], capture_output=True, text=True, env=env, check=True)
    return result.stdout.strip() == "True", deck.with_suffix(".html").read_text(encoding="utf-8")


def test_second_render_takes_formulas_from_the_store(tmp_path: Path) -> None:
    deck = tmp_path / "talk.md"
    deck.write_text("## Maths\n\n$e^{i\\pi} + 1 = 0$\n\n$$\\int_0^1 x\\,dx$$\n", encoding="utf-8")
    started_v8, first = render_in_fresh_process(deck, tmp_path / "cache")
    assert started_v8
    started_v8, second = render_in_fresh_process(deck, tmp_path / "cache")
    assert not started_v8
    assert first == second


def test_a_new_formula_is_typeset_and_a_broken_store_is_ignored(tmp_path: Path) -> None:
    deck = tmp_path / "talk.md"
    deck.write_text("## Maths\n\n$a^2$\n", encoding="utf-8")
    render_in_fresh_process(deck, tmp_path / "cache")
    for store in (tmp_path / "cache").glob("katex-*.json"):
        store.write_text("{not json", encoding="utf-8")
    deck.write_text("## Maths\n\n$b^2$\n", encoding="utf-8")
    started_v8, page = render_in_fresh_process(deck, tmp_path / "cache")
    assert started_v8 and 'class="katex"' in page


MACRO_DECK = """## Macros

::: {.hidden}
$$\\newcommand{\\R}{%s}$$
:::

## Use

$x \\in \\R^n$ and $y^2$

$$\\begin{eqnarray} a &=& b \\end{eqnarray}$$
"""


def test_a_changed_macro_is_not_taken_from_the_store(tmp_path: Path) -> None:
    deck = tmp_path / "talk.md"
    deck.write_text(MACRO_DECK % "\\mathbb{R}", encoding="utf-8")
    render_in_fresh_process(deck, tmp_path / "cache")
    started_v8, bold = render_in_fresh_process(deck, tmp_path / "cache")
    assert not started_v8  # KaTeX's and MathJax's formulas, and MathJax's stylesheet, are all stored
    deck.write_text(MACRO_DECK % "\\mathcal{R}", encoding="utf-8")
    started_v8, calligraphic = render_in_fresh_process(deck, tmp_path / "cache")
    assert started_v8 and 'class="mord mathcal"' in calligraphic and 'class="mord mathcal"' not in bold


NUMBERED_DECK = """## Numbers

$$\\begin{equation} a = b \\label{eq:first} \\end{equation}$$

## Plain

$x^2$ and, citing it, $\\eqref{eq:first}$; then $\\frac{1}{2}$

$$\\begin{equation} c = d \\end{equation}$$
"""


def test_stored_formulas_come_back_as_they_were_typeset(tmp_path: Path) -> None:
    """A plain KaTeX formula is stored as its HTML alone (a warm render decodes no JSON for it);
    one that numbers, labels or cites equations keeps what it adds to the numbering: the warm
    page is the cold page, equation numbers and all."""
    import json

    deck = tmp_path / "talk.md"
    deck.write_text(NUMBERED_DECK, encoding="utf-8")
    _, cold = render_in_fresh_process(deck, tmp_path / "cache")
    started_v8, warm = render_in_fresh_process(deck, tmp_path / "cache")
    assert not started_v8
    assert warm == cold
    assert "(1)" in cold and "(2)" in cold
    (store,) = (tmp_path / "cache").glob("katex-*.json")
    entries = {json.loads(key)[0]: value for key, value in json.loads(store.read_text(encoding="utf-8")).items()
               if key.startswith("[")}  # a formula's key: [tex, display, preamble, numbering]
    plain = [entries["x^2"], entries["\\frac{1}{2}"]]
    numbered = [value for tex, value in entries.items() if "\\label" in tex]
    assert all(value.startswith('<span class="katex') for value in plain)
    assert numbered and json.loads(numbered[0])["labels"]
