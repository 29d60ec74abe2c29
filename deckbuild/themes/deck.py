"""Which theme a deck gets, from its `theme:` and whether it comes from Quarto.

    name            deckbuild deck                 Quarto deck (`format: revealjs`, or .qmd)
    default, dark   deckbuild's own                Quarto's (reveal.js's white and black)
    serif           deckbuild's own                Quarto's serif
    beige, moon, …  reveal.js's stylesheet         Quarto's theme of that name
    white, black    reveal.js's stylesheet         Quarto's default and dark
    vivid, a path   that deckbuild theme           that deckbuild theme
    + x.scss        layered on the theme above: Quarto's Sass variables map onto it

A name that is none of these is looked up as an installed theme or a folder, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from deckbuild.errors import ConfigError
from deckbuild.themes import Theme, installed, load_theme, quarto, reveal
from deckbuild.themes.scss import Layer

DECKBUILD_NAMES = ("default", "dark", "serif")
"""Names deckbuild's own themes keep in deckbuild decks, where reveal.js or Quarto use them too."""


def theme_for_deck(name: str, scss: Sequence[str], *, quarto_deck: bool, base_dir: Path,
                   sass: Mapping[str, tuple[str, int]] | None = None, source: Path | None = None) -> Theme:
    """The theme for a deck in `base_dir`, whose front matter names `name` and `scss` files and
    sets `sass` variables (Quarto's `fontsize` and its kin: variable → (value, line in `source`))."""
    roots = allowed_roots(base_dir)
    files = [_scss_file(reference, base_dir, roots) for reference in scss]
    cache = _cache_dir()
    front = front_matter_layer(sass or {}, source)
    if quarto_deck and quarto.is_quarto_name(name):
        return quarto.quarto_theme(name, files, roots, cache, front)
    if name in reveal.NAMES and name not in DECKBUILD_NAMES and name not in installed():
        theme = reveal.reveal_theme(name)
    else:
        theme = _load(name, base_dir)
    return quarto.scss_over(theme, files, roots, cache, front) if files or front else theme


def front_matter_layer(sass: Mapping[str, tuple[str, int]], source: Path | None) -> Layer | None:
    """The front matter's Sass variables as Quarto's first user layer: `!default`s that come
    before every theme file's, each line placed at its key in the deck, for Sass's errors."""
    if not sass:
        return None
    lines = [(source, line, f"${name}: {value} !default;") for name, (value, line) in sass.items()]
    return Layer("the front matter", {"defaults": lines})


def _load(name: str, base_dir: Path) -> Theme:
    try:
        return load_theme(name, base_dir)
    except ConfigError as exc:
        if not exc.what.startswith("unknown theme"):
            raise
        names = ", ".join(sorted(set(reveal.NAMES) | set(quarto.NAMES)))
        raise ConfigError(exc.what, fix=f"{exc.fix}; reveal.js's and Quarto's: {names}; or an .scss file") from None


def allowed_roots(base_dir: Path) -> list[Path]:
    """The deck's folder and its project's (`project.project_root`): where SCSS may be read from."""
    from deckbuild.project import project_root

    base, project = base_dir.resolve(), project_root(base_dir)
    return [base, project] if project and project != base else [base]


def _scss_file(reference: str, base_dir: Path, roots: Sequence[Path]) -> Path:
    path = (base_dir / reference).resolve()
    if not path.is_file():
        raise ConfigError(f"SCSS theme `{reference}` not found",
                          fix=f"check the path; it is read relative to {base_dir.resolve()}")
    if not any(path.is_relative_to(root) for root in roots):
        raise ConfigError(f"SCSS theme `{reference}` is outside the deck's folders",
                          fix="move it next to the deck or into its project")
    return path


def _cache_dir() -> Path:
    from deckbuild.user_cache import cache_root

    return cache_root() / "scss"
