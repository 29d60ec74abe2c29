"""Quarto's authoring blocks in one dispatch: callouts, tabsets and conditional content.

The slide renderer calls `opened` when it enters a div (which may give back a richer node:
a callout with its title found, a tabset cut into panes, a condition decided) and `closed`
when the div's children are rendered; None from `closed` leaves the div to the renderer.
Asides (`.aside`) and margin notes (`.column-margin`) need no markup of their own: `blocks.css`
places them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deckbuild.config import DeckConfig
from deckbuild.model import Div
from deckbuild.rendering import callouts, conditions, tabsets

if TYPE_CHECKING:
    from deckbuild.rendering.markdown import MarkdownRenderer


def opened(div: Div, config: DeckConfig) -> Div:
    """The node a div stands for (the div itself when it is none of Quarto's blocks)."""
    attrs = div.attrs
    if conditions.is_conditional(attrs):
        shown = conditions.shown(attrs, config.meta)
        children = [] if shown == "never" else div.children
        return conditions.Conditional(conditions.remaining(attrs, shown), children, div.line, shown)
    if (kind := callouts.kind_of(attrs)) is not None:
        return callouts.callout(div, kind, config.callout_appearance, config.callout_icon)
    if attrs.has("panel-tabset") and not isinstance(div, tabsets.Tabset):
        return tabsets.tabset(div)
    return div


def closed(div: Div, parts: list[str], markdown: MarkdownRenderer, ids: set[str]) -> str | None:
    """A finished block's HTML from its children's (`parts`, one per child rendered); `ids` are
    the page's ids so far, which a callout's or tabset's own (`callout-2`, `tabset-1`) joins."""
    inner = "".join(parts)
    if isinstance(div, conditions.Conditional):
        return _conditional(div, inner)
    if isinstance(div, callouts.Callout):
        title = markdown.render_inline(div.title, div.title_line) if div.title else ""
        return callouts.render(div, inner, title, _number("callout", ids) if div.collapse is not None else "")
    if isinstance(div, tabsets.Tabset):
        titles = [markdown.render_inline(pane.title, pane.line) for pane in div.children if isinstance(pane, tabsets.TabPane)]
        return tabsets.render(div, parts, titles, _number("tabset", ids))
    if isinstance(div, tabsets.TabPane):
        return inner
    return None


def _conditional(div: conditions.Conditional, inner: str) -> str:
    """Shown everywhere: its content alone, as Quarto leaves it; in one medium: a div marked for it."""
    if div.shown == "never":
        return ""
    if div.shown == "always" and not (div.attrs.id or div.attrs.classes or div.attrs.values):
        return inner
    from deckbuild.rendering.markdown import attrs_html

    return f"<div{attrs_html(div.attrs)}>\n{inner}</div>\n"


def _number(prefix: str, ids: set[str]) -> str:
    """The first `prefix-N` not used on the page, as Quarto numbers its callouts and tabsets."""
    number = 1
    while f"{prefix}-{number}" in ids:
        number += 1
    ids.add(f"{prefix}-{number}")
    return f"{prefix}-{number}"
