"""knitr's chunk headers: ```` ```{r setup, include=FALSE, fig.cap="A, b"} ````.

Quarto talks that started as R Markdown keep R Markdown's way of setting cell options: a label,
then `name=value` pairs separated by commas, the values written in R (`TRUE`, `F`, `NULL`,
`"text"`, `c(4, 3)`). pandoc's attribute syntax would read `echo=FALSE,` as the text
`FALSE,`; this reads them as knitr does, into the same values `#|` lines give.
"""

from __future__ import annotations

import re
from typing import Any

R_CONSTANTS: dict[str, Any] = {"TRUE": True, "T": True, "FALSE": False, "F": False, "NULL": None, "NA": None,
                               "true": True, "false": False}
"""R's constants, and YAML's lower-case booleans, which authors mixing the two syntaxes write."""
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?L?")
NAME = re.compile(r"[A-Za-z.][\w.-]*")


def is_chunk_header(language: str, rest: str) -> bool:
    """Whether the text after the engine name is knitr's syntax rather than pandoc attributes:
    always for R cells, and for any cell whose options are separated by commas."""
    text = rest.strip()
    if not text:
        return False
    return language.lower() == "r" or text.startswith(",") or len(_split(text)) > 1


def chunk_options(rest: str) -> dict[str, Any]:
    """The header's options; a first part without `=` is the chunk's label (`label`)."""
    options: dict[str, Any] = {}
    for index, part in enumerate(_split(rest.strip().lstrip(","))):
        name, equals, value = part.partition("=")
        name = name.strip()
        if not equals:
            if index == 0 and name:
                options["label"] = name
            continue
        if NAME.fullmatch(name):
            options[name] = r_value(value.strip())
    return options


def r_value(text: str) -> Any:
    """An R literal as the YAML value it stands for; anything else (a call, an expression) as text."""
    if text in R_CONSTANTS:
        return R_CONSTANTS[text]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    if NUMBER.fullmatch(text):
        number = text.rstrip("L")
        return int(number) if re.fullmatch(r"[+-]?\d+", number) else float(number)
    return text


def _split(text: str) -> list[str]:
    """Split at the commas outside quotes and brackets."""
    parts, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(text):
        if quote:
            if char == quote and text[index - 1] != "\\":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part for part in (p.strip() for p in parts) if part]
