"""Quarto's built-in shortcodes, `{{< name args >}}`, replaced in the deck's text before it is cut
into slides.

Quarto expands them in pandoc's tree, so a shortcode in a code block or in inline code is
left as it is; here the scanner has already taken code fences whole, and a line's inline code
spans are skipped (`_spans`). What each one becomes is Markdown or inline HTML that the rest
of the pipeline renders as if the author had written it: `meta` and `var` give text, `kbd`
`<kbd>` markup, `video` a `<video>` that the renderer embeds like an image, `lipsum` and
`placeholder` stand-in text and images, `brand` the brand's colours and logos, and the
fontawesome extension's `fa` an inline SVG icon
(`icons`). `{{{< x >}}}` shows `{{< x >}}` itself. Any other name (another extension's
`countdown`) is a warning at its line and renders as nothing: the extension is not loaded.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from deckbuild.errors import DeckError
from deckbuild.sources import placeholders

if TYPE_CHECKING:
    from deckbuild.rendering.brand import Brand

SHORTCODE = re.compile(r"(?P<open>\{\{\{?)<\s*(?P<body>(?:[^>\n{]|>(?!\}\}))*?)\s*>(?P<close>\}\}\}?)")
"""`{{< name args >}}`, or escaped as `{{{< name args >}}}`. No `{` inside: each try stops at the
next shortcode's start, so a line of ten thousand `{{<` is read in linear time."""
URL_SAFE = "/:?#&=%@+,;~!$'()*[]"
"""What a value put into a URL keeps as it is; a space and the rest are percent-encoded."""
LOCAL_ONLY = "a deck works offline: download it beside the deck and give its file name"


@dataclass(frozen=True, slots=True)
class Call:
    """A shortcode as written: its name, positional and `key=value` arguments, and whether it
    stands alone on its line (block content may then replace it)."""

    name: str
    args: list[str]
    kwargs: dict[str, str]
    alone: bool


@dataclass
class Shortcodes:
    """Expands one deck's shortcodes; the deck's front matter and the project's `_variables.yml`
    are what `meta` and `var` read, and what goes wrong is collected in `warnings`."""

    path: Path
    meta: dict[str, Any]
    variables: Callable[[], dict[str, Any]]
    """`_variables.yml`, read only if a `var` asks for it."""
    brand: Callable[[], Brand | None] = lambda: None
    """The deck's brand (`brand.find`), found only if a `brand` shortcode asks for it."""
    warnings: list[DeckError] = field(default_factory=list)
    resolved: dict[str, str] = field(default_factory=dict)
    """What `meta KEY` shows for a key Quarto resolves before shortcodes run (`date: today` as the
    date itself, structured authors as their names), in place of the value as written."""

    def line(self, text: str, path: Path, line: int) -> list[str]:
        """`text` (one source line) with its shortcodes replaced; several lines when a shortcode
        alone on its line stands for blocks (`lipsum`)."""
        if "{{" not in text:
            return [text]
        out = []
        for is_code, piece in _spans(text):
            out.append(piece if is_code else SHORTCODE.sub(lambda m: self._one(m, text, path, line), piece))
        return "".join(out).split("\n")

    def text(self, text: str, path: Path, line: int | None) -> str:
        """A front matter string (`title`, `footer`): `meta` and `var` only, as Quarto reads them there."""
        if "{{" not in text:
            return text
        return SHORTCODE.sub(lambda m: self._one(m, text, path, line or 0, inline=True), text)

    def _one(self, match: re.Match[str], line_text: str, path: Path, line: int, *, inline: bool = False) -> str:
        if match["open"] == "{{{" and match["close"] == "}}}":
            return "{{< " + match["body"] + " >}}"
        try:
            call = parse_call(match["body"], alone=not inline and line_text.strip() == match[0])
        except ValueError as exc:
            self._warn(f"shortcode `{match[0][:60]}` cannot be read: {exc}", path, line, "quote its arguments")
            return ""
        if call.name in NOT_SUPPORTED:
            self._warn(f"Quarto's `{call.name}` shortcode {NOT_SUPPORTED[call.name]}; it renders as nothing", path, line,
                       None)
            return ""
        if inline and call.name in MARKUP_ONLY:
            self._warn(f"shortcode `{call.name}` is not drawn in front matter text, which is shown without HTML; "
                       "it renders as nothing", path, line, "put it in a slide, or in a `::: footer` div on the slide")
            return ""
        expand = EXPANDERS.get(call.name)
        if expand is None:
            self._warn(f"shortcode `{call.name}` is not a Quarto built-in; it renders as nothing", path, line,
                       "remove it, or replace it with what the extension would show")
            return ""
        try:
            made = expand(self, call)
        except ShortcodeProblem as exc:
            self._warn(f"shortcode `{call.name}`: {exc}", path, line, exc.fix)
            return exc.shown
        return quote(made, safe=URL_SAFE) if _in_link_target(match) else made

    def _warn(self, what: str, path: Path, line: int, fix: str | None) -> None:
        self.warnings.append(DeckError(what, path=path, line=line or None, fix=fix))

    def lookup(self, data: dict[str, Any], key: str) -> Any:
        """`a.b.c` in nested mappings; None when a part is missing."""
        value: Any = data
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value


