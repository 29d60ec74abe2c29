"""Quarto's authors and affiliations, normalized as Quarto normalizes them for the title slide.

    author: Ann                                   a name, or a list of names
    author: [{name: Ann, affiliations: [...], email, url, orcid, corresponding, note}]
    name: {given: Ann, family: Lee} | {literal: Ann Lee}
    affiliation(s): Uni A | [Uni A, Lab B] | [{name, department, city, url, …}] | [{ref: lab}]
    affiliations: [{id: lab, name: Lab B}]        top-level, what `ref:` names
    institute: Uni A | [Uni A, Lab B]             the n-th attaches to the n-th author (the last
                                                  author takes the rest), as Quarto does

`authors:` is read instead of `author:` when a deck gives both. A shape Quarto's schema does not
have is a `Note` (a warning at its line) and its text is still shown sensibly, never as a Python
structure. Pure functions over the YAML values; `lines` maps dotted key paths to front matter lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from deckbuild.config import Affiliation, Author

AUTHOR_FIELDS = frozenset(
    """name url email orcid note corresponding equal-contributor deceased attributes affiliation
    affiliations affiliation-url id roles role degrees fax phone acknowledgements metadata""".split()
)
"""The fields of Quarto's author schema (the title slide shows some; the rest are metadata)."""
AFFILIATION_FIELDS = frozenset(
    "id name department address city region state country postal-code url isni ringgold ror".split()
)
NAME_FIELDS = ("given", "family", "literal", "dropping-particle", "non-dropping-particle")


@dataclass(frozen=True, slots=True)
class Note:
    """Something in the authors that Quarto's schema does not have: said once, at its line."""

    what: str
    line: int | None


@dataclass(slots=True)
class Normalized:
    authors: list[Author] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


class _Reader:
    """One pass over the authors, collecting notes as it goes."""

    def __init__(self, lines: Mapping[str, int], affiliations: list[tuple[str, Affiliation]]) -> None:
        self.lines, self.shared, self.notes = lines, affiliations, list[Note]()

    def note(self, what: str, path: str) -> None:
        self.notes.append(Note(what, _line(self.lines, path)))

    def text(self, value: Any, path: str) -> str:
        """A scalar as text; a list joined; anything else is a note and its scalars, joined."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str | int | float):
            return str(value)
        if value is None:
            return ""
        if hasattr(value, "isoformat"):
            return str(value.isoformat())
        if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
            return ", ".join(map(str, value))
        self.note(f"`{path}` should be text, got {_kind(value)}; its text is shown", path)
        return ", ".join(_scalars(value))

    def name(self, value: Any, path: str) -> str:
        if not isinstance(value, dict):
            return self.text(value, path)
        unknown = sorted(set(map(str, value)) - set(NAME_FIELDS))
        if unknown:
            self.note(f"`{path}` has no field `{unknown[0]}` (given, family, literal)", f"{path}.{unknown[0]}")
        if "literal" in value:
            return self.text(value["literal"], f"{path}.literal")
        parts = [value.get("given"), value.get("dropping-particle"), value.get("non-dropping-particle"), value.get("family")]
        return " ".join(self.text(part, path) for part in parts if part)

    def affiliation(self, value: Any, path: str) -> Affiliation | None:
        if isinstance(value, dict):
            if set(map(str, value)) == {"ref"}:
                return self.reference(value["ref"], f"{path}.ref")
            unknown = sorted(set(map(str, value)) - AFFILIATION_FIELDS - {"affiliation-url"})
            if unknown:
                self.note(f"an affiliation has no field `{unknown[0]}` (name, department, city, url, …)",
                          f"{path}.{unknown[0]}")
            fields = {key: self.text(value[key], f"{path}.{key}") for key in AFFILIATION_FIELDS - {"id", "state"}
                      if key in value}
            region = fields.pop("region", "") or (self.text(value["state"], f"{path}.state") if "state" in value else "")
            return Affiliation(name=fields.pop("name", ""), department=fields.pop("department", ""),
                               url=fields.pop("url", ""), city=fields.pop("city", ""), region=region,
                               country=fields.pop("country", ""), address=fields.pop("address", ""),
                               postal_code=fields.pop("postal-code", ""))
        text = self.text(value, path)
        return Affiliation(name=text) if text else None

    def affiliations(self, value: Any, path: str) -> list[Affiliation]:
        items = value if isinstance(value, list) else [value]
        found = [self.affiliation(item, f"{path}.{index}" if isinstance(value, list) else path)
                 for index, item in enumerate(items)]
        return [item for item in found if item is not None]

    def reference(self, ref: Any, path: str) -> Affiliation | None:
        wanted = self.text(ref, path)
        for key, affiliation in self.shared:
            if key == wanted:
                return affiliation
        known = ", ".join(key for key, _ in self.shared) or "none: add a top-level `affiliations:` list with ids"
        self.note(f"affiliation `ref: {wanted}` names no affiliation (ids: {known})", path)
        return None

    def author(self, value: Any, path: str) -> Author | None:
        if not isinstance(value, dict):
            name = self.text(value, path)
            return Author(name) if name else None
        unknown = sorted(set(map(str, value)) - AUTHOR_FIELDS)
        if unknown:
            self.note(f"an author has no field `{unknown[0]}` (name, affiliations, email, url, orcid, …)",
                      f"{path}.{unknown[0]}")
        if "name" not in value:
            self.note("an author has no `name`", path)
        affiliations = []
        for key in ("affiliation", "affiliations"):
            if key in value:
                affiliations += self.affiliations(value[key], f"{path}.{key}")
        if "affiliation-url" in value and affiliations and not affiliations[0].url:
            affiliations[0].url = self.text(value["affiliation-url"], f"{path}.affiliation-url")
        strings = {key: self.text(value[key], f"{path}.{key}") for key in ("email", "url", "orcid", "note")
                   if key in value}
        corresponding = value.get("corresponding") is True or "corresponding" in _flags(value.get("attributes"))
        return Author(self.name(value.get("name", ""), f"{path}.name"), affiliations=affiliations,
                      corresponding=corresponding, **strings)


def normalize(meta: Mapping[str, Any], lines: Mapping[str, int]) -> Normalized:
    """The authors of a deck's front matter (`author`/`authors`, `affiliations`, `institute`)."""
    key = "authors" if meta.get("authors") not in (None, "", []) else "author"
    reader = _Reader(lines, [])
    reader.shared = _shared_affiliations(reader, meta.get("affiliations"))
    raw = meta.get(key)
    items = raw if isinstance(raw, list) else [] if raw in (None, "") else [raw]
    authors = []
    for index, item in enumerate(items):
        author = reader.author(item, f"{key}.{index}" if isinstance(raw, list) else key)
        if author is not None:
            authors.append(author)
    for index, name in enumerate(institutes(meta.get("institute"), reader)):
        if authors:
            authors[min(index, len(authors) - 1)].affiliations.append(Affiliation(name=name))
    return Normalized(authors, reader.notes)


