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
        if text[pos:].strip() == "":
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


TRAILING_ATTRS = re.compile(r"\s*(\{[^{}]*\})\s*$")


def split_trailing(text: str) -> tuple[str, Attrs | None]:
    """`Title {#id .cls}` → ("Title", Attrs); text without trailing attributes → (text, None)."""
    match = TRAILING_ATTRS.search(text)
    if not match:
        return text, None
    try:
        return text[: match.start()].rstrip(), parse_attrs(match.group(1))
    except AttributeError_:
        return text, None
