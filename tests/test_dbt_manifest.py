"""dbt's manifest is parsed again when the project changed since it was written (kernmonitor.cli.manifest_current)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from kernmonitor.cli import manifest_current

BUILT = int(time.time()) - 10_000  # the manifest's time; a deletion below happens now, after it


def _at(path: Path, moment: int) -> None:
    os.utime(path, (moment, moment))


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "dbt_project"
    (project / "models" / "marts").mkdir(parents=True)
    (project / "macros").mkdir()
    (project / "dbt_project.yml").write_text("name: x\n")
    (project / "models" / "marts" / "kernen.sql").write_text("select 1\n")
    manifest = project / "target" / "manifest.json"
    manifest.parent.mkdir()
    manifest.write_text("{}")
    for path in [*project.rglob("*"), project]:
        _at(path, BUILT - 100)
    _at(manifest, BUILT)
    return project


def test_a_code_update_that_adds_a_model_makes_the_next_refresh_parse_dbt_again(tmp_path: Path) -> None:
    """The Dagster definitions read dbt's manifest; an old one (written before `git pull` brought a new model) would
    make the refresh fail on the first model it does not know, so it counts as out of date and is parsed again."""
    project = _project(tmp_path)
    assert manifest_current(project)

    added = project / "models" / "marts" / "kern_nieuw.sql"
    added.write_text("select 2\n")
    _at(added, BUILT - 50)
    _at(added.parent, BUILT - 50)
    _at(added, BUILT + 100)
    assert not manifest_current(project), "a model newer than the manifest"

    macro = project / "macros" / "regel.sql"
    macro.write_text("{% macro regel() %}1{% endmacro %}\n")
    _at(added, BUILT - 50)
    _at(macro, BUILT + 100)
    assert not manifest_current(project), "a macro newer than the manifest"


def test_a_code_update_that_removes_a_model_makes_the_next_refresh_parse_dbt_again(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "models" / "marts" / "kernen.sql").unlink()  # the folder's time is now, after the manifest's
    assert not manifest_current(project)


def test_without_a_manifest_dbt_is_parsed(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "target" / "manifest.json").unlink()
    assert not manifest_current(project)
