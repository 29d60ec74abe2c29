"""The rules of `deckbuild check`, by name: what each finds. Plain data, imported by the front
matter's validation (`check: ignore: [{rule: contrast, …}]`), so nothing heavy loads here."""

from __future__ import annotations

import re

RULES: dict[str, str] = {
    "overflow": "content that leaves the slide, or runs into its footer or footnotes",
    "clipped": "content cut off by a box too small for it (a code block, a table, a column)",
    "contrast": "text below WCAG AA contrast (4.5:1, 3:1 for large text) on what is behind it",
    "alt-text": "images, drawings and plots without a text alternative",
    "title": "slides without a title",
    "heading-order": "headings that skip a level",
    "link-text": "links whose text is a bare URL or says nothing of where they lead (\"here\")",
    "maths": "formulas without an accessible form (MathML or a label)",
    "notes": "slides without speaker notes, when the deck says `check: notes: required`",
    "axe": "axe-core's WCAG 2.1 A and AA rules; `axe:RULE` names one of them",
}

AXE_RULE = re.compile(r"axe:[a-z0-9]+(?:-[a-z0-9]+)*")


def is_rule(name: str) -> bool:
    """A name that `check: ignore:` may give: one of ours, `axe`, or `axe:RULE`."""
    return name in RULES or AXE_RULE.fullmatch(name) is not None


def covers(ignored: str, rule: str) -> bool:
    """Whether an ignored name silences a problem of `rule` (`axe` covers every `axe:…`)."""
    return ignored == rule or (ignored == "axe" and rule.startswith("axe:"))
