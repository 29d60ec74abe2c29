"""Finding and loading themes.

A theme is a folder: `theme.yaml` (name, description, at most one `extends`, variables,
Pygments style, font families), `templates/` (Jinja2, structure through named blocks) and
`theme.css` (style through the variables). Built-in themes live beside this file and are
registered through the same `deckbuild.themes` entry points as installed ones; a path works
too. From a source tree that was never installed, the folders beside this file still count.

Which theme a deck gets (deckbuild's, reveal.js's, Quarto's, SCSS layered on one) is decided
in `deckbuild.themes.deck`; a theme built there carries stylesheets from outside its folders
(`prelude`, `extra`), and `page_sheets` puts everything in page order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.errors import ConfigError
from deckbuild.themes.meta import ThemeMeta, read_meta
from deckbuild.writing import shown

if TYPE_CHECKING:
    from importlib import metadata

BUILTIN = Path(__file__).resolve().parent
ENTRY_POINTS = "deckbuild.themes"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One stylesheet for the page."""

    name: str
    """Its file name when the page does not embed its assets."""
    css: str
    base: Path | None
    """The folder its relative `url()`s are read from."""


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    path: Path
    description: str
    parent: Theme | None
    variables: dict[str, str] = field(hash=False)
    """This theme's variables over its parent's: CSS custom properties `--name`."""
    pygments: str = "default"
    """The Pygments style for code; token colours are nudged to `code_contrast` on `--code-background`."""
    code_contrast: float = 4.5
    fonts: tuple[str, ...] = ()
    """Bundled font families (folders under `_vendor/fonts/`)."""
    prelude: tuple[Sheet, ...] = field(default=(), hash=False)
    """Stylesheets between the parents' CSS and this theme's own (reveal.js's theme)."""
    extra: tuple[Sheet, ...] = field(default=(), hash=False)
    """Stylesheets after all of the theme's CSS (compiled SCSS: the author's rules win)."""
    sources: tuple[Path, ...] = ()
    """Files outside the theme's folders that it was built from (SCSS), for `serve` to watch."""
    notes: tuple[str, ...] = ()
    """Warnings about the author's SCSS (a web font that is not bundled), said at `theme:`."""

    def chain(self) -> list[Theme]:
        """This theme and its ancestors, the theme itself first."""
        themes: list[Theme] = []
        theme: Theme | None = self
        while theme is not None:
            themes.append(theme)
            theme = theme.parent
        return themes

    def template_dirs(self) -> list[Path]:
        return [t.path / "templates" for t in self.chain() if (t.path / "templates").is_dir()]

    def template_prefixes(self) -> dict[str, Path]:
        """`name/` → that theme's templates, so a child can `{% extends "default/page.html.j2" %}`.
        An ancestor keeps its name when a descendant shares it (a local `default` extending ours)."""
        prefixes: dict[str, Path] = {}
        for theme in reversed(self.chain()):
            if (theme.path / "templates").is_dir():
                prefixes.setdefault(theme.name, theme.path / "templates")
        return prefixes

    def stylesheets(self) -> list[Path]:
        """Parents' CSS first, so a child theme only restyles what it changes."""
        return [t.path / "theme.css" for t in reversed(self.chain()) if (t.path / "theme.css").is_file()]

    def page_sheets(self, root: str) -> list[Sheet]:
        """The page's theme stylesheets in order: `root` (the deck's `:root` variables) and
        the folders' CSS, the prelude before this theme's own CSS, the extra sheets last."""
        css = [path.read_text(encoding="utf-8") for path in self.stylesheets()]
        own = (self.path / "theme.css").is_file()
        if not self.prelude or not own:
            return [Sheet("theme.css", root + "".join(css), self.path), *self.prelude, *self.extra]
        parents = Sheet("theme.css", root + "".join(css[:-1]), self.path)
        return [parents, *self.prelude, Sheet(f"theme-{self.path.name.strip('_')}.css", css[-1], self.path), *self.extra]


