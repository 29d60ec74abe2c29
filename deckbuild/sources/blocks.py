"""Slide bodies → block trees: fenced divs, pauses, code fences, executable cells.

Only the structure that Markdown itself does not know is parsed here; everything else stays
as `Markdown` runs for the renderer. Lines are `(number, text)` pairs so every block knows
where it came from.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from deckbuild.errors import DeckError
from deckbuild.model import Attrs, Block, Cell, CodeBlock, Div, Markdown, RawBlock
from deckbuild.sources.attributes import AttributeError_, parse_attrs

Line = tuple[int, str]

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")
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


class BlockParser:
    """Parses one slide body; holds only the file name, for messages."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def parse(self, lines: list[Line]) -> list[Block]:
        blocks: list[Block] = []
        pending: list[Line] = []
        index = 0
        while index < len(lines):
            number, text = lines[index]
            if PAUSE.match(text):
                self._flush(pending, blocks)
                rest = self.parse(lines[index + 1 :])
                blocks.append(Div(Attrs(classes=["fragment"]), rest, number))
                return blocks
            if FENCE.match(text):
                end = fence_end(lines, index)
                self._flush(pending, blocks)
                blocks.append(self._fence(lines[index : end + 1], end >= len(lines)))
                index = end + 1
                continue
            opener = DIV_OPEN.match(text)
            if opener:
                end = self._div_end(lines, index)
                self._flush(pending, blocks)
                blocks.append(Div(self._attrs(opener["attrs"], number), self.parse(lines[index + 1 : end]), number))
                index = end + 1
                continue
            pending.append((number, text))
            index += 1
        self._flush(pending, blocks)
        return blocks

    def _flush(self, pending: list[Line], blocks: list[Block]) -> None:
        if any(text.strip() for _, text in pending):
            blocks.append(Markdown("\n".join(text for _, text in pending), pending[0][0]))
        pending.clear()

    def _attrs(self, text: str, line: int) -> Attrs:
        try:
            return parse_attrs(text)
        except AttributeError_ as exc:
            raise DeckError(str(exc), path=self.path, line=line, fix='write attributes as {#id .class key="value"}') from None

    def _div_end(self, lines: list[Line], start: int) -> int:
        depth = 0
        index = start
        while index < len(lines):
            text = lines[index][1]
            if index > start and FENCE.match(text):
                index = fence_end(lines, index) + 1
                continue
            if DIV_OPEN.match(text):
                depth += 1
            elif DIV_CLOSE.match(text):
                depth -= 1
                if depth == 0:
                    return index
            index += 1
        raise DeckError(
            "fenced div `:::` is never closed",
            path=self.path,
            line=lines[start][0],
            fix="add a line `:::` where the div ends",
        )

    def _fence(self, fence: list[Line], unclosed: bool) -> Block:
        """A code fence: raw output, an executable cell, or code to show."""
        number, opening = fence[0]
        if unclosed:
            raise DeckError("code block is never closed", path=self.path, line=number,
                            fix="add a closing ``` line")
        info = FENCE.match(opening)["info"]  # type: ignore[index]
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
            options.setdefault(key, yaml.safe_load(value))
        source = "\n".join(body[len(option_lines) :])
        return Cell(source=source, language=language.lower(), options=options, line=line)

    def _cell_options(self, lines: list[str], fence_line: int) -> dict[str, Any]:
        if not lines:
            return {}
        try:
            options = yaml.safe_load("\n".join(lines))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = fence_line + 1 + (mark.line if mark else 0)
            raise DeckError("cell option is not valid YAML", path=self.path, line=line,
                            fix="write options as `#| key: value`") from None
        if not isinstance(options, dict):
            raise DeckError("cell options must be `#| key: value` lines", path=self.path, line=fence_line + 1)
        return {str(key): value for key, value in options.items()}
