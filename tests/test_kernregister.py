"""The kernregister (issue 15): who works for a kern and its platforms, read with the same machinery as the other
exports: the shipped examples, rejects in Dutch with row and column, personal data dropped, idempotent loading and
the replacement of a gemeente's register; and the demo's marts (pipeline_home), with no e-mail or phone in them."""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ingest.exports import read_export
from ingest.exports_load import load_export
from ingest.kernen import load_kern_mapping

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "data" / "exports"
TODAY = date(2025, 6, 1)
HEADER = "Kern;Functie;Gebiedsmakelaar;Naam platform;Vorm platform;Kernagenda sinds;Website;E-mail;Telefoon"
CONTACT = re.compile(r"@|\b0\d[\d -]{8,}\b|\+31")
# File -> (gemeente, rows, accepted, rejected, officials, kernen): also in data/exports/README.md.
EXPECTED = {
    "VOORBEELD_West-Betuwe_kernregister_2024.csv": ("GM1960", 29, 27, 2, 7, 26),
    "VOORBEELD_Buren_kernregister_2024.csv": ("GM0214", 22, 20, 2, 4, 15),
}


@pytest.fixture(scope="module")
def mapping():
    return load_kern_mapping(REPO / "data" / "kernen" / "kern_buurt.csv")


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_register_reads_with_the_documented_counts(name: str, mapping) -> None:
    read = read_export(EXAMPLES / name, mapping, today=TODAY)
    gemeente, rows, accepted, rejected, officials, kernen = EXPECTED[name]
    assert (read.kind, read.gemeentecode, read.rows_read, len(read.accepted), read.rejected) == (
        "kernregister", gemeente, rows, accepted, rejected,
    )  # fmt: skip
    assert read.accepted["werknaam"].nunique() == officials and read.accepted["kern"].nunique() == kernen
    assert len(read.personal_columns) == 3  # contact person, e-mail and phone: never read
    assert not read.accepted.astype(str).apply(lambda c: c.str.contains(CONTACT)).any().any()
    readme = (EXAMPLES / "README.md").read_text("utf-8")
    assert f"| {rows} | {accepted} | {rejected} |" in readme


