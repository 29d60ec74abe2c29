"""hatch_build.py: skips when _vendor is current, and names what to install when it can't build."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    pytest.importorskip("hatchling", reason="pip install -e '.[test]'")
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["hatch_build"] = module
    spec.loader.exec_module(module)
    return module


def _source_tree(tmp_path: Path, with_vendor: bool) -> Path:
    for name in ["package.json", "package-lock.json"]:
        shutil.copy(ROOT / name, tmp_path / name)
    if with_vendor:
        shutil.copytree(ROOT / "deckbuild" / "_vendor", tmp_path / "deckbuild" / "_vendor")
    return tmp_path


def test_checkout_vendor_matches_lockfile(hook: ModuleType) -> None:
    assert hook._is_complete(ROOT / hook.VENDOR, hook._stamp(ROOT)), "run `pip install -e .` again"


def test_current_vendor_needs_no_npm(hook: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _source_tree(tmp_path, with_vendor=True)
    monkeypatch.setenv("PATH", "")
    assert hook.ensure_vendor(root, log=pytest.fail) == root / hook.VENDOR


def test_no_npm_and_no_vendor_names_what_to_install(
    hook: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _source_tree(tmp_path, with_vendor=False)
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RuntimeError, match=r"apt-get install nodejs npm"):
        hook.ensure_vendor(root)


def test_incomplete_vendor_is_not_trusted(hook: ModuleType, tmp_path: Path) -> None:
    root = _source_tree(tmp_path, with_vendor=True)
    (root / hook.VENDOR / "katex" / "katex.min.js").unlink()
    assert not hook._is_complete(root / hook.VENDOR, hook._stamp(root))


def test_icons_are_gathered_into_one_file_by_style_with_older_names(hook: ModuleType) -> None:
    import json

    data = json.loads((ROOT / hook.VENDOR / "fontawesome" / "icons.json").read_text("utf-8"))
    star, github = data["styles"]["solid"]["star"], data["styles"]["brands"]["github"]
    assert star[:2] == [576, 512] and star[2].startswith("M") and github[2].startswith("M")
    assert "github" not in data["styles"]["solid"] and data["aliases"]["home"] == "house"
    assert (ROOT / hook.VENDOR / "fontawesome" / "LICENSE.txt").read_text("utf-8").count("CC BY 4.0") >= 1
