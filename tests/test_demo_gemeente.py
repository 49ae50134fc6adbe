"""Any gemeente offline (`kernmonitor demo --gemeente`), and one kern mapping for every way an export comes in.

Hof van Twente (GM1735) is not in the kern mapping file: its kernen are derived from the real buurt names and its
2024 population is CBS's own, from the embedded StatLine export.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from kernmonitor.cli import demo_config, main, run_job
from kernmonitor.config import load_config
from tests.publications import home_environment

pytestmark = pytest.mark.slow

HOF_VAN_TWENTE = "GM1735"
KERNAGENDA = """Kern,Nummer,Omschrijving,Thema,Programma,Eigenaar,Stand van zaken,Opgenomen,Peildatum
Delden,1,Jeu-de-boulesbaan bij het dorpshuis,Ontmoeten,sociale kracht,inwoners,idee,2024,28-11-2024
Goor,1,Groen schoolplein,Groen,klimaatadaptatie,samen,in uitvoering,2023,28-11-2024
Atlantis,1,Haven,Verkeer,,gemeente,idee,2024,28-11-2024
"""


@pytest.fixture(scope="module")
def hof_van_twente(tmp_path_factory: pytest.TempPathFactory):
    """`kernmonitor demo --gemeente GM1735 --no-serve` in a fresh home; (home, config file)."""
    home = tmp_path_factory.mktemp("hof-van-twente")
    with home_environment(home):
        assert main(["demo", "--gemeente", HOF_VAN_TWENTE, "--no-serve"]) == 0
    return home, str(home / "demo-gemeenten.toml")


def test_demo_of_any_gemeente_shows_its_derived_kernen_with_real_population(hof_van_twente) -> None:
    home, _ = hof_van_twente
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        kernen = con.execute(
            "select kern, waarde, synthetisch from marts.kern_indicators"
            " where indicator_id = 'inwoners' and jaar = 2024"
        ).df()
        reconciliatie = con.execute(
            "select * from marts.kern_reconciliatie where maat = 'inwoners' and jaar = 2024"
        ).df()
    assert {"Goor", "Delden", "Markelo", "Diepenheim", "Hengevelde", "Bentelo"} <= set(kernen.kern)
    assert not kernen.synthetisch.any()
    delden = kernen.set_index("kern").waarde["Delden"]
    assert 6_000 < delden < 9_000  # the place has about 7.000 inhabitants
    # CBS's own gemeente figure is met within its rounding of the buurten to fives.
    row = reconciliatie.iloc[0]
    assert abs(row.som_kernen - row.cbs_gemeente) <= 2.5 * row.buurten


def test_an_unknown_gemeente_code_is_refused_in_dutch(tmp_path) -> None:
    with pytest.raises(SystemExit, match="Onbekende gemeentecode.*GM9999"):
        demo_config(load_config(), None, ["GM9999"])


def test_cli_and_inbox_load_an_export_with_the_same_kern_mapping(hof_van_twente, tmp_path, capsys) -> None:
    """A derived-only gemeente: `load-export` and the inbox sensor's run accept and reject the same rows."""
    home, config_file = hof_van_twente
    inbox_home = tmp_path / "inbox-home"
    shutil.copytree(home, inbox_home)
    export = tmp_path / "kernagenda_hof_van_twente.csv"
    export.write_text(KERNAGENDA, encoding="utf-8")

    with home_environment(home):
        assert main(["--config", config_file, "load-export", str(export), "--json", "--no-publish"]) == 0
    via_cli = json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    cfg = load_config(config_file)
    cfg = type(cfg)(**{**cfg.__dict__, "home": inbox_home})
    cfg.inbox_dir.mkdir(parents=True, exist_ok=True)
    dropped = Path(shutil.copy(export, cfg.inbox_dir / export.name))
    os.utime(dropped, (dropped.stat().st_mtime - 3600,) * 2)  # settled: the sensor waits until a file stops changing
    run_job(cfg, "exports_laden", config_file)
    with duckdb.connect(str(cfg.warehouse_path), read_only=True) as con:
        accepted = con.execute("select kern from raw.kernagenda order by kern").df()
        rejected = con.execute("select count(*) from raw.export_rejects").fetchone()[0]

    assert via_cli["accepted"] == len(accepted) == 2 and sorted(accepted.kern) == ["Delden", "Goor"]
    assert via_cli["rejected"] == rejected == 1
    assert "Atlantis" in json.dumps(via_cli["rejects"])


def test_every_page_and_kern_profile_of_any_gemeente_renders(hof_van_twente) -> None:
    """No buurt boundaries, no Leefbaarometer, no exports and one year of figures: the pages still work."""
    import sys
    from urllib.parse import quote

    from dashboards.app import create_app
    from dashboards.context import current_data
    from dashboards.views import kernprofiel
    from tests.test_dashboard import route

    home, _ = hof_van_twente
    app = create_app(home / "serving.duckdb")
    for path in ("/", "/vergelijken?kernen=Goor,Delden", "/kernagenda", "/kansenkaart", "/bronnen"):
        pathname, _, search = path.partition("?")
        answer = route(app, pathname, "?" + search if search else "")
        assert answer["_pages_store"]["data"]["title"].endswith("kernmonitor"), path
    overzicht = sys.modules["pages.overzicht"]
    with app.server.test_request_context():
        data = current_data()
        _, _, kaart, _ = overzicht.toon_kaart(HOF_VAN_TWENTE, "inwoners")
        assert "Geen buurtgrenzen voor deze gemeente" in str(kaart)  # an empty map says why
        overzicht.toon_tabel(HOF_VAN_TWENTE, "inwoners")
        for kern in data.kernen()["kern"]:
            assert route(app, "/kern/" + quote(kern))["_pages_store"]["data"]["title"].startswith(kern)
            kernprofiel.trend_figuren(data, HOF_VAN_TWENTE, kern, "inwoners")
