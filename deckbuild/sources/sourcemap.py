"""`deckbuild map`: which source line (Markdown) or cell (notebook) went to which slide.

Notebook authors cannot see slide types in the notebook itself; the map shows each cell's
slide, its place in reveal.js's grid (`column` or `column.row`), and its role: starting a
slide or a subslide, content, a fragment, speaker notes, or why no slide shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from deckbuild.model import Block, Deck, Div, cell_at, starts_column


@dataclass(frozen=True, slots=True)
class Row:
    where: str
    """`line 12` or `cell 3`."""
    slide: int | None
    """The slide's number as the deck shows it; None for what no slide shows."""
    place: str
    role: str
    title: str = ""


def deck_rows(deck: Deck) -> list[tuple[int, Row]]:
    """(source line, row) for every slide start, fragment, notes block and shown block."""
    rows: list[tuple[int, Row]] = []
    column, row_index = (1 if deck.slides and deck.slides[0].number == 2 else 0), 1
    mode = deck.config.navigation_mode
    for index, slide in enumerate(deck.slides):
        if index == 0 or starts_column(slide, mode):
            column, row_index = column + 1, 1
        else:
            row_index += 1
        following = deck.slides[index + 1] if index + 1 < len(deck.slides) else None
        stacked = row_index > 1 or (following is not None and not starts_column(following, mode))
        place = f"{column}.{row_index}" if stacked else str(column)
        kind = "subslide" if row_index > 1 else "slide"
        rows.append((slide.line, Row(_where(deck, slide.line), slide.number, place, kind, slide.title)))
        for line, role in _roles(slide.body, "content", iter(range(1, 10_000))):
            rows.append((line, Row(_where(deck, line), slide.number, place, role, slide.title)))
    return rows


def _where(deck: Deck, line: int) -> str:
    """The line as the author finds it: in the deck, or in the file it includes."""
    return deck.origins.shown(line) if deck.origins else f"line {line}"


def _roles(blocks: list[Block], role: str, fragments: Iterator[int]) -> Iterator[tuple[int, str]]:
    for block in blocks:
        if isinstance(block, Div) and block.attrs.has("notes"):
            yield block.line, "notes" if role == "content" else f"notes in {role}"
        elif isinstance(block, Div) and block.attrs.has("fragment"):
            inner = f"fragment {next(fragments)}"
            yield block.line, inner
            yield from _roles(block.children, inner, fragments)
        elif isinstance(block, Div):
            yield from _roles(block.children, role, fragments)
        else:
            yield block.line, role


def markdown_map(deck: Deck) -> list[Row]:
    """Slide starts, fragments and notes, by source line (a fragment's content not repeated)."""
    rows: list[Row] = []
    for _, row in deck_rows(deck):
        if row.role != "content" and not (rows and (rows[-1].slide, rows[-1].role) == (row.slide, row.role)):
            rows.append(row)
    return rows


def notebook_map(deck: Deck, unshown: dict[int, str]) -> list[Row]:
    """One row per cell and slide it lands on (its first role there), or why it is not shown."""
    by_cell: dict[int, list[Row]] = {}
    for line, row in deck_rows(deck):
        number = cell_at(deck.cell_lines, line)[0]
        seen = by_cell.setdefault(number, [])
        if all(r.slide != row.slide for r in seen):
            seen.append(Row(f"cell {number}", row.slide, row.place, row.role, row.title))
    rows: list[Row] = []
    for number in range(1, len(deck.cell_lines) + 1):
        if number in unshown or number not in by_cell:
            rows.append(Row(f"cell {number}", None, "", unshown.get(number, "empty")))
        else:
            rows += by_cell[number]
    return rows


def format_map(rows: list[Row]) -> str:
    table = [("source", "slide", "place", "role", "title")]
    table += [(r.where, str(r.slide) if r.slide else "-", r.place or "-", r.role, r.title) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, [*widths, 0], strict=True)).rstrip() for line in table)


def source_map(deck: Deck) -> list[Row]:
    """The map of any deck: by cell for a notebook, by line otherwise."""
    if deck.path.suffix.lower() != ".ipynb":
        return markdown_map(deck)
    from deckbuild.sources.notebook import read_notebook, unshown

    return notebook_map(deck, unshown(read_notebook(deck.path)))
