"""ANSI escapes to HTML spans."""

from __future__ import annotations

import pytest

from deckbuild.rendering.ansi import ansi_to_html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("plain <b>", "plain &lt;b&gt;"),
        ("\x1b[31mred\x1b[0m done", '<span class="ansi-red-fg">red</span> done'),
        ("\x1b[1;92mok", '<span class="ansi-green-intense-fg ansi-bold">ok</span>'),
        ("\x1b[44mbg\x1b[49mx", '<span class="ansi-blue-bg">bg</span>x'),
        ("\x1b[38;5;196mx", '<span style="color: rgb(255, 0, 0)">x</span>'),
        ("\x1b[38;5;9mx", '<span class="ansi-red-intense-fg">x</span>'),
        ("\x1b[48;2;1;2;3mx", '<span style="background-color: rgb(1, 2, 3)">x</span>'),
        ("\x1b[4mu\x1b[24m\x1b[3mi", '<span class="ansi-underline">u</span><span class="ansi-italic">i</span>'),
        ("\x1b[2K\x1b[1Gcleared", "cleared"),
        ("\x1b[mreset", "reset"),
    ],
)
def test_ansi_to_html(text: str, html: str) -> None:
    assert ansi_to_html(text) == html
