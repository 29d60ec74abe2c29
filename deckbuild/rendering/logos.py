"""Which logo a deck shows: `logo:` as a path, or Quarto's `{light, dark, alt}` (each side a
path or `{path, alt}`), else the `_brand.yml` logo; the dark one on a dark theme."""

from __future__ import annotations

from deckbuild.config import DeckConfig
from deckbuild.rendering.brand import Brand
from deckbuild.themes.contrast import luminance, parse


def chosen(config: DeckConfig, variables: dict[str, str], brand: Brand | None = None) -> str:
    """The logo's reference for this theme: the dark variant where the slides are dark and there is one."""
    light, dark = (config.logo, config.logo_dark) if config.logo or not brand else (brand.logo, brand.logo_dark)
    colour = brand.colours.get("background") if brand and brand.colours.get("background") else variables.get("background", "")
    background = parse(colour or "")
    return dark if dark and background is not None and luminance(background) < 0.18 else light or dark


def alt_text(config: DeckConfig, brand: Brand | None = None) -> str:
    """The logo's `alt` as the deck (or its brand) gives it; empty leaves the image decorative, as Quarto does."""
    if config.logo or not brand:
        return config.logo_alt
    return brand.logo_alt
