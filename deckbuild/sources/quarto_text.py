"""The Markdown loader's one call into Quarto's text-level features: includes and shortcodes in
the body, `meta` and `var` in the front matter strings a deck shows (title, footer, …).

A body without `{{` is returned as it is, without a second scan.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckbuild.config import DeckConfig
from deckbuild.errors import DeckError
from deckbuild.sources.includes import Expanded, expand
from deckbuild.sources.scanner import Line
from deckbuild.sources.shortcodes import Shortcodes

if TYPE_CHECKING:
    from deckbuild.rendering.brand import Brand

SHOWN_STRINGS = ("title", "subtitle", "date", "footer")
"""The front matter strings a deck shows, where Quarto expands `meta` and `var`."""
VARIABLES = "_variables.yml"


def expand_body(path: Path, config: DeckConfig, meta: dict[str, Any], body: list[Line]) -> Expanded:
    """The body's lines with includes and shortcodes expanded; warnings go to `config.warnings`."""
    from deckbuild.project import project_root
    from deckbuild.rendering.resources import ReadRule

    shown = [getattr(config, key) for key in SHOWN_STRINGS] + config.institute
    if not any("{{" in text for _, text in body) and not any("{{" in text for text in shown):
        return Expanded(body, None)
    root = project_root(path.parent)
    variables_file = (root or path.parent) / VARIABLES
    read: list[dict[str, Any]] = []

    def variables() -> dict[str, Any]:
        if not read:
            read.append(_variables(variables_file))
        return read[0]

    def brand() -> Brand | None:
        from deckbuild.rendering.brand import find

        return find(path, root, config.brand, config.brand_mode)

    codes = Shortcodes(path, meta, variables, brand)
    for key in sorted(SHOWN_STRINGS, key=lambda key: key != "date"):  # the date first: `meta date` shows it resolved
        setattr(config, key, codes.text(getattr(config, key), path, config.lines.get(key)))
        if key == "date":
            codes.resolved.update(_resolved(path, config, meta))
    config.institute = [codes.text(name, path, config.lines.get("institute")) for name in config.institute]
    expanded = expand(body, path, ReadRule.for_deck(path, config.resource_path), root, codes.line)
    config.warnings.extend([*expanded.warnings, *codes.warnings])
    if read and variables_file.is_file():
        expanded.files.append(variables_file.resolve())
    return expanded


def _resolved(path: Path, config: DeckConfig, meta: dict[str, Any]) -> dict[str, str]:
    """`meta date` as the title slide shows it, and `meta author` as the authors' names where
    the front matter gives them as Quarto's author objects (Quarto resolves both first)."""
    from deckbuild.rendering.title_slide import clock_for, shown_date

    resolved = {"date": shown_date(config, clock_for(path))} if config.date else {}
    for key in ("author", "authors"):
        value = meta.get(key)
        if isinstance(value, dict) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            resolved[key] = ", ".join(author.name for author in config.authors)
    return resolved


def _variables(file: Path) -> dict[str, Any]:
    """The project's `_variables.yml`; empty when there is none."""
    from deckbuild.rendering.resources import read_utf8
    from deckbuild.sources import safeyaml

    if not file.is_file():
        return {}
    try:
        data = safeyaml.load_value(read_utf8(file, "variables file"))
    except safeyaml.YamlProblem as exc:
        raise DeckError(f"`{VARIABLES}` is not valid YAML: {exc.problem}", path=file, line=exc.line + 1,
                        fix="check its indentation") from None
    return data if isinstance(data, dict) else {}
