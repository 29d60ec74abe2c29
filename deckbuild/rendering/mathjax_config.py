r"""Macros a deck defines outside its slides, the ways Quarto authors do it for MathJax.

Quarto decks keep macros in a file given to `include-in-header` (or `include-before-body`,
`include-after-body`),
either as MathJax's configuration,

    <script>window.MathJax = {tex: {macros: {R: "{\\mathbb R}", bold: ["{\\bf #1}", 1]}}};</script>

(MathJax 2's `MathJax.Hub.Config({TeX: {Macros: …}})` too), or as TeX definitions in maths
(`$$\newcommand{\R}{\mathbb{R}}$$`). Maths is typeset when the deck is built, so the script
is not run to learn them: the `macros` object literal is read by a small parser of its own
(strings, `[body, n, default]` arrays, comments), and the TeX definitions by `tex_macros`.
The files themselves go into the page as well (`page_includes`); this module only reads them.
"""

from __future__ import annotations

import re
from typing import Any

from deckbuild.config import DeckConfig
from deckbuild.errors import DeckError
from deckbuild.rendering.page_includes import included_texts
from deckbuild.rendering.resources import Resources
from deckbuild.rendering.tex_macros import Macro, MacroTable, macros_from_config

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_MACROS_KEY = re.compile(r"""(?:\b|["'])[Mm]acros["']?\s*:\s*\{""")
_TOKEN = re.compile(
    r"""\s+|//[^\n]*|/\*.*?\*/|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?|[A-Za-z_$][\w$]*|[{}\[\]:,]""",
    re.DOTALL,
)


def deck_macros(config: DeckConfig, resources: Resources) -> list[Macro]:
    """The macros of the deck's `include-*` files and texts, in the order Quarto includes them."""
    found: list[Macro] = []
    for included in included_texts(config, resources):
        try:
            found.extend(macros_from_html(included.text))
        except ValueError as exc:
            raise DeckError(f"{included.key}: {exc}", path=resources.deck_path, line=included.line,
                            fix="write macros as NAME: \"TeX\" or NAME: [\"TeX\", number of arguments]") from None
    return found


def macros_from_html(text: str) -> list[Macro]:
    """MathJax configuration macros in `<script>`s, then TeX definitions in the rest."""
    found: list[Macro] = []
    for script in _SCRIPT.findall(text):
        for start in _MACROS_KEY.finditer(script):
            found.extend(macros_from_config(_object(script, start.end() - 1)))
    table = MacroTable()
    table.take(_SCRIPT.sub("", text))
    found.extend(table.macros())
    return found


def _object(script: str, at: int) -> dict[str, Any]:
    """The JavaScript object literal that opens at `script[at]` (a `{`), as plain data."""
    tokens = [t for t in _TOKEN.findall(script, at) if t.strip() and not t.startswith(("//", "/*"))]
    mapping, _ = _items(tokens, 1, "}", keyed=True)  # tokens[0] is the opening `{`
    return dict(mapping)


def _value(tokens: list[str], i: int) -> tuple[Any, int]:
    if i >= len(tokens):
        raise ValueError("the MathJax macros object is not closed")
    token = tokens[i]
    if token == "{":
        return _items(tokens, i + 1, "}", keyed=True)
    if token == "[":
        return _items(tokens, i + 1, "]", keyed=False)
    if token[0] in "\"'":
        return _string(token), i + 1
    if re.fullmatch(r"-?\d+(?:\.\d+)?", token):
        return (float(token) if "." in token else int(token)), i + 1
    raise ValueError(f"unexpected {token!r} in the MathJax macros")


def _items(tokens: list[str], i: int, close: str, *, keyed: bool) -> tuple[Any, int]:
    mapping: dict[str, Any] = {}
    items: list[Any] = []
    while i < len(tokens) and tokens[i] != close:
        if keyed:
            key = _string(tokens[i]) if tokens[i][0] in "\"'" else tokens[i]
            if tokens[i + 1:i + 2] != [":"]:
                raise ValueError(f"expected `:` after {key!r} in the MathJax macros")
            mapping[key], i = _value(tokens, i + 2)
        else:
            item, i = _value(tokens, i)
            items.append(item)
        if i < len(tokens) and tokens[i] == ",":
            i += 1
    if i >= len(tokens):
        raise ValueError("the MathJax macros object is not closed")
    return (mapping if keyed else items), i + 1


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _string(token: str) -> str:
    r"""A JavaScript string literal's value: `\\` is one backslash, `\m` is `m`, as in JavaScript."""
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            code = body[i + 2:i + 6]
            if body[i + 1] == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", code):
                out.append(chr(int(code, 16)))
                i += 6
            else:
                out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
                i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)
