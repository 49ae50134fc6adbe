"""The buurt -> kern mapping: the checked file, overrides, and the default derived from CBS names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ingest.kernen import (
    MAPPING_COLUMNS,
    buurten_from_regions,
    buurten_from_statline,
    derive_kern_mapping,
    kern_lookup,
    load_kern_mapping,
    normalise_name,
)
from ingest.statline import read_statline_files

DATA = Path(__file__).resolve().parent.parent / "data"
# KWB 2024 (85984NED) for every region of the Netherlands, a StatLine CSV export (see data/cbs/PROVENANCE.md).
ALL_NL = DATA / "cbs/statline/kwb2024_85984NED_alle_regios_bevolking_statline.csv.gz"


def cbs_buurten() -> pd.DataFrame:
    buurten = pd.read_csv(DATA / "cbs/gwb2023_buurt_namen_GM1960_GM0214.csv", sep="\t", encoding="latin-1", dtype=str)
    wijken = pd.read_csv(DATA / "cbs/gwb2023_wijk_namen_GM1960_GM0214.csv", sep="\t", encoding="latin-1", dtype=str)
    buurten = buurten.rename(columns={"BU_CODE": "buurtcode", "BU_NAAM": "buurtnaam"})
    buurten["wijkcode"] = "WK" + buurten.buurtcode.str[2:8]
    buurten["gemeentecode"] = "GM" + buurten.buurtcode.str[2:6]
    return buurten.merge(wijken.rename(columns={"WK_CODE": "wijkcode", "WK_NAAM": "wijknaam"}), on="wijkcode")


def test_shipped_mapping_has_the_41_kernen() -> None:
    mapping = load_kern_mapping(DATA / "kernen/kern_buurt.csv")
    assert {g: len(k) for g, k in kern_lookup(mapping).items()} == {"GM0214": 15, "GM1960": 26}
    assert mapping.buurtcode.is_unique and len(mapping) == 105


def test_derived_default_agrees_with_the_checked_mapping() -> None:
    derived = derive_kern_mapping(cbs_buurten())
    checked = load_kern_mapping(DATA / "kernen/kern_buurt.csv")
    joined = derived.merge(checked, on="buurtcode", suffixes=("", "_checked"))
    same = joined.kern.map(normalise_name) == joined.kern_checked.map(normalise_name)
    assert len(joined) == 105 and derived.buurtcode.is_unique
    # 100 of 105; the rest are hamlets and polders that the checked file itself marks as guesses ("Klinkenberg",
    # "Ommerveld"), "Verspreide huizen Aalst ..." (a village named only by its countryside: a hamlet here) and
    # "Spijk en Boveneind Spijk en Vogelswerf" (a village named only in a list: it stays with Heukelum).
    assert same.mean() >= 0.95, joined[~same][["buurtnaam", "kern", "kern_checked"]]
    assert (derived.bron == "afgeleid").all()
    assert derived.loc[derived.buurtnaam == "Aquoy e.o.", "kern"].item() == "Acquoy"  # CBS typo folded
    assert derived.loc[derived.buurtnaam == "Verspreide huizen Eck en Wiel", "kern"].item() == "Eck en Wiel"
    kernen = {g: set(k.map(normalise_name)) for g, k in derived.groupby("gemeentecode").kern}
    curated = {g: set(k.map(normalise_name)) for g, k in checked.groupby("gemeentecode").kern}
    assert curated["GM1960"] - kernen["GM1960"] == {"spijk"} and kernen["GM1960"] <= curated["GM1960"]
    assert kernen["GM0214"] ^ curated["GM0214"] == {"aalst", "klinkenberg"} and len(kernen["GM0214"]) == 15


def test_municipality_override_wins(tmp_path: Path) -> None:
    override = tmp_path / "eigen.csv"
    override.write_text("buurtcode,kern\nBU02140402,Klinkenberg\n", encoding="utf-8")
    mapping = load_kern_mapping(DATA / "kernen/kern_buurt.csv", override).set_index("buurtcode")
    assert mapping.loc["BU02140402", "kern"] == "Klinkenberg"
    assert mapping.loc["BU02140402", "bron"] == "gemeente"


def test_a_buurt_in_two_rows_is_refused(tmp_path: Path) -> None:
    doubled = tmp_path / "dubbel.csv"
    rows = (DATA / "kernen/kern_buurt.csv").read_text(encoding="utf-8").splitlines()
    doubled.write_text("\n".join([*rows, rows[1]]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="BU02140000"):
        load_kern_mapping(doubled)


@pytest.mark.parametrize("written", ["Kerk Avezaath", "kerk-avezaath", "KERK  AVEZAATH", "Kerk-Avezaath"])
def test_kern_names_match_as_people_write_them(written: str) -> None:
    assert normalise_name(written) == normalise_name("Kerk-Avezaath")


# --- The default on all of the Netherlands: real KWB 2024 names and inhabitants, kernen checked by hand ---------


@pytest.fixture(scope="module")
def nl_buurten() -> pd.DataFrame:
    return buurten_from_statline(read_statline_files([ALL_NL]))


@pytest.fixture(scope="module")
def nl(nl_buurten: pd.DataFrame) -> pd.DataFrame:
    """The derived mapping of all 342 gemeenten, with each buurt's inhabitants."""
    return derive_kern_mapping(nl_buurten).merge(nl_buurten[["buurtcode", "inwoners"]], on="buurtcode")


