"""A real `jupyter kernelgateway` on 127.0.0.1 for the gateway tests and benchmark, and the
decks those tests render.

Started with a token, `KG_LIST_KERNELS=True` (so a test can see what is left running) and
`DECKBUILD_WHERE=gateway` in its environment only, so a cell can prove where it ran.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil


def have_kernel_gateway() -> bool:
    return importlib.util.find_spec("kernel_gateway") is not None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Gateway:
    url: str
    token: str
    process: subprocess.Popen[bytes]
    log: Path
    ca: Path | None = None
    """The CA certificate of an https gateway."""

    def get(self, path: str) -> Any:
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"token {self.token}"})
        context = ssl.create_default_context(cafile=str(self.ca)) if self.ca else None
        with urllib.request.urlopen(request, timeout=5, context=context) as response:
            return json.loads(response.read())

    def kernels(self) -> list[dict[str, Any]]:
        """The kernels running on the gateway now."""
        kernels: list[dict[str, Any]] = self.get("/api/kernels")
        return kernels

    def kernel_processes(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def kill(self) -> None:
        """SIGKILL, as a crash would: nothing is shut down; the orphaned kernels are reaped."""
        orphans = self.kernel_processes()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        for orphan in orphans:
            with contextlib.suppress(psutil.NoSuchProcess):
                orphan.kill()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made by the openssl command."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out",
                    str(cert)], check=True, capture_output=True)
    return cert, key


def start_gateway(folder: Path, token: str, *, tls: bool = False) -> Gateway:
    """Start a kernel gateway on a free loopback port and wait until it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    extra, ca = [], None
    if tls:
        ca, key = self_signed(folder)
        extra = [f"--KernelGatewayApp.certfile={ca}", f"--KernelGatewayApp.keyfile={key}"]
    env = {**os.environ, "KG_AUTH_TOKEN": token, "KG_LIST_KERNELS": "True", "DECKBUILD_WHERE": "gateway"}
    log = folder / "gateway.log"
    command = [sys.executable, "-m", "kernel_gateway", "--KernelGatewayApp.ip=127.0.0.1",
               f"--KernelGatewayApp.port={port}", *extra]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    gateway = Gateway(f"{'https' if tls else 'http'}://127.0.0.1:{port}", token, process, log, ca)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kernel gateway exited:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return gateway
        except OSError:
            time.sleep(0.1)
    gateway.stop()
    raise RuntimeError(f"kernel gateway did not start:\n{log.read_text()}")


TOKEN_ENV = "DECKBUILD_TEST_GATEWAY_TOKEN"


def talk(folder: Path, url: str, *cells: str, fallback: str = "cache", token_env: str = TOKEN_ENV,
         extra: str = "") -> Path:
    """A deck with one slide per cell; a cell's `#|` lines are part of its string; `extra`
    holds more lines of the executor's settings. Without them, the first cell is on line 12."""
    slides = "".join(f"## Slide {n}\n\n```{{python}}\n{cell}\n```\n\n" for n, cell in enumerate(cells, 1))
    front = (f"---\ntitle: T\nexecutors:\n  gpu:\n    gateway: {url}\n    token-env: {token_env}\n"
             f"    fallback: {fallback}\n{extra}---\n\n")
    path = folder / "talk.md"
    path.write_text(front + slides, encoding="utf-8")
    return path


def remote(source: str, *options: str) -> str:
    return "\n".join(["#| executor: gpu", *options, source])


def assert_no_token(token: str, folder: Path, *texts: str) -> None:
    for text in texts:
        assert token not in text
    for path in folder.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), f"the token is in {path}"
