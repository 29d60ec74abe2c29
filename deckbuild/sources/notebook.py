"""A Jupyter notebook (.ipynb) → `Deck`.

In order: the file is read and validated with nbformat (nbformat 3 notebooks are upgraded in
memory, as Jupyter does; cells without ids are fine: nothing is ever written back); settings
come in layers: nbconvert's defaults (code and stderr shown), the notebook's kernelspec, RISE's
metadata (`rise.py`), the notebook's `deckbuild` metadata, then a first raw cell holding YAML;
text cells tagged `remove-cell` are dropped; Markdown cells' `attachment:` images become data
URIs (`attachments.py`); then the slides are made either from the cells' slideshow metadata (as
nbconvert's slides place them: see `slideshow.py`) or, when no cell has any, by cutting the
cells read one after another at headings and `---`, exactly as in a Markdown talk. A `#` slide
is a section title slide only when it holds nothing else, as nbconvert and RISE show it.

Blocks count lines as if the cells were one file, each followed by a blank line
(`Deck.cell_lines`); an error names such a line as "cell N, line M" (`DeckError.in_cells`).
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from deckbuild import config as cfg
from deckbuild import settings
from deckbuild.config import DeckConfig, Source
from deckbuild.errors import DeckError
from deckbuild.execute.nbjson import output_from_json
from deckbuild.model import Attrs, Block, Cell, Deck, Div, Markdown, RawBlock, Slide, number_slides
from deckbuild.options import CellOptions, resolve_options, with_notebook_defaults
from deckbuild.sources import attachments, frontmatter, rise, safeyaml, slideshow
from deckbuild.sources.blocks import BlockParser
from deckbuild.sources.markdown import heading, read_source, split_slides, take_footnotes
from deckbuild.sources.scanner import Item, Line, scan, text_of

PLACEHOLDER = "deckbuild-cell"
TAG_OPTIONS: dict[str, dict[str, bool]] = {
    "remove-input": {"echo": False},
    "hide-input": {"echo": False},
    "remove-output": {"output": False},
    "hide-output": {"output": False},
    "remove-stderr": {"warning": False},
    "remove-cell": {"include": False},
    "hide-cell": {"include": False},
}
"""Cell tags as the `#|` options that mean the same in a deck: Jupyter Book's names, and the
same with underscores (`remove_input`, …), which nbconvert's `--TagRemovePreprocessor`
examples use. A code cell that no slide shows (`remove-cell`, `skip`, before the first slide)
stays in the deck with `include: false`: with `--execute` it still runs, as it did in the
notebook, so later cells find its variables."""
TAG_OPTIONS.update({tag.replace("-", "_"): options for tag, options in list(TAG_OPTIONS.items())})
REMOVES_CELL = frozenset(tag for tag, options in TAG_OPTIONS.items() if options == {"include": False})


@dataclass
class NotebookCell:
    """One notebook cell as the loader sees it: its number (1-based) and its first line."""

    number: int
    kind: str
    """`markdown`, `code` or `raw`."""
    source: str
    metadata: dict[str, Any]
    start: int
    outputs: list[dict[str, Any]] = field(default_factory=list)
    execution_count: int | None = None
    attachments: dict[str, Any] = field(default_factory=dict)
    """nbformat's cell `attachments`: name → MIME bundle (base64), for `attachment:NAME` images."""

    @property
    def lines(self) -> list[Line]:
        return [(self.start + offset, text) for offset, text in enumerate(self.source.split("\n"))]

    @property
    def tags(self) -> list[str]:
        return [str(tag) for tag in self.metadata.get("tags", [])]

    @property
    def removed(self) -> bool:
        """Tagged to leave the deck (`remove-cell` or a synonym)."""
        return any(tag in REMOVES_CELL for tag in self.tags)


@dataclass
class Notebook:
    path: Path
    cells: list[NotebookCell]
    metadata: dict[str, Any]

    @property
    def language(self) -> str:
        kernelspec, info = self.metadata.get("kernelspec", {}), self.metadata.get("language_info", {})
        return str(kernelspec.get("language") or info.get("name") or "python").lower()

    def starts(self) -> list[int]:
        return [cell.start for cell in self.cells]


