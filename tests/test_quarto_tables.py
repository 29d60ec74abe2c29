"""Grid tables (our parser, property-tested: any table drawn from cells reads back as those
cells), table captions before and after tables, and column widths as `<colgroup>`, in the HTML,
in Chromium and in the PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from quarto_blocks_support import page, slides

from deckbuild.errors import ConfigError, DeckError
from deckbuild.rendering.grid_tables import GridError, parse_grid

FRUIT = """+---------------+---------------+--------------------+
| Fruit         | Price         | Advantages         |
+:==============+==============:+:==================:+
| Bananas       | $1.34         | - built-in wrapper |
|               |               | - bright color     |
+---------------+---------------+--------------------+
| Oranges       | $2.10         | - cures scurvy     |
|               |               | - **tasty**        |
+---------------+---------------+--------------------+
"""

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789*_.,$", min_size=1, max_size=8)
CELL = st.lists(st.lists(WORD, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=3)
"""A cell's lines of words."""


def draw_table(rows: list[list[list[str]]], header: bool, aligns: list[str | None]) -> str:
    """A grid table of the cells (each a list of lines), every column as wide as its widest line."""
    columns = len(rows[0])
    widths = [max(len(line) for row in rows for line in row[c]) + 2 for c in range(columns)]

    def border(fill: str, with_aligns: bool) -> str:
        parts = []
        for c, width in enumerate(widths):
            segment = fill * width
            align = aligns[c] if with_aligns else None
            if align in ("left", "center"):
                segment = ":" + segment[1:]
            if align in ("right", "center"):
                segment = segment[:-1] + ":"
            parts.append(segment)
        return "+" + "+".join(parts) + "+"

    lines = [border("-", not header)]
    for index, row in enumerate(rows):
        height = max(len(cell) for cell in row)
        for n in range(height):
            lines.append("|" + "|".join(f" {(cell[n] if n < len(cell) else ''):<{widths[c] - 2}} "
                                        for c, cell in enumerate(row)) + "|")
        lines.append(border("=" if header and index == 0 else "-", header and index == 0))
    return "\n".join(lines) + "\n"


@settings(max_examples=100, deadline=None)
@given(data=st.data(), columns=st.integers(1, 4), count=st.integers(1, 4), header=st.booleans())
def test_any_drawn_grid_table_reads_back_as_its_cells(data: st.DataObject, columns: int, count: int, header: bool) -> None:
    rows = data.draw(st.lists(st.lists(CELL, min_size=columns, max_size=columns), min_size=count, max_size=count))
    aligns = data.draw(st.lists(st.sampled_from([None, "left", "right", "center"]), min_size=columns, max_size=columns))
    table = parse_grid(draw_table(rows, header, aligns))
    assert table.header_rows == (1 if header else 0)
    assert table.aligns == aligns
    assert [(c.row, c.column, c.rowspan, c.colspan) for c in table.cells] == [
        (r, c, 1, 1) for r in range(count) for c in range(columns)]
    assert [cell.text.split("\n") for cell in table.cells] == [
        [line.rstrip() for line in cell] for row in rows for cell in row]
    assert sum(table.columns) == table.width - 1


@settings(max_examples=80, deadline=None)
@given(text=st.text(alphabet="+-=:| ab\n", max_size=120))
def test_any_text_is_a_table_or_one_grid_error(text: str) -> None:
    try:
        table = parse_grid(text or "+")
    except GridError as exc:
        assert exc.line >= 0
    else:
        assert table.cells and all(c.rowspan >= 1 and c.colspan >= 1 for c in table.cells)


@settings(max_examples=200, deadline=None)
@given(source=st.sampled_from([FRUIT, "SPANS"]), at=st.integers(0, 10_000), char=st.sampled_from(list("+-=:| a\n")))
def test_a_table_with_one_character_changed_is_a_table_or_one_grid_error(source: str, at: int, char: str) -> None:
    text = SPANS if source == "SPANS" else source
    at %= len(text)
    try:
        parse_grid(text[:at] + char + text[at + 1:])
    except GridError as exc:
        assert 0 <= exc.line < text.count("\n") + 2


SPANS = """+-----+-----+-----+
| a   | b         |
+-----+-----+-----+
| c   | d   | e   |
+     +-----+-----+
|     | f         |
+-----+-----------+
"""


def test_cells_span_columns_and_rows() -> None:
    table = parse_grid(SPANS)
    assert [(c.text, c.row, c.column, c.rowspan, c.colspan) for c in table.cells] == [
        ("a", 0, 0, 1, 1), ("b", 0, 1, 1, 2), ("c", 1, 0, 2, 1), ("d", 1, 1, 1, 1), ("e", 1, 2, 1, 1), ("f", 2, 1, 1, 2)]


