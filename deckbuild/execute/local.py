"""A Jupyter kernel on this machine, driven by nbclient.

nbclient gives us what is fiddly to get right by hand: outputs routed by message id,
`update_display_data`, `clear_output`, noticing a dead kernel, and timeouts. jupyter_client
and nbclient are imported inside the methods, so a deck with nothing to run never loads them.
The kernel's own stdout/stderr go to a log file: they would garble the progress bar, and
their tail explains a dead kernel.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Any

from deckbuild.execute.base import CellRun, CellTimeout, Executor, KernelDied, KernelNotFound
from deckbuild.execute.nbjson import output_from_json
from deckbuild.execute.options import CellOptions
from deckbuild.model import Cell

# Runs once, silently, in a new IPython kernel. Setting the InlineBackend *config* (not the
# instance) is lazy: matplotlib is configured when the user's code first imports pyplot, so a
# deck without plots never pays for importing matplotlib. "retina" draws at twice the dpi.
FIGURE_SETUP = '''
def __deckbuild_figure(width, height, dpi):
    import sys
    rc = {"figure.figsize": (width, height), "figure.dpi": dpi}
    ip = get_ipython()
    ip.config.InlineBackend.rc = rc
    ip.config.InlineBackend.figure_formats = {"retina"}
    if "matplotlib" in sys.modules:
        import matplotlib
        matplotlib.rcParams.update(rc)
'''


def installed_kernels() -> dict[str, str]:
    """Installed kernelspecs: name → language (lower case)."""
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().get_all_specs()
    return {name: str(spec["spec"].get("language", "")).lower() for name, spec in sorted(specs.items())}


def find_kernel(kernel: str | None, language: str) -> tuple[str, str]:
    """The kernelspec to start, and its language: by name if one is given, else by language."""
    kernels = installed_kernels()
    if kernel:
        if kernel in kernels:
            return kernel, kernels[kernel]
        raise KernelNotFound(f"no Jupyter kernel named `{kernel}`; {_listing(kernels)}")
    language = language.lower()
    matches = [name for name, lang in kernels.items() if lang == language]
    if not matches:
        raise KernelNotFound(f"no installed Jupyter kernel runs {language}; {_listing(kernels)}")
    preferred = {"python": "python3"}.get(language)
    return (preferred if preferred in matches else matches[0]), language


def _listing(kernels: dict[str, str]) -> str:
    if not kernels:
        return "no kernels are installed (pip install ipykernel)"
    return "installed kernels: " + ", ".join(f"{name} ({lang})" for name, lang in kernels.items())


class LocalExecutor(Executor):
    """One local kernel, started on the first `run`, in the deck's folder."""

    def __init__(self, *, kernel: str | None, language: str, cwd: Path, name: str = "local",
                 hidden_env: frozenset[str] = frozenset()) -> None:
        self.name, self.kernel, self.language, self.cwd = name, kernel, language, cwd
        self.hidden_env = hidden_env
        """Variables (gateway tokens) left out of the kernel's environment, so no cell can print them."""
        self._client: Any = None
        self._nb: Any = None
        self._log: IO[str] | None = None
        self._figure: tuple[float, float, float] | None = None
        self._timeout: float | None = None

    def run(self, cell: Cell, options: CellOptions) -> CellRun:
        from nbclient.exceptions import CellTimeoutError, DeadKernelError
        from nbformat.v4 import new_code_cell

        client = self._client or self._start()
        self._set_figure(options)
        nbcell = new_code_cell(cell.source)  # type: ignore[no-untyped-call]
        self._nb.cells.append(nbcell)
        self._timeout = options.timeout
        try:
            client.execute_cell(nbcell, len(self._nb.cells) - 1)
        except CellTimeoutError:
            if client.km is not None:
                _quietly(client.km.interrupt_kernel)
            raise CellTimeout(options.timeout or 0) from None
        except DeadKernelError:
            raise KernelDied(self._log_tail()) from None
        outputs = [output_from_json(output) for output in nbcell.outputs]
        return CellRun(outputs, nbcell.get("execution_count"))

    def _start(self) -> Any:
        from nbclient import NotebookClient
        from nbformat.v4 import new_notebook

        name, language = find_kernel(self.kernel, self.language)
        self._nb = new_notebook()  # type: ignore[no-untyped-call]
        self._client = NotebookClient(
            self._nb,
            kernel_name=name,
            allow_errors=True,
            shutdown_kernel="immediate",
            timeout_func=lambda _cell: self._timeout,
        )
        self._log = tempfile.TemporaryFile("w+", prefix="deckbuild-kernel-")
        try:
            self._client.km = self._client.create_kernel_manager()
            env = {key: value for key, value in os.environ.items() if key not in self.hidden_env}
            self._client.start_new_kernel(cwd=str(self.cwd), env=env, stdout=self._log, stderr=self._log)
            self._client.start_new_kernel_client()
            if language == "python":
                self._silently(FIGURE_SETUP)
        except BaseException:
            self.close()
            raise
        return self._client

    def _set_figure(self, options: CellOptions) -> None:
        figure = (options.fig_width, options.fig_height, options.fig_dpi)
        if figure != self._figure and self.language.lower() == "python":
            self._silently(f"__deckbuild_figure{figure!r}")
            self._figure = figure

    def _silently(self, code: str) -> None:
        """Run set-up code that neither shows output nor counts as an execution."""
        client = self._client
        msg_id = client.kc.execute(code, silent=True, store_history=False)
        client.wait_for_reply(msg_id)

    def _log_tail(self, lines: int = 20) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        text = [line for line in self._log.read().splitlines() if "without encryption" not in line]
        return "\n".join(text[-lines:])

    def close(self) -> None:
        client, self._client = self._client, None
        try:
            if client is not None and client.km is not None:
                client._cleanup_kernel()  # nbclient's own shutdown + removal of connection files
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None


def _quietly(action: Any) -> None:
    try:
        from jupyter_core.utils import ensure_async, run_sync

        run_sync(lambda: ensure_async(action()))()
    except Exception:
        pass
