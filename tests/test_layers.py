"""No import runs back up. The layers, bottom to top:

    ingest/                     sources, parsers, validation (plain Python)
    kernmonitor/ shared base    config, publish, freshness, webauth: what every layer may use
    orchestration/              Dagster: ingest and the shared base, nothing of the presentation
    dashboards/                 pages and briefings (exports of the dashboards): ingest-free, reads the marts
    kernmonitor/ entry points   cli, wsgi: may start anything

A test walks every import statement of each package (top level and inside functions) and fails on an arrow that
runs back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("ingest", "orchestration", "dashboards", "kernmonitor")
SHARED_BASE = {
    "kernmonitor.config",
    "kernmonitor.publish",
    "kernmonitor.freshness",
    "kernmonitor.webauth",
    "kernmonitor.accounts",
    "kernmonitor.writelock",
}
# The console scripts (kernmonitor with its progress display, kernmonitor-dbt) and the WSGI app.
ENTRY_POINTS = {"kernmonitor.cli", "kernmonitor.progress", "kernmonitor.dbt_in_home", "kernmonitor.wsgi"}

# What each layer may import of ours (a module name, or a package prefix ending in ".").
ALLOWED = {
    "ingest": {"ingest."},
    "kernmonitor-base": {
        "kernmonitor.config",
        "kernmonitor.freshness",
        "kernmonitor.publish",
        "kernmonitor.accounts",
        "kernmonitor",
    },
    "orchestration": {"ingest.", "orchestration.", *SHARED_BASE},
    "dashboards": {"dashboards.", *SHARED_BASE},
}


def layer_of(module: str) -> str | None:
    if module in ENTRY_POINTS:
        return None  # entry points start everything
    if module in SHARED_BASE or module == "kernmonitor":
        return "kernmonitor-base"
    top = module.split(".")[0]
    return top if top in ALLOWED else "kernmonitor (neither base nor entry point)"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from kernmonitor import freshness` imports the module kernmonitor.freshness.
            base = ROOT.joinpath(*node.module.split("."))
            found += [
                (node.lineno, f"{node.module}.{alias.name}")
                if (base / f"{alias.name}.py").exists() or (base / alias.name).is_dir()
                else (node.lineno, node.module)
                for alias in node.names
            ]
    return [(line, name) for line, name in found if name.split(".")[0] in OURS]


def allowed(rules: set[str], target: str) -> bool:
    return any(target == rule or (rule.endswith(".") and target.startswith(rule)) for rule in rules) or any(
        rule.endswith(".") and target == rule[:-1] for rule in rules
    )


FILES = sorted(p for package in OURS for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_runs_back_up(path: Path) -> None:
    layer = layer_of(module_name(path))
    if layer is None:
        return
    assert layer in ALLOWED, f"{path.relative_to(ROOT)}: kernmonitor/ holds only the shared base and entry points"
    rules = ALLOWED[layer]
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {name}" for line, name in imports_of(path)]
    wrong = [w for w, (_, name) in zip(wrong, imports_of(path), strict=True) if not allowed(rules, name)]
    assert not wrong, "\n".join(wrong)


def test_the_walk_sees_every_package() -> None:
    assert {module_name(p).split(".")[0] for p in FILES} == set(OURS)
    assert any(module_name(p) == "kernmonitor.cli" for p in FILES)
