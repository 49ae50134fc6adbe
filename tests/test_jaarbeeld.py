"""Jaarbeeld kerngericht werken (issue 15 items 3-5): grants linked to kernagenda points, budgets and ceilings, and
the yearly picture for the raad on the page, in the PDF and in `kernmonitor export --format jaarbeeld`.

The main test recomputes every figure of West Betuwe 2023 by hand from the rows of the shipped example files, read
with pandas (not through the reader or the marts), and compares with what the page, the PDF and the export show.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import statistics
import subprocess
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboards.data import ServingData
from dashboards.views import jaarbeeld as view
from ingest.exports_load import load_export
from ingest.kernen import load_kern_mapping
from tests.test_dashboard import texts

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "data" / "exports"
WEST_BETUWE = "GM1960"
SUBSIDIES = EXAMPLES / "VOORBEELD_West-Betuwe_subsidies_2019-2023.xlsx"
AGENDA_NAJAAR = EXAMPLES / "VOORBEELD_West-Betuwe_kernagenda_2024-11-29.xlsx"
REGELINGEN = REPO / "dbt_project" / "seeds" / "regelingen.csv"
MAX_OPEN_YEARS = 2  # dbt var kernagenda_max_open_years


# By hand: the example rows as a person with the spreadsheet open would count them ---------------------------------


def _bedrag(cel: object) -> float | None:
    """'€ 2.550,00', '2.950,-', '5.150', 4100 -> a number."""
    if cel is None or (isinstance(cel, float) and pd.isna(cel)):
        return None
    if isinstance(cel, int | float):
        return float(cel)
    tekst = str(cel).replace("€", "").replace(",-", "").replace(" ", "").strip()
    try:
        return float(tekst.replace(".", "").replace(",", "."))
    except ValueError:
        return None  # "nog onbekend": one of the example's deliberate mistakes (a 2019 row, rejected when read)


def _datum(cel: object) -> date | None:
    if cel is None or (isinstance(cel, float) and pd.isna(cel)):
        return None
    if isinstance(cel, datetime):
        return cel.date()
    for formaat in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(str(cel).strip(), formaat).date()
        except ValueError:
            continue
    return None  # "31-02-2021": a deliberate mistake of the example (rejected when read)


@pytest.fixture(scope="module")
def met_de_hand() -> dict[str, float]:
    """Every Jaarbeeld figure of West Betuwe 2023, counted from the example files."""
    rijen = pd.read_excel(SUBSIDIES, header=4, dtype=object)
    rijen = rijen[rijen["Zaaknummer"].astype(str).str.startswith("Z/")]
    rijen = rijen.assign(
        regeling=rijen["Regeling"].str.lower().str.replace(" ", ""),
        status=rijen["Status"].str.lower().replace({"verleend": "toegekend"}),
        bedrag=rijen["Verleend bedrag"].map(_bedrag),
        aanvraag=rijen["Aanvraagdatum"].map(_datum),
        besluit=rijen["Besluitdatum"].map(_datum),
    )
    jaar = [(b or a).year if (b or a) else None for a, b in zip(rijen["aanvraag"], rijen["besluit"], strict=True)]
    r = rijen[[j == 2023 for j in jaar]]
    assert r.loc[r["status"] == "toegekend", "bedrag"].notna().all()  # 2023 holds none of the deliberate mistakes
    assert set(r["regeling"]) == {"leefbaarheidsbudget", "kernenbudget", "platformsubsidie"}
    toegekend = r[r["status"] == "toegekend"]
    lbb = toegekend[toegekend["regeling"] == "leefbaarheidsbudget"]
    kb = r[r["regeling"] == "kernenbudget"]
    platforms = toegekend[toegekend["regeling"] == "platformsubsidie"]
    kernen = pd.read_csv(REPO / "data" / "kernen" / "kern_buurt.csv", dtype=str)
    alle_kernen = set(kernen.loc[kernen["gemeentecode"] == WEST_BETUWE, "kern"])
    dagen = [(b - a).days for a, b in zip(r["aanvraag"], r["besluit"], strict=True) if a and b]

    agenda = pd.read_excel(AGENDA_NAJAAR, header=3, dtype=object)
    status = agenda["Status"].str.lower()
    peiljaar = _datum(agenda["Peildatum"].iloc[0]).year
    open_ = status.isin(["idee", "in onderzoek", "in uitvoering"])

    regels = pd.read_csv(REGELINGEN)
    regels = regels[regels["gemeentecode"] == WEST_BETUWE].set_index("regeling")
    uit = {
        "initiatieven": len(lbb),
        "initiatieven_bedrag": lbb["bedrag"].sum(),
        "kernen_bereikt": lbb["Dorp"].nunique(),
        "kernen_totaal": len(alle_kernen),
        "kernenbudget_aanvragen": len(kb),
        "kernenbudget_kernagenda": int(((kb["status"] == "toegekend") & kb["Kernagendapunt"].notna()).sum()),
        "platforms": platforms["Dorp"].nunique(),
        "platforms_bedrag": platforms["bedrag"].sum(),
        "kernagenda_nieuw": int((agenda["Jaar opgenomen"] == 2023).sum()),
        "kernagenda_gerealiseerd": int(((status == "gerealiseerd") & (agenda["Jaar gereed"] == 2023)).sum()),
        "kernagenda_lang_open": int((open_ & (peiljaar - agenda["Jaar opgenomen"] > MAX_OPEN_YEARS)).sum()),
        "doorlooptijd_mediaan": statistics.median(dagen),
        "doorlooptijd_langste": max(dagen),
    }
    for regeling in ("leefbaarheidsbudget", "kernenbudget", "platformsubsidie"):
        eigen = toegekend[toegekend["regeling"] == regeling]
        uit[f"besteed_{regeling}"] = eigen["bedrag"].sum()
        uit[f"pot_{regeling}"] = float(regels.loc[regeling, "pot_per_jaar"])
        uit[f"boven_{regeling}"] = int((eigen["bedrag"] > regels.loc[regeling, "maximum_per_aanvraag"]).sum())
    uit["niet_bereikt"] = sorted(alle_kernen - set(lbb["Dorp"]))
    return uit


@pytest.fixture(scope="module")
def jaarbeeld(serving_path: Path) -> view.Jaarbeeld:
    return view.maak(ServingData(serving_path), WEST_BETUWE, 2023, 2023)


def test_every_figure_of_west_betuwe_2023_matches_the_example_rows_counted_by_hand(met_de_hand, jaarbeeld) -> None:
    h = met_de_hand
    cijfers = jaarbeeld.figuren.set_index("figuur")
    for naam in (
        "initiatieven",
        "initiatieven_bedrag",
        "kernen_bereikt",
        "kernenbudget_aanvragen",
        "kernenbudget_kernagenda",
        "platforms",
        "platforms_bedrag",
        "kernagenda_nieuw",
        "kernagenda_gerealiseerd",
        "kernagenda_lang_open",
        "doorlooptijd_mediaan",
        "doorlooptijd_langste",
    ):
        assert cijfers.loc[naam, "waarde"] == pytest.approx(h[naam]), naam
    assert cijfers.loc["kernen_bereikt", "noemer"] == h["kernen_totaal"]
    assert cijfers.loc["kernenbudget_kernagenda", "noemer"] == h["kernenbudget_aanvragen"]
    niet = cijfers.loc["kernen_bereikt", "toelichting"]
    assert niet == ("alle kernen bereikt" if not h["niet_bereikt"] else "niet bereikt: " + ", ".join(h["niet_bereikt"]))
    for regeling in ("leefbaarheidsbudget", "kernenbudget", "platformsubsidie"):
        rij = cijfers.loc[f"besteed_{regeling}"]
        assert rij["waarde"] == pytest.approx(h[f"besteed_{regeling}"]), regeling
        assert rij["noemer"] == pytest.approx(h[f"pot_{regeling}"]), regeling
        # West Betuwe's pot and maximum are assumed: the raad reads an assumed maximum, never "the maximum".
        assert f"{h[f'boven_{regeling}']} toegekend boven een aangenomen maximum" in rij["toelichting"], regeling
        assert "budget: aanname" in rij["toelichting"] and "boven het maximum" not in rij["toelichting"]
    # The facts of West Betuwe's own report that the example data reproduces.
    assert (h["kernen_bereikt"], h["kernenbudget_aanvragen"], h["platforms"]) == (26, 45, 17)
    # Every figure names its source and date.
    assert jaarbeeld.figuren["bron"].notna().all()
    assert jaarbeeld.figuren.loc[~jaarbeeld.figuren["onderdeel"].eq("Doelen"), "bron_datum"].notna().all()


def test_the_page_shows_the_same_figures_with_their_source(met_de_hand, jaarbeeld) -> None:
    h = met_de_hand
    tekst = " ".join(texts(view.inhoud(jaarbeeld)))
    assert f"{h['initiatieven']} initiatieven gesteund" in tekst
    for verwacht in (
        f"€ {h['initiatieven_bedrag']:,.0f}".replace(",", "."),
        f"{h['kernen_bereikt']} van {h['kernen_totaal']} kernen",
        f"{h['kernenbudget_kernagenda']} van {h['kernenbudget_aanvragen']}",
        f"{h['doorlooptijd_langste']} dagen",
        "subsidie-export: VOORBEELD_West-Betuwe_subsidies_2019-2023.xlsx (geladen op",
        "kernagenda-export, peildatum 29-11-2024",
        "(aanname)",
        "aangenomen maximum € 5.000, aanname)",
        "VOORBEELD",
    ):
        assert verwacht in tekst, verwacht
    # The grants behind kernagenda points, each with the point's own text.
    assert len(view.koppeling_regels(jaarbeeld)) == h["kernenbudget_kernagenda"]


def test_export_and_pdf_show_the_figures(met_de_hand, pipeline_home, tmp_path: Path, monkeypatch, capsys) -> None:
    from kernmonitor.cli import main
    from tests.test_pdf_tagged import assert_tabel_met_koppen, in_volgorde, structuur

    h = met_de_hand
    monkeypatch.setenv("KERNMONITOR_HOME", str(pipeline_home.home))
    args = ["export", "--format", "jaarbeeld", "--periode", "2023", "--gemeente", WEST_BETUWE, "--out", str(tmp_path)]
    assert main(args) == 0
    pdf = next(tmp_path.rglob("jaarbeeld_*_2023.pdf"))
    rijen = list(csv.reader(io.StringIO(pdf.with_suffix(".csv").read_text("utf-8-sig")), delimiter=";"))
    per_cijfer = {r[3]: r for r in rijen[1:]}
    assert per_cijfer["Initiatieven gesteund uit het leefbaarheidsbudget"][5] == str(h["initiatieven"])
    assert per_cijfer["Kernen bereikt met het leefbaarheidsbudget"][4] == f"{h['kernen_bereikt']} van 26 kernen"
    assert all(r[8] for r in rijen[1:])  # every figure with its source

    reader, root = structuur(pdf.read_bytes())
    assert str(reader.trailer["/Root"]["/Lang"]) == "nl"
    assert [e.tekst for e in in_volgorde(root, ("H1",))] == ["Jaarbeeld kerngericht werken West Betuwe 2023"]
    tabellen = root.alle("Table")
    assert len(tabellen) >= 3  # figures, budgets, linked grants (a table running over a page break counts twice)
    assert tabellen[0].tekst.startswith("Onderdeel Cijfer Waarde Toelichting Bron en datum")
    assert_tabel_met_koppen(tabellen[0])
    if shutil.which("pdftotext"):
        tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        tekst = re.sub(r"\s+", " ", tekst)
        for verwacht in (f"{h['initiatieven']} initiatieven", "26 van 26 kernen", f"{h['platforms']} platforms"):
            assert verwacht in tekst, verwacht
    # A period, and a period the gemeente's exports do not cover.
    assert main([*args[:3], "--periode", "2019-2023", "--gemeente", WEST_BETUWE, "--out", str(tmp_path)]) == 0
    assert next(tmp_path.rglob("jaarbeeld_*_2019-2023.csv"))
    assert main([*args[:3], "--periode", "2023-2019", "--out", str(tmp_path)]) == 2


def test_grants_above_the_maximum_are_flagged(serving_path: Path) -> None:
    data = ServingData(serving_path)
    west = data.subsidie_aanvragen(WEST_BETUWE, 2023)
    lbb = west[(west["regeling"] == "leefbaarheidsbudget") & (west["status"] == "toegekend")]
    assert lbb["boven_maximum"].sum() > 0
    assert (lbb["boven_maximum"] == (lbb["bedrag_toegekend"].astype(float) > 5000)).all()
    buren = data.subsidie_aanvragen("GM0214")  # Buren's real ceiling: € 2.000 per initiative, kept by every grant
    assert not buren.loc[buren["regeling"] == "leefbaarheidsbudget", "boven_maximum"].any()
    budget = data.subsidie_budgetten(WEST_BETUWE)
    rij = budget[(budget["jaar"] == 2023) & (budget["regeling"] == "leefbaarheidsbudget")].iloc[0]
    assert rij["boven_maximum"] == lbb["boven_maximum"].sum() and rij["pot_aanname"] and rij["maximum_aanname"]
    # Buren's maximum is its own (€ 2.000, visie kerngericht werken), only its pot is assumed: the raad reads the
    # maximum as a fact and the pot as an assumption.
    eigen = data.subsidie_budgetten("GM0214")
    lbb_buren = eigen[eigen["regeling"] == "leefbaarheidsbudget"]
    assert lbb_buren["pot_aanname"].all() and not lbb_buren["maximum_aanname"].any()
    jb = view.maak(data, "GM0214", 2023, 2023)
    rijen = {r[1]: r for r in view.budget_regels(jb)}
    assert rijen["Leefbaarheidsbudget"][4] == "0 (maximum € 2.000)" and rijen["Leefbaarheidsbudget"][3].endswith(
        "(aanname)"
    )
    assert "het maximum van € 2.000 per aanvraag" in view.figuur(jb, "besteed_leefbaarheidsbudget")["toelichting"]
    aanvragen = data.subsidie_aanvragen("GM0214")
    assert not aanvragen.loc[aanvragen["regeling"] == "leefbaarheidsbudget", "maximum_is_aanname"].any()


# The link between a grant and a kernagenda point ----------------------------------------------------------------


def _schrijf(path: Path, regels: list[str]) -> Path:
    path.write_text("\n".join(regels) + "\n", encoding="utf-8")
    return path


def test_a_grant_naming_a_point_that_is_not_on_the_kernagenda_is_rejected_with_file_row_and_column(
    tmp_path: Path,
) -> None:
    from ingest.exports_load import summary_text

    mapping = load_kern_mapping(REPO / "data" / "kernen" / "kern_buurt.csv")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    kop = "Regeling;Kern;Dossiernummer;Bedrag toegekend;Datum besluit;Status;Kernagendapunt"
    subsidies = _schrijf(
        tmp_path / "subsidies_west_betuwe.csv",
        [
            kop,
            "Kernenbudget;Acquoy;K-1;5000;01-06-2023;toegekend;ka 2",
            "Kernenbudget;Acquoy;K-2;4000;01-06-2023;toegekend;KA-9",
        ],
    )
    # No kernagenda loaded yet: the link cannot be checked, but the grants are kept (the same file loads only once,
    # so a reject here would lose them for good), with the link empty and a note naming row, column and number.
    voor = load_export(con, subsidies, mapping, tmp_path / "archief", today=date(2024, 1, 1))
    assert (voor.accepted, voor.rejected) == (2, 0)
    stored = con.execute("select dossiernummer, kernagendapunt from raw.subsidies order by all").fetchall()
    assert stored == [("K-1", None), ("K-2", None)]
    notes = con.execute(
        """select f.file_name, c.row_number, c.column_name, c.value, c.corrected, c.score
           from raw.export_corrections c join raw.export_files f using (file_sha256) order by c.row_number"""
    ).fetchall()
    niet = "niet gekoppeld: nog geen kernagenda van GM1960 geladen"
    assert notes == [
        ("subsidies_west_betuwe.csv", 2, "Kernagendapunt", "ka 2", niet, None),
        ("subsidies_west_betuwe.csv", 3, "Kernagendapunt", "KA-9", niet, None),
    ]
    assert f"Let op: rij 2, Kernagendapunt 'ka 2' {niet}." in summary_text(voor)

    agenda = _schrijf(
        tmp_path / "kernagenda_west_betuwe.csv",
        [
            "Kern;Nummer;Actiepunt;Trekker;Status;Jaar opgenomen;Peildatum",
            "Acquoy;KA-1;Bankjes;inwoners;idee;2023;01-11-2023",
            "Acquoy;KA-2;Speelplek;samen;in uitvoering;2023;01-11-2023",
            "Asperen;KA-9;Zonnepanelen;gemeente;idee;2023;01-11-2023",
        ],
    )
    assert load_export(con, agenda, mapping, tmp_path / "archief", today=date(2024, 1, 1)).accepted == 3
    # The same grants again (other bytes, so not "already loaded"), now that the kernagenda is there.
    opnieuw = subsidies.read_text().replace("4000", "4500").splitlines()
    subsidies = _schrijf(tmp_path / "subsidies_west_betuwe_2.csv", opnieuw)
    na = load_export(con, subsidies, mapping, tmp_path / "archief", today=date(2024, 1, 1))
    assert (na.accepted, na.rejected) == (1, 1)
    afgewezen = na.rejects[0]
    # KA-9 exists, but in Asperen: a grant of Acquoy names a point of its own kern.
    assert afgewezen["row"] == 3 and afgewezen["column"] == "Kernagendapunt" and afgewezen["value"] == "KA-9"
    assert afgewezen["reason"].startswith("Kernagendapunt 'KA-9' staat niet op de kernagenda van Acquoy (GM1960)")
    assert "zoals KA-1 of KA-2" in afgewezen["reason"]  # the kern's numbers as its kernagenda writes them
    # 'ka 2' is KA-2, stored as the kernagenda writes it, so the marts link the two by plain equality.
    stored = con.execute("select dossiernummer, kernagendapunt from raw.subsidies where is_current").fetchall()
    assert stored == [("K-1", "KA-2")]
    assert "subsidies_west_betuwe_2.csv" in con.execute("select file_name from raw.export_rejects").fetchall()[-1]


def test_a_median_processing_time_keeps_its_half_day() -> None:
    """The median of an even number of decided applications can end in ,5: shown, never cut off (29,5 is not 29)."""
    assert view.dagen_tekst(29.5) == "29,5 dagen" and view.dagen_tekst(29.0) == "29 dagen"
    assert view.dagen_tekst(1) == "1 dag"
    assert view.waarde_tekst({"waarde": 29.5, "noemer": None, "eenheid": "dagen"}) == "29,5 dagen"
    budget = pd.DataFrame(
        [
            {"jaar": 2023, "regeling": "kernenbudget", "besteed": 10.0, "pot": None, "pot_aanname": False,
             "maximum_per_aanvraag": None, "maximum_aanname": False, "boven_maximum": 0,
             "doorlooptijd_mediaan_dagen": 29.5, "doorlooptijd_langste_dagen": 61, "kernen_zonder_gebruik": 0,
             "kernen_zonder_gebruik_namen": None}
        ]
    )  # fmt: skip
    jb = view.Jaarbeeld("GM1960", "West Betuwe", 2023, 2023, pd.DataFrame(), budget)
    assert view.budget_regels(jb)[0][5] == "29,5 dagen, 61 dagen"


def test_a_year_without_grants_between_covered_years_says_so(serving_path: Path) -> None:
    """Jaarbeeld years run from the first to the last year of subsidies, kernagenda and goals: a year inside that
    span without a grant says "geen subsidies in deze periode", not that no export was loaded."""
    data = ServingData(serving_path)
    alle = data.jaarbeeld(WEST_BETUWE)
    jaren = view.perioden(data, WEST_BETUWE)
    assert jaren == list(range(jaren[0], jaren[-1] + 1))  # no gap
    assert jaren[-1] > 2023  # the kernagenda of 2024 (peildatum november 2024) reaches past the subsidies (2019-2023)
    zonder = view.maak(data, WEST_BETUWE, 2024, 2024)
    assert not zonder.leeg
    rij = view.figuur(zonder, "geen_subsidies")
    assert rij is not None and rij["toelichting"] == "geen subsidies in deze periode"
    assert view.figuur(zonder, "kernagenda_nieuw") is not None  # the kernagenda's figures are there
    assert "geen subsidies in deze periode" in view.samenvatting(zonder)
    # A period with grants has no such row.
    met = alle[(alle["jaar_van"] == 2023) & (alle["jaar_tot"] == 2023)]
    assert "geen_subsidies" not in set(met["figuur"]) and "initiatieven" in set(met["figuur"])


def test_a_gemeente_with_a_kernagenda_but_no_subsidy_export_gets_a_jaarbeeld_that_says_so() -> None:
    figuren = pd.DataFrame(
        [
            {"gemeentecode": "GM0214", "jaar_van": 2024, "jaar_tot": 2024, "volgorde": 9, "onderdeel": "Subsidies",
             "figuur": "geen_subsidies", "label": "Subsidies (leefbaarheidsbudget, kernenbudget, platforms)",
             "waarde": None, "noemer": None, "eenheid": "aantal", "toelichting": "geen subsidie-export geladen",
             "bron": "geen subsidie-export", "bron_datum": None, "synthetisch": False},
            {"gemeentecode": "GM0214", "jaar_van": 2024, "jaar_tot": 2024, "volgorde": 40, "onderdeel": "Kernagenda",
             "figuur": "kernagenda_nieuw", "label": "Nieuwe actiepunten (opgenomen in de periode)", "waarde": 12.0,
             "noemer": None, "eenheid": "aantal", "toelichting": None,
             "bron": "kernagenda-export, peildatum 28-11-2024", "bron_datum": date(2024, 11, 28),
             "synthetisch": False},
        ]
    )  # fmt: skip
    jb = view.Jaarbeeld("GM0214", "Buren", 2024, 2024, figuren)
    assert jb.zonder_subsidie_export and not jb.leeg
    tekst = " ".join(texts(view.inhoud(jb)))
    assert "geen subsidie-export geladen" in tekst and "Nieuwe actiepunten" in tekst and "€" not in tekst
    assert view.samenvatting(jb) == "Buren, 2024: geen subsidie-export geladen."


# Publications without subsidy exports --------------------------------------------------------------------------


def test_the_period_is_read_as_people_write_it() -> None:
    assert view.parse_periode("2023") == (2023, 2023)
    assert view.parse_periode("2019-2023") == (2019, 2023)
    assert view.parse_periode(" 2019 – 2023 ") == (2019, 2023)
    assert view.parse_periode(None) == (None, None)
    for fout in ("2023-2019", "twee", "2019-2020-2021"):
        with pytest.raises(ValueError, match="Periode"):
            view.parse_periode(fout)
