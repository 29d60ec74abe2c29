"""Slide bodies → block trees: fenced divs, pauses, code fences, executable cells.

Only the structure that Markdown itself does not know is parsed here; everything else stays
as `Markdown` runs for the renderer. Lines are `(number, text)` pairs so every block knows
where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckbuild.errors import DeckError
from deckbuild.model import Attrs, Block, Cell, CodeBlock, Div, Markdown, RawBlock
from deckbuild.sources import safeyaml
from deckbuild.sources.attributes import AttributeError_, parse_attrs

Line = tuple[int, str]

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
"""A code fence's opening line; strip its `info` (matching the spaces here backtracks badly)."""
DIV_OPEN = re.compile(r"^ {0,3}(?P<colons>:{3,})\s*(?P<attrs>\{.*\}|[\w-]+)\s*:*\s*$")
DIV_CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
PAUSE = re.compile(r"^\.\s\.\s\.\s*$")
CELL_INFO = re.compile(r"^\{(?P<lang>[A-Za-z][\w+-]*)(?P<rest>[^}]*)\}$")
RAW_INFO = re.compile(r"^\{=(?P<format>[\w-]+)\}$")
OPTION_LINE = re.compile(r"^\s*(?:#|//|--|%)\|\s?(?P<yaml>.*)$")


def fence_end(lines: list[Line], start: int) -> int:
    """Index of the line closing the code fence opened at `start` (or len(lines) if unclosed)."""
    opener = FENCE.match(lines[start][1])
    assert opener is not None
    char, size = opener["fence"][0], len(opener["fence"])
    close = re.compile(rf"^ {{0,3}}{re.escape(char)}{{{size},}}\s*$")
    for index in range(start + 1, len(lines)):
        if close.match(lines[index][1]):
            return index
    return len(lines)


MAX_DIV_DEPTH = 250
"""Fenced divs inside one another. A browser builds at most 512 levels of elements and puts
anything deeper beside its parent instead; each div is up to two elements, so past this the
page would silently lose the structure the source asks for."""


@dataclass
class _Open:
    """A container being filled: a slide body or an open div, and where its blocks go now
    (after a pause, into that pause's fragment)."""

    blocks: list[Block]
    line: int
    target: list[Block] = field(init=False)

    def __post_init__(self) -> None:
        self.target = self.blocks


class BlockParser:
    """Parses one slide body; holds only the file name, for messages."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def parse(self, lines: list[Line]) -> list[Block]:
        """One pass with a stack of open divs, so nesting costs no Python recursion.

        A pause (`. . .`) puts what follows it, up to the next pause or the end of its
        container, into a fragment: the fragments of one container are siblings, as pandoc
        makes them.
        """
        stack = [_Open([], 0)]
        pending: list[Line] = []
        index = 0
        while index < len(lines):
            number, text = lines[index]
            current = stack[-1]
            if FENCE.match(text):
                end = fence_end(lines, index)
                self._flush(pending, current.target)
                current.target.append(self._fence(lines[index : end + 1], end >= len(lines)))
                index = end + 1
                continue
            if PAUSE.match(text):
                self._flush(pending, current.target)
                fragment = Div(Attrs(classes=["fragment"]), [], number)
                current.blocks.append(fragment)
                current.target = fragment.children
            elif opener := DIV_OPEN.match(text):
                self._flush(pending, current.target)
                if len(stack) > MAX_DIV_DEPTH:
                    raise DeckError(f"fenced divs nest more than {MAX_DIV_DEPTH} deep", path=self.path, line=number,
                                    fix="close some of the divs that are open here with `:::` lines")
                div = Div(self._attrs(opener["attrs"], number), [], number)
                current.target.append(div)
                stack.append(_Open(div.children, number))
            elif DIV_CLOSE.match(text) and len(stack) > 1:
                self._flush(pending, current.target)
                stack.pop()
            else:
                pending.append((number, text))
            index += 1
        self._flush(pending, stack[-1].target)
        if len(stack) > 1:
            raise DeckError("fenced div `:::` is never closed", path=self.path, line=stack[1].line,
                            fix="add a line `:::` where the div ends")
        return stack[0].blocks

    def _flush(self, pending: list[Line], blocks: list[Block]) -> None:
        if any(text.strip() for _, text in pending):
            blocks.append(Markdown("\n".join(text for _, text in pending), pending[0][0]))
        pending.clear()

    def _attrs(self, text: str, line: int) -> Attrs:
        try:
            return parse_attrs(text)
        except AttributeError_ as exc:
            raise DeckError(str(exc), path=self.path, line=line, fix='write attributes as {#id .class key="value"}') from None

    def _fence(self, fence: list[Line], unclosed: bool) -> Block:
        """A code fence: raw output, an executable cell, or code to show."""
        number, opening = fence[0]
        if unclosed:
            raise DeckError("code block is never closed", path=self.path, line=number,
                            fix="add a closing ``` line")
        info = FENCE.match(opening)["info"].strip()  # type: ignore[index]
        body = [text for _, text in fence[1:-1]]
        if raw := RAW_INFO.match(info):
            return RawBlock(raw["format"], "\n".join(body), number)
        if cell := CELL_INFO.match(info):
            return self.cell(cell["lang"], cell["rest"], body, number)
        language, attrs = self._code_info(info, number)
        return CodeBlock("\n".join(body), language, attrs, number)

    def _code_info(self, info: str, line: int) -> tuple[str, Attrs]:
        """```` ```python ````, ```` ``` {.python key=v} ```` and ```` ```python {key=v} ````."""
        brace = info.find("{")
        word = info[:brace].strip() if brace >= 0 else info.strip()
        attrs = self._attrs(info[brace:], line) if brace >= 0 else Attrs()
        language = word.split()[0] if word else (attrs.classes.pop(0) if attrs.classes else "")
        return language, attrs

    def cell(self, language: str, rest: str, body: list[str], line: int) -> Cell:
        """A cell from its source lines: leading `#|` lines become options (errors at `line` + n)."""
        option_lines = []
        for text in body:
            match = OPTION_LINE.match(text)
            if not match:
                break
            option_lines.append(match["yaml"])
        options = self._cell_options(option_lines, line)
        extra = self._attrs(rest, line) if rest.strip() else Attrs()
        for key, value in extra.values.items():
            options.setdefault(key, _attribute_value(value))
        source = "\n".join(body[len(option_lines) :])
        return Cell(source=source, language=language.lower(), options=options, line=line)

    def _cell_options(self, lines: list[str], fence_line: int) -> dict[str, Any]:
        if not lines:
            return {}
        try:
            options = safeyaml.load_value("\n".join(lines))
        except safeyaml.YamlProblem as exc:
            what = f"cell options refused: {exc.problem}" if exc.refused else f"cell option is not valid YAML: {exc.problem}"
            raise DeckError(what, path=self.path, line=fence_line + 1 + exc.line,
                            fix=exc.fix or "write options as `#| key: value`") from None
        if not isinstance(options, dict):
            raise DeckError("cell options must be `#| key: value` lines", path=self.path, line=fence_line + 1)
        return {str(key): value for key, value in options.items()}


def _attribute_value(text: str) -> Any:
    """`echo=false` on a cell's fence means the YAML value; text that is not YAML stays text."""
    try:
        return safeyaml.load_value(text)
    except safeyaml.YamlProblem:
        return text