def installed() -> dict[str, Path]:
    """Every theme found by name: deckbuild's own entry points first, then other packages'."""
    found: dict[str, Path] = {}
    from importlib import metadata  # reads every installed package's entry points: only when asked

    entries = sorted(metadata.entry_points(group=ENTRY_POINTS), key=lambda e: _distribution(e) != "deckbuild")
    for entry in entries:
        if entry.name not in found:
            found[entry.name] = _entry_point_path(entry)
    for folder in sorted(BUILTIN.iterdir()):  # a source tree run without `pip install`
        if (folder / "theme.yaml").is_file() and not folder.name.startswith("_"):  # `_x`: a base, not a theme
            found.setdefault(folder.name, folder)
    return found


def describe(path: Path) -> str:
    """A theme's one-line description, or why it cannot be read (for `deckbuild themes`)."""
    try:
        return read_meta(path).description
    except ConfigError as exc:
        return f"(broken: {exc.message})"


def _distribution(entry: metadata.EntryPoint) -> str:
    dist = getattr(entry, "dist", None)
    return str(dist.name) if dist is not None else ""


def _entry_point_path(entry: metadata.EntryPoint) -> Path:
    target = entry.load()
    path = target() if callable(target) else target
    if hasattr(path, "__file__"):  # a package holding the theme folder
        path = Path(path.__file__).parent
    return Path(path)


def load_theme(reference: str, base_dir: Path | None = None) -> Theme:
    """A theme by built-in name, installed name or path (relative to `base_dir`)."""
    return _load(_locate(reference, base_dir), ())


def _locate(reference: str, base_dir: Path | None) -> Path:
    candidate = Path(reference).expanduser()
    if not candidate.is_absolute() and base_dir is not None:
        candidate = base_dir / candidate
    if (candidate / "theme.yaml").is_file():
        return candidate.resolve()
    if "/" in reference or reference.startswith("."):
        raise ConfigError(f"theme folder `{reference}` has no theme.yaml",
                          fix="check the path, or run `deckbuild theme new NAME`")
    if (BUILTIN / reference / "theme.yaml").is_file() and not reference.startswith("_"):
        return BUILTIN / reference  # deckbuild's own entry points come first: no need to read every package's
    themes = installed()
    if reference in themes:
        return themes[reference]
    raise ConfigError(f"unknown theme `{reference}`", fix=f"installed themes: {', '.join(sorted(themes))}")


def forget_loaded() -> None:
    """Drop the themes read so far, so that a long-running `serve` sees edits to theme.yaml."""
    _load.cache_clear()


@cache
def _load(path: Path, seen: tuple[Path, ...]) -> Theme:
    meta = read_meta(path)
    name = meta.name or path.name
    parent = _parent(meta, name, seen)
    return Theme(
        name=name,
        path=path,
        description=meta.description,
        parent=parent,
        variables={**(parent.variables if parent else {}), **meta.variables},
        pygments=meta.pygments or (parent.pygments if parent else "default"),
        code_contrast=meta.code_contrast or (parent.code_contrast if parent else 4.5),
        fonts=meta.fonts if meta.fonts is not None else (parent.fonts if parent else ()),
    )


def _parent(meta: ThemeMeta, name: str, seen: tuple[Path, ...]) -> Theme | None:
    path, extends = meta.path.parent, meta.extends
    if not extends:
        return None
    if path in seen:
        raise ConfigError(f"theme `{name}` extends itself through `{extends}`", fix="remove the loop of `extends`")
    try:
        return _load(_locate(extends, path), (*seen, path))  # a path is relative to the theme's folder
    except ConfigError as exc:
        if exc.path or exc.what.startswith("theme `"):  # a link further up the chain: keep its message
            raise
        raise ConfigError(
            f"theme `{name}` extends `{extends}`, which cannot be found",
            path=shown(meta.path), line=meta.lines.get("extends"),
            fix=exc.fix or "fix `extends` in its theme.yaml",
        ) from None
