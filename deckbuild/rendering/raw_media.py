"""`<img src>`, `<video src>`, `<source src>` and `poster` in raw HTML, found and handed to the
deck's resources like a Markdown image's file.

Raw HTML is the author's, and passes to the page as written, except for the files it names:
those are checked by the same read rule, embedded or copied by the same sink, and a network
image is fetched and kept the same way as `![](…)`'s. One function serves every place raw HTML
comes from (a Markdown paragraph, an HTML block, ```` ```{=html} ````, a notebook's cell),
given the function that turns a reference into the page's URL.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deckbuild.rendering.resources import Resources

TAG = re.compile(r"<(?P<name>img|video|audio|source)\b(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(
    r"(?P<before>\s(?P<key>src|poster)\s*=\s*)(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s\"'=<>`]+))",
    re.IGNORECASE,
)
Locate = Callable[[str, str], str]
"""(reference, what it is: `image` or `video`) → the URL the page uses."""


def rewrite(text: str, locate: Locate) -> str:
    """`text` with each media tag's file references replaced by what `locate` answers."""
    if "<" not in text or not TAG.search(text):
        return text
    return TAG.sub(lambda tag: _tag(tag, locate), text)


def _tag(tag: re.Match[str], locate: Locate) -> str:
    what = "image" if tag["name"].lower() == "img" else "video"

    def attribute(match: re.Match[str]) -> str:
        raw = next(value for value in (match["double"], match["single"], match["bare"]) if value is not None)
        reference = html.unescape(raw).strip()
        if not reference or reference.startswith("#"):
            return match[0]
        kind = "image" if match["key"].lower() == "poster" else what
        return f'{match["before"]}"{html.escape(locate(reference, kind), quote=True)}"'

    return f"<{tag['name']}{ATTRIBUTE.sub(attribute, tag['attrs'])}>"


def locator(resources: Resources, line: int) -> Locate:
    """References written at `line` of the deck, through its resources: an image as `![](…)`
    is, a video's file embedded or copied; a video on the network stays a link to it, with a
    warning (no fetching a film at build time)."""
    from deckbuild.errors import DeckError
    from deckbuild.rendering.resources import is_remote

    def locate(reference: str, what: str) -> str:
        if what == "video" and is_remote(reference):
            resources.warnings.append(DeckError(f"video `{reference[:80]}` is on the network; it will not play offline",
                                                path=resources.deck_path, line=line,
                                                fix="download it beside the deck and give its file name"))
            return reference
        return resources.url(reference, line, what)

    return locate
