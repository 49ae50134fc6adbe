"""The configuration travels once: resolved into one typed Config per process and passed on, never through a
process-wide environment change that a later run in the same process (the tests run many homes) would inherit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kernmonitor.config import DEFAULT_MEMORY_LIMIT, REPO_ROOT, dbt_args

PACKAGES = ("kernmonitor", "orchestration", "ingest", "dashboards")
WRITING_METHODS = {"setdefault", "pop", "update", "clear", "popitem", "__setitem__", "__delitem__"}


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", "") == "os"


def environment_writes(source: str) -> list[int]:
    """Line numbers where `os.environ` is changed (item assignment or deletion, a changing method, os.putenv)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else []
        if isinstance(node, ast.AugAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Subscript) and _is_environ(t.value) for t in targets):
            lines.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if _is_environ(node.func.value) and node.func.attr in WRITING_METHODS:
                lines.append(node.lineno)
            if node.func.attr in {"putenv", "unsetenv"} and getattr(node.func.value, "id", "") == "os":
                lines.append(node.lineno)
    return sorted(lines)


def test_the_check_finds_each_kind_of_write() -> None:
    source = "import os\nos.environ['A'] = '1'\nos.environ.setdefault('B', '2')\n"
    source += "del os.environ['A']\nos.putenv('C', 'x')\n"
    assert environment_writes(source) == [2, 3, 4, 5]
    assert environment_writes("import os\nx = os.environ.get('A')\nenv = {**os.environ, 'A': '1'}\n") == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_writes_the_process_environment(package: str) -> None:
    found = {
        str(path.relative_to(REPO_ROOT)): lines
        for path in sorted((REPO_ROOT / package).rglob("*.py"))
        if (lines := environment_writes(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"os.environ changed in {found}: pass the value on instead (kernmonitor.config.Config)"


def test_dbt_is_told_its_working_file_by_argument_the_same_for_every_home(tmp_path: Path) -> None:
    """dbt runs in the warehouse's folder (kernmonitor-dbt) and gets the file's name only: what dbt hashes for
    partial parsing (vars, profile) does not change from home to home, nor between parse and build."""
    import json

    args = dbt_args(tmp_path / "a" / "warehouse.duckdb", DEFAULT_MEMORY_LIMIT)
    assert json.loads(args[args.index("--vars") + 1]) == {
        "kernmonitor_warehouse": "warehouse.duckdb",
        "kernmonitor_memory_limit": "1500MB",
    }
    assert f"--kernmonitor-folder={tmp_path / 'a'}" in args
    other = dbt_args(tmp_path / "b" / "warehouse.duckdb", DEFAULT_MEMORY_LIMIT)
    assert [arg for arg in other if not arg.startswith("--kernmonitor-folder=")] == [
        arg for arg in args if not arg.startswith("--kernmonitor-folder=")
    ]
    profile = (REPO_ROOT / "dbt_project" / "profiles.yml").read_text(encoding="utf-8")
    assert "var('kernmonitor_warehouse'" in profile and "env_var" not in profile
