"""KaTeX in an embedded V8: the fast engine, tried first for every formula.

KaTeX (bundled in `_vendor/katex/`) runs in mini-racer, no Node at run time. V8 starts lazily,
on the first formula, once per process: a deck without maths never pays for it. If mini-racer
cannot be imported, `latex2mathml` (pure Python, native MathML that browsers draw less
prettily) is used when installed; it knows no `\\def`, so macros without arguments are
substituted as text for it.
"""

from __future__ import annotations

import atexit
import json
import re
from collections.abc import Callable

from deckbuild.errors import DeckbuildError

Engine = Callable[[str, bool, str], str]
"""`engine(tex, display, preamble)` → HTML; `preamble` defines the macros `tex` uses."""

# The preamble is typeset first, in KaTeX's global group, only to fill a macros object: so the
# formula's MathML annotation is the formula as written. KaTeX's ParseError is caught in JS so
# Python gets KaTeX's own message, not a V8 stack dump.
_WRAPPER = """
function __deckbuild_katex(tex, preamble, opts) {
  try {
    var macros = Object.assign({}, opts.macros);
    if (preamble) katex.renderToString(preamble, {macros: macros, globalGroup: true, throwOnError: true});
    return JSON.stringify({html: katex.renderToString(tex, Object.assign({}, opts, {macros: macros}))});
  }
  catch (e) { return JSON.stringify({error: String((e && e.message) || e)}); }
}
"""

# What decks written for MathJax use and KaTeX spells otherwise.
SHIMS = {r"\mbox": r"\hbox{#1}"}


class MathError(ValueError):
    """A formula that cannot be typeset; the message is the engines' (the caller adds file:line)."""


class MathEngineMissing(DeckbuildError):
    """Neither mini-racer nor latex2mathml can be imported: a broken install."""


def load_engine() -> Engine:
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

    def katex(tex: str, display: bool, preamble: str) -> str:
        options = {"displayMode": display, "output": "htmlAndMathml", "throwOnError": True, "macros": SHIMS}
        result = json.loads(context.call("__deckbuild_katex", tex, preamble, options))
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

    def mathml(tex: str, display: bool, preamble: str) -> str:
        from deckbuild.rendering.tex_macros import MacroTable

        table = MacroTable()
        table.take(preamble)
        for name, body in table.simple_bodies().items():  # no macros here: expand them as text
            tex = re.sub(re.escape(name) + r"(?![A-Za-z])", body.replace("\\", "\\\\"), tex)
        try:
            return str(convert(tex, display="block" if display else "inline"))
        except Exception as error:  # latex2mathml raises many kinds, all meaning "bad formula"
            raise MathError(f"latex2mathml cannot typeset {tex!r}: {error!r}") from error

    mathml.name = "latex2mathml"  # type: ignore[attr-defined]
    return mathml
