"""The options of cells and of a run, in one layer each, with one validator per option.

A cell's options come from four layers, lowest first: Quarto's reveal.js defaults
(`CellOptions()`; a notebook's are nbconvert's where no layer chose: `NOTEBOOK_DEFAULTS`), the
project file's `execute:`, the front matter's `execute:`, and the cell's
own `#|` lines (notebook tags count as `#|` lines). The same `VALIDATORS` read every layer, so an
option means the same wherever it is written.

Quarto's meaning throughout: `include: false` runs the cell and shows nothing; `eval: false`
shows the code without running it; `output: false` hides what it printed; `output: asis`
passes text output through as Markdown; `warning: false` drops stderr; `echo: fenced` shows
the fence and options too.

`Overrides` is the command line's layer, over defaults < project file < front matter: each
field None when its option was not given.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from deckbuild.errors import DeckError

if TYPE_CHECKING:
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
        return {"error": self.error, "fig": [self.fig_width, self.fig_height, self.fig_dpi]}


def shown(value: Any) -> str:
    """A value quoted in a message: short, one line, and safe to print whatever its size."""
    return reprlib.repr(value)


# Validators: a value as written (YAML) → the value deckbuild keeps, or a ValueError saying why
# not. The front matter's settings (`settings.py`) use them too.


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {shown(value)}")


def text(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    if hasattr(value, "isoformat"):  # YAML turns 2026-01-31 into a date
        return str(value.isoformat())
    raise ValueError(f"expected text, got {shown(value)}")


def whole_number(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise ValueError(f"expected a positive whole number, got {shown(value)}")


def one_of(*choices: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value in choices:
            return str(value)
        raise ValueError(f"expected one of {', '.join(choices)}, got {shown(value)}")

    return convert


def _bool_or(word: str) -> Callable[[Any], bool | str]:
    def convert(value: Any) -> bool | str:
        return value if value == word else boolean(value)

    return convert


def _positive(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    raise ValueError(f"expected a positive number, got {shown(value)}")


def _texts(value: Any) -> str | list[str]:
    return [text(v) for v in value] if isinstance(value, list) else text(value)


def _line_numbers(value: Any) -> bool | str:
    return value if isinstance(value, bool) else text(value)


VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "eval": boolean,
    "echo": _bool_or("fenced"),
    "output": _bool_or("asis"),
    "include": boolean,
    "error": boolean,
    "warning": boolean,
    "cache": boolean,
    "timeout": _positive,
    "kernel": text,
    "executor": text,
    "code-line-numbers": _line_numbers,
    "fig-cap": _texts,
    "fig-alt": _texts,
    "fig-width": _positive,
    "fig-height": _positive,
    "fig-dpi": _positive,
    "output-location": one_of(*LOCATIONS),
    "live": boolean,
}
"""Every cell option's validator."""

DECK_KEYS = ("eval", "echo", "output", "error", "warning", "cache", "timeout", "kernel", "live")
"""What `execute:` (front matter, project file) sets for the whole deck."""
CELL_KEYS = tuple(key for key in VALIDATORS if key != "kernel")
"""What a cell's `#|` lines set (the kernel is the deck's)."""

QUARTO_IGNORED = frozenset(
    """label fig-subcap fig-align fig-env fig-pos fig-link fig-column fig-scap fig-format
    fig-asp fig-responsive fig-cap-location tbl-cap tbl-subcap tbl-colwidths tbl-column
    tbl-cap-location cap-location code-fold code-summary code-overflow code-annotations
    lst-label lst-cap classes class-output class-source attr-output attr-source panel column
    layout layout-ncol layout-nrow layout-align layout-valign filename lightbox comment
    message results collapse prompt tidy strip-white out-width out-height html-table-processing
    renderings enabled""".split()
)
"""Quarto cell options that deckbuild accepts and ignores, so a Quarto talk renders unchanged."""

TAGS = {"remove-input": {"echo": False}, "remove-output": {"output": False}, "remove-cell": {"include": False}}


