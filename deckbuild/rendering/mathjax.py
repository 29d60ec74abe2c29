"""MathJax, run at build time in an embedded V8, for the formulas KaTeX cannot typeset.

Decks written for reveal.js and MathJax use what KaTeX lacks (`eqnarray`, `\\label`/`\\eqref`,
`\\newcommand` with an optional argument, …). MathJax 3's prebuilt components (bundled in
`_vendor/mathjax/`) are evaluated in their own mini-racer context, started on the first formula
that needs them: loading them costs about a second, so a deck KaTeX can do alone never pays.
The output is SVG with every glyph drawn as a path (no font, no script in the page), plus the
formula's MathML, visually hidden, for screen readers and for the PDF's text.

Equation numbers run through the deck: the caller passes the counter and the labels defined so
far, and gets back the counter and labels after the formula (`Numbering`).
"""

from __future__ import annotations

import atexit
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COMPONENTS = ("startup.js", "core.js", "liteDOM.js", "tex-full.js", "svg.js", "svg-font-tex.js")
SETUP = Path(__file__).with_name("mathjax_setup.js")
# Loaded components stay inert: nothing typesets a page, the startup's ready step does nothing.
CONFIG = "var MathJax = {loader: {load: []}, startup: {typeset: false, ready: function () {}}};"

# MathJax's own assistive MathML is hidden the same way; KaTeX's `.katex-mathml` is too.
ASSISTIVE_CSS = """
mjx-assistive-mml {
  position: absolute !important; top: 0; left: 0; clip: rect(1px, 1px, 1px, 1px);
  padding: 1px 0 0 0 !important; border: 0 !important; display: block !important;
  width: auto !important; overflow: hidden !important; user-select: none;
}
mjx-container[jax="SVG"] { position: relative; }
"""


@dataclass(frozen=True, slots=True)
class Numbering:
    """Equation numbers so far: the last one given, and each label's (tag, element id)."""

    counter: int = 0
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Typeset:
    html: str
    after: Numbering
    unresolved: bool = False
    """It cites a label not defined yet (shown as `???`): worth typesetting again at the end."""


class MathJaxError(ValueError):
    """MathJax's message for a formula it cannot typeset."""


class MathJax:
    """One V8 context holding MathJax; `typeset` is safe to call from several threads."""

    def __init__(self) -> None:
        self._context: Any = None
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        return self._context is not None

    def typeset(self, tex: str, display: bool, before: Numbering) -> Typeset:
        labels = {key: list(value) for key, value in before.labels.items()}
        with self._lock:
            answer = json.loads(self._start().call("__deckbuild_mathjax.typeset", tex, display, before.counter, labels))
        if "error" in answer:
            raise MathJaxError(answer["error"])
        after = Numbering(int(answer["counter"]), {k: (v[0], v[1]) for k, v in answer["labels"].items()})
        return Typeset(str(answer["html"]), after, bool(answer.get("unresolved")))

    def stylesheet(self) -> str:
        """MathJax's CSS for its SVG output, with ours for the hidden MathML."""
        with self._lock:
            return str(self._start().call("__deckbuild_mathjax.stylesheet")) + ASSISTIVE_CSS

    def _start(self) -> Any:
        if self._context is None:
            from py_mini_racer import MiniRacer

            from deckbuild.rendering.assets import vendor_path

            context = MiniRacer()
            atexit.register(context.close)  # a process holding a live context hangs at exit
            context.eval(CONFIG)
            for name in COMPONENTS:
                context.eval(vendor_path(f"mathjax/{name}").read_text("utf-8"))
            context.eval(SETUP.read_text("utf-8"))
            self._context = context
        return self._context
