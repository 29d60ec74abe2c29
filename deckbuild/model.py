"""The deck model: what every stage passes to the next. Plain data, no I/O.

A source is parsed into a `Deck` of `Slide`s whose bodies are trees of blocks (`Markdown`,
`Div`, `CodeBlock`, `RawBlock`, `Cell`). Execution fills `Cell.outputs`; rendering turns the
tree into HTML. Every node keeps the source line it came from, so errors can point at it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from deckbuild.config import DeckConfig
from deckbuild.errors import DeckError
from deckbuild.options import CellOptions

if TYPE_CHECKING:
    from deckbuild.project import Project
    from deckbuild.sources.origins import Origins


@dataclass(slots=True)
class Attrs:
    """Pandoc-style attributes: `{#id .class key=value}`."""

    id: str = ""
    classes: list[str] = field(default_factory=list)
    """In source order."""
    values: dict[str, str] = field(default_factory=dict)
    """Key/value pairs, unquoted."""

    def has(self, cls: str) -> bool:
        return cls in self.classes


@dataclass(slots=True)
class Markdown:
    """A run of Markdown text with no fenced divs or code cells inside."""

    text: str
    line: int
    """Line of the run's first line in the source file (1-based)."""
    inline: list[Cell] = field(default_factory=list)
    """Its inline expressions (`` `{python} x` ``), in order: hidden cells placed before it."""


@dataclass(slots=True)
class Div:
    """A fenced div `::: {.class}` … `:::`, or a pause's fragment."""

    attrs: Attrs
    children: list[Block]
    line: int


EMBED_FILE = "data-embed-file"
"""The attribute that carries a knitr `{embed}` cell's file from the source to the renderer,
which reads it under the deck's read rule (`SlideRenderer._code`)."""


@dataclass(slots=True)
class CodeBlock:
    """Code shown, not run: ```` ```python ```` or ```` ``` {.python code-line-numbers="1|2"} ````."""

    code: str
    language: str
    attrs: Attrs
    line: int


@dataclass(slots=True)
class RawBlock:
    """```` ```{=html} ```` content, passed to the page untouched."""

    format: str
    text: str
    line: int


@dataclass(slots=True)
class Output:
    """One Jupyter output, as nbformat defines it."""

    output_type: Literal["stream", "display_data", "execute_result", "error"]
    data: dict[str, Any] = field(default_factory=dict)
    """MIME bundle of display_data / execute_result (text values joined into one string)."""
    metadata: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    """Stream name: stdout or stderr."""
    text: str = ""
    """Stream text."""
    ename: str = ""
    evalue: str = ""
    traceback: list[str] = field(default_factory=list)
    """Error traceback lines, ANSI colours kept."""


@dataclass(slots=True)
class Cell:
    """An executable code cell: ```` ```{python} ```` in Markdown, a code cell in a notebook."""

    source: str
    """The code without its `#|` option lines."""
    language: str
    options: dict[str, Any]
    """`#|` options, as written (YAML values); the deck's `execute:` defaults are not merged in."""
    line: int
    """Line of the opening fence (or of the notebook cell's first source line)."""
    outputs: list[Output] = field(default_factory=list)
    execution_count: int | None = None
    tags: list[str] = field(default_factory=list)
    """Notebook cell tags (`remove-input`, …)."""
    slide: int = 0
    """Number of the slide holding the cell, as the deck shows it, for messages."""
    slide_title: str = ""
    number: int = 0
    """Its number in the notebook (0 in a Markdown deck): how progress names it."""
    resolved: CellOptions | None = None
    """Its effective options (the deck's `execute:` under its own), resolved once by the
    execution stage; rendering reads them here."""

    def label(self) -> str:
        """How error messages name the slide the cell is on."""
        return f'slide {self.slide} "{self.slide_title}"' if self.slide_title else f"slide {self.slide}"


BROWSER_ENGINES = {
    "ojs": "Observable JS", "webr": "webR", "webr-r": "webR", "pyodide": "Pyodide", "pyodide-python": "Pyodide",
    "shinylive-python": "Shinylive", "shinylive-r": "Shinylive",
}
"""Cells that Quarto (or its extensions) runs in the reader's browser: no Jupyter kernel runs
them, and deckbuild's decks carry no such runtime, so they are shown, never run
(`deckbuild.rendering.browser_cells`); the source keeps them as `Cell`s."""


