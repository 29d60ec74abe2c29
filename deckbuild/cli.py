"""The `deckbuild` command: argument handling only; the work happens in the pipeline's stages.

Exit codes: 0 done, 1 a mistake in a deck, 2 wrong usage, 3 no browser to print with, and
128 + N when stopped by signal N (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType
from typing import ClassVar

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


@cli.command("serve")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback shares the deck's folder with the network.")
@click.option("--open/--no-open", "open_browser", default=False, help="Open the page in a web browser.")
@render_options
def serve_command(source: Path, port: int, host: str, open_browser: bool, overrides: Overrides, quiet: bool) -> None:
    """Preview a deck in the browser; it rebuilds on save and keeps your slide."""
    from deckbuild.serve import serve

    try:
        serve(source, host=host, port=port, open_browser=open_browser, overrides=overrides, quiet=quiet)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


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
