"""The read-only JSON API under /api/ (issue 16, item 4): every route described in the served OpenAPI document,
every answer valid against its schema and equal to the marts, Dutch 404s, only GET, and the same access rules and
security headers as the pages."""

from __future__ import annotations

import base64
import math
import re

import jsonschema
import pytest

from dashboards.api import OPENAPI
from dashboards.data import ServingData
from kernmonitor.webauth import protect

PASSWORD = "een-lang-wachtwoord"


@pytest.fixture(scope="module")
def client(serving_path):
    from dashboards.app import create_app

    return create_app(serving_path).server.test_client()


@pytest.fixture(scope="module")
def data(serving_path) -> ServingData:
    return ServingData(serving_path)


def _valideer(client, url: str, status: int = 200) -> dict:
    antwoord = client.get(url)
    assert antwoord.status_code == status, antwoord.get_data(as_text=True)
    assert antwoord.mimetype == "application/json"
    pad = re.sub(r"^/api/kernen/[^/]+/.+/indicatoren$", "/api/kernen/{gemeente}/{kern}/indicatoren", url.split("?")[0])
    schema = OPENAPI["paths"][pad]["get"]["responses"][str(status)]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator({**schema, "components": OPENAPI["components"]}).validate(antwoord.get_json())
    return antwoord.get_json()


def test_every_route_is_described_and_the_description_is_served(client):
    regels = {r.rule for r in client.application.url_map.iter_rules() if r.rule.startswith("/api/")}
    beschreven = {re.sub(r"<(?:path:)?(\w+)>", r"{\1}", r) for r in regels} - {"/api/{pad}"}
    assert beschreven == set(OPENAPI["paths"])
    assert client.get("/api/openapi.json").get_json() == OPENAPI
    for r in client.application.url_map.iter_rules():
        if r.rule.startswith("/api/"):
            assert r.methods <= {"GET", "HEAD", "OPTIONS"}, r.rule


def test_kernen_and_indicators_answer_what_the_marts_hold(client, data):
    alle = _valideer(client, "/api/kernen")["kernen"]
    assert len(alle) == len(data.kernen())
    buren = _valideer(client, "/api/kernen?gemeente=GM0214")
    mart = data.kernen("GM0214")
    assert [k["kern"] for k in buren["kernen"]] == list(mart["kern"])
    assert [k["inwoners"] for k in buren["kernen"]] == [None if math.isnan(v) else v for v in mart["inwoners"]]
    assert buren["publicatie"]["versie"] == data.publication()["version"]

    antwoord = _valideer(client, "/api/kernen/GM1960/Beesd/indicatoren")
    profiel = data.profiel("GM1960", "Beesd")
    assert antwoord["kern"] == "Beesd" and len(antwoord["indicatoren"]) == len(profiel)
    for regel, (_, rij) in zip(antwoord["indicatoren"], profiel.iterrows(), strict=True):
        assert regel["indicator_id"] == rij["indicator_id"] and regel["status"] == rij["status"]
        for veld in ("waarde", "gemeente_waarde", "nederland_waarde", "dekking"):
            verwacht = None if rij[veld] != rij[veld] or rij[veld] is None else float(rij[veld])
            assert regel[veld] == (pytest.approx(verwacht) if verwacht is not None else None), veld
        assert regel["synthetisch"] == bool(rij["synthetisch"])
    jaar = _valideer(client, "/api/kernen/GM1960/Beesd/indicatoren?jaar=2019")
    assert {r["jaar"] for r in jaar["indicatoren"]} == {2019}

    catalogus = _valideer(client, "/api/catalogus")["indicatoren"]
    assert [r["indicator_id"] for r in catalogus] == list(data.catalogus()["indicator_id"])
    bronnen = _valideer(client, "/api/bronnen")["bronnen"]
    assert [(r["tabel"], r["jaar"]) for r in bronnen] == list(
        zip(data.bronnen()["tabel"], data.bronnen()["jaar"], strict=True)
    )


def test_unknown_things_get_a_dutch_404_and_only_get_is_allowed(client):
    assert "Bedoelt u Beesd?" in _valideer(client, "/api/kernen/GM1960/Beezd/indicatoren", 404)["fout"]
    assert "staat niet in deze publicatie" in _valideer(client, "/api/kernen?gemeente=GM9999", 404)["fout"]
    assert "geen jaartal" in _valideer(client, "/api/kernen/GM1960/Beesd/indicatoren?jaar=x", 400)["fout"]
    assert client.get("/api/bestaat-niet").status_code == 404
    assert client.post("/api/kernen").status_code == 405
    assert client.delete("/api/catalogus").status_code == 405


def test_the_api_and_the_downloads_need_the_same_login_as_the_pages(serving_path, tmp_path):
    from dashboards.app import create_app

    app = create_app(serving_path)
    protect(app, home=tmp_path, credentials=("anna", PASSWORD), environ={})
    client = app.server.test_client()
    goed = {"Authorization": "Basic " + base64.b64encode(f"anna:{PASSWORD}".encode()).decode()}
    fout = {"Authorization": "Basic " + base64.b64encode(b"anna:verkeerd-wachtwoord").decode()}
    for url in (
        "/api/kernen",
        "/api/openapi.json",
        "/api/kernen/GM1960/Beesd/indicatoren",
        "/open-data/GM1960/kernen.csv",
    ):
        for headers in ({}, fout):
            antwoord = client.get(url, headers=headers)
            assert antwoord.status_code == 401, url
            assert antwoord.headers["X-Content-Type-Options"] == "nosniff"
        antwoord = client.get(url, headers=goed)
        assert antwoord.status_code == 200, url
        assert "frame-ancestors 'none'" in antwoord.headers["Content-Security-Policy"]
        assert antwoord.headers["X-Content-Type-Options"] == "nosniff"
    assert "nosniff" in client.get("/api/kernen?gemeente=GM9999", headers=goed).headers["X-Content-Type-Options"]
