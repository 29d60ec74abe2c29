"""Which logo a deck shows: `logo:` as a path, or Quarto's `{light, dark, alt}` (each side a
path or `{path, alt}`), else the brand's logo; the dark one on a dark theme, the other side
where only one is given (the dark one with `brand-mode: dark`, as Quarto shows it)."""

from __future__ import annotations

from deckbuild.config import DeckConfig
from deckbuild.rendering.brand import Brand
from deckbuild.themes.contrast import luminance, parse


def chosen(config: DeckConfig, variables: dict[str, str], brand: Brand | None = None) -> tuple[str, str]:
    """The logo's reference and `alt` for this theme (an empty `alt` leaves it decorative, as Quarto does)."""
    if config.logo or config.logo_dark or not brand:
        light, dark = (config.logo, config.logo_alt), (config.logo_dark, config.logo_dark_alt or config.logo_alt)
        if brand:  # the deck may name one of the brand's images
            light, dark = _named(light, brand), _named(dark, brand)
    else:
        light, dark = (brand.logo, brand.logo_alt), (brand.logo_dark, brand.logo_dark_alt)
    colour = brand.colours.get("background", "") if brand else ""
    background = parse(colour or variables.get("background", ""))
    on_dark = config.brand_mode == "dark" or (background is not None and luminance(background) < 0.18)
    first, other = (dark, light) if on_dark else (light, dark)
    return first if first[0] else other


def _named(side: tuple[str, str], brand: Brand) -> tuple[str, str]:
    """A logo side whose path is a name under the brand's `logo: images:`: that image, the
    deck's own `alt` first."""
    path, alt = side
    if path in brand.images:
        image, image_alt = brand.images[path]
        return image, alt or image_alt
    return side
