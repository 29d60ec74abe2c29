"""Project defaults: `[tool.deckbuild]` in a pyproject.toml, a deckbuild.yaml, or a Quarto project's
`_quarto.yml` (its `format: revealjs:` options), beside or above a deck.

They set defaults for every deck below them (theme, execute options, output folder, …) and
list the project's decks, so `deckbuild render` with no argument renders them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deckbuild import settings
from deckbuild.config import DeckConfig, Include, Source
from deckbuild.errors import ConfigError
from deckbuild.sources import frontmatter
from deckbuild.sources.markdown import read_source


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    file: Path | None
    config: DeckConfig
    """Defaults for the project's decks (front matter goes on top)."""

    def decks(self) -> list[Path]:
        paths: list[Path] = []
        for pattern in self.config.decks:
            matches = sorted(self.root.glob(pattern))
            if not matches:
                raise ConfigError(f"`decks` entry `{pattern}` matches no file", path=self.file,
                                  line=self.config.lines.get("decks"), fix="fix the path or the pattern")
            paths.extend(matches)
        return paths

    def output_for(self, deck: Path, suffix: str) -> Path:
        """Where a deck's output goes: beside it, or under `output-dir` mirroring the tree."""
        if not self.config.output_dir:
            return deck.with_suffix(suffix)
        try:
            relative = deck.resolve().relative_to(self.root)
        except ValueError:
            relative = Path(deck.name)
        return (self.root / self.config.output_dir / relative).with_suffix(suffix)


def find_project(start: Path) -> Project:
    """The nearest project file at or above `start` (a folder); none → built-in defaults."""
    start = start.resolve()
    for folder in (start, *start.parents):
        yaml_file = folder / "deckbuild.yaml"
        if yaml_file.is_file():
            data, source = frontmatter.parse(read_source(yaml_file), 1, yaml_file)
            return _project(folder, yaml_file, data, source)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _tool_table(pyproject)
            if table is not None:
                return _project(folder, pyproject, table, Source(pyproject, _toml_lines(pyproject)))
        quarto_file = folder / "_quarto.yml"
        if quarto_file.is_file():
            data, source = frontmatter.parse(read_source(quarto_file), 1, quarto_file)
            return _project(folder, quarto_file, data, source)
    return Project(root=start, file=None, config=DeckConfig())


def _project(root: Path, file: Path, data: dict[str, Any], source: Source) -> Project:
    config = settings.apply(DeckConfig(), data, source, project=True)
    config.resource_path = [root / folder for folder in config.resource_path]  # the project's own folders
    _anchor_files(config, root)
    return Project(root=root, file=file, config=config)


def _anchor_files(config: DeckConfig, root: Path) -> None:
    """The files a project file names are its folder's, as Quarto reads `_quarto.yml`: a deck in
    a subfolder finds `css: style.css`, `brand:`, `bibliography:`, `logo:` and the includes
    where the project keeps them. A name that is no file (a theme's, a brand image's) stays."""

    def anchored(name: str) -> str:
        if not name or name.startswith(("/", "data:")) or "://" in name or Path(name).is_absolute():
            return name
        return str(root / name)

    def file_like(name: str) -> bool:
        return "/" in name or "." in Path(name).name

    config.css = [anchored(name) for name in config.css]
    config.theme_scss = [anchored(name) for name in config.theme_scss]
    if file_like(config.theme) and (root / config.theme).exists():
        config.theme = anchored(config.theme)
    config.logo = anchored(config.logo) if file_like(config.logo) else config.logo
    config.logo_dark = anchored(config.logo_dark) if file_like(config.logo_dark) else config.logo_dark
    if isinstance(config.brand, str):
        config.brand = anchored(config.brand)
    citations = config.citations
    citations.bibliography = [anchored(name) for name in citations.bibliography]
    citations.csl = anchored(citations.csl)
    config.includes = {key: [Include(anchored(item.file), None) if item.file else item for item in items]
                       for key, items in config.includes.items()}


def deck_sources(sources: tuple[Path, ...] | list[Path]) -> list[Path]:
    """The decks given on the command line, or the project's (its `decks` list) when none is."""
    if sources:
        return list(sources)
    decks = find_project(Path.cwd()).decks()
    if not decks:
        import click

        raise click.UsageError("no deck given, and no project file lists `decks` (see the README)")
    return decks


ROOT_MARKERS = ("_quarto.yml", "pyproject.toml", "deckbuild.yaml", ".git")


def project_root(start: Path) -> Path | None:
    """The folder a deck's files may come from besides its own: the nearest at or above `start`
    holding a project marker. Never the home folder or the file system's root: a home folder
    kept in git (dotfiles) is not a project, and its other files are not the deck's."""
    start = start.resolve()
    stops = {Path(start.anchor), *_home()}
    for folder in (start, *start.parents):
        if folder in stops:
            return None
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return None


def _home() -> set[Path]:
    try:
        return {Path.home().resolve()}
    except (RuntimeError, KeyError):  # no HOME and no password entry
        return set()


def _tool_table(path: Path) -> dict[str, Any] | None:
    """`[tool.deckbuild]`, if the file has one; a file TOML cannot read is an error at its line."""
    import tomllib  # only for a pyproject.toml

    text = read_source(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise ConfigError(f"not valid TOML: {what}", path=path, line=int(found[1]) if found else None,
                          fix="fix the TOML syntax") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError("`tool` must be a table", path=path, line=_toml_line(text, "tool"),
                          fix="write deckbuild's settings under a `[tool.deckbuild]` header")
    table = tool.get("deckbuild")
    if table is not None and not isinstance(table, dict):
        raise ConfigError("`tool.deckbuild` must be a table of settings", path=path,
                          line=_toml_line(text, "deckbuild"), fix="write them under a `[tool.deckbuild]` header")
    return table


def _toml_line(text: str, key: str) -> int | None:
    """The first line that assigns `key`, for messages about a value that is not a table."""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return None


def _toml_lines(path: Path) -> dict[str, int]:
    """Lines of the keys in `[tool.deckbuild]`, for messages (TOML parsers do not keep them)."""
    lines: dict[str, int] = {}
    inside = False
    for number, line in enumerate(read_source(path).splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.startswith("[tool.deckbuild")
        elif inside and "=" in stripped and not stripped.startswith("#"):
            lines.setdefault(stripped.split("=", 1)[0].strip().strip('"'), number)
    return lines
