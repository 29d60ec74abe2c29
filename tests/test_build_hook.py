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
