"""reveal.js's options as a JavaScript object literal, written as Quarto writes them (a key per
line, `view: 'scroll',`), so that what a Quarto author or Quarto's own tests look for in the
page is there; safe inside `<script>` like Jinja's `tojson`."""

from __future__ import annotations

import json
import re
from typing import Any

_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def js_object(value: Any, indent: int = 0) -> str:
    """`value` (JSON data) as JavaScript source: objects a key per line, strings in single quotes."""
    pad = "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        entries = "".join(f"{pad}{_key(key)}: {js_object(item, indent + 1)},\n" for key, item in value.items())
        return "{\n" + entries + "  " * indent + "}"
    if isinstance(value, list):
        return "[" + ", ".join(js_object(item, indent + 1) for item in value) + "]"
    if isinstance(value, str):
        return "'" + _safe(json.dumps(value)[1:-1].replace("'", "\\'")) + "'"
    return _safe(json.dumps(value))


def _key(key: Any) -> str:
    text = str(key)
    return text if _IDENTIFIER.match(text) else _safe(json.dumps(text))


def _safe(text: str) -> str:
    return "".join(_UNSAFE.get(char, char) for char in text)
