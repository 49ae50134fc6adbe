"""Goals (doelen): the goals file read by the export machinery, the mart's path and status checked by hand against
marts.kern_indicators, and the goals on the Doelen page, the kern profile, the kern PDF and the kern XLSX."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from ingest.exports import read_export
from ingest.exports_load import load_export, summary_text
from ingest.kernen import load_kern_mapping
from ingest.kerngroepen import load_kern_groups

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "data" / "exports"
TODAY = date(2025, 6, 1)
HEADER = (
    "Kern of groep;Gemeente;Indicator;Doel;Basisjaar;Basiswaarde;Streefwaarde;Streefjaar;Richting;Eigenaar;"
    "Programma;Brondocument;Contactpersoon\n"
)
# File -> (gemeente, rows, accepted, rejected): also stated in data/exports/README.md.
EXAMPLE_COUNTS = {
    "VOORBEELD_Buren_doelen_2024.csv": ("GM0214", 5, 4, 1),
    "VOORBEELD_West-Betuwe_doelen_2024.csv": ("GM1960", 7, 5, 2),
}


@pytest.fixture(scope="module")
def mapping() -> pd.DataFrame:
    return load_kern_mapping(REPO / "data" / "kernen" / "kern_buurt.csv")


@pytest.fixture(scope="module")
def groups(mapping) -> pd.DataFrame:
    return load_kern_groups(REPO / "data" / "kernen" / "kerngroepen.csv", mapping)


@pytest.fixture
def con(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    yield connection
    connection.close()


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


GOOD = [
    "Asperen;GM1960;bijstand_per_1000;Minder bijstand;2019;;12,5;2025;lager is beter;beleidsadviseur;sociale kracht;"
    "Spoorboekje;Jan Voorbeeld",
    "gemeente;GM1960;Groei woningvoorraad;Meer woningen;2020;;1,3;2025;;programmamanager;woningbouw;Woonvisie;",
    "Herwijen;GM1960;Leefbaarometer-score;Leefbaarder;2024;;7;2028;;gebiedsmakelaar;;Kernagenda;",
    # a survey question kernmonitor does not hold (yet): accepted by its code with a baseline and a direction
    "gemeente;GM1960;tevreden_dienstverlening;Tevreden;2019;6,0;7,0;2023;hoger is beter;college;;Peiling;",
]
BAD = [
    # unknown kern (no group either)
    "Atlantis;GM1960;bijstand_per_1000;x;2019;;12,5;2025;;beleidsadviseur;;Doc;",
    # unknown indicator (not a code, not a label)
    "Beesd;GM1960;Aantal blije inwoners!;x;2019;;12,5;2025;;beleidsadviseur;;Doc;",
    # target year before the baseline year
    "Beesd;GM1960;bijstand_per_1000;x;2024;;12,5;2022;;beleidsadviseur;;Doc;",
    # an indicator kernmonitor does not hold, without a baseline value
    "gemeente;GM1960;tevredenheid_groen;x;2019;;7,0;2023;hoger is beter;college;;Peiling;",
    # a person's name as the owner
    "Beesd;GM1960;bijstand_per_1000;x;2019;;12,5;2026;;Piet Fictief;;Doc;",
    # a catalogue indicator without a direction, and none given
    "Beesd;GM1960;aandeel_65_plus;x;2019;;20;2026;;beleidsadviseur;;Doc;",
    # a kern of the other gemeente
    "Maurik;GM1960;bijstand_per_1000;x;2019;;12,5;2026;;beleidsadviseur;;Doc;",
    # the same kern, indicator and target year twice
    "Asperen;GM1960;bijstand_per_1000;Nog eens;2020;;12,0;2025;lager is beter;beleidsadviseur;;Doc;",
]


def test_goals_file_keeps_good_rows_and_rejects_bad_ones_with_reasons(tmp_path: Path, mapping, groups) -> None:
    read = read_export(write(tmp_path / "doelen_west-betuwe.csv", GOOD + BAD), mapping, today=TODAY, groups=groups)
    assert (read.kind, read.gemeentecode, read.rows_read, len(read.accepted), read.rejected) == (
        "doelen",
        "GM1960",
        12,
        4,
        8,
    )
    assert read.personal_columns == ["Contactpersoon"]
    accepted = read.accepted.set_index("bronrij")
    assert accepted.loc[2, ["scope", "scope_soort", "richting"]].tolist() == ["Asperen", "kern", "lager is beter"]
    assert accepted.loc[3, ["scope_soort", "indicator_id", "richting"]].tolist() == [
        "gemeente",
        "groei_woningvoorraad",  # the label, read as the catalogue's code
        "hoger is beter",  # the catalogue's direction
    ]
    assert accepted.loc[4, "scope"] == "Herwijnen"  # a typo, corrected and reported
    assert read.corrections["corrected"].tolist() == ["Herwijnen"]
    assert not bool(accepted.loc[5, "in_catalogus"]) and accepted.loc[5, "basiswaarde"] == 6.0
    assert pd.isna(accepted.loc[2, "basiswaarde"])  # empty: from the data
    rejects = {int(r.row): r for r in read.rejects.itertuples()}
    assert set(rejects) == set(range(6, 14))
    assert rejects[6].column == "Kern of groep" and "geen kern of groep van gemeente GM1960" in rejects[6].reason
    assert rejects[7].column == "Indicator" and "geen indicator uit de catalogus" in rejects[7].reason
    assert rejects[8].column == "Streefjaar" and "verwacht een streefjaar na het basisjaar" in rejects[8].reason
    assert rejects[9].column == "Basiswaarde" and "nog) niet in de catalogus" in rejects[9].reason
    assert rejects[10].column == "Eigenaar" and rejects[10].value == "(niet getoond)"
    assert "Piet" not in " ".join(read.rejects["reason"])
    assert rejects[11].column == "Richting" and "hoger is beter of lager is beter" in rejects[11].reason
    assert "hoort bij gemeente GM0214" in rejects[12].reason
    assert "op rij 2" in rejects[13].reason
    assert all("verwacht" in reason for reason in read.rejects["reason"])


def test_a_group_scope_needs_the_group(tmp_path: Path, mapping, groups) -> None:
    path = tmp_path / "doelen_buren.csv"
    write(path, ["pilot;GM0214;bijstand_per_1000;x;2021;;13,8;2026;;gebiedsmakelaar;;Doc;"])
    with_groups = read_export(path, mapping, today=TODAY, groups=groups)
    assert with_groups.accepted[["scope", "scope_soort"]].values.tolist() == [["pilot", "groep"]]
    without = read_export(path, mapping, today=TODAY)
    assert without.rejected == 1 and "geen kern of groep" in without.rejects["reason"].iloc[0]


def test_loading_is_idempotent_and_a_newer_goals_file_replaces_the_gemeente(tmp_path: Path, con, mapping) -> None:
    con.execute("create schema raw")
    con.execute("create table raw.kern_groepen as select * from (values ('GM0214', 'pilot')) t(gemeentecode, groep)")
    first = write(tmp_path / "doelen_1.csv", GOOD)
    summary = load_export(con, first, mapping, tmp_path / "archief", today=TODAY)
    assert (summary.kind, summary.accepted, summary.rejected) == ("doelen", 4, 0)
    assert "doelenbestand van gemeente GM1960" in summary_text(summary)
    again = load_export(con, first, mapping, tmp_path / "archief", today=TODAY)
    assert again.already_loaded and again.accepted == 4
    assert con.execute("select count(*) from raw.doelen").fetchone()[0] == 4
    second = write(tmp_path / "doelen_2.csv", GOOD[:2])
    load_export(con, second, mapping, tmp_path / "archief", today=TODAY)
    current = con.execute("select count(*) from raw.doelen where is_current").fetchone()[0]
    assert current == 2 and con.execute("select count(*) from raw.doelen").fetchone()[0] == 6
    # The archive copy holds no personal column and reads back to the same goals.
    archive = summary.archive_path
    assert "Jan Voorbeeld" not in archive.read_text("utf-8")
    reread = read_export(archive, mapping, today=TODAY)
    assert len(reread.accepted) == 4 and reread.rejected == 0


@pytest.mark.parametrize("name", sorted(EXAMPLE_COUNTS))
def test_example_goals_read_with_the_documented_counts(name: str, mapping, groups) -> None:
    read = read_export(EXAMPLES / name, mapping, today=TODAY, groups=groups)
    assert (read.kind, read.gemeentecode, read.rows_read, len(read.accepted), read.rejected) == (
        "doelen",
        *EXAMPLE_COUNTS[name],
    )
    assert read.personal_columns
    gemeente, rows, accepted, rejected = EXAMPLE_COUNTS[name]
    assert f"| {rows} | {accepted} | {rejected} |" in (EXAMPLES / "README.md").read_text("utf-8")


def test_format_page_goals_example_loads_without_rejects(tmp_path: Path, mapping) -> None:
    page = (REPO / "docs" / "exports-formaat.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```\n(.*?)```", page, flags=re.DOTALL) if b.startswith("Kern of groep"))
    path = tmp_path / "doelen.csv"
    path.write_text(block, encoding="utf-8")
    read = read_export(path, mapping, today=TODAY)
    assert read.kind == "doelen" and read.rejected == 0 and len(read.accepted) == block.count("\n") - 1


# The mart, by hand ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def serving(serving_path: Path):
    connection = duckdb.connect(str(serving_path), read_only=True)
    yield connection
    connection.close()


def _goal(serving, scope: str, indicator_id: str) -> pd.DataFrame:
    return serving.execute(
        "select * from marts.kern_doelen where scope = ? and indicator_id = ? order by jaar", [scope, indicator_id]
    ).df()


def _status(value, path, target, base, lower_is_better: bool, margin: float = 0.1) -> str:
    sign = -1 if lower_is_better else 1
    if pd.isna(value):
        return "geen gegevens"
    if (value - target) * sign >= 0:
        return "behaald"
    return "op koers" if (value - path) * sign >= -margin * abs(target - base) else "achter"


def test_kern_goal_path_and_status_by_hand(serving) -> None:
    """Asperen, bijstand per 1.000 from its 2019 value to 12,5 in 2025 (lower is better), checked per year."""
    goal = _goal(serving, "Asperen", "bijstand_per_1000")
    values = serving.execute(
        "select jaar, waarde from marts.kern_indicators where kern = 'Asperen' and indicator_id = 'bijstand_per_1000'"
    ).df()
    by_year = dict(zip(values["jaar"], values["waarde"], strict=True))
    base = by_year[2019]
    latest = int(values["jaar"].max())
    assert goal["jaar"].tolist() == list(range(2019, max(2025, latest) + 1))
    for row in goal.itertuples():
        path = 12.5 if row.jaar >= 2025 else base + (12.5 - base) * (row.jaar - 2019) / (2025 - 2019)
        value = by_year.get(row.jaar)
        assert row.basiswaarde == pytest.approx(base) and bool(row.basis_uit_gegevens)
        assert row.pad_waarde == pytest.approx(path)
        if value is None or pd.isna(value):
            assert pd.isna(row.waarde) and row.status == "geen gegevens" and row.reden
        else:
            assert row.waarde == pytest.approx(value)
            assert row.afstand_tot_pad == pytest.approx(path - value)  # lower is better: below the path is ahead
            assert row.status == _status(value, path, 12.5, base, lower_is_better=True), row.jaar
    assert set(goal["status"]) >= {"op koers", "achter"}
    assert bool(goal["voorbeeld"].all()) and bool(goal.loc[goal["waarde"].notna(), "synthetisch"].all())


def test_gemeente_goal_uses_the_gemeente_figure(serving) -> None:
    """Buren's housing growth from 2020 to 1,3 in 2025: the gemeente's own figure, not a sum over the kernen."""
    goal = _goal(serving, "gemeente", "groei_woningvoorraad")
    goal = goal[goal["gemeentecode"] == "GM0214"]
    figures = serving.execute(
        "select jaar, max(gemeente_waarde) as waarde from marts.kern_indicators"
        " where gemeentecode = 'GM0214' and indicator_id = 'groei_woningvoorraad' group by jaar"
    ).df()
    by_year = dict(zip(figures["jaar"], figures["waarde"], strict=True))
    base = by_year[2020]
    for row in goal.itertuples():
        path = 1.3 if row.jaar >= 2025 else base + (1.3 - base) * (row.jaar - 2020) / 5
        assert row.pad_waarde == pytest.approx(path)
        value = by_year.get(row.jaar)
        expected = "geen gegevens" if value is None or pd.isna(value) else _status(value, path, 1.3, base, False)
        assert row.status == expected, row.jaar


def test_buren_survey_goal_is_measured_on_the_burgerpeiling(serving) -> None:
    # The burgerpeiling is a catalogue indicator since resident surveys (docs/enquetes.md): the example surveys give
    # Buren's goal the weighted gemeente figure of 2019 and 2023; the other years have no measurement.
    goal = _goal(serving, "gemeente", "burgerpeiling_betrekt_inwoners")
    assert len(goal) >= 5 and goal["in_catalogus"].all()
    assert sorted(goal.loc[goal["waarde"].notna(), "jaar"]) == [2019, 2023]
    assert set(goal.loc[goal["waarde"].isna(), "status"]) == {"geen gegevens"}
    first, target = goal.iloc[0], goal[goal["jaar"] == 2023].iloc[0]
    assert (first["basiswaarde"], first["pad_waarde"], target["pad_waarde"]) == (6.0, 6.0, 7.0)


def test_group_goal_has_one_status_per_year(serving) -> None:
    goal = _goal(serving, "pilot", "bijstand_per_1000")
    assert not goal.empty and set(goal["scope_soort"]) == {"groep"}
    assert goal["waarde"].notna().any() and goal["pad_waarde"].notna().all()
    assert goal.groupby("jaar").size().max() == 1


# What a user sees -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data(serving_path: Path):
    from dashboards.data import ServingData

    return ServingData(serving_path)


def test_doelen_page_shows_the_spoorboekje_with_status_words_and_voorbeeld(serving_path: Path) -> None:
    import sys

    from dash import html

    from dashboards.app import create_app
    from tests.test_dashboard import texts

    app = create_app(serving_path)
    with app.server.test_request_context():
        page = sys.modules["pages.doelen"]
        layout = " ".join(texts(page.layout(gemeente="GM0214")))
        assert "Hoe bepalen we de status?" in layout and "VOORBEELD" in layout
        samenvatting, lijst = page.toon("GM0214", None, None, None)
        text = " ".join(texts(html.Div(lijst)))
        assert samenvatting.startswith("4 doelen")
        assert "Doelen voor 2023" in text and "Gemeente betrekt inwoners (burgerpeiling)" in text
        assert "Achter" in text and "groep pilot" in text and "VOORBEELD" in text
        _, alleen_achter = page.toon("GM1960", None, ["achter"], None)
        woorden = texts(html.Div(alleen_achter))
        assert "Achter" in woorden and "Behaald" not in woorden
    assert app.server.test_client().get("/doelen").status_code == 200


def test_kern_profile_pdf_and_xlsx_show_the_goals(data, tmp_path: Path) -> None:
    from dashboards.briefing.context import kern_context
    from dashboards.briefing.pdf import onepager_pdf
    from dashboards.briefing.xlsx import gemeente_werkboek, kern_werkboek
    from dashboards.views import kernprofiel

    profiel = str(kernprofiel.profiel_pagina(data, "Zoelen", "GM0214"))
    assert "sectie-doelen" in profiel and "groep pilot" in profiel  # a group goal on a member kern's profile
    assert "sectie-doelen" not in str(kernprofiel.profiel_pagina(data, "Tricht", "GM1960"))

    ctx = kern_context(data, "GM1960", "Asperen")
    pdf = tmp_path / "asperen.pdf"
    pdf.write_bytes(onepager_pdf(ctx))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("\f") == 1  # still one page
    status = _goal(duckdb.connect(str(data.path), read_only=True), "Asperen", "bijstand_per_1000")
    stand = status[status["is_huidige_stand"]].iloc[0]
    woord = {"achter": "Achter", "op koers": "Op koers", "behaald": "Behaald"}[stand["status"]]
    flat = " ".join(text.split())
    assert "Doelen (VOORBEELD)" in flat and f"{woord}: Bijstand" in flat and "naar 12,5" in flat

    wb = load_workbook(io.BytesIO(kern_werkboek(ctx)))
    assert "Doelen" in wb.sheetnames
    rows = list(wb["Doelen"].iter_rows(values_only=True))
    header = rows[0]
    records = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert {r["Voorbeeld"] for r in records} == {"VOORBEELD"}
    current = [r for r in records if r["Huidige stand"] == "ja"]
    assert len(current) == 1 and current[0]["Status"] == stand["status"]
    assert current[0]["Streefwaarde"] == 12.5 and current[0]["Jaar"] == int(stand["jaar"])
    toelichting = " ".join(str(c) for row in wb["Toelichting"].iter_rows(values_only=True) for c in row if c)
    assert "Op koers: nog niet" in toelichting
    gemeente = load_workbook(io.BytesIO(gemeente_werkboek(data, "GM0214")))
    assert gemeente["Doelen"].max_row == 1 + len(data.doelen("GM0214"))
