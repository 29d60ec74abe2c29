"""A `_brand.yml` (Quarto's brand file) beside the deck or at its project's root (or front
matter `brand:`, a file or the brand itself; `brand: false` for none): its logo
(`logo: medium`, else `small`, else `large`, each a path, a name under `logo.images`, or
`{light, dark}`) when the deck names none, and its colours (`color.foreground`, `background`,
`primary`, each a colour, a `palette` name, or `{light, dark}`) over the theme's.

The logo goes through the deck's own reading rules (it must lie in the deck's folder, project or
`resource-path`); the colours become the theme's variables and reveal.js's, after the theme's
stylesheets, so they hold in deckbuild's, reveal.js's and Quarto's themes alike.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckbuild.errors import DeckError
from deckbuild.sources import safeyaml

FILE = "_brand.yml"
SIZES = ("medium", "small", "large")
"""Quarto gives reveal.js the medium logo; the others stand in for it."""
COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|(rgb|hsl)a?\([\d.,%\s]+\)|[a-zA-Z]+)$")
VARIABLES = {
    "background": ("--background", "--r-background-color"),
    "foreground": ("--text", "--heading", "--r-main-color", "--r-heading-color"),
    "primary": ("--accent", "--accent-strong", "--r-link-color"),
}


@dataclass(slots=True)
class Brand:
    path: Path
    logo: str = ""
    """The logo's light (or only) file, relative to the deck's folder."""
    logo_alt: str = ""
    logo_dark: str = ""
    logo_dark_alt: str = ""
    images: dict[str, tuple[str, str]] = field(default_factory=dict)
    """The brand's named images (`logo: images:`): name → (file relative to the deck's folder, alt),
    which a deck's own `logo:` may name as Quarto allows."""
    colours: dict[str, str] = field(default_factory=dict)
    """Brand role (`background`, `foreground`, `primary`) → a CSS colour, for the light mode."""
    palette: dict[str, str] = field(default_factory=dict)
    """Every colour the brand names, roles and `palette:` entries, for `{{< brand color NAME >}}`."""

    def stylesheet(self) -> str:
        """The brand's colours as the theme's variables (and reveal.js's)."""
        lines = [f"  {name}: {value};" for role, value in self.colours.items() for name in VARIABLES[role]]
        return f":root, .reveal {{\n{chr(10).join(lines)}\n}}\n" if lines else ""


def find(deck: Path, project_root: Path | None, setting: Any = None, mode: str = "light") -> Brand | None:
    """The deck's brand: front matter `brand:` (a file, a mapping, or false for none), else the
    brand file of the deck's folder, else of its project's root; None without one. `mode`
    (`brand-mode:`) picks the light or dark side of what has both."""
    if setting is False:
        return None
    if isinstance(setting, dict):
        return _brand(setting, deck, deck.parent, deck.parent, mode)
    if isinstance(setting, str):
        path = deck.parent / setting
        if not path.is_file():
            raise DeckError(f"brand file `{setting}` not found", fix="check the path of `brand:` (relative to the deck)")
        return read(path, deck.parent, mode)
    for folder in (deck.parent, project_root):
        if folder is not None and (folder / FILE).is_file():
            return read(folder / FILE, deck.parent, mode)
    return None


def read(path: Path, deck_folder: Path, mode: str = "light") -> Brand:
    try:
        data = safeyaml.load_value(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DeckError(f"cannot read the brand file: {exc}", path=path) from None
    except safeyaml.YamlProblem as exc:
        raise DeckError(f"brand file is not valid YAML: {exc.problem}", path=path, line=exc.line + 1) from None
    if data is None:
        return Brand(path)
    if not isinstance(data, dict):
        raise DeckError("a brand file holds a mapping (color:, logo:, …)", path=path, line=1)
    return _brand(data, path, path.parent, deck_folder, mode)


def _brand(data: dict[str, Any], path: Path, folder: Path, deck_folder: Path, mode: str) -> Brand:
    brand = Brand(path)
    _logo(brand, data.get("logo"), folder, deck_folder)
    if mode == "dark":  # the side shown first is the mode's; the other stands in for it
        if brand.logo_dark:
            brand.logo, brand.logo_alt = brand.logo_dark, brand.logo_dark_alt
        brand.logo_dark = brand.logo_dark_alt = ""
    _colours(brand, data.get("color"), mode)
    return brand


def _logo(brand: Brand, logo: Any, folder: Path, deck_folder: Path) -> None:
    if not isinstance(logo, dict):
        return
    found = logo.get("images")
    images: dict[str, Any] = found if isinstance(found, dict) else {}
    # Each side is looked for through the sizes on its own (Quarto's mode-first search): the
    # dark logo may be given only at another size than the light one.
    sides = [_sides(logo[size]) for size in SIZES if logo.get(size)]
    light = next((side[0] for side in sides if side[0]), None)
    dark = next((side[1] for side in sides if side[1]), None)
    brand.logo, brand.logo_alt = _image(light, images, folder, deck_folder)
    brand.logo_dark, brand.logo_dark_alt = _image(dark, images, folder, deck_folder)
    brand.images = {str(name): _image(str(name), images, folder, deck_folder) for name in images}
    for size in SIZES:  # a deck's `logo: large` names the brand's logo of that size, as in Quarto
        item = logo.get(size)
        if item and size not in brand.images:
            light_side, dark_side = _sides(item)
            brand.images[size] = _image(light_side or dark_side, images, folder, deck_folder)


def _sides(item: Any) -> tuple[Any, Any]:
    """A size's entry as (light, dark): a path or `{path, alt}` is the light side alone."""
    if isinstance(item, dict) and "path" not in item:
        return item.get("light"), item.get("dark")
    return item, None


def _image(item: Any, images: dict[str, Any], folder: Path, deck_folder: Path) -> tuple[str, str]:
    """A path (relative to the brand file), an `images:` name, or `{path, alt}` → (path from the deck, alt)."""
    if isinstance(item, str) and item in images:
        item = images[item]
    if isinstance(item, dict):
        path, alt = item.get("path"), str(item.get("alt", ""))
    else:
        path, alt = item, ""
    if not isinstance(path, str) or not path:
        return "", ""
    return os.path.relpath(folder / path, deck_folder), alt


def _colours(brand: Brand, colour: Any, mode: str) -> None:
    if not isinstance(colour, dict):
        return
    found = colour.get("palette")
    palette: dict[str, Any] = found if isinstance(found, dict) else {}
    for name in [*palette, *(key for key in colour if key != "palette")]:
        found_colour = _colour(palette.get(name) if name in palette else colour.get(name), palette, mode, str(name))
        if found_colour:
            brand.palette[str(name)] = found_colour
    for role in VARIABLES:
        if role_colour := _colour(colour.get(role), palette, mode):
            brand.colours[role] = role_colour


def _colour(value: Any, palette: dict[str, Any], mode: str, own: str = "") -> str:
    """A brand colour's value as CSS ("" when it is none): `{light, dark}` gives the mode's side
    (the other stands in), and a palette name the colour it names (which may name another)."""
    if isinstance(value, dict):
        value = value.get(mode, value.get("dark" if mode == "light" else "light"))
    for _ in range(4):
        if isinstance(value, str) and value in palette and value != own:
            value = palette[value]
    return value.strip() if isinstance(value, str) and COLOUR.match(value.strip()) else ""
