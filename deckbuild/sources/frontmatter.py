"""YAML front matter, read with the line of every key so config errors can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from deckbuild.config import Source
from deckbuild.errors import DeckError
from deckbuild.sources import safeyaml


def split(text: str) -> tuple[str, int, str, int]:
    """Split `text` into (yaml, first yaml line, body, first body line); no front matter → ("", 0, text, 1).

    As in pandoc and Quarto, a `---` followed by a blank line opens no front matter: it is a rule
    (a deck may start with one)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---" or (len(lines) > 1 and not lines[1].strip()):
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
        node, data = safeyaml.load(text)
    except safeyaml.YamlProblem as exc:
        what = f"front matter refused: {exc.problem}" if exc.refused else f"front matter is not valid YAML: {exc.problem}"
        raise DeckError(
            what,
            path=path,
            line=first_line + exc.line,
            fix=exc.fix or "check the indentation and quote values that contain `:` or `#`",
        ) from None
    if not isinstance(data, dict) or node is None:
        raise DeckError("front matter must be a mapping of `key: value` lines", path=path, line=first_line)
    _record_lines(node, first_line, source.lines)
    return data, source


def _record_lines(root: yaml.Node, offset: int, lines: dict[str, int]) -> None:
    """Each key's line, walking every path (safeyaml has bounded how many there are); the
    items of a list are `key.0`, `key.1`, … (`check.ignore.1` is the second entry)."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, prefix = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[f"{prefix}{index}"] = offset + item.start_mark.line
                stack.append((item, f"{prefix}{index}."))
            continue
        if not isinstance(node, yaml.MappingNode):
            continue
        for key, value in node.value:
            name = prefix + str(key.value)
            lines[name] = offset + key.start_mark.line
            stack.append((value, name + "."))
