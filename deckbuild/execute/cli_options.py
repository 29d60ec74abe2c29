"""The execution options of `deckbuild render` (and `serve`), as one reusable decorator.

    @click.command()
    @execution_options
    def render(source, execution: ExecutionArgs, ...):
        execute_deck(deck, **execution.kwargs(default_execute=not is_notebook), progress=...)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import click


@dataclass(frozen=True, slots=True)
class ExecutionArgs:
    execute: bool | None
    """None when neither flag was given: Markdown decks execute, notebooks keep their outputs."""
    cache_dir: Path | None
    no_cache: bool
    refresh: bool
    kernel: str | None

    def kwargs(self, *, default_execute: bool = True) -> dict[str, Any]:
        """Keyword arguments for `execute_deck`."""
        return {
            "execute": default_execute if self.execute is None else self.execute,
            "use_cache": not self.no_cache,
            "refresh": self.refresh,
            "cache_dir": self.cache_dir,
            "kernel": self.kernel,
        }


_OPTIONS = [
    click.option("--execute/--no-execute", "execute", default=None,
                 help="Run code cells (default for Markdown) or show cached outputs only "
                      "(default for notebooks: their stored outputs)."),
    click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help="Where cell outputs are cached [default: .deckbuild/cache beside the deck]."),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the execution cache."),
    click.option("--refresh", is_flag=True, help="Re-run every cell and rewrite the cache."),
    click.option("--kernel", metavar="NAME", default=None,
                 help="Jupyter kernel to run cells in (overrides `execute: kernel:`)."),
]  # fmt: skip


def execution_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options, and hand them to the command as one `execution: ExecutionArgs`."""

    @functools.wraps(command)
    def wrapper(*args: Any, execute: bool | None, cache_dir: Path | None, no_cache: bool,
                refresh: bool, kernel: str | None, **kwargs: Any) -> Any:
        if no_cache and refresh:
            raise click.UsageError("--refresh rewrites the cache; it cannot go with --no-cache")
        execution = ExecutionArgs(execute, cache_dir, no_cache, refresh, kernel)
        return command(*args, execution=execution, **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
