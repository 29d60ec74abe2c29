"""YAML front matter, read with the line of every key so config errors can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from deckbuild.config import Source
from deckbuild.errors import DeckError


def split(text: str) -> tuple[str, int, str, int]:
    """Split `text` into (yaml, first yaml line, body, first body line); no front matter → ("", 0, text, 1)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return "", 0, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2
    raise DeckError(
        "front matter starts with `---` but never ends",
        path=None,
        line=1,
        fix="close it with a line holding only `---`",
    )


def parse(text: str, first_line: int, path: Path | str) -> tuple[dict[str, Any], Source]:
    """Parse YAML into a mapping plus each key's line (nested keys as `parent.child`)."""
    source = Source(path=path, lines={}, first_line=max(first_line, 1))
    if not text.strip():
        return {}, source
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DeckError(
            f"front matter is not valid YAML: {problem}",
            path=path,
            line=line,
            fix="check the indentation and quote values that contain `:` or `#`",
        ) from None
    if not isinstance(data, dict):
        raise DeckError("front matter must be a mapping of `key: value` lines", path=path, line=first_line)
    _record_lines(node, first_line, "", source.lines)
    return data, source


def _record_lines(node: yaml.Node, offset: int, prefix: str, lines: dict[str, int]) -> None:
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        name = prefix + str(key.value)
        lines[name] = offset + key.start_mark.line
        _record_lines(value, offset, name + ".", lines)