def kernen(nl: pd.DataFrame, gemeentecode: str) -> dict[str, float]:
    """Inhabitants per derived kern of one gemeente (2024, sums of buurten rounded to 5 by CBS)."""
    return nl[nl.gemeentecode == gemeentecode].groupby("kern").inwoners.sum().to_dict()


def kern_of(nl: pd.DataFrame, gemeentecode: str, buurtnaam: str) -> tuple[str, str]:
    row = nl[(nl.gemeentecode == gemeentecode) & (nl.buurtnaam == buurtnaam)]
    assert len(row) == 1, buurtnaam
    return row.kern.item(), row.basis.item()


def test_statline_export_reads_into_the_buurt_list(nl_buurten: pd.DataFrame) -> None:
    assert len(nl_buurten) == 14_574 and nl_buurten.gemeentecode.nunique() == 342
    assert nl_buurten.buurtcode.is_unique and (nl_buurten.wijknaam != "").all()
    annen = nl_buurten.set_index("buurtcode").loc["BU16800000"]
    assert (annen.buurtnaam, annen.wijknaam, annen.gemeentenaam, annen.inwoners) == (
        "Annen",
        "Wijk 00 Annen",
        "Aa en Hunze",
        3455,
    )
    # Buurt counts are rounded to 5: they add up to Nederland's 17,942,942 within a few thousand.
    assert abs(nl_buurten.inwoners.sum() - 17_942_942) < 10_000


def test_every_buurt_of_the_netherlands_is_in_exactly_one_kern(nl: pd.DataFrame) -> None:
    assert list(nl.columns[: len(MAPPING_COLUMNS)]) == MAPPING_COLUMNS
    assert len(nl) == 14_574 and nl.buurtcode.is_unique and nl.gemeentecode.nunique() == 342
    assert nl.kern.str.strip().str.len().gt(0).all() and (nl.bron == "afgeleid").all()
    assert set(nl.basis) == {"naam", "wijk", "gehucht", "stad", "geen inwoners"}
    per_gemeente = nl.groupby("gemeentecode").kern.nunique()
    # 2,233 when this was written; the old derivation made 10,518 (most town buurten a "kern" of their own).
    assert 1_800 <= per_gemeente.sum() <= 2_800 and 3 <= per_gemeente.median() <= 6
    assert per_gemeente.max() <= 60  # Súdwest-Fryslân, a gemeente of villages