def load_notebook(path: Path, base: DeckConfig, text: str | None = None) -> Deck:
    """The deck in the notebook at `path` (or in `text`, its JSON, for the nbconvert exporter)."""
    notebook = read_notebook(path, text)
    try:
        return _deck(notebook, base)
    except DeckError as exc:
        raise exc.in_cells(path, notebook.starts()) from None


def read_notebook(path: Path, text: str | None = None) -> Notebook:
    """Read and validate; every problem is one line naming the file, the cell and the fix."""
    import nbformat

    if text is None:
        text = read_source(path)
    deep = False
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DeckError(f"not a notebook: invalid JSON ({exc.msg})", path=path, line=exc.lineno,
                        fix="open and save it in Jupyter, or restore it from version control") from None
    except RecursionError:
        data, deep = None, True
    if deep or _json_depth(data) > MAX_JSON_DEPTH:
        raise DeckError(f"not a notebook: its JSON nests more than {MAX_JSON_DEPTH} levels deep", path=path,
                        fix="open and save it in Jupyter, or restore it from version control")
    if problem := _shape_problem(data):
        raise DeckError(f"not a valid notebook: {problem}", path=path, fix="open and save it in Jupyter to repair it")
    try:
        with warnings.catch_warnings():
            # Cells without ids (nbformat < 4.5 wrote none) make nbformat warn on stderr, naming
            # its own file; the ids matter only to a notebook written back, and none ever is.
            warnings.simplefilter("ignore", nbformat.warnings.MissingIDFieldWarning)
            warnings.simplefilter("ignore", nbformat.warnings.DuplicateCellId)
            node = nbformat.reads(text, as_version=4, capture_validation_error={})  # type: ignore[no-untyped-call]
            nbformat.validate(node)
    except nbformat.ValidationError as exc:
        raise _invalid(path, exc) from None
    except Exception as exc:  # nbformat raises bare KeyError / NBFormatError for missing parts
        raise DeckError(f"not a valid notebook: {exc}", path=path, fix="open and save it in Jupyter to repair it") from None
    cells, line = [], 1
    for number, cell in enumerate(node.cells, start=1):
        source = cell.source.replace("\r\n", "\n")
        cells.append(NotebookCell(number, cell.cell_type, source, dict(cell.metadata), line,
                                  list(cell.get("outputs", [])), cell.get("execution_count"),
                                  dict(cell.get("attachments") or {})))
        line += source.count("\n") + 2
        if problem := slideshow.metadata_problem(cell.metadata):
            raise DeckError(f"cell {number}: {problem}", path=path,
                            fix="set the slide type in Jupyter's property inspector, or fix the metadata by hand")
    return Notebook(path, cells, dict(node.metadata))


MAX_JSON_DEPTH = 100
"""Far deeper than nbformat's own structure plus any widget state; deep enough for nothing hostile."""


def _json_depth(data: Any) -> int:
    """How deeply `data` nests, without recursion (walking it recursively is what would fail)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            break
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _shape_problem(data: Any) -> str | None:
    """What is wrong with the notebook's outline, said in its own terms: nbformat, given a
    wrong shape, fails with Python's words (`'int' object is not iterable`)."""
    if not isinstance(data, dict):
        kind = {list: "list", str: "string", bool: "boolean", int: "number", float: "number"}.get(type(data), "null")
        return f"the file holds a JSON {kind}, not an object with `cells`"
    if data.get("nbformat", 4) == 3 and "worksheets" in data:
        sheets = data["worksheets"]
        if not isinstance(sheets, list) or not all(isinstance(s, dict) and isinstance(s.get("cells", []), list)
                                                   for s in sheets):
            return "`worksheets` is not a list of worksheets with lists of cells"
        return None
    cells = data.get("cells")
    if cells is None:
        return "it has no `cells`"
    if not isinstance(cells, list):
        return "`cells` is not a list"
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            return f"cell {number} is not an object"
    return None


