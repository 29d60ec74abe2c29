"""Maths typeset at build time, so a deck needs no script to show it and prints as shown.

KaTeX (bundled in `_vendor/katex/`) runs in an embedded V8 (the `mini-racer` wheel: no Node
at run time). V8 starts lazily, on the first formula, once per process: a deck without maths
never pays for it. If mini-racer cannot be imported, `latex2mathml` (pure Python, native
MathML that browsers draw less prettily) is used when installed.

Results are cached per (formula, display, macros), since decks repeat formulas and the live
preview re-renders the same deck again and again; `save_store()` keeps them on disk too
(`formula_store.py`), so the next run of an unchanged deck never starts V8.
"""

from __future__ import annotations

import atexit
import json
import re
import threading
from collections.abc import Callable, Mapping

from deckbuild.errors import DeckbuildError
from deckbuild.rendering.formula_store import FormulaStore
from deckbuild.user_cache import cache_root

Engine = Callable[[str, bool, Mapping[str, str]], str]

# Catches KaTeX's ParseError in JS so Python gets KaTeX's own message, not a V8 stack dump.
_WRAPPER = """
function __deckbuild_katex(tex, opts) {
  try { return JSON.stringify({html: katex.renderToString(tex, opts)}); }
  catch (e) { return JSON.stringify({error: String((e && e.message) || e)}); }
}
"""

_lock = threading.Lock()
_engine: Engine | None = None
_cache: dict[tuple[str, bool, tuple[tuple[str, str], ...]], str] = {}
_store: FormulaStore | None = None


class MathError(ValueError):
    """A formula KaTeX cannot typeset; the message is KaTeX's (the caller adds file:line)."""


class MathEngineMissing(DeckbuildError):
    """Neither mini-racer nor latex2mathml can be imported: a broken install."""


def render_math(tex: str, display: bool, macros: Mapping[str, str] | None = None) -> str:
    """HTML for one formula (KaTeX's HTML plus MathML for screen readers)."""
    key = (tex, display, tuple(sorted((macros or {}).items())))
    with _lock:
        if key not in _cache:
            _cache[key] = _from_store(key) or _typeset(key, tex, display, macros)
        return _cache[key]


def _from_store(key: tuple[str, bool, tuple[tuple[str, str], ...]]) -> str | None:
    return _get_store().get(json.dumps(key))


def _typeset(key: tuple[str, bool, tuple[tuple[str, str], ...]], tex: str, display: bool,
             macros: Mapping[str, str] | None) -> str:
    html = _get_engine()(tex, display, dict(macros or {}))
    if getattr(_engine, "name", "") == "katex":
        _get_store().put(json.dumps(key), html)
    return html


def _get_store() -> FormulaStore:
    global _store
    if _store is None:
        from deckbuild.rendering.assets import manifest

        version = manifest().get("packages", {}).get("katex", {}).get("version", "unknown")
        _store = FormulaStore(cache_root() / f"katex-{version}.json")
    return _store


def save_store() -> None:
    """Write newly typeset formulas to disk (after a render; cheap when nothing is new)."""
    with _lock:
        if _store is not None:
            _store.save()


def engine_name() -> str | None:
    """"katex", "latex2mathml", or None while no formula has been rendered in this process."""
    return None if _engine is None else getattr(_engine, "name", "?")


def _get_engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = _load_engine()
    return _engine


def _load_engine() -> Engine:
    try:
        from py_mini_racer import MiniRacer
    except ImportError:
        return _latex2mathml_engine()
    from deckbuild.rendering.assets import read_text

    context = MiniRacer()
    # Closed at exit: a process holding two live contexts (ours and anyone else's) hangs there.
    atexit.register(context.close)
    context.eval(read_text("katex/katex.min.js"))
    context.eval(_WRAPPER)

    def katex(tex: str, display: bool, macros: Mapping[str, str]) -> str:
        options = {"displayMode": display, "output": "htmlAndMathml", "throwOnError": True}
        result = json.loads(context.call("__deckbuild_katex", tex, {**options, "macros": macros}))
        if "error" in result:
            raise MathError(result["error"])
        return str(result["html"])

    katex.name = "katex"  # type: ignore[attr-defined]
    return katex


def _latex2mathml_engine() -> Engine:
    try:
        from latex2mathml.converter import convert  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise MathEngineMissing(
            "maths needs mini-racer (to run KaTeX), which cannot be imported here: "
            "`pip install mini-racer` (or `pip install latex2mathml` for plain MathML)"
        ) from None

    def mathml(tex: str, display: bool, macros: Mapping[str, str]) -> str:
        for name, body in macros.items():  # latex2mathml has no macros: expand them textually
            tex = re.sub(re.escape(name) + r"(?![A-Za-z])", lambda _: body, tex)
        try:
            return str(convert(tex, display="block" if display else "inline"))
        except Exception as error:  # latex2mathml raises many kinds, all meaning "bad formula"
            raise MathError(f"latex2mathml cannot typeset {tex!r}: {error!r}") from error

    mathml.name = "latex2mathml"  # type: ignore[attr-defined]
    return mathml
