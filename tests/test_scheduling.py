"""The way the tests spread over the pytest-xdist workers (tests/conftest.py) names real files and tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIRST, SPREAD, work_unit

ROOT = Path(__file__).resolve().parent.parent


def test_every_first_unit_is_a_unit_of_a_real_file_or_test() -> None:
    for unit in FIRST:
        assert "[" not in unit, f"{unit}: a parametrized test is not a unit of its own"
        path, _, test = unit.partition("::")
        assert (ROOT / path).is_file(), unit
        assert not test or f"def {test}(" in (ROOT / path).read_text(encoding="utf-8"), unit
        assert work_unit(unit if test else f"{unit}::test_iets") == unit, unit


def test_spread_names_real_files_and_splits_as_documented() -> None:
    files = {p.name for p in (ROOT / "tests").rglob("test_*.py")}
    assert set(SPREAD) <= files, set(SPREAD) - files
    assert work_unit("tests/test_publications.py::test_every_export_format[schaars-pdf]") == (
        "tests/test_publications.py[schaars]"
    )
    assert work_unit("tests/browser/test_keyboard.py::test_x[/kern/Beesd]") == (
        "tests/browser/test_keyboard.py::test_x[/kern/Beesd]"
    )
    assert work_unit("tests/test_kernen.py::test_a_city_is_one_kern") == "tests/test_kernen.py"
