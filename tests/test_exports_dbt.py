"""The export models build and test in dbt, on the example exports and on an empty warehouse.

The models run in a copy of the dbt project that holds only them, with a stand-in for the one model they
read from elsewhere (int_kwb_kern_aggregated: the CBS figures per kern), so the test needs no CBS data.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ingest.exports_load import ensure_export_tables, load_export
from ingest.kernen import load_kern_mapping
from kernmonitor.config import DBT_EXECUTABLE, DEFAULT_MEMORY_LIMIT, dbt_args

REPO = Path(__file__).resolve().parent.parent
DBT = REPO / "dbt_project"
EXAMPLES = REPO / "data" / "exports"
TODAY = date(2025, 6, 1)
EXPORT_MODEL_DIRS = ("staging/exports", "intermediate/exports", "marts/exports")


def _project(tmp_path: Path, mapping) -> Path:
    project = tmp_path / "dbt"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(DBT / name, project / name)
    shutil.copytree(DBT / "macros", project / "macros")
    shutil.copytree(DBT / "tests" / "generic", project / "tests" / "generic")
    for folder in EXPORT_MODEL_DIRS:
        shutil.copytree(DBT / "models" / folder, project / "models" / folder)
    # Stand-in: 1,000 inhabitants per kern in 2019 and 2022 (2,000 in 2022), the lead model's columns.
    kernen = mapping[["gemeentecode", "kern"]].drop_duplicates().itertuples(index=False)
    rows = ",\n".join(
        f"('{g}', '{k.replace(chr(39), chr(39) * 2)}', {year}, 'inwoners', {value}.0, 1.0, 'volledig')"
        for g, k in kernen
        for year, value in ((2019, 1000), (2022, 2000))
    )
    stub = project / "models" / "intermediate" / "kwb" / "int_kwb_kern_aggregated.sql"
    stub.parent.mkdir(parents=True)
    stub.write_text(
        "select * from (values\n" + rows + "\n) as t(gemeentecode, kern, year, measure, value, coverage, status)\n",
        "utf-8",
    )
    return project


def _dbt_build(project: Path, warehouse: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(DBT_EXECUTABLE),
            "build",
            *dbt_args(warehouse, DEFAULT_MEMORY_LIMIT),
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
        ]
        + ["--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    tmp_path = tmp_path_factory.mktemp("exports-dbt")
    mapping = load_kern_mapping(REPO / "data" / "kernen" / "kern_buurt.csv")
    project = _project(tmp_path, mapping)
    empty = tmp_path / "empty.duckdb"
    with duckdb.connect(str(empty)) as con:
        ensure_export_tables(con)
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        for path in sorted(EXAMPLES.glob("VOORBEELD_*")):
            load_export(con, path, mapping, tmp_path / "archive", today=TODAY)
    return project, empty, warehouse


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.slow
def test_models_build_before_any_export_was_loaded(built) -> None:
    project, empty, _ = built
    result = _dbt_build(project, empty)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert query(empty, "select count(*) from marts.kern_subsidies") == [(0,)]
    assert query(empty, "select count(*) from marts.kern_kernagenda_voortgang") == [(0,)]


def test_models_build_and_pass_their_tests_on_the_example_exports(built) -> None:
    project, _, warehouse = built
    result = _dbt_build(project, warehouse)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]

    # Every kern of West Betuwe has a row for every covered year of a regeling, with zeros where nothing came in.
    dense = query(
        warehouse,
        "select count(distinct kern), count(*), min(aanvragen) from marts.kern_subsidies"
        " where gemeentecode = 'GM1960' and regeling = 'leefbaarheidsbudget'",
    )
    assert dense == [(26, 26 * 5, 0)]

    # Inhabitants: the latest CBS year up to the subsidy year, else the earliest later one.
    per_1000 = query(
        warehouse,
        "select jaar, min(inwoners_jaar), max(inwoners_jaar), min(inwoners)"
        " from marts.kern_subsidies where gemeentecode = 'GM1960' group by jaar order by jaar",
    )
    assert per_1000 == [
        (2019, 2019, 2019, 1000),
        (2020, 2019, 2019, 1000),
        (2021, 2019, 2019, 1000),
        (2022, 2022, 2022, 2000),
        (2023, 2022, 2022, 2000),
    ]
    check = query(
        warehouse,
        "select count(*) from marts.kern_subsidies where toegekend_per_1000_inwoners"
        " <> round(1000.0 * toegekend_aantal / inwoners, 2)",
    )
    assert check == [(0,)]

    # The summed intermediate has exactly the contract's columns.
    columns = query(
        warehouse,
        "select column_name from information_schema.columns where table_schema = 'intermediate'"
        " and table_name = 'int_kern_subsidies_summed' order by ordinal_position",
    )
    assert [c for (c,) in columns] == [
        "gemeentecode",
        "kern",
        "jaar",
        "regeling",
        "aanvragen",
        "toegekend_aantal",
        "toegekend_bedrag",
        "synthetisch",
    ]
    columns = query(
        warehouse,
        "select column_name from information_schema.columns where table_schema = 'intermediate'"
        " and table_name = 'int_kern_kernagenda_summarised' order by ordinal_position",
    )
    assert [c for (c,) in columns] == [
        "gemeentecode",
        "kern",
        "peildatum",
        "punten_totaal",
        "punten_gerealiseerd",
        "punten_open",
        "aandeel_gerealiseerd",
        "punten_lang_open",
        "synthetisch",
    ]

    # Kernagenda: two peildata for West Betuwe, the change between them on the second.
    progress = query(
        warehouse,
        "select cast(peildatum as varchar), count(*), count(vorige_peildatum), sum(punten_nieuw_gerealiseerd) > 0,"
        " sum(punten_lang_open) > 0, min(ronde)"
        " from marts.kern_kernagenda_voortgang where gemeentecode = 'GM1960' group by 1 order by 1",
    )
    assert progress == [
        ("2024-02-28", 26, 0, None, True, "voorjaar: inventarisatie voor de Perspectiefnota"),
        ("2024-11-29", 26, 26, True, True, "najaar: evaluatie"),
    ]
    latest = query(warehouse, "select distinct cast(peildatum as varchar) from marts.kern_kernagenda order by 1")
    assert latest == [("2024-11-28",), ("2024-11-29",)]