@pytest.mark.parametrize(("text", "message", "line"), [
    ("+---+---+\n| a | b |\n", "ends with a border line", 1),
    ("+---+---+\n| a | b |\nx\n+---+---+\n", "start with `+` or `|`", 2),
    ("+---+---+\n| a | b |\n| c | d  \n+---+---+\n", "not closed", 0),
    ("+---+\n| a  \n+---+\n", "not closed", 0),
    ("+---+---+\n| a | b\n+---+---+\n", "not closed", 0),
    ("+:+", "above and below", 0),
])  # fmt: skip
def test_broken_grid_tables_say_what_and_where(text: str, message: str, line: int) -> None:
    with pytest.raises(GridError) as caught:
        parse_grid(text)
    assert message in str(caught.value) and caught.value.line == line


def test_a_grid_table_renders_with_markdown_cells_alignment_and_widths(tmp_path: Path) -> None:
    soup = slides(tmp_path, "## Fruit\n\n" + FRUIT)
    table = soup.select_one("table")
    assert table is not None
    assert [th.get_text() for th in table.select("thead th")] == ["Fruit", "Price", "Advantages"]
    assert [th["style"] for th in table.select("thead th")] == [
        "text-align: left;", "text-align: right;", "text-align: center;"]
    assert [li.get_text() for li in table.select("tbody tr")[1].select("td")[2].select("li")] == ["cures scurvy", "tasty"]
    assert table.select_one("tbody strong").get_text() == "tasty"
    assert [col["style"] for col in table.select("colgroup > col")] == [
        "width: 22.22%", "width: 22.22%", "width: 29.17%"]  # 16, 16 and 21 of 72 columns
    assert "+---" not in soup.get_text()


def test_spanning_cells_render_with_rowspan_and_colspan(tmp_path: Path) -> None:
    soup = slides(tmp_path, "## Spans\n\n" + SPANS)
    cells = [(td.get_text(), td.get("rowspan"), td.get("colspan")) for td in soup.select("td")]
    assert cells == [("a", None, None), ("b", None, "2"), ("c", "2", None), ("d", None, None), ("e", None, None),
                     ("f", None, "2")]


def test_a_broken_grid_table_is_one_error_at_its_line(tmp_path: Path) -> None:
    body = "## Broken\n\nText.\n\n+---+---+\n| a | b |\n+---+---+\n| c | d  \n+---+---+\n"
    with pytest.raises(DeckError) as caught:
        slides(tmp_path, body)
    assert "grid table" in str(caught.value) and caught.value.line == 11


def test_a_border_line_alone_is_a_paragraph_as_in_pandoc(tmp_path: Path) -> None:
    soup = slides(tmp_path, "## Rule\n\n+---+---+\n\nAfter.\n")
    assert soup.select_one("table") is None
    assert [p.get_text() for p in soup.select("p")][:2] == ["+—+—+", "After."]  # pandoc's smart dashes too


PIPE = "| A | B |\n|---|---|\n| 1 | 2 |\n"


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_caption_before_or_after_a_table_is_its_caption(tmp_path: Path, where: str) -> None:
    caption = ": Some *numbers*\n"
    body = f"## T\n\n{caption}\n{PIPE}" if where == "before" else f"## T\n\n{PIPE}\n{caption}"
    soup = slides(tmp_path, body)
    table = soup.select_one("table")
    assert table is not None and table.caption.em.get_text() == "numbers"
    assert soup.find("p") is None


def test_a_tbl_caption_makes_quartos_table_float(tmp_path: Path) -> None:
    soup = slides(tmp_path, f"## T\n\n{PIPE}\n: Numbers {{#tbl-numbers .striped}}\n")
    outer = soup.select_one("#tbl-numbers")
    assert outer is not None and "quarto-float" in outer["class"]
    figure = outer.select_one(":scope > figure.quarto-float-tbl")
    children = [c.name for c in figure.find_all(recursive=False)]
    assert children == ["figcaption", "div"], "the caption on top, the table in its described block"
    assert figure.figcaption.get_text() == "Table\xa01: Numbers" and figure.table["class"] == ["striped"]
    assert figure.table.caption is None


def test_table_prefix_and_grid_tables_take_captions_too(tmp_path: Path) -> None:
    soup = slides(tmp_path, f"## T\n\nTable: Fruit\n\n{FRUIT}")
    assert soup.select_one("table caption").get_text() == "Fruit"


@pytest.mark.parametrize(("front", "caption_attrs", "table", "widths"), [
    ("", "", PIPE, []),  # short pipe table: no widths (pandoc)
    ("", ' {tbl-colwidths="[20,80]"}', PIPE, ["20%", "80%"]),
    ("tbl-colwidths: [30, 70]", "", PIPE, ["30%", "70%"]),
    ("tbl-colwidths: true", "", "| A | B |\n|--|------|\n| 1 | 2 |\n", ["25%", "75%"]),
    ("", "", "| A | B |\n|--|------|\n| " + "x" * 80 + " | 2 |\n", ["25%", "75%"]),  # a long line: dashes count
    ("tbl-colwidths: false", "", "| A | B |\n|--|------|\n| " + "x" * 80 + " | 2 |\n", []),
    ("tbl-colwidths: false", "", FRUIT, []),
    ("", ' {tbl-colwidths="[10,20,70]"}', FRUIT, ["10%", "20%", "70%"]),  # percentages, as Quarto reads them
    ("", ' {tbl-colwidths="[100,100]"}', PIPE, ["50%", "50%"]),  # more than the whole: shares of it
])  # fmt: skip
def test_column_widths(tmp_path: Path, front: str, caption_attrs: str, table: str, widths: list[str]) -> None:
    soup = slides(tmp_path, f"## T\n\n{table}\n: Caption{caption_attrs}\n", f"title: T\n{front}")
    assert [col["style"].removeprefix("width: ") for col in soup.select("table colgroup col")] == widths


