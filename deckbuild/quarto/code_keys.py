"""Quarto's front matter keys for how code looks, one converter each (they join `settings.SCHEMA`).

    highlight-style: nord               a palette (Quarto's or Pygments'), a .theme file, null/none
    highlight-style: {light: a, dark: b} the one that suits the code's background
    syntax-highlighting: …              Quarto 1.8's name for the same key
    code-copy: hover | true | false     a copy button on every code block (Quarto's default: hover)
    code-overflow: wrap | scroll        long lines wrap, or the block scrolls sideways
    code-block-height: 400px            the tallest a block grows before it scrolls
    code-block-border-left: "#31BAE9"   a rule down the left of every block (true: a muted one)
    code-block-bg: "#f4f4f4"            the blocks' background (false: none, as code-block-background)

What they do to the page is `deckbuild.rendering.code_look`'s; here the values are checked, so
a value that would not stay in its CSS declaration is an error at its line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deckbuild import cssvalues
from deckbuild.config import DeckConfig
from deckbuild.options import boolean, one_of, shown, text

Setter = Callable[[DeckConfig, Any], None]


def _highlight_style(config: DeckConfig, value: Any) -> None:
    if value is None:
        config.highlight_style = "none"
    elif isinstance(value, dict):
        if not value or set(map(str, value)) - {"light", "dark"}:
            raise ValueError(f"expected {{light: NAME, dark: NAME}}, got {shown(value)}")
        config.highlight_style = {str(key): _style_name(item) for key, item in value.items()}
    else:
        config.highlight_style = _style_name(value)


def _style_name(value: Any) -> str:
    name = text(value).strip()
    if not name:
        raise ValueError("expected a style's name (such as github or nord) or a .theme file")
    return name


def _code_copy(config: DeckConfig, value: Any) -> None:
    config.code_copy = "hover" if value == "hover" else _boolean_or(value, "true, false or hover")


def _colour(value: Any) -> str:
    return cssvalues.declaration_value(text(value).strip())


def _border_left(config: DeckConfig, value: Any) -> None:
    config.code_block_border_left = value if isinstance(value, bool) else _colour(value)


def _block_bg(config: DeckConfig, value: Any) -> None:
    if value is False:
        config.code_block_background = False
    elif value is not True:  # true: the theme's own background, which a block has already
        config.code_block_bg = _colour(value)


def _boolean_or(value: Any, expected: str) -> bool:
    try:
        return boolean(value)
    except ValueError:
        raise ValueError(f"expected {expected}, got {shown(value)}") from None


def _height(config: DeckConfig, value: Any) -> None:
    try:
        config.code_block_height = cssvalues.length(text(value))
    except ValueError:
        raise ValueError(f"expected a CSS length such as 400px or 60vh, got {shown(value)}") from None


SCHEMA: dict[str, Setter] = {
    "highlight-style": _highlight_style,
    "syntax-highlighting": _highlight_style,
    "code-copy": _code_copy,
    "code-overflow": lambda config, value: setattr(config, "code_overflow", one_of("wrap", "scroll")(value)),
    "code-block-height": _height,
    "code-block-border-left": _border_left,
    "code-block-bg": _block_bg,
}
