"""Interactive outputs (Plotly, Bokeh, Vega-Lite/Altair, ipywidgets) recognised in their MIME bundles.

In a notebook these outputs are drawn by JavaScript that the front end or a CDN supplies; a deck
has neither. `recognise` finds what a bundled library needs to draw one: the structured MIME
type where the output has it (`application/vnd.plotly.v1+json`, `…vegalite.v5+json`, …), else
the figure inside the library's own HTML or JavaScript (Plotly's `Plotly.newPlot(…)`, Altair's
`vegaEmbed` call, Bokeh's `docs_json`), read as JSON, never run. Outputs that only load a
library from the network (Bokeh's `output_notebook()`, Plotly's `notebook_connected` loader)
are dropped: the deck carries the library itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from deckbuild.model import Output

PLOTLY = "application/vnd.plotly.v1+json"
BOKEH_EXEC = "application/vnd.bokehjs_exec.v0+json"
BOKEH_LOAD = "application/vnd.bokehjs_load.v0+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
JAVASCRIPT = "application/javascript"
_VEGA = re.compile(r"application/vnd\.vega(lite)?\.v(\d+)[+.]json")  # Altair 6 writes `.v6.json`
_SCHEMA_VERSION = re.compile(r"/v(\d+(?:\.\d+)*)\.json")

Loader = Literal["loader"]
LOADER: Loader = "loader"
"""An output that only loads or announces a library: nothing to show on a slide."""


@dataclass(frozen=True, slots=True)
class Drawing:
    """An output that one of the deck's bundled libraries draws on the slide."""

    library: str
    """"plotly", "vega", "bokeh" or "widgets"."""
    spec: dict[str, Any]
    """What the page's drawing code hands to the library (see drawing.js)."""
    consumed: tuple[str, ...]
    """The MIME types it was read from: a static fallback is looked for among the others."""
    version: str = ""
    """The library version the output names, "" when it names none."""
    models: frozenset[str] = field(default_factory=frozenset)
    """Bokeh: the model names the document uses (they decide which BokehJS bundles it needs)."""


def recognise(output: Output) -> Drawing | Loader | None:
    """The drawing in an output, LOADER for a library loader, None for an ordinary output."""
    data = output.data
    if BOKEH_LOAD in data:
        return LOADER
    for read in (_plotly, _vega, _bokeh, _widget, _html):
        found = read(data)
        if found is not None:
            return found
    return None


def _plotly(data: dict[str, Any]) -> Drawing | None:
    figure = _mapping(data.get(PLOTLY))
    if figure is None:
        return None
    spec = {key: figure.get(key, default) for key, default in (("data", []), ("layout", {}), ("config", {}))}
    return Drawing("plotly", spec, (PLOTLY, "text/html"))


def _vega(data: dict[str, Any]) -> Drawing | None:
    for mime, value in data.items():
        match = _VEGA.fullmatch(mime)
        spec = _mapping(value)
        if match and spec is not None:
            mode = "vega-lite" if match.group(1) else "vega"
            return Drawing("vega", {"spec": spec, "mode": mode}, (mime, "text/html"), _schema_version(spec) or match.group(2))
    return None


def _bokeh(data: dict[str, Any]) -> Drawing | None:
    code = data.get(JAVASCRIPT)
    if BOKEH_EXEC not in data or not isinstance(code, str):
        return None
    docs, items = _json_after(code, "docs_json = "), _json_after(code, "render_items = ")
    if not isinstance(docs, dict) or not isinstance(items, list) or not docs:
        return None  # a Bokeh server app, or a shape this reader does not know: not drawable offline
    versions = {str(doc.get("version", "")) for doc in docs.values() if isinstance(doc, dict)}
    models = frozenset(re.findall(r'"name":\s*"([A-Za-z_]\w*)"', json.dumps(docs)))
    webgl = '"output_backend": "webgl"' in json.dumps(docs)
    return Drawing("bokeh", {"docs_json": docs, "render_items": items, "webgl": webgl}, (JAVASCRIPT, BOKEH_EXEC),
                   max(versions), models)  # fmt: skip


