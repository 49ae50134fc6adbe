"""Own figures (eigen cijfers): reading and rejecting, loading and reloading, the shipped VOORBEELD figures in the
catalogue and on the Kansenkaart. How they aggregate by their rule is tested on the proefgemeente, in
tests/test_kern_aggregation.py (test_own_figures_aggregate_by_their_rule), which builds that case once already."""

from __future__ import annotations

import importlib.util
import io
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from ingest.exports import read_export
from ingest.exports_load import load_export, load_export_command
from ingest.kernen import load_kern_mapping

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "data" / "exports"
TODAY = date(2025, 6, 1)
# File -> (gemeente, rows, accepted, rejected): also stated in data/exports/README.md.
EXPECTED = {
    "VOORBEELD_West-Betuwe_eigen_cijfers_klimaat_2024.csv": ("GM1960", 533, 530, 3),
    "VOORBEELD_Buren_eigen_cijfers_klimaat_2024.xlsx": ("GM0214", 312, 312, 0),
}
EXAMPLE_LABELS = {
    "Gevoelstemperatuur op een hete dag",
    "Woningen met hittestress",
    "Verhard oppervlak",
    "Water op straat bij een extreme bui",
    "Groen oppervlak",
    "Boomkroonbedekking",
    "Woningen met droogtegevoelige fundering",
    "Kwetsbare objecten bij wateroverlast",
}
HEADER = "Gebied;Indicator;Jaar;Waarde;Noemer;Label;Eenheid;Rekenregel;Richting;Programma;Bron"
DEFINITION = "Verhard oppervlak;%;gewogen naar oppervlakte;lager is beter;klimaatadaptatie;Eigen meting"


@pytest.fixture(scope="module")
def mapping():
    return load_kern_mapping(REPO / "data" / "kernen" / "kern_buurt.csv")


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


# --- reading -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_files_read_with_the_documented_counts(name: str, mapping) -> None:
    read = read_export(EXAMPLES / name, mapping, today=TODAY)
    gemeente, rows, accepted, rejected = EXPECTED[name]
    assert (read.kind, read.gemeentecode, read.rows_read, len(read.accepted), read.rejected) == (
        "eigen_cijfers",
        gemeente,
        rows,
        accepted,
        rejected,
    )
    assert set(read.accepted["label"]) == EXAMPLE_LABELS
    assert set(read.accepted["programma"]) == {"klimaatadaptatie"}
    readme = (EXAMPLES / "README.md").read_text("utf-8")
    assert f"`{name}` | eigen_cijfers | {gemeente}" in readme and f"| {rows} | {accepted} | {rejected} |" in readme


def test_generator_reproduces_the_shipped_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_eigen_cijfers", EXAMPLES / "generate_eigen_cijfers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.main(tmp_path)
    assert sorted(p.name for p in written) == sorted(EXPECTED)
    for path in written:
        assert path.read_bytes() == (EXAMPLES / path.name).read_bytes(), path.name


def test_the_definition_is_taken_from_the_first_row_and_checked_on_the_others(tmp_path: Path, mapping) -> None:
    path = write(
        tmp_path / "eigen_cijfers_buren.csv",
        [
            f"BU02140000;verhard_pct;2024;40,5;;{DEFINITION}",
            "BU02140001;verhard_pct;2024;30;;;;;;;",  # empty definition: the first row's
            f"BU02140002;verhard_pct;2024;20;;{DEFINITION}",  # repeated: fine
            "BU02140003;verhard_pct;2024;10;;Verhard;;;;;",  # another label: rejected
            "Buren;fundering;2024;12;100;Droogtegevoelige funderingen;%;verhouding;lager;klimaat;Eigen meting",
            "gemeente;verhard_pct;2024;25;;;;;;;",
        ],
    )
    read = read_export(path, mapping, today=TODAY)
    accepted = read.accepted.set_index("bronrij")
    assert accepted.loc[3, ["label", "rekenregel", "richting", "bron"]].tolist() == [
        "Verhard oppervlak",
        "gemiddelde gewogen naar oppervlakte",
        "lager_beter",
        "Eigen meting",
    ]
    assert accepted.loc[6, ["gebied_soort", "kern", "factor", "programma"]].tolist() == [
        "kern",
        "Buren",
        100.0,  # a ratio in % is x 100 unless the file says otherwise
        "klimaatadaptatie",
    ]
    assert accepted.loc[7, "gebied_soort"] == "gemeente" and accepted.loc[2, "buurtcode"] == "BU02140000"
    (reject,) = read.rejects.to_dict("records")
    assert (reject["row"], reject["column"], reject["value"]) == (5, "Label", "Verhard")
    assert reject["reason"] == (
        "indicator 'verhard_pct' heeft op rij 2 label 'Verhard oppervlak', hier 'Verhard'; verwacht één definitie "
        "per indicator (laat de cel leeg of herhaal rij 2)"
    )


