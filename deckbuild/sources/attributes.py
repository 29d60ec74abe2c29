"""Pandoc attribute lists: `{#id .class .other key=value key="quoted value"}`."""

from __future__ import annotations

import re

from deckbuild.model import Attrs

_TOKEN = re.compile(
    r"""\s*(?:
        \#(?P<id>[^\s}]+)
      | \.(?P<cls>[^\s}=]+)
      | (?P<key>[\w:.-]+)=(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s}"']+))
      | (?P<word>[^\s{}=#."']+)
    )""",
    re.VERBOSE,
)


_BLANK_TO_END = re.compile(r"\s*\Z")


class AttributeError_(ValueError):
    """Raised with the unreadable part, so the caller can say where it is."""


def parse_attrs(text: str) -> Attrs:
    """Parse the inside of `{…}` (braces optional). A bare word is taken as a class (`::: notes`)."""
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    attrs = Attrs()
    pos = 0
    while pos < len(text):
        if _BLANK_TO_END.match(text, pos):  # a regex, not a slice: slicing makes long lists quadratic
            break
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise AttributeError_(f"cannot read attributes at `{text[pos:].strip()}`")
        pos = match.end()
        if match["id"]:
            attrs.id = match["id"]
        elif match["cls"]:
            attrs.classes.append(match["cls"])
        elif match["key"]:
            value = match["dq"] if match["dq"] is not None else match["sq"] if match["sq"] is not None else match["bare"]
            attrs.values[match["key"]] = value.replace('\\"', '"')
        elif match["word"]:
            attrs.classes.append(match["word"])
    return attrs


def split_trailing(text: str) -> tuple[str, Attrs | None]:
    """`Title {#id .cls}` → ("Title", Attrs); text without trailing attributes → (text, None).

    The attributes are the last `{…}` (with no braces inside) that ends the text; found with
    string operations, since a pattern anchored at the end backtracks for seconds on a long
    run of spaces. Braces right after a span's `]` or a link's `)` are that element's, as in
    pandoc (`## Read [the docs](url){.external}`).
    """
    stripped = text.rstrip()
    start = stripped.rfind("{")
    if not stripped.endswith("}") or start < 0 or "}" in stripped[start + 1 : -1]:
        return text, None
    before = stripped[:start]
    if before.endswith("]") or (before.endswith(")") and "](" in before):
        return text, None
    try:
        return stripped[:start].rstrip(), parse_attrs(stripped[start:])
    except AttributeError_:
        return text, None
