"""Quarto's themes and authors' SCSS, compiled into deckbuild themes.

A Quarto theme name (`default`, `dark`, `beige`, …; `white` and `black` are Quarto's aliases
of `default` and `dark`) is a layer of Quarto's reveal.js Sass variables in `_quarto/themes/`;
an author's `.scss` files are more layers on top. Compiled over the bridge (`_quarto/bridge.scss`),
they give reveal.js's properties (--r-*) and deckbuild's variables, so the page is reveal.js's
stylesheet of the same name, deckbuild's base for reveal.js themes (`_reveal/`), and this CSS.

An author's SCSS may also sit on a deckbuild theme (`theme: [dark, custom.scss]` in a deckbuild
deck): the theme's variables become the layers' Sass defaults (`$body-bg` is its background,
`$link-color` its accent, …), and the variables an author changes flow back into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from deckbuild.errors import DeckError
from deckbuild.rendering import assets
from deckbuild.themes import Sheet, Theme, reveal
from deckbuild.themes.fonts import families_used, unbundled_notes, without_web_fonts
from deckbuild.themes.scss import Layer, compile_layers, layer_from_text, read_layer

HERE = Path(__file__).resolve().parent / "_quarto"
NAMES = tuple(sorted(p.stem for p in (HERE / "themes").glob("*.scss")))
ALIASES = {"white": "default", "black": "dark"}
REVEAL_RULES = {"default": "white", "dark": "black"}
"""The reveal.js stylesheet whose rules a Quarto theme is drawn with (the same name otherwise)."""

# deckbuild's variable ↔ the Quarto Sass variable that means the same, for SCSS on deckbuild's themes.
SASS_NAMES = {
    "background": "body-bg", "text": "body-color", "muted": "text-muted", "heading": "presentation-heading-color",
    "accent": "link-color", "code-background": "code-block-bg", "code-border": "code-block-border-color",
    "code-text": "code-block-color", "rule": "table-border-color", "font-text": "font-family-sans-serif",
    "font-heading": "presentation-heading-font", "font-code": "font-family-monospace",
    "size-text": "presentation-font-size-root", "size-title": "presentation-h2-font-size", "size-code": "code-block-font-size",
}  # fmt: skip
# reveal.js's property ↔ the Quarto Sass variable, for SCSS on reveal.js's own themes.
REVEAL_SASS = {
    "--r-background-color": "body-bg", "--r-main-color": "body-color", "--r-main-font": "font-family-sans-serif",
    "--r-main-font-size": "presentation-font-size-root", "--r-block-margin": "presentation-block-margin",
    "--r-heading-font": "presentation-heading-font", "--r-heading-color": "presentation-heading-color",
    "--r-heading-line-height": "presentation-heading-line-height",
    "--r-heading-letter-spacing": "presentation-heading-letter-spacing",
    "--r-heading-text-transform": "presentation-heading-text-transform",
    "--r-heading-text-shadow": "presentation-heading-text-shadow", "--r-heading-font-weight": "presentation-heading-font-weight",
    "--r-heading1-text-shadow": "presentation-h1-text-shadow", "--r-heading1-size": "presentation-h1-font-size",
    "--r-heading2-size": "presentation-h2-font-size", "--r-heading3-size": "presentation-h3-font-size",
    "--r-heading4-size": "presentation-h4-font-size", "--r-code-font": "font-family-monospace",
    "--r-link-color": "link-color", "--r-link-color-hover": "link-color-hover",
    "--r-selection-background-color": "selection-bg", "--r-selection-color": "selection-color",
}  # fmt: skip


def is_quarto_name(name: str) -> bool:
    return ALIASES.get(name, name) in NAMES


def quarto_theme(name: str, scss: Sequence[Path], roots: Sequence[Path], cache_dir: Path | None,
                 front: Layer | None = None) -> Theme:
    """Quarto's theme `name` with the author's `scss` files layered on it, and the front
    matter's variables (`front`) ahead of them all."""
    name = ALIASES.get(name, name)
    layers = [read_layer(HERE / "themes" / f"{name}.scss"), *(read_layer(path) for path in scss), *_front(front)]
    compiled = compile_layers(_bridge(), layers, roots, cache_dir)
    css = _clean(compiled)
    rules = reveal.stylesheet(REVEAL_RULES.get(name, name))
    base = reveal.base_theme()
    variables = {**base.variables, **_deckbuild_properties(reveal.root_properties(css))}
    return replace(
        base,
        name=name,
        description=f"Quarto's {name} theme",
        variables=variables,
        pygments=reveal.pygments_for(variables["background"]),
        fonts=families_used(css),
        prelude=(Sheet(f"reveal-{REVEAL_RULES.get(name, name)}.css", rules, None),),
        extra=(*reveal.for_dark(variables["background"]), *_extra(css, scss, roots)),
        sources=tuple(scss),
        notes=unbundled_notes(compiled),
    )


