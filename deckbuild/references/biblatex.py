"""`.bib` files as pandoc reads them: BibTeX and biblatex both.

citeproc-py's BibTeX reader knows BibTeX's classic entry types and fields only: an `@online`
entry (what Zotero and Better BibTeX export for a web page) is a KeyError, and `url`, biblatex's
`date`, `urldate` and `journaltitle` are dropped. Pandoc's citeproc reads them all, so a talk's
bibliography that renders in Quarto must render here. This reader maps biblatex's types onto
CSL's as pandoc does (`misc`, and a type it does not know, as a document with its title set
like a book's: never an error) and reads those fields.
"""

from __future__ import annotations

import functools
import re
from typing import Any, ClassVar

_DATE = re.compile(r"^\s*(?P<year>-?\d{1,4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")


@functools.cache
def reader() -> type[Any]:
    """citeproc-py's BibTeX source, taught biblatex (built on first use: citeproc-py is
    imported only by decks that cite)."""
    from citeproc import types as csl
    from citeproc.source import Date
    from citeproc.source.bibtex import BibTeX

    class BibLaTeX(BibTeX):  # type: ignore[misc]
        types: ClassVar[dict[str, Any]] = {
            **BibTeX.types,
            "article": csl.ARTICLE_JOURNAL, "incollection": csl.CHAPTER, "inreference": csl.ENTRY_ENCYCLOPEDIA,
            "online": csl.WEBPAGE, "electronic": csl.WEBPAGE, "www": csl.WEBPAGE,
            "mvbook": csl.BOOK, "collection": csl.BOOK, "mvcollection": csl.BOOK, "reference": csl.BOOK,
            "periodical": csl.BOOK, "suppbook": csl.CHAPTER, "bookinbook": csl.CHAPTER,
            "mvproceedings": csl.BOOK, "patent": csl.PATENT, "software": csl.BOOK, "dataset": csl.BOOK, "misc": csl.BOOK,
            "artwork": csl.GRAPHIC, "audio": csl.SONG, "video": csl.MOTION_PICTURE, "movie": csl.MOTION_PICTURE,
            "letter": csl.PERSONAL_COMMUNICATION, "legislation": csl.LEGISLATION, "jurisdiction": csl.LEGAL_CASE,
            "review": csl.REVIEW, "standard": csl.REPORT,
        }  # fmt: skip
        fields: ClassVar[dict[str, str]] = {
            **BibTeX.fields,
            "url": "URL", "journaltitle": "container_title", "location": "publisher_place", "howpublished": "publisher",
            "institution": "publisher", "school": "publisher", "organization": "publisher",
            "maintitle": "container_title", "eventtitle": "event", "venue": "event_place",
        }  # fmt: skip
        ignored = frozenset({"date", "urldate", "year", "month", "filename"})
        """Read as dates below, not as text fields."""

        def _bibtex_to_csl(self, bibtex_entry: Any) -> dict[str, Any]:
            known = {field: value for field, value in bibtex_entry.items() if field not in self.ignored}
            return dict(super()._bibtex_to_csl(known))

        def _bibtex_to_csl_date(self, bibtex_entry: Any) -> Any:
            if "year" in bibtex_entry or "date" not in bibtex_entry:
                return super()._bibtex_to_csl_date(bibtex_entry)
            return _date(Date, bibtex_entry["date"])

        def create_reference(self, key: str, bibtex_entry: Any) -> Any:
            if bibtex_entry.document_type not in self.types:
                bibtex_entry.document_type = "misc"
            reference = super().create_reference(key, bibtex_entry)
            if "urldate" in bibtex_entry and (accessed := _date(Date, bibtex_entry["urldate"])) is not None:
                reference["accessed"] = accessed
            return reference

    return BibLaTeX


def _date(date: Any, value: Any) -> Any:
    """biblatex's ISO dates (`2024`, `2024-04`, `2024-04-11`; a range's start) as a citeproc Date."""
    match = _DATE.match(str(value).split("/")[0])
    if match is None:
        return None
    parts = {name: int(text) for name, text in match.groupdict().items() if text}
    return date(**parts)
