"""Quarto's code annotations: `# <1>` markers at line ends, explained by the numbered list
right after the block.

The markers are written in the language's own comment syntax (`# <1>` in Python, `// <1>` in
JavaScript, `-- <1>` in SQL, `<!-- <1> -->` in HTML, …), so the code still runs with them.
Shown, they are taken out of the code and become numbered buttons at the end of their lines;
the list becomes Quarto's `<dl class="code-annotation-container-grid">`. `code-annotations`
says how: `below` (the list under the code), `hover` / `select` (the list hidden, each item a
tooltip shown by hovering over or clicking its marker: code_annotations.js), `none` (markers
and list both removed), `false` (nothing done: the markers stay in the code as comments).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from deckbuild.model import Block, Cell, CodeBlock, Div, Markdown

MODES = ("below", "hover", "select", "none")

_COMMENTS = {
    "#": "python r bash sh shell zsh yaml toml julia ruby perl powershell make dockerfile nim coffee elixir",
    "//": "javascript js typescript ts c cpp c++ java rust go kotlin swift scala dart csharp cs php groovy ojs jsx tsx",
    "--": "sql lua haskell ada elm",
    "%": "matlab octave tex latex erlang prolog",
    ";": "lisp clojure scheme racket elisp asm ini",
    "'": "vb vba vbnet",
}
COMMENT_OF = {language: prefix for prefix, names in _COMMENTS.items() for language in names.split()}
BLOCK_COMMENTS = {"html": ("<!--", "-->"), "xml": ("<!--", "-->"), "svg": ("<!--", "-->"), "markdown": ("<!--", "-->"),
                  "md": ("<!--", "-->"), "css": ("/*", "*/"), "scss": ("/*", "*/")}  # fmt: skip

LINE_COMMENTS_TOO = ("scss", "less")

_ITEM = re.compile(r"^(?P<number>\d{1,3})[.)](?:[ \t]+(?P<text>.*))?$")
_CONTINUATION = re.compile(r"^(?:[ \t]{2,}|\t)\S")


def marker_pattern(language: str) -> re.Pattern[str]:
    """The marker at a line's end, in the language's comment syntax (`#` for one we do not know);
    SCSS (and Less) take `// <1>` too, their line comment."""
    if language.lower() in BLOCK_COMMENTS:
        opening, closing = (re.escape(part) for part in BLOCK_COMMENTS[language.lower()])
        block = rf"{opening}[ \t]*<(?P<number>\d{{1,3}})>[ \t]*{closing}"
        if language.lower() in LINE_COMMENTS_TOO:
            return re.compile(rf"[ \t]*(?:{block}|//[ \t]*<(?P<line_number>\d{{1,3}})>)[ \t]*$")
        return re.compile(rf"[ \t]*{block}[ \t]*$")
    prefix = re.escape(COMMENT_OF.get(language.lower(), "#"))
    return re.compile(rf"[ \t]*{prefix}[ \t]*<(?P<number>\d{{1,3}})>[ \t]*$")


@dataclass(frozen=True, slots=True)
class Marked:
    """Code with its markers taken out, and the lines (1-based) each annotation number marks."""

    code: str
    lines: dict[int, list[int]] = field(default_factory=dict)
    """Annotation number → its lines, in order."""

    def by_line(self) -> dict[int, list[int]]:
        """Line → the annotation numbers marking it."""
        found: dict[int, list[int]] = {}
        for number, lines in sorted(self.lines.items()):
            for line in lines:
                found.setdefault(line, []).append(number)
        return found


def take_markers(code: str, language: str) -> Marked:
    """Markers out of `code`; code without any comes back as it is."""
    pattern = marker_pattern(language)
    kept: list[str] = []
    lines: dict[int, list[int]] = {}
    for number, line in enumerate(code.split("\n"), start=1):
        match = pattern.search(line)
        if match:
            marked = match["number"] or match.groupdict()["line_number"]  # one of the two forms matched
            lines.setdefault(int(marked), []).append(number)
            line = line[: match.start()]
        kept.append(line)
    return Marked("\n".join(kept), lines) if lines else Marked(code)


@dataclass(frozen=True, slots=True)
class Item:
    number: int
    text: str
    """Its Markdown, continuation lines dedented."""
    line: int
    """The source line it starts on."""


@dataclass(frozen=True, slots=True)
class AnnotationList:
    items: list[Item]
    rest: Markdown | None
    """The Markdown after the list, or None when the list was all of it."""


def split_list(block: Markdown) -> AnnotationList | None:
    """The numbered list that opens `block`, and what follows it; None when it opens with something else."""
    lines = block.text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines) or not _ITEM.match(lines[start]):
        return None
    items: list[tuple[int, list[str], int]] = []
    index = start
    while index < len(lines):
        text = lines[index]
        item = _ITEM.match(text)
        if item:
            items.append((int(item["number"]), [item["text"] or ""], block.line + index))
        elif not text.strip():
            if not _more_items(lines, index):
                break
        elif _CONTINUATION.match(text) or (lines[index - 1].strip() and not _starts_block(text)):
            items[-1][1].append(text.strip())  # an indented line, or the paragraph going on (pandoc's laziness)
        else:
            break
        index += 1
    rest_text = "\n".join(lines[index:])
    rest = Markdown(rest_text, block.line + index) if rest_text.strip() else None
    return AnnotationList([Item(n, "\n".join(t).strip(), line) for n, t, line in items], rest)


def _starts_block(text: str) -> bool:
    return bool(re.match(r"^(?:[-*+] |#{1,6} |>|```|~~~|\|)", text))


def _more_items(lines: list[str], index: int) -> bool:
    """Whether the list goes on after the blank line at `index`."""
    for text in lines[index + 1:]:
        if text.strip():
            return bool(_ITEM.match(text) or _CONTINUATION.match(text))
    return False


@dataclass(slots=True)
class Plan:
    """Which blocks of a slide carry annotations, found before the slide is rendered."""

    lists: dict[int, list[Item]] = field(default_factory=dict)
    """`id()` of a code block or cell → its annotation items."""
    rest: dict[int, Markdown | None] = field(default_factory=dict)
    """`id()` of a Markdown block that opened with a list → what is left of it."""


def plan(blocks: list[Block], marks_in: Callable[[CodeBlock | Cell], bool]) -> Plan:
    """Pair each code block or cell that has markers (`marks_in(block)`) with the numbered list
    in the Markdown right after it, in `blocks` and in every div below them."""
    found = Plan()
    stack = [blocks]
    while stack:
        siblings = stack.pop()
        for index, block in enumerate(siblings):
            after = siblings[index + 1] if index + 1 < len(siblings) else None
            if isinstance(block, Div):
                stack.append(block.children)
            elif isinstance(block, (CodeBlock, Cell)) and isinstance(after, Markdown) and marks_in(block):
                split = split_list(after)
                if split is not None:
                    found.lists[id(block)] = split.items
                    found.rest[id(after)] = split.rest
    return found


def anchor(cell_id: str, number: int) -> str:
    """A marker's button at the end of its line."""
    return (f'<button class="code-annotation-anchor" data-target-cell="{cell_id}" data-target-annotation="{number}"'
            f' type="button">{number}</button>')


def annotation_list(cell_id: str, items: list[tuple[Item, str]], marked: Marked, mode: str) -> str:
    """Quarto's `<dl>` of annotations: each number, and its text with the lines it explains."""
    hidden = " code-annotation-container-hidden" if mode in ("hover", "select") else ""
    rows = []
    for item, text in items:
        lines = ",".join(str(n) for n in marked.lines.get(item.number, []))
        rows.append(f'<dt data-target-cell="{cell_id}" data-target-annotation="{item.number}">{item.number}</dt>'
                    f'<dd><span data-code-cell="{cell_id}" data-code-lines="{lines}" '
                    f'data-code-annotation="{item.number}">{text}</span></dd>')
    return (f'<div class="cell-annotation"><dl class="code-annotation-container-grid{hidden}" '
            f'data-code-annotations="{html.escape(mode)}">{"".join(rows)}</dl></div>')
