"""A Jupyter kernel on this machine, driven through jupyter_client.

Messages are folded into outputs by the same `CellCollector` as a gateway kernel's, so both
render alike. nbclient would do the same job but imports nbformat, whose validator loads
jsonschema's format checkers: over a second before the first cell runs. jupyter_client is
imported inside the methods, so a deck with nothing to run never loads it. The kernel's own
stdout/stderr go to a log file: they would garble the progress bar, and their tail explains
a dead kernel.
"""

from __future__ import annotations

import os
import queue
import re
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from deckbuild.execute.base import CellRun, CellTimeout, Executor, KernelDied, KernelNotFound, Listener
from deckbuild.execute.messages import CellCollector
from deckbuild.model import Cell, Output
from deckbuild.options import CellOptions

START_TIMEOUT = 60.0
POLL = 0.5
"""Seconds between checks that the kernel is still alive while a cell runs."""
SLICE = 0.02
"""Seconds of each wait for an IOPub message, between looks at the shell channel."""

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
        guessed = next((language for pattern, language in KERNEL_NAMES if re.match(pattern, kernel.lower())), "")
        raise KernelNotFound(f"no Jupyter kernel named `{kernel}`; {_listing(kernels)}",
                             install_hint(guessed) if guessed else "")
    language = language.lower()
    matches = [name for name, lang in kernels.items() if lang == language]
    if not matches:
        raise KernelNotFound(f"no installed Jupyter kernel runs {language}; {_listing(kernels)}", install_hint(language))
    preferred = {"python": "python3"}.get(language)
    return (preferred if preferred in matches else matches[0]), language


KERNEL_PACKAGES = {
    "python": ("ipykernel", "pip install ipykernel"),
    "r": ("IRkernel", 'in R: install.packages("IRkernel"); IRkernel::installspec()'),
    "julia": ("IJulia", 'in Julia: using Pkg; Pkg.add("IJulia")'),
    "bash": ("bash_kernel", "pip install bash_kernel && python -m bash_kernel.install"),
    "sql": ("xeus-sql", "conda install -c conda-forge xeus-sql"),
    "c++": ("xeus-cling", "conda install -c conda-forge xeus-cling"),
    "javascript": ("IJavascript", "npm install -g ijavascript && ijsinstall"),
    "typescript": ("tslab", "npm install -g tslab && tslab install"),
    "ruby": ("IRuby", "gem install iruby && iruby register"),
    "scala": ("almond", "see almond.sh"),
    "matlab": ("jupyter-matlab-proxy", "pip install jupyter-matlab-proxy"),
    "stata": ("stata_kernel", "pip install stata_kernel && python -m stata_kernel.install"),
    "sas": ("saspy", "pip install sas_kernel"),
    "haskell": ("IHaskell", "see IHaskell's README"),
    "octave": ("octave_kernel", "pip install octave_kernel"),
}
"""A language → the Jupyter kernel package that runs it, and how it is installed."""

KERNEL_NAMES = ((r"ir\b", "r"), (r"julia\b", "julia"), (r"python\d*\b", "python"), (r"bash\b", "bash"), (r"xsql\b", "sql"))
"""How kernelspecs are usually named (`ir`, `julia-1.10`, `python3`) → their language, for the hint."""

LANGUAGE_NAMES = {"python": "Python", "r": "R", "julia": "Julia", "bash": "Bash", "sql": "SQL", "c++": "C++",
                  "javascript": "JavaScript", "typescript": "TypeScript", "ruby": "Ruby", "scala": "Scala",
                  "matlab": "MATLAB", "stata": "Stata", "sas": "SAS", "haskell": "Haskell", "octave": "Octave"}