def test_bad_rows_are_rejected_with_row_column_and_what_was_expected(tmp_path: Path, mapping) -> None:
    path = write(
        tmp_path / "eigen_cijfers_west_betuwe.csv",
        [
            f"BU19600000;verhard_pct;2024;40;;{DEFINITION}",
            "BU02140000;verhard_pct;2024;30;;;;;;;",
            "BU19609999;verhard_pct;2024;30;;;;;;;",
            "Tiel;verhard_pct;2024;30;;;;;;;",
            "BU19600001;inwoners;2024;30;;Inwoners;aantal;som;;;Eigen",
            "BU19600001;hitte;2024;30;;;;som;;;",
            "BU19600001;hitte2;2024;30;;Hitte;;gemiddeld;;;Eigen",
            "BU19600001;verhard_pct;2024;30;5;;;;;;",
            "BU19600002;verhard_pct;2024;veel;;;;;;;",
            "BU19600003;woningen_met_risico;2024;12;;Risico;%;verhouding;;;Eigen",
            "Nederland;verhard_pct;2024;30;5;;;;;;",
            "BU19600000;verhard_pct;2024;41;;;;;;;",
        ],
    )
    read = read_export(path, mapping, today=TODAY)
    assert read.accepted["bronrij"].tolist() == [2]
    found = {(r["row"], r["column"]): r["reason"] for r in read.rejects.to_dict("records")}
    expected = {
        (3, "Gebied"): "buurtcode BU02140000 hoort bij gemeente GM0214, niet bij GM1960",
        (4, "Gebied"): "buurtcode BU19609999 staat niet in de kernindeling; verwacht een CBS-buurtcode van GM1960",
        (5, "Gebied"): "kern 'Tiel' is geen kern van gemeente GM1960",
        (6, "Indicator"): "indicator 'inwoners' is al een indicator van de catalogus van kernmonitor",
        (7, "Label"): "Label is leeg op de eerste rij van indicator 'hitte'; verwacht de definitie",
        (7, "Bron"): "Bron is leeg op de eerste rij van indicator 'hitte'",
        (8, "Rekenregel"): "'gemiddeld' is geen geldige waarde voor Rekenregel; verwacht som, gemiddelde gewogen",
        (9, "Noemer"): "Noemer is ingevuld maar de rekenregel van 'verhard_pct' is gemiddelde gewogen naar oppervlakte",
        (10, "Waarde"): "'veel' is geen getal; verwacht voor Waarde een getal",
        (11, "Noemer"): "Noemer is leeg maar de rekenregel van 'woningen_met_risico' is verhouding; verwacht de noemer",
        (12, "Noemer"): "Noemer is ingevuld bij een referentiecijfer (Nederland); verwacht bij gemeente en Nederland",
        (13, "Jaar"): "er staat al een waarde voor BU19600000, indicator verhard_pct en jaar 2024 op rij 2; verwacht",
    }
    assert set(found) == set(expected)
    for cell, start in expected.items():
        assert found[cell].startswith(start), (cell, found[cell])


def test_the_rejects_table_names_the_file(tmp_path: Path, mapping) -> None:
    path = write(
        tmp_path / "eigen_cijfers_fout.csv",
        [f"BU19600000;verhard_pct;2024;40;;{DEFINITION}", "BU19600001;verhard_pct;2024;n.b.;;;;;;;"],
    )
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        summary = load_export(con, path, mapping, tmp_path / "archief", today=TODAY)
        assert (summary.kind, summary.accepted, summary.rejected) == ("eigen_cijfers", 1, 1)
        rejects = con.execute(
            "select f.file_name, r.row_number, r.column_name, r.value from raw.export_rejects r "
            "join raw.export_files f using (file_sha256)"
        ).fetchall()
    assert rejects == [("eigen_cijfers_fout.csv", 3, "Waarde", "n.b.")]


def test_xlsx_and_csv_give_the_same_rows(tmp_path: Path, mapping) -> None:
    lines = [f"BU02140000;verhard_pct;2024;40,5;;{DEFINITION}", "Maurik;verhard_pct;2024;30;;;;;;;"]
    csv_path = write(tmp_path / "eigen_cijfers.csv", lines)
    wb = Workbook()
    for line in [HEADER, *lines]:
        wb.active.append([float(c.replace(",", ".")) if c[:1].isdigit() else (c or None) for c in line.split(";")])
    xlsx_path = tmp_path / "eigen_cijfers.xlsx"
    wb.save(xlsx_path)
    from_csv = read_export(csv_path, mapping, today=TODAY).accepted.drop(columns="bronrij")
    from_xlsx = read_export(xlsx_path, mapping, today=TODAY).accepted.drop(columns="bronrij")
    assert from_csv.equals(from_xlsx) and len(from_csv) == 2