class ShortcodeProblem(ValueError):
    """A shortcode that does not work: a warning, and `shown` in its place (Quarto's `?meta:x`)."""

    def __init__(self, problem: str, fix: str | None = None, shown: str = "") -> None:
        super().__init__(problem)
        self.fix, self.shown = fix, shown


def parse_call(body: str, *, alone: bool) -> Call:
    """`name arg "quoted arg" key=value` → Call."""
    words = shlex.split(body)
    if not words:
        raise ValueError("it has no name")
    args, kwargs = [], {}
    for word in words[1:]:
        key, equals, value = word.partition("=")
        if equals and re.fullmatch(r"[\w-]+", key):
            kwargs[key] = value
        else:
            args.append(word)
    return Call(words[0], args, kwargs, alone)


def _in_link_target(match: re.Match[str]) -> bool:
    """Whether the shortcode is inside a link's or image's `](…)`: its text is then part of a URL."""
    before = match.string[: match.start()]
    return before.rfind("](") > before.rfind(")")


def _spans(text: str) -> Iterator[tuple[bool, str]]:
    """The line cut into (inside inline code, text) pieces."""
    from deckbuild.sources.code_spans import code_spans

    at = 0
    for start, end, _ in code_spans(text):
        if start > at:
            yield False, text[at:start]
        yield True, text[start:end]
        at = end
    if at < len(text):
        yield False, text[at:]


def _shown(value: Any) -> str | None:
    """A metadata value as text: scalars as YAML writes them, lists of scalars joined."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(map(str, value))
    if value is not None and hasattr(value, "isoformat"):  # a YAML date
        return str(value.isoformat())
    return None


def _meta(codes: Shortcodes, call: Call) -> str:
    if _key(call) in codes.resolved:
        return html.escape(codes.resolved[_key(call)], quote=False)
    return _value(codes.lookup(codes.meta, _key(call)), "meta", _key(call), "the deck's front matter")


def _var(codes: Shortcodes, call: Call) -> str:
    return _value(codes.lookup(codes.variables(), _key(call)), "var", _key(call), "`_variables.yml`")


def _key(call: Call) -> str:
    if len(call.args) != 1:
        raise ShortcodeProblem("give one key", f"write {{{{< {call.name} key >}}}}")
    return call.args[0]


def _value(value: Any, name: str, key: str, where: str) -> str:
    if value is None:
        raise ShortcodeProblem(f"`{key}` is not in {where}", f"add `{key}` there, or check the spelling",
                               shown=f"?{name}:{html.escape(key)}")
    text = _shown(value)
    if text is None:
        raise ShortcodeProblem(f"`{key}` is a mapping, not text", "name a key inside it (`a.b`)",
                               shown=f"?{name}:{html.escape(key)}")
    return html.escape(text, quote=False)  # its Markdown kept, its raw HTML shown as text, as in a title


OS_NAMES = {"mac": "mac", "win": "windows", "linux": "linux"}


def _kbd(codes: Shortcodes, call: Call) -> str:
    """The keys as `<kbd>`, each system's keys in a `data-*` attribute (as Quarto writes it); the
    default shown is the positional keys, else the first system's."""
    if not call.args and not call.kwargs:
        raise ShortcodeProblem("give the keys", "write {{< kbd Ctrl-C mac=Command-C >}}")
    systems = "".join(f' data-{OS_NAMES.get(key, key)}="{html.escape(value)}"' for key, value in sorted(call.kwargs.items()))
    shown = call.args[0] if call.args else next(iter(call.kwargs.values()))
    return f"<kbd{systems}>{html.escape(shown)}</kbd>"


def _pagebreak(codes: Shortcodes, call: Call) -> str:
    """A page break for print; on a slide it shows nothing."""
    return '<div style="page-break-after: always;"></div>' if call.alone else ""


def _lipsum(codes: Shortcodes, call: Call) -> str:
    count = placeholders.paragraph_count(call.args[0] if call.args else "1")
    if count is None:
        raise ShortcodeProblem(f"`{call.args[0]}` is not a number of paragraphs", "write {{< lipsum 2 >}}")
    paragraphs = placeholders.lipsum(count, random="random" in call.kwargs)
    return "\n\n".join(paragraphs) if call.alone else " ".join(paragraphs)


def _placeholder(codes: Shortcodes, call: Call) -> str:
    try:
        width = int(call.args[0]) if call.args else 100
        height = int(call.args[1]) if len(call.args) > 1 else width
    except ValueError:
        raise ShortcodeProblem("width and height must be whole numbers of pixels", "write {{< placeholder 400 200 >}}") from None
    if not (0 < width <= 10_000 and 0 < height <= 10_000):
        raise ShortcodeProblem("width and height must be between 1 and 10000", "write {{< placeholder 400 200 >}}")
    return f"![]({placeholders.svg_uri(width, height)})"


