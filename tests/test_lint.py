"""The habits of the field, run with the tests: ruff for Python, sqlfluff for the dbt models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_is_clean() -> None:
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_clean() -> None:
    result = run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout


def test_sqlfluff_is_clean_on_the_dbt_models() -> None:
    result = run(str(BIN / "sqlfluff"), "lint", "dbt_project/models", "dbt_project/tests", "--processes", "2")
    assert result.returncode == 0, result.stdout[-5000:]
