"""The released artifacts work: sdist -> wheel without npm -> a fresh venv without Node.

Built once per session (`installed_wheel`); add a test that takes `run_in_wheel` to check
more things in the installed wheel (e.g. rendering a whole deck).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import textwrap
import venv
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RunInWheel = Callable[[str], str]
pytestmark = pytest.mark.slow


def _run(command: list[str], **kwargs: object) -> None:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(sdist, wheel); the wheel is built from the sdist with no node or npm on PATH."""
    pytest.importorskip("build", reason="pip install -e '.[test]'")
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(dist), str(ROOT)])
    (sdist,) = dist.glob("*.tar.gz")
    no_node = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    assert shutil.which("npm", path=no_node["PATH"]) is None
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist)]
    _run([*pip_wheel, str(sdist)], env=no_node, cwd=dist)
    (wheel,) = dist.glob("*.whl")
    return sdist, wheel


@pytest.fixture(scope="session")
def run_in_wheel(artifacts: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> RunInWheel:
    """Run Python code in a fresh venv holding only the wheel, with no node or npm on PATH.

    Dependencies come from the test interpreter's site-packages through a .pth file, so the
    test needs no network; that folder's own .pth files (an editable deckbuild) are ignored.
    """
    home = tmp_path_factory.mktemp("wheelvenv")
    venv.EnvBuilder(with_pip=False).create(home / "venv")
    python = home / "venv" / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", str(artifacts[1])])
    site = subprocess.check_output([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site.decode().strip()) / "_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    env = {"PATH": str(python.parent), "HOME": str(home), "LANG": "C.UTF-8"}

    def run(code: str) -> str:
        done = subprocess.run([python, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, cwd=home)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run(f"import deckbuild; assert deckbuild.__file__.startswith({str(home)!r}), deckbuild.__file__")
    return run


def test_sdist_carries_vendor_and_lockfile(artifacts: tuple[Path, Path]) -> None:
    with tarfile.open(artifacts[0]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"package-lock.json", "hatch_build.py", "deckbuild/_vendor/MANIFEST.json"} <= names
    assert not any(name.startswith("node_modules") for name in names)


def test_wheel_carries_vendor_and_licences(artifacts: tuple[Path, Path]) -> None:
    names = set(zipfile.ZipFile(artifacts[1]).namelist())
    for licence in ["reveal.js/LICENSE", "katex/LICENSE", "fonts/inter/LICENSE", "fontawesome/LICENSE.txt"]:
        assert f"deckbuild/_vendor/{licence}" in names
    assert "package-lock.json" not in names and "hatch_build.py" not in names


def test_installed_wheel_finds_every_vendor_file(run_in_wheel: RunInWheel) -> None:
    out = run_in_wheel("""
        import shutil
        from deckbuild.rendering import assets
        assert shutil.which("node") is None and shutil.which("npm") is None
        files = [f for p in assets.manifest()["packages"].values() for f in p["files"]]
        print(sum(assets.vendor_path(f).is_file() for f in files), len(files))
    """)
    found, total = map(int, out.split())
    assert found == total > 30


def test_installed_wheel_typesets_maths(run_in_wheel: RunInWheel) -> None:
    out = run_in_wheel("""
        from deckbuild.rendering import math
        html = math.render_math("x^2", False)
        fallback = math.render_math(r"\\begin{eqnarray} a &=& b \\end{eqnarray}", True)
        print(math.engine_name(), "katex-mathml" in html, "<mjx-container" in fallback and "<path" in fallback)
    """)
    assert out.split() == ["katex", "True", "True"]  # and MathJax, for what KaTeX lacks, ships too


def test_installed_wheel_renders_the_example_deck(run_in_wheel: RunInWheel, tmp_path: Path) -> None:
    decks = ROOT / "decks"
    shutil.copytree(decks, tmp_path / "decks")
    out = run_in_wheel(f"""
        import deckbuild, shutil
        assert shutil.which("node") is None and shutil.which("npm") is None
        page = deckbuild.render({str(tmp_path / "decks" / "intro-to-neural-networks.md")!r})
        html = page.read_text()
        print(page.name, html.count("<section"), "Reveal.initialize" in html, 'class="katex"' in html)
    """)
    name, sections, reveal, katex = out.split()
    assert name == "intro-to-neural-networks.html" and int(sections) > 20 and reveal == katex == "True"
