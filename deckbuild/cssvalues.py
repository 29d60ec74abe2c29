"""CSS values from a deck that deckbuild writes into a page: checked so they cannot leave their place.

Two places take them: a custom property in the theme's `<style>` (`theme: {vars: …}`), and
the `style=""` attribute of an image, a positioned block or a column (`width=50%`,
`.absolute top=10`). A value written there unchecked can close the declaration, the rule or
the attribute, and what follows runs as the page's own markup.
"""

from __future__ import annotations

import re
import reprlib

FORBIDDEN = frozenset(";{}<>\\\n\r")


def declaration_value(value: str) -> str:
    """`value` if it stays inside its declaration `--name: value;`; ValueError otherwise.

    `;`, braces, `<`, `>`, backslashes, comments and line breaks may not appear at all (an
    HTML parser ends a `<style>` at `</style>` even inside a CSS string), and quotes and
    brackets must balance. Colours, lengths, font lists, `calc()` and gradients all pass.
    """
    if value.strip() and "/*" not in value and not any(char in FORBIDDEN for char in value) and _balanced(value):
        return value
    raise ValueError(f"{reprlib.repr(value)} is not a CSS value that stays in its declaration "
                     "(no ; { } < > \\, line breaks or comments; quotes and brackets balanced)")


def _balanced(value: str) -> bool:
    closing = {"(": ")", "[": "]"}
    expected: list[str] = []
    quote = ""
    for char in value:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in closing:
            expected.append(closing[char])
        elif char in ")]" and (not expected or expected.pop() != char):
            return False
    return not quote and not expected


NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
UNIT = r"(?:px|%|r?em|ex|ch|lh|vw|vh|vmin|vmax|svw|svh|dvw|dvh|cm|mm|q|in|pt|pc)"
PIXELS = re.compile(NUMBER)
LENGTH = re.compile(rf"{NUMBER}{UNIT}|auto|min-content|max-content|fit-content", re.IGNORECASE)
_MATH_TOKEN = re.compile(rf"\s+|[-+*/,]|\)|(?:calc|min|max|clamp)\(|\(|var\(--[\w-]+\)|{NUMBER}{UNIT}?", re.IGNORECASE)
LENGTH_FIX = "write a CSS length such as 50%, 300 (pixels), 3em or calc(100% - 2em)"


def length(value: str) -> str:
    """A CSS length as it goes into `style=""`: a bare number is pixels, as in Quarto."""
    text = value.strip()
    if PIXELS.fullmatch(text):
        return f"{text}px"
    if LENGTH.fullmatch(text) or _is_math(text):
        return text
    raise ValueError(f"{reprlib.repr(value)} is not a CSS length")


def _is_math(text: str) -> bool:
    """`calc(…)`, `min(…)`, `max(…)` or `clamp(…)` of lengths, numbers and arithmetic only."""
    if not re.match(r"(?:calc|min|max|clamp)\(", text, re.IGNORECASE):
        return False
    depth, position = 0, 0
    while position < len(text):
        token = _MATH_TOKEN.match(text, position)
        if token is None:
            return False
        piece = token.group()
        depth += piece.endswith("(") - (piece == ")")
        if depth < 0 or (depth == 0 and token.end() < len(text)):
            return False
        position = token.end()
    return depth == 0
