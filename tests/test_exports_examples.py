"""The shipped example exports, their generator, and the published format page."""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from pathlib import Path

import pytest

from ingest.exports import read_export
from ingest.exports_spec import FIELDS, VALUES
from ingest.kernen import load_kern_mapping

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "data" / "exports"
DOCS = REPO / "docs" / "exports-formaat.md"
TODAY = date(2025, 6, 1)

# File -> (kind, gemeente, rows, accepted, rejected): also stated in data/exports/README.md.
EXPECTED = {
    "VOORBEELD_West-Betuwe_subsidies_2019-2023.xlsx": ("subsidies", "GM1960", 574, 567, 7),
    "VOORBEELD_Buren_subsidies_2022-2024.csv": ("subsidies", "GM0214", 134, 128, 6),
    "VOORBEELD_West-Betuwe_kernagenda_2024-02-28.xlsx": ("kernagenda", "GM1960", 191, 188, 3),
    "VOORBEELD_West-Betuwe_kernagenda_2024-11-29.xlsx": ("kernagenda", "GM1960", 214, 214, 0),
    "VOORBEELD_Buren_kernagenda_2024-11-28.csv": ("kernagenda", "GM0214", 111, 109, 2),
}


@pytest.fixture(scope="module")
def mapping():
    return load_kern_mapping(REPO / "data" / "kernen" / "kern_buurt.csv")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_export_reads_with_the_documented_counts(name: str, mapping) -> None:
    read = read_export(EXAMPLES / name, mapping, today=TODAY)
    assert (read.kind, read.gemeentecode, read.rows_read, len(read.accepted), read.rejected) == EXPECTED[name]
    assert read.personal_columns  # every example carries personal columns, and drops them


def test_examples_are_at_the_orders_of_magnitude_of_the_municipal_reports(mapping) -> None:
    west = read_export(EXAMPLES / "VOORBEELD_West-Betuwe_subsidies_2019-2023.xlsx", mapping, today=TODAY).accepted
    granted = west[west["status"] == "toegekend"]
    per_regeling = granted.groupby("regeling").size().to_dict()
    assert 440 <= per_regeling["leefbaarheidsbudget"] <= 470
    assert per_regeling["platformsubsidie"] == 17
    assert (west["regeling"] == "kernenbudget").sum() == 45
    lbb_2023 = granted[(granted["regeling"] == "leefbaarheidsbudget") & (granted["jaar"] == 2023)]
    assert lbb_2023["kern"].nunique() == 26  # all kernen in 2023
    buren = read_export(EXAMPLES / "VOORBEELD_Buren_subsidies_2022-2024.csv", mapping, today=TODAY).accepted
    lbb = buren[buren["regeling"] == "leefbaarheidsbudget"]
    assert lbb["bedrag_toegekend"].max() <= 2000
    assert set(buren.loc[buren["regeling"] == "platformsubsidie", "bedrag_toegekend"]) == {375.0, 750.0}


def test_readme_states_the_counts(mapping) -> None:
    readme = (EXAMPLES / "README.md").read_text("utf-8")
    assert "fictie" in readme.lower() or "verzonnen" in readme.lower()
    for _, _, rows, accepted, rejected in EXPECTED.values():
        assert f"| {rows} | {accepted} | {rejected} |" in readme


def test_generator_reproduces_the_shipped_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_examples", EXAMPLES / "generate_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.main(tmp_path)
    assert sorted(p.name for p in written) == sorted(EXPECTED)
    for path in written:
        assert path.read_bytes() == (EXAMPLES / path.name).read_bytes(), path.name


def test_format_page_lists_every_column_alias_and_value() -> None:
    page = DOCS.read_text("utf-8")
    for specs in FIELDS.values():
        for spec in specs:
            for alias in spec.aliases:
                assert alias in page, alias
    for domain in VALUES.values():
        for canonical, spellings in domain.items():
            assert f"| {canonical} | {', '.join(spellings)} |" in page, canonical


@pytest.mark.parametrize("block", [0, 1])
def test_format_page_examples_load_without_rejects(block: int, tmp_path: Path, mapping) -> None:
    examples = re.findall(r"```\n(.*?)```", DOCS.read_text("utf-8"), flags=re.DOTALL)
    csv_blocks = [b for b in examples if b.count("\n") > 2]
    path = tmp_path / f"voorbeeld_{block}.csv"
    path.write_text(csv_blocks[block], encoding="utf-8")
    read = read_export(path, mapping, today=TODAY)
    assert read.rejected == 0 and len(read.accepted) == csv_blocks[block].count("\n") - 1
