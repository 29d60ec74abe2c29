"""A deck's body as the slides are cut from it: `{{< include >}}` files pasted in, shortcodes
replaced, each line keeping where it came from.

As in Quarto, an include is a line of its own and is the same as pasting the file there: its
relative paths (images, further includes) are read from the deck's folder, a path starting
with `/` from the project's root; its cells run with the deck's. Included files are read under
the deck's read rule (`ReadRule`), nest at most `MAX_DEPTH` deep, and may not include
themselves. Code fences are passed through whole: an include or a shortcode in a code block is
shown, not expanded. Quarto's escaped cell fence, ```` ```{{python}} ````, becomes a code block
that shows the cell as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from deckbuild.errors import DeckError
from deckbuild.rendering.resources import ReadRule, read_utf8
from deckbuild.sources import frontmatter
from deckbuild.sources.origins import Origins
from deckbuild.sources.scanner import FENCE, Fence, Item, Line, Mark, scan

INCLUDE = re.compile(r"^ {0,3}\{\{<\s*include\s+(?P<target>\"[^\"]+\"|'[^']+'|[^\s>]+)\s*>\}\}\s*$")
INLINE_INCLUDE = re.compile(r"(?<!\{)\{\{<\s*include\s")
ESCAPED_CELL = re.compile(r"^\{\{(?P<lang>[A-Za-z][\w+-]*)(?P<rest>[^}]*)\}\}$")
MAX_SHORTCODE_LINES = 10
MAX_DEPTH = 16
"""Includes inside includes: real decks use two or three levels; past this it is a mistake."""

LineExpander = Callable[[str, Path, int], list[str]]


@dataclass
class Expanded:
    """The lines to cut into slides, where they came from, and what was read and noticed."""

    lines: list[Line]
    origins: Origins | None
    """None when every line is the deck's own, at its own number."""
    files: list[Path] = field(default_factory=list)
    """The included files, resolved: inputs of the deck."""
    warnings: list[DeckError] = field(default_factory=list)


