"""Resident surveys end to end on the session's demo build (the example surveys in data/exports/ load with it):
privacy below enquete_min_n in every mart, page and export; survey figures as catalogue indicators (the Buren
burgerpeiling goal resolves); rejects with file, row and column; an idempotent re-load.

Every page and export reads only the marts of serving.duckdb (README, "How the pieces fit"); so the privacy test
checks the marts for any trace of a hidden figure, and then renders the profile and every export format of a kern
that is hidden, to see that they say so and show no value.
"""

from __future__ import annotations

import io
import shutil

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboards import briefing, components
from dashboards.data import ServingData
from dashboards.tekst_tabel import TekstTabel
from dashboards.views.kernprofiel import profiel_pagina
from ingest.exports import read_export
from ingest.exports_load import ensure_export_tables, load_export
from ingest.kernen import load_kern_mapping
from kernmonitor.config import REPO_ROOT

BUREN = "GM0214"
EXAMPLES = REPO_ROOT / "data" / "exports"
SURVEY_INDICATORS_SQL = "select indicator_id from marts.indicator_catalogus where berekening = 'export_enquete'"


@pytest.fixture(scope="module")
def serving(serving_path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(serving_path), read_only=True)
    yield con
    con.close()


def _text(component) -> str:
    """All text of a Dash component tree."""
    if component is None or isinstance(component, bool):
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    if isinstance(component, TekstTabel):
        return " ".join(component.teksten())
    return _text(getattr(component, "children", None))


def test_the_demo_loads_the_example_surveys_and_no_respondent_row_leaves_raw(pipeline_home, serving):
    with duckdb.connect(str(pipeline_home.warehouse_path), read_only=True) as con:
        respondents = con.execute(
            "select gemeentecode, count(distinct meting || respondent) from raw.enquete where is_current group by 1"
        ).fetchall()
    assert dict(respondents).keys() == {"GM0214", "GM1960"}
    assert sum(n for _, n in respondents) > 2000  # a few thousand respondents in all
    columns = {c for (c,) in serving.execute("select distinct column_name from information_schema.columns").fetchall()}
    assert not columns & {"respondent", "antwoord_getal", "antwoord_keuze", "postcode", "buurtcode_respondent"}
    metingen = serving.execute("select distinct meting from marts.kern_enquete").fetchall()
    assert {"Burgerpeiling 2019", "Burgerpeiling 2023"} <= {m for (m,) in metingen}


def test_no_mart_page_or_export_reveals_a_kern_below_enquete_min_n(serving, serving_path, tmp_path):
    enquete = serving.execute("select * from marts.kern_enquete").df()
    min_n = int(enquete["min_n"].iloc[0])
    assert min_n == 10
    areas = enquete[enquete["gebied_soort"].isin(["kern", "gemeente"])]
    small = areas[areas["n"] < min_n]
    assert len(small) > 0 and small["verborgen"].all()
    hidden = areas[areas["verborgen"]]
    assert hidden[["waarde", "ondergrens", "bovengrens", "n_effectief", "vorige_waarde"]].isna().all().all()
    assert hidden["reden"].str.contains(r"\(n = \d+\)").all()
    # Gemeente minus the shown kernen never isolates fewer than min_n respondents (secondary suppression).
    question = ["gemeentecode", "meting", "vraag_id", "categorie", "maat"]
    kernen = enquete[enquete["gebied_soort"] == "kern"].fillna({"categorie": ""})
    with_gemeente = enquete[enquete["gebied_soort"] == "gemeente"].fillna({"categorie": ""})[question]
    residual = kernen[kernen["verborgen"]].merge(with_gemeente, on=question).groupby(question)["n"].sum()
    assert len(residual) > 0 and ((residual == 0) | (residual >= min_n)).all()

    # The catalogue indicators of a hidden kern have no value, in every mart that holds kern values.
    indicators = {i for (i,) in serving.execute(SURVEY_INDICATORS_SQL).fetchall()}
    assert "burgerpeiling_betrekt_inwoners" in indicators
    hidden_kern = kernen[kernen["verborgen"] & (kernen["vraag_id"] == "betrekt_inwoners")][
        ["gemeentecode", "kern", "jaar"]
    ]
    assert ("GM0214", "Asch") in set(zip(hidden_kern["gemeentecode"], hidden_kern["kern"], strict=True))
    for mart in ("kern_indicators", "kern_profiel", "kern_oordelen"):
        rows = serving.execute(
            f"select gemeentecode, kern, jaar, waarde from marts.{mart}"
            " where indicator_id = 'burgerpeiling_betrekt_inwoners'"
        ).df()
        leaked = rows.merge(hidden_kern, on=["gemeentecode", "kern", "jaar"])
        assert leaked["waarde"].isna().all(), (mart, leaked)
    status = serving.execute(
        "select status from marts.kern_indicators where gemeentecode = ? and kern = 'Asch' and jaar = 2019"
        " and indicator_id = 'burgerpeiling_betrekt_inwoners'",
        [BUREN],
    ).fetchone()[0]
    assert status == "geen gegevens: te weinig respondenten (n = 7)"

    data = ServingData(serving_path)
    page = _text(profiel_pagina(data, "Asch", BUREN))
    assert "Wat inwoners zeggen" in page and "te weinig respondenten (n = 7)" in page

    # Every export format for the hidden kern (and the gemeente-wide ones) is made, and the XLSX holds no value for
    # any survey indicator of Asch.
    for fmt in briefing.FORMATEN:
        kern = None if fmt in ("effectmeting", "jaarbeeld") else "Asch"
        paths = briefing.export_batch(data, tmp_path / fmt, fmt, gemeentecode=BUREN, kern=kern)
        assert paths, fmt
    workbook = load_workbook(io.BytesIO(briefing.kern_xlsx(data, BUREN, "Asch")))
    seen = 0
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if not rows or "Indicator-id" not in rows[0] or "Waarde" not in rows[0]:
            continue
        header = list(rows[0])
        for row in rows[1:]:
            if row[header.index("Indicator-id")] in indicators:
                seen += 1
                assert row[header.index("Waarde")] in (None, ""), (sheet.title, row)
    assert seen > 0


