"""The whole pipeline in one screen: load → execute → render → write.

Every stage is a plain function of the deck; this module only orders them and puts the
result on disk atomically (a temporary file renamed into place), so a failure never leaves
a half-written deck behind.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.config import ExecutorConfig
from deckbuild.errors import DeckError
from deckbuild.model import Deck

if TYPE_CHECKING:
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


def build(deck: Deck, target: Path, opts: RenderOptions) -> None:
    """Execute, then write; an error about a notebook names its cell."""
    try:
        execute_deck(deck, opts)
        write_html(deck, target, opts)
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
    with ProgressReporter(enabled=not opts.quiet) as progress:
        run(deck, execute=execute, use_cache=opts.use_cache, refresh=opts.refresh, cache_dir=opts.cache_dir,
            kernel=opts.kernel, progress=progress, gateway=gateway_executor(deck, opts))


def gateway_executor(deck: Deck, opts: RenderOptions) -> ExecutorConfig | None:
    """`--gateway URL` as an executor named `gateway` (its cache apart from the local one's)."""
    if not opts.gateway:
        return None
    kernel = opts.kernel or deck.config.execute.kernel or "python3"
    return ExecutorConfig("gateway", opts.gateway, opts.gateway_token_env, kernel=kernel)


def write_html(deck: Deck, target: Path, opts: RenderOptions) -> None:
    from deckbuild.rendering.page import Publisher, render_page
    from deckbuild.rendering.resources import Resources

    theme = deck_theme(deck)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    files_name = f"{target.stem}_files"
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.stem}.") as staging:
        files_dir = None if deck.config.embed_resources else Path(staging) / files_name
        resources = Resources(deck.path, deck.config.embed_resources, files_dir, files_name)
        publisher = Publisher(deck.config.embed_resources, files_dir, files_name)
        page = render_page(deck, theme, resources, publisher)
        save_formula_store()
        staged = Path(staging) / target.name
        staged.write_text(page, encoding="utf-8")
        if files_dir is not None:
            _replace_dir(files_dir, target.parent / files_name)
        os.replace(staged, target)


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


def _replace_dir(new: Path, old: Path) -> None:
    if old.exists():
        shutil.rmtree(old)
    if new.exists():
        new.rename(old)
