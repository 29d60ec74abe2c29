"""The `deckbuild` command: argument handling only; the work happens in the pipeline's stages.

Exit codes: 0 done, 1 a mistake in a deck, 2 wrong usage, 3 no browser to print with, and
128 + N when stopped by signal N (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, ClassVar

import click

from deckbuild import __version__
from deckbuild.cli_options import render_options
from deckbuild.errors import DeckbuildError
from deckbuild.options import Overrides
from deckbuild.writing import shown


class Command(click.Group):
    """Shows tracebacks only with `--debug`; otherwise a DeckbuildError is one line. The
    export commands load when asked for: their module need not load for `render`."""

    EXPORTS: ClassVar[dict[str, str]] = {"pdf": "pdf_command", "png": "png_command"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.EXPORTS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.EXPORTS:
            from deckbuild.export import commands

            command: click.Command = getattr(commands, self.EXPORTS[name])
            return command
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DeckbuildError:
            if ctx.obj and ctx.obj.get("debug"):
                import traceback

                traceback.print_exc()
            raise
        except KeyboardInterrupt:
            signum = _stopped_by[0] if _stopped_by else signal.SIGINT
            click.echo("interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}",
                       err=True)
            sys.exit(128 + signum)


STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
_stopped_by: list[int] = []


def stop_on_signals() -> None:
    """SIGTERM, SIGHUP (a closed terminal) and SIGQUIT stop deckbuild as Ctrl-C does: a
    KeyboardInterrupt where the program is, so every `with` and `finally` on the way out runs
    and kernels, here and on gateways, are shut down. Further signals are ignored meanwhile:
    the shutdown is bounded, and a second Ctrl-C would otherwise cut it short. A signal that
    was ignored when deckbuild started (`nohup`, a background job) stays ignored."""
    for signum in STOPPING:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop)


def _stop(signum: int, frame: FrameType | None) -> None:
    if not _stopped_by:
        _stopped_by.append(signum)
        raise KeyboardInterrupt


@click.group(cls=Command)
@click.version_option(__version__, prog_name="deckbuild")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Technical talks from Markdown or notebooks to offline reveal.js decks, PDFs and PNGs."""
    ctx.obj = {"debug": debug}


def output_for(output: Path | None, source: Path, many: bool, suffix: str) -> Path | None:
    """`-o` names the file for one deck, the folder for several."""
    if output is None:
        return None
    if many or output.is_dir() or not output.suffix:
        return output / source.with_suffix(suffix).name
    return output


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file (or folder, for several decks).")
@render_options
def render(sources: tuple[Path, ...], output: Path | None, overrides: Overrides, quiet: bool) -> None:
    """Render decks (.md, .qmd, .ipynb) to reveal.js HTML."""
    from deckbuild.pipeline import render_file
    from deckbuild.project import deck_sources

    decks = deck_sources(sources)
    for source in decks:
        written = render_file(source, output_for(output, source, len(decks) > 1, ".html"), overrides, quiet=quiet)
        if not quiet:
            click.echo(f"wrote {shown(written)}")


def serving_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """What `serve` and `present` share: the deck, where to listen, and every option of `render`."""
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True)),
        click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
                     help="Port to listen on; 0 picks a free one."),
        click.option("--host", default="127.0.0.1", show_default=True,
                     help="Address to listen on; anything but loopback shares the deck's folder with the network."),
        click.option("--open/--no-open", "open_browser", default=False, help="Open the page in a web browser."),
        render_options,
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


@cli.command("serve")
@serving_options
def serve_command(source: Path, port: int, host: str, open_browser: bool, overrides: Overrides, quiet: bool) -> None:
    """Preview a deck in the browser; it rebuilds on save and keeps your slide."""
    from deckbuild.serve import serve

    try:
        serve(source, host=host, port=port, open_browser=open_browser, overrides=overrides, quiet=quiet)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@cli.command("present")
@serving_options
@click.option("--warm/--no-warm", default=True,
              help="Run the deck's cells in order in the talk's kernels at start (default), or start them on "
                   "the first Run with nothing defined.")
def present_command(source: Path, port: int, host: str, open_browser: bool, warm: bool, overrides: Overrides,
                    quiet: bool) -> None:
    """Give the talk: serve the deck with live cells (`live: true`) that run on warm kernels."""
    from deckbuild.present import present

    try:
        present(source, host=host, port=port, open_browser=open_browser, warm=warm, overrides=overrides, quiet=quiet)
    except KeyboardInterrupt:
        click.echo("stopped; every kernel was shut down", err=True)


@cli.command("check")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="One line per problem, or one JSON document (for CI).")
@click.option("--warn-only", is_flag=True, help="Report problems, but exit 0.")
@click.option("--browser", metavar="PATH", help="Chromium or Chrome to use (else $DECKBUILD_BROWSER, then found).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds each step of a deck (load, layout, measuring) may take.")
@render_options
@click.pass_context
def check_command(ctx: click.Context, /, sources: tuple[Path, ...], output_format: str, warn_only: bool,
                  browser: str | None, timeout: float, overrides: Overrides, quiet: bool) -> None:
    """Check decks for overflow, contrast, alt text, titles and what axe-core finds (exit 1 if any).

    Cells are not run unless --execute is given: cached (or, for notebooks, stored) outputs are checked."""
    import json

    from deckbuild.check.report import summary
    from deckbuild.check.run import CheckRun, check_decks
    from deckbuild.project import deck_sources

    reports = check_decks(deck_sources(sources), CheckRun(browser, timeout, overrides, quiet))
    if output_format == "json":
        document = {"decks": [r.as_json() for r in reports], "summary": summary(reports),
                    "problems": sum(len(r.problems) for r in reports), "ignored": sum(len(r.ignored) for r in reports)}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for entry in (e for r in reports for e in r.problems):
            click.echo(entry.text)
        click.echo(summary(reports))
    if any(r.problems for r in reports) and not warn_only:
        ctx.exit(1)


@cli.command("themes")
def themes_command() -> None:
    """List installed themes with their descriptions."""
    from deckbuild.themes import describe, installed

    found = installed()
    width = max(map(len, found), default=0)
    for name, path in found.items():
        click.echo(f"{name:<{width}}  {describe(path)}")


@cli.group("theme")
def theme_group() -> None:
    """Make and work on themes."""


@theme_group.command("new")
@click.argument("name")
def theme_new(name: str) -> None:
    """Scaffold a theme folder NAME/ that extends the default."""
    from deckbuild.themes.scaffold import new_theme

    folder = new_theme(name, Path.cwd())
    click.echo(f"wrote {shown(folder)}/ — use it with `theme: ./{name}` in a deck's front matter")


@cli.command("map")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
def map_command(source: Path) -> None:
    """Show which notebook cell (or Markdown line) went to which slide, and as what."""
    from deckbuild import pipeline
    from deckbuild.sources.sourcemap import format_map, source_map

    click.echo(format_map(source_map(pipeline.load(source))))


def main() -> None:
    stop_on_signals()
    cli(prog_name="deckbuild")
