"""The whole pipeline in one screen: load → execute → render → write, then export.

    Request ──load──▶ Deck ──execute──▶ outputs on its cells ──render(sink)──▶ RenderedDeck ──write──▶ talk.html
     path, or a        slides,          (kernel, gateway,                      page, slides,  └──export──▶ PDF, PNG
     notebook's JSON   cells            cache)                                 inputs, warnings

Each stage is a plain function that returns a value. Every front end (`deckbuild render`,
`pdf`, `png`, `serve`, `map`, the nbconvert exporters) calls them in this order, and none
assembles them another way or reads back the HTML it made. An error leaves a stage placed in
the deck's source (`Deck.place`); warnings come back as data (`RenderedDeck.warnings`), and each
front end shows them in one place (`notices`).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild import user_cache
from deckbuild.config import ExecutorConfig, PdfOptions
from deckbuild.errors import DeckError
from deckbuild.model import Deck
from deckbuild.options import Overrides

if TYPE_CHECKING:
    from deckbuild.execute.events import Event, ExecutionReport
    from deckbuild.export.options import ExportOptions
    from deckbuild.rendering.page import SlideHTML
    from deckbuild.rendering.sinks import Asset, Sink
    from deckbuild.themes import Theme

NO_OVERRIDES = Overrides()


@dataclass(frozen=True, slots=True)
class Request:
    """A deck to load: a file, or a notebook's JSON standing for the file at `path`."""

    path: Path
    """The deck's file; files it references are read relative to its folder."""
    text: str | None = None
    """The source itself (the nbconvert exporter's notebook), when it is not read from `path`."""


@dataclass(frozen=True, slots=True)
class RenderedDeck:
    """A rendered deck: the page, and what later stages need without reading the page back."""

    deck: Deck
    html: str
    slides: tuple[SlideHTML, ...]
    """Each slide's `<section>` as the theme rendered it, title slide first, with its reveal.js indices."""
    slides_span: tuple[int, int] | None
    """Where the inside of `<div class="slides">` lies in `html` (serve swaps just that)."""
    folder: str | None
    """The folder beside the page that `files` go in (`talk_files`); None when the page holds everything."""
    files: dict[str, Asset]
    """What the sink collected: the files folder's content, or the URLs `serve` answers."""
    inputs: frozenset[Path]
    """Every file the page was made from (resolved): no output may replace one; `serve` watches them."""
    warnings: tuple[DeckError, ...]
    """What the deck's settings, its execution and its rendering noticed without stopping, placed."""

    @property
    def pdf(self) -> PdfOptions:
        """The deck's `pdf:` settings, the defaults for `deckbuild pdf` and `png`."""
        return self.deck.config.pdf

    @property
    def fragment_pages(self) -> bool:
        """Whether a slide asks for one PDF page per fragment (`pdf-fragments="all"`)."""
        return any(slide.attrs.values.get("pdf-fragments") == "all" for slide in self.deck.slides)


def load(request: Request | Path | str, overrides: Overrides = NO_OVERRIDES) -> Deck:
    """The deck, its project found once, the command line's settings over its own."""
    from deckbuild import sources
    from deckbuild.project import find_project

    request = request if isinstance(request, Request) else Request(Path(request))
    project = find_project(request.path.parent)
    base = replace(project.config, theme_override=overrides.theme) if overrides.theme else project.config
    deck = sources.load(request.path, base, request.text)
    deck.project = project
    config = deck.config
    config.theme = overrides.theme or config.theme
    config.embed_resources = config.embed_resources if overrides.embed is None else overrides.embed
    config.execute = replace(config.execute, kernel=overrides.kernel or config.execute.kernel)
    config.strict = bool(overrides.strict)
    if config.strict and config.warnings:  # the settings' warnings, before any cell runs
        raise strict_error([deck.place(warning) for warning in config.warnings], deck)
    return deck


