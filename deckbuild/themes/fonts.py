"""Fonts a theme's CSS names → the bundled @fontsource families; web-font imports removed.

reveal.js's themes, Quarto's and authors' SCSS pull fonts from a font CDN with `@import`. A deck
never goes to the network, so those imports are dropped and each family the CSS asks for is
matched, by name, to a family bundled in `_vendor/fonts/` (see hatch_build.py's FONT_FAMILIES),
whose faces the page then carries. A family that is not bundled falls back to the next one in
its list, as in a browser that is offline.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from deckbuild.rendering import assets

# `@import url(…)`, `@import "…"` (with media queries), when the address leaves the machine.
_REMOTE_IMPORT = re.compile(r"""@import\s*(?:url\(\s*)?["']?(?:https?:)?//[^;]*;""", re.IGNORECASE)
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.IGNORECASE)
_REMOTE_URL = re.compile(r"""url\(\s*["']?(?:https?:)?//""", re.IGNORECASE)
_IMPORTED = re.compile(r"""@import\s*(?:url\(\s*)?["']?((?:https?:)?//[^"')\s;]+)""", re.IGNORECASE)
# Declarations that hold a font list: font-family, the font shorthand, custom properties
# whose names say font (reveal.js's --r-main-font, our --font-text, …).
_FONT_DECLARATION = re.compile(r"(?:font-family|font|--[\w-]*font[\w-]*)\s*:\s*([^;{}]+)", re.IGNORECASE)


def without_web_fonts(css: str) -> str:
    """`css` without `@import`s of remote stylesheets nor `@font-face` rules that load from the
    network: the bundled families take their place (a remote face could never load offline).
    A face whose files lie beside the stylesheet stays: the author ships that font."""
    return _FONT_FACE.sub(lambda face: "" if _REMOTE_URL.search(face.group(0)) else face.group(0),
                          _REMOTE_IMPORT.sub("", css))


def web_font_families(css: str) -> list[str]:
    """The families that `css`'s remote `@import`s ask a web-font service for, as such services
    name them in the address (`?family=Roboto+Slab:wght@400&family=Inter`)."""
    families: list[str] = []
    for match in _IMPORTED.finditer(css):
        query = urlsplit(match.group(1).replace("&amp;", "&")).query
        for value in parse_qs(query).get("family", []):
            for name in value.split("|"):
                family = name.split(":")[0].strip()
                if family and family not in families:
                    families.append(family)
    return families


def unbundled_notes(css: str) -> tuple[str, ...]:
    """What to tell the author about web fonts in `css` that the deck cannot carry."""
    known = bundled()
    names = sorted(assets.manifest().get("fonts", {}).values())
    missing = [family for family in web_font_families(css) if family.lower() not in known]
    return tuple(f"font `{family}` is loaded from a web-font service, which a deck never uses, and it is not "
                 f"bundled: the next font in the stylesheet's list shows instead — put its .woff2 files beside the "
                 f"SCSS file with an @font-face rule, or pick a bundled family ({', '.join(names)})"
                 for family in missing)


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