def test_generator_reproduces_the_shipped_registers(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_kernregister", EXAMPLES / "generate_kernregister.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.main(tmp_path):
        assert path.read_bytes() == (EXAMPLES / path.name).read_bytes(), path.name


def test_rejects_name_row_and_column_in_dutch_and_never_show_contact_details(tmp_path: Path, mapping) -> None:
    path = write(
        tmp_path / "kernregister.csv",
        "Beesd;gebiedsmakelaar;A. de Vries;Dorpsplatform Beesd;dorpsplatform;2022;www.beesd.example;a@b.invalid;06123",
        "Beesd;gebiedsmakelaar;P. Jansen;Werkgroep Beesd;werkgroep;2022;;;",  # a second official for Beesd
        "Rumpt;gebiedsmakelaar;a.devries@westbetuwe.invalid;Dorpsplatform Rumpt;dorpsplatform;2022;;;",
        "Deil;gebiedsmakelaar;A. de Vries 06-12345678;;;2021;;;",
        "Tuil;wethouder;A. de Vries;;;;;;",
        "Vuren;gebiedsmakelaar;A. de Vries;Dorpsclub Vuren;;2023;;;",  # a platform without its form
        "Spijk;gebiedsmakelaar;A. de Vries;Dorpsraad Spijk;kerkbestuur;2023;;;",
        "Est;gebiedsmakelaar;A. de Vries;Dorpsraad Est;dorpsraad;2023;mailto:info@est.invalid;;",
        "Beesd;gebiedsmakelaar;A. de Vries;Dorpsplatform Beesd;dorpstafel;2022;;;",  # the same platform twice
    )
    read = read_export(path, mapping, today=TODAY)
    assert (read.kind, read.gemeentecode, len(read.accepted), read.rejected) == ("kernregister", "GM1960", 1, 8)
    rejects = {int(r["row"]): r for r in read.rejects.to_dict("records")}
    assert (
        rejects[3]["column"] == "Gebiedsmakelaar"
        and "heeft op rij 2 al gebiedsmakelaar A. de Vries" in (rejects[3]["reason"])
    )
    for row in (4, 5):  # an e-mail address or a phone number where the work name belongs: rejected, never shown
        assert rejects[row]["column"] == "Gebiedsmakelaar" and rejects[row]["value"] == "(niet getoond)"
        assert "e-mailadres of telefoonnummer" in rejects[row]["reason"]
    assert "verwacht gebiedsmakelaar of kernambtenaar" in rejects[6]["reason"]
    assert rejects[7]["column"] == "Vorm platform" and "is leeg bij platform 'Dorpsclub Vuren'" in rejects[7]["reason"]
    assert "'kerkbestuur' is geen geldige waarde voor Vorm platform" in rejects[8]["reason"]
    assert rejects[9]["column"] == "Website" and rejects[9]["value"] == "(niet getoond)"
    assert "staat al platform 'Dorpsplatform Beesd' op rij 2" in rejects[10]["reason"]
    shown = read.rejects.astype(str).apply(lambda c: c.str.contains(CONTACT)).any().any()
    assert not shown, read.rejects
    assert read.accepted.iloc[0]["website"] == "https://www.beesd.example"


def test_loading_is_idempotent_and_a_newer_register_replaces_the_gemeentes_whole_register(
    tmp_path: Path, mapping
) -> None:
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    archive = tmp_path / "archive"
    eerste = write(
        tmp_path / "kernregister_2023.csv",
        "Beesd;gebiedsmakelaar;A. de Vries;Dorpsplatform Beesd;dorpsplatform;2022;;a@b.invalid;0612345678",
        "Rumpt;gebiedsmakelaar;A. de Vries;;;2022;;;",
    )
    first = load_export(con, eerste, mapping, archive, today=TODAY)
    again = load_export(con, eerste, mapping, archive, today=TODAY)
    assert (first.accepted, again.already_loaded) == (2, True)
    assert con.execute("select count(*) from raw.kernregister").fetchone()[0] == 2
    tweede = write(tmp_path / "kernregister_2024.csv", "Beesd;gebiedsmakelaar;B. Bakker;;;2022;;;")
    newer = load_export(con, tweede, mapping, archive, today=TODAY)
    assert newer.replaced and newer.replaced[0]["rows"] == 2
    current = con.execute("select kern, werknaam from raw.kernregister where is_current order by kern").fetchall()
    assert current == [("Beesd", "B. Bakker")]  # Rumpt is no longer in the register: no longer anyone's
    stored = " ".join(str(v) for row in con.execute("select * from raw.kernregister").fetchall() for v in row)
    archived = " ".join(p.read_text("utf-8") for p in archive.rglob("*.*"))
    assert not CONTACT.search(stored) and not CONTACT.search(archived)
    con.close()


def test_demo_register_in_the_marts_without_contact_details(pipeline_home) -> None:
    """The demo loads both example registers: 7 gebiedsmakelaars over West Betuwe's 26 kernen, 4 kernambtenaren
    over Buren's 15; no e-mail address or phone number reaches the warehouse or the published marts."""
    con = duckdb.connect(str(pipeline_home.serving_path), read_only=True)
    try:
        per_gemeente = con.execute(
            "select gemeentecode, count(distinct gebiedsmakelaar), count(*), sum(aantal_platforms)"
            " from marts.kernregister group by all order by 1"
        ).fetchall()
        assert per_gemeente == [("GM0214", 4, 15, 20), ("GM1960", 7, 26, 24)]
        vormen = {v for (v,) in con.execute("select distinct platformvorm from marts.kern_platforms").fetchall()}
        assert {"dorpsplatform", "dorpstafel", "dorpsraad", "werkgroep", "signaleringsgroep"} <= vormen
        for tabel in ("kernregister", "kern_platforms"):
            values = " ".join(str(v) for row in con.execute(f"select * from marts.{tabel}").fetchall() for v in row)
            assert not CONTACT.search(values), tabel
    finally:
        con.close()
    warehouse = duckdb.connect(str(pipeline_home.warehouse_path), read_only=True)
    try:
        raw = " ".join(str(v) for row in warehouse.execute("select * from raw.kernregister").fetchall() for v in row)
        assert "voorbeeld.invalid" not in raw and "Jan Voorbeeld" not in raw and not CONTACT.search(raw)
    finally:
        warehouse.close()


def test_narrowing_parameter_is_read_kept_and_applied_in_one_place() -> None:
    import pandas as pd

    from dashboards.context import met_vernauwing, vernauwde_parameters, vernauwing_uit

    assert vernauwing_uit("?gebiedsmakelaar=A.%20de%20Vries%20(VOORBEELD)&x=1") == "A. de Vries (VOORBEELD)"
    assert vernauwing_uit("?gebiedsmakelaar=") is None and vernauwing_uit("") is None
    assert met_vernauwing("/kern/Beesd", "A. de Vries") == "/kern/Beesd?gebiedsmakelaar=A.%20de%20Vries"
    assert met_vernauwing("/doelen?gemeente=GM1960#lijst", "A") == "/doelen?gemeente=GM1960&gebiedsmakelaar=A#lijst"
    assert met_vernauwing("/?gebiedsmakelaar=", "A") == "/?gebiedsmakelaar="  # a link that ends the narrowing
    assert met_vernauwing("https://example.org/", "A") == "https://example.org/"
    kernen = pd.DataFrame({"gemeentecode": ["GM1960", "GM1960"], "kern": ["Beesd", "Rumpt"]})
    gelezen = {"gemeente", "kern"}
    assert vernauwde_parameters({}, kernen, gelezen) == {"gemeente": "GM1960", "kern": "Beesd,Rumpt"}
    assert vernauwde_parameters({"kern": "Rumpt"}, kernen, gelezen)["kern"] == "Rumpt"  # the URL's own choice wins
    assert vernauwde_parameters({}, kernen, set()) == {}


def test_the_werknaam_check_and_the_scrubber_know_the_same_contact_details() -> None:
    """One definition of an e-mail address and a phone number (ingest.exports_values): what rejects a werknaam is
    what the scrubber removes from every export's text, and a werknaam with a year span is no phone number."""
    from ingest.exports import SCRUBBED, _scrubber
    from ingest.exports_kernregister import holds_contact_details

    scrub = _scrubber(set())
    for tekst in (
        "A. de Vries 06-12345678",
        "A. de Vries +31 30 123 4567",
        "A. de Vries 0031 6 1234 5678",
        "a.devries@westbetuwe.invalid",
    ):
        assert holds_contact_details(tekst) and SCRUBBED in scrub(tekst), tekst
    for tekst in ("A. de Vries", "A. de Vries (2023-2024)", "team 2023 0412"):
        assert not holds_contact_details(tekst) and scrub(tekst) == tekst, tekst
