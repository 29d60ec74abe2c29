"""Pandoc's fancy lists: `a.`, `(b)`, `iv)`, `A.`, `II.`, `(1)`, `#.` and example lists `(@)`.

mistune reads CommonMark's lists, numbered `1.` and `1)` only. Before it reads a Markdown run,
each fancy marker is written as a CommonMark one holding the same number (`c.` → `3.`, padded
so the item's text keeps its column), with a private mark at the start of the item's text
naming the style; after parsing (`fancy_list_types`, a mistune hook) the mark is taken off and
the list gets pandoc's `type` (`<ol type="a">`), or the `example` class.

Pandoc's rules: a list starts after a blank line (or at the run's start), never inside a
paragraph; a single `i`/`I` is roman, any other single letter alphabetic; a capital letter
with a period needs two spaces after it (so `B. Russell` stays text); a later item is read in
its list's style, so `h.` then `i.` stays alphabetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
"""Private-use characters: no text holds them, and they survive mistune's block parsing."""

_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>\((?P<enclosed>[^()\s]{1,8})\)|(?P<bare>[^()\s.]{1,8})(?P<delim>[.)]))"
    r"(?P<space>[ \t]+|$)"
)
_ROMAN = re.compile(r"^(?=[mdclxvi])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"m": 1000, "d": 500, "c": 100, "l": 50, "x": 10, "v": 5, "i": 1}
STYLES = {"lower-alpha": "a", "upper-alpha": "A", "lower-roman": "i", "upper-roman": "I"}
ALL_STYLES = ("decimal", "example", "default", "roman-one", "lower-alpha", "lower-roman", "upper-alpha", "upper-roman")
"""In the order pandoc tries them at a list's start: a lone `i` is roman, `v` a letter."""


@dataclass
class _List:
    indent: int
    style: str
    delim: str
    """As written: `.`, `)` or `()`."""
    written: str
    """The CommonMark delimiter its items are written with: a list right after another at the
    same indent gets the other one, as CommonMark would otherwise read the two as one list."""


def needs_rewrite(text: str) -> bool:
    """A cheap test: could any line of `text` start a fancy list?"""
    return re.search(r"(?m)^[ \t]*(?:\(\S{1,8}\)|[A-Za-z#@]{1,8}[.)])[ \t]", text) is not None


def rewrite(text: str) -> str:
    """`text` with its fancy list markers written as CommonMark's (see the module's docstring)."""
    lines = text.split("\n")
    open_lists: list[_List] = []
    examples = 0
    blank_before = True
    in_list = False
    for index, line in enumerate(lines):
        if not line.strip():
            blank_before = True
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        match = _ITEM.match(line)
        read = _read(match, open_lists, indent) if match and (blank_before or in_list) else None
        if read is None:
            if blank_before and indent == 0:
                in_list, open_lists = False, []
            blank_before = False
            continue
        style, number, delim, same = read
        assert match is not None
        before = next((lst for lst in open_lists if lst.indent == indent), None)
        written = same.written if same else (")" if delim != "." else ".")
        if not same and before is not None and before.written == written:
            written = "." if written == ")" else ")"
        open_lists = [lst for lst in open_lists if lst.indent < indent]
        open_lists.append(_List(indent, style, delim, written))
        in_list, blank_before = True, False
        if style == "decimal" and match["enclosed"] is None and match["bare"] != "#" and written == delim:
            continue  # CommonMark's own `1.` and `1)`
        if style == "example":
            examples += 1
            number = examples
        marker = f"{number}{written}"
        # The text keeps its column where it can; past four spaces CommonMark would read code.
        space = " " * min(max(len(match["marker"]) - len(marker), 0) + len(match["space"]), 4) if match["space"] else ""
        tag = STYLES.get(style, "e" if style == "example" else "")
        mark = f"{MARK_OPEN}{tag}{MARK_CLOSE}" if tag else ""
        lines[index] = match["indent"] + marker + space + mark + line[match.end() :]
    return "\n".join(lines)


def _read(match: re.Match[str], open_lists: list[_List], indent: int) -> tuple[str, int, str, _List | None] | None:
    """(style, number, delimiter, the list it goes on) of a list marker, or None when it is none
    by pandoc's rules. An item goes on a list at its indent with its delimiter when it reads in
    that list's style; otherwise it starts a list of its own."""
    enumerator = match["enclosed"] if match["enclosed"] is not None else match["bare"]
    delim = "()" if match["enclosed"] is not None else match["delim"]
    same = next((lst for lst in open_lists if lst.indent == indent and lst.delim == delim), None)
    if same is not None:
        number = 1 if enumerator == "#" and same.style == "decimal" else _number(same.style, enumerator)
        if number is not None:
            return same.style, number, delim, same
    for style in ALL_STYLES:
        number = _number(style, enumerator)
        if number is None:
            continue
        if style == "roman-one":
            style = "lower-roman" if enumerator == "i" else "upper-roman"
        if style == "default":
            style = "decimal"
        if delim == "." and len(enumerator) == 1 and enumerator.isupper() \
                and not (match["space"].startswith("\t") or len(match["space"]) >= 2):
            return None  # `B. Russell`: a capital and a period need two spaces to start a list
        return style, number, delim, None
    return None


def _number(style: str, enumerator: str) -> int | None:
    if style == "decimal":
        return int(enumerator) if enumerator.isdigit() and len(enumerator) <= 9 else None
    if style == "example":
        return 1 if enumerator.startswith("@") and re.fullmatch(r"@[\w-]*", enumerator) else None
    if style == "default":
        return 1 if enumerator == "#" else None
    if style == "roman-one":
        return 1 if enumerator in ("i", "I") else None
    if style in ("lower-alpha", "upper-alpha"):
        wanted = str.islower if style == "lower-alpha" else str.isupper
        return ord(enumerator.lower()) - ord("a") + 1 if len(enumerator) == 1 and enumerator.isalpha() \
            and enumerator.isascii() and wanted(enumerator) else None
    if style in ("lower-roman", "upper-roman"):
        wanted = str.islower if style == "lower-roman" else str.isupper
        if not (enumerator.isascii() and wanted(enumerator) and _ROMAN.match(enumerator.lower())):
            return None
        return _roman(enumerator.lower())
    return None


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def fancy_list_types(md: Any, state: Any) -> None:
    """The mistune hook: each rewritten list gets its style, and the marks come off its items."""
    if MARK_OPEN not in state.src:
        return
    stack = list(state.tokens)
    while stack:
        token = stack.pop()
        children = token.get("children")
        if token["type"] == "list" and token.get("attrs", {}).get("ordered") and children:
            for position, item in enumerate(children):
                tag = _take_mark(item)
                if position == 0 and tag:
                    token["attrs"]["fancy"] = tag
        if isinstance(children, list):
            stack.extend(child for child in children if isinstance(child, dict))


def _take_mark(item: dict[str, Any]) -> str:
    """The mark at the start of a list item's first text, taken off; "" when it has none."""
    for child in item.get("children", ()):
        text = child.get("text") if isinstance(child, dict) else None
        if isinstance(text, str):
            if text.startswith(MARK_OPEN) and (end := text.find(MARK_CLOSE)) > 0:
                child["text"] = text[end + 1 :]
                return text[1:end]
            return ""
    return ""
