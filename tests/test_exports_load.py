"""Loading exports into DuckDB: idempotent, the replacement rule, the CLI contract, the archive, privacy."""

from __future__ import annotations

import importlib.util
import io
import json
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from ingest.exports import read_export
from ingest.exports_load import ensure_export_tables, load_export, load_export_command
from ingest.kernen import load_kern_mapping

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "exports"
EXAMPLES = REPO / "data" / "exports"
TODAY = date(2025, 6, 1)
RAW_TABLES = ("export_files", "subsidies", "kernagenda", "export_rejects", "export_corrections")


def _module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mapping():
    return load_kern_mapping(REPO / "data" / "kernen" / "kern_buurt.csv")


@pytest.fixture
def con(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb")) if _mkdir(tmp_path) else None
    yield connection
    connection.close()


def _mkdir(tmp_path: Path) -> bool:
    (tmp_path / "warehouse").mkdir()
    return True


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in RAW_TABLES}


def write_subsidies(path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    """rows: (regeling, kern, dossiernummer, bedrag toegekend, datum besluit)."""
    lines = ["Regeling;Kern;Dossiernummer;Bedrag toegekend;Datum besluit;Status"]
    lines += [";".join([*row, "toegekend"]) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_agenda(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """rows: (kern, nummer, status); the peildatum is in the file name."""
    lines = ["Kern;Nummer;Actiepunt;Trekker;Status;Jaar opgenomen"]
    lines += [f"{kern};{nummer};Punt {nummer};Samen;{status};2023" for kern, nummer, status in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ensure_export_tables_creates_empty_tables_once(con) -> None:
    ensure_export_tables(con)
    ensure_export_tables(con)
    assert counts(con) == dict.fromkeys(RAW_TABLES, 0)


def test_loading_the_same_file_twice_changes_nothing(con, tmp_path: Path, mapping) -> None:
    archive = tmp_path / "archive"
    first = load_export(con, CORPUS / "07_onbekende_kern.csv", mapping, archive, today=TODAY)
    before = counts(con)
    archived = sorted(archive.rglob("*"))
    again = load_export(con, CORPUS / "07_onbekende_kern.csv", mapping, archive, today=TODAY)
    assert not first.already_loaded and again.already_loaded
    assert again.to_dict() == first.to_dict()
    assert (
        counts(con)
        == before
        == {
            "export_files": 1,
            "subsidies": 3,
            "kernagenda": 0,
            "export_rejects": 2,
            "export_corrections": 1,
        }
    )
    assert sorted(archive.rglob("*")) == archived


def test_newer_subsidy_export_replaces_the_same_regeling_and_year_only(con, tmp_path: Path, mapping) -> None:
    archive = tmp_path / "archive"
    older = write_subsidies(
        tmp_path / "older.csv",
        [
            ("Leefbaarheidsbudget", "Beesd", "A-1", "100", "01-03-2022"),
            ("Leefbaarheidsbudget", "Deil", "A-2", "200", "01-03-2022"),
            ("Leefbaarheidsbudget", "Beesd", "A-3", "300", "01-03-2023"),
            ("Kernenbudget", "Beesd", "A-4", "400", "01-03-2023"),
        ],
    )
    newer = write_subsidies(tmp_path / "newer.csv", [("Leefbaarheidsbudget", "Varik", "B-1", "500", "01-04-2023")])
    load_export(con, older, mapping, archive, today=TODAY)
    summary = load_export(con, newer, mapping, archive, today=TODAY)
    assert [(r["file"], r["rows"]) for r in summary.replaced] == [("older.csv", 1)]
    current = con.execute("select dossiernummer from raw.subsidies where is_current order by dossiernummer").fetchall()
    assert [d for (d,) in current] == ["A-1", "A-2", "A-4", "B-1"]
    superseded = con.execute("select dossiernummer, superseded_by from raw.subsidies where not is_current").fetchall()
    assert superseded == [("A-3", summary.sha256)]
    # The older file still has current rows: it is not superseded as a whole.
    files = dict(con.execute("select file_name, superseded_by from raw.export_files").fetchall())
    assert files == {"older.csv": None, "newer.csv": None}

    last = write_subsidies(
        tmp_path / "last.csv",
        [
            ("Leefbaarheidsbudget", "Beesd", "C-1", "100", "01-05-2022"),
            ("Kernenbudget", "Deil", "C-2", "100", "01-05-2023"),
        ],
    )
    final = load_export(con, last, mapping, archive, today=TODAY)
    files = dict(con.execute("select file_name, superseded_by from raw.export_files").fetchall())
    assert files == {"older.csv": final.sha256, "newer.csv": None, "last.csv": None}
    assert con.execute("select count(*) from raw.subsidies").fetchone()[0] == 7  # history kept


def test_kernagenda_replaces_per_kern_and_peildatum(con, tmp_path: Path, mapping) -> None:
    archive = tmp_path / "archive"
    spring = write_agenda(
        tmp_path / "kernagenda_2024-02-28.csv", [("Beesd", "1", "Idee"), ("Beesd", "2", "Idee"), ("Rumpt", "1", "Idee")]
    )
    autumn = write_agenda(tmp_path / "kernagenda_2024-11-29.csv", [("Beesd", "1", "Gerealiseerd")])
    spring_beesd = write_agenda(tmp_path / "beesd_2024-02-28.csv", [("Beesd", "1", "In onderzoek")])
    load_export(con, spring, mapping, archive, today=TODAY)
    load_export(con, autumn, mapping, archive, today=TODAY)
    # Another peildatum is another slice: both stay current, to show the change between them.
    assert con.execute("select count(*) from raw.kernagenda where is_current").fetchone()[0] == 4
    summary = load_export(con, spring_beesd, mapping, archive, today=TODAY)
    assert [(r["file"], r["rows"]) for r in summary.replaced] == [("kernagenda_2024-02-28.csv", 2)]
    current = con.execute(
        "select kern, cast(peildatum as varchar), nummer, status from raw.kernagenda where is_current order by all"
    ).fetchall()
    assert current == [
        ("Beesd", "2024-02-28", "1", "in onderzoek"),
        ("Beesd", "2024-11-29", "1", "gerealiseerd"),
        ("Rumpt", "2024-02-28", "1", "idee"),
    ]


def test_a_file_whose_rows_are_all_rejected_replaces_nothing(con, tmp_path: Path, mapping) -> None:
    archive = tmp_path / "archive"
    good = write_subsidies(tmp_path / "good.csv", [("Leefbaarheidsbudget", "Beesd", "A-1", "100", "01-03-2023")])
    bad = write_subsidies(tmp_path / "bad.csv", [("Leefbaarheidsbudget", "Beesd", "A-9", "-5", "01-03-2023")])
    load_export(con, good, mapping, archive, today=TODAY)
    summary = load_export(con, bad, mapping, archive, today=TODAY)
    assert (summary.accepted, summary.rejected, summary.replaced) == (0, 1, [])
    assert con.execute("select count(*) from raw.subsidies where is_current").fetchone()[0] == 1


def test_json_output_shape_and_exit_codes(tmp_path: Path, mapping) -> None:
    warehouse = tmp_path / "home" / "warehouse.duckdb"
    out = io.StringIO()
    code = load_export_command(
        str(CORPUS / "08_negatief_bedrag.csv"), True, warehouse, mapping, tmp_path / "archive", out=out
    )
    result = json.loads(out.getvalue())
    assert code == 0
    assert list(result) == ["file", "kind", "rows", "accepted", "rejected", "rejects", "rows_in", "skipped"]
    assert result["file"] == "08_negatief_bedrag.csv" and result["kind"] == "subsidies"
    assert (result["rows"], result["accepted"], result["rejected"]) == (4, 2, 2)
    assert result["rejects"][0] == {
        "row": 3,
        "column": "Bedrag toegekend",
        "value": "-50",
        "reason": "bedrag is negatief (-50,00); verwacht een bedrag van 0 of meer",
    }
    assert all(list(r) == ["row", "column", "value", "reason"] for r in result["rejects"])

    out = io.StringIO()
    code = load_export_command(str(CORPUS / "15_leeg.csv"), True, warehouse, mapping, tmp_path / "archive", out=out)
    assert code == 2
    assert json.loads(out.getvalue())["error"].startswith("15_leeg.csv: het bestand is leeg")


def test_text_output_is_a_dutch_summary(tmp_path: Path, mapping) -> None:
    warehouse = tmp_path / "home" / "warehouse.duckdb"
    out = io.StringIO()
    code = load_export_command(
        str(CORPUS / "07_onbekende_kern.csv"), False, warehouse, mapping, tmp_path / "archive", out=out
    )
    text = out.getvalue()
    assert code == 0
    assert "5 rijen gelezen: 3 opgenomen, 2 afgewezen." in text
    assert "rij 4, Kern 'Tiel': kern 'Tiel' is geen kern van gemeente GM1960" in text
    assert "Verbeterd: rij 3, Kern 'Herwijen' gelezen als 'Herwijnen'." in text
    assert "Niet ingelezen, want persoonsgegevens: Aanvrager." in text

    out = io.StringIO()
    code = load_export_command(
        str(CORPUS / "19_oud_excel.xls"), False, warehouse, mapping, tmp_path / "archive", out=out
    )
    assert code == 2 and out.getvalue().startswith("Niet geladen: 19_oud_excel.xls: dit is een oud Excel-bestand")
    out = io.StringIO()
    assert load_export_command(str(tmp_path / "weg.csv"), False, warehouse, mapping, tmp_path, out=out) == 2


def test_archive_holds_the_accepted_rows_in_the_published_format_and_reloads(con, tmp_path: Path, mapping) -> None:
    summary = load_export(con, CORPUS / "13_titelregels.xlsx", mapping, tmp_path / "archive", today=TODAY)
    assert summary.archive_path.exists() and summary.archive_path.suffix == ".csv"
    manifest = json.loads(summary.archive_path.with_suffix(".json").read_text("utf-8"))
    assert (manifest["rows"], manifest["accepted"], manifest["rejected"]) == (4, 3, 1)
    original = read_export(CORPUS / "13_titelregels.xlsx", mapping, today=TODAY)
    again = read_export(summary.archive_path, mapping, today=TODAY)
    keep = ["gemeentecode", "kern", "regeling", "dossiernummer", "jaar", "datum_besluit", "bedrag_toegekend", "status"]
    assert again.rejected == 0
    assert again.accepted[keep].equals(original.accepted[keep])


def _source_strings(path: Path) -> list[str]:
    """Every cell of a source file as text (independent of the reader under test)."""
    if path.suffix == ".xlsx":
        try:
            workbook = load_workbook(path, data_only=True)
        except Exception:
            return []
        return [str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    data = path.read_bytes()
    try:
        return [data.decode("utf-8-sig")]
    except UnicodeDecodeError:
        return [data.decode("cp1252", errors="replace")]


def personal_values() -> set[str]:
    """The invented names of both generators, and every e-mail address, IBAN and phone number in any test file."""
    values = set(_module(CORPUS / "make_corpus.py").PERSONAL_VALUES)
    values |= set(_module(EXAMPLES / "generate_examples.py").FICTIONAL_PEOPLE)
    pattern = re.compile(r"[\w.+-]+@[\w-]+\.\w+|NL\d{2}TEST\d{10}|\b0\d{1,3}-\d{6,8}\b")
    for path in [*CORPUS.iterdir(), *EXAMPLES.iterdir()]:
        if path.suffix in (".csv", ".xlsx"):
            for cell in _source_strings(path):
                values |= set(pattern.findall(cell))
    return values


def test_no_personal_value_reaches_any_file_of_the_warehouse_or_archive(tmp_path: Path, mapping) -> None:
    home = tmp_path / "home"
    warehouse, archive = home / "warehouse.duckdb", home / "archive"
    sources = sorted(p for p in [*CORPUS.iterdir(), *EXAMPLES.iterdir()] if p.suffix != ".py" and p.name != "README.md")
    home.mkdir()
    with duckdb.connect(str(warehouse)) as con:
        loaded = 0
        for path in sources:
            try:
                load_export(con, path, mapping, archive, today=TODAY)
                loaded += 1
            except Exception as exc:  # unreadable corpus files: nothing is stored for them
                assert type(exc).__name__ == "ExportFileError"
        con.execute("checkpoint")
    assert loaded >= 25

    values = personal_values()
    assert len(values) > 40  # names, e-mail addresses, phone numbers and IBANs
    stored = [p for p in home.rglob("*") if p.is_file()]
    blobs = {p: p.read_bytes().lower() for p in stored}
    # The control: a kept description is found in the bytes, so the search itself works on these files.
    assert any("café-avond in het dorpshuis".encode() in blob for p, blob in blobs.items() if p.suffix == ".duckdb")
    leaks = [
        (value, path.name)
        for value in sorted(values)
        for path, blob in blobs.items()
        for encoded in {value.lower().encode("utf-8"), value.lower().encode("cp1252", errors="ignore")}
        if encoded in blob
    ]
    assert leaks == []