# --- loading -------------------------------------------------------------------------------------------------------


def current(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select gebied, indicator_id, jaar, waarde from raw.eigen_cijfers where is_current order by all"
    ).fetchall()


def test_reloading_is_idempotent_and_a_newer_file_replaces_its_indicator_and_year(tmp_path: Path, mapping) -> None:
    first = write(
        tmp_path / "eigen_cijfers_1.csv",
        [f"BU19600000;verhard_pct;2023;40;;{DEFINITION}", "BU19600000;verhard_pct;2024;41;;;;;;;"],
    )
    newer = write(tmp_path / "eigen_cijfers_2.csv", [f"BU19600000;verhard_pct;2024;39;;{DEFINITION}"])
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        load_export(con, first, mapping, tmp_path / "archief", today=TODAY)
        before = current(con)
        again = load_export(con, first, mapping, tmp_path / "archief", today=TODAY)
        assert again.already_loaded and current(con) == before
        assert con.execute("select count(*) from raw.eigen_cijfers").fetchone() == (2,)
        summary = load_export(con, newer, mapping, tmp_path / "archief", today=TODAY)
        assert [r["rows"] for r in summary.replaced] == [1]
        assert current(con) == [
            ("BU19600000", "verhard_pct", 2023, 40.0),
            ("BU19600000", "verhard_pct", 2024, 39.0),
        ]
        # The archive copy reads back to the same rows.
        archived = read_export(summary.archive_path, mapping, today=TODAY)
        original = read_export(newer, mapping, today=TODAY)
        assert archived.rejected == 0
        assert archived.accepted.drop(columns="bronrij").equals(original.accepted.drop(columns="bronrij"))


def test_a_code_another_gemeente_delivered_with_another_rule_is_refused(tmp_path: Path, mapping) -> None:
    """One code is one indicator for all gemeenten: Buren cannot re-aggregate West Betuwe's verhard_pct as a sum."""
    west_betuwe = write(
        tmp_path / "eigen_cijfers_west_betuwe.csv",
        [f"BU19600000;verhard_pct;2024;40;;{DEFINITION}", "BU19600001;verhard_pct;2024;30;;;;;;;"],
    )
    buren = write(
        tmp_path / "eigen_cijfers_buren.csv",
        [
            "BU02140000;verhard_pct;2024;40;;Verhard oppervlak;%;som;lager is beter;klimaatadaptatie;Eigen meting",
            "BU02140001;verhard_pct;2024;30;;;;;;;",
            "BU02140002;groen_pct;2024;20;;Groen;%;gewogen naar oppervlakte;hoger is beter;klimaat;Eigen",
        ],
    )
    same = write(tmp_path / "eigen_cijfers_buren_2.csv", [f"BU02140003;verhard_pct;2024;10;;{DEFINITION}"])
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        load_export(con, west_betuwe, mapping, tmp_path / "archief", today=TODAY)
        summary = load_export(con, buren, mapping, tmp_path / "archief", today=TODAY)
        assert (summary.accepted, summary.rejected) == (1, 2)
        rejects = con.execute(
            "select f.file_name, r.row_number, r.column_name, r.reason from raw.export_rejects r "
            "join raw.export_files f using (file_sha256) order by r.row_number"
        ).fetchall()
        reason = (
            "indicator 'verhard_pct' is al geleverd door gemeente GM1960 met rekenregel 'gemiddelde gewogen naar "
            "oppervlakte', hier (vanaf rij 2) 'som'; verwacht dezelfde rekenregel als GM1960 (een code is één "
            "indicator voor alle gemeenten), of een eigen code zoals verhard_pct_gm0214"
        )
        assert rejects == [
            ("eigen_cijfers_buren.csv", 2, "Rekenregel", reason),
            ("eigen_cijfers_buren.csv", 3, "Rekenregel", reason),
        ]
        # The same definition is welcome; West Betuwe's rows keep their rule.
        assert load_export(con, same, mapping, tmp_path / "archief", today=TODAY).rejected == 0
        assert con.execute(
            "select gemeentecode, count(*), any_value(rekenregel) from raw.eigen_cijfers "
            "where is_current and indicator_id = 'verhard_pct' group by all order by all"
        ).fetchall() == [
            ("GM0214", 1, "gemiddelde gewogen naar oppervlakte"),
            ("GM1960", 2, "gemiddelde gewogen naar oppervlakte"),
        ]


