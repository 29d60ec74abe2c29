"""`deckbuild pdf` and `deckbuild png`: argument handling only, then calls into export.

Registered on the main group with `cli.add_command(pdf_command)` / `cli.add_command(png_command)`.
Playwright and pypdf are imported only once a command runs.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from deckbuild.cli_options import render_options
from deckbuild.export.options import ExportOptions, OptionError, parse_page_size, parse_slides
from deckbuild.export.printing import Blocked
from deckbuild.options import Overrides
from deckbuild.project import deck_sources

if TYPE_CHECKING:
    from deckbuild.export.sources import Printable

T = TypeVar("T")
LAUNCH_TIMEOUT = 30.0
"""Seconds Chromium may take to start, whatever --timeout gives each deck: a busy machine is slow."""
SOURCES = click.argument("sources", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))


def _common(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options both commands share, outermost last; then every option of `render`."""
    for option in reversed((
        click.option("--fragments/--no-fragments", default=None,
                     help="One page per fragment step instead of each slide's final state."),
        click.option("--slides", metavar="RANGES", help="Slides to export, 1-based: 3-7,10."),
        click.option("--browser", metavar="PATH", help="Chromium or Chrome to use (else $DECKBUILD_BROWSER, then found)."),
        click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
                     help="Seconds each step of a deck (load, layout, print) may take."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=2, show_default=True,
                     help="Decks laid out in parallel (one browser serves them all)."),
    )):
        command = option(command)
    return render_options(command)


def _options(fragments: bool | None, slides: str | None, timeout: float, **more: Any) -> tuple[ExportOptions, set[str]]:
    """The command line's options, and which of them were given (those beat the deck's `pdf:`)."""
    given = {name for name, value in (("fragments", fragments), ("slides", slides), *more.items()) if value is not None}
    values = {name: value for name, value in more.items() if value not in (None, "none")}  # --notes none
    options = ExportOptions(fragments=bool(fragments), slides=_parsed("--slides", parse_slides, slides),
                            timeout=timeout, **values)
    return options, given


def _parsed(option: str, parse: Callable[[str], T], value: str | None) -> T | None:
    """An option's value in its small language; a mistake is one line naming the option (exit 2)."""
    if value is None:
        return None
    try:
        return parse(value)
    except ValueError as exc:
        raise OptionError(f"{option}: {exc}") from None


@contextmanager
def _prepared(paths: list[Path], overrides: Overrides, quiet: bool,
              check: Callable[[Path, frozenset[Path]], None]) -> Iterator[list[Printable]]:
    """The decks ready to print, rendered into a scratch folder that is removed after; `check`
    refuses outputs that would replace a deck's inputs, before any of its cells runs.

    Called once the browser is starting (a missing one is reported before any rendering), so
    that Chromium starts while the decks render."""
    from deckbuild.execute.progress import ProgressReporter
    from deckbuild.export.sources import printable

    with tempfile.TemporaryDirectory(prefix="deckbuild-") as scratch, ProgressReporter(enabled=not quiet) as progress:
        yield [printable(source, Path(scratch), overrides, functools.partial(check, source), progress)
               for source in paths]


def _report(decks: list[Printable], blocked: Blocked, lines: list[str], quiet: bool) -> None:
    if not quiet:
        from deckbuild.pipeline import notices

        notices([warning for deck in decks for warning in deck.warnings])
    if blocked.urls:
        sample = ", ".join(sorted(set(blocked.urls))[:3])
        click.echo(f"warning: blocked {len(blocked.urls)} request(s) to remote URLs ({sample}); "
                   "the deck is not self-contained", err=True)
    if not quiet:
        click.echo("\n".join(lines))


@click.command("pdf")
@SOURCES
@click.option("-o", "--output", type=click.Path(path_type=Path), help="PDF file (one deck) or folder.")
@click.option("--notes", type=click.Choice(["page", "below", "none"]),
              help="Speaker notes on their own page or below each slide.")
@click.option("--page-size", metavar="SIZE",
              help="Paper: A4, letter, A4-portrait, 1920x1080, 297mmx210mm (default: the deck's size).")
@_common
def pdf_command(sources: tuple[Path, ...], output: Path | None, notes: str | None, page_size: str | None,
                fragments: bool | None, slides: str | None, browser: str | None, timeout: float, jobs: int,
                overrides: Overrides, quiet: bool) -> None:
    """Export decks (.md, .qmd, .ipynb, or rendered .html) to PDF: one vector page per slide."""
    from deckbuild.browser import BrowserThread
    from deckbuild.export.pdf import Job, export_pdfs
    from deckbuild.export.sources import pdf_target
    from deckbuild.writing import refuse_inputs

    size = _parsed("--page-size", parse_page_size, page_size)
    options, given = _options(fragments, slides, timeout, page_size=size, notes=notes)
    paths = deck_sources(sources)

    def check(source: Path, inputs: frozenset[Path]) -> None:
        refuse_inputs([pdf_target(source, output, len(paths))], inputs, source)

    blocked = Blocked()
    with BrowserThread(browser, timeout=max(timeout, LAUNCH_TIMEOUT)) as printer, \
            _prepared(paths, overrides, quiet, check) as decks:
        work = [Job(deck.html, pdf_target(deck.source, output, len(decks)), options.with_defaults(deck.pdf, given, deck.source),
                    source=deck.source, fragment_pages=deck.fragment_pages) for deck in decks]
        import deckbuild.export.pdfdoc  # noqa: F401  (pypdf loads here while the browser starts)

        results = printer.run(lambda running: export_pdfs(running, work, parallel=jobs, blocked=blocked))
    _report(decks, blocked, [f"{r.output}  ({len(r.layout.pages)} pages)" for r in results], quiet)


@click.command("png")
@SOURCES
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the images (default: DECK_png/ beside each deck).")
@click.option("--scale", type=click.IntRange(1, 4), default=1, show_default=True,
              help="Pixel density: 2 gives 2560x1440 for a 1280x720 deck.")
@click.option("--contact-sheet", is_flag=True, help="Also write DECK-contact-sheet.png, every slide in a grid.")
@_common
def png_command(sources: tuple[Path, ...], output: Path | None, scale: int, contact_sheet: bool,
                fragments: bool | None, slides: str | None, browser: str | None, timeout: float, jobs: int,
                overrides: Overrides, quiet: bool) -> None:
    """Export decks to PNG images, one per slide at the deck's resolution."""
    from deckbuild.browser import BrowserThread
    from deckbuild.export.png import Job, export_pngs
    from deckbuild.export.sources import png_folder, refuse_png_inputs

    options, given = _options(fragments, slides, timeout, scale=scale)
    paths = deck_sources(sources)

    def check(source: Path, inputs: frozenset[Path]) -> None:
        refuse_png_inputs(png_folder(source, output), source.stem, inputs)

    blocked = Blocked()
    with BrowserThread(browser, timeout=max(timeout, LAUNCH_TIMEOUT)) as printer, \
            _prepared(paths, overrides, quiet, check) as decks:
        work = [Job(deck.html, png_folder(deck.source, output), options.with_defaults(deck.pdf, given, deck.source),
                    contact_sheet, source=deck.source, fragment_pages=deck.fragment_pages) for deck in decks]
        results = printer.run(lambda running: export_pngs(running, work, parallel=jobs, blocked=blocked))
    lines = [f"{r.images[0].parent}/  ({len(r.images)} images{', contact sheet' if r.contact_sheet else ''})"
             for r in results if r.images]
    _report(decks, blocked, lines, quiet)
