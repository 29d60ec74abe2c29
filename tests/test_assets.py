"""The bundled front-end files are installed, and stylesheets take them along offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deckbuild.errors import AssetsMissing
from deckbuild.rendering import assets

NON_DATA_URL = re.compile(r"""url\(\s*(?!["']?data:)""")
DEFAULT_FONTS = ["inter", "jetbrains-mono"]


def test_every_manifest_file_is_installed() -> None:
    packages = assets.manifest()["packages"]
    assert {"reveal.js", "katex", "@fontsource/inter", "@fontsource/jetbrains-mono"} <= set(packages)
    for package in packages.values():
        assert package["version"] and package["license"]
        for file in package["files"]:
            assert assets.vendor_path(file).stat().st_size > 0


@pytest.mark.parametrize(
    "relative",
    ["reveal.js/reveal.js", "reveal.js/reveal.css", "reveal.js/notes.js", "reveal.js/LICENSE",
     "katex/katex.min.js", "katex/katex.min.css", "katex/LICENSE",
     "fonts/inter/fonts.css", "fonts/jetbrains-mono/fonts.css", "fonts/inter/LICENSE"],
)  # fmt: skip
def test_files_the_renderer_uses_exist(relative: str) -> None:
    assert assets.vendor_path(relative).is_file()


def test_reveal_is_the_umd_build() -> None:
    assert "e.Reveal=t()" in assets.read_text("reveal.js/reveal.js")[:2000]
    assert "e.RevealNotes=t()" in assets.read_text("reveal.js/notes.js")[:2000]


def test_missing_file_says_how_to_repair() -> None:
    with pytest.raises(AssetsMissing, match="pip install -e"):
        assets.vendor_path("nothing/here.js")


@pytest.mark.parametrize("css", ["katex/katex.min.css", *[f"fonts/{f}/fonts.css" for f in DEFAULT_FONTS]])
def test_inlined_stylesheet_refers_only_to_data(css: str) -> None:
    path = assets.vendor_path(css)
    inlined = assets.inline_css_urls(assets.read_text(css), path.parent)
    assert not NON_DATA_URL.search(inlined)
    assert "data:font/woff2;base64," in inlined
    assert "data:font/woff;" not in inlined and "font/ttf" not in inlined


def test_katex_fonts_keep_only_woff2() -> None:
    path = assets.vendor_path("katex/katex.min.css")
    inlined = assets.inline_css_urls(path.read_text("utf-8"), path.parent)
    assert inlined.count("@font-face") == inlined.count("font/woff2;base64") > 10
    assert 'format("woff")' not in inlined and 'format("truetype")' not in inlined


def test_data_and_fragment_urls_are_left_alone(tmp_path: Path) -> None:
    css = 'a{background:url("data:image/svg+xml;utf8,<svg fill=\'rgb(1,2,3)\'/>")} b{filter:url(#f)}'
    assert assets.inline_css_urls(css, tmp_path) == css


@pytest.mark.parametrize("url", ["https://example.org/a.woff2", "//example.org/a.png", "/abs.png", "file:///x.png"])
def test_remote_or_absolute_url_is_refused(tmp_path: Path, url: str) -> None:
    with pytest.raises(ValueError, match="decks only use files"):
        assets.inline_css_urls(f"a{{background:url({url})}}", tmp_path)


def test_missing_relative_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"gone\.png"):
        assets.inline_css_urls("a{background:url(gone.png)}", tmp_path)


def test_data_uri_mime_by_suffix(tmp_path: Path) -> None:
    for name, mime in [("a.png", "image/png"), ("b.svg", "image/svg+xml"), ("c.woff2", "font/woff2"),
                       ("d.JPG", "image/jpeg"), ("e.webp", "image/webp")]:  # fmt: skip
        (tmp_path / name).write_bytes(b"x")
        assert assets.data_uri(tmp_path / name) == f"data:{mime};base64,eA=="


def test_a_folder_sink_keeps_a_stylesheet_beside_its_files(tmp_path: Path) -> None:
    from deckbuild.rendering.sinks import FolderSink

    path = assets.vendor_path("fonts/inter/fonts.css")
    sink = FolderSink("talk_files")
    tag = sink.style("font-inter.css", path.read_text("utf-8"), path.parent)
    assert tag == '<link rel="stylesheet" href="talk_files/font-inter.css">'
    urls = re.findall(r'url\("([^"]+)"\)', sink.files["font-inter.css"].read().decode())
    assert urls and all(url in sink.files and url.endswith(".woff2") for url in urls)  # names in the same folder


def test_a_folder_sink_keeps_same_named_files_apart(tmp_path: Path) -> None:
    from deckbuild.rendering.sinks import FolderSink

    for folder, data in [("one", b"1"), ("two", b"2")]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bg.png").write_bytes(data)
    sink = FolderSink("out")
    first, second = sink.file(tmp_path / "one" / "bg.png"), sink.file(tmp_path / "two" / "bg.png")
    assert first != second and first.startswith("out/bg-") and len(sink.files) == 2
    sink.style("a.css", "a{background:url(one/bg.png)}", tmp_path)
    sink.style("b.css", "b{background:url(two/bg.png)}", tmp_path)
    assert {asset.read() for asset in sink.files.values() if asset.path} == {b"1", b"2"}
    assert 'url("bg.png")' in sink.files["a.css"].read().decode()  # a stylesheet's file keeps its name
    assert 'url("bg-' in sink.files["b.css"].read().decode()  # unless another file has it