@dataclass(slots=True)
class Diagram:
    """A ```` ```{mermaid} ```` or ```` ```{dot} ```` cell: drawn at build time, never run in a kernel."""

    engine: Literal["mermaid", "dot"]
    source: str
    """The diagram without its `%%|` / `//|` option lines ("" when `file:` names it)."""
    options: dict[str, Any]
    """Its cell options, as written (`label`, `fig-cap`, `fig-width`, `fig-height`, `file`)."""
    line: int
    """Line of the opening fence."""
    first_line: int
    """Line of the diagram's first source line, for the engine's own line numbers."""
    svg: str = ""
    """The drawing, filled in by the diagrams stage (`deckbuild.diagrams.draw_diagrams`)."""


Block: TypeAlias = Markdown | Div | CodeBlock | RawBlock | Cell | Diagram


@dataclass(slots=True)
class Slide:
    """One slide. A level-1 heading gives a section slide (see `section`), level 2 a slide,
    `---` level 0."""

    title: str
    """Inline Markdown of the heading; empty for an untitled slide."""
    level: int
    attrs: Attrs
    body: list[Block]
    line: int
    number: int = 0
    """1-based position as the deck's slide number shows it (a title slide is number 1)."""
    stack_start: bool | None = None
    """Whether the slide opens a new horizontal position (True) or goes under the previous one
    in its vertical stack (False), when the source says so (a notebook's `slide` / `subslide`);
    None leaves it to `navigation-mode` and heading levels."""
    section: bool | None = None
    """Whether the slide is a section title slide; None: when its heading is level 1, content
    and all, as pandoc and Quarto make one. A notebook's `#` slide is one only when it holds
    nothing else: nbconvert and RISE show it as an ordinary slide with a large title."""

    @property
    def is_section(self) -> bool:
        return self.level == 1 if self.section is None else self.section

    def cells(self) -> Iterator[Cell]:
        return _cells(self.body)

    def label(self) -> str:
        """How error messages name the slide."""
        return f'slide {self.number} "{self.title}"' if self.title else f"slide {self.number}"


@dataclass(slots=True)
class Deck:
    """A whole talk, from one source file."""

    path: Path
    config: DeckConfig
    slides: list[Slide]
    footnotes: dict[str, Markdown] = field(default_factory=dict)
    """Footnote definitions by label, from anywhere in the source."""
    cell_lines: list[int] = field(default_factory=list)
    """Notebooks: the line each cell starts on when the cells are read one after another.
    Blocks of a notebook deck count lines that way; this turns them back into cell numbers."""
    widget_state: dict[str, Any] = field(default_factory=dict)
    """Notebooks: the widget state saved with it (`metadata.widgets`, JupyterLab's
    `application/vnd.jupyter.widget-state+json`), which draws its widget outputs offline."""
    project: Project | None = None
    """The project the deck belongs to (its file and defaults), found once when it is loaded."""
    origins: Origins | None = None
    """Markdown decks with `{{< include >}}`s (or shortcodes that stand for several lines):
    the file and line each of the deck's line numbers stands for."""
    included: list[Path] = field(default_factory=list)
    """The files it includes (resolved): inputs, like the source itself."""

    def cells(self) -> Iterator[Cell]:
        """Executable cells in deck order."""
        for slide in self.slides:
            yield from slide.cells()

    def place(self, error: DeckError) -> DeckError:
        """The error (or warning) placed in this deck's source, a notebook's line as its cell."""
        placed = error.place(self.path).in_cells(self.path, self.cell_lines)
        return self.origins.place(placed) if self.origins else placed


def cell_at(starts: Sequence[int], line: int) -> tuple[int, int]:
    """(cell number, line in the cell), both 1-based, of a line counted across all cells."""
    index = max(bisect.bisect_right(starts, line) - 1, 0)
    return index + 1, line - starts[index] + 1


def number_slides(slides: list[Slide], first: int) -> None:
    """Number slides as the deck shows them, and tell each cell where it is."""
    for number, slide in enumerate(slides, start=first):
        slide.number = number
        for cell in slide.cells():
            cell.slide, cell.slide_title = number, slide.title


def starts_column(slide: Slide, mode: str) -> bool:
    """Whether a slide opens a new reveal.js column (horizontal slide) rather than stacking
    under the previous one: its own `stack_start` if the source set it, else vertical mode
    stacks everything under each `#` section."""
    if slide.stack_start is not None:
        return slide.stack_start
    return mode != "vertical" or slide.level == 1


def _cells(blocks: list[Block]) -> Iterator[Cell]:
    for block in blocks:
        if isinstance(block, Cell):
            yield block
        elif isinstance(block, Div):
            yield from _cells(block.children)
