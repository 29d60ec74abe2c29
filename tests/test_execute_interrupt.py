"""Ctrl-C, SIGTERM or SIGHUP during a render shuts the kernel down: no orphan process is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from execute_support import kernel_mark

pytestmark = [*kernel_mark(), pytest.mark.slow]

SLEEPER = "import os, time\nopen('kernel.pid', 'w').write(str(os.getpid()))\ntime.sleep(120)"

DRIVER = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from execute_support import make_deck
from deckbuild.execute import execute_deck
from deckbuild.execute.progress import ProgressReporter
deck = make_deck(Path({folder!r}), "x = 1", {sleeper!r})
with ProgressReporter() as progress:
    execute_deck(deck, progress=progress)
"""

TALK = "---\ntitle: T\n---\n\n## Slow\n\n```{{python}}\n{sleeper}\n```\n"


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def start(how: str, folder: Path) -> subprocess.Popen[str]:
    root = str(Path(__file__).parents[1])
    if how == "cli":
        (folder / "talk.md").write_text(TALK.format(sleeper=SLEEPER))
        command = [sys.executable, "-m", "deckbuild", "render", "talk.md"]
    else:
        command = [sys.executable, "-c", DRIVER.format(tests=str(Path(__file__).parent), folder=str(folder),
                                                       sleeper=SLEEPER)]
    env = {**os.environ, "PYTHONPATH": root}
    return subprocess.Popen(command, cwd=folder, env=env, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize(("how", "sig"), [("cli", signal.SIGINT), ("execute_deck", signal.SIGINT),
                                         ("cli", signal.SIGTERM), ("cli", signal.SIGHUP)])
def test_a_stopping_signal_leaves_no_kernel_behind(tmp_path: Path, how: str, sig: int) -> None:
    render = start(how, tmp_path)
    pid_file = tmp_path / "kernel.pid"
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        assert render.poll() is None, render.stderr.read() if render.stderr else ""
        time.sleep(0.1)
    kernel_pid = int(pid_file.read_text())
    assert alive(kernel_pid)

    started = time.monotonic()
    render.send_signal(sig)
    _, stderr = render.communicate(timeout=30)
    if how == "cli":
        said = "interrupted" if sig == signal.SIGINT else f"stopped by {signal.Signals(sig).name}"
        assert render.returncode == 128 + sig and stderr.rstrip().splitlines()[-1] == said, stderr
        assert not (tmp_path / "talk.html").exists()
    else:
        assert render.returncode != 0 and stderr.rstrip().endswith("KeyboardInterrupt")
    # Already gone when the render exits: shut down by the executor, not by the kernel
    # noticing later that its parent died.
    assert not alive(kernel_pid), "the kernel outlived the render"
    assert time.monotonic() - started < 10
    assert not [p for p in psutil.process_iter(["cmdline"]) if str(tmp_path) in " ".join(p.info["cmdline"] or [])
                and p.pid != os.getpid()]


def test_a_hangup_ignored_by_nohup_stays_ignored(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text(TALK.format(sleeper="import time\nopen('started', 'w').close()\n"
                                                          "time.sleep(2)\nprint('finished')"))
    render = subprocess.Popen([sys.executable, "-m", "deckbuild", "render", "talk.md"], cwd=tmp_path,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
                              stderr=subprocess.PIPE, text=True,
                              preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    deadline = time.monotonic() + 60
    while not (tmp_path / "started").exists():
        assert render.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    render.send_signal(signal.SIGHUP)
    _, stderr = render.communicate(timeout=60)
    assert render.returncode == 0, stderr
    assert "finished" in (tmp_path / "talk.html").read_text()
