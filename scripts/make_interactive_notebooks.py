"""Write notebooks whose stored outputs the real libraries made, for the interactive-output tests.

    python scripts/make_interactive_notebooks.py OUT_DIR

Runs each notebook in a real Jupyter kernel (nbclient, which also saves the widget state as
JupyterLab does) with plotly, bokeh, altair, ipywidgets, matplotlib and pandas, and writes
`interactive.ipynb` (one slide per kind of output) and `broken.ipynb` (HTML outputs with
markup that does not close what it opens, between intact slides). Nothing is committed:
the tests make them afresh, so the fixtures always match the installed libraries.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

INTERACTIVE = {
    "Plotly": "import plotly.graph_objects as go\n"
              "fig = go.Figure(go.Bar(x=['a', 'b', 'c'], y=[3, 1, 2]))\nfig.show(renderer='plotly_mimetype')",
    "Plotly from a CDN": "fig.show(renderer='notebook_connected')",
    "Bokeh": "from bokeh.plotting import figure, show, output_notebook\noutput_notebook()\n"
             "p = figure(width=500, height=300)\np.line([1, 2, 3], [3, 1, 2], line_width=4)\nshow(p)",
    "Altair": "import altair as alt, pandas as pd\n"
              "chart = alt.Chart(pd.DataFrame({'x': ['a', 'b', 'c'], 'y': [3, 1, 2]})).mark_bar().encode(x='x', y='y')\n"
              "chart",
    # Altair 5's default output, the shape most saved notebooks have (Altair 6 writes HTML).
    "Vega-Lite": "display({'application/vnd.vegalite.v5+json': chart.to_dict(), 'text/plain': '<VegaLite 5 object>'}, raw=True)",
    "Widget": "import ipywidgets as widgets\nwidgets.IntSlider(value=7, description='n')",
    "Matplotlib": "%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [3, 1, 2]);",
    "Pandas": "pd.DataFrame({'x': [1, 2], 'y': [3, 4]})",
}  # fmt: skip

BROKEN = {
    "Unclosed style": "from IPython.display import HTML, display\ndisplay(HTML('<style>p { color: red }'))",
    "Unclosed script": "display(HTML('<p>before</p><script>var deckbuildProbe = 1;'))",
    "Unclosed textarea": "display(HTML('<textarea>typed'))",
    "Unbalanced divs": "display(HTML('<div><div>inner</div>'))",
    "Stray section end": "display(HTML('</div></section><b>bold</b>'))",
    "Intact": "print('still here')",
}  # fmt: skip


def notebook(cells: dict[str, str]) -> Any:
    v4: Any = importlib.import_module("nbformat.v4")  # untyped
    nb = v4.new_notebook()
    for title, source in cells.items():
        nb.cells.append(v4.new_markdown_cell(f"## {title}"))
        nb.cells.append(v4.new_code_cell(source))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def run(nb: Any, folder: Path) -> Any:
    import nbclient

    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def main(out: Path) -> None:
    nbformat: Any = importlib.import_module("nbformat")
    out.mkdir(parents=True, exist_ok=True)
    for name, cells in (("interactive", INTERACTIVE), ("broken", BROKEN)):
        nbformat.write(run(notebook(cells), out), out / f"{name}.ipynb")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