def test_a_city_is_one_kern(nl: pd.DataFrame) -> None:
    # Utrecht: wijken "West", "Overvecht", "Binnenstad", "Leidsche Rijn", "Vleuten-De Meern"; no countryside.
    assert kernen(nl, "GM0344") == {"Utrecht": 374_200}
    assert kernen(nl, "GM0193") == {"Zwolle": 133_160}  # "Wijk 10 Binnenstad", "Wijk 30 Holtenbroek", ...
    assert set(nl.loc[nl.gemeentecode == "GM0344", "basis"]) == {"stad"}
    # Amsterdam keeps the wijken with a village heart of their own: "Dorp Driemond" (with "Landelijk gebied
    # Driemond") and "Sloten/Nieuw-Sloten" (with "Dorp Sloten"; Nieuw-Sloten is a city neighbourhood).
    found = kernen(nl, "GM0363")
    assert set(found) == {"Amsterdam", "Driemond", "Sloten/Nieuw-Sloten"} and found["Amsterdam"] >= 900_000


def test_hof_van_twente_is_its_town_and_villages(nl: pd.DataFrame) -> None:
    found = kernen(nl, "GM1735")
    # Elsen has a wijk of its own ("Verspreide huizen Elsen", "... Elsenerbroek"): a buurtschap, kept as a kern.
    assert set(found) == {"Goor", "Delden", "Markelo", "Diepenheim", "Hengevelde", "Bentelo", "Elsen"}
    assert 6_000 <= found["Delden"] <= 8_000  # was 485: only "Delden-Centrum" bore the name
    assert found["Goor"] >= 11_000 and found["Markelo"] >= 6_000
    assert kern_of(nl, "GM1735", "Vossenbrink en De Braak") == ("Delden", "wijk")  # "Wijk 06 Delden"
    assert kern_of(nl, "GM1735", "Industrieterrein-Delden") == ("Delden", "naam")  # "Wijk 07 Overig Delden"
    assert kern_of(nl, "GM1735", "De Whee II-Zuid") == ("Goor", "wijk")  # "Wijk 01 De Whee II" follows Goor
    assert kern_of(nl, "GM1735", "Verspreide huizen Stokkum") == ("Markelo", "gehucht")
    assert kern_of(nl, "GM1735", "Verspreide huizen Kerspel en Goor")[0] == "Goor"


def test_smallingerland_is_drachten_and_its_villages(nl: pd.DataFrame) -> None:
    found = kernen(nl, "GM0090")
    villages = {"Boornbergum", "Opeinde", "Oudega", "Rottevalle", "Drachtstercompagnie", "Houtigehage", "De Wilgen"}
    villages |= {"Nijega", "De Tike", "De Veenhoop", "Kortehemmen", "Goengahuizen", "Smalle Ee"}
    assert set(found) == {"Drachten"} | villages
    assert found["Drachten"] >= 40_000  # was 1,780
    assert kern_of(nl, "GM0090", "De Wiken noord") == ("Drachten", "wijk")  # after wijk "Centrum"
    assert kern_of(nl, "GM0090", "Opeinde, onder de Vaart") == ("Opeinde", "naam")  # in "Buitengebied Noord"
    assert kern_of(nl, "GM0090", "Buitengebied west") == ("Boornbergum", "gehucht")  # the wijk's most populous


def test_lansingerland_is_its_three_places(nl: pd.DataFrame) -> None:
    found = kernen(nl, "GM1621")
    # Berkel en Rodenrijs: only "Berkel Dorp" and "Wijk 21 Berkel" name it, so the kern is called Berkel.
    assert set(found) == {"Bergschenhoek", "Berkel", "Bleiswijk"}
    assert found["Bleiswijk"] >= 10_000  # was 140
    assert found["Bergschenhoek"] >= 18_000 and found["Berkel"] >= 30_000
    assert kern_of(nl, "GM1621", "Bergsche Ackers") == ("Bergschenhoek", "wijk")  # "Wijk 12 De Ackers"
    assert kern_of(nl, "GM1621", "Wilderszijde") == ("Bergschenhoek", "wijk")  # between two Bergschenhoek wijken
    assert kern_of(nl, "GM1621", "Rotte Zoom") == ("Bleiswijk", "wijk")  # "Wijk 33 Bleiswijk Buiten"


