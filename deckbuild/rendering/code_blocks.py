"""A code block as Quarto shows it: highlighted (highlight.py) inside pandoc's `div.sourceCode`,
with what Quarto puts around it: a `filename=` header (`div.code-with-filename`), a folded
`<details class="code-fold">` (`code-fold`, `code-summary`), line numbers from a line other
than 1 (`startFrom`), and code annotations (annotations.py).

Code blocks (```` ``` {.python filename="app.py"} ````) and cells (`#| filename: app.py`) both
come here; their options are read into one `Decoration` first, so each is checked in one place.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from deckbuild.config import DeckConfig
from deckbuild.model import Cell, CodeBlock
from deckbuild.rendering.annotations import MODES, Item, Marked, anchor, annotation_list, take_markers
from deckbuild.rendering.highlight import highlight

FOLDS = (True, False, "show")


class DecorationError(ValueError):
    """An option of a code block that cannot be read; the caller knows the line."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


@dataclass(frozen=True, slots=True)
class Decoration:
    filename: str = ""
    fold: bool | str = False
    """False, True (folded) or "show" (a `<details>` open at first)."""
    summary: str = "Code"
    start: int = 1
    """The number of the first line, when lines are numbered."""
    annotations: str | bool = "below"
    """One of `MODES`, or False: markers left in the code as they are."""
    items: list[Item] = field(default_factory=list)
    """The annotation list found after the block (annotations.plan)."""
    background: bool = True
    """Quarto's `code-block-background`: false draws the block without its own background."""
    overflow: str = ""
    """This block's `code-overflow` (`wrap` or `scroll`, from `.code-overflow-wrap` on a block
    or `#| code-overflow:` on a cell); "" follows the deck's."""


def decoration(values: dict[str, Any], defaults: dict[str, Any], items: list[Item] | None = None,
               classes: list[str] | None = None) -> Decoration:
    """Options as written on a code block's braces or a cell's `#|` lines, over the deck's
    (`defaults`, by the same names) → a `Decoration`."""
    def option(name: str, default: Any) -> Any:
        return values.get(name, defaults.get(name, default))

    fold = option("code-fold", False)
    fold = {"true": True, "false": False}.get(fold, fold) if isinstance(fold, str) else fold
    if fold not in FOLDS:
        raise DecorationError(f"code-fold: expected true, false or show, got {fold!r}", "write code-fold: true")
    start = values.get("startFrom", values.get("start-from", 1))
    try:
        first = int(start)
    except (TypeError, ValueError):
        raise DecorationError(f"startFrom: expected a whole number, got {start!r}", 'write startFrom="10"') from None
    overflow = next((mode for mode in ("wrap", "scroll") if f"code-overflow-{mode}" in (classes or [])),
                    values.get("code-overflow", ""))
    if overflow not in ("", "wrap", "scroll"):
        raise DecorationError(f"code-overflow: expected wrap or scroll, got {overflow!r}", "write code-overflow: wrap")
    return Decoration(filename=str(values.get("filename", "")), fold=fold, summary=str(option("code-summary", "Code")),
                      start=first, annotations=annotations_mode(option("code-annotations", "below")),
                      items=items or [], background=defaults.get("code-block-background", True) is not False,
                      overflow=str(overflow))


def decoration_for(block: CodeBlock | Cell, config: DeckConfig, items: list[Item] | None = None) -> Decoration:
    """A code block's or a cell's decoration, over the deck's settings (Quarto folds only cells' code)."""
    defaults: dict[str, Any] = {"code-annotations": config.code_annotations,
                                "code-block-background": config.code_block_background}
    if isinstance(block, Cell):
        defaults.update({"code-fold": config.code_fold, "code-summary": config.code_summary})
        return decoration(block.options, defaults, items)
    return decoration(block.attrs.values, defaults, items, block.attrs.classes)


def has_markers(block: CodeBlock | Cell, config: DeckConfig) -> bool:
    """Whether the block's annotation markers are to be read (a bad mode is said where the block is rendered)."""
    values = block.attrs.values if isinstance(block, CodeBlock) else block.options
    try:
        mode = annotations_mode(values.get("code-annotations", config.code_annotations))
    except DecorationError:
        return False
    code = block.code if isinstance(block, CodeBlock) else block.source
    return mode is not False and bool(take_markers(code, block.language).lines)


def annotations_mode(value: Any) -> str | bool:
    """`code-annotations:` as Quarto reads it; `true` is its default, `below`."""
    value = {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value
    if value is True:
        return "below"
    if value is False or value in MODES:
        return value  # type: ignore[no-any-return]
    raise DecorationError(f"code-annotations: expected below, hover, select, none or false, got {value!r}",
                          "write code-annotations: hover")


@dataclass(slots=True)
class CodeIds:
    """Ids for annotated blocks (`annotated-cell-1`, …), unique in the deck: their list and
    their markers find each other by it."""

    count: int = 0

    def next(self) -> str:
        self.count += 1
        return f"annotated-cell-{self.count}"


def render_code(code: str, language: str, line_numbers: str | bool | None, decor: Decoration, ids: CodeIds,
                markdown: Callable[[str, int], str]) -> str:
    """The block's HTML; `markdown(text, line)` renders an annotation's text."""
    marked = take_markers(code, language) if decor.annotations is not False else Marked(code)
    mode = decor.annotations
    annotated = bool(marked.lines) and mode not in (False, "none")
    cell_id = ids.next() if annotated else ""
    marks = {line: "".join(anchor(cell_id, n) for n in numbers) for line, numbers in marked.by_line().items()}
    classes = ("code-annotation-code", "code-annotated") if annotated else ()
    pre = highlight(marked.code, language, line_numbers, start=decor.start, marks=marks if annotated else None,
                    classes=classes)
    attrs = f' id="{cell_id}" data-code-annotations="{mode}"' if annotated else ""
    plain = ("" if decor.background else " code-block-plain") + (f" code-overflow-{decor.overflow}" if decor.overflow else "")
    block = f'<div class="sourceCode{plain}"{attrs}>{pre}</div>'
    if decor.filename:
        block = (f'<div class="code-with-filename"><div class="code-with-filename-file"><pre><strong>'
                 f"{html.escape(decor.filename)}</strong></pre></div>{block}</div>")
    if decor.fold is not False:
        opened = " open" if decor.fold == "show" else ""
        block = (f'<details class="code-fold"{opened}><summary>{html.escape(decor.summary)}</summary>'
                 f"{block}</details>")
    if annotated and decor.items:
        texts = [(item, _inline(markdown(item.text, item.line))) for item in decor.items]
        block += annotation_list(cell_id, texts, marked, str(mode))
    return block


def _inline(rendered: str) -> str:
    text = rendered.strip()
    return text[3:-4] if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1 else text


@cache
def package_text(name: str) -> str:
    """A stylesheet or script that ships beside this module (read once per process)."""
    return resources.files("deckbuild.rendering").joinpath(name).read_text("utf-8")
