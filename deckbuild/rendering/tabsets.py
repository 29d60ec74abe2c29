"""Quarto's tabsets: `::: {.panel-tabset}` whose headings (the first heading level found in it,
`###` on a `##` slide) start its tabs, marked up as Quarto's reveal.js output (tabby's):

    <div class="panel-tabset">
      <ul id="tabset-1" class="panel-tabset-tabby" role="tablist">
        <li class="active" role="presentation"><a href="#tabset-1-1" role="tab" aria-selected="true" …>A</a></li> …</ul>
      <div class="tab-content">
        <div id="tabset-1-1" class="active" role="tabpanel" …>…</div>
        <div id="tabset-1-2" role="tabpanel" hidden …>…</div></div></div>

The roles, `aria-selected` and `hidden` are in the page from the start (tabby adds them in the
browser), so a tab works with or without `blocks.js`. In the PDF every pane is printed, one
under the other with its tab's title (`data-tab-title`): a handout keeps all of a slide's content.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from deckbuild.model import Attrs, Block, Div, Markdown
from deckbuild.sources.attributes import split_trailing

ACTIVE_CLASS = ' class="active"'
HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})[ \t]+(?P<text>.*)$")
"""An ATX heading; its text is trimmed with string operations (an anchored pattern that did it
would backtrack for minutes on a long line of spaces)."""


def heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, its closing `#`s removed as CommonMark does; else None."""
    match = HEADING.match(line)
    if match is None:
        return None
    text = match["text"].rstrip(" \t")
    bare = text.rstrip("#")
    text = bare.rstrip(" \t") if bare == "" or bare.endswith((" ", "\t")) else text
    return (len(match["hashes"]), text) if text else None


@dataclass(slots=True)
class TabPane(Div):
    """One tab: its heading's text (inline Markdown) and attributes, and the blocks under it."""

    title: str = ""
    heading: Attrs = field(default_factory=Attrs)


@dataclass(slots=True)
class Tabset(Div):
    """A tabset whose children are its `TabPane`s."""


def tabset(div: Div) -> Tabset:
    """The tabs of a tabset div (its blocks before the first heading are dropped, as in Quarto)."""
    level = _first_level(div.children)
    panes: list[TabPane] = []
    for block in div.children:
        for piece in _split(block, level):
            if isinstance(piece, TabPane):
                panes.append(piece)
            elif panes:
                panes[-1].children.append(piece)
    return Tabset(div.attrs, list(panes), div.line)


def _first_level(blocks: list[Block]) -> int:
    for block in blocks:
        if isinstance(block, Markdown):
            for line in block.text.split("\n"):
                if found := heading(line):
                    return found[0]
    return 0


def _split(block: Block, level: int) -> list[Block]:
    """A Markdown run cut at the headings of the tabs' level: new panes, and the text between."""
    if not isinstance(block, Markdown) or not level:
        return [block]
    pieces: list[Block] = []
    start, lines = 0, block.text.split("\n")
    for index, line in enumerate(lines):
        found = heading(line)
        if found is None or found[0] != level:
            continue
        _text(pieces, lines[start:index], block.line + start)
        title, attrs = split_trailing(found[1])
        pieces.append(TabPane(Attrs(), [], block.line + index, title, attrs or Attrs()))
        start = index + 1
    _text(pieces, lines[start:], block.line + start)
    return pieces


def _text(pieces: list[Block], lines: list[str], line: int) -> None:
    if any(text.strip() for text in lines):
        pieces.append(Markdown("\n".join(lines), line))


def render(node: Tabset, panes: list[str], titles: list[str], ident: str) -> str:
    """The tabset around its panes' HTML; `titles` are the tabs' inline HTML, `ident` its id."""
    tabs = [pane for pane in node.children if isinstance(pane, TabPane)]
    active = next((i for i, pane in enumerate(tabs) if pane.heading.has("active")), 0)
    ids = [html.escape(pane.heading.id or f"{ident}-{index + 1}") for index, pane in enumerate(tabs)]
    items = [_tab(ids[i], title, i == active) for i, title in enumerate(titles)]
    bodies = [_pane(tabs[i], ids[i], titles[i], body, i == active) for i, body in enumerate(panes)]
    from deckbuild.rendering.markdown import attrs_html

    return (f'<div{attrs_html(node.attrs)}>\n<ul id="{ident}" class="panel-tabset-tabby" role="tablist">\n'
            + "\n".join(items) + '\n</ul>\n<div class="tab-content">\n' + "\n".join(bodies) + "\n</div>\n</div>\n")


def _tab(pane_id: str, title: str, on: bool) -> str:
    """A tab: a link to its pane, as tabby's, with the roles a screen reader needs."""
    state = 'aria-selected="true" tabindex="0" data-tabby-default' if on else 'aria-selected="false" tabindex="-1"'
    return (f'<li{ACTIVE_CLASS if on else ""} role="presentation"><a id="{pane_id}-tab" href="#{pane_id}" role="tab" '
            f'aria-controls="{pane_id}" {state}>{title}</a></li>')


def _pane(pane: TabPane, pane_id: str, title: str, body: str, on: bool) -> str:
    """A pane: its heading's classes and attributes, and its title for the PDF (`data-tab-title`)."""
    classes = [c for c in pane.heading.classes if c != "active"] + (["active"] if on else [])
    class_attr = f' class="{html.escape(" ".join(classes))}"' if classes else ""
    label = html.escape(html.unescape(re.sub(r"<[^>]+>", "", title)).strip(), quote=True)
    hidden = "" if on else " hidden"
    return (f'<div id="{pane_id}"{class_attr} role="tabpanel" aria-labelledby="{pane_id}-tab" '
            f'data-tab-title="{label}"{hidden}>\n{body}</div>')
