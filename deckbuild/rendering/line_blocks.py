"""Pandoc's line blocks: lines that start with `| ` keep their breaks and leading spaces (verse,
addresses, a poem on a slide). A line starting with a space continues the one before it; a pipe
table is tried first, and a line block never interrupts a paragraph, as in pandoc."""

from __future__ import annotations

import re
from typing import Any

LINE_BLOCK = r"^\|(?: [^\n]*)?$"


def line_blocks(md: Any) -> None:
    """The mistune plugin: registered after the table rules, before paragraphs."""
    md.block.register("line_block", LINE_BLOCK, _parse, before="paragraph")
    md.renderer.register("line_block", lambda renderer, text: f'<div class="line-block">{text}</div>\n')


def _parse(block: Any, m: re.Match[str], state: Any) -> int | None:
    if state.tokens and state.tokens[-1]["type"] == "paragraph":
        return None  # inside a paragraph, `| x` is text
    src, position, lines = state.src, m.start(), []
    while position < len(src):
        end = src.find("\n", position)
        end = len(src) if end < 0 else end
        line = src[position:end]
        if line == "|" or line.startswith("| "):
            lines.append(line[2:])
        elif lines and line.startswith((" ", "\t")) and line.strip():
            lines[-1] += " " + line.strip()
        else:
            break
        position = end + 1
    text = "\\\n".join(_kept_indent(line) for line in lines)
    state.append_token({"type": "line_block", "text": text})
    return min(position, len(src))


def _kept_indent(line: str) -> str:
    """Leading spaces as non-breaking ones (an entity, which no inline rule strips)."""
    stripped = line.lstrip(" ")
    return "&nbsp;" * (len(line) - len(stripped)) + stripped
