"""A stored output that deckbuild cannot draw gets a note on its slide saying what it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import deckbuild

WIDGET = "application/vnd.jupyter.widget-view+json"
CASES: dict[str, tuple[dict[str, Any], str | None]] = {
    "unknown type": ({"application/x-bogus": "zzz"},
                     ("This output is of type application/x-bogus, which deckbuild cannot show, and has no static "
                      "version: display it as text, HTML, Markdown, LaTeX or an image instead.")),
    "two unknown types": ({"application/x-bogus": "zzz", "application/x-other": "y"},
                          "This output is of type application/x-bogus, application/x-other, which deckbuild cannot show"),
    "widget": ({WIDGET: {"model_id": "x"}, "text/plain": "IntSlider(value=3)"},
               "This widget's state was not saved with the notebook (in Jupyter, turn on Settings → Save Widget State"),
    "empty": ({}, "This output is empty: it has no data of any type to show."),
    "unknown type with text": ({"application/x-bogus": "zzz", "text/plain": "the text"}, None),
}


def notebook(data: dict[str, Any]) -> dict[str, Any]:
    output = {"output_type": "display_data", "data": data, "metadata": {}}
    cells = [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["## First slide"]},
        {"cell_type": "markdown", "id": "b", "metadata": {}, "source": ["## Odd output"]},
        {"cell_type": "code", "id": "c", "execution_count": 1, "metadata": {}, "source": ["show()"], "outputs": [output]},
    ]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return {"cells": cells, "metadata": kernel, "nbformat": 4, "nbformat_minor": 5}


@pytest.mark.parametrize("name", CASES)
def test_an_output_without_a_static_version_says_what_it_is_on_its_slide(name: str, tmp_path: Path) -> None:
    data, expected = CASES[name]
    source = tmp_path / "talk.ipynb"
    source.write_text(json.dumps(notebook(data)), encoding="utf-8")
    page = BeautifulSoup(deckbuild.render(source, tmp_path / "talk.html", quiet=True).read_text("utf-8"), "html.parser")
    notes = page.select(".cell-output-note")
    if expected is None:
        assert not notes and "the text" in page.select_one(".cell-output-display").get_text()
        return
    assert [note.get_text().startswith(expected) for note in notes] == [True], [n.get_text() for n in notes]
    assert notes[0].find_parent("section").find("h2").get_text() == "Odd output"
