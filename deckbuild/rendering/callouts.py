"""Quarto's callouts, marked up as Quarto's reveal.js writer does, so Quarto stylesheets apply:

    <div class="callout callout-note callout-titled callout-style-default">
      <div class="callout-body">
        <div class="callout-title"><div class="callout-icon-container"><i class="callout-icon"></i></div>
          <p><strong>Note</strong></p></div>
        <div class="callout-content">…</div></div></div>

`collapse="true|false"` (which Quarto's reveal.js output ignores) adds what its HTML output
has: a toggle button with `aria-expanded`, and the content in a `callout-collapse collapse`
div, `show` when open; `blocks.js` toggles it, and the PDF prints it open.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from deckbuild.model import Attrs, Block, Div, Markdown
from deckbuild.rendering.tabsets import heading
from deckbuild.sources.attributes import split_trailing

KINDS = ("note", "tip", "warning", "important", "caution")
TITLES = {kind: kind.capitalize() for kind in KINDS}
OPTIONS = ("title", "appearance", "icon", "collapse")


@dataclass(slots=True)
class Callout(Div):
    """A callout div, its title found (the `title` attribute, or a first heading taken out of it)."""

    kind: str = "note"
    title: str = ""
    """Inline Markdown; empty for none."""
    title_line: int = 0
    appearance: str = "default"
    icon: bool = True
    collapse: bool | None = None
    """None: not collapsible; True: starts closed; False: starts open."""
    rest: Attrs = field(default_factory=Attrs)
    """The div's own id, classes and attributes, which Quarto keeps on a div around the callout."""


def kind_of(attrs: Attrs) -> str | None:
    """`note` for `.callout-note`, `none` for a bare `.callout`; None for a div that is no callout."""
    for name in attrs.classes:
        if name == "callout":
            return "none"
        if name.startswith("callout-") and name[len("callout-"):] in KINDS:
            return name[len("callout-"):]
    return None


def callout(div: Div, kind: str, appearance: str = "default", icon: bool = True) -> Callout:
    """The callout a div asks for, without mutating it: options read as Quarto reads them, the
    deck's `callout-appearance` and `callout-icon` where the div says nothing."""
    values = div.attrs.values
    appearance = values.get("appearance", "simple" if kind == "none" else appearance).lower()
    appearance = appearance if appearance in ("default", "simple", "minimal") else "default"
    icon = values.get("icon", "false" if kind == "none" else str(icon)).lower() != "false"
    if appearance == "minimal":
        appearance, icon = "simple", False
    collapse = {"true": True, "false": False}.get(values.get("collapse", "").lower())
    title, title_line, children = values.get("title", ""), div.line, div.children
    if not title:
        title, title_line, children = _heading_title(div)
    if not title and appearance == "default":
        title = TITLES.get(kind, "")
    classes = [c for c in div.attrs.classes if c != "callout" and kind_of(Attrs(classes=[c])) is None]
    rest = Attrs(div.attrs.id, classes, {k: v for k, v in values.items() if k not in OPTIONS})
    return Callout(div.attrs, children, div.line, kind, title, title_line, appearance, icon, collapse, rest)


def _heading_title(div: Div) -> tuple[str, int, list[Block]]:
    """A heading that opens the callout is its title (Quarto's `resolveHeadingCaption`)."""
    first = div.children[0] if div.children else None
    if not isinstance(first, Markdown):
        return "", div.line, div.children
    lines = first.text.split("\n")
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    found = heading(lines[index]) if index is not None else None
    if index is None or found is None:
        return "", div.line, div.children
    title, _ = split_trailing(found[1])
    after = lines[index + 1:]
    rest: list[Block] = [Markdown("\n".join(after), first.line + index + 1)] if any(s.strip() for s in after) else []
    return title, first.line + index, [*rest, *div.children[1:]]


def render(node: Callout, inner: str, title_html: str, ident: str) -> str:
    """The callout's HTML around its rendered content; `ident` names its collapsible body."""
    classes = ["callout", f"callout-{node.kind}"] if node.kind != "none" else ["callout"]
    if not node.icon:
        classes.append("no-icon")
    if title_html:
        classes.append("callout-titled")
    classes.append(f"callout-style-{node.appearance}")
    icon = '<div class="callout-icon-container"><i class="callout-icon" aria-hidden="true"></i></div>' if node.icon else ""
    content = f'<div class="callout-content">\n{inner}</div>'
    if title_html and node.collapse is not None:
        content = (f'<div id="{ident}" class="callout-collapse collapse{"" if node.collapse else " show"}">'
                   f"{content}</div>")
    title = _title(title_html, icon, node.collapse, ident) if title_html else icon
    body = f'<div class="callout-body">\n{title}\n{content}\n</div>'
    shown = f'<div class="{" ".join(classes)}">\n{body}\n</div>\n'
    rest = node.rest
    if rest.id or rest.classes or rest.values:
        from deckbuild.rendering.markdown import attrs_html

        return f"<div{attrs_html(rest)}>\n{shown}</div>\n"
    return shown


def _title(title_html: str, icon: str, collapse: bool | None, ident: str) -> str:
    if collapse is None:
        return f'<div class="callout-title">{icon}<p><strong>{title_html}</strong></p></div>'
    expanded = "false" if collapse else "true"
    label = html.escape(f"Toggle callout: {_plain(title_html)}")
    button = (f'<button type="button" class="callout-btn-toggle" aria-expanded="{expanded}" aria-controls="{ident}" '
              f'aria-label="{label}"><i class="callout-toggle" aria-hidden="true"></i></button>')
    collapsed = " collapsed" if collapse else ""
    return f'<div class="callout-title callout-header{collapsed}">{icon}<p><strong>{title_html}</strong></p>{button}</div>'


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))
