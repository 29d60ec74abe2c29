"""The execution options of `deckbuild render` (and `serve`), as one reusable decorator.

The command receives them as keyword arguments named like `execute_deck`'s (and
`RenderOptions`' fields): `execute` (None when neither flag is given: Markdown decks run,
notebooks keep their stored outputs), `use_cache`, `refresh`, `cache_dir`, `kernel`.

    @cli.command()
    @execution_options
    def render(source, **execution):
        RenderOptions(..., **execution)
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable

import click

_OPTIONS = [
    click.option("--execute/--no-execute", "execute", default=None,
                 help="Run code cells (default for Markdown), or show cached outputs only "
                      "(default for notebooks: their stored outputs)."),
    click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help="Where cell outputs are cached [default: .deckbuild/cache beside the deck]."),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the execution cache."),
    click.option("--refresh", is_flag=True, help="Re-run every cell and rewrite the cache."),
    click.option("--kernel", metavar="NAME", default=None,
                 help="Jupyter kernel to run cells in (overrides `execute: kernel:`)."),
]  # fmt: skip


def execution_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options; `--no-cache` arrives as `use_cache=False`."""

    @functools.wraps(command)
    def wrapper(*args: Any, no_cache: bool, refresh: bool, **kwargs: Any) -> Any:
        if no_cache and refresh:
            raise click.UsageError("--refresh rewrites the cache; it cannot go with --no-cache")
        return command(*args, use_cache=not no_cache, refresh=refresh, **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
