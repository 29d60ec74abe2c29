"""A cell's outputs as HTML, by Jupyter's display priority, sized and styled for slides.

Each output becomes one `<div class="cell-output …">` with Quarto's class names
(`cell-output-stdout`, `-stderr`, `-display`, `-error`), so Quarto themes' rules still apply.
Outputs that a bundled library draws (Plotly, Bokeh, Vega-Lite, ipywidgets: see drawings.py
and libraries.py) become an element that the page's drawing code fills; other outputs that only
JavaScript can draw fall back to a static version in their bundle, or to a visible note: a deck
must work offline with no kernel. HTML outputs are isolated (html_isolation.py), so a broken one
cannot break the slides after it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from deckbuild.errors import DeckError
from deckbuild.model import Output
from deckbuild.options import CellOptions
from deckbuild.rendering.ansi import ansi_to_html
from deckbuild.rendering.drawings import LOADER, Drawing, markup, recognise
from deckbuild.rendering.fetches import fetched
from deckbuild.rendering.html_images import embed_images
from deckbuild.rendering.html_isolation import isolate
from deckbuild.rendering.libraries import Libraries
from deckbuild.rendering.resources import is_remote

PRIORITY = (
    "text/html", "text/markdown", "text/latex", "image/svg+xml",
    "image/png", "image/jpeg", "image/gif", "text/plain",
)  # fmt: skip
"""JupyterLab's order, without the types that need JavaScript."""

IMAGES = ("image/svg+xml", "image/png", "image/jpeg", "image/gif")


@dataclass(slots=True)
class OutputContext:
    markdown: Callable[[str], str]
    math: Callable[[str, bool], str]
    figures: int = 0
    """Images rendered so far in this cell, to pick the nth `fig-cap` / `fig-alt`."""
    notes: list[str] = field(default_factory=list)
    """Warnings for the terminal (an output with no static version, a repaired HTML output)."""
    libraries: Libraries = field(default_factory=Libraries)
    """The deck's libraries for interactive outputs: each drawing asks it for its own."""
    image: Callable[[str], str] | None = None
    """The URL the page uses for a local file that an HTML output's `<img src>` names, read
    by the deck's rules (`Resources.url`; a DeckError if it may not be); None embeds nothing."""


def render_outputs(outputs: list[Output], options: CellOptions, ctx: OutputContext) -> list[str]:
    """One HTML fragment per output shown; none when `output: false` or `include: false`."""
    if not options.show_output:
        return []
    shown = [o for o in outputs if options.warning or not (o.output_type == "stream" and o.name == "stderr")]
    return [html for output in merge_streams(shown) if (html := _render(output, options, ctx))]


def merge_streams(outputs: list[Output]) -> list[Output]:
    """Consecutive chunks of one stream become one output; `\\r` and `\\b` are applied."""
    merged: list[Output] = []
    for output in outputs:
        last = merged[-1] if merged else None
        if output.output_type == "stream" and last and last.output_type == "stream" and last.name == output.name:
            merged[-1] = Output("stream", name=last.name, text=last.text + output.text)
        else:
            merged.append(output)
    return [_terminal(o) if o.output_type == "stream" else o for o in merged]


def _terminal(output: Output) -> Output:
    text = output.text
    while re.search(r"[^\n\x08]\x08", text):
        text = re.sub(r"[^\n\x08]\x08", "", text)
    lines = [line.rstrip("\r").rsplit("\r", 1)[-1] for line in text.split("\n")]
    return Output("stream", name=output.name, text="\n".join(lines))


def _render(output: Output, options: CellOptions, ctx: OutputContext) -> str:
    asis = options.output == "asis"
    if output.output_type == "stream":
        if asis:
            return ctx.markdown(output.text)
        return _div(f"cell-output-{output.name}", _pre(output.text))
    if output.output_type == "error":
        return _div("cell-output-error", _pre("\n".join(output.traceback)))
    found = recognise(output)
    if found == LOADER:
        return ""
    if isinstance(found, Drawing):
        return _drawing(found, output, options, ctx)
    mime = choose_mime(output.data)
    if mime is None:
        return _div("cell-output-note", _no_static_version(output, ctx))
    body = _display(mime, output, options, ctx)
    if asis and mime in ("text/html", "text/markdown", "text/plain"):
        return body
    extra = " output-dataframe" if mime == "text/html" and 'class="dataframe' in output.data[mime] else ""
    return _div("cell-output-display" + extra, body)