def test_a_year_without_cbs_buurt_figures_is_refused_not_lost(tmp_path: Path, mapping) -> None:
    """Buurten are weighed to kernen by CBS figures of the same year: without them the figure would vanish."""
    path = write(
        tmp_path / "eigen_cijfers_west_betuwe.csv",
        [
            f"BU19600000;verhard_pct;2024;40;;{DEFINITION}",
            "BU19600000;verhard_pct;2025;41;;;;;;;",
            "Geldermalsen;verhard_pct;2025;41;;;;;;;",
        ],
    )
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute("create schema raw")
        con.execute("create table raw.kwb_values as select 2024 as year, 'BU19600000' as region_code")
        summary = load_export(con, path, mapping, tmp_path / "archief", today=TODAY)
    assert (summary.accepted, summary.rejected) == (1, 2)
    assert [(r["row"], r["column"]) for r in summary.rejects] == [(3, "Jaar"), (4, "Jaar")]
    assert summary.rejects[0]["reason"].startswith(
        "jaar 2025: voor dat jaar zijn er nog geen CBS-cijfers om buurten naar kernen te wegen en te tonen; "
        "verwacht een jaar met CBS-buurtcijfers in kernmonitor (2024 tot en met 2024)"
    )


def test_load_export_command_reads_own_figures(tmp_path: Path, mapping) -> None:
    out = io.StringIO()
    name = "VOORBEELD_West-Betuwe_eigen_cijfers_klimaat_2024.csv"
    code = load_export_command(
        str(EXAMPLES / name), True, tmp_path / "home" / "warehouse.duckdb", mapping, tmp_path / "archief", out=out
    )
    result = json.loads(out.getvalue())
    assert code == 0 and (result["kind"], result["accepted"], result["rejected"]) == ("eigen_cijfers", 530, 3)


# --- in the shared demo build: the catalogue and the Kansenkaart -----------------------------------------------------


def test_example_own_figures_are_catalogue_members_labelled_voorbeeld(serving_path: Path) -> None:
    with duckdb.connect(str(serving_path), read_only=True) as con:
        catalogue = con.execute(
            "select label, programma, bron, uitleg from marts.indicator_catalogus where eigen_cijfer"
        ).df()
        klimaat = con.execute(
            "select count(*) from marts.indicator_catalogus where programma = 'klimaatadaptatie'"
        ).fetchone()[0]
        figures = con.execute(
            "select kern, waarde, status, synthetisch, bron, gemeente_waarde, nederland_waarde "
            "from marts.kern_indicators where indicator_id = 'verhard_pct' and jaar = 2024"
        ).df()
    assert set(catalogue["label"]) == EXAMPLE_LABELS and klimaat >= 6
    assert catalogue["bron"].str.contains("VOORBEELD").all()
    assert len(figures) == 41 and figures["waarde"].notna().all() and figures["synthetisch"].all()
    assert figures["gemeente_waarde"].notna().all() and figures["nederland_waarde"].isna().all()
    assert catalogue.set_index("label").loc["Verhard oppervlak", "uitleg"].endswith("niet landelijk gemeten.")


def test_example_own_figures_appear_on_the_kansenkaart_under_klimaatadaptatie(serving_path: Path) -> None:
    from dashboards.app import create_app
    from dashboards.briefing.context import kern_context
    from dashboards.briefing.kansenkaart import programma_secties
    from dashboards.context import current_data
    from dashboards.views import kansenkaart
    from tests.test_dashboard import texts

    app = create_app(serving_path)
    with app.server.test_request_context():
        data = current_data()
        for gemeentecode, kern in (("GM1960", "Geldermalsen"), ("GM0214", "Maurik")):
            secties = {s.programma: s for s in programma_secties(kern_context(data, gemeentecode, kern))}
            klimaat = secties["klimaatadaptatie"].indicatoren
            assert set(klimaat["label"]) >= EXAMPLE_LABELS, kern
            assert klimaat.set_index("label").loc[sorted(EXAMPLE_LABELS), "waarde"].notna().all(), kern
            shown = " ".join(texts(kansenkaart.inhoud(data, gemeentecode, kern)))
            assert "Verhard oppervlak" in shown and "Boomkroonbedekking" in shown, kern


def test_the_format_page_example_loads_without_rejects(tmp_path: Path, mapping) -> None:
    page = (REPO / "docs" / "exports-formaat.md").read_text("utf-8")
    (block,) = [b for b in page.split("```\n") if b.startswith("Gebied;Indicator;")]
    path = tmp_path / "eigen_cijfers.csv"
    path.write_text(block, encoding="utf-8")
    read = read_export(path, mapping, today=TODAY)
    assert read.rejected == 0 and len(read.accepted) == block.count("\n") - 1