def test_the_burgerpeiling_goal_resolves_to_the_survey_indicator(serving):
    goal = serving.execute(
        "select jaar, waarde, status, in_catalogus from marts.kern_doelen"
        " where gemeentecode = ? and indicator_id = 'burgerpeiling_betrekt_inwoners' order by jaar",
        [BUREN],
    ).df()
    assert goal["in_catalogus"].all()
    measured = goal.dropna(subset=["waarde"])
    assert list(measured["jaar"]) == [2019, 2023]
    assert measured["waarde"].iloc[0] == pytest.approx(6.0, abs=0.3)  # drawn around Buren's real 6,0 of 2019
    assert "geen gegevens" not in set(measured["status"])


def test_survey_rejects_name_file_row_and_column(pipeline_home):
    with duckdb.connect(str(pipeline_home.warehouse_path), read_only=True) as con:
        rejects = con.execute(
            "select file_name, row_number, column_name, reason from raw.export_rejects"
            " where file_name like '%burgerpeiling_2019-2023%' order by file_name, row_number"
        ).df()
    buren = rejects[rejects["file_name"].str.contains("Buren")]
    assert list(buren["column_name"]) == ["Antwoord", "Buurtcode"]
    assert "geen rapportcijfer" in buren["reason"].iloc[0]
    assert "BU99999999" in buren["reason"].iloc[1]
    west_betuwe = rejects[rejects["file_name"].str.contains("West-Betuwe")]
    assert "Atlantis" in west_betuwe["reason"].iloc[1]


def test_a_survey_loads_once_and_drops_free_text_and_postcodes(tmp_path):
    mapping = load_kern_mapping(REPO_ROOT / "data" / "kernen" / "kern_buurt.csv")
    source = EXAMPLES / "VOORBEELD_Buren_huishoudenenquete_pilot_2019.csv"
    path = tmp_path / source.name
    shutil.copy(source, path)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_export_tables(con)
        first = load_export(con, path, mapping, tmp_path / "archief")
        second = load_export(con, path, mapping, tmp_path / "archief")
        assert not first.already_loaded and second.already_loaded
        assert con.execute("select count(*) from raw.enquete_resultaten").fetchone()[0] == first.accepted == 12
    # A respondent file: the Postcode column is dropped, an open answer is never kept.
    rows = [
        "Meting;Datum meting;Respondent;Kern;Postcode;Vraag-id;Schaal;Antwoord",
        "Peiling;01-10-2023;R1;Ingen;4031 AB;toelichting;open;Mijn buurman Jan de Vries is boos",
        "Peiling;01-10-2023;R1;Ingen;4031 AB;gehoord;eens_oneens;mee eens",
    ]
    survey = tmp_path / "GM0214_peiling.csv"
    survey.write_text("\n".join(rows), encoding="utf-8")
    read = read_export(survey, mapping)
    assert read.personal_columns == ["Postcode"]
    assert "4031" not in read.accepted.to_csv() and "Vries" not in read.accepted.to_csv()
    assert list(read.accepted["antwoord_getal"].astype(float).fillna(-1)) == [-1, 4.0]
    assert pd.isna(read.accepted["antwoord_keuze"]).all()


