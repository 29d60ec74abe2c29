"""Code spans as CommonMark finds them: the one place that says where inline code is, for
shortcodes (left alone inside it) and inline expressions (which are code spans)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from deckbuild import pipeline
from deckbuild.sources.code_spans import code_spans
from deckbuild.sources.shortcodes import Shortcodes


@pytest.mark.parametrize(("text", "spans"), [
    ("no code", []),
    ("`a`", ["`a`"]),
    ("`a` and `b`", ["`a`", "`b`"]),
    ("`` a ` b ``", ["`` a ` b ``"]),
    ("``` a `` b ```", ["``` a `` b ```"]),
    ("`unclosed", []),
    ("`` no ` close", []),
    ("`one`` two`", ["`one`` two`"]),
    ("`a` ``b`` `", ["`a`", "``b``"]),
    ("\\`not code\\` `code`", ["`code`"]),
])
def test_where_code_spans_are(text: str, spans: list[str]) -> None:
    assert [text[start:end] for start, end, _ in code_spans(text)] == spans


@pytest.mark.parametrize("text", ["`" * 20_000, "` " * 20_000, "".join("`" * n + " " for n in range(1, 400)),
                                  "{{<" * 30_000, "{{< x " * 20_000, "`{python} " * 20_000])
def test_pathological_lines_cost_little(text: str, tmp_path: Path) -> None:
    started = time.perf_counter()
    code_spans(text)
    Shortcodes(Path("t.qmd"), {}, dict).line(text, Path("t.qmd"), 1)
    deck = tmp_path / "talk.qmd"
    deck.write_text(f"## A\n\n{text}\n{text}\n", encoding="utf-8")
    pipeline.load(deck)
    assert time.perf_counter() - started < 3
