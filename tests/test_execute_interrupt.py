"""Ctrl-C during a render shuts the kernel down: no orphan process is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from execute_support import kernel_mark

pytestmark = [*kernel_mark(), __import__("pytest").mark.slow]

DRIVER = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from execute_support import make_deck
from deckbuild.execute import execute_deck
from deckbuild.execute.progress import ProgressReporter
code = "import os, time\\nopen('kernel.pid', 'w').write(str(os.getpid()))\\ntime.sleep(120)"
deck = make_deck(Path({folder!r}), "x = 1", code)
with ProgressReporter() as progress:
    execute_deck(deck, progress=progress)
"""


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_sigint_leaves_no_kernel_behind(tmp_path: Path) -> None:
    script = DRIVER.format(tests=str(Path(__file__).parent), folder=str(tmp_path))
    driver = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    pid_file = tmp_path / "kernel.pid"
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        assert driver.poll() is None, driver.stderr.read() if driver.stderr else ""
        time.sleep(0.1)
    kernel_pid = int(pid_file.read_text())
    assert alive(kernel_pid)

    started = time.monotonic()
    driver.send_signal(signal.SIGINT)
    _, stderr = driver.communicate(timeout=30)
    assert driver.returncode != 0 and stderr.rstrip().endswith("KeyboardInterrupt")
    # Already gone when the render exits: shut down by the executor, not by the kernel
    # noticing later that its parent died.
    assert not alive(kernel_pid), "the kernel outlived the render"
    assert time.monotonic() - started < 10
    assert not [p for p in psutil.process_iter(["cmdline"]) if str(tmp_path) in " ".join(p.info["cmdline"] or [])
                and p.pid != os.getpid()]
