"""Maths typeset at build time, so a deck needs no script to show it and prints as shown.

Every formula goes to KaTeX first (`katex.py`: fast, HTML with MathML); what KaTeX cannot
typeset goes to MathJax (`mathjax.py`: slower to start, SVG with MathML), which typesets
everything a deck written for MathJax uses. A formula neither can typeset is a `MathError`
with both messages.

A `Formula` carries everything its output depends on: its TeX, the definitions of the macros
it uses (`tex_macros.py`) and, only if it numbers or refers to equations, the numbering so far.
Results are cached on exactly that, in memory and on disk (`user_cache.Store`), so the next
run of an unchanged deck never starts V8.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from deckbuild.rendering.katex import Engine, MathEngineMissing, MathError, load_engine
from deckbuild.rendering.mathjax import MathJax, MathJaxError, Numbering
from deckbuild.rendering.tex_macros import MacroTable, macros_from_config
from deckbuild.user_cache import Store

__all__ = ["Formula", "MathEngineMissing", "MathError", "Numbering", "Result", "render_math", "typeset"]

# Environments that number their lines, and the commands that name or cite numbers: a formula
# with one of them depends on the equations before it.
_NUMBERED = re.compile(
    r"\\begin\s*\{(?:equation|align|alignat|flalign|xalignat|gather|multline|eqnarray)\}|\\(?:label|eqref|ref)(?![A-Za-z])"
)
_EQUATION_NUMBER = re.compile(r'class="eqn-num"')

_lock = threading.Lock()
_engine: Engine | None = None
_mathjax = MathJax()
_cache: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Formula:
    tex: str
    """The formula without the definitions made in it."""
    display: bool
    preamble: str = ""
    """Definitions of the macros it uses, from earlier formulas (or its own)."""
    numbering: Numbering | None = None
    """Equation numbers so far, for a formula that numbers or cites equations; else None."""


@dataclass(frozen=True, slots=True)
class Result:
    html: str
    engine: str
    """"katex", "mathjax" or "latex2mathml": which stylesheet the page needs."""
    numbering: Numbering | None
    """Equation numbers after this formula (None if the formula had none to care about)."""
    unresolved: bool = False
    """It cites a label that no formula before it defines."""


def needs_numbering(tex: str) -> bool:
    return _NUMBERED.search(tex) is not None


def typeset(formula: Formula) -> Result:
    """HTML for one formula, from the cache when it was typeset before."""
    key = _key(formula)
    with _lock:
        stored = _cache.get(key) or _get_store().get(key)
        if stored is None:
            result = _typeset(formula)
            stored = _encode(result, formula.numbering)
            if result.engine != "latex2mathml":  # a stand-in for a broken install: not worth keeping
                _get_store().put(key, stored)
        _cache[key] = stored
    return _decode(stored, formula.numbering)


def render_math(tex: str, display: bool, macros: Mapping[str, str] | None = None) -> str:
    """One formula on its own, with KaTeX-style `macros` (name → body, arguments `#1`…)."""
    table = MacroTable(macros_from_config({name: [body, _arguments(body)] for name, body in (macros or {}).items()}))
    body = table.take(tex)
    numbering = Numbering() if needs_numbering(tex) else None
    return typeset(Formula(body, display, table.preamble(body), numbering)).html


def mathjax_stylesheet() -> str:
    """MathJax's CSS for its SVG output (kept in the store, so a cached deck needs no V8)."""
    key = "stylesheet:mathjax"
    with _lock:
        css = _get_store().get(key)
        if css is None:
            css = _mathjax.stylesheet()
            _get_store().put(key, css)
    return css


def engine_name() -> str | None:
    """"katex", "latex2mathml", or None while no formula has been rendered in this process."""
    return None if _engine is None else getattr(_engine, "name", "?")


def _typeset(formula: Formula) -> Result:
    engine = _get_engine()
    try:
        html = engine(formula.tex, formula.display, formula.preamble)
    except MathError as katex_error:
        if getattr(engine, "name", "") != "katex":
            raise
        try:
            source = formula.preamble + formula.tex
            done = _mathjax.typeset(source, formula.display, formula.numbering or Numbering())
        except MathJaxError as mathjax_error:
            raise MathError(f"{katex_error} (MathJax: {mathjax_error})") from None
        return Result(done.html, "mathjax", done.after if formula.numbering is not None else None, done.unresolved)
    numbering = formula.numbering
    if numbering is not None:  # KaTeX numbers with a CSS counter: count its numbers to carry on
        numbering = Numbering(numbering.counter + len(_EQUATION_NUMBER.findall(html)), numbering.labels)
    return Result(html, getattr(engine, "name", "?"), numbering)


def _key(formula: Formula) -> str:
    numbering = formula.numbering
    state = None if numbering is None else [numbering.counter, sorted(numbering.labels.items())]
    return json.dumps([formula.tex, formula.display, formula.preamble, state], ensure_ascii=False)


def _encode(result: Result, before: Numbering | None) -> str:
    """What the store keeps: the HTML, and what the formula added to the numbering. Most
    formulas are KaTeX's and add nothing: the store keeps just their HTML (which starts with
    `<`), so a warm render reads each one without decoding JSON inside the store's JSON."""
    entry: dict[str, object] = {"html": result.html, "engine": result.engine, "unresolved": result.unresolved}
    after = result.numbering
    if after is not None and before is not None:
        entry["numbers"] = after.counter - before.counter
        entry["labels"] = {k: list(v) for k, v in after.labels.items() if k not in before.labels}
    if result.engine == "katex" and not result.unresolved and not entry.get("numbers") and not entry.get("labels") \
            and result.html.startswith("<"):
        return result.html
    return json.dumps(entry, ensure_ascii=False)


def _decode(stored: str, before: Numbering | None) -> Result:
    if not stored.startswith("{"):  # KaTeX's HTML, which added nothing to the numbering
        after = None if before is None else Numbering(before.counter, dict(before.labels))
        return Result(stored, "katex", after)
    entry = json.loads(stored)
    after = None
    if before is not None:
        added = {k: (v[0], v[1]) for k, v in entry.get("labels", {}).items()}
        after = Numbering(before.counter + int(entry.get("numbers", 0)), {**before.labels, **added})
    return Result(entry["html"], entry["engine"], after, bool(entry.get("unresolved")))


def _arguments(body: str) -> int:
    """How many arguments a KaTeX-style macro body takes: its highest `#n`, as KaTeX counts."""
    return max((int(n) for n in re.findall(r"#(\d)", body)), default=0)


def _get_engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = load_engine()
    return _engine


def _get_store() -> Store:
    from deckbuild.rendering.assets import manifest

    packages = manifest().get("packages", {})
    versions = [packages.get(name, {}).get("version", "unknown") for name in ("katex", "mathjax")]
    return Store.named(f"katex-{versions[0]}-mathjax-{versions[1]}")
