"""Pandoc's grid tables: cells drawn with `+`, `-`, `=` and `|`, each holding block Markdown.

    +---------+:-------:+
    | Fruit   | Price   |
    +=========+=========+
    | Bananas | - cheap |
    |         | - ripe  |
    +---------+---------+

The line of `=` ends the header (a table may have none); colons on it (or on the top line of a
table without a header) align the columns, as in pipe tables. A cell may span columns or rows:
its borders are traced from its top-left corner, as docutils and pandoc do. Each column's
width is its share of the text width (72 characters, or the table's own width if it is wider),
pandoc's rule; `tables.py` writes it as a `<colgroup>`.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from deckbuild.errors import DeckError

TEXT_WIDTH = 72
"""pandoc's `--columns`: what a table's width in characters is measured against."""
BORDER = re.compile(r"\+(?:[-=:]+\+)+")
HEADER_LINE = re.compile(r"\+(?::?=+:?\+)+")
PATTERN = r"^ {0,3}\+(?:[-=:]+\+)+[ \t]*(?:\n {0,3}[+|][^\n]*)+(?:\n|$)"
"""A table: a border line, then every line that starts with `+` or `|` (mistune's rule). A
border line alone is a paragraph, as in pandoc."""
EDGE = frozenset("-=:+")


class GridError(ValueError):
    """A grid table that cannot be read; `line` counts from its first line (0)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class GridCell:
    row: int
    column: int
    rowspan: int
    colspan: int
    text: str
    """Its Markdown, dedented."""
    line: int
    """Its first line, counted from the table's (0)."""


@dataclass(frozen=True, slots=True)
class GridTable:
    columns: list[int]
    """Each column's width in characters, with one border."""
    aligns: list[str | None]
    header_rows: int
    cells: list[GridCell]
    """Row by row, left to right."""
    width: int
    """The table's width in characters."""

    def widths(self) -> list[float]:
        """Each column's share of the text width, in percent (pandoc's rule)."""
        total = max(TEXT_WIDTH, self.width)
        return [round(100 * width / total, 2) for width in self.columns]

    @property
    def rows(self) -> int:
        return max((cell.row + cell.rowspan for cell in self.cells), default=0)


def parse_grid(text: str) -> GridTable:
    """The table drawn in `text` (its lines may be indented by up to three spaces)."""
    raw = textwrap.dedent(text.rstrip("\n")).split("\n")
    lines = [line.rstrip() for line in raw]
    for number, line in enumerate(lines):
        if not line.startswith(("+", "|")):
            raise GridError("a grid table's lines start with `+` or `|`", number)
    if len(lines) < 2:
        raise GridError("a grid table has a border line above and below its cells", 0)
    if not BORDER.fullmatch(lines[0]):
        raise GridError("a grid table starts with a border line such as +----+----+", 0)
    if not BORDER.fullmatch(lines[-1]):
        raise GridError("a grid table ends with a border line such as +----+----+", len(lines) - 1)
    width = max(len(line) for line in lines)
    grid = [line.ljust(width) for line in lines]
    xs = [x for x, char in enumerate(lines[0]) if char == "+"]
    ys = [y for y, line in enumerate(lines) if line.startswith("+")]
    header = next((y for y in ys[1:] if HEADER_LINE.fullmatch(lines[y])), None)  # the last: all header
    cells = _cells(grid, xs, ys)
    header_rows = ys.index(header) if header is not None else 0
    align_line = lines[header] if header is not None else lines[0]
    aligns = [_align(align_line[a + 1:b]) for a, b in pairwise(xs)]
    columns = [b - a for a, b in pairwise(xs)]
    return GridTable(columns, aligns, header_rows, cells, xs[-1] + 1)


def _align(segment: str) -> str | None:
    left, right = segment.startswith(":"), segment.endswith(":")
    return "center" if left and right else "left" if left else "right" if right else None


def _cells(grid: list[str], xs: list[int], ys: list[int]) -> list[GridCell]:
    taken = [[False] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    cells = []
    for row in range(len(ys) - 1):
        for column in range(len(xs) - 1):
            if taken[row][column]:
                continue
            cell = _trace(grid, xs, ys, row, column)
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.column, cell.column + cell.colspan):
                    if taken[r][c]:
                        raise GridError("two cells of the grid table overlap", ys[r])
                    taken[r][c] = True
            cells.append(cell)
    return cells


def _trace(grid: list[str], xs: list[int], ys: list[int], row: int, column: int) -> GridCell:
    """The cell whose top-left corner is (ys[row], xs[column]): right along its top edge to the
    first column border that goes down, then down that border to the first row border under it."""
    top, left = ys[row], xs[column]
    if grid[top][left] != "+":
        raise GridError("a cell of the grid table has no `+` at its top-left corner", top)
    for right_index in range(column + 1, len(xs)):
        right = xs[right_index]
        if not set(grid[top][left:right + 1]) <= EDGE:
            break
        if grid[top + 1][right] not in "|+":
            continue
        for bottom_index in range(row + 1, len(ys)):
            bottom = ys[bottom_index]
            sides = all(grid[y][left] in "|+" and grid[y][right] in "|+" for y in range(top + 1, bottom))
            if not sides:
                break
            if set(grid[bottom][left:right + 1]) <= EDGE and grid[bottom][right] == "+" and grid[bottom][left] == "+":
                text = _content(grid, top, bottom, left, right)
                return GridCell(row, column, bottom_index - row, right_index - column, text, top + 1)
    raise GridError("a cell of the grid table is not closed: each needs `|` at both sides and a border below", top)


def _content(grid: list[str], top: int, bottom: int, left: int, right: int) -> str:
    body = [grid[y][left + 1:right].rstrip() for y in range(top + 1, bottom)]
    return textwrap.dedent("\n".join(body)).strip("\n")


# mistune: the block rule, and the tokens it makes for the renderer.


def grid_table_plugin(first_line: Any) -> Any:
    """The plugin; `first_line()` is the source line of the Markdown run being parsed (for errors)."""

    def parse(block: Any, m: re.Match[str], state: Any) -> int:
        try:
            table = parse_grid(m.group(0))
        except GridError as exc:
            line = first_line() + state.line_at(m.start()) + exc.line
            fix = "draw every cell with `|` at its sides and `+---+` borders, the header ended by `+===+`"
            raise DeckError(f"grid table: {exc}", line=line, fix=fix) from None
        state.append_token(_token(block, state, table))
        return m.end()

    def plugin(md: Any) -> None:
        md.block.register("grid_table", PATTERN, parse, before="paragraph")
        for name, render in RENDERERS.items():
            md.renderer.register(name, render)

    return plugin


def _token(block: Any, state: Any, table: GridTable) -> dict[str, Any]:
    rows: list[list[dict[str, Any]]] = [[] for _ in range(table.rows)]
    for cell in table.cells:
        child = state.child_state(cell.text + "\n")
        block.parse(child)
        head = cell.row < table.header_rows
        attrs = {"head": head, "align": table.aligns[cell.column], "rowspan": cell.rowspan, "colspan": cell.colspan}
        rows[cell.row].append({"type": "grid_cell", "children": _loose(child.tokens), "attrs": attrs})
    tokens = [{"type": "grid_row", "children": row} for row in rows]
    parts = []
    if table.header_rows:
        parts.append({"type": "grid_head", "children": tokens[:table.header_rows]})
    parts.append({"type": "grid_body", "children": tokens[table.header_rows:]})
    return {"type": "grid_table", "children": parts, "attrs": {"widths": table.widths()}}


def _loose(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A cell holding one paragraph shows its text without the `<p>`, as pandoc writes it."""
    shown = [token for token in tokens if token["type"] != "blank_line"]
    if len(shown) == 1 and shown[0]["type"] == "paragraph":
        return [{"type": "block_text", "text": shown[0]["text"]} if "text" in shown[0] else
                {"type": "block_text", "children": shown[0]["children"]}]
    return tokens


def _render_table(renderer: Any, text: str, widths: list[float]) -> str:
    return "<table>\n" + text + "</table>\n"


def _render_section(tag: str) -> Any:
    return lambda renderer, text: f"<{tag}>\n{text}</{tag}>\n"


def _render_cell(renderer: Any, text: str, head: bool, align: str | None, rowspan: int, colspan: int) -> str:
    tag = "th" if head else "td"
    spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    style = f' style="text-align: {align};"' if align else ""
    return f"  <{tag}{spans}{style}>{text.strip()}</{tag}>\n"


RENDERERS = {
    "grid_table": _render_table,
    "grid_head": _render_section("thead"),
    "grid_body": _render_section("tbody"),
    "grid_row": _render_section("tr"),
    "grid_cell": _render_cell,
}
