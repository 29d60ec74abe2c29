"""The options every command that renders a deck takes (`render`, `pdf`, `png`, `serve`), as
one decorator: the command receives them as `overrides` (an `Overrides`, each field None when
its option was not given) and `quiet`.

    @cli.command()
    @render_options
    def render(sources, overrides: Overrides, quiet: bool): ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from deckbuild.options import Overrides

_OPTIONS = [
    click.option("--theme", help="Theme name or path to a theme folder."),
    click.option("--embed/--no-embed", default=None,
                 help="One self-contained file (default), or a page plus NAME_files/."),
    click.option("--execute/--no-execute", "execute", default=None,
                 help="Run code cells (default for Markdown), or show cached outputs only "
                      "(default for notebooks: their stored outputs)."),
    click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help="Where cell outputs are cached [default: .deckbuild/cache beside the deck]."),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the execution cache."),
    click.option("--refresh", is_flag=True, help="Re-run every cell and rewrite the cache."),
    click.option("--kernel", metavar="NAME", default=None,
                 help="Jupyter kernel to run cells in (overrides `execute: kernel:`)."),
    click.option("--gateway", metavar="URL", default=None,
                 help="Run every cell on this Jupyter kernel gateway (its outputs cached apart)."),
    click.option("--gateway-token-env", metavar="VAR", default=None,
                 help="The environment variable holding the --gateway token (never the token itself)."),
    click.option("--strict", is_flag=True, default=None,
                 help="Treat warnings (unknown front matter keys, ignored Quarto options, …) as errors."),
    click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors."),
]  # fmt: skip


def render_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options; the command gets `overrides=Overrides(...)` and `quiet`."""

    @functools.wraps(command)
    def wrapper(*args: Any, theme: str | None, embed: bool | None, execute: bool | None, cache_dir: Path | None,
                no_cache: bool, refresh: bool, kernel: str | None, gateway: str | None,
                gateway_token_env: str | None, strict: bool | None, **kwargs: Any) -> Any:
        if no_cache and refresh:
            raise click.UsageError("--refresh rewrites the cache; it cannot go with --no-cache")
        if gateway_token_env and not gateway:
            raise click.UsageError("--gateway-token-env names the token of a --gateway URL; give the URL too")
        overrides = Overrides(theme=theme, embed=embed, execute=execute, use_cache=False if no_cache else None,
                              refresh=refresh or None, cache_dir=cache_dir, kernel=kernel, gateway=gateway,
                              gateway_token_env=gateway_token_env, strict=strict or None)
        return command(*args, overrides=overrides, **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
