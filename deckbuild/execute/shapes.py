"""What the gateway's JSON must look like before anything reads it.

A gateway is someone else's server: a reply of the wrong shape (a list where a mapping
belongs, a string for a kernelspec) must be an error that names what is wrong, not an
AttributeError deep inside the client. A shape is written as the JSON it describes:

    {"id": str}                       a mapping with an `id` that is text
    {"kernelspecs": {str: SPEC}}      `{str: S}`: a mapping whose every value has shape S
    [str]                             a list of text
"""

from __future__ import annotations

from typing import Any

KERNELSPECS = {"kernelspecs": {str: {"spec": {"language": str}}}}
STARTED = {"id": str}

MESSAGE = {"header": {"msg_type": str}, "parent_header": dict, "content": dict}
"""A message on the kernel's websocket, as far as `CellCollector` reads it."""
CONTENT = {
    "stream": {"name": str, "text": str},
    "display_data": {"data": dict, "metadata": dict},
    "execute_result": {"data": dict, "metadata": dict},
    "update_display_data": {"data": dict, "metadata": dict},
    "error": {"ename": str, "evalue": str, "traceback": [str]},
    "status": {"execution_state": str},
}
"""The content of the message types whose fields are read."""

_KINDS = {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number", bool: "true or false"}


def mismatch(value: Any, shape: Any, root: str = "the reply") -> str | None:
    """What in `value` does not fit `shape` (`` `kernelspecs` is a list, not a mapping ``),
    or None when it fits; `root` is what the whole value is called."""
    return _mismatch(value, shape, "", root)


def _mismatch(value: Any, shape: Any, path: str, root: str) -> str | None:
    label = f"`{path}`" if path else root
    expected: type = shape if isinstance(shape, type) else type(shape)
    fits = isinstance(value, expected)  # a name of its own, so that `value` stays Any for mypy
    if not fits:
        return f"{label} is {kind(value)}, not {_KINDS.get(expected, expected.__name__)}"
    if isinstance(shape, list):
        return next((m for i, item in enumerate(value) if (m := _mismatch(item, shape[0], f"{path}[{i}]", root))),
                    None)
    if not isinstance(shape, dict):
        return None
    for key, inner in shape.items():
        if key is str:
            items = list(value.items())
        elif key in value:
            items = [(key, value[key])]
        else:
            return f"{label} has no `{key}`"
        for name, item in items:
            found = _mismatch(item, inner, f"{path}.{_name(name)}" if path else _name(name), root)
            if found:
                return found
    return None


def kind(value: Any) -> str:
    return "null" if value is None else _KINDS.get(type(value), type(value).__name__)


def _name(key: Any) -> str:
    text = str(key)
    return text if len(text) <= 40 else f"{text[:40]}…"


def message_mismatch(msg: Any) -> str | None:
    """What in a websocket message does not fit the Jupyter protocol, or None."""
    found = mismatch(msg, MESSAGE, "the message")
    if found:
        return found
    return mismatch(msg, {"content": CONTENT.get(msg["header"]["msg_type"], dict)}, "the message")
