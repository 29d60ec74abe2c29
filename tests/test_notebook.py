"""Notebook decks: slideshow placement, heading split, tags, front matter, errors, `deckbuild map`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from deckbuild.config import DeckConfig
from deckbuild.model import Cell, Deck, Div, Slide
from deckbuild.sources import load
from deckbuild.sources.slideshow import place


def _cell(kind: str | None, text: str = "", code: bool = False, **extra: Any) -> Any:
    cell = new_code_cell(text, **extra) if code else new_markdown_cell(text, **extra)
    if kind is not None:
        cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def _deck(tmp_path: Path, *cells: Any, metadata: dict[str, Any] | None = None) -> Deck:
    nb = new_notebook(cells=list(cells), metadata=metadata or {})
    path = tmp_path / "talk.ipynb"
    nbformat.write(nb, path)
    return load(path, DeckConfig())


def _shape(deck: Deck) -> list[tuple[str, bool | None, list[str]]]:
    """(title, stack_start, body summary) per slide; body: `md`, `cell`, `frag[...]`, `notes[...]`."""
    return [(s.title, s.stack_start, _summary(s.body)) for s in deck.slides]


def _summary(blocks: list[Any]) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Div):
            out.append(f"{block.attrs.classes[0]}[{','.join(_summary(block.children))}]")
        else:
            out.append("cell" if isinstance(block, Cell) else "md")
    return out


# --- placement, as nbconvert's slides do it ---------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["-", "fragment", "-"], [("slide", False), ("fragment", True), ("-", True)]),
        (["notes", "skip", "fragment"], [("notes", False), ("skip", False), ("slide", False)]),
        (["slide", "fragment", "notes", "skip", "fragment"],
         [("slide", False), ("fragment", True), ("notes", True), ("skip", True), ("fragment", True)]),
        (["slide", "fragment", "subslide", "-"], [("slide", False), ("fragment", True), ("subslide", False), ("-", False)]),
    ],
)
def test_placement(kinds: list[str], expected: list[tuple[str, bool]]) -> None:
    placements = place(kinds)
    assert placements is not None
    assert [(p.kind, p.in_fragment) for p in placements] == expected


def test_nothing_shown() -> None:
    assert place(["notes", "skip"]) is None


def test_slideshow_metadata_makes_slides_subslides_fragments_and_notes(tmp_path: Path) -> None:
    deck = _deck(
        tmp_path,
        _cell("notes", "before anything"),
        _cell("-", "## First\n\nhello"),
        _cell("fragment", "print(1)", code=True),
        _cell("notes", "said during the fragment"),
        _cell("skip", "never shown"),
        _cell("subslide", "## Below"),
        _cell("slide", "# Part two"),
        _cell(None, "continues"),
    )
    assert _shape(deck) == [
        ("First", True, ["md", "fragment[cell,notes[md]]"]),
        ("Below", False, []),
        ("Part two", True, ["md"]),
    ]
    assert [s.level for s in deck.slides] == [2, 2, 1]


def test_subslide_right_after_slide_and_untitled_slides(tmp_path: Path) -> None:
    deck = _deck(tmp_path, _cell("slide", "a"), _cell("subslide", "b"), _cell("subslide", "x = 1", code=True))
    assert _shape(deck) == [("", True, ["md"]), ("", False, ["md"]), ("", False, ["cell"])]


def test_slideshow_data_lands_on_the_section(tmp_path: Path) -> None:
    cell = _cell("slide", "## T")
    cell.metadata["slideshow"]["data"] = {"background_color": "#222"}
    deck = _deck(tmp_path, cell)
    assert deck.slides[0].attrs.values == {"background-color": "#222"}


def test_without_metadata_headings_and_rules_split(tmp_path: Path) -> None:
    deck = _deck(
        tmp_path,
        new_markdown_cell("# Intro\n\ntext\n\n## A"),
        new_code_cell("x = 1"),
        new_markdown_cell("::: notes\nspoken\n:::\n\n---\n\nuntitled"),
    )
    assert _shape(deck) == [("Intro", None, ["md"]), ("A", None, ["cell", "notes[md]"]), ("", None, ["md"])]


def test_code_cells_keep_outputs_options_and_tags(tmp_path: Path) -> None:
    outputs = [
        new_output("stream", name="stdout", text="hi\n"),
        new_output("execute_result", data={"text/plain": "42"}, execution_count=3),
        new_output("error", ename="ValueError", evalue="bad", traceback=["tb"]),
    ]
    cells = [
        new_markdown_cell("## Code"),
        new_code_cell("#| fig-cap: A plot\nprint('hi')", outputs=outputs, execution_count=3),
        new_code_cell("a", metadata={"tags": ["remove-input"]}),
        new_code_cell("b", metadata={"tags": ["hide-output"]}),
        new_code_cell("c", metadata={"tags": ["remove-cell"]}),
        new_markdown_cell("gone", metadata={"tags": ["remove-cell"]}),
    ]
    deck = _deck(tmp_path, *cells, metadata={"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}})
    first, second, third, removed = deck.cells()
    assert first.source == "print('hi')" and first.options == {"fig-cap": "A plot"}
    assert first.language == "r" and first.execution_count == 3
    assert [o.output_type for o in first.outputs] == ["stream", "execute_result", "error"]
    assert first.outputs[0].text == "hi\n" and first.outputs[1].data == {"text/plain": "42"}
    assert (second.options, second.tags) == ({"echo": False}, ["remove-input"])
    assert third.options == {"output": False}
    assert removed.source == "c" and removed.options == {"include": False}  # runs with --execute, never shown
    assert _shape(deck) == [("Code", None, ["cell", "cell", "cell", "cell"])]


def test_code_cells_no_slide_shows_still_run(tmp_path: Path) -> None:
    deck = _deck(tmp_path, _cell("skip", "import math", code=True), _cell("slide", "## A"),
                 _cell("skip", "x = 2", code=True), _cell("-", "print(x)", code=True))
    assert [(c.source, c.options.get("include")) for c in deck.cells()] == [
        ("import math", False), ("x = 2", False), ("print(x)", None)]
    assert _shape(deck) == [("A", True, ["cell", "cell", "cell"])]


def test_front_matter_from_raw_cell_and_metadata(tmp_path: Path) -> None:
    meta = {"deckbuild": {"title": "From metadata", "footer": "meta footer"}}
    deck = _deck(tmp_path, new_raw_cell("---\ntitle: From the raw cell\n---"), new_markdown_cell("## A"), metadata=meta)
    assert (deck.config.title, deck.config.footer) == ("From the raw cell", "meta footer")
    assert [s.number for s in deck.slides] == [2]
    bare = _deck(tmp_path, new_raw_cell("title: Bare YAML\nslide-number: true"), new_markdown_cell("## A"))
    assert bare.config.title == "Bare YAML" and bare.config.slide_number is True
    html = _deck(tmp_path, new_raw_cell("<b>not yaml</b>", metadata={"raw_mimetype": "text/html"}))
    assert html.config.title == "" and len(html.slides) == 1


# --- errors: one line naming the file, the cell and the fix -----------------------------------


def _render(tmp_path: Path, notebook: str | dict[str, Any]) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "talk.ipynb"
    path.write_text(notebook if isinstance(notebook, str) else json.dumps(notebook), "utf-8")
    return subprocess.run([sys.executable, "-m", "deckbuild", "render", str(path)], capture_output=True, text=True,
                          cwd=tmp_path)


def _nb(*cells: dict[str, Any], **meta: Any) -> dict[str, Any]:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": list(cells)}


def _md(source: str, **metadata: Any) -> dict[str, Any]:
    return {"cell_type": "markdown", "id": f"c{abs(hash(source)) % 10**8}", "metadata": metadata, "source": source}


ERRORS = {
    "not JSON": ('{"cells": [', "talk.ipynb:1: not a notebook: invalid JSON"),
    "cell without source": (
        _nb(_md("## A"), {"cell_type": "markdown", "id": "x1", "metadata": {}}),
        "talk.ipynb: cell 2: not a valid notebook",
    ),
    "unknown cell type": (
        _nb({"cell_type": "picture", "id": "x2", "metadata": {}, "source": "x"}),
        "talk.ipynb: cell 1: not a valid notebook",
    ),
    "unclosed div in a cell": (
        _nb(_md("## A\n\nok"), _md("text\n\n::: notes\nnever closed")),
        "talk.ipynb: cell 2, line 3: fenced div `:::` is never closed",
    ),
    "unknown theme in front matter": (
        _nb({"cell_type": "raw", "id": "r", "metadata": {}, "source": "---\ntitle: T\ntheme: nope\n---"}, _md("## A")),
        "talk.ipynb: cell 1, line 3: unknown theme `nope`",
    ),
    "missing image": (_nb(_md("## A"), _md("intro\n\n![x](nope.png)")), "talk.ipynb: cell 2, line 3: slide 1 \"A\": image `nope.png` not found"),
    "all skipped": (_nb(_md("x", slideshow={"slide_type": "skip"})), "there is no slide to show"),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_malformed_notebooks_get_one_line(tmp_path: Path, case: str) -> None:
    source, expected = ERRORS[case]
    result = _render(tmp_path, source)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert expected in lines[0]
    assert " — " in lines[0] or case == "missing image"
    assert not (tmp_path / "talk.html").exists()


# --- deckbuild map ----------------------------------------------------------------------------


def test_map_names_each_cell_slide_and_role(tmp_path: Path) -> None:
    cells = [
        new_raw_cell("title: Mapped"),
        _cell("notes", "early"),
        _cell("slide", "## One"),
        _cell("fragment", "x = 1", code=True),
        _cell("notes", "in the fragment"),
        _cell("subslide", "## One, below"),
        _cell("skip", "hidden"),
        _cell("slide", "## Two", metadata={"tags": ["remove-cell"]}),
    ]
    nbformat.write(new_notebook(cells=cells), tmp_path / "talk.ipynb")
    result = subprocess.run([sys.executable, "-m", "deckbuild", "map", "talk.ipynb"], capture_output=True, text=True,
                            cwd=tmp_path, check=True)
    rows = [line.split(None, 4) for line in result.stdout.splitlines()[1:]]
    assert [row[:4] for row in rows] == [
        ["cell", "1", "-", "-"],
        ["cell", "2", "-", "-"],
        ["cell", "3", "2", "2.1"],
        ["cell", "4", "2", "2.1"],
        ["cell", "5", "2", "2.1"],
        ["cell", "6", "3", "2.2"],
        ["cell", "7", "-", "-"],
        ["cell", "8", "-", "-"],
    ]
    text = result.stdout
    for expected in ("front matter", "notes before the first slide", "fragment 1", "notes in fragment 1",
                     "subslide", "skipped", "removed (tag remove-cell)"):
        assert expected in text


def test_map_of_a_markdown_deck(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text("## One\n\na\n\n. . .\n\nb\n\n::: notes\nn\n:::\n\n## Two\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "deckbuild", "map", "talk.md"], capture_output=True, text=True,
                            cwd=tmp_path, check=True)
    rows = [line.split()[:5] for line in result.stdout.splitlines()[1:]]
    assert rows == [
        ["line", "1", "1", "1", "slide"],
        ["line", "5", "1", "1", "fragment"],
        ["line", "9", "1", "1", "notes"],
        ["line", "13", "2", "2", "slide"],
    ]


def test_stack_start_groups_columns_whatever_the_navigation_mode() -> None:
    from deckbuild.model import Attrs
    from deckbuild.rendering.page import stacks
    from deckbuild.rendering.slides import SlideParts

    def part(start: bool | None, level: int = 2) -> SlideParts:
        return SlideParts(Slide("", level, Attrs(), [], 1, stack_start=start), "", "", "", "")

    parts = [part(True), part(False), part(True), part(None, 2), part(None, 1)]
    assert [len(stack) for stack in stacks(parts, "linear")] == [2, 1, 1, 1]
    assert [len(stack) for stack in stacks(parts, "vertical")] == [2, 2, 1]