NOTEBOOK_DEFAULTS: dict[str, Any] = {"echo": True, "warning": True}
"""nbconvert's slides show every code cell's input and its stderr (its lab template has no
`echo`), and so does RISE: a notebook's author expects to see them."""


def with_notebook_defaults(execute: CellOptions, chosen: set[str]) -> CellOptions:
    """A notebook's `execute:` layer: nbconvert's defaults where no layer `chosen` set the option."""
    return replace(execute, **{key: value for key, value in NOTEBOOK_DEFAULTS.items() if key not in chosen})


def nearest(key: str, known: list[str] | tuple[str, ...]) -> str | None:
    import difflib  # only for a mistake's suggestion

    matches = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def deck_layer(base: CellOptions, values: Any) -> CellOptions:
    """`execute:` from front matter or a project file on top of `base`; ValueError says what is wrong."""
    if not isinstance(values, dict):
        raise ValueError("expected a mapping such as {echo: false, cache: true}")
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in DECK_KEYS:
            near = nearest(str(key), DECK_KEYS)
            raise ValueError(f"execute has no option {str(key)!r}" + (f"; did you mean {near!r}?" if near else ""))
        try:
            changes[key] = VALIDATORS[key](value)
        except ValueError as exc:
            raise ValueError(f"`{key}`: {exc}") from None
    return replace(base, **changes)


def resolve_options(cell: Cell, base: CellOptions, *, path: Path | str | None = None,
                    warn: Callable[[DeckError], None] | None = None) -> CellOptions:
    """The cell's effective options over the deck's. A bad value is a `DeckError` at the cell;
    an unknown option is handed to `warn` (Quarto passes options on to its engines and stops on
    none), with the nearest known name."""
    from deckbuild.model import BROWSER_ENGINES  # the model imports this module's CellOptions

    changes: dict[str, Any] = {}
    for tag in cell.tags:
        changes.update(TAGS.get(tag, {}))
    for key, value in cell.options.items():
        if key in QUARTO_IGNORED:
            continue
        if key not in CELL_KEYS and cell.language in BROWSER_ENGINES:
            continue  # an option for the browser runtime that would run it (`components`, `autorun`, …)
        if key not in CELL_KEYS:
            if "." not in key and warn is not None:  # a dotted name is one of knitr's own
                near = nearest(key, [*CELL_KEYS, *sorted(QUARTO_IGNORED)])
                fix = f"did you mean `{near}`?" if near else f"known options: {', '.join(CELL_KEYS)}"
                warn(_at_cell(f"unknown cell option `{key}`; ignored", cell, path, fix))
            continue
        try:
            changes[key.replace("-", "_")] = VALIDATORS[key](value)
        except ValueError as exc:
            raise _at_cell(f"cell option `{key}`: {exc}", cell, path) from None
    return replace(base, **changes)


def option_name(written: str) -> str:
    """knitr's spelling (`fig.width`, `fig.cap`) as Quarto's (`fig-width`); others as written."""
    dashed = written.replace(".", "-")
    return dashed if "." in written and (dashed in VALIDATORS or dashed in QUARTO_IGNORED) else written


def _at_cell(message: str, cell: Cell, path: Path | str | None, fix: str | None = None) -> DeckError:
    return DeckError(message, path=path, line=cell.line, slide=cell.label() if cell.slide else None, fix=fix)


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the command line (or a Python caller) changes; None leaves the deck's own value."""

    theme: str | None = None
    embed: bool | None = None
    execute: bool | None = None
    """Run the cells; None: Markdown decks run them, notebooks keep their stored outputs."""
    use_cache: bool | None = None
    """False: neither read nor write the execution cache."""
    refresh: bool | None = None
    """True: run every cell again and rewrite the cache."""
    cache_dir: Path | None = None
    kernel: str | None = None
    gateway: str | None = None
    """`--gateway URL`: run every cell on that kernel gateway."""
    gateway_token_env: str | None = None
    strict: bool | None = None
    """`--strict`: every warning is an error (exit 1), those about the settings before any cell runs."""