@pytest.mark.parametrize(("front", "body", "error", "message"), [
    ("tbl-colwidths: [a, b]", "## T\n", ConfigError, "tbl-colwidths"),
    ("tbl-colwidths: wide", "## T\n", ConfigError, "tbl-colwidths"),
    ("", f"## T\n\n{PIPE}\n: C {{tbl-colwidths=\"[0,1]\"}}\n", DeckError, "tbl-colwidths: expected"),
    ("", f"## T\n\n{PIPE}\n: C {{#tbl-x bad=\"}}\n", DeckError, "table caption"),
])  # fmt: skip
def test_bad_table_options_are_errors(tmp_path: Path, front: str, body: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        slides(tmp_path, body, f"title: T\n{front}")
    assert message in str(caught.value)


@pytest.mark.browser
def test_widths_hold_in_chromium_and_the_pdf(open_deck: Callable[..., Any], browser: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from deckbuild.export.options import ExportOptions
    from deckbuild.export.pdf import Job, export_pdfs

    html = page(tmp_path, f"## T\n\n{PIPE}\n: Widths {{tbl-colwidths=\"[20,80]\"}}\n\n## Fruit\n\n{FRUIT}")
    deck = open_deck(html)
    deck.evaluate("Reveal.slide(1)")
    cells = deck.evaluate("[...document.querySelectorAll('section.present thead th')].map(th => th.getBoundingClientRect().width)")
    assert cells[1] / cells[0] == pytest.approx(4, rel=0.05)
    result = export_pdfs(browser, [Job(html, tmp_path / "out.pdf", ExportOptions())])[0]
    text = PdfReader(result.output).pages[2].extract_text()
    assert "cures scurvy" in text and "tasty" in text and "+---" not in text


def test_raw_html_tables_pass_through(tmp_path: Path) -> None:
    soup = slides(tmp_path, "## T\n\n<table><tr><td>raw</td></tr></table>\n")
    assert BeautifulSoup(str(soup), "html.parser").select_one("td").get_text() == "raw"


pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (test extra) gives the reference pandoc")


def cell_shapes(html: str) -> list[list[tuple[str, str, str | None, str | None, str | None]]]:
    """Each row's cells as (tag, text, align, rowspan, colspan)."""
    soup = BeautifulSoup(html, "html.parser")

    def align(cell: Any) -> str | None:
        style = cell.get("style", "")
        return style.split(":")[1].strip(" ;") if "text-align" in style else None

    return [[(c.name, " ".join(c.get_text().split()), align(c), c.get("rowspan"), c.get("colspan"))
             for c in row.find_all(["th", "td"])] for row in soup.select("tr")]


PLAIN_CELL = st.lists(st.lists(st.text(alphabet="abcxyz0189,;", min_size=1, max_size=8), min_size=1, max_size=3)
                      .map(" ".join), min_size=1, max_size=3)
"""Words that mistune and pandoc read alike (their inline rules differ on `_`, `*`, `$` and pandoc's smart `...`)."""


@settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.generate])
@given(data=st.data(), columns=st.integers(1, 3), count=st.integers(1, 3), header=st.booleans())
def test_grid_tables_read_as_pandoc_reads_them(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject,
                                               columns: int, count: int, header: bool) -> None:
    rows = data.draw(st.lists(st.lists(PLAIN_CELL, min_size=columns, max_size=columns), min_size=count, max_size=count))
    aligns = data.draw(st.lists(st.sampled_from([None, "left", "right", "center"]), min_size=columns, max_size=columns))
    table = draw_table(rows, header, aligns)
    ours = slides(tmp_path_factory.mktemp("grid"), "## T\n\n" + table)
    theirs = pypandoc.convert_text(table, "html", format="markdown")
    assert cell_shapes(str(ours)) == cell_shapes(theirs), table
    assert [round(float(col["style"].split()[1].rstrip("%"))) for col in ours.select("col")] == pytest.approx(
        [int(col["style"].split()[1].rstrip("%")) for col in BeautifulSoup(theirs, "html.parser").select("col")], abs=1)


def test_spans_read_as_pandoc_reads_them(tmp_path: Path) -> None:
    assert cell_shapes(str(slides(tmp_path, "## T\n\n" + SPANS))) == cell_shapes(
        pypandoc.convert_text(SPANS, "html", format="markdown"))
