"""The reveal.js options a rendered page starts reveal.js with, read back for the tests: the page
writes them as a JavaScript object literal, as Quarto does (`view: 'scroll',`)."""

from __future__ import annotations

import json
import re
from typing import Any

_KEY = re.compile(r"^(\s*)([A-Za-z_$][\w$]*): ", re.MULTILINE)
_SINGLE_QUOTED = re.compile(r"'((?:\\.|[^'\\])*)'")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def page_config(html: str) -> dict[str, Any]:
    start = html.index("var config = ") + len("var config = ")
    end = html.index("\n};", start) + 2
    literal = _KEY.sub(r'\1"\2": ', html[start:end])
    literal = _SINGLE_QUOTED.sub(lambda m: '"' + m.group(1).replace("\\'", "'") + '"', literal)
    return json.loads(_TRAILING_COMMA.sub(r"\1", literal))  # type: ignore[no-any-return]