VIDEO_HOSTS = re.compile(r"^(?:https?:)?//(?:www\.)?(?:youtube\.com|youtu\.be|vimeo\.com|player\.vimeo\.com|brightcove)", re.I)


def _video(codes: Shortcodes, call: Call) -> str:
    """A local video as `<video>` (the renderer embeds its file like an image); one on the network
    as a link, with a warning: the deck must play offline."""
    src = call.kwargs.get("src") or (call.args[0] if call.args else "")
    if not src:
        raise ShortcodeProblem("give the video's file", "write {{< video clip.mp4 >}}")
    title = call.kwargs.get("title", "")
    if re.match(r"^(?:https?:)?//", src, re.I):
        kind = "a video site" if VIDEO_HOSTS.match(src) else "the network"
        link = f'<a href="{html.escape(src)}" class="video-link">{html.escape(title or src)}</a>'
        raise ShortcodeProblem(f"`{src}` is on {kind}; it is shown as a link", LOCAL_ONLY, shown=link)
    sizes = "".join(f' {key}="{html.escape(call.kwargs[key])}"' for key in ("width", "height") if key in call.kwargs)
    label = f' title="{html.escape(title)}" aria-label="{html.escape(title)}"' if title else ""
    start = call.kwargs.get("start")
    fragment = f"#t={html.escape(start)}" if start else ""
    video = f'<video controls{sizes}{label}><source src="{html.escape(src)}{fragment}"></video>'
    return f'<div class="quarto-video">{video}</div>' if call.alone else video


def _fa(codes: Shortcodes, call: Call) -> str:
    """A Font Awesome icon (the quarto-ext/fontawesome extension): `[group] name`, `size=`,
    `title=`, `label=`. A mistake is a warning; the icon is still drawn when it can be told (a
    brand written without `brands`, a size the extension does not know: the text's size)."""
    from deckbuild.sources import icons

    if not call.args:
        raise ShortcodeProblem("give the icon's name", "write {{< fa star >}} or {{< fa brands github >}}")
    group, name = (call.args[0], call.args[1]) if len(call.args) > 1 else ("solid", call.args[0])
    problems: list[icons.IconProblem] = []
    size = None
    if call.kwargs.get("size"):
        try:
            size = icons.size_em(call.kwargs["size"])
        except icons.IconProblem as exc:
            problems.append(exc)
    try:
        icon: icons.Icon | None = icons.find(group, name)
    except icons.IconProblem as exc:
        problems.insert(0, exc)
        icon = exc.icon
    drawn = icons.svg(icon, size=size, title=call.kwargs.get("title", ""), label=call.kwargs.get("label", "")) if icon else ""
    if problems:
        raise ShortcodeProblem(str(problems[0]), problems[0].fix, shown=drawn)
    return drawn


def _brand(codes: Shortcodes, call: Call) -> str:
    """`brand color NAME` (a role or a palette colour) as the colour's text; `brand logo NAME
    ` (a size or an image the brand names) as that image, in the deck's brand-mode, as Quarto has them."""
    kind, name = [*call.args, "", ""][:2]
    if kind not in ("color", "logo") or not name:
        raise ShortcodeProblem("expected `brand color NAME` or `brand logo NAME`",
                               "write {{< brand color primary >}} or {{< brand logo medium >}}")
    try:
        brand = codes.brand()
    except DeckError as exc:
        raise ShortcodeProblem(exc.what, exc.fix) from None
    if brand is None:
        raise ShortcodeProblem("the deck has no brand", "add a _brand.yml beside the deck, or `brand:` to the front matter")
    if kind == "color":
        if name not in brand.palette:
            raise ShortcodeProblem(f"the brand names no colour `{name}`", f"use one of: {', '.join(brand.palette) or 'none'}")
        return brand.palette[name]
    if name not in brand.images:
        raise ShortcodeProblem(f"the brand names no logo `{name}`", f"use one of: {', '.join(brand.images) or 'none'}")
    image, alt = brand.images[name]
    return f"![{alt}]({image})" if image else ""


MARKUP_ONLY = frozenset({"fa"})
"""Shortcodes that make HTML, which a front matter string (a title, the footer) shows as text."""

NOT_SUPPORTED = {
    "env": "is not expanded: a deck never shows the environment's variables (they may hold secrets)",
    "embed": "(cells from another notebook) is not supported by deckbuild",
    "contents": "is not supported by deckbuild",
    "version": "names Quarto's version, and deckbuild is not Quarto",
    "lang": "is not supported by deckbuild",
}
"""Quarto's other built-ins: each a warning of its own, not "an extension's"."""

EXPANDERS: dict[str, Callable[[Shortcodes, Call], str]] = {
    "meta": _meta,
    "var": _var,
    "kbd": _kbd,
    "pagebreak": _pagebreak,
    "lipsum": _lipsum,
    "placeholder": _placeholder,
    "video": _video,
    "fa": _fa,
    "brand": _brand,
}
