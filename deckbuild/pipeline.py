"""The whole pipeline in one screen: load → execute → render → write.

Every stage is a plain function of the deck; this module only orders them and puts the
result on disk atomically (a temporary file renamed into place), so a failure never leaves
a half-written deck behind.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.config import ExecutorConfig
from deckbuild.errors import DeckError
from deckbuild.model import Cell, Deck

if TYPE_CHECKING:
    from deckbuild.rendering.resources import Resources
    from deckbuild.themes import Theme


@dataclass(slots=True)
class RenderOptions:
    """What the command line (or a Python caller) may change; None leaves the deck's value."""

    output: Path | None = None
    theme: str | None = None
    embed: bool | None = None
    execute: bool | None = None
    """None: Markdown decks run their code, notebooks keep their stored outputs."""
    use_cache: bool = True
    refresh: bool = False
    cache_dir: Path | None = None
    kernel: str | None = None
    gateway: str | None = None
    """`--gateway URL`: run every cell on that kernel gateway."""
    gateway_token_env: str | None = None
    quiet: bool = False
    warn: Callable[[str], None] = field(default=lambda message: print(f"warning: {message}", file=sys.stderr))


def render(source: str | os.PathLike[str], output: str | os.PathLike[str] | None = None, **options: object) -> Path:
    """Render one deck to HTML and return the path written (`deckbuild.render("talk.md")`)."""
    opts = RenderOptions(output=Path(output) if output else None, **options)  # type: ignore[arg-type]
    return render_deck(Path(source), opts)


def render_deck(path: Path, opts: RenderOptions) -> Path:
    deck = load_deck(path, opts)
    target = opts.output or default_output(deck.path)
    build(deck, target, opts)
    return target


def build(deck: Deck, target: Path, opts: RenderOptions) -> frozenset[Path]:
    """Execute, then write; returns the files the deck was made from. An error about a
    notebook names its cell."""
    from deckbuild.writing import refuse_inputs

    try:
        refuse_inputs([target], [deck.path], deck.path)  # before any kernel starts
        execute_deck(deck, opts)
        return write_html(deck, target, opts)
    except DeckError as exc:
        from deckbuild.sources import locate

        locate(exc, deck)
        raise


def load_deck(path: Path, opts: RenderOptions) -> Deck:
    from deckbuild.project import find_project
    from deckbuild.sources import load

    project = find_project(path.parent)
    deck = load(path, project.config)
    apply_options(deck, opts)
    return deck


def apply_options(deck: Deck, opts: RenderOptions) -> None:
    """Command-line settings over the deck's own; then the deck's warnings, unless quiet."""
    if opts.theme:
        deck.config.theme = opts.theme
    if opts.embed is not None:
        deck.config.embed_resources = opts.embed
    if not opts.quiet:
        for warning in deck.config.warnings:
            opts.warn(warning)


def default_output(path: Path) -> Path:
    from deckbuild.project import find_project

    return find_project(path.parent).output_for(path, ".html")


def execute_deck(deck: Deck, opts: RenderOptions) -> None:
    """Run (or fetch from cache) the deck's cells; a deck without cells never imports Jupyter."""
    if next(deck.cells(), None) is None:
        return
    from deckbuild.execute import execute_deck as run
    from deckbuild.execute.progress import ProgressReporter

    execute = opts.execute if opts.execute is not None else deck.path.suffix != ".ipynb"
    with ProgressReporter(enabled=not opts.quiet, place=notebook_place(deck)) as progress:
        run(deck, execute=execute, use_cache=opts.use_cache, refresh=opts.refresh, cache_dir=opts.cache_dir,
            kernel=opts.kernel, progress=progress, gateway=gateway_executor(deck, opts))


def notebook_place(deck: Deck) -> Callable[[Cell], str] | None:
    """For a notebook's progress bar: the running cell by its number in the notebook."""
    if not deck.cell_lines:
        return None
    from deckbuild.sources.notebook import cell_at

    def place(cell: Cell) -> str:
        number = cell_at(deck.cell_lines, cell.line)[0]
        return f"notebook cell {number}" + (f" on slide {cell.slide}" if cell.slide else "")

    return place


def gateway_executor(deck: Deck, opts: RenderOptions) -> ExecutorConfig | None:
    """`--gateway URL` as an executor named `gateway` (its cache apart from the local one's)."""
    if not opts.gateway:
        return None
    kernel = opts.kernel or deck.config.execute.kernel or "python3"
    return ExecutorConfig("gateway", opts.gateway, opts.gateway_token_env, kernel=kernel)


def write_html(deck: Deck, target: Path, opts: RenderOptions) -> frozenset[Path]:
    """Render into a staging folder beside `target`, check that no output replaces an input,
    then rename into place. Returns the deck's inputs."""
    from deckbuild import writing
    from deckbuild.rendering.page import Publisher, render_page
    from deckbuild.rendering.resources import Resources

    theme = deck_theme(deck)
    target = target.resolve()
    embed = deck.config.embed_resources
    files_name = f"{target.stem}_files"
    with _staging(target) as staging:
        files_dir = None if embed else staging / files_name
        resources = Resources(deck.path, embed, files_dir, files_name, deck.config.resource_path)
        page = render_page(deck, theme, resources, Publisher(embed, files_dir, files_name))
        inputs = deck_inputs(deck, theme, resources)
        writing.refuse_inputs([target], inputs, deck.path)
        if files_dir is not None:
            writing.check_files_folder(target.parent / files_name, inputs, deck.path)
        report_warnings(deck, resources, opts)
        save_formula_store()
        with writing.reported(target):
            staged = staging / target.name
            staged.write_text(page, encoding="utf-8")
            if files_dir is not None:
                writing.mark(files_dir)
                writing.swap_folder(files_dir, target.parent / files_name, staging)
            os.replace(staged, target)
    return inputs


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A scratch folder beside `target` (so the final renames stay on one file system)."""
    from deckbuild.writing import reported

    with reported(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.stem}.")
    with scratch as folder:
        yield Path(folder)


def deck_inputs(deck: Deck, theme: Theme, resources: Resources) -> frozenset[Path]:
    """Every file the page was made from: the source, project file, theme files, and what the
    deck references. No output may replace one; `serve` watches them."""
    from deckbuild.project import find_project

    project = find_project(deck.path.parent).file
    themes = {path for t in theme.chain() for path in t.path.rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    found = {deck.path, *([project] if project else []), *themes}
    return frozenset({path.resolve() for path in found} | resources.read)


def report_warnings(deck: Deck, resources: Resources, opts: RenderOptions) -> None:
    """What rendering noticed but did not stop for (a remote script in an output), placed."""
    from deckbuild.sources import locate

    if not opts.quiet:
        for warning in resources.warnings:
            opts.warn(locate(warning, deck).format_message())


def deck_theme(deck: Deck) -> Theme:
    """The deck's theme; a theme that cannot be found is reported at the deck's `theme:` line.

    Separate from `write_html` so that `serve` renders the same page in memory.
    """
    from deckbuild.themes.deck import theme_for_deck

    config = deck.config
    try:
        return theme_for_deck(config.theme, config.theme_scss, quarto_deck=config.quarto, base_dir=deck.path.parent)
    except DeckError as exc:
        raise exc.located(deck.path, deck.config.lines.get("theme")) from None


def save_formula_store() -> None:
    """Keep newly typeset formulas for the next run (`serve` calls it after each build too)."""
    maths = sys.modules.get("deckbuild.rendering.math")
    if maths is not None:  # only decks with maths loaded it
        maths.save_store()

