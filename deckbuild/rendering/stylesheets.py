"""A user stylesheet (`css:`) made ready for the page: its `@import`s folded in, every file it
names checked by the deck's read rule (`Resources.locate`), nothing left that reaches out.

A remote reference in a stylesheet (`@import "https://…"`, `url(https://…)`, `image-set("https://…")`)
is an error, not a warning: the stylesheet is the author's own file, so the fix is in their
hands (download the font or image beside it), and a page that quietly needs the network would
break the deck's promise to work offline. Cell outputs, which the author does not write, only
warn (see `rendering.outputs`).

What comes out is CSS whose every `url()` is a data URI or a path relative to the top
stylesheet's folder; the page's sink then inlines, copies or serves those files as it does for
the theme's CSS.

One remote reference is not an error: an `@import` of a web-font service's stylesheet (its
address asks for `family=…`), which Quarto talks carry in their CSS as they do in their SCSS. It
is dropped as the themes' are (`themes.fonts`): a bundled family of that name takes its place,
and a family that is not bundled is a warning.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuild.errors import DeckError
from deckbuild.rendering.assets import woff2_only
from deckbuild.rendering.resources import is_remote, read_utf8
from deckbuild.themes.fonts import unbundled_notes, web_font_families
from deckbuild.writing import shown

if TYPE_CHECKING:
    from deckbuild.rendering.resources import Resources

_URL = r"""url\(\s*(?:"[^"]*"|'[^']*'|[^)"'\s]*)\s*\)"""
_STRING = r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
_TOKENS = re.compile(
    rf"""(?P<comment>/\*.*?(?:\*/|\Z))
    | (?P<import>@import\s+(?P<target>{_URL}|{_STRING})(?P<condition>[^;]*);?)
    | (?P<url>{_URL})
    | (?P<string>{_STRING})
    | (?P<image_set>(?:-webkit-)?image-set\()
    | (?P<open>\()
    | (?P<close>\))""",
    re.DOTALL | re.VERBOSE | re.IGNORECASE,
)


def flatten(path: Path, resources: Resources) -> str:
    """The stylesheet at `path` with its imports folded in and its `url()`s relative to its folder."""
    return _Flattener(resources, path.parent).sheet(path, frozenset())


def flatten_inline(css: str, where: Path, base: Path, resources: Resources, remote: Callable[[str], None]) -> str:
    """CSS written inside a page (an included `<style>`): its references are read from `base`,
    and each remote one is handed to `remote` and left out (`@import` dropped, `url()` → `none`)
    rather than refused, since the author's page may lean on a font CDN it can do without."""
    return _Flattener(resources, base, remote).css(css, where, base, frozenset())


class _Flattener:
    def __init__(self, resources: Resources, top: Path, remote: Callable[[str], None] | None = None) -> None:
        self.resources, self.top, self.remote = resources, top.resolve(), remote

    def sheet(self, path: Path, seen: frozenset[Path]) -> str:
        return self.css(_read(path), path, path.parent, seen | {path})

    def css(self, css: str, path: Path, base: Path, seen: frozenset[Path]) -> str:
        """`css`, written in `path`, its relative references read from `base`."""
        text = woff2_only(css)  # the page keeps only the woff2 of a font: check only what it keeps
        imports: list[str] = []
        out: list[str] = []
        depth, image_set, position = 0, -1, 0
        for match in _TOKENS.finditer(text):
            out.append(text[position:match.start()])
            position = match.end()
            line = text.count("\n", 0, match.start()) + 1
            token = match[0]
            if match["comment"] is not None:
                token = "\n" * token.count("\n")  # keeps later line numbers right
            elif match["import"] is not None:
                imports.append(self._import(match, path, base, line, seen))
                token = ""
            elif match["url"] is not None:
                token = self._url(_unwrap(token), path, base, line)
            elif match["string"] is not None and depth == image_set:
                token = self._url(token[1:-1], path, base, line)
            elif match["image_set"] is not None or match["open"] is not None:
                depth += 1
                image_set = depth if match["image_set"] is not None else image_set
            elif match["close"] is not None:
                image_set = -1 if depth == image_set else image_set
                depth -= 1
            out.append(token)
        out.append(text[position:])
        return "".join(imports) + "".join(out)

    def _import(self, match: re.Match[str], path: Path, base: Path, line: int, seen: frozenset[Path]) -> str:
        target = match["target"]
        reference = _unwrap(target) if target.lower().startswith("url(") else target[1:-1]
        if is_remote(reference) and web_font_families(match[0]):
            for note in unbundled_notes(match[0]):
                self.resources.warnings.append(DeckError(note.replace("beside the SCSS file", "beside the stylesheet"),
                                                         path=shown(path), line=line))
            return ""
        if self._left_out(reference):
            return ""
        sheet = self._locate(reference, path, base, line, "@import")
        if sheet is None or sheet in seen:  # a data URI, or an import cycle (browsers skip those too)
            return match[0] if sheet is None else ""
        condition = match["condition"].strip()
        if re.match(r"(layer|supports)\b", condition, re.IGNORECASE):
            raise DeckError(f"`@import` with `{condition}` cannot be folded into the page", path=shown(path),
                            line=line, fix="list the imported stylesheet under `css:` instead")
        inner = self.sheet(sheet, seen)
        return f"@media {condition} {{\n{inner}\n}}\n" if condition else inner + "\n"

    def _url(self, reference: str, path: Path, base: Path, line: int) -> str:
        if not reference or reference.startswith("#"):
            return f'url("{reference}")'
        if self._left_out(reference):
            return "none"
        file = self._locate(reference, path, base, line, "url")
        if file is None:
            return f'url("{reference}")'
        return f'url("{Path(os.path.relpath(file, self.top)).as_posix()}")'

    def _locate(self, reference: str, path: Path, base: Path, line: int, what: str) -> Path | None:
        return self.resources.locate(reference, line, what, base=base, where=shown(path))

    def _left_out(self, reference: str) -> bool:
        """A remote reference in CSS that may do without it: reported, and left out."""
        if self.remote is None or not is_remote(reference):
            return False
        self.remote(reference)
        return True


def _unwrap(token: str) -> str:
    """`url( "x.png" )` → `x.png`."""
    inner = token[4:-1].strip()
    return inner[1:-1] if inner[:1] in ("'", '"') else inner


def _read(path: Path) -> str:
    return read_utf8(path, "stylesheet")

