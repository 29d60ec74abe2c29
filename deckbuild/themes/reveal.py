"""reveal.js's own themes (`beige`, `black`, `moon`, …) as deckbuild themes, without Sass.

Each is reveal.js's stylesheet from the npm package (web-font imports removed at build time),
set between deckbuild's default CSS and the base in `_reveal/`, which lays the slides out as
Quarto does. The stylesheet's `:root` properties (--r-background-color, --r-main-font, …) give
deckbuild's variables their values, so code, tables and outputs take the theme's colours, and
name the bundled fonts the page carries.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

from deckbuild.rendering import assets
from deckbuild.themes import Sheet, Theme, load_theme
from deckbuild.themes.contrast import RGB, luminance, parse, to_hex
from deckbuild.themes.fonts import families_used, without_web_fonts

BASE = Path(__file__).resolve().parent / "_reveal"
NAMES = ("beige", "black", "black-contrast", "blood", "dracula", "league", "moon", "night", "serif",
         "simple", "sky", "solarized", "white", "white-contrast")  # fmt: skip
"""The stylesheets reveal.js 6 ships in `dist/theme/`."""

DARK_SHEET = "theme-on-dark.css"
_ROOT = re.compile(r":root\s*\{([^}]*)\}")


@cache
def stylesheet(name: str) -> str:
    """reveal.js's theme `name`, as the page carries it."""
    return without_web_fonts(assets.read_text(f"reveal.js/theme/{name}.css"))


def root_properties(css: str) -> dict[str, str]:
    """The custom properties of every `:root` block in `css`, later blocks winning."""
    found: dict[str, str] = {}
    for block in _ROOT.findall(css):
        for declaration in block.split(";"):
            name, _, value = declaration.partition(":")
            if name.strip().startswith("--") and value.strip():
                found[name.strip()] = value.strip()
    return found


def base_theme() -> Theme:
    return load_theme(str(BASE))


def reveal_theme(name: str) -> Theme:
    """The deckbuild theme for reveal.js's stylesheet `name` (one of NAMES)."""
    css = stylesheet(name)
    base = base_theme()
    properties = root_properties(css)
    variables = {**base.variables, **variables_from(properties)}
    return replace(
        base,
        name=name,
        description=f"reveal.js's {name} theme",
        variables=variables,
        pygments=pygments_for(variables["background"]),
        fonts=families_used(css),
        prelude=(Sheet(f"reveal-{name}.css", css, None),),
        extra=for_dark(variables["background"]),
    )


def variables_from(properties: dict[str, str]) -> dict[str, str]:
    """deckbuild's variables from reveal.js's properties (what deckbuild's CSS is written in)."""
    background = properties.get("--r-background-color", "#fff")
    text = properties.get("--r-main-color", "#222")
    link = properties.get("--r-link-color", "#2a76dd")
    return {
        "background": background,
        "text": text,
        "muted": mix(text, background, 0.7),
        "heading": properties.get("--r-heading-color", text),
        "accent": link,
        "accent-strong": link,
        "section-text": text,
        "section-accent": link,
        "section-muted": mix(text, background, 0.7),
        "code-background": mix(text, background, 0.05),
        "code-border": mix(text, background, 0.3),
        "code-highlight": mix(link, background, 0.15),
        "code-text": text,
        "inline-code": link,
        "rule": mix(text, background, 0.3),
        "table-head": text,
        "table-stripe": mix(text, background, 0.04),
        "font-text": properties.get("--r-main-font", "sans-serif"),
        "font-heading": properties.get("--r-heading-font", "sans-serif"),
        "font-code": properties.get("--r-code-font", "monospace"),
        "size-text": properties.get("--r-main-font-size", "40px"),
        "size-title": properties.get("--r-heading2-size", "1.6em"),
    }


def mix(colour: str, background: str, amount: float) -> str:
    """`amount` of `colour` over `background`, as a hex colour; `colour` if either is not one."""
    top, bottom = parse(colour), parse(background)
    if top is None or bottom is None:
        return colour
    mixed: RGB = (
        top[0] * amount + bottom[0] * (1 - amount),
        top[1] * amount + bottom[1] * (1 - amount),
        top[2] * amount + bottom[2] * (1 - amount),
    )
    return to_hex(mixed)


def is_dark(background: str) -> bool:
    rgb = parse(background)
    return rgb is not None and luminance(rgb) < 0.18


def pygments_for(background: str) -> str:
    """A light or a dark Pygments palette, whichever suits the code's background."""
    return "github-dark" if is_dark(background) else "friendly"


def for_dark(background: str) -> tuple[Sheet, ...]:
    """The outputs' colours for a dark theme, or nothing for a light one."""
    if not is_dark(background):
        return ()
    return (Sheet(DARK_SHEET, (BASE / "on-dark.css").read_text(encoding="utf-8"), None),)
