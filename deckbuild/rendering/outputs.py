"""A cell's outputs as HTML, by Jupyter's display priority, sized and styled for slides.

Each output becomes one `<div class="cell-output …">` with Quarto's class names
(`cell-output-stdout`, `-stderr`, `-display`, `-error`), so Quarto themes' rules still apply.
Outputs that only JavaScript can draw (widgets, plotly) fall back to a static version in
their bundle, or to a visible note: a deck must work offline with no kernel.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from deckbuild.execute.options import CellOptions
from deckbuild.model import Output
from deckbuild.rendering.ansi import ansi_to_html

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
    """Warnings for the terminal (an output with no static version)."""


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
    mime = choose_mime(output.data)
    if mime is None:
        return _div("cell-output-note", _no_static_version(output, ctx))
    body = _display(mime, output, options, ctx)
    if asis and mime in ("text/html", "text/markdown", "text/plain"):
        return body
    extra = " output-dataframe" if mime == "text/html" and 'class="dataframe' in output.data[mime] else ""
    return _div("cell-output-display" + extra, body)


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
        return _dataframe(text) if 'class="dataframe' in text else text
    if mime == "text/markdown":
        return ctx.markdown(text)
    if mime == "text/latex":
        return _latex(text, ctx)
    if mime == "text/plain":
        return _pre(text)
    return _figure(mime, text, output.metadata.get(mime, {}), options, ctx)


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
    alt = _nth(options.fig_alt, index, repeat=True) or caption or ""
    if mime == "image/svg+xml":
        label = f' role="img" aria-label="{html.escape(alt)}"' if alt else ""
        image = f'<div class="cell-output-svg"{label}>{scoped_svg(data)}</div>'
    else:
        dims = "".join(f' {k}="{int(v)}"' for k, v in size.items() if k in ("width", "height") and _number(v))
        image = f'<img src="data:{mime};base64,{_base64(data)}" alt="{html.escape(alt)}"{dims}>'
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


def _pre(text: str) -> str:
    return f"<pre><code>{ansi_to_html(text)}</code></pre>"


def _div(kind: str, body: str) -> str:
    return f'<div class="cell-output {kind}">{body}</div>'
