"""Test helpers for `deckbuild present`: the command in a subprocess, its URL and secret, and
requests sent exactly as a browser (or an attacker's page) would send them."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from serving import Served, _pump


@dataclass
class Presented:
    served: Served
    url: str
    """What the command printed: http://127.0.0.1:PORT/?token=SECRET."""

    @property
    def token(self) -> str:
        return parse_qs(urlsplit(self.url).query)["token"][0]

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def request(self, method: str, path: str, body: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        try:
            data = json.dumps(body).encode() if body is not None else None
            sent = {"Content-Type": "application/json", **(headers or {})}
            connection.request(method, path, data, sent)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def post(self, action: str, body: dict[str, Any], **headers: str) -> tuple[int, bytes]:
        """A POST as the deck's own page makes it: the secret in its header, its own Origin."""
        sent = {"X-Deckbuild-Token": self.token, "Origin": self.origin, **headers}
        return self.request("POST", f"/_present/{action}", body, {k.replace("_", "-"): v for k, v in sent.items()})


def start(deck: Path, *args: str, env: dict[str, str] | None = None) -> Served:
    environ = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1", **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "deckbuild", "present", str(deck), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ)
    served = Served(process)
    for stream in (process.stdout, process.stderr):
        threading.Thread(target=_pump, args=(stream, served.lines), daemon=True).start()
    return served


@contextmanager
def presenting(deck: Path, *args: str, env: dict[str, str] | None = None, ready: str = "ready: ") -> Iterator[Presented]:
    """`deckbuild present` on a free port; waits for the URL and then for `ready` (the line that
    says the kernels are warm, by default)."""
    served = start(deck, "--port", "0", *args, env=env)
    try:
        line = served.wait_for(" at http", timeout=60)
        presented = Presented(served, line.split(" at ", 1)[1].split()[0])
        if ready:
            served.wait_for(ready, timeout=120)
        yield presented
    finally:
        if served.process.poll() is None:  # a test that failed: still shut the kernels down
            served.process.send_signal(signal.SIGINT)
            try:
                served.process.wait(30)
            except subprocess.TimeoutExpired:
                served.process.kill()
                served.process.wait()
