"""The JavaScript libraries a deck's interactive outputs need: found, checked, put on the page once.

Where each library comes from, and why there:
- plotly.js: npm `plotly.js-dist-min`, pinned in package-lock.json and bundled in `_vendor`.
  Plotly's figure JSON names no version and draws with any recent plotly.js, so one pinned
  build serves every notebook, whether or not the plotly package is installed where the deck
  is rendered.
- Vega, Vega-Lite, vega-embed: npm, pinned. No Python package ships them (Altair's HTML loads
  them from a CDN); Vega-Lite reads the older schemas' specs too.
- ipywidgets: npm `@jupyter-widgets/html-manager`'s standalone `embed.js`, the script that
  nbconvert's HTML and Voilà use to draw saved widget state without a kernel. It has the
  `@jupyter-widgets/base`, `controls` and `output` models of ipywidgets 7 and 8; a widget of
  any other package would need that package's JavaScript, which deckbuild does not have.
- BokehJS: from the bokeh package installed where deckbuild runs (`bokeh/server/static/js`),
  found without importing it. BokehJS reads only documents of its own minor version, and each
  Bokeh output names the version that made it, so a single pinned BokehJS would fail the
  notebooks of every other version; the package ships exactly the bundles of its version.

A deck without interactive outputs gets none of this: `tags` is then empty.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckbuild.rendering import assets
from deckbuild.rendering.drawings import Drawing

DRAWING_JS = Path(__file__).with_name("drawing.js")
VENDORED = {
    "plotly": ["plotly/plotly.min.js"],
    "vega": ["vega/vega.min.js", "vega/vega-lite.min.js", "vega/vega-embed.min.js"],
    "widgets": ["jupyter-widgets/embed.js"],
}
WIDGET_MODULES = frozenset(("@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"))
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
BOKEH_EXTRAS = ("widgets", "tables", "gl", "mathjax")
BOKEH_MATH = frozenset(("TeX", "MathML", "Ascii"))
SAVE_STATE = "in Jupyter, turn on Settings → Save Widget State Automatically, then run the cell and save"


@dataclass
class Libraries:
    """One deck's libraries, in first-use order, and the widget state its views need."""

    widget_state: dict[str, Any] = field(default_factory=dict)
    """The notebook's `metadata.widgets["application/vnd.jupyter.widget-state+json"]`."""
    files: dict[str, Path | str] = field(default_factory=dict)
    """Script name on the page → a file of the bokeh package, or a file in `_vendor`."""
    widget_models: dict[str, Any] = field(default_factory=dict)

    def supply(self, drawing: Drawing) -> str | None:
        """Make sure the page can draw `drawing`; None when it can, else why not (for a warning)."""
        if drawing.library == "bokeh":
            return self._bokeh(drawing)
        if drawing.library == "widgets":
            problem = self._widgets(str(drawing.spec["model_id"]))
            if problem:
                return problem
        for relative in VENDORED[drawing.library]:
            self.files.setdefault(Path(relative).name, relative)
        return None

    def tags(self, publish: Callable[[str, str], str]) -> list[str]:
        """The page's `<script>`s, libraries first; `publish(name, code)` is the sink's `script`."""
        if not self.files:
            return []
        tags = [_with_stand_in(publish(name, _read(source)), name) for name, source in self.files.items()]
        tags.append(publish("deckbuild-drawing.js", DRAWING_JS.read_text("utf-8")))
        if self.widget_models:
            state = {"version_major": 2, "version_minor": 0, "state": self.widget_models}
            tags.append(f'<script type="{WIDGET_STATE}">{script_json(state)}</script>')
        return tags

    def _bokeh(self, drawing: Drawing) -> str | None:
        wanted = drawing.version or "unknown"
        found = bokeh_scripts()
        if found is None:
            return f"this Bokeh plot needs BokehJS {wanted}, and the bokeh package is not installed: pip install bokeh=={wanted}"
        version, folder = found
        if _minor(version) != _minor(wanted):
            return (f"this Bokeh plot was made with Bokeh {wanted}, and BokehJS {version} cannot read it: "
                    f"pip install bokeh=={wanted} where deckbuild runs, or run the notebook again")  # fmt: skip
        self.files.setdefault("bokeh.min.js", folder / "bokeh.min.js")
        for extra in BOKEH_EXTRAS:
            path = folder / f"bokeh-{extra}.min.js"
            if path.is_file() and _bokeh_needs(extra, path, drawing):
                self.files.setdefault(path.name, path)
        return None

    def _widgets(self, model_id: str) -> str | None:
        models = self.widget_state.get("state")
        if not isinstance(models, dict) or model_id not in models:
            return f"this widget's state was not saved with the notebook ({SAVE_STATE})"
        needed = widget_closure(models, model_id)
        foreign = sorted({str(models[m].get("model_module")) for m in needed} - WIDGET_MODULES)
        if foreign:
            return f"this widget needs the JavaScript of {', '.join(foreign)}, which deckbuild does not bundle"
        self.widget_models.update({m: models[m] for m in needed})
        return None


def _with_stand_in(tag: str, name: str) -> str:
    """embed.js (webpack) finds its own URL through `document.currentScript.src` and stops when an
    inline script has none; while it starts, a stand-in gives it the page's (it would look for
    its icon font there, and only for a widget that shows an icon)."""
    if name != "embed.js":
        return tag
    before = ("Object.defineProperty(document, 'currentScript', "
              "{configurable: true, get: () => ({tagName: 'SCRIPT', src: location.href})});")  # fmt: skip
    return f"<script>{before}</script>{tag}<script>delete document.currentScript;</script>"


def widget_closure(models: dict[str, Any], root: str) -> set[str]:
    """The model `root` and every model its state refers to (`"IPY_MODEL_<id>"`), that exist."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        current = todo.pop()
        if current in seen or current not in models:
            continue
        seen.add(current)
        todo.extend(re.findall(r"IPY_MODEL_([0-9a-zA-Z_-]+)", json.dumps(models[current].get("state", {}))))
    return seen


def script_json(value: Any) -> str:
    """JSON that is safe inside `<script>`: no `</script>` or `<!--` can appear in it."""
    return json.dumps(value, separators=(",", ":")).replace("<", "\\u003c")


@functools.cache
def bokeh_scripts() -> tuple[str, Path] | None:
    """(version, folder of its BokehJS bundles) of the installed bokeh package, if any."""
    try:
        import importlib.metadata  # reads every installed package's metadata: only for Bokeh
        import importlib.util

        spec = importlib.util.find_spec("bokeh")
        version = importlib.metadata.version("bokeh")
    except (ImportError, ValueError, importlib.metadata.PackageNotFoundError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "server" / "static" / "js"
    return (version, folder) if (folder / "bokeh.min.js").is_file() else None


def _bokeh_needs(extra: str, path: Path, drawing: Drawing) -> bool:
    """An extension bundle is needed when the document uses a model it defines (or WebGL, maths)."""
    if extra == "gl" and drawing.spec.get("webgl"):
        return True
    if extra == "mathjax":
        return bool(drawing.models & BOKEH_MATH) or "$$" in json.dumps(drawing.spec["docs_json"])
    return bool(drawing.models & _defined_models(path))


@functools.cache
def _defined_models(path: Path) -> frozenset[str]:
    return frozenset(re.findall(r'__name__="(\w+)"', path.read_text("utf-8")))


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def _read(source: Path | str) -> str:
    return source.read_text("utf-8") if isinstance(source, Path) else assets.read_text(source)
