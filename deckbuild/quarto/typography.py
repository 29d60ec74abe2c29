"""Quarto's deck-wide typography keys, as the Sass variables its reveal.js format gives them.

    fontsize: 20px               $presentation-font-size-root   (a bare number is pixels)
    mainfont: Fira Sans, serif   $font-family-sans-serif        (a name with a space is quoted)
    monofont: Fira Code          $font-family-monospace
    linestretch: 1.5             $presentation-line-height
    monobackgroundcolor: "#eee"  $code-block-bg

This is Quarto's own mapping (quarto-cli `format-reveal-theme.ts`, `pandocVariablesToRevealDefaults`):
they are written as `!default`s ahead of every theme layer, so a theme's `.scss` that sets the
variable itself still wins, as in Quarto. Quarto's reveal.js format does not use `fontcolor`,
`linkcolor` or `backgroundcolor` (they are for its HTML documents), so deckbuild warns that they
are ignored and says which variable to set instead (`keys.MEANINGS`).

Each value must be a CSS value that stays in its declaration (`cssvalues.declaration_value`);
one that does not is an error at its line, before any Sass runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from deckbuild import cssvalues
from deckbuild.options import shown

SassDefault = tuple[str, str, int]
"""(Sass variable without `$`, its value, the front matter line that set it)."""


def font_list(value: Any) -> str:
    """`Fira Sans, serif` → `"Fira Sans", serif`, as Quarto's `asCssFont` writes a family list."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a font family such as `Fira Sans` or a list `Fira Sans, sans-serif`, got {shown(value)}")
    families = [family.strip() for family in value.split(",") if family.strip()]
    quoted = [f'"{family}"' if " " in family and family[0] not in "\"'" else family for family in families]
    return cssvalues.declaration_value(", ".join(quoted))


def font_size(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return f"{value}px"
    if isinstance(value, str) and value.strip():
        text = value.strip()
        return f"{text}px" if cssvalues.PIXELS.fullmatch(text) else cssvalues.declaration_value(text)
    raise ValueError(f"expected a font size such as 32px or 1.2em, got {shown(value)}")


def line_height(value: Any) -> str:
    text = str(value).strip() if isinstance(value, int | float | str) and not isinstance(value, bool) else ""
    if re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", text):
        return text
    raise ValueError(f"expected a number such as 1.5 (times the font size), got {shown(value)}")


def css_color(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return cssvalues.declaration_value(value.strip())
    raise ValueError(f"expected a CSS colour such as \"#f5f5f5\" or lightgrey, got {shown(value)}")


KEYS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "fontsize": ("presentation-font-size-root", font_size),
    "mainfont": ("font-family-sans-serif", font_list),
    "monofont": ("font-family-monospace", font_list),
    "linestretch": ("presentation-line-height", line_height),
    "monobackgroundcolor": ("code-block-bg", css_color),
}
"""Front matter key → (Quarto's Sass variable, the converter of its value)."""


def sass_default(key: str, value: Any, line: int) -> SassDefault:
    """The Sass default that front matter `key: value` at `line` sets; ValueError if the value is unusable."""
    variable, convert = KEYS[key]
    converted = convert(value)
    if "//" in converted:  # Sass would read the rest of the line as a comment
        raise ValueError(f"{shown(value)} holds `//`, which Sass reads as a comment")
    return variable, converted, line

