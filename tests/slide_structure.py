"""The shape of a reveal.js page, read with html.parser: columns of slides, each slide's
fragments, which marked cell (`cellN`) is in which fragment, and which cells are notes.

Used to compare deckbuild's pages with nbconvert's own slides, whose markup differs in every
other way: only `<section>` nesting, `.fragment` divs and `aside.notes` count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TOKEN = re.compile(r"\bcell(\d+)\b")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class SlideShape:
    content: list[tuple[int, int]] = field(default_factory=list)
    """(cell, fragment): fragment 0 is the slide itself, 1 its first fragment, …"""
    notes: list[int] = field(default_factory=list)
    fragments: int = 0


@dataclass
class _Open:
    tag: str
    classes: list[str]
    fragment: int = 0


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Open] = []
        self.columns: list[list[SlideShape]] = []
        self.own: SlideShape | None = None
        self.current: SlideShape | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        depth = sum(1 for item in self.stack if item.tag == "section")
        opened = _Open(tag, classes)
        if tag == "section" and depth == 0:
            self.columns.append([])
            self.own = self.current = SlideShape()
        elif tag == "section" and depth == 1:
            self.current = SlideShape()
            self.columns[-1].append(self.current)
        elif tag == "div" and "fragment" in classes and self.current is not None:
            self.current.fragments += 1
            opened.fragment = self.current.fragments
        self.stack.append(opened)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not any(item.tag == tag for item in self.stack):
            return
        while self.stack:
            item = self.stack.pop()
            if item.tag == tag:
                break
        if tag != "section":
            return
        depth = sum(1 for item in self.stack if item.tag == "section")
        if depth == 0 and self.own is not None:
            if not self.columns[-1]:
                self.columns[-1].append(self.own)
            self.own = self.current = None
        elif depth == 1:
            self.current = self.own

    def handle_data(self, data: str) -> None:
        if self.current is None or any(item.tag in ("script", "style") for item in self.stack):
            return
        in_notes = any(item.tag == "aside" and "notes" in item.classes for item in self.stack)
        fragment = next((item.fragment for item in reversed(self.stack) if item.fragment), 0)
        for match in TOKEN.finditer(data):
            if in_notes:
                self.current.notes.append(int(match[1]))
            else:
                self.current.content.append((int(match[1]), fragment))


def page_shape(html: str) -> list[list[SlideShape]]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.columns