def _invalid(path: Path, exc: Exception) -> DeckError:
    where = list(getattr(exc, "absolute_path", None) or getattr(exc, "path", []) or [])
    message = str(getattr(exc, "message", exc)).splitlines()[0]
    cell = f"cell {where[1] + 1}: " if len(where) > 1 and where[0] == "cells" and isinstance(where[1], int) else ""
    field_name = ".".join(str(part) for part in where[2:]) if cell else ".".join(str(p) for p in where)
    detail = f" (at `{field_name}`)" if field_name else ""
    return DeckError(f"{cell}not a valid notebook: {message}{detail}", path=path,
                     fix="open and save it in Jupyter to repair it, or fix that field by hand")


def _deck(notebook: Notebook, base: DeckConfig) -> Deck:
    config, cells = _settings(notebook, base)
    config.math_delimiters = "jupyter"  # Markdown cells delimit maths as Jupyter does
    cells = [cell for cell in cells if cell.kind == "code" or not cell.removed]
    for cell in cells:
        if cell.kind == "markdown":
            cell.source = attachments.embedded(cell.source, cell.attachments, cell.start, notebook.path)
    parser = BlockParser(notebook.path)
    footnotes: dict[str, Markdown] = {}
    if slideshow.has_slideshow([cell.metadata for cell in cells]):
        slides = _slideshow_slides(notebook, cells, parser, footnotes)
    else:
        slides = _split_slides(notebook, cells, parser, footnotes)
    for slide in slides:
        if slide.level == 1:
            slide.section = not _shows_anything(slide.body, config.execute)
    if (found := rise.read(notebook.metadata)) is not None and found.scroll:
        for slide in slides:
            slide.attrs.classes.append("scrollable")
    number_slides(slides, first=2 if config.title and config.title_slide else 1)
    return Deck(notebook.path, config, slides, footnotes, cell_lines=notebook.starts(),
                widget_state=_widget_state(notebook.metadata))


def _shows_anything(blocks: list[Block], execute: CellOptions) -> bool:
    """Whether a slide body shows something besides its title: notes, blank text and cells
    that show nothing (skipped, removed, or hidden code without stored outputs) do not count."""
    pending = list(blocks)
    while pending:
        block = pending.pop()
        if isinstance(block, Div):
            if not block.attrs.has("notes"):
                pending.extend(block.children)
        elif isinstance(block, Markdown):
            if block.text.strip():
                return True
        elif not isinstance(block, Cell) or _shows_cell(block, execute):
            return True
    return False


def _shows_cell(cell: Cell, execute: CellOptions) -> bool:
    try:
        options = resolve_options(cell, execute)
    except DeckError:
        return True  # a bad `#|` option is reported where the cell is rendered
    return (options.show_code and bool(cell.source.strip())) or (options.show_output and bool(cell.outputs))


def _widget_state(metadata: dict[str, Any]) -> dict[str, Any]:
    saved = metadata.get("widgets")
    state = saved.get("application/vnd.jupyter.widget-state+json") if isinstance(saved, dict) else None
    return dict(state) if isinstance(state, dict) else {}


def unshown(notebook: Notebook) -> dict[int, str]:
    """Why each cell that no slide shows is left out, by cell number (for `deckbuild map`)."""
    why: dict[int, str] = {}
    cells = notebook.cells
    if cells and cells[0].kind == "raw" and _front_matter(cells[0]) is not None:
        why[1], cells = "front matter", cells[1:]
    for cell in cells:
        if cell.removed:
            tag = next(tag for tag in cell.tags if tag in REMOVES_CELL)
            why[cell.number] = f"removed (tag {tag})" + (", still runs" if cell.kind == "code" else "")
    cells = [cell for cell in cells if cell.kind == "code" or cell.number not in why]
    if slideshow.has_slideshow([cell.metadata for cell in cells]):
        placements = slideshow.place([slideshow.slide_type(cell.metadata) for cell in cells]) or []
        for cell, placement in zip(cells, placements, strict=False):  # none when no cell is shown
            runs = ", still runs" if cell.kind == "code" else ""
            if not placement.shown:
                why.setdefault(cell.number, f"{placement.kind} before the first slide: in no slide{runs}")
            elif placement.kind == "skip":
                why.setdefault(cell.number, f"skipped (slide type skip){runs}")
    return why


