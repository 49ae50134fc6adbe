"""Named groups of kernen (sources.kern_groepen): the shipped file, name matching, and clear Dutch rejects."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.kernen import load_kern_mapping
from ingest.kerngroepen import KernGroepenError, load_kern_groups
from kernmonitor.config import load_config

DATA = Path(__file__).resolve().parent.parent / "data"
MAPPING = load_kern_mapping(DATA / "kernen/kern_buurt.csv")


def test_shipped_groups_are_burens_pilot_and_its_spiegelkernen() -> None:
    groups = load_kern_groups(load_config().kern_groepen, MAPPING)
    per_group = groups.groupby("groep")["kern"].apply(set).to_dict()
    assert per_group == {"pilot": {"Ingen", "Ravenswaaij", "Zoelen"}, "spiegel": {"Maurik", "Kerk-Avezaath", "Ommeren"}}
    assert set(groups["gemeentecode"]) == {"GM0214"}


def test_kern_names_are_written_as_the_mapping_writes_them(tmp_path: Path) -> None:
    path = tmp_path / "groepen.csv"
    path.write_text("gemeentecode,groep,kern\nGM0214,pilot,kerk avezaath\nGM0214,pilot,INGEN\n", encoding="utf-8")
    assert list(load_kern_groups(path, MAPPING)["kern"]) == ["Kerk-Avezaath", "Ingen"]


def test_an_unknown_kern_names_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "mijn_groepen.csv"
    path.write_text("gemeentecode,groep,kern\nGM0214,pilot,Ingen\nGM0214,pilot,Zoelenn\n", encoding="utf-8")
    with pytest.raises(KernGroepenError) as error:
        load_kern_groups(path, MAPPING)
    message = str(error.value)
    assert "mijn_groepen.csv, rij 3, kolom kern: 'Zoelenn' is geen kern van GM0214" in message
    assert "bedoelt u 'Zoelen'?" in message


def test_a_missing_column_and_a_gemeente_not_configured(tmp_path: Path) -> None:
    missing = tmp_path / "zonder_kern.csv"
    missing.write_text("gemeentecode,groep\nGM0214,pilot\n", encoding="utf-8")
    with pytest.raises(KernGroepenError, match="kolom\\(men\\) ontbreken: kern"):
        load_kern_groups(missing, MAPPING)
    other = tmp_path / "andere_gemeente.csv"
    other.write_text("gemeentecode,groep,kern\nGM1735,pilot,Delden\nGM0214,pilot,Ingen\n", encoding="utf-8")
    assert list(load_kern_groups(other, MAPPING)["kern"]) == ["Ingen"]  # Hof van Twente is not configured


def test_the_refresh_step_loads_the_groups_and_stops_on_an_unknown_kern(tmp_path: Path) -> None:
    """The Dagster step behind `kernmonitor refresh`: groups checked against the mapping it stored."""
    import dagster as dg
    import duckdb

    from kernmonitor.config import DEFAULT_CONFIG, write_variant
    from orchestration.defs.sources.assets import kern_buurt, kern_groepen
    from orchestration.resources import KernmonitorResource

    def refresh(groepen: Path, home: Path) -> dg.ExecuteInProcessResult:
        config = write_variant(DEFAULT_CONFIG, tmp_path / f"{groepen.stem}.toml", kern_groepen=str(groepen))
        resource = KernmonitorResource(config_file=str(config), home=str(home))
        return dg.materialize([kern_buurt, kern_groepen], resources={"kernmonitor": resource}, raise_on_error=False)

    goed = refresh(load_config().kern_groepen, tmp_path / "goed")
    assert goed.success
    with duckdb.connect(str(tmp_path / "goed" / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from raw.kern_groepen where groep = 'pilot'").fetchone() == (3,)
    fout = tmp_path / "kerngroepen_fout.csv"
    fout.write_text("gemeentecode,groep,kern\nGM0214,pilot,Atlantis\n", encoding="utf-8")
    mislukt = refresh(fout, tmp_path / "fout")
    assert not mislukt.success
    [event] = [e for e in mislukt.all_events if e.event_type_value == "STEP_FAILURE"]
    assert "kerngroepen_fout.csv, rij 2, kolom kern: 'Atlantis' is geen kern van GM0214" in str(event.step_failure_data)