def _drawing(drawing: Drawing, output: Output, options: CellOptions, ctx: OutputContext) -> str:
    """Drawn on the page by its library; if the deck cannot have that library, a warning and
    the output's static version (an `image/png` beside it), or a note saying what is missing."""
    problem = ctx.libraries.supply(drawing)
    if problem is None:
        return _div("cell-output-display cell-output-drawing", markup(drawing))
    rest = Output(output.output_type, {k: v for k, v in output.data.items() if k not in drawing.consumed},
                  output.metadata)  # fmt: skip
    mime = choose_mime(rest.data)
    if mime is None:
        ctx.notes.append(problem)
        return _div("cell-output-note", f"<p>{html.escape(problem[0].upper() + problem[1:])}.</p>")
    ctx.notes.append(f"{problem}; the slide shows the output's static {mime} instead")
    return _div("cell-output-display", _display(mime, rest, options, ctx))


def needs_javascript(mime: str) -> bool:
    return mime == "application/javascript" or (mime.startswith("application/vnd.") and mime.endswith("+json"))


def choose_mime(bundle: dict[str, object]) -> str | None:
    """The MIME type to show; None when only JavaScript could draw the output."""
    interactive = any(needs_javascript(mime) for mime in bundle)
    for mime in PRIORITY:
        if mime not in bundle:
            continue
        if interactive and (mime == "text/plain" or (mime == "text/html" and "<script" in str(bundle[mime]))):
            continue  # a repr like "IntSlider(value=3)" or a CDN script is not a fallback
        return mime
    return None


def _display(mime: str, output: Output, options: CellOptions, ctx: OutputContext) -> str:
    value = output.data[mime]
    text = value if isinstance(value, str) else str(value)
    if mime == "text/html":
        text, failed = _embed_images(text, ctx)
        _note_fetches(text, ctx, known=failed)
        return _html(_dataframe(text) if 'class="dataframe' in text else text, ctx)
    if mime == "text/markdown":
        return ctx.markdown(text)
    if mime == "text/latex":
        return _latex(text, ctx)
    if mime == "text/plain":
        return _pre(text)
    return _figure(mime, text, output.metadata.get(mime, {}), options, ctx)


def _html(text: str, ctx: OutputContext) -> str:
    isolated = isolate(text)
    if isolated.problem:
        ctx.notes.append(f"this HTML output has {isolated.problem}; deckbuild repaired it so that it stays inside its cell")
    return isolated.html


def _dataframe(text: str) -> str:
    """pandas' table without its `<style scoped>`, so the theme's table style applies."""
    return re.sub(r"<style scoped>.*?</style>\s*", "", text, flags=re.S)


_DELIMITED = re.compile(r"^\s*(\$\$|\$|\\\[|\\\()(.*?)(\$\$|\$|\\\]|\\\))\s*$", re.S)


def _latex(text: str, ctx: OutputContext) -> str:
    """`$$…$$`, `$…$`, `\\[…\\]` or a bare environment is display maths; prose goes through
    Markdown, whose maths extension handles the `$…$` inside it."""
    match = _DELIMITED.match(text)
    if match and not re.search(r"(?<!\\)\$", match.group(2)):
        return ctx.math(match.group(2).strip(), True)
    if text.lstrip().startswith("\\begin"):
        return ctx.math(text.strip(), True)
    return ctx.markdown(text)


def _figure(mime: str, data: str, size: dict[str, Any], options: CellOptions, ctx: OutputContext) -> str:
    index, ctx.figures = ctx.figures, ctx.figures + 1
    caption = _nth(options.fig_cap, index, repeat=False)
    explicit = _nth(options.fig_alt, index, repeat=True)
    alt = explicit if explicit is not None else caption or None  # "" (fig-alt: "") is decorative
    if mime == "image/svg+xml":
        _note_fetches(data, ctx)
        label = ' aria-hidden="true"' if alt == "" else f' role="img" aria-label="{html.escape(alt)}"' if alt else ""
        image = f'<div class="cell-output-svg"{label}>{scoped_svg(data)}</div>'
    else:
        dims = "".join(f' {k}="{int(v)}"' for k, v in size.items() if k in ("width", "height") and _number(v))
        alt_attr = f' alt="{html.escape(alt)}"' if alt is not None else ""
        image = f'<img src="data:{mime};base64,{_base64(data)}"{alt_attr}{dims}>'
    if not caption:
        return image
    return f'<figure class="cell-figure">{image}<figcaption>{_inline(ctx.markdown(caption))}</figcaption></figure>'


