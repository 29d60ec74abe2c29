"""Cells on a remote kernel through a real `jupyter kernelgateway` on 127.0.0.1.

One gateway serves the session (token-protected, listing its kernels, with
`DECKBUILD_WHERE=gateway` in its environment only). After every render the gateway must have
no kernel left, whatever happened; the token must appear in no file written and in no output.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from deckbuild.config import ExecutorConfig
from deckbuild.errors import DeckError
from deckbuild.execute import execute_deck
from deckbuild.execute.fake import FakeExecutor, stdout

from conftest import missing_resource, run_cli
from execute_support import kernel_mark, make_deck
from fake_gateway import connect_proxy
from gateway_support import (
    TOKEN_ENV,
    Gateway,
    assert_no_token,
    free_port,
    have_kernel_gateway,
    remote,
    start_gateway,
    talk,
)

pytestmark = [pytest.mark.gateway, *kernel_mark()]

WHERE = 'import os\nprint(os.environ.get("DECKBUILD_WHERE", "local"))'


@pytest.fixture(scope="session")
def token() -> str:
    return "tok-" + secrets.token_hex(16)


@pytest.fixture(scope="session")
def gateway(tmp_path_factory: pytest.TempPathFactory, token: str) -> Iterator[Gateway]:
    if not have_kernel_gateway():
        missing_resource("jupyter kernelgateway", "pip install jupyter_kernel_gateway (in the `test` extra)")
    started = start_gateway(tmp_path_factory.mktemp("gateway"), token)
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def env(token: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The token in the environment, as a presenter has it; for in-process renders too."""
    monkeypatch.setenv(TOKEN_ENV, token)
    return {TOKEN_ENV: token}


@pytest.fixture(autouse=True)
def nothing_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "gateway" in request.fixturenames:
        gateway: Gateway = request.getfixturevalue("gateway")
        assert gateway.kernels() == [], "a kernel was left on the gateway"


def outputs_by_slide(html: Path) -> list[str]:
    sections = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select("section")
    return [" ".join(o.get_text(" ", strip=True) for o in s.select(".cell-output")) for s in sections[1:]]


