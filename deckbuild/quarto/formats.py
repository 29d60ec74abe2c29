"""Quarto's `format:` in every spelling an author writes it, read as deckbuild's flat settings.

    format: revealjs                      the flat form
    format: {revealjs: default}           the same (`default`, or nothing, means no options)
    format: {revealjs: {...}, html: ...}  the revealjs entry; the other formats are Quarto's
    format: clean-revealjs                a Quarto extension's format: read as revealjs, with a
                                          warning that the extension itself is not loaded
    format: html                          an error: this is not a slide deck yet

The format's own options override the document's top-level ones, as in Quarto.
"""

from __future__ import annotations

from typing import Any

from deckbuild.config import Source
from deckbuild.errors import ConfigError, DeckError

OURS = ("revealjs", "deckbuild")


def is_reveal(name: Any) -> bool:
    return isinstance(name, str) and (name in OURS or name.endswith("-revealjs"))


def flatten(data: dict[str, Any], source: Source, warnings: list[DeckError]) -> dict[str, Any]:
    """`data` without `format`, the chosen format's options merged over it; a custom format's
    warning goes to `warnings`."""
    if "format" not in data:
        return data
    fmt, line = data["format"], source.lines.get("format")
    flat = {k: v for k, v in data.items() if k != "format"}
    names = [fmt] if isinstance(fmt, str) else list(fmt) if isinstance(fmt, (dict, list)) else []
    name = _choose(names)
    if name is None:
        shown = ", ".join(map(str, names)) or repr(fmt)
        raise ConfigError(f"format {shown} is not a reveal.js format", path=source.path, line=line,
                          fix="add revealjs: `format: revealjs`, or `format: {revealjs: default, html: default}`")
    if name not in OURS:
        warnings.append(DeckError(f"format `{name}` is a Quarto extension's: rendered as revealjs, without the "
                                  "extension's templates, filters and styles", path=source.path, line=line))
    nested = fmt.get(name) if isinstance(fmt, dict) else None
    if nested in (None, "default", True):
        return flat
    if not isinstance(nested, dict):
        raise ConfigError(f"format: {name}: must hold a mapping of options or `default`", path=source.path, line=line)
    for key in nested:
        source.lines.setdefault(key, source.lines.get(f"format.{name}.{key}", line or 1))
    flat.update(nested)
    return flat


def _choose(names: list[Any]) -> str | None:
    """deckbuild's own format first, then Quarto's revealjs, then an extension's."""
    for wanted in (lambda n: n == "deckbuild", lambda n: n == "revealjs", is_reveal):
        found = next((n for n in names if isinstance(n, str) and wanted(n)), None)
        if found is not None:
            return found
    return None
