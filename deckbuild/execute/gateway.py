"""A kernel on a remote machine, reached through a Jupyter kernel gateway.

jupyter-kernel-gateway, jupyter-server and Jupyter Enterprise Gateway (kernels scheduled on
Kubernetes, YARN or Docker) serve the same REST API and websocket channels, so one client
reaches them all. In order: `GET /api/kernelspecs` (is it there, does it take the token, has
it the kernel), `POST /api/kernels`, the websocket, `kernel_info` until the kernel answers;
then one `execute_request` per cell; and always `DELETE /api/kernels/{id}` on close, so no
kernel is left running on someone else's GPU after a success, a cell error, Ctrl-C or a
termination signal (the DELETE is repeated while the gateway is busy restarting a dead kernel).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from deckbuild.config import ExecutorConfig
from deckbuild.execute.base import CellRun, Executor, GatewayError, Listener
from deckbuild.execute.channel import KernelChannel
from deckbuild.execute.endpoint import Endpoint, endpoint, origin
from deckbuild.execute.local import FIGURE_SETUP
from deckbuild.execute.rest import START_TIMEOUT, GatewayAPI
from deckbuild.model import Cell
from deckbuild.options import CellOptions


class GatewayExecutor(Executor):
    """One kernel on the gateway that `config` names, started on the first `run`."""

    def __init__(self, config: ExecutorConfig, *, cwd: Path, environ: Mapping[str, str] | None = None) -> None:
        self.name, self.config, self.cwd = config.name, config, cwd
        self.environ = os.environ if environ is None else environ
        self.endpoint: Endpoint | None = None
        self._api: GatewayAPI | None = None
        self._kernel_id: str | None = None
        self._channel: KernelChannel | None = None
        self._language = ""
        self._figure: tuple[float, float, float] | None = None
        self._closed = False

    def run(self, cell: Cell, options: CellOptions) -> CellRun:
        return self._run(cell, options, None)

    def stream(self, cell: Cell, options: CellOptions, listener: Listener) -> CellRun:
        return self._run(cell, options, listener)

    def interrupt(self) -> None:
        """`POST /api/kernels/{id}/interrupt`, on a connection of its own (the websocket is busy)."""
        api, kernel_id = self._api, self._kernel_id
        if api is not None and kernel_id is not None:
            api.interrupt(kernel_id)

    @property
    def where(self) -> str:
        """The gateway's URL as messages show it (no credentials), for the speaker view."""
        return self.endpoint.shown if self.endpoint is not None else origin(self.config.gateway)

    def _run(self, cell: Cell, options: CellOptions, listener: Listener | None) -> CellRun:
        channel = self._channel or self._start()
        self._set_figure(channel, options)
        return channel.execute(cell.source, options.timeout, listener=listener).run

    def _start(self) -> KernelChannel:
        """Raises `GatewayUnavailable` (fallback applies) only before a kernel exists."""
        self.endpoint = endpoint(self.config, self.cwd, self.environ)
        self._api = GatewayAPI(self.endpoint)
        specs = self._api.kernelspecs()
        kernel = self.config.kernel
        if kernel not in specs:
            listing = ", ".join(f"{name} ({language})" for name, language in list(specs.items())[:20]) or "none"
            raise self.endpoint.error(GatewayError, f"the gateway has no kernel named `{kernel}` (it has: "
                                                    f"{listing}) — set the executor's `kernel:` to one of them")
        self._language = specs[kernel]
        self._kernel_id = self._api.start_kernel(kernel, kernel_env(self.environ, self.config.token_env))
        if self._closed:  # closed from another thread while the gateway was starting it (present stopping)
            self.close()
            raise self.endpoint.error(GatewayError, "closed while its kernel was starting")
        try:
            channel = KernelChannel(self.endpoint, self._api, self._kernel_id)
            channel.connect()
            channel.wait_ready(START_TIMEOUT)
        except BaseException:
            self.close()
            raise
        self._channel = channel
        return channel

    def _set_figure(self, channel: KernelChannel, options: CellOptions) -> None:
        """The same figure size, dpi and retina output as a local kernel, so plots match."""
        if self._language != "python":
            return
        if self._figure is None:
            channel.execute(FIGURE_SETUP, None, silent=True)
        figure = (options.fig_width, options.fig_height, options.fig_dpi)
        if figure != self._figure:
            channel.execute(f"__deckbuild_figure{figure!r}", None, silent=True)
            self._figure = figure

    def close(self) -> None:
        self._closed = True
        channel, self._channel = self._channel, None
        kernel_id, self._kernel_id = self._kernel_id, None
        if channel is not None:
            channel.close()
        if kernel_id is not None and self._api is not None:
            try:
                self._api.shutdown(kernel_id)
            except GatewayError:
                pass  # the gateway is gone, and its kernels with it


def kernel_env(environ: Mapping[str, str], token_env: str | None) -> dict[str, str] | None:
    """The client's `KERNEL_*` variables, for Enterprise Gateway (`KERNEL_USERNAME`,
    `KERNEL_NAMESPACE`, …), never the token's variable; None when there are none, because
    kernel gateway starts a kernel given any `env` with PATH alone instead of its own
    environment (a GPU box's CUDA_VISIBLE_DEVICES or LD_LIBRARY_PATH would be lost)."""
    env = {key: value for key, value in environ.items() if key.startswith("KERNEL_") and key != token_env}
    return env or None
