"""Fonts a theme's CSS names → the bundled @fontsource families; web-font imports removed.

reveal.js's themes, Quarto's and authors' SCSS pull fonts from a font CDN with `@import`. A deck
never goes to the network, so those imports are dropped and each family the CSS asks for is
matched, by name, to a family bundled in `_vendor/fonts/` (see hatch_build.py's FONT_FAMILIES),
whose faces the page then carries. A family that is not bundled falls back to the next one in
its list, as in a browser that is offline.
"""

from __future__ import annotations

import re

from deckbuild.rendering import assets

# `@import url(…)`, `@import "…"` (with media queries), when the address leaves the machine.
_REMOTE_IMPORT = re.compile(r"""@import\s*(?:url\(\s*)?["']?(?:https?:)?//[^;]*;""", re.IGNORECASE)
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.IGNORECASE)
# Declarations that hold a font list: font-family, the font shorthand, custom properties
# whose names say font (reveal.js's --r-main-font, our --font-text, …).
_FONT_DECLARATION = re.compile(r"(?:font-family|font|--[\w-]*font[\w-]*)\s*:\s*([^;{}]+)", re.IGNORECASE)


def without_web_fonts(css: str) -> str:
    """`css` without `@import`s of remote stylesheets nor `@font-face` rules: the bundled
    families take their place (a remote face could never load offline, and an inlined one
    would ship a second copy of a font the page already has)."""
    return _FONT_FACE.sub("", _REMOTE_IMPORT.sub("", css))


def bundled() -> dict[str, str]:
    """Lower-cased family name → its folder under `_vendor/fonts/` ("lato", "source-sans-pro")."""
    fonts: dict[str, str] = assets.manifest().get("fonts", {})
    return {family.lower(): folder for folder, family in fonts.items()}


def families_used(*stylesheets: str) -> tuple[str, ...]:
    """The bundled families (folders) that the font declarations of `stylesheets` name, in order."""
    known = bundled()
    found: list[str] = []
    for css in stylesheets:
        for match in _FONT_DECLARATION.finditer(css):
            for name in _names(match.group(1)):
                folder = known.get(name)
                if folder and folder not in found:
                    found.append(folder)
    return tuple(found)


def _names(value: str) -> list[str]:
    """Candidate family names in a font list. In a `font` shorthand the first family follows
    the size (`700 1em News Cycle`), so every tail of an unquoted item is a candidate."""
    names: list[str] = []
    for item in value.split(","):
        quoted = re.findall(r"""["']([^"']+)["']""", item)
        names.extend(q.strip().lower() for q in quoted)
        if not quoted:
            words = item.lower().split()
            names.extend(" ".join(words[i:]) for i in range(len(words)))
    return names