def _nth(value: str | list[str] | None, index: int, *, repeat: bool) -> str | None:
    """A list gives the nth figure its own; one string goes to the first figure (caption)
    or to every figure (alt text)."""
    if isinstance(value, list):
        return value[index] if index < len(value) else None
    return value if (repeat or index == 0) else None


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _base64(data: str) -> str:
    """Kernels send images base64-encoded already; keep them as they are, without newlines."""
    return re.sub(r"\s+", "", data) if re.fullmatch(r"[A-Za-z0-9+/=\s]+", data) else base64.b64encode(data.encode()).decode()


def scoped_svg(svg: str) -> str:
    """Inline SVG without its XML prolog, its ids prefixed so two figures on one page (both
    with matplotlib's `id="patch_1"`) do not clash."""
    svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", "", svg).strip()
    prefix = "s" + hashlib.sha1(svg.encode()).hexdigest()[:8] + "-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    return re.sub(r'(url\(#|href="#)([^")]+)', lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)


def _inline(paragraph: str) -> str:
    match = re.fullmatch(r"\s*<p>(.*)</p>\s*", paragraph, flags=re.S)
    return match.group(1) if match else paragraph


def _no_static_version(output: Output, ctx: OutputContext) -> str:
    scripted = [mime for mime in output.data if needs_javascript(mime)]
    hint = "display a static value or an image instead"
    if any("plotly" in mime for mime in output.data):
        hint = 'show the figure as an image, e.g. fig.show(renderer="svg") (needs kaleido)'
    elif any("widget" in mime for mime in output.data):
        hint = "widgets need a live kernel; show their value or a plot instead"
    if scripted:
        note = f"this output needs JavaScript ({', '.join(scripted)}) and has no static version: {hint}"
    elif output.data:
        kinds = ", ".join(output.data)[:200]
        note = (f"this output is of type {kinds}, which deckbuild cannot show, and has no static version: "
                "display it as text, HTML, Markdown, LaTeX or an image instead")
    else:
        note = "this output is empty: it has no data of any type to show"
    ctx.notes.append(note)
    return f"<p>{html.escape(note[0].upper() + note[1:])}.</p>"


def _embed_images(markup: str, ctx: OutputContext) -> tuple[str, set[str]]:
    """The output's local `<img>` files embedded like a Markdown image's; one that cannot be
    (missing, outside the deck's folders) stays as written, with a note that says why."""
    failed: set[str] = set()
    resolve = ctx.image
    if resolve is None:
        return markup, failed

    def url(src: str) -> str | None:
        if is_remote(src):
            return None  # named by `_note_fetches`
        try:
            return resolve(src)
        except DeckError as exc:
            failed.add(src)
            ctx.notes.append(f"this output's {exc.what}" + (f" — {exc.fix}" if exc.fix else ""))
            return None

    return embed_images(markup, url), failed


def _note_fetches(markup: str, ctx: OutputContext, known: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """An output whose HTML loads files leaves the deck unable to stand alone: say so (once:
    `known` files have had their note already)."""
    urls = [url for url in fetched(markup) if url not in known]
    remote = [url for url in urls if is_remote(url)]
    local = [url for url in urls if not is_remote(url)]
    if remote:
        ctx.notes.append(f"this output loads {_listed(remote)} from the network, so the slide needs a connection "
                         "and `deckbuild pdf` blocks it — output a static image, or HTML that inlines what it loads")
    if local:
        ctx.notes.append(f"this output loads {_listed(local)}, which the deck does not embed — "
                         "output the file inline (a data URI), or keep it beside the page")


def _listed(urls: list[str]) -> str:
    shown = ", ".join(f"`{url[:80]}`" for url in urls[:3])
    return shown + (f" and {len(urls) - 3} more" if len(urls) > 3 else "")


def _pre(text: str) -> str:
    return f"<pre><code>{ansi_to_html(text)}</code></pre>"


def _div(kind: str, body: str) -> str:
    """`kind` may carry a stream's name, which a notebook or a kernel chose: escaped."""
    return f'<div class="cell-output {html.escape(kind)}">{body}</div>'
