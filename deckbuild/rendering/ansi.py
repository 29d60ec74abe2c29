"""ANSI colour escapes (tracebacks, coloured logs) to HTML spans, as Jupyter draws them.

Basic and bright colours become classes (`ansi-red-fg`, `ansi-green-intense-bg`, `ansi-bold`)
that the theme colours; 256-colour and true-colour codes become inline styles. Escapes that
are not colours (cursor moves) are dropped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_OTHER = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]")


def strip_ansi(text: str) -> str:
    """The text without its escapes (for a terminal's one-line message)."""
    return _SGR.sub("", _OTHER.sub("", text))


NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")


@dataclass(frozen=True, slots=True)
class _Style:
    fg: str | None = None
    """A class name (`ansi-red`) or a CSS colour (`rgb(…)`)."""
    bg: str | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False

    def span(self, text: str) -> str:
        classes, styles = [], []
        for value, side, prop in ((self.fg, "fg", "color"), (self.bg, "bg", "background-color")):
            if value and value.startswith("ansi-"):
                classes.append(f"{value}-{side}")
            elif value:
                styles.append(f"{prop}: {value}")
        classes += [name for name, on in (("ansi-bold", self.bold), ("ansi-italic", self.italic),
                                          ("ansi-underline", self.underline)) if on]
        if not classes and not styles:
            return text
        attrs = f' class="{" ".join(classes)}"' if classes else ""
        attrs += f' style="{"; ".join(styles)}"' if styles else ""
        return f"<span{attrs}>{text}</span>"


def ansi_to_html(text: str) -> str:
    """Escape `text` for HTML, turning its colour escapes into spans."""
    out, style, position = [], _Style(), 0
    for match in _SGR.finditer(text):
        out.append(style.span(_clean(text[position : match.start()])))
        style = _apply(style, [int(code) if code else 0 for code in match.group(1).split(";")])
        position = match.end()
    out.append(style.span(_clean(text[position:])))
    return "".join(part for part in out if part)


def _clean(chunk: str) -> str:
    return html.escape(_OTHER.sub("", chunk), quote=False)


def _apply(style: _Style, codes: list[int]) -> _Style:
    index = 0
    while index < len(codes):
        code = codes[index]
        if code in (38, 48):
            colour, index = _extended(codes, index)
            style = replace(style, fg=colour) if code == 38 else replace(style, bg=colour)
        else:
            style = _simple(style, code)
        index += 1
    return style


def _simple(style: _Style, code: int) -> _Style:
    if code == 0:
        return _Style()
    if code in (1, 22):
        return replace(style, bold=code == 1)
    if code in (3, 23):
        return replace(style, italic=code == 3)
    if code in (4, 24):
        return replace(style, underline=code == 4)
    if 30 <= code <= 37 or 90 <= code <= 97:
        return replace(style, fg=_named(code % 10, code >= 90))
    if 40 <= code <= 47 or 100 <= code <= 107:
        return replace(style, bg=_named(code % 10, code >= 100))
    if code == 39:
        return replace(style, fg=None)
    if code == 49:
        return replace(style, bg=None)
    return style


def _named(number: int, intense: bool) -> str:
    return f"ansi-{NAMES[number]}" + ("-intense" if intense else "")


def _extended(codes: list[int], index: int) -> tuple[str | None, int]:
    """`38;5;N` (256 colours) or `38;2;R;G;B`; returns the colour and the last index used."""
    if index + 2 < len(codes) and codes[index + 1] == 5:
        return _palette(codes[index + 2]), index + 2
    if index + 4 < len(codes) and codes[index + 1] == 2:
        r, g, b = codes[index + 2 : index + 5]
        return f"rgb({r}, {g}, {b})", index + 4
    return None, len(codes)


def _palette(number: int) -> str:
    if number < 16:
        return _named(number % 8, number >= 8)
    if number < 232:
        r, g, b = ((number - 16) // 36, (number - 16) // 6 % 6, (number - 16) % 6)
        level = [0, 95, 135, 175, 215, 255]
        return f"rgb({level[r]}, {level[g]}, {level[b]})"
    grey = 8 + (number - 232) * 10
    return f"rgb({grey}, {grey}, {grey})"
