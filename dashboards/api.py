"""The read-only JSON API under /api/ (docs/open-data.md), on the Dash app's Flask server.

Field names are the marts' column names. Only GET (Flask adds HEAD and OPTIONS; anything else is 405). The API is
registered on the same Flask server as the pages, so `kernmonitor.webauth.protect` (login, guessing limits,
security headers) covers it exactly as it covers the pages. OPENAPI, below, describes every route and every answer;
tests/test_api.py validates the answers against it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import flask
import pandas as pd

from dashboards.data import OnbekendeKern, ServingData
from dashboards.vocabulary import statussen_in_een_zin

# The fields of each answer, in the order of the mart.
KERN_VELDEN = (
    "gemeentecode", "gemeentenaam", "kern", "aantal_buurten", "buurtcodes", "wijkcodes", "indeling_door_gemeente",
    "inwoners", "inwoners_synthetisch", "woningen", "leefbaarometer_klasse", "leefbaarometer_dekking",
    "leefbaarometer_jaar", "jaar",
)  # fmt: skip
INDICATOR_VELDEN = (
    "indicator_id", "label", "thema", "programma", "eenheid", "richting", "decimalen", "jaar", "waarde", "dekking",
    "status", "synthetisch", "gemeente_waarde", "gemeente_synthetisch", "nederland_waarde", "rang", "rang_van",
    "vorig_jaar_waarde", "bron", "bron_tabel", "bron_revisie",
)  # fmt: skip
CATALOGUS_VELDEN = (
    "indicator_id", "label", "uitleg", "thema", "programma", "eenheid", "berekening", "teller", "noemer", "richting",
    "bron", "decimalen", "structureel", "eigen_cijfer",
)  # fmt: skip
BRON_VELDEN = ("bron", "tabel", "jaar", "titel", "revisie", "soort", "ontbrekende_maten", "geladen_op")


def _nullable(soort: str | list[str], **extra) -> dict:
    soorten = soort if isinstance(soort, list) else [soort]
    return {"type": [*soorten, "null"], **extra}


TEKST = {"type": "string"}
GETAL = _nullable("number")
GEHEEL = _nullable("integer")
FOUT = {
    "type": "object",
    "required": ["fout"],
    "properties": {"fout": {"type": "string", "description": "Wat er mis is, in het Nederlands."}},
}
PUBLICATIE = {
    "type": "object",
    "required": ["versie", "gepubliceerd_op"],
    "properties": {"versie": TEKST, "gepubliceerd_op": {"type": "string", "format": "date-time"}},
}

SCHEMAS: dict[str, dict] = {
    "Fout": FOUT,
    "Publicatie": PUBLICATIE,
    "Kern": {
        "type": "object",
        "required": list(KERN_VELDEN),
        "additionalProperties": False,
        "properties": {
            "gemeentecode": {"type": "string", "pattern": "^GM[0-9]{4}$"},
            "gemeentenaam": _nullable("string"),
            "kern": TEKST,
            "aantal_buurten": {"type": "integer"},
            "buurtcodes": _nullable("string"),
            "wijkcodes": _nullable("string"),
            "indeling_door_gemeente": _nullable("boolean"),
            "inwoners": GETAL,
            "inwoners_synthetisch": _nullable("boolean"),
            "woningen": GETAL,
            "leefbaarometer_klasse": GETAL,
            "leefbaarometer_dekking": GETAL,
            "leefbaarometer_jaar": GEHEEL,
            "jaar": GEHEEL,
        },
    },
    "Indicator": {
        "type": "object",
        "required": list(INDICATOR_VELDEN),
        "additionalProperties": False,
        "properties": {
            "indicator_id": TEKST,
            "label": TEKST,
            "thema": TEKST,
            "programma": _nullable("string"),
            "eenheid": _nullable("string"),
            "richting": _nullable("string", enum=["hoger_beter", "lager_beter", "neutraal", None]),
            "decimalen": GEHEEL,
            "jaar": GEHEEL,
            "waarde": {**GETAL, "description": "Leeg (null) als er geen betrouwbaar cijfer is; status zegt waarom."},
            "dekking": {**GETAL, "description": "Deel (0–1) van het gewicht van de buurten met een waarde."},
            "status": {
                "type": "string",
                "description": statussen_in_een_zin() + " (zie Bronnen en methode).",
            },
            "synthetisch": _nullable("boolean", description="waar: een demonstratiewaarde, geen meting."),
            "gemeente_waarde": {
                **GETAL,
                "description": "Het cijfer van de gemeente (referentie): van CBS, of bij een eigen cijfer of "
                "enquête dat van de gemeente zelf.",
            },
            "gemeente_synthetisch": _nullable("boolean"),
            "nederland_waarde": {**GETAL, "description": "Het cijfer van Nederland (referentie)."},
            "rang": {**GEHEEL, "description": "Plaats tussen de kernen van de gemeente; 1 is het gunstigst."},
            "rang_van": GEHEEL,
            "vorig_jaar_waarde": GETAL,
            "bron": _nullable("string"),
            "bron_tabel": _nullable("string"),
            "bron_revisie": _nullable("string"),
        },
    },
    "CatalogusIndicator": {
        "type": "object",
        "required": list(CATALOGUS_VELDEN),
        "additionalProperties": False,
        "properties": {
            **{v: _nullable("string") for v in CATALOGUS_VELDEN},
            "indicator_id": TEKST,
            "label": TEKST,
            "decimalen": GEHEEL,
            "structureel": _nullable("boolean"),
            "eigen_cijfer": _nullable(
                "boolean", description="waar: een eigen cijfer van de gemeente (eigen cijfers), geen CBS-cijfer."
            ),
        },
    },
    "Bron": {
        "type": "object",
        "required": list(BRON_VELDEN),
        "additionalProperties": False,
        "properties": {
            **{v: _nullable("string") for v in BRON_VELDEN},
            "jaar": GEHEEL,
            "geladen_op": _nullable("string", format="date-time"),
        },
    },
}


def _lijst(sleutel: str, schema: str, extra: dict | None = None) -> dict:
    return {
        "type": "object",
        "required": ["publicatie", sleutel, *(extra or {})],
        "properties": {
            "publicatie": {"$ref": "#/components/schemas/Publicatie"},
            sleutel: {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}},
            **(extra or {}),
        },
    }


def _antwoord(beschrijving: str, schema: dict) -> dict:
    return {"description": beschrijving, "content": {"application/json": {"schema": schema}}}


NIET_GEVONDEN = _antwoord("Onbekende gemeente of kern", {"$ref": "#/components/schemas/Fout"})
GEMEENTE_PARAMETER = {
    "name": "gemeente",
    "in": "query",
    "required": False,
    "description": "Alleen de kernen van deze gemeente (CBS-code, zoals GM1960).",
    "schema": {"type": "string"},
}

OPENAPI: dict = {
    "openapi": "3.1.0",
    "info": {
        "title": "kernmonitor API",
        "version": "1",
        "description": "Alleen-lezen toegang tot de gepubliceerde cijfers per kern. Dezelfde toegangsregels als het "
        "dashboard (inloggen als het dashboard dat vraagt). Veldnamen zijn die van de marts; zie "
        "docs/open-data.md en de pagina Bronnen en methode.",
    },
    "paths": {
        "/api/kernen": {
            "get": {
                "summary": "Alle kernen (van één gemeente met ?gemeente=)",
                "parameters": [GEMEENTE_PARAMETER],
                "responses": {"200": _antwoord("De kernen", _lijst("kernen", "Kern")), "404": NIET_GEVONDEN},
            }
        },
        "/api/kernen/{gemeente}/{kern}/indicatoren": {
            "get": {
                "summary": "Elke indicator van een kern met referenties (gemeente, Nederland) en status",
                "parameters": [
                    {"name": "gemeente", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "kern", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": "jaar",
                        "in": "query",
                        "required": False,
                        "description": "Dit jaar in plaats van het laatste jaar met een waarde per indicator.",
                        "schema": {"type": "integer"},
                    },
                ],
                "responses": {
                    "200": _antwoord(
                        "De indicatoren van de kern",
                        _lijst(
                            "indicatoren",
                            "Indicator",
                            {"gemeentecode": TEKST, "gemeentenaam": _nullable("string"), "kern": TEKST},
                        ),
                    ),
                    "400": _antwoord("Geen jaartal", {"$ref": "#/components/schemas/Fout"}),
                    "404": NIET_GEVONDEN,
                },
            }
        },
        "/api/catalogus": {
            "get": {
                "summary": "De indicatorcatalogus",
                "responses": {"200": _antwoord("De catalogus", _lijst("indicatoren", "CatalogusIndicator"))},
            }
        },
        "/api/bronnen": {
            "get": {
                "summary": "De bronnen met tabel en revisie",
                "responses": {"200": _antwoord("De bronnen", _lijst("bronnen", "Bron"))},
            }
        },
        "/api/openapi.json": {
            "get": {
                "summary": "Deze beschrijving",
                "responses": {"200": _antwoord("OpenAPI 3.1", {"type": "object", "required": ["openapi", "paths"]})},
            }
        },
    },
    "components": {"schemas": SCHEMAS},
}


def _json_waarde(value):
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def records(frame: pd.DataFrame, velden: tuple[str, ...]) -> list[dict]:
    """The rows of a mart as JSON objects with these fields (missing values as null)."""
    kolommen = [v for v in velden if v in frame.columns]
    uit = []
    for rij in frame[kolommen].itertuples(index=False, name=None):
        regel = {v: None for v in velden}
        regel.update({k: _json_waarde(w) for k, w in zip(kolommen, rij, strict=True)})
        uit.append(regel)
    return uit


def _publicatie(data: ServingData) -> dict:
    pub = data.publication()
    return {"versie": str(pub["version"]), "gepubliceerd_op": _json_waarde(pub["published_at"])}


def _fout(bericht: str, status: int = 404) -> flask.Response:
    antwoord = flask.jsonify({"fout": bericht})
    antwoord.status_code = status
    return antwoord


def kernen(data: ServingData, gemeente: str | None) -> tuple[dict, int]:
    if gemeente and gemeente not in set(data.gemeenten()["gemeentecode"]):
        return {"fout": f"Gemeente {gemeente} staat niet in deze publicatie."}, 404
    return {"publicatie": _publicatie(data), "kernen": records(data.kernen(gemeente or None), KERN_VELDEN)}, 200


def indicatoren(data: ServingData, gemeente: str, kern: str, jaar: int | None = None) -> tuple[dict, int]:
    try:
        rij = data.kern(kern, gemeente)
    except OnbekendeKern as fout:
        return {"fout": str(fout)}, 404
    if jaar is None:
        frame = data.profiel(gemeente, rij["kern"])
    else:
        frame = data.indicator_reeks(gemeente, rij["kern"])
        frame = frame[frame["jaar"] == jaar].sort_values(["thema", "indicator_id"])
        if frame.empty:
            return {"fout": f"Geen cijfers van kern '{rij['kern']}' in {jaar}."}, 404
    return {
        "publicatie": _publicatie(data),
        "gemeentecode": gemeente,
        "gemeentenaam": _json_waarde(rij.get("gemeentenaam")),
        "kern": str(rij["kern"]),
        "indicatoren": records(frame, INDICATOR_VELDEN),
    }, 200


def catalogus(data: ServingData) -> tuple[dict, int]:
    return {"publicatie": _publicatie(data), "indicatoren": records(data.catalogus(), CATALOGUS_VELDEN)}, 200


def bronnen(data: ServingData) -> tuple[dict, int]:
    return {"publicatie": _publicatie(data), "bronnen": records(data.bronnen(), BRON_VELDEN)}, 200


def register(server: flask.Flask, data_van: Callable[[], ServingData]) -> None:
    """The /api/ routes on `server`; `data_van()` gives the ServingData of the request."""

    def antwoord(resultaat: tuple[dict, int]) -> flask.Response:
        inhoud, status = resultaat
        uit = flask.jsonify(inhoud)
        uit.status_code = status
        uit.headers["Cache-Control"] = "no-cache"
        return uit

    def api_kernen():
        return antwoord(kernen(data_van(), flask.request.args.get("gemeente")))

    def api_indicatoren(gemeente: str, kern: str):
        jaar = flask.request.args.get("jaar")
        if jaar is not None and not jaar.strip().isdigit():
            return _fout(f"Jaar '{jaar}' is geen jaartal.", 400)
        return antwoord(indicatoren(data_van(), gemeente, kern, int(jaar) if jaar is not None else None))

    def api_onbekend(pad: str):
        return _fout(f"/api/{pad} bestaat niet; zie /api/openapi.json.")

    routes = {
        "/api/kernen": api_kernen,
        "/api/kernen/<gemeente>/<path:kern>/indicatoren": api_indicatoren,
        "/api/catalogus": lambda: antwoord(catalogus(data_van())),
        "/api/bronnen": lambda: antwoord(bronnen(data_van())),
        "/api/openapi.json": lambda: flask.jsonify(OPENAPI),
        "/api/<path:pad>": api_onbekend,
    }
    for i, (regel, functie) in enumerate(routes.items()):
        server.add_url_rule(regel, f"api_{i}", functie, methods=["GET"])
