"""Finding and loading themes.

A theme is a folder: `theme.yaml` (name, description, at most one `extends`, variables,
Pygments style, font families), `templates/` (Jinja2, structure through named blocks) and
`theme.css` (style through the variables). Built-in themes live beside this file and are
found through the same `deckbuild.themes` entry points as installed ones; a path works too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from deckbuild.errors import ConfigError

BUILTIN = Path(__file__).resolve().parent
ENTRY_POINTS = "deckbuild.themes"


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    path: Path
    description: str
    parent: Theme | None
    variables: dict[str, str] = field(hash=False)
    """This theme's variables over its parent's: CSS custom properties `--name`."""
    pygments: str = "default"
    fonts: tuple[str, ...] = ()
    """Bundled font families (folders under `_vendor/fonts/`)."""

    def chain(self) -> list[Theme]:
        """This theme and its ancestors, the theme itself first."""
        themes, theme = [], self
        while theme is not None:
            themes.append(theme)
            theme = theme.parent
        return themes

    def template_dirs(self) -> list[Path]:
        return [t.path / "templates" for t in self.chain() if (t.path / "templates").is_dir()]

    def stylesheets(self) -> list[Path]:
        """Parents' CSS first, so a child theme only restyles what it changes."""
        return [t.path / "theme.css" for t in reversed(self.chain()) if (t.path / "theme.css").is_file()]


def installed() -> dict[str, Path]:
    """Every theme found by name: built-ins, then the `deckbuild.themes` entry points."""
    found = {p.name: p for p in sorted(BUILTIN.iterdir()) if (p / "theme.yaml").is_file()}
    for entry in metadata.entry_points(group=ENTRY_POINTS):
        if entry.name not in found:
            found[entry.name] = _entry_point_path(entry)
    return found


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
        raise ConfigError(f"theme folder `{reference}` has no theme.yaml", fix="check the path, or run `deckbuild theme new NAME`")
    themes = installed()
    if reference in themes:
        return themes[reference]
    raise ConfigError(f"unknown theme `{reference}`", fix=f"installed themes: {', '.join(sorted(themes))}")


def forget_loaded() -> None:
    """Drop the themes read so far, so that a long-running `serve` sees edits to theme.yaml."""
    _load.cache_clear()


@cache
def _load(path: Path, seen: tuple[Path, ...]) -> Theme:
    meta = _read_meta(path)
    parent = None
    extends = meta.get("extends")
    if extends:
        if path in seen:
            raise ConfigError(f"theme `{meta.get('name', path.name)}` extends itself through `{extends}`")
        try:
            parent = _load(_locate(str(extends), path.parent), (*seen, path))
        except ConfigError as exc:
            raise ConfigError(
                f"theme `{meta.get('name', path.name)}` extends `{extends}`, which cannot be found",
                fix=exc.fix or "fix `extends` in its theme.yaml",
            ) from None
    variables = {**(parent.variables if parent else {}), **{str(k): str(v) for k, v in (meta.get("variables") or {}).items()}}
    return Theme(
        name=str(meta.get("name", path.name)),
        path=path,
        description=str(meta.get("description", "")),
        parent=parent,
        variables=variables,
        pygments=str(meta.get("pygments") or (parent.pygments if parent else "default")),
        fonts=tuple(meta.get("fonts") or (parent.fonts if parent else ())),
    )


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        meta = yaml.safe_load((path / "theme.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read {path / 'theme.yaml'}: {exc}") from None
    if not isinstance(meta, dict):
        raise ConfigError(f"{path / 'theme.yaml'} must be a mapping")
    return meta