def test_cells_run_where_the_deck_says_and_gateway_cells_stay_cached(
        gateway: Gateway, env: dict[str, str], token: str, tmp_path: Path) -> None:
    cells = [WHERE, remote(WHERE), remote("x = 41"), remote("x + 1"), "print('local again')"]
    talk(tmp_path, gateway.url, *cells)
    result = run_cli("render", "talk.md", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert outputs_by_slide(tmp_path / "talk.html") == ["local", "gateway", "", "42", "local again"]
    assert "executing 3 cells on gpu (python)" in result.stderr
    assert_no_token(token, tmp_path, result.stdout, result.stderr)
    cache = tmp_path / ".deckbuild" / "cache" / "talk.md"
    assert sorted(p.name for p in cache.iterdir()) == ["gpu.python.json", "local.python.json"]

    # Editing a local cell re-runs the local batch only: the gateway is not contacted.
    talk(tmp_path, gateway.url, *cells[:-1], "print('local, edited')")
    result = run_cli("render", "talk.md", env={TOKEN_ENV: ""}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "3 cells on gpu (python) from the cache" in result.stderr
    assert outputs_by_slide(tmp_path / "talk.html")[-1] == "local, edited"


def test_outputs_are_the_same_objects_as_a_local_kernels(gateway: Gateway, env: dict[str, str],
                                                         tmp_path: Path) -> None:
    cells = [
        "print('out'); import sys; print('err', file=sys.stderr)",
        "from IPython.display import HTML, display\ndisplay(HTML('<b>bold</b>'))\n{'a': 1}",
        "import matplotlib.pyplot as plt\nplt.plot([0, 1, 4, 9])\nplt.title('squares')\nplt.show()",
        "h = display('first', display_id=True)\nh.update('second')",
        "raise ValueError('shown')",
    ]
    decks = []
    for where in ("local", "gpu"):
        deck = make_deck(tmp_path / where, *[(c, {"executor": where, "error": True}) for c in cells])
        deck.config.executors["gpu"] = ExecutorConfig("gpu", gateway.url, TOKEN_ENV)
        (tmp_path / where).mkdir()
        execute_deck(deck)
        decks.append([(c.outputs, c.execution_count) for c in deck.cells()])
    local, remote_ = decks
    kinds = [[o.output_type for o in outputs] for outputs, _ in remote_]
    assert kinds == [["stream", "stream"], ["display_data", "execute_result"], ["display_data"],
                     ["display_data"], ["error"]]
    assert remote_[2][0][0].data["image/png"] and remote_[3][0][0].data["text/plain"] == "'second'"
    assert remote_[4][0][0].traceback and "ValueError" in remote_[4][0][0].traceback[-1]
    assert remote_ == local


def test_a_failing_cell_shuts_the_kernel_down(gateway: Gateway, env: dict[str, str], tmp_path: Path) -> None:
    talk(tmp_path, gateway.url, remote("x = 1"), remote("1 / 0"), remote("print('never')"))
    result = run_cli("render", "talk.md", env=env, cwd=tmp_path)
    assert result.returncode == 1 and not (tmp_path / "talk.html").exists()
    assert "raised ZeroDivisionError: division by zero" in result.stderr


def test_a_cell_that_times_out_is_interrupted_and_the_kernel_shut_down(
        gateway: Gateway, env: dict[str, str], tmp_path: Path) -> None:
    talk(tmp_path, gateway.url, remote("import time\ntime.sleep(30)", "#| timeout: 1"))
    started = time.monotonic()
    result = run_cli("render", "talk.md", env=env, cwd=tmp_path)
    assert result.returncode == 1 and "timed out after 1 s; the kernel was interrupted" in result.stderr
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(("sig", "code", "said"), [(signal.SIGINT, 130, "interrupted"),
                                                  (signal.SIGTERM, 143, "stopped by SIGTERM"),
                                                  (signal.SIGHUP, 129, "stopped by SIGHUP")])
def test_a_stopping_signal_shuts_the_remote_kernel_down(gateway: Gateway, env: dict[str, str], tmp_path: Path,
                                                        sig: int, code: int, said: str) -> None:
    marker = tmp_path / "running"
    talk(tmp_path, gateway.url, remote(f"import time\nopen({str(marker)!r}, 'w').close()\ntime.sleep(60)"))
    render = subprocess.Popen([sys.executable, "-m", "deckbuild", "render", "talk.md"], cwd=tmp_path,
                              env={**os.environ, **env, "PYTHONPATH": str(Path(__file__).parents[1])},
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert render.poll() is None and time.monotonic() < deadline, render.stderr and render.stderr.read()
        time.sleep(0.05)
    assert len(gateway.kernels()) == 1
    render.send_signal(sig)
    _, stderr = render.communicate(timeout=30)
    assert render.returncode == code and stderr.rstrip().splitlines()[-1] == said, stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "talk.html").exists()
    assert gateway.kernels() == []  # shut down by the render itself, before it exited


def test_a_cells_error_reaches_the_terminal_escaped(gateway: Gateway, env: dict[str, str], tmp_path: Path) -> None:
    talk(tmp_path, gateway.url, remote(r'raise ValueError("\x1b]0;owned\x07\x1b[2J\rgone\nsecond line")'))
    result = run_cli("render", "talk.md", env=env, cwd=tmp_path)
    assert result.returncode == 1 and all(c.isprintable() or c == "\n" for c in result.stderr), repr(result.stderr)
    assert r'raised ValueError: \rgone\nsecond line' in result.stderr  # the escapes stripped, the rest escaped


def test_a_cell_that_kills_its_kernel_leaves_no_kernel_on_the_gateway(gateway: Gateway, env: dict[str, str],
                                                                      tmp_path: Path) -> None:
    # The gateway restarts the dead kernel, and answers the DELETE that comes meanwhile with 500.
    talk(tmp_path, gateway.url, remote("import os\nos._exit(3)"))
    result = run_cli("render", "talk.md", env=env, cwd=tmp_path)
    assert result.returncode == 1 and "the kernel died while running the cell on slide 2" in result.stderr
    assert gateway.kernels() == []


def test_a_gateway_killed_mid_render_is_a_clear_error_then_the_cache_renders(
        tmp_path: Path, token: str, env: dict[str, str]) -> None:
    if not have_kernel_gateway():
        missing_resource("jupyter kernelgateway", "pip install jupyter_kernel_gateway")
    doomed = start_gateway(tmp_path / "doomed", token)
    try:
        deck = tmp_path / "deck"
        deck.mkdir()
        talk(deck, doomed.url, remote(WHERE), remote("y = 2"))
        assert run_cli("render", "talk.md", env=env, cwd=deck).returncode == 0
        (deck / "talk.html").unlink()

        marker = tmp_path / "running"
        talk(deck, doomed.url, remote(WHERE), remote(f"open({str(marker)!r}, 'w').close()\nimport time\n"
                                                     "time.sleep(60)"))
        render = subprocess.Popen([sys.executable, "-m", "deckbuild", "render", "talk.md"], cwd=deck,
                                  env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert render.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        doomed.kill()
        out, err = render.communicate(timeout=60)
    finally:
        doomed.stop()
    assert render.returncode == 1 and not (deck / "talk.html").exists()
    assert f"executor `gpu` ({doomed.url}): the connection to the gateway was lost" in err
    assert len(err.strip().splitlines()) <= 3 and "Traceback" not in err
    assert_no_token(token, deck, out, err)

    # On the train: the unchanged deck renders from the cache, without the gateway.
    talk(deck, doomed.url, remote(WHERE), remote("y = 2"))
    result = run_cli("render", "talk.md", env=env, cwd=deck)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    assert outputs_by_slide(deck / "talk.html") == ["gateway", ""]


def test_a_gateway_elsewhere_is_reached_through_the_environments_proxy(
        gateway: Gateway, env: dict[str, str], token: str, tmp_path: Path) -> None:
    port = gateway.url.rsplit(":", 1)[1]
    talk(tmp_path, f"http://gpu-box.invalid:{port}", remote(WHERE), fallback="error")
    with connect_proxy() as proxy:
        result = run_cli("render", "talk.md", cwd=tmp_path,
                         env={**env, "http_proxy": proxy.url, "no_proxy": "", "NO_PROXY": ""})
    assert result.returncode == 0, result.stderr
    assert outputs_by_slide(tmp_path / "talk.html") == ["gateway"]
    assert set(proxy.tunnels) == {f"gpu-box.invalid:{port}"} and len(proxy.tunnels) >= 4  # REST and websocket
    assert_no_token(token, tmp_path, result.stdout, result.stderr)


def test_a_wrong_token_has_its_own_message(gateway: Gateway, token: str, tmp_path: Path) -> None:
    wrong = "wrong-" + secrets.token_hex(8)
    talk(tmp_path, gateway.url, remote("1"))
    result = run_cli("render", "talk.md", env={TOKEN_ENV: wrong}, cwd=tmp_path)
    assert result.returncode == 1
    assert f"the gateway rejected the token from ${TOKEN_ENV} (HTTP 401)" in result.stderr
    assert_no_token(wrong, tmp_path, result.stdout, result.stderr)
    assert_no_token(token, tmp_path, result.stdout, result.stderr)


def test_gateway_option_sends_every_cell_to_the_gateway(gateway: Gateway, env: dict[str, str], token: str,
                                                         tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text(f"---\ntitle: T\n---\n\n## A\n\n```{{python}}\n{WHERE}\n```\n\n## B\n\n```{{python}}\n{WHERE}\n```\n")
    result = run_cli("render", "talk.md", "--gateway", gateway.url, "--gateway-token-env", TOKEN_ENV,
                     env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert outputs_by_slide(tmp_path / "talk.html") == ["gateway", "gateway"]
    assert [p.name for p in (tmp_path / ".deckbuild" / "cache" / "talk.md").iterdir()] == ["gateway.python.json"]
    assert_no_token(token, tmp_path, result.stdout, result.stderr)


# --- An unreachable gateway, under each fallback: no gateway needed, only a closed port. ---

def unreachable() -> str:
    return f"http://127.0.0.1:{free_port()}"


def test_unreachable_with_fallback_error_fails_naming_executor_and_url(tmp_path: Path, env: dict[str, str],
                                                                       token: str) -> None:
    url = unreachable()
    talk(tmp_path, url, WHERE, remote(WHERE), fallback="error")
    result = run_cli("render", "talk.md", env=env, cwd=tmp_path)
    assert result.returncode == 1 and not (tmp_path / "talk.html").exists()
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and result.stderr.rstrip().endswith(errors[0])
    assert f"talk.md:19: executor `gpu` ({url}): cannot reach the gateway (connection refused); fallback: error" in errors[0]
    assert_no_token(token, tmp_path, result.stdout, result.stderr)


def test_unreachable_with_fallback_cache_and_no_cache_fails(tmp_path: Path, env: dict[str, str]) -> None:
    url = unreachable()
    talk(tmp_path, url, remote(WHERE))
    result = run_cli("render", "talk.md", env=env, cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: talk.md:12: executor `gpu` ({url}): cannot reach the gateway (connection refused); "
                      "no cached outputs to show instead (fallback: cache) — start the gateway (or its SSH tunnel), "
                      "or set `fallback: local` to run these cells here"]


def test_unreachable_with_fallback_cache_shows_the_cache_with_a_warning(tmp_path: Path, env: dict[str, str],
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    url = unreachable()
    path = talk(tmp_path, url, remote("a"), remote("b"))
    fake = FakeExecutor({"a": [stdout("from the GPU\n")], "b": [stdout("b\n")]}, name="gpu")
    from deckbuild.pipeline import load

    execute_deck(load(path), make_executor=lambda spec: fake)  # a cache made when the gateway was up
    talk(tmp_path, url, remote("a"), remote("b  # edited"))
    deck = load(path)
    report = execute_deck(deck)
    assert [c.outputs for c in deck.cells()] == [[stdout("from the GPU\n")], []]
    assert (report.cells_cached, report.cells_missing) == (1, 1)
    assert [str(warning) for warning in report.warnings] == [f"executor `gpu` ({url}): cannot reach the gateway (connection refused); "
                               "showing its 2 cells from the cache (fallback: cache); "
                               "1 cell without outputs (changed since cached)"]


@pytest.mark.parametrize("why", ["unreachable", "token unset"])
def test_fallback_local_runs_the_cells_here(tmp_path: Path, env: dict[str, str], why: str) -> None:
    url = unreachable()
    talk(tmp_path, url, remote("x = 1"), remote(WHERE), fallback="local")
    result = run_cli("render", "talk.md", env=env if why == "unreachable" else {TOKEN_ENV: ""}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert outputs_by_slide(tmp_path / "talk.html") == ["", "local"]
    reason = ("cannot reach the gateway (connection refused)" if why == "unreachable"
              else f"the token variable {TOKEN_ENV} (`token-env`) is not set")
    assert (f"warning: executor `gpu` ({url}): {reason}; running its 2 cells on the local kernel "
            "(fallback: local)") in result.stderr


def test_an_unknown_executor_is_a_deck_error(tmp_path: Path) -> None:
    talk(tmp_path, unreachable(), "#| executor: gpu2\n1")
    from deckbuild import render

    with pytest.raises(DeckError, match=r"unknown executor `gpu2`.*name one of: local, gpu"):
        render(tmp_path / "talk.md", quiet=True)


def test_tls_is_verified_and_a_ca_bundle_makes_it_trusted(tmp_path: Path, token: str, env: dict[str, str]) -> None:
    if not have_kernel_gateway() or shutil.which("openssl") is None:
        missing_resource("jupyter kernelgateway and openssl", "pip install jupyter_kernel_gateway; apt-get install openssl")
    secure = start_gateway(tmp_path / "tls", token, tls=True)
    try:
        deck = tmp_path / "deck"
        deck.mkdir()
        talk(deck, secure.url, remote(WHERE), fallback="local")
        result = run_cli("render", "talk.md", env=env, cwd=deck)
        assert result.returncode == 1  # untrusted is an error, never a reason to fall back
        assert f"executor `gpu` ({secure.url}): the gateway's TLS certificate is not trusted " \
               "(self-signed certificate)" in result.stderr

        assert secure.ca is not None
        shutil.copy(secure.ca, deck / "gateway-ca.pem")
        path = talk(deck, secure.url, remote(WHERE), fallback="error")
        path.write_text(path.read_text().replace("    fallback:", "    ca-bundle: gateway-ca.pem\n    fallback:"))
        result = run_cli("render", "talk.md", env=env, cwd=deck)
        assert result.returncode == 0, result.stderr
        assert outputs_by_slide(deck / "talk.html") == ["gateway"]
        assert secure.kernels() == []
    finally:
        secure.stop()


# --- The protocol's pieces, without a gateway. ---

def test_endpoint_messages_never_show_credentials() -> None:
    from deckbuild.execute.endpoint import Endpoint

    point = Endpoint("gpu", "https://ann:pw@gpu-box:8888/user/ann?token=abc123", token="s3cret", token_env="T")
    assert point.where == "executor `gpu` (https://gpu-box:8888/user/ann)"
    scrubbed = point.scrub("header Authorization: token s3cret, url https://ann:pw@gpu-box:8888/?token=abc123")
    assert scrubbed == "header Authorization: token ***, url https://ann:***@gpu-box:8888/?***"
    assert point.headers() == {"Authorization": "token s3cret"} and "s3cret" not in repr(point)


def test_collector_follows_clear_output_and_display_updates() -> None:
    from deckbuild.execute.messages import CellCollector

    def msg(msg_type: str, parent: str = "m1", **content: object) -> dict[str, object]:
        return {"header": {"msg_type": msg_type}, "parent_header": {"msg_id": parent}, "content": content}

    displays: dict[str, list] = {}  # type: ignore[type-arg]
    collector = CellCollector("m1", displays)
    collector.feed(msg("stream", name="stdout", text="1\n"))
    collector.feed(msg("stream", "other", name="stdout", text="not ours\n"))
    collector.feed(msg("clear_output", wait=True))
    assert len(collector.outputs) == 1  # cleared only when the next output comes
    collector.feed(msg("display_data", data={"text/plain": "a"}, metadata={}, transient={"display_id": "d"}))
    collector.feed(msg("update_display_data", data={"text/plain": "b"}, metadata={}, transient={"display_id": "d"}))
    collector.feed(msg("execute_reply", status="ok", execution_count=3))
    assert not collector.done
    collector.feed(msg("status", execution_state="idle"))
    assert collector.done and collector.execution_count == 3
    assert [(o.output_type, o.data) for o in collector.outputs] == [("display_data", {"text/plain": "b"})]
    collector.feed({"header": {"msg_type": "status"}, "parent_header": {}, "content": {"execution_state": "restarting"}})
    assert collector.kernel_state == "restarting"


def test_a_local_cell_cannot_read_the_gateway_token(
        gateway: Gateway, env: dict[str, str], token: str, tmp_path: Path) -> None:
    reader = f"import os; print(repr(os.environ.get({TOKEN_ENV!r})))"
    talk(tmp_path, gateway.url, reader, remote("print('remote')"))
    result = run_cli("render", "talk.md", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert outputs_by_slide(tmp_path / "talk.html") == ["None", "remote"]
    assert_no_token(token, tmp_path, result.stdout, result.stderr)