def execute(deck: Deck, overrides: Overrides = NO_OVERRIDES, *,
            progress: Callable[[Event], None] | None = None) -> ExecutionReport:
    """Run the deck's cells (or take their outputs from the cache), and resolve each cell's
    options once, on the cell. A deck without cells never imports Jupyter."""
    from deckbuild.execute.events import ExecutionReport

    if next(deck.cells(), None) is None:
        return ExecutionReport()
    from deckbuild.execute import execute_deck

    run = overrides.execute if overrides.execute is not None else deck.path.suffix.lower() != ".ipynb"
    try:
        return execute_deck(deck, execute=run, use_cache=overrides.use_cache is not False,
                            refresh=bool(overrides.refresh), cache_dir=overrides.cache_dir, progress=progress,
                            gateway=gateway_executor(deck, overrides))
    except DeckError as exc:
        raise deck.place(exc) from None


def gateway_executor(deck: Deck, overrides: Overrides) -> ExecutorConfig | None:
    """`--gateway URL` as an executor named `gateway` (its cache apart from the local one's)."""
    if not overrides.gateway:
        return None
    return ExecutorConfig("gateway", overrides.gateway, overrides.gateway_token_env,
                          kernel=deck.config.execute.kernel or "python3")


def render(deck: Deck, sink: Sink, report: ExecutionReport | None = None) -> RenderedDeck:
    """The page, its assets handed to `sink`; `report`'s warnings join the deck's own."""
    from deckbuild.rendering.page import render_page
    from deckbuild.rendering.resources import Resources
    from deckbuild.themes.deck import theme_for_deck

    if any(cell.resolved is None for cell in deck.cells()):  # a caller that skipped `execute`
        from deckbuild.execute.run import resolve_cells

        resolve_cells(deck)
    config = deck.config
    try:
        try:
            theme = theme_for_deck(config.theme, config.theme_scss, quarto_deck=config.quarto, base_dir=deck.path.parent,
                                   sass=config.theme_sass, source=deck.path)
        except DeckError as exc:
            raise exc.place(deck.path, config.lines.get("theme")) from None  # at the deck's `theme:` line
        resources = Resources(deck.path, sink, config.resource_path)
        page = render_page(deck, theme, resources, sink)
    except DeckError as exc:
        raise deck.place(exc) from None
    user_cache.save()  # what this render typeset or highlighted, for the next one
    theme_notes = [DeckError(note, line=config.lines.get("theme")) for note in theme.notes]
    placed = [deck.place(warning) for warning in (*deck.config.warnings, *theme_notes, *resources.warnings)]
    warnings = (*placed, *(report.warnings if report else ()))  # an executor's are about the executor
    if config.strict and warnings:
        raise strict_error(list(warnings), deck)
    return RenderedDeck(deck, page.html, page.slides, page.slides_span, sink.folder, sink.files,
                        deck_inputs(deck, theme, resources.read), warnings)


def write(rendered: RenderedDeck, target: Path) -> Path:
    """The page (and its files folder) put in place atomically, once no output would replace
    one of the deck's inputs. Returns `target`."""
    from deckbuild import writing

    source = rendered.deck.path
    writing.refuse_inputs([target], rendered.inputs, source)
    folder = target.parent / rendered.folder if rendered.folder else None
    if folder is not None:
        writing.check_files_folder(folder, rendered.inputs, source)
    writing.write_page(target, rendered.html, rendered.folder, rendered.files)
    return target


def export(rendered: RenderedDeck, target: Path, options: ExportOptions | None = None, *,
           browser: str | None = None) -> list[Path]:
    """The deck printed by Chromium: a PDF at `target` (a `.pdf`), else one PNG per slide in
    the folder `target`; the deck's `pdf:` settings fill what `options` leaves at its defaults.
    Returns the files written. (The commands print several decks with one browser, through
    `export.pdf.export_pdfs` and `export.png.export_pngs`.)"""
    from dataclasses import fields

    from deckbuild import writing
    from deckbuild.browser import launch
    from deckbuild.export.options import ExportOptions
    from deckbuild.export.sources import Printable

    writing.refuse_inputs([target], rendered.inputs, rendered.deck.path)
    options = options or ExportOptions()
    given = {f.name for f in fields(options) if getattr(options, f.name) != getattr(ExportOptions(), f.name)}
    with tempfile.TemporaryDirectory(prefix="deckbuild-") as scratch, launch(browser, timeout=options.timeout) as running:
        deck = Printable.of(rendered, Path(scratch))
        options = options.with_defaults(deck.pdf, given, deck.source)
        if target.suffix.lower() == ".pdf":
            from deckbuild.export.pdf import Job, export_pdfs

            return [export_pdfs(running, [Job(deck.html, target, options, deck.source, deck.fragment_pages)])[0].output]
        from deckbuild.export.png import Job as Images
        from deckbuild.export.png import export_pngs

        result = export_pngs(running, [Images(deck.html, target, options, source=deck.source,
                                              fragment_pages=deck.fragment_pages)])[0]
        return result.images


