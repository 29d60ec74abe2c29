"""The one scanner of a source's lines: code fences taken whole, and the lines the dialect
gives a meaning beyond Markdown's (fenced divs, pauses) marked, each line read once.

Footnote definitions, slide breaks and slide bodies are then found in what it gives back
(`Item`s), so none of them looks inside a code fence, and none matches a line's patterns again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from typing import Literal, TypeAlias

from deckbuild.sources.code_spans import code_spans

Line: TypeAlias = tuple[int, str]
"""A source line: its number (1-based) and its text."""

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
"""A code fence's opening line; strip its `info` (matching the spaces here backtracks badly)."""
DIV_OPEN = re.compile(r"^ {0,3}(?P<colons>:{3,})\s*(?P<attrs>\{.*\}|[\w-]+)\s*:*\s*$")
DIV_CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
PAUSE = re.compile(r"^\.\s\.\s\.\s*$")
CLOSE_AFTER_TAG = re.compile(r"^(?P<tag><[A-Za-z][^<>]*>)\s*(?P<colons>:{3,})\s*$")
"""`<video src="a.mp4" />::::`: pandoc reads the tag as a raw HTML block and the colons after it
as the div's closing fence, so a Quarto talk written so renders."""


@dataclass(frozen=True, slots=True)
class Fence:
    """A fenced code block: its opening line, its body, and its closing line (if it has one)."""

    lines: tuple[Line, ...]
    closed: bool

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def info(self) -> str:
        """What follows the opening backticks: `python`, `{python}`, `{=html}`, `{.r key=v}`."""
        opener = FENCE.match(self.lines[0][1])
        assert opener is not None
        return opener["info"].strip()

    @property
    def body(self) -> list[str]:
        return [text for _, text in self.lines[1 : -1 if self.closed else None]]


@dataclass(frozen=True, slots=True)
class Mark:
    """A line that opens a fenced div (`::: {.notes}`), may close one (`:::`), or pauses (`. . .`)."""

    kind: Literal["open", "close", "pause"]
    line: int
    text: str
    attrs: str = ""
    """An opening's attributes, as written (`{.notes}` or a bare class name)."""


Item: TypeAlias = Line | Fence | Mark


def scan(lines: Iterable[Line]) -> list[Item]:
    """The lines as items: a code fence up to its closing fence (or the end) as one `Fence`,
    and HTML comments taken out (`_uncomment`), so a slide commented out is not a slide."""
    source = list(lines)
    closers = _closers(source)
    items: list[Item] = []
    fence: list[Line] | None = None
    marker = ""
    index = 0
    while index < len(source):
        number, text = source[index]
        index += 1
        if fence is not None:
            fence.append((number, text))
            if _closes(text, marker):
                items.append(Fence(tuple(fence), True))
                fence = None
            continue
        pad: list[Line] = []
        if "<!--" in text:
            text, last = _uncomment(source, index - 1, closers)
            hidden = [(n, "") for n, _ in source[index : last + 1]]
            index = last + 1
            after_blank = index >= len(source) or not source[index][1].strip()
            if not text.strip():
                # A comment on lines of its own: blank lines where it was keep the lines after it
                # where they are; inside a paragraph, nothing, and the paragraph goes on (pandoc).
                if after_blank or not items or not isinstance(items[-1], tuple) or not items[-1][1].strip():
                    items.extend([(number, ""), *hidden])
                continue
            pad = hidden if after_blank else []
        if (text.startswith(("`", "~")) or text.startswith(" ")) and (opener := FENCE.match(text)):
            fence, marker = [(number, text)], opener["fence"]
        elif text.startswith("<") and (closing := CLOSE_AFTER_TAG.match(text)):
            items.extend([(number, closing["tag"]), Mark("close", number, closing["colons"]), *pad])
        else:
            items.append(_mark(number, text) or (number, text))
            items.extend(pad)
    if fence is not None:
        items.append(Fence(tuple(fence), False))
    return items


def _closers(source: list[Line]) -> list[int]:
    """For each line, the index of the first line from it on with a `-->` (-1: none), so that
    finding where a comment ends reads each line once however many comments the source opens."""
    found, following = [-1] * (len(source) + 1), -1
    if any("<!--" in text for _, text in source):
        for index in range(len(source) - 1, -1, -1):
            following = index if "-->" in source[index][1] else following
            found[index] = following
    return found


