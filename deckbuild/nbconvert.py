"""deckbuild as nbconvert exporters: `jupyter nbconvert --to deckbuild talk.ipynb` (a reveal.js
page) and `--to deckbuild_pdf` (the same deck printed to PDF), listed as "Reveal.js deck
(deckbuild)" and "PDF deck (deckbuild)" in JupyterLab's and Notebook 7's "Save and Export
Notebook As".

Registered under the `nbconvert.exporters` entry point. A menu export takes no flags, so the
deck's settings come from the notebook itself (metadata `deckbuild`, or a first raw cell of
YAML; `pdf:` there for the PDF), exactly as for `deckbuild render` / `deckbuild pdf`; traitlets
options (`--DeckbuildExporter.theme=…`, `--DeckbuildPDFExporter.notes=page`) override them. Each
returns one file: when an exporter returns extra files, jupyter_server sends a zip instead.

A mistake in the deck is a `DeckbuildError`. Under `jupyter nbconvert` it is logged as one
line and the command exits 1 (nbconvert itself would print a traceback around it; `--debug`
still shows that); anywhere else (jupyter_server, Python) the error is raised as it is.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import nbformat
from nbconvert.exporters import Exporter
from traitlets import Bool, Enum, Float, Unicode, default

from deckbuild.errors import DeckbuildError
from deckbuild.options import Overrides
from deckbuild.pipeline import Request

if TYPE_CHECKING:
    from deckbuild.pipeline import RenderedDeck


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

    def from_notebook_node(self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any) -> tuple[Any, dict[str, Any]]:
        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        metadata = resources.get("metadata", {})
        path = Path(metadata.get("path") or ".") / f"{metadata.get('name') or 'notebook'}.ipynb"
        try:
            output, files = self.convert(Request(path, nbformat.writes(nb_copy)))  # type: ignore[no-untyped-call]
        except DeckbuildError as exc:
            self._fail(exc)
        resources["output_extension"] = self.file_extension
        if files:
            resources.setdefault("outputs", {}).update(files)
        return output, resources

    def convert(self, request: Request) -> tuple[Any, dict[str, bytes]]:
        """The output for the notebook, and any files beside it (none when embedded), keyed by
        their path relative to the output."""
        rendered = self._render_deck(request, self.embed)
        files = {f"{rendered.folder}/{name}": asset.read() for name, asset in rendered.files.items()}
        return rendered.html, files

    def _render_deck(self, request: Request, embed: bool) -> RenderedDeck:
        """The notebook through the pipeline's stages; its warnings go to the exporter's log."""
        from deckbuild import pipeline

        overrides = Overrides(theme=self.theme or None, embed=embed, execute=self.execute)
        deck = pipeline.load(request, overrides)
        rendered = pipeline.render(deck, pipeline.sink_for(deck, request.path), pipeline.execute(deck, overrides))
        for warning in rendered.warnings:
            self.log.warning("%s", warning.format_message())
        return rendered

    def _fail(self, exc: DeckbuildError) -> NoReturn:
        app = _nbconvert_app()
        if app is None:
            raise exc
        self.log.debug("deckbuild failed", exc_info=exc)
        app.log.error("%s", exc.format_message())
        app.exit(exc.exit_code)
        raise exc  # not reached: exit raises SystemExit


class DeckbuildPDFExporter(DeckbuildExporter):
    """A notebook → the deck printed to PDF in headless Chromium, one page per slide."""

    export_from_notebook = "PDF deck (deckbuild)"
    output_mimetype = "application/pdf"

    fragments = Bool(None, allow_none=True, help="One page per fragment step; None: the notebook's "
                                                 "`pdf: fragments`, else off.").tag(config=True)
    notes = Enum(["page", "below", "none"], None, allow_none=True,
                 help="Speaker notes on their own page or below each slide; None: the notebook's "
                      "`pdf: notes`, else none.").tag(config=True)
    browser = Unicode("", help="Chromium or Chrome to print with; empty: $DECKBUILD_BROWSER, "
                               "then found.").tag(config=True)
    timeout = Float(60.0, help="Seconds each step of printing (load, layout, print) may take.").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    def convert(self, request: Request) -> tuple[bytes, dict[str, bytes]]:
        """Chromium starts (on its own thread: Playwright's sync API refuses a thread that runs
        an asyncio loop, as a kernel or a server does) while the notebook renders."""
        from deckbuild.browser import BrowserThread
        from deckbuild.export.pdf import Job, export_pdfs
        from deckbuild.export.sources import Printable

        with BrowserThread(self.browser or None, timeout=self.timeout) as printer, \
                tempfile.TemporaryDirectory(prefix="deckbuild-nbconvert-") as scratch:
            deck = Printable.of(self._render_deck(request, True), Path(scratch))
            options = self._options().with_defaults(deck.pdf, self._given(), request.path)
            job = Job(deck.html, deck.html.with_suffix(".pdf"), options, source=request.path,
                      fragment_pages=deck.fragment_pages)
            printer.run(lambda browser: export_pdfs(browser, [job]))
            return job.output.read_bytes(), {}

    def _options(self) -> Any:
        from deckbuild.export.options import ExportOptions

        notes = self.notes if self.notes != "none" else None
        return ExportOptions(fragments=bool(self.fragments), notes=notes, timeout=self.timeout)

    def _given(self) -> set[str]:
        """Options set through traitlets beat the notebook's own `pdf:` settings."""
        return {name for name in ("fragments", "notes") if getattr(self, name) is not None}


def _nbconvert_app() -> Any:
    """The running `jupyter nbconvert` application, if this process is one."""
    from nbconvert.nbconvertapp import NbConvertApp

    return NbConvertApp.instance() if NbConvertApp.initialized() else None
