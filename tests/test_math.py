"""Maths is typeset at build time by KaTeX in an embedded V8."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from html.parser import HTMLParser

import pytest

from deckbuild.rendering import math


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
    with pytest.raises(math.MathError, match=r"KaTeX parse error: Undefined control sequence: \\nope"):
        math.render_math(r"\nope{x}", display=False)
    with pytest.raises(math.MathError) as caught:
        math.render_math(r"\frac{1}{", display=True)
    assert "\n" not in str(caught.value) and "function" not in str(caught.value)


def test_same_formula_is_rendered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(math, "_cache", {})

    def engine(tex: str, display: bool, macros: Mapping[str, str]) -> str:
        calls.append(tex)
        return f"<b>{tex}</b>"

    monkeypatch.setattr(math, "_engine", engine)
    assert math.render_math("a+b", False) == math.render_math("a+b", False) == "<b>a+b</b>"
    math.render_math("a+b", True)
    assert calls == ["a+b", "a+b"]


def test_importing_does_not_start_v8() -> None:
    code = (
        "import sys, deckbuild.rendering.math as m, deckbuild.rendering.assets\n"
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
    engine = math._load_engine()
    html = engine(r"\R \Rightarrow x", True, {r"\R": r"\mathbb{R}"})
    assert html.startswith("<math") and 'display="block"' in html
    assert "&#x0211D;" in html and "&#x021D2;" in html  # the macro did not eat \Rightarrow
    with pytest.raises(math.MathError, match="latex2mathml cannot typeset"):
        engine(r"\frac{1}{", False, {})


def test_no_engine_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "py_mini_racer", None)
    monkeypatch.setitem(sys.modules, "latex2mathml", None)
    monkeypatch.setitem(sys.modules, "latex2mathml.converter", None)
    with pytest.raises(math.MathEngineMissing, match="pip install mini-racer"):
        math._load_engine()
