"""A gateway that misbehaves, and gateway settings that are wrong.

A fake gateway on 127.0.0.1 (tests/fake_gateway.py) redirects the token elsewhere, answers
garbage or JSON of the wrong shape, or trickles its bytes. Whatever it does, a render ends
with one line on stderr (`talk.md:LINE: what — fix`), exit 1, no control character from the
gateway on the terminal, and the token in no output and no file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deckbuild.config import ExecutorConfig
from deckbuild.execute.endpoint import endpoint
from deckbuild.execute.rest import GatewayAPI

from conftest import ROOT, run_cli
from fake_gateway import (
    CHANNELS,
    KERNEL_ID,
    SPECS,
    Answer,
    FakeGateway,
    fake_gateway,
    redirect,
    reply,
    trickled,
    websocket,
)
from gateway_support import TOKEN_ENV, remote, talk

TOKEN = "tok-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e"
ENV = {TOKEN_ENV: TOKEN}
DELETE = f"DELETE /api/kernels/{KERNEL_ID}"


def error_line(result: subprocess.CompletedProcess[str], folder: Path) -> str:
    """The one line a failed render prints, after checking the promises every failure keeps."""
    assert result.returncode == 1, result.stderr
    assert not (folder / "talk.html").exists()
    assert "Traceback" not in result.stderr
    assert all(c.isprintable() or c == "\n" for c in result.stderr), f"a control character: {result.stderr!r}"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and result.stderr.rstrip().endswith(errors[0]), result.stderr
    assert TOKEN not in result.stdout + result.stderr
    written = [path for path in folder.rglob("*") if path.is_file() and path.name != "talk.md"]
    assert not [path for path in written if TOKEN.encode() in path.read_bytes()]  # the deck may hold it: a mistake
    return errors[0].removeprefix("error: ")


def render_against(gateway: FakeGateway, folder: Path, extra: str = "") -> str:
    talk(folder, gateway.url, remote("1"), fallback="error", extra=extra)
    return error_line(run_cli("render", "talk.md", env=ENV, cwd=folder), folder)


def authorized(gateway: FakeGateway) -> list[str]:
    """The Host of every request that carried the token."""
    return [seen.headers.get("host", "") for seen in gateway.seen if TOKEN in seen.headers.get("authorization", "")]


# --- The token goes to the gateway's own origin, and nowhere else. ---

@pytest.mark.parametrize("route", ["GET /api/kernelspecs", CHANNELS])
@pytest.mark.parametrize("elsewhere", ["another port", "another host name", "https"])
def test_the_token_never_follows_a_redirect_to_another_origin(tmp_path: Path, route: str, elsewhere: str) -> None:
    with fake_gateway() as other:
        port = other.url.rsplit(":", 1)[1]
        target = {"another port": other.url, "another host name": f"http://localhost:{port}",
                  "https": f"https://127.0.0.1:{port}"}[elsewhere]
        with fake_gateway({route: redirect(target + "/api/kernelspecs")}) as gateway:
            line = render_against(gateway, tmp_path)
    origin = gateway.url
    assert line.startswith(f"talk.md:12: executor `gpu` ({origin}): the gateway redirected")
    assert f"({origin} → {target})" in line and "`gateway:`" in line
    assert authorized(other) == [] and set(authorized(gateway)) == {origin.removeprefix("http://")}
    if route == CHANNELS:
        assert gateway.saw(DELETE), "the kernel it started was not shut down"


def test_a_redirect_within_the_gateway_keeps_the_token(tmp_path: Path) -> None:
    moved = {"GET /api/kernelspecs": redirect("/moved/api/kernelspecs"), "GET /moved/api/kernelspecs": reply(SPECS)}
    with fake_gateway(moved) as gateway:
        api = GatewayAPI(endpoint(ExecutorConfig("gpu", gateway.url, TOKEN_ENV), tmp_path, ENV))
        assert api.kernelspecs() == {"python3": "python"}
    assert [seen.path for seen in gateway.seen] == ["/api/kernelspecs", "/moved/api/kernelspecs"]
    assert len(authorized(gateway)) == 2


# --- What a gateway sends reaches the terminal quoted, escaped and cut short. ---

ESCAPES = b"\x1b[2J\x1b]0;owned\x07\r"
GARBAGE = [
    ("not HTTP", {"GET /api/kernelspecs": Answer(ESCAPES + b"A" * 200 + b"\r\n\r\n")},
     r"GET /api/kernelspecs did not answer HTTP (it sent '\x1b[2J\x1b]0;owned\x07\rAAAA"),
    ("not JSON", {"GET /api/kernelspecs": reply(ESCAPES + b"<html>" + b"x" * 500)},
     r"GET /api/kernelspecs did not answer JSON (it sent '\x1b[2J\x1b]0;owned\x07\r<html>xxx"),
    ("an HTTP reason", {"GET /api/kernelspecs": reply({}, 500, "\x1b[31mBoom\x07")},
     r"GET /api/kernelspecs: HTTP 500 '\x1b[31mBoom\x07'"),
    ("a server message", {"GET /api/kernelspecs": reply({"message": "\x1b]0;pwned\x07 no"}, 500, "Server Error")},
     r"GET /api/kernelspecs: HTTP 500 Server Error: '\x1b]0;pwned\x07 no'"),
    ("kernelspec names", {"GET /api/kernelspecs": reply({"kernelspecs": {"\x1b[2Jevil": {"spec": {"language": "c"}}}})},
     r"the gateway has no kernel named `python3` (it has: \x1b[2Jevil (c))"),
    ("a websocket message", {CHANNELS: websocket(ESCAPES + b"y" * 100)},
     r"a message on the kernel's websocket is not JSON (it sent '\x1b[2J\x1b]0;owned\x07\ryyy"),
]


@pytest.mark.parametrize(("routes", "expected"), [row[1:] for row in GARBAGE], ids=[row[0] for row in GARBAGE])
def test_what_a_gateway_sends_is_quoted_and_shortened(tmp_path: Path, routes: dict[str, Answer],
                                                      expected: str) -> None:
    with fake_gateway(routes) as gateway:
        line = render_against(gateway, tmp_path)
    assert expected in line
    assert len(line) < 400


# --- Replies of the wrong shape: what is wrong, where, and what to check. ---

def message(msg_type: str, **content: object) -> bytes:
    return json.dumps({"header": {"msg_type": msg_type}, "parent_header": {}, "content": content}).encode()


SHAPES = [
    ("kernelspecs a list", {"GET /api/kernelspecs": reply({"kernelspecs": []})},
     "GET /api/kernelspecs answered a reply of the wrong shape (`kernelspecs` is a list, not a mapping)"),
    ("the reply a list", {"GET /api/kernelspecs": reply([SPECS])},
     "GET /api/kernelspecs answered a reply of the wrong shape (the reply is a list, not a mapping)"),
    ("a spec a string", {"GET /api/kernelspecs": reply({"kernelspecs": {"python3": "python"}})},
     "(`kernelspecs.python3` is text, not a mapping)"),
    ("a start reply without id", {"POST /api/kernels": reply({"name": "python3"}, 201, "Created")},
     "POST /api/kernels answered a reply of the wrong shape (the reply has no `id`)"),
    ("a frame not JSON", {CHANNELS: websocket(b"hello")},
     "a message on the kernel's websocket is not JSON (it sent 'hello')"),
    ("a frame a JSON list", {CHANNELS: websocket(b"[1]")},
     "a message on the kernel's websocket has the wrong shape (the message is a list, not a mapping)"),
    ("a stream's text a number", {CHANNELS: websocket(message("stream", name="stdout", text=5))},
     "has the wrong shape (`content.text` is a number, not text)"),
]


@pytest.mark.parametrize(("routes", "expected"), [row[1:] for row in SHAPES], ids=[row[0] for row in SHAPES])
def test_a_reply_of_the_wrong_shape_is_one_line(tmp_path: Path, routes: dict[str, Answer], expected: str) -> None:
    with fake_gateway(routes) as gateway:
        line = render_against(gateway, tmp_path)
    assert line.startswith(f"talk.md:12: executor `gpu` ({gateway.url}): ")
    assert expected in line
    assert line.endswith(f" — is {gateway.url} a Jupyter server or kernel gateway?")
    assert bool(gateway.saw(DELETE)) == bool(gateway.saw(CHANNELS))  # a kernel it knows the id of is shut down


# --- Every read has a deadline, named in the error. ---

DRIVER = """
import sys
import deckbuild.execute.channel as channel, deckbuild.execute.rest as rest
rest.REPLY_TIMEOUT = channel.REPLY_TIMEOUT = channel.MESSAGE_TIMEOUT = 2.0
from deckbuild.cli import main
sys.argv = ["deckbuild", "render", "talk.md"]
main()
"""

TRICKLES = [
    ("a REST reply", {"GET /api/kernelspecs": trickled(reply(SPECS), 1.0)},
     "the gateway did not answer within 2 s (GET /api/kernelspecs)"),
    ("the websocket handshake", {CHANNELS: trickled(websocket(), 1.0)},
     "the gateway did not answer within 2 s (opening the kernel's websocket)"),
    ("a websocket message", {CHANNELS: websocket(message("status", execution_state="idle"), every=1.0)},
     "the gateway did not answer within 2 s (a message on the kernel's websocket stopped after"),
]


@pytest.mark.parametrize(("routes", "expected"), [row[1:] for row in TRICKLES], ids=[row[0] for row in TRICKLES])
def test_a_gateway_that_trickles_fails_within_the_deadline(tmp_path: Path, routes: dict[str, Answer],
                                                           expected: str) -> None:
    with fake_gateway(routes) as gateway:
        talk(tmp_path, gateway.url, remote("1"), fallback="error")
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-c", DRIVER], cwd=tmp_path, capture_output=True, text=True,
                                env={**os.environ, **ENV, "PYTHONPATH": str(ROOT)}, timeout=40, check=False)
        elapsed = time.monotonic() - started
    line = error_line(result, tmp_path)
    assert line.startswith(f"talk.md:12: executor `gpu` ({gateway.url}): {expected}"), line
    assert elapsed < 20


# --- Gateway settings that are wrong: one line at the deck's own line. ---

SETTINGS = [
    ("an IPv6 address not closed", "http://[::1", TOKEN_ENV, "",
     ("talk.md:12: executor `gpu`: gateway 'http://[::1' is not a valid URL (Invalid IPv6 URL) — write it as "
      "http://HOST:PORT or https://HOST:PORT")),
    ("a port out of range", "http://127.0.0.1:99999", TOKEN_ENV, "",
     "talk.md:12: executor `gpu`: gateway 'http://127.0.0.1:99999' is not a valid URL (Port out of range 0-65535)"),
    ("a token as the URL's password", f"http://ann:{TOKEN}@127.0.0.1:8888", TOKEN_ENV, "",
     ("talk.md:12: executor `gpu`: gateway 'http://127.0.0.1:8888' has a password in it, and a token never goes in "
      "the URL — put the token in an environment variable and name that variable with `token-env:`")),
    ("a token in the URL's query", f"http://127.0.0.1:8888/?token={TOKEN}", TOKEN_ENV, "",
     "talk.md:12: executor `gpu`: gateway 'http://127.0.0.1:8888/' has a query in it"),
    ("token-env a list", "http://127.0.0.1:8888", "[1]", "",
     ("talk.md:3: executors: executor 'gpu': token-env must name an environment variable, not hold a list — write "
      "`token-env: GPU_TOKEN`")),
    ("token-env the token itself", "http://127.0.0.1:8888", TOKEN, "",
     "talk.md:3: executors: executor 'gpu': token-env must name an environment variable, not hold its value"),
    ("a ca-bundle that is not a certificate", "https://127.0.0.1:8888", TOKEN_ENV, "    ca-bundle: not-a-cert.pem\n",
     ("talk.md:13: executor `gpu`: ca-bundle '{folder}/not-a-cert.pem' holds no certificate "
      "(NO_CERTIFICATE_OR_CRL_FOUND) — give the gateway's CA certificate in PEM form")),
]


@pytest.mark.parametrize(("url", "token_env", "extra", "expected"), [row[1:] for row in SETTINGS],
                         ids=[row[0] for row in SETTINGS])
def test_wrong_gateway_settings_are_one_line(tmp_path: Path, url: str, token_env: str, extra: str,
                                             expected: str) -> None:
    (tmp_path / "not-a-cert.pem").write_text("this is not a certificate\n")
    talk(tmp_path, url, remote("1"), fallback="error", token_env=token_env, extra=extra)
    line = error_line(run_cli("render", "talk.md", env=ENV, cwd=tmp_path), tmp_path)
    assert expected.format(folder=tmp_path.resolve()) in line, line
    assert " — " in line


def test_a_token_given_as_the_token_variable_is_never_echoed(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text("## A\n\n```{python}\n1\n```\n")
    result = run_cli("render", "talk.md", "--gateway", "http://127.0.0.1:8888", "--gateway-token-env", TOKEN,
                     cwd=tmp_path)
    line = error_line(result, tmp_path)
    assert line == ("talk.md:3: executor `gateway`: the token variable's name is not a variable name — put the token "
                    "in an environment variable and name that variable with `token-env:`")
