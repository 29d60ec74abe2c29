"""A Quarto reveal.js Markdown talk (.md, .qmd) → `Deck`.

In order: front matter is split off and validated; footnote definitions are collected from
anywhere; the body is cut into slides at top-level `#`/`##` headings and `---` rules; each
slide body is parsed into blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from deckbuild import config as cfg
from deckbuild import settings
from deckbuild.config import DeckConfig
from deckbuild.errors import DeckError
from deckbuild.model import Attrs, Deck, Markdown, Slide, number_slides
from deckbuild.sources import frontmatter
from deckbuild.sources.attributes import split_trailing
from deckbuild.sources.blocks import DIV_CLOSE, DIV_OPEN, FENCE, BlockParser, Line, fence_end

HEADING = re.compile(r"^(?P<hashes>#{1,2})(?:[ \t]+(?P<text>.*))?$")
RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
FOOTNOTE = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:[ \t]?(?P<text>.*)$")


def load_markdown(path: Path, base: DeckConfig, text: str | None = None) -> Deck:
    if text is None:
        text = read_source(path)
    yaml_text, yaml_line, body, body_line = _split_front_matter(text, path)
    data, source = frontmatter.parse(yaml_text, yaml_line, path)
    config = settings.apply(cfg.merged(base), data, source)
    lines = [(body_line + offset, line) for offset, line in enumerate(body.split("\n"))]
    lines, footnotes = take_footnotes(lines)
    slides = split_slides(lines, path)
    number_slides(slides, first=2 if config.title and config.title_slide else 1)
    return Deck(path=path, config=config, slides=slides, footnotes=footnotes)


def read_source(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DeckError("no such file", path=path, fix="check the path") from None
    except OSError as exc:
        raise DeckError(f"cannot read the file: {exc.strerror}", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DeckError("the file is not UTF-8 text", path=path, line=line, fix="save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(text: str, path: Path) -> tuple[str, int, str, int]:
    try:
        return frontmatter.split(text)
    except DeckError as exc:
        raise exc.place(path) from None


def take_footnotes(lines: list[Line]) -> tuple[list[Line], dict[str, Markdown]]:
    """Remove `[^label]: text` definitions (with indented continuation lines) from the body."""
    kept: list[Line] = []
    notes: dict[str, Markdown] = {}
    index = 0
    while index < len(lines):
        number, text = lines[index]
        if FENCE.match(text):
            end = min(fence_end(lines, index), len(lines) - 1)
            kept.extend(lines[index : end + 1])
            index = end + 1
            continue
        match = FOOTNOTE.match(text)
        if not match:
            kept.append(lines[index])
            index += 1
            continue
        body = [match["text"]]
        index += 1
        while index < len(lines) and (lines[index][1].startswith(("    ", "\t")) or (
            not lines[index][1].strip() and index + 1 < len(lines) and lines[index + 1][1].startswith(("    ", "\t"))
        )):
            body.append(lines[index][1][4:] if lines[index][1].startswith("    ") else lines[index][1].lstrip("\t"))
            index += 1
        notes[match["label"]] = Markdown("\n".join(body), number)
    return kept, notes


@dataclass
class _Pending:
    title: str
    level: int
    attrs: Attrs
    line: int
    lines: list[Line] = field(default_factory=list)


def split_slides(lines: list[Line], path: Path) -> list[Slide]:
    """Cut the body at top-level headings and rules (never inside code fences or divs)."""
    parser = BlockParser(path)
    pending: list[_Pending] = [_Pending("", 0, Attrs(), lines[0][0] if lines else 1)]
    depth = 0
    index = 0
    while index < len(lines):
        number, text = lines[index]
        current = pending[-1]
        if FENCE.match(text):
            end = min(fence_end(lines, index), len(lines) - 1)
            current.lines.extend(lines[index : end + 1])
            index = end + 1
            continue
        if DIV_OPEN.match(text):
            depth += 1
        elif DIV_CLOSE.match(text) and depth:
            depth -= 1
        elif depth == 0:
            started = _slide_start(current, text, number, lines, index)
            if started is not None:
                pending.append(started)
                index += 1
                continue
        current.lines.append((number, text))
        index += 1
    slides = [
        Slide(p.title, p.level, p.attrs, parser.parse(p.lines), p.line)
        for p in pending
        if p is not pending[0] or any(t.strip() for _, t in p.lines)
    ]
    return slides


def _slide_start(current: _Pending, text: str, number: int, lines: list[Line], index: int) -> _Pending | None:
    """The slide that `text` starts, if it starts one."""
    found = heading(text)
    if found:
        return _Pending(*found, number)
    setext = SETEXT.match(text)
    previous = current.lines[-1][1] if current.lines else ""
    if setext and previous.strip() and not RULE.match(previous):
        current.lines.pop()
        title, attrs = split_trailing(previous.strip())
        return _Pending(title, 1 if setext.group(1)[0] == "=" else 2, attrs or Attrs(), number - 1)
    if RULE.match(text):
        return _Pending("", 0, Attrs(), number)
    return None


def heading(text: str) -> tuple[str, int, Attrs] | None:
    """(title, level, attributes) of a `#` or `##` heading line; None for any other line."""
    match = HEADING.match(text)
    if not match:
        return None
    title, attrs = split_trailing(_without_closing_hashes(match["text"] or ""))
    return title, len(match["hashes"]), attrs or Attrs()


def _without_closing_hashes(text: str) -> str:
    """`Title ##` → `Title`, as CommonMark reads it (`C#` keeps its `#`). String operations,
    not a regex: a pattern for this backtracks for minutes on a line of spaces."""
    text = text.rstrip(" \t")
    bare = text.rstrip("#")
    return bare.rstrip(" \t") if bare == "" or bare.endswith((" ", "\t")) else text
