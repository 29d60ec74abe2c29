"""The test suite's own rules: a missing resource skips locally and fails under CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent

NEEDS_GPU = """
from conftest import missing_resource

def test_needs_a_gpu():
    missing_resource("a GPU", "buy one")

def test_plain_skip():
    import pytest
    pytest.skip("not about resources")
"""


def run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_gpu.py").write_text(NEEDS_GPU)
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "DECKBUILD_STRICT")}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), environment.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "pytest", "-p", "conftest", "-q", "-rA", "-p", "no:cacheprovider", str(tmp_path)]
    return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env={**environment, **env})


def test_missing_resource_skips_locally(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result.returncode == 0, result.stdout
    assert "2 skipped" in result.stdout


@pytest.mark.parametrize("switch", [{"CI": "true"}, {"DECKBUILD_STRICT": "1"}])
def test_missing_resource_fails_in_ci(tmp_path: Path, switch: dict[str, str]) -> None:
    result = run(tmp_path, **switch)
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 skipped" in result.stdout
    assert "missing resource: a GPU — buy one" in result.stdout
