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
from deckbuild.model import Attrs, Block, Cell, Deck, Markdown, Slide, number_slides
from deckbuild.sources import frontmatter
from deckbuild.sources.attributes import split_trailing
from deckbuild.sources.blocks import BlockParser
from deckbuild.sources.scanner import Item, Line, Mark, lines_of, native_divs, scan, text_of

HEADING = re.compile(r"^(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*))?$")
RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
FOOTNOTE = re.compile(r"^\[\^(?P<label>[^\]\s^\[]+)\]:[ \t]?(?P<text>.*)$")


def load_markdown(path: Path, base: DeckConfig, text: str | None = None) -> Deck:
    if text is None:
        text = read_source(path)
    yaml_text, yaml_line, body, body_line = _split_front_matter(text, path)
    data, source = frontmatter.parse(yaml_text, yaml_line, path)
    config = settings.apply(cfg.merged(base), data, source)
    from deckbuild.sources.quarto_text import expand_body

    expanded = expand_body(path, config, data, [(body_line + offset, line) for offset, line in enumerate(body.split("\n"))])
    try:
        items, footnotes = take_footnotes(native_divs(scan(expanded.lines)))
        slides = split_slides(items, path, config.slide_level, inline_code=True)
    except DeckError as exc:
        raise expanded.origins.place(exc) if expanded.origins else exc from None
    slides = without_setup_slides(slides)
    number_slides(slides, first=2 if config.title and config.title_slide else 1)
    return Deck(path=path, config=config, slides=slides, footnotes=footnotes, origins=expanded.origins,
                included=expanded.files)


def without_setup_slides(slides: list[Slide]) -> list[Slide]:
    """An untitled slide that holds only `include: false` cells (the setup chunk before a talk's
    first heading) shows nothing, and Quarto makes no slide of it: its cells go to the start of
    the next slide, so they still run first, and the empty slide goes."""
    kept: list[Slide] = []
    carried: list[Block] = []
    for index, slide in enumerate(slides):
        if carried:
            slide.body[:0], carried = carried, []
        hidden = [block for block in slide.body if not (isinstance(block, Markdown) and not block.text.strip())]
        if (index + 1 < len(slides) and not slide.title and not slide.attrs.classes and not slide.attrs.values
                and hidden and all(isinstance(block, Cell) and block.options.get("include") is False for block in hidden)):
            carried = slide.body
            continue
        kept.append(slide)
    return kept


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


def take_footnotes(items: list[Item]) -> tuple[list[Item], dict[str, Markdown]]:
    """Remove `[^label]: text` definitions (with indented continuation lines) from the body."""
    kept: list[Item] = []
    notes: dict[str, Markdown] = {}
    index = 0
    while index < len(items):
        item = items[index]
        index += 1
        match = FOOTNOTE.match(item[1]) if isinstance(item, tuple) else None
        if match is None or not isinstance(item, tuple):
            kept.append(item)
            continue
        body = [match["text"]]
        while index < len(items) and (_continues(items[index]) or (
            text_of(items[index]) == "" and index + 1 < len(items) and _continues(items[index + 1]))):
            text = text_of(items[index]) or ""
            body.append(text[4:] if text.startswith("    ") else text.lstrip("\t"))
            index += 1
        notes[match["label"]] = Markdown("\n".join(body), item[0])
    return kept, notes


def _continues(item: Item) -> bool:
    """An indented line: part of the footnote above it."""
    text = text_of(item)
    return text is not None and text.startswith(("    ", "\t"))


@dataclass
class _Pending:
    title: str
    level: int
    attrs: Attrs
    line: int
    items: list[Item] = field(default_factory=list)


def split_slides(items: list[Item], path: Path, slide_level: int = 2, *, inline_code: bool = False) -> list[Slide]:
    """Cut the body at top-level headings and rules (never inside code fences or divs);
    `inline_code`: Quarto's `` `{python} x` `` are expressions (not in a notebook's text).

    Pandoc's rule, with Quarto's slide level 2 by default: a heading of `slide_level` starts a
    slide (level 2 in the model), one above it starts a section (level 1), and one below it is
    a heading inside the slide; slide level 0 splits at rules only."""
    parser = BlockParser(path, inline_code=inline_code)
    first = lines_of(items[:1])
    pending: list[_Pending] = [_Pending("", 0, Attrs(), first[0][0] if first else 1)]
    depth = 0
    for item in items:
        current = pending[-1]
        if isinstance(item, Mark) and item.kind != "pause":
            depth = depth + 1 if item.kind == "open" else max(depth - 1, 0)
        elif isinstance(item, tuple) and depth == 0 and (started := _slide_start(current, item, slide_level)) is not None:
            pending.append(started)
            continue
        current.items.append(item)
    def has_content(p: _Pending) -> bool:
        return any(not isinstance(item, tuple) or item[1].strip() for item in p.items)

    # A rule right before a slide's heading starts no slide of its own (pandoc's rule).
    kept = [p for index, p in enumerate(pending)
            if (p is not pending[0] or has_content(p))
            and not (p.level == 0 and not has_content(p) and index + 1 < len(pending) and pending[index + 1].level == 2)]
    return [Slide(p.title, p.level, p.attrs, parser.parse(p.items), p.line) for p in kept]


def _slide_start(current: _Pending, line: Line, slide_level: int = 2) -> _Pending | None:
    """The slide that `line` starts, if it starts one."""
    number, text = line
    found = heading(text)
    if found and found[1] <= slide_level:
        return _Pending(found[0], 2 if found[1] == slide_level else 1, found[2], number)
    setext = SETEXT.match(text)
    previous = text_of(current.items[-1]) if current.items else None
    level = 1 if setext and setext.group(1)[0] == "=" else 2
    if setext and previous and previous.strip() and not RULE.match(previous) and level <= slide_level:
        current.items.pop()
        title, attrs = split_trailing(previous.strip())
        return _Pending(title, 2 if level == slide_level else 1, attrs or Attrs(), number - 1)
    if RULE.match(text):
        return _Pending("", 0, Attrs(), number)
    return None


def heading(text: str) -> tuple[str, int, Attrs] | None:
    """(title, level, attributes) of an ATX heading line (`#` to `######`); None for any other line."""
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