def _settings(notebook: Notebook, base: DeckConfig) -> tuple[DeckConfig, list[NotebookCell]]:
    """The notebook's kernelspec, RISE's metadata, metadata `deckbuild`, then a first raw cell
    of YAML (`---` fenced or bare); where none chose `echo` and `warning`, nbconvert's, unless
    the notebook was written for Quarto (`format: revealjs`): Quarto renders it with its
    reveal.js defaults (code hidden), and so does deckbuild."""
    config, cells = _own_settings(notebook, _rise_settings(notebook, _kernelspec(notebook, cfg.merged(base))))
    if not config.quarto:
        config.execute = with_notebook_defaults(config.execute, config.execute_chosen)
    return config, cells


def _kernelspec(notebook: Notebook, config: DeckConfig) -> DeckConfig:
    """The kernel the notebook was saved with runs it (`--execute`), as in Jupyter."""
    spec = notebook.metadata.get("kernelspec")
    name = spec.get("name") if isinstance(spec, dict) else None
    if isinstance(name, str) and name.strip():
        config.execute = replace(config.execute, kernel=name.strip())
    return config


def _rise_settings(notebook: Notebook, config: DeckConfig) -> DeckConfig:
    found = rise.read(notebook.metadata)
    if found is None:
        return config
    where = f"{notebook.path}: metadata `{found.key}`"
    config = settings.apply(config, found.settings, Source(where, {}, 1))
    if (warning := rise.ignored_warning(notebook.path, found)) is not None:
        config.warnings.append(warning)
    return config


def _own_settings(notebook: Notebook, config: DeckConfig) -> tuple[DeckConfig, list[NotebookCell]]:
    """Metadata `deckbuild`, then a first raw cell of YAML (`---` fenced or bare)."""
    meta = notebook.metadata.get("deckbuild")
    if meta is not None:
        if not isinstance(meta, dict):
            raise DeckError("notebook metadata `deckbuild` must be a mapping of settings", path=notebook.path,
                            fix='write it as {"title": "…", "theme": "…"}')
        config = settings.apply(config, meta, Source(f"{notebook.path}: metadata `deckbuild`", {}, 1))
    cells = notebook.cells
    if cells and cells[0].kind == "raw" and (found := _front_matter(cells[0])) is not None:
        data, source = frontmatter.parse(*found, notebook.path)
        return settings.apply(config, data, source), cells[1:]
    return config, cells


def _front_matter(cell: NotebookCell) -> tuple[str, int] | None:
    """The YAML of a raw cell: between `---` lines, or bare if it reads as a mapping."""
    lines = cell.source.strip("\n").split("\n")
    offset = len(cell.source) - len(cell.source.lstrip("\n"))
    if lines[0].rstrip() == "---":
        body = lines[1:-1] if len(lines) > 1 and lines[-1].rstrip() in ("---", "...") else lines[1:]
        return "\n".join(body), cell.start + offset + 1
    try:
        data = safeyaml.load_value(cell.source)
    except safeyaml.YamlProblem:
        return None
    return (cell.source, cell.start) if isinstance(data, dict) else None


def _slideshow_slides(
    notebook: Notebook, cells: list[NotebookCell], parser: BlockParser, footnotes: dict[str, Markdown]
) -> list[Slide]:
    placements = slideshow.place([slideshow.slide_type(cell.metadata) for cell in cells])
    if placements is None:
        raise DeckError("every cell is `skip` or `notes`: there is no slide to show", path=notebook.path,
                        fix="give the first cell of your talk the slide type `slide`")
    slides: list[Slide] = []
    container: list[Block] = []
    unseen: list[Block] = []
    """Code cells before the first slide: they go (not shown) at the start of the first one."""
    for cell, placement in zip(cells, placements, strict=True):
        if not placement.shown or placement.kind == "skip":
            if cell.kind == "code" and cell.source.strip():
                hidden = _code_cell(notebook, cell, parser)
                hidden.options["include"] = False
                (container if slides else unseen).append(hidden)
            continue
        lines = _take_notes(cell, footnotes)
        if placement.kind in ("slide", "subslide"):
            title, level, attrs, lines = _title(cell, lines)
            slides.append(Slide(title, level, attrs, unseen if not slides else [], cell.start,
                                stack_start=placement.kind == "slide"))
            container = slides[-1].body
        elif placement.kind == "fragment":
            slides[-1].body.append(Div(Attrs(classes=["fragment"]), [], cell.start))
            container = slides[-1].body[-1].children  # type: ignore[union-attr]
        elif not placement.in_fragment:
            container = slides[-1].body
        blocks = _blocks(notebook, cell, lines, parser)
        if placement.kind == "notes":
            blocks = [Div(Attrs(classes=["notes"]), blocks, cell.start)] if blocks else []
        container.extend(blocks)
    return slides