def test_free_text_in_a_scale_column_is_rejected_without_quoting_it(tmp_path):
    mapping = load_kern_mapping(REPO_ROOT / "data" / "kernen" / "kern_buurt.csv")
    rows = [
        "Meting;Datum meting;Respondent;Kern;Vraag-id;Schaal;Antwoord",
        "Peiling;01-10-2023;R1;Ingen;cijfer;rapportcijfer;Mijn buurman Piet Jansen op de Dorpsstraat",
        "Peiling;01-10-2023;R2;Ingen;gehoord;eens_oneens;Piet Jansen luistert nooit",
        "Peiling;01-10-2023;R3;Ingen;veilig;ja_nee;Alleen als Piet Jansen er niet is",
        "Peiling;01-10-2023;R4;Ingen;vervoer;keuze;Ik rijd altijd mee met Piet Jansen naar de stad toe",
        "Peiling;01-10-2023;R5;Ingen;cijfer;rapportcijfer;7",
    ]
    survey = tmp_path / "GM0214_peiling.csv"
    survey.write_text("\n".join(rows), encoding="utf-8")
    read = read_export(survey, mapping)
    assert len(read.accepted) == 1
    assert list(read.rejects["column"]) == ["Antwoord"] * 4
    assert set(read.rejects["value"]) == {"(niet getoond)"}
    assert "het antwoord is geen rapportcijfer" in read.rejects["reason"].iloc[0]
    assert "Jansen" not in read.rejects.to_csv()


def _survey_verdicts(serving) -> pd.DataFrame:
    """Every verdict on a survey figure with the kern's interval of that figure (the latest measurement of its year)."""
    seed = pd.read_csv(REPO_ROOT / "dbt_project" / "seeds" / "indicators.csv")
    serving.register("survey_seed", seed[seed["berekening"] == "export_enquete"])
    return serving.execute(
        """
        with interval as (
            select gemeentecode, kern, vraag_id, maat, jaar, ondergrens, bovengrens, gewogen
            from marts.kern_enquete
            where gebied_soort = 'kern' and categorie is null
            qualify row_number() over (
                partition by gemeentecode, kern, vraag_id, maat, jaar order by datum desc, meting desc) = 1
        )
        select o.gemeentecode, o.kern, o.indicator_id, o.oordeel, o.reden, o.waarde, o.gemeente_waarde,
               i.ondergrens * s.factor as ondergrens, i.bovengrens * s.factor as bovengrens
        from marts.kern_oordelen as o
        join survey_seed as s on o.indicator_id = s.indicator_id
        left join interval as i
            on o.gemeentecode = i.gemeentecode and o.kern = i.kern and o.jaar = i.jaar
            and s.teller = i.vraag_id and s.noemer = i.maat
        where o.waarde is not null and o.gemeente_waarde is not null
        """
    ).df()


def test_a_survey_figure_gets_a_verdict_only_outside_its_margin(serving):
    verdicts = _survey_verdicts(serving)
    outside = (verdicts["ondergrens"] > verdicts["gemeente_waarde"]) | (
        verdicts["bovengrens"] < verdicts["gemeente_waarde"]
    )
    inside = verdicts[~outside.fillna(False).astype(bool)]
    assert len(inside) > 0 and len(verdicts) > len(inside)  # the demo has both
    assert set(inside["oordeel"]) == {"geen oordeel"}
    assert inside["reden"].str.startswith("het verschil met de gemeente valt binnen de foutmarge").all()
    assert set(verdicts.loc[outside.fillna(False).astype(bool), "oordeel"]) != {"geen oordeel"}


def test_every_survey_figure_says_whether_it_is_weighted_and_why_one_is_missing(serving):
    rows = serving.execute(
        f"select k.gemeentecode, k.kern, k.jaar, k.waarde, k.status from marts.kern_indicators as k"
        f" where k.indicator_id in ({SURVEY_INDICATORS_SQL})"
    ).df()
    shown = rows[rows["waarde"].notna()]
    assert set(shown["status"]) <= {"enquête, gewogen naar leeftijd en geslacht", "enquête, ongewogen"}
    assert len(shown) > 0
    # Buren loaded its burgerpeiling (2019 and 2023): no survey row says that no export was loaded.
    buren = rows[rows["gemeentecode"] == BUREN]
    assert "geen gegevens: geen export van de gemeente geladen" not in set(buren["status"])
    assert "geen gegevens: geen meting in dit jaar" in set(buren.loc[buren["jaar"] == 2021, "status"])
    uitleg = serving.execute(
        f"select uitleg from marts.indicator_catalogus where indicator_id in ({SURVEY_INDICATORS_SQL})"
    ).df()
    assert not uitleg["uitleg"].str.contains("gewogen naar leeftijd").any()
    assert components.status_tekst({"status": "enquête, ongewogen"}) == "Enquête, ongewogen"