def install_hint(language: str) -> str:
    """What to do about a language no installed kernel runs: the package that runs it, another
    kernel, or rendering without running the cells."""
    package = KERNEL_PACKAGES.get(language)
    name = LANGUAGE_NAMES.get(language, language)
    install = (f"install {package[0]}, the Jupyter kernel for {name} ({package[1]})" if package
               else f"install a Jupyter kernel for {name}")
    return f"{install}, choose another with `execute: kernel:` or --kernel, or render with --no-execute"


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
        self._manager: Any = None
        self._client: Any = None
        self._log: IO[str] | None = None
        self._figure: tuple[float, float, float] | None = None
        self._displays: dict[str, list[Output]] = {}

    def run(self, cell: Cell, options: CellOptions) -> CellRun:
        return self._run(cell, options, None)

    def stream(self, cell: Cell, options: CellOptions, listener: Listener) -> CellRun:
        return self._run(cell, options, listener)

    def interrupt(self) -> None:
        manager = self._manager
        if manager is not None and manager.has_kernel:
            manager.interrupt_kernel()

    def _run(self, cell: Cell, options: CellOptions, listener: Listener | None) -> CellRun:
        if self._client is None:
            self._start()
        self._set_figure(options)
        return self._execute(cell.source, options.timeout, listener=listener).run

    def _start(self) -> None:
        from jupyter_client.manager import KernelManager

        name, language = find_kernel(self.kernel, self.language)
        self.language = language
        self._log = tempfile.TemporaryFile("w+", prefix="deckbuild-kernel-")  # noqa: SIM115 - closed with the kernel
        try:
            env = {key: value for key, value in os.environ.items() if key not in self.hidden_env}
            self._manager = KernelManager(kernel_name=name)
            self._manager.start_kernel(cwd=str(self.cwd), env=env, stdout=self._log, stderr=self._log)
            self._client = self._manager.blocking_client()
            self._client.start_channels()
            self._client.wait_for_ready(timeout=START_TIMEOUT)
            if language == "python":
                self._execute(FIGURE_SETUP, None, silent=True)
        except RuntimeError as exc:  # wait_for_ready: the kernel died or never answered
            self.close()
            raise KernelDied(f"{exc}\n{self._log_tail()}".strip()) from None
        except BaseException:
            self.close()
            raise

    def _set_figure(self, options: CellOptions) -> None:
        figure = (options.fig_width, options.fig_height, options.fig_dpi)
        if figure != self._figure and self.language == "python":
            self._execute(f"__deckbuild_figure{figure!r}", None, silent=True)
            self._figure = figure

    def _execute(self, code: str, timeout: float | None, *, silent: bool = False,
                 listener: Listener | None = None) -> CellCollector:
        """Send `code`, then read the kernel's messages until its reply and idle status came."""
        msg_id = self._client.execute(code, silent=silent, store_history=not silent, allow_stdin=False,
                                      stop_on_error=False)
        collector = CellCollector(msg_id, self._displays, listener)
        deadline = time.monotonic() + timeout if timeout else None
        while not collector.done:
            if deadline is not None and time.monotonic() > deadline:
                self._manager.interrupt_kernel()
                raise CellTimeout(timeout or 0)
            self._read(collector)
        return collector

    def _read(self, collector: CellCollector) -> None:
        """Feed the collector whatever arrives within POLL seconds; notice a dead kernel.

        IOPub is waited on in short slices with a glance at the shell channel between them,
        so an output is read as soon as it comes (a streamed line reaches `present`'s slide
        at once) and the reply never waits behind a quiet IOPub."""
        deadline = time.monotonic() + POLL
        got = False
        while not got and time.monotonic() < deadline:
            got = self._drain(self._client.get_shell_msg, collector, 0)
            got = self._drain(self._client.get_iopub_msg, collector, SLICE) or got
        if not got and not self._manager.is_alive():
            raise KernelDied(self._log_tail() or "the kernel process exited")

    @staticmethod
    def _drain(channel: Any, collector: CellCollector, wait: float) -> bool:
        """Feed every message waiting on `channel` (the first awaited up to `wait` s)."""
        got = False
        try:
            while True:
                collector.feed(channel(timeout=0 if got else wait))
                got = True
        except queue.Empty:
            return got

    def _log_tail(self, lines: int = 20) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        text = [line for line in self._log.read().splitlines() if "without encryption" not in line]
        return "\n".join(text[-lines:])

    def close(self) -> None:
        client, manager, self._client, self._manager = self._client, self._manager, None, None
        try:
            if client is not None:
                client.stop_channels()
            if manager is not None and manager.has_kernel:
                manager.shutdown_kernel(now=True)
                manager.cleanup_resources()
        except Exception:
            pass
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None