def _widget(data: dict[str, Any]) -> Drawing | None:
    view = _mapping(data.get(WIDGET_VIEW))
    if view is None or not isinstance(view.get("model_id"), str):
        return None
    return Drawing("widgets", dict(view), (WIDGET_VIEW, "text/plain"))


def _html(data: dict[str, Any]) -> Drawing | Loader | None:
    """Library HTML without a structured MIME type beside it: a figure inside, or a loader."""
    html = data.get("text/html")
    if not isinstance(html, str) or "<script" not in html:
        return _bokeh_placeholder(html)
    if "Plotly.newPlot(" in html:
        # the last call: an inline plotly.js before it holds the name too
        args = _json_sequence(html, html.rindex("Plotly.newPlot(") + len("Plotly.newPlot("), 4)
        if len(args) >= 3 and isinstance(args[1], list) and isinstance(args[2], dict):
            config = args[3] if len(args) > 3 and isinstance(args[3], dict) else {}
            return Drawing("plotly", {"data": args[1], "layout": args[2], "config": config}, ("text/html",))
    if "vegaEmbed" in html and (start := html.rfind("})(")) != -1:
        args = _json_sequence(html, start + 3, 2)
        if args and isinstance(args[0], dict):
            spec = args[0]
            mode = str(args[1].get("mode", "vega-lite")) if len(args) > 1 and isinstance(args[1], dict) else "vega-lite"
            return Drawing("vega", {"spec": spec, "mode": mode}, ("text/html",), _schema_version(spec))
    if _only_loads_a_library(html):
        return LOADER
    return None


def _bokeh_placeholder(html: object) -> Loader | None:
    """`show()`'s empty `<div data-root-id>` (the drawing is in the next output) and the
    "Loading BokehJS …" banner of `output_notebook()`."""
    if not isinstance(html, str):
        return None
    stripped = html.strip()
    if re.fullmatch(r'<div id="[^"]*" data-root-id="[^"]*"[^>]*></div>', stripped):
        return LOADER
    return LOADER if "bk-notebook-logo" in html and "BokehJS" in html else None


def _only_loads_a_library(html: str) -> bool:
    """Nothing but scripts and styles, and one of them fetches a plotting library."""
    rest = re.sub(r"<(script|style)\b.*?</\1\s*>", "", html, flags=re.DOTALL | re.IGNORECASE)
    fetches = re.search(r"(src=|import |require(js)?\.config)[^<]*(plotly|vega|bokeh)", html, re.IGNORECASE)
    return not rest.strip() and fetches is not None


def _schema_version(spec: dict[str, Any]) -> str:
    match = _SCHEMA_VERSION.search(str(spec.get("$schema", "")))
    return match.group(1) if match else ""


def _mapping(value: object) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def _json_after(code: str, marker: str) -> Any:
    start = code.find(marker)
    if start == -1:
        return None
    values = _json_sequence(code, start + len(marker), 1)
    return values[0] if values else None


def _json_sequence(text: str, start: int, count: int) -> list[Any]:
    """Up to `count` JSON values separated by commas from `start` (a call's arguments)."""
    decoder, at = json.JSONDecoder(), start
    values: list[Any] = []
    while len(values) < count:
        at = _skip(text, at)
        try:
            value, at = decoder.raw_decode(text, at)
        except ValueError:
            break
        values.append(value)
        at = _skip(text, at)
        if at >= len(text) or text[at] != ",":
            break
        at += 1
    return values


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def markup(drawing: Drawing) -> str:
    """The element drawing.js draws into: the spec rides along as JSON in a `<script>` that
    the browser does not run. A widget's view is the tag html-manager's embed.js looks for."""
    from deckbuild.rendering.libraries import script_json

    kind = WIDGET_VIEW if drawing.library == "widgets" else "application/json"
    spec = f'<script type="{kind}" class="deckbuild-spec">{script_json(drawing.spec)}</script>'
    return f'<div class="deckbuild-drawing" data-library="{drawing.library}">{spec}</div>'