def test_elburg_is_elburg_t_harde_and_doornspijk(nl: pd.DataFrame) -> None:
    found = kernen(nl, "GM0230")
    assert set(found) == {"Elburg", "'t Harde", "Doornspijk"}
    assert found["Elburg"] >= 10_000  # was 290
    assert found["'t Harde"] >= 6_500 and found["Doornspijk"] >= 4_000
    assert kern_of(nl, "GM0230", "Oosthoek") == ("Elburg", "wijk")
    assert kern_of(nl, "GM0230", "Hoge Enk") == ("Doornspijk", "wijk")


def test_frisian_gemeenten(nl: pd.DataFrame) -> None:
    # Tytsjerksteradiel: Frisian official names, a wijk per village or two, hamlets ("Verspreide huizen Wyns").
    found = kernen(nl, "GM0737")
    assert set(found) == {
        *["Burgum", "Hurdegaryp", "Noordburgum", "Gytsjerk", "Oentsjerk", "Garyp", "Tytsjerk", "Eastermar"],
        *["Sumar", "Aldtsjerk", "Jistrum", "Ryptsjerk", "Mûnein", "Suwâld", "Earnewâld"],
    }
    assert found["Burgum"] >= 10_000
    assert kern_of(nl, "GM0737", "Verspreide huizen Wyns") == ("Aldtsjerk", "gehucht")
    # Waadhoeke: 41 villages and Franeker; "St.-Annaparochie" and "Sint Annaparochie" are one name.
    found = kernen(nl, "GM1949")
    assert len(found) == 41 and found["Franeker"] >= 12_000 and found["St.-Annaparochie"] >= 4_500
    assert kern_of(nl, "GM1949", "Buitengebied St.-Annaparochie") == ("St.-Annaparochie", "naam")


def test_a_rural_gemeente_of_small_villages(nl: pd.DataFrame) -> None:
    # Aa en Hunze: a wijk per village, "Verspreide huizen X" beside "X"; smaller places in a village's wijk
    # ("Ballo", "Schoonloo", "Amen") are folded into it.
    found = kernen(nl, "GM1680")
    assert len(found) == 21 and {"Annen", "Gieten", "Rolde", "Gasselternijveenschemond", "Spijkerboor"} <= set(found)
    assert kern_of(nl, "GM1680", "Verspreide huizen Annen") == ("Annen", "naam")
    assert kern_of(nl, "GM1680", "Ballo") == ("Rolde", "wijk")
    assert kern_of(nl, "GM1680", "Verspreide huizen Papenvoort") == ("Grolloo", "gehucht")


def test_the_derivation_works_without_inhabitants_and_gemeente_names(nl_buurten: pd.DataFrame) -> None:
    """The OData region list has names only: the same places come out (ties go to the wijk with more buurten)."""
    chosen = nl_buurten[nl_buurten.gemeentecode.isin(["GM0344", "GM1735", "GM1621", "GM0230", "GM0737"])]
    with_counts = derive_kern_mapping(chosen).set_index("buurtcode").kern
    names_only = derive_kern_mapping(chosen.drop(columns=["inwoners"])).set_index("buurtcode").kern
    assert names_only.equals(with_counts)
    anonymous = derive_kern_mapping(chosen.drop(columns=["inwoners", "gemeentenaam"]))
    assert set(anonymous.loc[anonymous.gemeentecode == "GM1621", "kern"]) == {"Bergschenhoek", "Berkel", "Bleiswijk"}
    assert anonymous.loc[anonymous.gemeentecode == "GM0344", "kern"].nunique() == 1


