"""Pandoc's citation syntax, and the captions and labels Quarto adds to tables and equations.

    @key             in-text: "Smith (2020)", or "Figure 1" for a cross-reference
    @key [p. 3]      in-text with a locator
    [@key]           "(Smith 2020)"
    [-@key]          "(2020)", or "1" for a cross-reference
    [see @a, p. 3; @b]
    $$ E = mc^2 $$ {#eq-x}
    | a | b |
    |---|---|
    : Caption {#tbl-x}

A key starts with a letter, digit or `_` and may hold `:.#$%&-+?<>~/` inside it (so the full
stop after `@smith.` ends the sentence, not the key); `@{any key}` takes anything. An `@` right
after a letter or digit is an e-mail address, not a citation; code spans, links and autolinks
are parsed before this rule ever sees their `@`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import Match
from typing import Any

import mistune

from deckbuild.rendering import math_syntax
from deckbuild.rendering.math_syntax import Rule, line_in_block, scan, trim
from deckbuild.sources.attributes import AttributeError_, parse_attrs

KEY = r"(?:[\w](?:\w|[:.#$%&\-+?<>~/](?=\w))*|\{[^{}\n]*\})"
_ITEM = r"[^\[\]@;]*?(?<![\w@])-?@" + KEY + r"[^\[\];]*"
BRACKETED = r"\[(?P<cite_items>" + _ITEM + r"(?:;" + _ITEM + r")*)\](?![(\[{])"
IN_TEXT = r"(?<![\w@\\])@(?P<cite_key>" + KEY + r")(?: \[(?P<cite_locator>[^\[\]@\n]*)\](?![(\[{:]))?"
_ONE = re.compile(r"(?P<prefix>.*?)(?<![\w@])(?P<minus>-?)@(?P<key>" + KEY + r")(?P<suffix>.*)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class CiteItem:
    """One citation in a group: `[see @doe99, p. 33]` is prefix "see", key "doe99", suffix ", p. 33"."""

    key: str
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False
    """`-@key`: the year alone (a cross-reference: its number alone)."""


def cite_items(body: str) -> list[CiteItem]:
    """The items of a bracketed group, each `prefix @key suffix`, split at `;`."""
    items = []
    for part in body.split(";"):
        found = _ONE.fullmatch(part)
        assert found is not None, "BRACKETED matched only groups whose every item has a key"
        key = found.group("key")
        items.append(CiteItem(key.strip("{}"), found.group("prefix").strip(), found.group("suffix").strip(),
                              bool(found.group("minus"))))
    return items


def _parse_bracketed(inline: Any, m: Match[str], state: Any) -> int:
    attrs = {"items": cite_items(m.group("cite_items")), "in_text": False, "line": line_in_block(state, m.start())}
    state.append_token({"type": "citation", "raw": m.group(0), "attrs": attrs})
    return m.end()


def _parse_in_text(inline: Any, m: Match[str], state: Any) -> int:
    key = m.group("cite_key").strip("{}")
    item = CiteItem(key, suffix=(m.group("cite_locator") or "").strip())
    attrs = {"items": [item], "in_text": True, "line": line_in_block(state, m.start())}
    state.append_token({"type": "citation", "raw": m.group(0), "attrs": attrs})
    return m.end()


def _render_citation(renderer: Any, raw: str, items: list[CiteItem], in_text: bool, line: int) -> str:
    context = renderer.context
    if context.references is None:  # text outside a deck's slides (none so far): as written
        return mistune.escape(raw)
    return str(context.references.cite(items, in_text=in_text, line=context.at(line), raw=raw))


# -- equations: `$$ … $$ {#eq-x}` ------------------------------------------------------------

_LABEL_AFTER = re.compile(r"[ \t]*\{(?P<attrs>[^{}\n]*)\}")


def _equation_rule(rule: Rule) -> Any:
    """Display maths followed by `{#eq-…}`; any other formula is the maths rule's (a rule that
    declines a match makes mistune step past its first character, so this one hands it on)."""

    def parse(inline: Any, m: Match[str], state: Any) -> int | None:
        span = scan(state.src, m.start(), rule)
        label = _LABEL_AFTER.match(state.src, span.end) if span is not None and span.display else None
        attrs = _attrs(label.group("attrs")) if label else None
        if span is None or label is None or attrs is None or not attrs.id.startswith("eq-"):
            return math_syntax._parse_inline(rule, inline, m, state)
        token = {"label": attrs.id, "line": line_in_block(state, m.start())}
        state.append_token({"type": "labelled_equation", "raw": trim(span.tex), "attrs": token})
        return label.end()

    return parse


def _attrs(text: str) -> Any:
    try:
        return parse_attrs(text)
    except AttributeError_:
        return None


def _render_equation(renderer: Any, tex: str, label: str, line: int) -> str:
    context = renderer.context
    if context.references is None:
        return str(renderer.display_math(tex, line))
    number = context.references.crossref.label("eq", label, context.at(line))
    typeset = renderer.display_math(f"{tex} \\tag{{{number}}}", line)
    return f'<span id="{mistune.escape(label)}">{typeset}</span>'


def citation_plugin(md: mistune.Markdown) -> None:
    """`@key` and `[…@key…]`: citations and cross-references."""
    md.inline.register("citation", BRACKETED, _parse_bracketed, before="link", start_chars="[")
    md.inline.register("in_text_citation", IN_TEXT, _parse_in_text, before="link", start_chars="@")
    renderer = md.renderer
    assert renderer is not None
    renderer.register("citation", _render_citation)


def label_plugin(rule: Rule | None) -> Any:
    """Labelled equations (with the deck's maths delimiters, `rule`); table captions are tables.py's."""

    def plugin(md: mistune.Markdown) -> None:
        if rule is not None and "math" in md.inline.rules:
            md.inline.register("labelled_equation", r"\$\$", _equation_rule(rule), before="math", start_chars="$")
        renderer = md.renderer
        assert renderer is not None
        renderer.register("labelled_equation", _render_equation)

    return plugin


def references_plugin(rule: Rule | None) -> Any:
    """The mistune plugin of this package: citations, cross-references and the labels they point to."""
    labels = label_plugin(rule)

    def plugin(md: mistune.Markdown) -> None:
        citation_plugin(md)
        labels(md)

    return plugin