def scss_over(theme: Theme, scss: Sequence[Path], roots: Sequence[Path], cache_dir: Path | None,
              front: Layer | None = None) -> Theme:
    """`theme` (deckbuild's, or reveal.js's) with the author's `scss` files layered on it: the
    theme's values are the Sass defaults, and what the files (and the front matter's variables,
    `front`) change flows back into it."""
    values = {SASS_NAMES[key]: value for key, value in theme.variables.items() if key in SASS_NAMES}
    bridge, mixins = _bridge(), ""
    if theme.prelude:  # reveal.js's stylesheet: its properties too, and all of the bridge
        properties = reveal.root_properties("".join(sheet.css for sheet in theme.prelude))
        values.update({REVEAL_SASS[key]: value for key, value in properties.items() if key in REVEAL_SASS})
        mixins = "@mixin bodyBackground() { background: var(--r-background); }\n"  # keep its gradient
    else:  # deckbuild's CSS: only the variables that mean the same go back, its own look stays
        back = "".join(f"  --{key}: #{{${sass}}};\n" for key, sass in SASS_NAMES.items())
        rules = layer_from_text(f":root {{\n{back}}}\n", "deckbuild's variables").lines("defaults")
        bridge = Layer(bridge.name, {**bridge.sections, "rules": rules}, bridge.path)
    defaults = "".join(f"${name}: {value} !default;\n" for name, value in values.items() if _plain(value))
    own = layer_from_text(f"{defaults}/*-- scss:mixins --*/\n{mixins}", f"the {theme.name} theme's variables")
    compiled = compile_layers(bridge, [own, *(read_layer(path) for path in scss), *_front(front)], roots, cache_dir)
    css = _clean(compiled)
    variables = {**theme.variables, **_deckbuild_properties(reveal.root_properties(css))}
    return replace(
        theme,
        variables=variables,
        pygments=reveal.pygments_for(variables["background"]) if theme.prelude else theme.pygments,
        fonts=tuple(dict.fromkeys((*families_used(css), *theme.fonts))),
        extra=(*_for_background(theme, variables["background"]), *_extra(css, scss, roots)),
        sources=(*theme.sources, *scss),
        notes=(*theme.notes, *unbundled_notes(compiled)),
    )


def _for_background(theme: Theme, background: str) -> tuple[Sheet, ...]:
    """A reveal.js theme's extra sheets, its dark-slide colours chosen again: the SCSS may
    have turned a light theme dark or a dark one light."""
    kept = tuple(sheet for sheet in theme.extra if sheet.name != reveal.DARK_SHEET)
    return (*kept, *reveal.for_dark(background)) if theme.prelude else theme.extra


def _front(front: Layer | None) -> list[Layer]:
    """The front matter's layer goes last: `assemble` writes the last layer's defaults first,
    so its `!default`s come before the themes' (Quarto's order for its YAML layer)."""
    return [front] if front is not None else []


def _bridge() -> Layer:
    return read_layer(HERE / "bridge.scss")


def _clean(css: str) -> str:
    return without_web_fonts(css)


def _extra(css: str, scss: Sequence[Path], roots: Sequence[Path]) -> tuple[Sheet, ...]:
    """The compiled CSS. Its relative `url()`s are read beside the last SCSS file, as the
    author wrote them; each must be a file there, inside the deck's folders."""
    base = scss[-1].parent if scss else None
    if base is not None:
        try:
            assets.map_css_urls(css, base, lambda path: _inside(path, roots, scss[-1]))
        except (ValueError, FileNotFoundError) as exc:
            raise DeckError(f"SCSS theme: {exc}", path=scss[-1], fix="use files beside the .scss file") from None
    return (Sheet("theme-scss.css", css, base),)


def _inside(path: Path, roots: Sequence[Path], scss: Path) -> str:
    if not any(path.resolve().is_relative_to(root.resolve()) for root in roots):
        raise DeckError(f"SCSS refers to {path}, outside the deck's folders", path=scss,
                        fix="copy the file next to the deck or into its project")
    return path.as_uri()


def _deckbuild_properties(properties: dict[str, str]) -> dict[str, str]:
    return {name[2:]: value for name, value in properties.items() if not name.startswith("--r-")}


def _plain(value: str) -> bool:
    """A value that can stand in Sass source as it is (not empty, no statement punctuation)."""
    return bool(value.strip()) and not any(char in value for char in ";{}")
