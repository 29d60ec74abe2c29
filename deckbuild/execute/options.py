"""A cell's effective options: the source's defaults < the deck's `execute:` < tags < `#|` lines.

The defaults are Quarto's for reveal.js in a Markdown deck (code and stderr hidden), and
nbconvert's slides' in a notebook (code and stderr shown: `NOTEBOOK_DEFAULTS`).

Quarto's meaning throughout: `include: false` runs the cell and shows nothing; `eval: false`
shows the code without running it; `output: false` hides what it printed; `output: asis`
passes text output through as Markdown; `warning: false` drops stderr; `echo: fenced` shows
the fence and options too. Notebook tags `remove-input`, `remove-output`, `remove-cell` mean
`echo`, `output` and `include` false.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Callable, Literal

from deckbuild.config import ExecuteOptions
from deckbuild.errors import DeckError
from deckbuild.model import Cell

Location = Literal["default", "fragment", "slide", "column", "column-fragment"]
LOCATIONS: tuple[str, ...] = ("default", "fragment", "slide", "column", "column-fragment")


@dataclass(frozen=True, slots=True)
class CellOptions:
    """Everything that decides how a cell runs and how it is shown."""

    eval: bool = True
    echo: bool | str = False
    """True, False or "fenced"."""
    output: bool | str = True
    """True, False or "asis"."""
    include: bool = True
    error: bool = False
    warning: bool = False
    cache: bool = True
    timeout: float | None = None
    kernel: str | None = None
    """From `execute: kernel:` (or `--kernel`): the kernelspec to run the deck's cells in."""
    executor: str = "local"
    code_line_numbers: bool | str = True
    """Quarto's reveal.js default is true; a string such as "1-2|4" steps through lines."""
    fig_cap: str | list[str] | None = None
    fig_alt: str | list[str] | None = None
    fig_width: float = 10.0
    """Inches; 10 x 5 at 96 dpi is Quarto's reveal.js figure: 960 x 480 CSS pixels."""
    fig_height: float = 5.0
    fig_dpi: float = 96.0
    output_location: Location = "default"
    live: bool = False
    """`deckbuild present` gives the cell a Run control on its slide; nothing else reads it."""

    @property
    def show_code(self) -> bool:
        return self.include and self.echo is not False

    @property
    def show_output(self) -> bool:
        return self.include and self.output is not False

    def execution_key(self) -> dict[str, Any]:
        """The options that can change what the kernel produces, for the cache key."""
        return {
            "error": self.error,
            "fig": [self.fig_width, self.fig_height, self.fig_dpi],
        }


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {value!r}")


def _bool_or(word: str) -> Callable[[Any], bool | str]:
    def convert(value: Any) -> bool | str:
        return value if value == word else _bool(value)

    return convert


def _positive(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    raise ValueError(f"expected a positive number, got {value!r}")


def _text(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"expected text, got {value!r}")


def _texts(value: Any) -> str | list[str]:
    return [_text(v) for v in value] if isinstance(value, list) else _text(value)


def _line_numbers(value: Any) -> bool | str:
    return value if isinstance(value, bool) else _text(value)


def _location(value: Any) -> str:
    if value in LOCATIONS:
        return str(value)
    raise ValueError(f"expected one of {', '.join(LOCATIONS)}, got {value!r}")


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "eval": _bool,
    "echo": _bool_or("fenced"),
    "output": _bool_or("asis"),
    "include": _bool,
    "error": _bool,
    "warning": _bool,
    "cache": _bool,
    "timeout": _positive,
    "executor": _text,
    "code-line-numbers": _line_numbers,
    "fig-cap": _texts,
    "fig-alt": _texts,
    "fig-width": _positive,
    "fig-height": _positive,
    "fig-dpi": _positive,
    "output-location": _location,
    "live": _bool,
}

# Quarto cell options that deckbuild accepts and ignores, so a Quarto talk renders unchanged.
QUARTO_IGNORED = frozenset(
    """label fig-subcap fig-align fig-env fig-pos fig-link fig-column fig-scap fig-format
    fig-asp fig-responsive fig-cap-location tbl-cap tbl-subcap tbl-colwidths tbl-column
    tbl-cap-location cap-location code-fold code-summary code-overflow code-annotations
    lst-label lst-cap classes class-output class-source attr-output attr-source panel column
    layout layout-ncol layout-nrow layout-align layout-valign filename lightbox comment
    message results collapse prompt tidy strip-white out-width out-height html-table-processing
    renderings enabled""".split()
)

TAGS = {"remove-input": {"echo": False}, "remove-output": {"output": False}, "remove-cell": {"include": False}}


NOTEBOOK_DEFAULTS: dict[str, Any] = {"echo": True, "warning": True}
"""nbconvert's slides show every code cell's input and its stderr (its lab template has no
`echo`), and so does RISE: a notebook's author expects to see them."""


def with_notebook_defaults(execute: ExecuteOptions) -> ExecuteOptions:
    """A notebook's `execute:` layer: nbconvert's defaults where no setting chose."""
    unset = {key: value for key, value in NOTEBOOK_DEFAULTS.items() if getattr(execute, key) is None}
    return replace(execute, **unset)


def deck_defaults(execute: ExecuteOptions, kernel: str | None = None) -> CellOptions:
    """The deck-level layer: Quarto's defaults with the deck's `execute:` on top (a setting
    still None, which no layer chose, keeps Quarto's default)."""
    layer = {f.name: value for f in fields(execute) if (value := getattr(execute, f.name)) is not None}
    if kernel:
        layer["kernel"] = kernel
    return replace(CellOptions(), **layer)


def resolve_options(
    cell: Cell,
    execute: ExecuteOptions | CellOptions,
    *,
    path: Path | str | None = None,
    kernel: str | None = None,
) -> CellOptions:
    """The cell's effective options; a bad `#|` option is a `DeckError` at the cell's line."""
    base = execute if isinstance(execute, CellOptions) else deck_defaults(execute, kernel)
    changes: dict[str, Any] = {}
    for tag in cell.tags:
        changes.update(TAGS.get(tag, {}))
    for key, value in cell.options.items():
        if key in QUARTO_IGNORED:
            continue
        if key not in CONVERTERS:
            raise _unknown(key, cell, path)
        try:
            changes[key.replace("-", "_")] = CONVERTERS[key](value)
        except ValueError as exc:
            raise _located(f"cell option `{key}`: {exc}", cell, path) from None
    return replace(base, **changes)


def _unknown(key: str, cell: Cell, path: Path | str | None) -> DeckError:
    near = difflib.get_close_matches(key, list(CONVERTERS) + sorted(QUARTO_IGNORED), n=1)
    fix = f"did you mean `{near[0]}`?" if near else f"known options: {', '.join(CONVERTERS)}"
    return _located(f"unknown cell option `{key}`", cell, path, fix)


def _located(message: str, cell: Cell, path: Path | str | None, fix: str | None = None) -> DeckError:
    slide = f'slide {cell.slide} "{cell.slide_title}"' if cell.slide_title else f"slide {cell.slide}"
    return DeckError(message, path=path, line=cell.line, slide=slide if cell.slide else None, fix=fix)