def build(request: Request | Path, target: Path | None, overrides: Overrides = NO_OVERRIDES, *,
          progress: Callable[[Event], None] | None = None) -> tuple[RenderedDeck, Path]:
    """`deckbuild render`: every stage, the output checked against the inputs known before any
    cell runs. (The execution cache is the cells' own record: it is kept even when the page
    then turns out to be refused.)"""
    from deckbuild import writing

    deck = load(request, overrides)
    target = target or default_output(deck)
    writing.refuse_inputs([target], known_inputs(deck), deck.path)
    report = execute(deck, overrides, progress=progress)
    rendered = render(deck, sink_for(deck, target), report)
    return rendered, write(rendered, target)


def sink_for(deck: Deck, target: Path) -> Sink:
    """One self-contained page, or (`embed-resources: false`) a page with `NAME_files/` beside it."""
    from deckbuild.rendering.sinks import FolderSink, InlineSink

    return InlineSink() if deck.config.embed_resources else FolderSink(f"{target.stem}_files")


def default_output(deck: Deck, suffix: str = ".html") -> Path:
    """Beside the deck, or under the project's `output-dir`."""
    return deck.project.output_for(deck.path, suffix) if deck.project else deck.path.with_suffix(suffix)


def known_inputs(deck: Deck) -> frozenset[Path]:
    """The inputs known before rendering: the source, the project file, stylesheets and logo."""
    folder = deck.path.parent
    named = [folder / reference for reference in (*deck.config.css, deck.config.logo, deck.config.logo_dark) if reference]
    project = [deck.project.file] if deck.project and deck.project.file else []
    return frozenset(path.resolve() for path in (deck.path, *project, *named, *deck.included))


def deck_inputs(deck: Deck, theme: Theme, read: set[Path]) -> frozenset[Path]:
    """Every file the page was made from: the source, project file, theme files (and the SCSS
    they were compiled from), and what the deck references (`read`)."""
    themes = {path for t in theme.chain() for path in (*t.path.rglob("*"), *t.sources) if "__pycache__" not in path.parts}
    return frozenset({path.resolve() for path in (*known_inputs(deck), *themes) if path.is_file()} | read)


def strict_error(warnings: list[DeckError], deck: Deck) -> DeckError:
    """`--strict`: the warnings, each an error line, and what made them errors."""
    from deckbuild.errors import ConfigError

    made = DeckError(f"{len(warnings)} warning{'s' if len(warnings) > 1 else ''} treated as errors (--strict)",
                     path=deck.path)
    return ConfigError("", problems=[*warnings, made])


def notices(warnings: tuple[DeckError, ...] | list[DeckError]) -> None:
    """The one place a command-line front end prints warnings: stderr, one line each."""
    for warning in warnings:
        print(f"warning: {warning.format_message()}", file=sys.stderr)


def render_file(source: Path, output: Path | None = None, overrides: Overrides = NO_OVERRIDES, *,
                quiet: bool = False) -> Path:
    """`deckbuild render`, from the command line or Python: returns the path written."""
    from deckbuild.execute.progress import ProgressReporter

    with ProgressReporter(enabled=not quiet) as progress:
        rendered, written = build(source, output, overrides, progress=progress)
    if not quiet:
        notices(rendered.warnings)
    return written
