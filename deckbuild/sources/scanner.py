"""The one scanner of a source's lines: code fences taken whole, and the lines the dialect
gives a meaning beyond Markdown's (fenced divs, pauses) marked, each line read once.

Footnote definitions, slide breaks and slide bodies are then found in what it gives back
(`Item`s), so none of them looks inside a code fence, and none matches a line's patterns again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

Line: TypeAlias = tuple[int, str]
"""A source line: its number (1-based) and its text."""

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
"""A code fence's opening line; strip its `info` (matching the spaces here backtracks badly)."""
DIV_OPEN = re.compile(r"^ {0,3}(?P<colons>:{3,})\s*(?P<attrs>\{.*\}|[\w-]+)\s*:*\s*$")
DIV_CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
PAUSE = re.compile(r"^\.\s\.\s\.\s*$")


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
    """The lines as items: a code fence up to its closing fence (or the end) as one `Fence`."""
    items: list[Item] = []
    fence: list[Line] | None = None
    marker = ""
    for number, text in lines:
        if fence is not None:
            fence.append((number, text))
            if _closes(text, marker):
                items.append(Fence(tuple(fence), True))
                fence = None
        elif (text.startswith(("`", "~")) or text.startswith(" ")) and (opener := FENCE.match(text)):
            fence, marker = [(number, text)], opener["fence"]
        else:
            items.append(_mark(number, text) or (number, text))
    if fence is not None:
        items.append(Fence(tuple(fence), False))
    return items


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
