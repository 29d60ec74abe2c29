"""Quarto's `include-in-header`, `include-before-body` and `include-after-body` (and pandoc's
`header-includes`, before `include-in-header`): the author's HTML,
put where Quarto's reveal.js template puts it (the end of `<head>`; just after `<body>`, before
the slides; the end of `<body>`, after reveal.js has been started).

The HTML is the author's and is trusted like raw HTML in a slide, with the deck's two promises
kept: it works offline and stands alone, and it cannot break the page around it.

- A local `<script src>` or `<link href>` becomes the file's data (through the page's sink, as a
  `css:` stylesheet or an image does), read under the deck's read rule; a local stylesheet is
  folded in like a `css:` file, and so is what an included `<style>` imports.
- What reaches the network (`<script src>`, `<link href>`, an `@import` or `url()` in a
  `<style>`) is left out, with one warning per include that names it: the page would otherwise
  wait on a server at every showing, and `deckbuild pdf` blocks it. A network image is fetched
  at build time, as in a slide; a `<video>` or an `<iframe>` stays, with a warning.
- Markup that does not close what it opens (an unclosed `<script>` or comment would swallow
  the slides and reveal.js with them) is repaired as a stored HTML output is
  (`html_isolation`), with a warning.
- TeX definitions written as maths (`$$\\newcommand…$$`) are read for the deck's macros
  (`mathjax_config`) and taken out: maths is typeset at build time, so the page would show them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deckbuild.config import DeckConfig
from deckbuild.errors import DeckError
from deckbuild.rendering.fetches import fetched
from deckbuild.rendering.html_images import LEFT_ALONE
from deckbuild.rendering.html_isolation import isolate
from deckbuild.rendering.resources import Resources, is_remote
from deckbuild.rendering.tex_macros import MacroTable
from deckbuild.settings import INCLUDES

if TYPE_CHECKING:
    from deckbuild.rendering.sinks import Sink

_ATTRS = r"""(?P<attrs>(?:"[^"]*"|'[^']*'|[^'">])*)"""
_PIECES = re.compile(
    rf"""(?P<comment><!--.*?-->)
    | <(?P<script>script)\b{_ATTRS}>(?P<code>.*?)</script\s*>
    | <(?P<style>style)\b{_ATTRS.replace("attrs", "style_attrs")}>(?P<css>.*?)</style\s*>
    | <(?P<link>link)\b{_ATTRS.replace("attrs", "link_attrs")}>""",
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_MATHS = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<![\\$])\$(?!\s)([^$]+?)(?<!\s)\$", re.DOTALL)
MATHS_LIBRARIES = re.compile(r"mathjax|katex", re.IGNORECASE)
PLACES = {"header-includes": "head", "include-in-header": "head", "include-before-body": "before_body",
          "include-after-body": "after_body"}


@dataclass(frozen=True, slots=True)
class PageIncludes:
    """The HTML for each place on the page, ready to be written there as it is."""

    head: str = ""
    before_body: str = ""
    after_body: str = ""


def page_includes(config: DeckConfig, resources: Resources, sink: Sink) -> PageIncludes:
    """Every `include-*` item prepared for its place, in the order the deck lists them."""
    places: dict[str, list[str]] = {place: [] for place in PLACES.values()}
    for index, included in enumerate(included_texts(config, resources)):
        places[PLACES[included.key]].append(_Preparer(included, resources, sink, index).prepared())
    return PageIncludes(**{place: "\n".join(parts) for place, parts in places.items()})


@dataclass(frozen=True, slots=True)
class IncludedText:
    """One `include-*` item, read: its key, its HTML, and the front matter line that names it."""

    key: str
    text: str
    line: int
    file: str | None
    """The file as the deck names it; None for a `text:`."""

    def label(self) -> str:
        """How warnings name it: `include-in-header` file `header.html`, or its text."""
        return f"`{self.key}` " + (f"file `{self.file}`" if self.file is not None else "text")


def included_texts(config: DeckConfig, resources: Resources) -> list[IncludedText]:
    """Every `include-*` item in Quarto's order (header, before body, after body), each file read
    through the deck's read rule: missing or outside the deck's folders is an error at its line."""
    texts = []
    for key in ("header-includes", *INCLUDES):
        line = config.lines.get(key, 1)
        for item in config.includes.get(key, []):
            text = item.text if item.file is None else resources.text(item.file, line, key)
            texts.append(IncludedText(key, text or "", line, item.file))
    return texts


class _Preparer:
    def __init__(self, included: IncludedText, resources: Resources, sink: Sink, index: int) -> None:
        self.included, self.resources, self.sink, self.index = included, resources, sink, index
        self.left_out: list[str] = []
        """The network references taken out, for the warning."""
        self.sheets = 0
        """Stylesheets made so far: each gets a name of its own (a folder sink writes them side by side)."""

    def prepared(self) -> str:
        isolated = isolate(without_definitions(self.included.text))
        if isolated.problem:
            self._warn(f"has {isolated.problem}; deckbuild repaired it so that it cannot break the page",
                       "close every element the include opens")
        text = self._pieces(isolated.html)
        if self.left_out:
            maths = any(MATHS_LIBRARIES.search(url) for url in self.left_out)
            self._warn(f"loads {_listed(self.left_out)} from the network; left out, as the deck works offline",
                       "deckbuild typesets maths when it builds the deck, so the page needs no maths script"
                       if maths else "download the file beside the deck and give its name")
        still = [url for url in fetched(text) if is_remote(url)]
        if still:
            self._warn(f"loads {_listed(still)} from the network, so the page needs a connection",
                       "download the file beside the deck and give its name")
        return text

    def _warn(self, problem: str, fix: str) -> None:
        self.resources.warnings.append(DeckError(f"{self.included.label()} {problem}", path=self.resources.deck_path,
                                                 line=self.included.line, fix=fix))

    def _pieces(self, text: str) -> str:
        """Scripts, styles and links rewritten; comments kept; the rest has its media embedded."""
        from deckbuild.rendering.raw_media import locator, rewrite

        locate = locator(self.resources, self.included.line)
        out, done = [], 0
        for match in _PIECES.finditer(text):
            out.append(rewrite(text[done:match.start()], locate))
            done = match.end()
            if match["script"] is not None:
                out.append(self._script(match))
            elif match["style"] is not None:
                out.append(self._style(match["css"], _attributes(match["style_attrs"])))
            elif match["link"] is not None:
                out.append(self._link(match))
            else:
                out.append(match[0])
        out.append(rewrite(text[done:], locate))
        return "".join(out)

    def _script(self, match: re.Match[str]) -> str:
        attrs = _attributes(match["attrs"])
        src = attrs.get("src")
        if not src or src.lower().startswith(LEFT_ALONE):
            return match[0]
        if is_remote(src):
            self.left_out.append(src)
            return ""
        url = self.resources.url(src, self.included.line, "script")
        return f"<script{_with(attrs, 'src', url)}></script>"

    def _link(self, match: re.Match[str]) -> str:
        attrs = _attributes(match["link_attrs"])
        href = attrs.get("href")
        if not href or href.lower().startswith(LEFT_ALONE):
            return match[0]
        if is_remote(href):
            self.left_out.append(href)
            return ""
        if "stylesheet" in (attrs.get("rel") or "").lower().split():
            css, path = self.resources.stylesheet(href, self.included.line)
            return self.sink.style(self._sheet_name(path.stem), _media(css, attrs), path.parent)
        return f"<link{_with(attrs, 'href', self.resources.url(href, self.included.line, 'link'))}>"

    def _style(self, css: str, attrs: dict[str, str | None]) -> str:
        from deckbuild.rendering.stylesheets import flatten_inline

        where = self.resources.deck_path
        base = self.resources.rule.search[0]
        flat = flatten_inline(css, where, base, self.resources, self.left_out.append)
        return self.sink.style(self._sheet_name("style"), _media(flat, attrs), base)

    def _sheet_name(self, stem: str) -> str:
        self.sheets += 1
        return f"include-{self.index}-{self.sheets}-{stem}.css"


def without_definitions(text: str) -> str:
    """`text` without the maths that only defines macros (`$$\\newcommand{\\R}{\\mathbb{R}}$$`)."""

    def kept(match: re.Match[str]) -> str:
        tex = next(group for group in match.groups() if group is not None)
        rest = MacroTable().take(tex)
        return "" if rest != tex and not rest.strip() else match[0]

    return _MATHS.sub(kept, text) if "\\" in text else text


def _attributes(text: str) -> dict[str, str | None]:
    """A start tag's attributes, names lowered and values unescaped (None for a bare name)."""
    found: dict[str, str | None] = {}
    for match in _ATTRIBUTE.finditer(text):
        value = next((v for v in match.groups()[1:] if v is not None), None)
        found.setdefault(match[1].lower(), None if value is None else html.unescape(value).strip())
    return found


def _with(attrs: dict[str, str | None], name: str, value: str) -> str:
    """The attributes written out again, `name` set to `value`."""
    merged = {**attrs, name: value}
    return "".join(f" {key}" if val is None else f' {key}="{html.escape(val, quote=True)}"' for key, val in merged.items())


def _media(css: str, attrs: dict[str, str | None]) -> str:
    """A `media` attribute kept as the `@media` rule it means."""
    media = attrs.get("media")
    return f"@media {media} {{\n{css}\n}}" if media and media.lower() != "all" else css


def _listed(urls: list[str]) -> str:
    shown = ", ".join(f"`{url[:80]}`" for url in urls[:3])
    return shown + (f" and {len(urls) - 3} more" if len(urls) > 3 else "")
