"""reveal.js's options are written as Quarto writes them (`view: 'scroll',`, a key per line)
and read back by JavaScript as the very data they came from, with nothing that could end the
page's `<script>` (checked with Node.js, which the build needs anyway)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from deckbuild.rendering.js_literal import js_object

from conftest import missing_resource

VALUES = [
    {"view": "scroll", "scrollSnap": False, "scrollProgress": "auto", "width": "5.3%", "margin": 0.1},
    {"a-key": 1, "with space": [1, "two", None, True], "nested": {"deep": {"k": "v"}}, "empty": {}, "list": []},
    {"quote": "it's \"quoted\"", "back\\slash": "\\'", "script": "</script><!--", "amp": "&lt;", "line": "a\nb\u2028c"},
    {"unicode": "Ünïcode — ✓", "number": -1.5e-3, "big": 9007199254740991},
]


@pytest.mark.parametrize("value", VALUES)
def test_the_literal_is_the_data_and_safe_in_a_script(value: dict[str, object]) -> None:
    literal = js_object(value)
    assert "<" not in literal and ">" not in literal and "&" not in literal and "\u2028" not in literal
    node = shutil.which("node")
    if node is None:
        missing_resource("node", "apt-get install -y nodejs")
    done = subprocess.run([node, "-e", f"process.stdout.write(JSON.stringify({literal}))"], capture_output=True,
                          text=True, check=True)
    assert json.loads(done.stdout) == json.loads(json.dumps(value))


def test_options_are_written_as_quarto_writes_them() -> None:
    literal = js_object({"view": "scroll", "scrollSnap": False, "scrollActivationWidth": 0})
    assert literal.splitlines() == ["{", "  view: 'scroll',", "  scrollSnap: false,", "  scrollActivationWidth: 0,", "}"]
