"""The buurt -> kern mapping: the checked file, overrides, and the default derived from CBS names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ingest.kernen import derive_kern_mapping, kern_lookup, load_kern_mapping, normalise_name

DATA = Path(__file__).resolve().parent.parent / "data"


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
    # 98 of 105; the rest are hamlets and polders that the checked file itself marks as guesses.
    assert same.mean() >= 0.93, joined[~same][["buurtnaam", "kern", "kern_checked"]]
    assert (derived.bron == "afgeleid").all()
    assert derived.loc[derived.buurtnaam == "Aquoy e.o.", "kern"].item() == "Acquoy"  # CBS typo folded
    assert derived.loc[derived.buurtnaam == "Verspreide huizen Eck en Wiel", "kern"].item() == "Eck en Wiel"


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