@dataclass
class _Expander:
    deck: Path
    rule: ReadRule
    root: Path
    shortcodes: LineExpander
    out: list[tuple[Path, int, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    warnings: list[DeckError] = field(default_factory=list)

    def lines(self, lines: list[Line], path: Path, chain: tuple[Path, ...]) -> None:
        items = scan(lines)
        index = 0
        while index < len(items):
            item = items[index]
            index += 1
            if isinstance(item, Fence):
                self._fence(item, path)
            elif isinstance(item, Mark):
                self.out.append((path, item.line, item.text))
            else:
                number, text = item
                if text.rfind("{{<") > text.rfind(">}}"):  # a shortcode written over several lines
                    text, index = _joined(text, items, index)
                self._line(number, text, path, chain)

    def _line(self, number: int, text: str, path: Path, chain: tuple[Path, ...]) -> None:
        if include := INCLUDE.match(text):
            self._include(include["target"].strip("\"'"), path, number, chain)
            return
        if INLINE_INCLUDE.search(text):
            raise DeckError("an include must be a line of its own", path=path, line=number,
                            fix="put {{< include file.qmd >}} alone on its line, with blank lines around it")
        self.out.extend((path, number, line) for line in self.shortcodes(text, path, number))

    def _fence(self, fence: Fence, path: Path) -> None:
        """A code fence as it is, unless it is an escaped cell (then a block that shows the cell);
        in a code block or a raw block, an include line is the file's
        text, as Quarto 1.4 and later paste it there (also in a cell, whose code it then is), unless
        the fence says `shortcodes=false`."""
        opener = FENCE.match(fence.lines[0][1])
        escaped = ESCAPED_CELL.match(fence.info) if opener else None
        if opener is None or escaped is None:
            literal = re.search(r"\bshortcodes\s*=\s*[\"']?false", fence.info, re.IGNORECASE) is not None
            for number, text in fence.lines:
                include = None if literal or number == fence.line else INCLUDE.match(text)
                if include is None:
                    self.out.append((path, number, text))
                    continue
                shown, _, body, body_line = self._read(include["target"].strip("\"'"), path, number, (), literal=True)
                self.out.extend((shown, body_line + offset, line) for offset, line in enumerate(body.rstrip("\n").split("\n")))
            return
        marker = opener["fence"] + opener["fence"][0]  # longer than the cell's own fence shown inside it
        number, _ = fence.lines[0]
        self.out.append((path, number, f"{marker} {{.markdown .cell-code}}"))
        self.out.append((path, number, f"{opener['fence']}{{{escaped['lang']}{escaped['rest']}}}"))
        self.out.extend((path, line, text) for line, text in fence.lines[1:])
        if not fence.closed:
            self.out.append((path, fence.lines[-1][0], opener["fence"]))
        self.out.append((path, fence.lines[-1][0], marker))

    def _include(self, target: str, path: Path, line: int, chain: tuple[Path, ...]) -> None:
        shown, found, body, body_line = self._read(target, path, line, chain)
        self.lines([(body_line + offset, text) for offset, text in enumerate(body.split("\n"))], shown, (*chain, found))

    def _read(self, target: str, path: Path, line: int, chain: tuple[Path, ...], *,
              literal: bool = False) -> tuple[Path, Path, str, int]:
        """The file an include names, checked: (as named, resolved, its text, its first line);
        `literal`: as it is, for a code block (a YAML file's `---` is not front matter there)."""
        def mistake(problem: str, fix: str) -> DeckError:
            return DeckError(f"include `{target}` {problem}", path=path, line=line, fix=fix)

        if len(chain) > MAX_DEPTH:
            raise mistake(f"nests includes more than {MAX_DEPTH} deep", "include the files from fewer levels")
        shown = self.root / target.lstrip("/") if target.startswith("/") else self.deck.parent / target
        found = shown.resolve()
        if found in chain:
            cycle = " → ".join(p.name for p in (*chain[chain.index(found):], found))
            raise mistake(f"includes itself ({cycle})", "remove the include that closes the circle")
        refusal = self.rule.refusal(found)
        if refusal is not None:
            raise mistake(*refusal)
        if not found.is_file():
            raise mistake("not found" if not found.exists() else "is not a regular file",
                          f"check the path; it is read relative to {self.deck.parent.resolve()}, as Quarto does")
        text = read_utf8(found, "included file").replace("\r\n", "\n").replace("\r", "\n")
        yaml_text, body, body_line = ("", text, 1) if literal else _front_matter(text, shown)
        if yaml_text:
            self.warnings.append(DeckError("the included file's front matter is ignored", path=shown, line=1,
                                           fix="put its settings in the deck's own front matter"))
        self.files.append(found)
        return shown, found, body, body_line


def _joined(text: str, items: list[Item], index: int) -> tuple[str, int]:
    """`text` with the plain lines after it that finish its open shortcode (`{{< video` …
    `>}}`), as one line; and the index after them. Unfinished within `MAX_SHORTCODE_LINES`, the
    line stays as it is."""
    parts = [text]
    for ahead in range(index, min(index + MAX_SHORTCODE_LINES, len(items))):
        following = items[ahead]
        if not isinstance(following, tuple) or not following[1].strip():
            break
        parts.append(following[1].strip())
        if ">}}" in following[1]:
            return " ".join(parts), ahead + 1
    return text, index


def _front_matter(text: str, shown: Path) -> tuple[str, str, int]:
    """An included file's own front matter split off: a `---` block at its top that holds
    `key:` lines (a `---` followed by a slide is a slide break, not front matter)."""
    if not text.startswith("---"):
        return "", text, 1
    try:
        yaml_text, _, body, body_line = frontmatter.split(text)
    except DeckError:
        return "", text, 1
    if not re.match(r"\s*[\w-]+\s*:", yaml_text):
        return "", text, 1
    return yaml_text, body, body_line


def expand(body: list[Line], deck: Path, rule: ReadRule, root: Path | None, shortcodes: LineExpander) -> Expanded:
    """The body with includes and shortcodes expanded (see the module's docstring)."""
    expander = _Expander(deck, rule, root or deck.parent, shortcodes)
    expander.lines(body, deck, (deck.resolve(),))
    out = expander.out
    if len(out) == len(body) and all(p is deck and number == line for (p, number, _), (line, _) in zip(out, body, strict=True)):
        return Expanded([(line, text) for _, line, text in out], None, expander.files, expander.warnings)
    origins = Origins(deck)
    lines = [(origins.number(p, number), text) for p, number, text in out]
    return Expanded(lines, origins, expander.files, expander.warnings)