def _shared_affiliations(reader: _Reader, value: Any) -> list[tuple[str, Affiliation]]:
    """The top-level `affiliations:`, each with the id a `ref:` names it by."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    shared = []
    for index, item in enumerate(items):
        path = f"affiliations.{index}" if isinstance(value, list) else "affiliations"
        found = reader.affiliation(item, path)
        ident = reader.text(item.get("id", ""), f"{path}.id") if isinstance(item, dict) else ""
        if found is not None:
            shared.append((ident or f"aff-{index + 1}", found))
    return shared


def institutes(value: Any, reader: _Reader | None = None) -> list[str]:
    """`institute:` as a list of names (a string is one)."""
    reader = reader or _Reader({}, [])
    items = value if isinstance(value, list) else [] if value in (None, "") else [value]
    names = [reader.text(item, "institute") for item in items]
    return [name for name in names if name]


def _line(lines: Mapping[str, int], path: str) -> int | None:
    """The line of `path`, or of the nearest key above it that has one."""
    parts = path.split(".")
    while parts:
        if ".".join(parts) in lines:
            return lines[".".join(parts)]
        parts.pop()
    return None


def _flags(attributes: Any) -> list[str]:
    """Quarto's `attributes:`: a name, a list of names, or a mapping of names to true/false."""
    if isinstance(attributes, dict):
        return [str(key) for key, on in attributes.items() if on]
    items = attributes if isinstance(attributes, list) else [attributes]
    return [str(item) for item in items if isinstance(item, str)]


def _kind(value: Any) -> str:
    return "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else type(value).__name__


def _scalars(value: Any) -> list[str]:
    """The text inside a nested value, in order (a mapping's values, a list's items)."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _scalars(item)]
    if isinstance(value, list):
        return [text for item in value for text in _scalars(item)]
    return [] if value is None or isinstance(value, bool) else [str(value)]