def _title(cell: NotebookCell, items: list[Item]) -> tuple[str, int, Attrs, list[Item]]:
    """A slide's title: the `#` or `##` heading its first cell opens with, if it does."""
    attrs = Attrs(values={key.replace("_", "-"): str(value) for key, value in slideshow.data(cell.metadata).items()})
    first = next((i for i, item in enumerate(items) if not isinstance(item, tuple) or item[1].strip()), None)
    text = text_of(items[first]) if first is not None else None
    if cell.kind != "markdown" or first is None or text is None or (found := heading(text)) is None or found[1] > 2:
        return "", 0, attrs, items
    title, level, own = found
    own.values = {**attrs.values, **own.values}
    return title, level, own, items[first + 1 :]


def _take_notes(cell: NotebookCell, footnotes: dict[str, Markdown]) -> list[Item]:
    if cell.kind != "markdown":
        return list(cell.lines)
    items, found = take_footnotes(scan(cell.lines))
    footnotes.update(found)
    return items


def _blocks(notebook: Notebook, cell: NotebookCell, items: list[Item], parser: BlockParser) -> list[Block]:
    if cell.kind == "markdown":
        return parser.parse(items)
    if cell.kind == "code":
        return [_code_cell(notebook, cell, parser)] if cell.source.strip() else []
    # As nbconvert's HTML exporters take raw cells: with no format or as HTML, into the page as
    # they are; as Markdown, rendered; in any other format (LaTeX, reST), left out.
    raw_format = str(cell.metadata.get("raw_mimetype") or cell.metadata.get("format") or "")
    if raw_format == "text/markdown":
        return parser.parse(scan(cell.lines))
    return [RawBlock("html" if raw_format in ("", "text/html") else raw_format, cell.source, cell.start)]


def _code_cell(notebook: Notebook, cell: NotebookCell, parser: BlockParser) -> Cell:
    made = parser.cell(notebook.language, "", cell.source.split("\n"), cell.start - 1)
    made.line, made.tags, made.number = cell.start, cell.tags, cell.number
    for tag in made.tags:
        for key, value in TAG_OPTIONS.get(tag, {}).items():
            made.options.setdefault(key, value)
    made.outputs = [output_from_json(output) for output in cell.outputs]
    made.execution_count = cell.execution_count
    return made


def _split_slides(
    notebook: Notebook, cells: list[NotebookCell], parser: BlockParser, footnotes: dict[str, Markdown]
) -> list[Slide]:
    """No slideshow metadata: the cells read as one Markdown file, code cells as placeholders."""
    lines: list[Line] = []
    by_number = {cell.number: cell for cell in cells}
    for cell in cells:
        if cell.kind == "markdown":
            lines.extend(cell.lines)
        else:
            lines.extend([(cell.start, f"```{{={PLACEHOLDER}}}"), (cell.start, str(cell.number)), (cell.start, "```")])
        lines.append((cell.start + cell.source.count("\n") + 1, ""))
    items, found = take_footnotes(scan(lines))
    footnotes.update(found)
    slides = split_slides(items, notebook.path)
    for slide in slides:
        slide.body = _fill(slide.body, lambda n: _blocks(notebook, by_number[n], scan(by_number[n].lines), parser))
    return slides


def _fill(blocks: list[Block], cell_blocks: Any) -> list[Block]:
    filled: list[Block] = []
    for block in blocks:
        if isinstance(block, RawBlock) and block.format == PLACEHOLDER:
            filled.extend(cell_blocks(int(block.text)))
        else:
            if isinstance(block, Div):
                block.children = _fill(block.children, cell_blocks)
            filled.append(block)
    return filled
