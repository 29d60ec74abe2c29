"""Reading a theme's `theme.yaml` into typed values, each mistake one line at its line.

A theme is someone's own work, so a wrong value is their mistake, not a broken install: the
error names theme.yaml, the line, what was expected, and what there is to choose from (the
bundled font families, the Pygments styles). Only the keys deckbuild uses are checked; a key
it does not know is left alone, as a theme's own notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from deckbuild.errors import ConfigError
from deckbuild.writing import shown

NAME = re.compile(r"[A-Za-z0-9][\w.-]*")
"""Theme names become template prefixes (`name/page.html.j2`) and a CSS class."""
VARIABLE = re.compile(r"[A-Za-z0-9_-]+")
"""Variables become CSS custom properties, `--name`."""
CONTRAST = (1.0, 21.0)
"""WCAG contrast ratios run from 1:1 to 21:1."""
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ThemeMeta:
    """What a theme.yaml says; None where it says nothing, so the parent's value applies."""

    path: Path
    name: str | None = None
    description: str = ""
    extends: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    pygments: str | None = None
    code_contrast: float | None = None
    fonts: tuple[str, ...] | None = None
    lines: dict[str, int] = field(default_factory=dict)
    """Each key's line in theme.yaml, for errors found later (a parent that cannot be found)."""


def read_meta(folder: Path) -> ThemeMeta:
    path = folder / "theme.yaml"
    data, lines = _load(path)
    checks = _Checks(path, data, lines)
    return ThemeMeta(
        path=path,
        name=checks.get("name", _name),
        description=checks.get("description", _text) or "",
        extends=checks.get("extends", _text),
        variables=checks.get("variables", _variables) or {},
        pygments=checks.get("pygments", _pygments),
        code_contrast=checks.get("code-contrast", _contrast),
        fonts=checks.get("fonts", _fonts),
        lines=lines,
    )


def _load(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The mapping in theme.yaml, and the line of each of its keys."""
    try:
        loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the theme's settings: {exc}", path=shown(path)) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"theme settings are not valid YAML: {problem}", path=shown(path),
                          line=mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()
    if node is None or data is None:  # an empty file says nothing: the defaults hold
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ConfigError("theme settings must be a mapping of keys to values", path=shown(path), line=1,
                          fix="start from `deckbuild theme new NAME`")
    lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    return {str(key): value for key, value in data.items()}, lines


class _Checks:
    """Each key through its check; a check raises TypeError or ValueError saying `what — fix`,
    which becomes a ConfigError at the key's line."""

    def __init__(self, path: Path, data: dict[str, Any], lines: dict[str, int]) -> None:
        self.path, self.data, self.lines = path, data, lines

    def get(self, key: str, check: Callable[[Any], T]) -> T | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return check(value)
        except (TypeError, ValueError) as exc:
            what, _, fix = str(exc).partition(" — ")
            raise ConfigError(f"{key}: {what}", path=shown(self.path), line=self.lines.get(key), fix=fix or None) from None


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a text, not {_kind(value)}")


def _name(value: Any) -> str:
    name = _text(value)
    if not NAME.fullmatch(name):
        raise ValueError(f"{name[:40]!r} cannot be a theme name — use letters, digits, `-`, `_` and `.`")
    return name


def _variables(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a mapping of names to CSS values, not {_kind(value)} — e.g. `accent: \"#2563eb\"`")
    variables = {}
    for key, item in value.items():
        if not isinstance(key, str) or not VARIABLE.fullmatch(key):
            raise ValueError(f"{str(key)[:40]!r} cannot be a CSS variable name — use letters, digits, `-` and `_`")
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise TypeError(f"{key}: expected a CSS value (text or number), not {_kind(item)}")
        variables[key] = str(item)
    return variables


def _pygments(value: Any) -> str:
    from deckbuild.rendering.highlight import known_style, style_names

    style = _text(value)
    if not known_style(style):
        raise ValueError(f"Pygments has no style {style[:40]!r} — styles: {', '.join(style_names())}")
    return style


def _contrast(value: Any) -> float:
    low, high = CONTRAST
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValueError(f"expected a contrast ratio from {low:g} to {high:g}, not {value!r:.40} — e.g. 4.5 (WCAG AA)")
    return float(value)


def _fonts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError(f"expected a list of font families, not {_kind(value)} — e.g. [inter, jetbrains-mono]")
    bundled = bundled_fonts()
    unknown = [family for family in value if bundled and family not in bundled]
    if unknown:
        raise ValueError(f"font family `{unknown[0][:40]}` is not bundled with deckbuild"
                         f" — bundled families: {', '.join(bundled)}")
    return tuple(value)


def bundled_fonts() -> list[str]:
    """The font families in `_vendor/fonts/`; none in a checkout that was never built (then the
    renderer reports the broken install itself)."""
    from deckbuild.rendering.assets import VENDOR

    folder = VENDOR / "fonts"
    return sorted(p.name for p in folder.iterdir() if (p / "fonts.css").is_file()) if folder.is_dir() else []


def _kind(value: Any) -> str:
    kinds = {bool: "true/false", dict: "a mapping", list: "a list", str: "a text", int: "a number", float: "a number"}
    return kinds.get(type(value), type(value).__name__)
