"""Where a text's inline code spans are, as CommonMark finds them: a run of backticks opens one,
the next run of the same length closes it; a run that nothing closes is literal backticks.

Found in one pass over the runs (each length's runs are visited in order once), so a line of
ten thousand backticks costs no more than reading it. Shortcodes are left alone inside code
spans, and inline expressions are the code spans that start with `{python}`.
"""

from __future__ import annotations

import re
from collections import defaultdict

TICKS = re.compile(r"`+")


def code_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, backticks) of each code span in `text`, in order; `text[start:end]` is the
    span with its backticks."""
    if "`" not in text:
        return []
    runs = [(m.start(), m.end()) for m in TICKS.finditer(text)]
    by_length: dict[int, list[int]] = defaultdict(list)
    for index, (start, end) in enumerate(runs):
        if start == 0 or text[start - 1] != "\\":
            by_length[end - start].append(index)
    cursor: dict[int, int] = defaultdict(int)
    spans, index = [], 0
    while index < len(runs):
        start, end = runs[index]
        length = end - start
        same = by_length[length]
        while cursor[length] < len(same) and same[cursor[length]] <= index:
            cursor[length] += 1
        if (start > 0 and text[start - 1] == "\\") or cursor[length] >= len(same):
            index += 1
            continue
        closer = same[cursor[length]]
        spans.append((start, runs[closer][1], length))
        index = closer + 1
    return spans