def _uncomment(source: list[Line], at: int, closers: list[int]) -> tuple[str, int]:
    """Line `at` without its HTML comments, and the index of the last line a comment took.

    As in pandoc, a comment may run over lines, blank ones and headings included, and hides
    all of them; `<!--` in a code span, or escaped, opens none; one that never closes is text
    (written `&lt;!--` here, which shows `<!--` in Markdown and in raw HTML alike, so the page
    does not hide all that follows it). One pass over each line, whatever it holds.
    """
    text, last = source[at][1], at
    kept: list[str] = []
    position = search = span = 0
    spans, closer = code_spans(text), -2  # the next `-->` found so far (-1: none; -2: not looked for)
    while (opener := text.find("<!--", search)) >= 0:
        search = opener + 1
        while span < len(spans) and spans[span][1] <= opener:
            span += 1
        if (opener > 0 and text[opener - 1] == "\\") or (span < len(spans) and spans[span][0] < opener):
            continue  # escaped, or code
        kept.append(text[position:opener])
        if closer != -1 and closer < opener + 4:
            closer = text.find("-->", opener + 4)
        if closer >= 0:
            position = search = closer + 3
        elif (following := closers[last + 1]) >= 0:  # it ends on a later line: what follows it there is kept
            text, last = source[following][1], following
            position = search = text.find("-->") + 3
            spans, span, closer = code_spans(text), 0, -2
        else:
            kept.append("&lt;")
            position = opener + 1
    kept.append(text[position:])
    return "".join(kept), last


def _closes(text: str, marker: str) -> bool:
    """A closing fence: up to three spaces, at least as many of the opening's characters, blanks."""
    stripped = text.rstrip()
    body = stripped.lstrip(" ")
    return len(stripped) - len(body) <= 3 and len(body) >= len(marker) and body == marker[0] * len(body)


def _mark(number: int, text: str) -> Mark | None:
    """Cheap tests first: most lines are neither a div's fence nor a pause."""
    if text.lstrip(" ").startswith(":::"):
        if opener := DIV_OPEN.match(text):
            return Mark("open", number, text, opener["attrs"])
        if DIV_CLOSE.match(text):
            return Mark("close", number, text)
    elif text.startswith(".") and PAUSE.match(text):
        return Mark("pause", number, text)
    return None


HTML_DIV_OPEN = re.compile(r"^<div(?P<attrs>\s[^<>]*)?>\s*$", re.IGNORECASE)
HTML_DIV_CLOSE = re.compile(r"^</div\s*>\s*$", re.IGNORECASE)
HTML_ATTRIBUTE = re.compile(
    r"""\s*(?P<name>[^\s"'<>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?"""
)


def native_divs(items: list[Item]) -> list[Item]:
    """`<div …>` and `</div>` on lines of their own (not indented), paired, as fenced divs: pandoc
    reads the Markdown between them (its `native_divs` and `markdown_in_html_blocks`), so a talk's
    `<div class="fragment">` holding a list shows the list, and a `<div class="notes">` is notes.
    A tag that pairs with nothing, that has an event handler, or whose attributes cannot be
    written as pandoc's, stays HTML as written."""
    if not any(isinstance(item, tuple) and "<" in item[1] for item in items):
        return items
    opened: list[tuple[int, Mark]] = []
    marks: dict[int, Mark] = {}
    for index, item in enumerate(items):
        if not isinstance(item, tuple) or "div" not in item[1].lower():
            continue
        number, text = item
        if (opener := HTML_DIV_OPEN.match(text)) and (attrs := _pandoc_attributes(opener["attrs"] or "")) is not None:
            opened.append((index, Mark("open", number, text, attrs)))
        elif HTML_DIV_CLOSE.match(text) and opened:
            start, mark = opened.pop()
            marks[start], marks[index] = mark, Mark("close", number, text)
    return [marks.get(index, item) for index, item in enumerate(items)] if marks else items


def _pandoc_attributes(html_attrs: str) -> str | None:
    """`class="a b" id="x" data-k="v"` → `{#x .a .b data-k="v"}`; None if it cannot be."""
    parts: list[str] = []
    position, html_attrs = 0, html_attrs.rstrip().removesuffix("/")
    while position < len(html_attrs.rstrip()):
        match = HTML_ATTRIBUTE.match(html_attrs, position)
        if match is None or match.end() == position:
            return None
        position = match.end()
        name = match["name"].lower()
        if name.startswith("on"):
            return None  # an event handler is the author's script: the tag stays as written
        value = unescape(next((v for v in (match["dq"], match["sq"], match["bare"]) if v is not None), ""))
        if name == "id" and value and not any(c.isspace() or c == "}" for c in value):
            parts.insert(0, f"#{value}")
        elif name == "class":
            parts.extend(f".{cls}" for cls in value.split() if "}" not in cls and "=" not in cls)
        elif "}" in value or "\\" in value or not name.replace("-", "").replace(":", "").replace("_", "").isalnum():
            return None
        else:
            quoted = value.replace('"', '\\"')
            parts.append(f'{name}="{quoted}"')
    return "{" + " ".join(parts) + "}"


def text_of(item: Item) -> str | None:
    """A plain line's text; None for a fence or a mark."""
    return item[1] if isinstance(item, tuple) else None


def lines_of(items: Iterable[Item]) -> list[Line]:
    """The items back as source lines, in order."""
    lines: list[Line] = []
    for item in items:
        if isinstance(item, Fence):
            lines.extend(item.lines)
        elif isinstance(item, Mark):
            lines.append((item.line, item.text))
        else:
            lines.append(item)
    return lines
