"""Cross-reference labels, numbered in deck order, and what a reference to one says.

Figures, tables and listings are numbered each on their own (Figure 1, Table 1, …), as are
equations; sections count the deck's slides as `number-sections` would (a `#` slide is 2, the
`##` slides under it 2.1, 2.2). A reference links to the element's id as `#/fig-x`: reveal.js
goes to the slide that holds it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from deckbuild.errors import DeckError
from deckbuild.references.settings import KINDS, CrossrefSettings
from deckbuild.references.syntax import CiteItem

NBSP = "&nbsp;"


@dataclass(frozen=True, slots=True)
class Target:
    kind: str
    label: str
    number: str
    """As the deck's numbering writes it: "2", "ii", "B", "1.3"."""
    line: int


def kind_of(key: str) -> str | None:
    """The kind a key refers to (`fig-a` and `Fig-a` are figures), or None for a citation."""
    prefix, dash, rest = key.partition("-")
    kind = prefix[:1].lower() + prefix[1:]
    return kind if dash and rest and kind in KINDS else None


class Crossrefs:
    """The deck's labels as rendering meets them, and the references' text once all are known."""

    def __init__(self, settings: CrossrefSettings) -> None:
        self.settings = settings
        self.targets: dict[str, Target] = {}
        self.warnings: list[DeckError] = []
        self._counts = dict.fromkeys(KINDS, 0)
        self._sections = [0, 0]
        self.slide = ""
        """The slide being rendered, for messages."""

    def label(self, kind: str, label: str, line: int) -> str:
        """Number the next `kind` and record `label` for it; returns the number."""
        self._counts[kind] += 1
        number = numeral(self._counts[kind], self.settings.labels.get(kind, self.settings.default_labels))
        self._add(Target(kind, label, number, line))
        return number

    def sublabel(self, kind: str, label: str, number: str, line: int) -> None:
        """A subfigure's `label`, numbered by its parent (`1 (a)`): it counts no float of its own."""
        self._add(Target(kind, label, number, line))

    def count_slide(self, label: str, level: int, line: int) -> None:
        """Every slide counts towards section numbers; one labelled `#sec-…` becomes a target."""
        if level == 1:
            self._sections = [self._sections[0] + 1, 0]
        elif level == 2:
            self._sections[1] += 1
        major, minor = self._sections
        number = f"{major}.{minor}" if major and minor else str(major or minor)
        if label.startswith("sec-"):
            self._add(Target("sec", label, number, line))

    def _add(self, target: Target) -> None:
        if target.label in self.targets:
            first = self.targets[target.label].line
            self.warnings.append(DeckError(f"label #{target.label} is used twice (first on line {first})", line=target.line,
                                           slide=self.slide or None,
                                           fix="give each figure, table, equation and section its own label"))
            return
        self.targets[target.label] = target

    def caption(self, kind: str, number: str, caption: str) -> str:
        """ "Figure 1: A cat" (the caption is HTML)."""
        title = f"{html.escape(self.settings.titles[kind])}{NBSP}{number}"
        return f"{title}{html.escape(self.settings.delimiter)} {caption}" if caption else title

    def reference(self, item: CiteItem, line: int, slide: str = "") -> str:
        """A reference's HTML: "Figure 1" linked to its slide, "1" for `-@fig-x`, "?@fig-x" when unknown."""
        key = item.key
        label = key[:1].lower() + key[1:]
        target = self.targets.get(label)
        affixes = (html.escape(item.prefix) + " " if item.prefix else "", " " + html.escape(item.suffix) if item.suffix else "")
        if target is None:
            self.warnings.append(DeckError(f"cross-reference @{key} has no target", line=line, slide=slide or None,
                                           fix=f"label a figure, table, equation or section {{#{label}}}, or fix the reference"))
            return f"{affixes[0]}<strong>?@{html.escape(key)}</strong>{affixes[1]}"
        prefix = self.settings.prefixes[target.kind]
        if key[:1].isupper():
            prefix = prefix[:1].upper() + prefix[1:]
        text = target.number if item.suppress_author else f"{html.escape(prefix)}{NBSP}{target.number}"
        if not self.settings.hyperlink:
            return f"{affixes[0]}{text}{affixes[1]}"
        return f'{affixes[0]}<a href="#/{html.escape(label)}" class="quarto-xref">{text}</a>{affixes[1]}'


def numeral(count: int, style: str) -> str:
    """1 → "1", "i", "I", "a" or "A" (past z: "aa", as spreadsheets count); `alpha x` starts at x."""
    style, _, start = style.partition(" ")
    if start and style in ("alpha", "Alpha"):
        count += ord(start) - ord("a")
    if style in ("roman", "Roman"):
        from deckbuild.rendering.page import roman

        text = roman(count)
        return text.lower() if style == "roman" else text
    if style in ("alpha", "Alpha"):
        letters = ""
        while count:
            count, rest = divmod(count - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if style == "Alpha" else letters
    return str(count)
