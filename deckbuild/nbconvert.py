"""deckbuild as an nbconvert exporter: `jupyter nbconvert --to deckbuild talk.ipynb`, and
"Reveal.js deck (deckbuild)" in JupyterLab's and Notebook 7's "Save and Export Notebook As".

Registered under the `nbconvert.exporters` entry point. A menu export takes no flags, so the
deck's settings come from the notebook itself (metadata `deckbuild`, or a first raw cell of
YAML), exactly as for `deckbuild render`; traitlets options (`--DeckbuildExporter.theme=…`)
override them. The result is one self-contained HTML file: when an exporter returns extra
files, jupyter_server sends a zip instead of the page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import Exporter
from traitlets import Bool, Unicode, default


class DeckbuildExporter(Exporter):
    """A notebook → a reveal.js deck, through deckbuild's own pipeline and themes."""

    export_from_notebook = "Reveal.js deck (deckbuild)"
    output_mimetype = "text/html"

    theme = Unicode("", help="Theme name or path to a theme folder; empty: the notebook's own.").tag(config=True)
    embed = Bool(True, help="One self-contained file (default); False adds a NAME_files folder.").tag(config=True)
    execute = Bool(False, help="Run the code cells (deckbuild's execution stage) instead of using "
                               "the stored outputs.").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    def from_notebook_node(self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any) -> tuple[str, dict[str, Any]]:
        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        metadata = resources.get("metadata", {})
        folder = Path(metadata.get("path") or ".")
        path = folder / f"{metadata.get('name') or 'notebook'}.ipynb"
        page, files = export_notebook(path, nbformat.writes(nb_copy), self.theme or None, self.embed,
                                      self.execute, self.log.warning)
        resources["output_extension"] = self.file_extension
        if files:
            resources.setdefault("outputs", {}).update(files)
        return page, resources


def export_notebook(
    path: Path, text: str, theme: str | None, embed: bool, execute: bool, warn: Any
) -> tuple[str, dict[str, bytes]]:
    """The page for the notebook JSON `text` (as if it were the file `path`), and any files
    beside it (none when embedded), keyed by their path relative to the page."""
    from deckbuild.pipeline import RenderOptions, apply_options, build
    from deckbuild.project import find_project
    from deckbuild.sources.notebook import load_notebook

    opts = RenderOptions(theme=theme, embed=embed, execute=execute, quiet=True)
    deck = load_notebook(path, find_project(path.parent).config, text)
    apply_options(deck, opts)
    for warning in deck.config.warnings:
        warn(warning)
    with tempfile.TemporaryDirectory(prefix="deckbuild-nbconvert-") as staging:
        target = Path(staging) / f"{path.stem}.html"
        build(deck, target, opts)
        files = {
            str(file.relative_to(staging)): file.read_bytes()
            for file in sorted(Path(staging).rglob("*"))
            if file.is_file() and file != target
        }
        return target.read_text(encoding="utf-8"), files
