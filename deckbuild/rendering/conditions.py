"""Quarto's conditional content: `.content-visible` / `.content-hidden` with `when-format`,
`unless-format`, `when-meta`, `unless-meta` (and `when-profile`, which no profile matches).

One page serves two formats: the deck on screen is `revealjs` (an `html` format, as in Quarto),
and the PDF that `deckbuild pdf` prints from the same page is `pdf` (also `latex`, `beamer`).
Content that only one of them shows is kept in the page and switched by print CSS
(`deckbuild-screen-only`, `deckbuild-print-only`); content that neither shows is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from deckbuild.model import Attrs, Div

VISIBLE, HIDDEN = "content-visible", "content-hidden"
CONDITIONS = ("when-format", "unless-format", "when-meta", "unless-meta", "when-profile", "unless-profile")
SCREEN_FORMATS = frozenset({"revealjs", "html", "html4", "html5", "html:js"})
PRINT_FORMATS = frozenset({"pdf", "latex", "beamer"})

Shown = Literal["always", "never", "screen", "print"]
ONLY_CLASS = {"screen": "deckbuild-screen-only", "print": "deckbuild-print-only"}


@dataclass(slots=True)
class Conditional(Div):
    """A conditional div, with where it shows."""

    shown: Shown = "always"


def is_conditional(attrs: Attrs) -> bool:
    return attrs.has(VISIBLE) or attrs.has(HIDDEN)


def shown(attrs: Attrs, meta: Mapping[str, Any]) -> Shown:
    """Where the element shows: on screen and in the PDF, in one of them, or nowhere."""
    screen, printed = (_visible(attrs, meta, formats) for formats in (SCREEN_FORMATS, PRINT_FORMATS))
    if screen and printed:
        return "always"
    if not (screen or printed):
        return "never"
    return "screen" if screen else "print"


def remaining(attrs: Attrs, where: Shown) -> Attrs:
    """The element's attributes without the conditions, marked for one medium if it shows in one."""
    classes = [c for c in attrs.classes if c not in (VISIBLE, HIDDEN)]
    if where in ONLY_CLASS:
        classes.append(ONLY_CLASS[where])
    values = {k: v for k, v in attrs.values.items() if k not in CONDITIONS}
    return Attrs(attrs.id, classes, values)


def _visible(attrs: Attrs, meta: Mapping[str, Any], formats: frozenset[str]) -> bool:
    match = _matches(attrs.values, meta, formats)
    return match if attrs.has(VISIBLE) else not match


def _matches(values: Mapping[str, str], meta: Mapping[str, Any], formats: frozenset[str]) -> bool:
    """Every condition given holds (as Quarto's `propertiesMatch`); `unless-*` inverts its test."""
    tests: dict[str, Callable[[str], bool]] = {
        "format": lambda value: value.strip().lower() in formats,
        "meta": lambda value: _meta_true(meta, value.strip()),
        "profile": lambda value: False,  # deckbuild has no profiles
    }
    match = True
    for name, test in tests.items():
        for prefix, invert in (("when", False), ("unless", True)):
            value = values.get(f"{prefix}-{name}")
            if value is not None:
                match = match and (invert != any(test(part) for part in value.split(",") if part.strip()))
    return match


def _meta_true(meta: Mapping[str, Any], key: str) -> bool:
    """A front matter boolean, by a dotted path (`when-meta="answers.show"`); anything else is false."""
    value: Any = meta
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return False
        value = value[part]
    return value is True