def test_double_names_and_spellings_are_one_kern() -> None:
    """Frisian double names answer to either half; "St." and "Sint" are the same word."""
    rows = [
        ("WK999900", "Wijk 00 Burgum/Bergum", "Bergum Noord", 1200),
        ("WK999900", "Wijk 00 Burgum/Bergum", "Burgum Súd", 1500),
        ("WK999900", "Wijk 00 Burgum/Bergum", "Verspreide huizen Burgum", 300),
        ("WK999901", "Wijk 01 Sint Annaparochie / Sint-Annaparochie", "St.-Annaparochie Noordwest", 480),
        ("WK999901", "Wijk 01 Sint Annaparochie / Sint-Annaparochie", "Buitengebied Sint-Annaparochie", 700),
        ("WK999902", "Wijk 02 Ljouwert/Leeuwarden", "Leeuwarden Centrum", 1000),
        ("WK999902", "Wijk 02 Ljouwert/Leeuwarden", "Verspreide huizen Ljouwert", 100),
    ]
    buurten = pd.DataFrame(rows, columns=["wijkcode", "wijknaam", "buurtnaam", "inwoners"])
    buurten["gemeentecode"] = "GM9999"
    buurten["buurtcode"] = [f"BU9999{w[6:]}{i:02d}" for i, w in enumerate(buurten.wijkcode)]
    derived = derive_kern_mapping(buurten)
    assert list(derived.kern) == ["Burgum/Bergum"] * 3 + ["Sint Annaparochie"] * 2 + ["Ljouwert/Leeuwarden"] * 2
    assert (derived.basis == "naam").all()


def test_region_list_carries_gemeente_names() -> None:
    regions = [
        {"Key": "GM0230    ", "Title": "Elburg"},
        {"Key": "WK023001  ", "Title": "Wijk 01 Elburg"},
        {"Key": "BU02300100", "Title": "Binnenstad"},
        {"Key": "BU02300108", "Title": "Buitengebied Elburg Zuid"},
    ]
    buurten = buurten_from_regions(regions, {"GM0230"})
    assert list(buurten.gemeentenaam) == ["Elburg", "Elburg"] and "inwoners" not in buurten
    assert set(derive_kern_mapping(buurten).kern) == {"Elburg"}


def test_curated_kernen_hold_at_least_the_cbs_bevolkingskern_and_not_double() -> None:
    """An independent check: CBS's bevolkingskernen 2021 count the built-up core of a place, so a kern (core and
    countryside) of 2024 holds at least that many inhabitants and, in these villages, less than twice as many. A
    kern that lost most of its buurten to others (the fault of the old derivation) falls below."""
    towns = pd.read_csv(DATA / "cbs/bevolkingskernen2021_kernen_GM1960_GM0214_from_NL_PP_towns.csv")
    mapping = pd.read_csv(DATA / "kernen/kern_buurt.csv", dtype=str)
    buurten = pd.read_csv(DATA / "cbs/kwb2024_85984NED_buurt_bevolking_herkomst_GM1960_GM0214.csv", dtype=str)
    inwoners = mapping.merge(buurten, left_on="buurtcode", right_on="gwb_code").astype({"a_inw": int})
    per_kern = inwoners.groupby("kern").a_inw.sum()
    per_kern["Geldermalsen/Meteren"] = per_kern["Geldermalsen"] + per_kern["Meteren"]  # one bevolkingskern
    compared = towns[towns["name"].isin(per_kern.index)]
    assert len(compared) >= 15
    ratio = compared["name"].map(per_kern) / compared["population"]
    assert ((ratio >= 1.0) & (ratio < 2.0)).all(), compared.assign(ratio=ratio)


def test_no_derived_kern_is_without_inhabitants(nl: pd.DataFrame) -> None:
    """Lakes, ports and industrial estates with a wijk of their own join an inhabited kern (the pipeline's
    check "every kern has inhabitants" would otherwise stop the publication of such a gemeente)."""
    sizes = nl.groupby(["gemeentecode", "kern"]).inwoners.sum()
    assert (sizes > 0).all(), sizes[sizes <= 0]
    oosterhorn = nl[nl.buurtnaam.str.contains("Oosterhorn", na=False) & (nl.gemeentecode == "GM1979")]
    assert len(oosterhorn) and (oosterhorn.basis == "geen inwoners").all()
