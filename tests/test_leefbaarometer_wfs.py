"""The Leefbaarometer WFS client against a local GeoServer stand-in serving the real 2024 scores."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from werkzeug import Request, Response

from ingest.cbs_odata import SourceRequestError
from ingest.leefbaarometer import parse_features, read_geojson
from ingest.leefbaarometer_wfs import LeefbaarometerWfsClient, layer_name

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "cbs"
OWS = "/lbm3/ows"
_LIKE = re.compile(r"^id LIKE '([A-Z]{2}\d{4})%'$")


def wfs_features(filename: str) -> list[dict]:
    """The real scores of our extract, shaped back into what the WFS sends: the fields flat, the code in `id`."""
    extract = json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))
    return [
        {
            "type": "Feature",
            "id": f"score.{number}",
            "geometry": feature["geometry"],
            "properties": {
                "id": feature["properties"]["code"],
                "name": feature["properties"]["naam"],
                "gemeente": feature["properties"]["gemeente"],
                **feature["properties"]["raw"],
            },
        }
        for number, feature in enumerate(extract["features"])
    ]


LAYERS = {
    "lbm3:buurtscore24": wfs_features("leefbaarometer2024_buurten_GM1960_GM0214.geojson"),
    "lbm3:gemeentescore24": wfs_features("leefbaarometer2024_gemeenten_GM1960_GM0214.geojson"),
}


def get_feature(request: Request, *, honour_filter: bool = True) -> Response:
    """GetFeature as GeoServer answers it: JSON with numberMatched, paging by count/startIndex, `id LIKE` filters."""
    args = request.args
    layer = args.get("typeName")
    if layer not in LAYERS:
        report = f'<ows:ExceptionReport><ows:Exception exceptionCode="InvalidParameterValue">{layer}'
        return Response(report + "</ows:Exception></ows:ExceptionReport>", status=400, content_type="text/xml")
    features = LAYERS[layer]
    if honour_filter and args.get("CQL_FILTER"):
        prefixes = tuple(_LIKE.match(clause).group(1) for clause in args["CQL_FILTER"].split(" OR "))
        features = [f for f in features if f["properties"]["id"].startswith(prefixes)]
    start, count = int(args.get("startIndex", 0)), int(args.get("count", len(features)))
    page = features[start : start + count]
    body = {
        "type": "FeatureCollection",
        "features": page,
        "totalFeatures": len(features),
        "numberMatched": len(features),
        "numberReturned": len(page),
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}},
    }
    return Response(json.dumps(body), content_type="application/json;charset=UTF-8")


def client_for(httpserver, **options) -> LeefbaarometerWfsClient:
    return LeefbaarometerWfsClient(httpserver.url_for(OWS), **{"retries": 2, "backoff": 0.001, **options})


def test_layer_names_follow_level_and_edition():
    assert layer_name("buurt", 2024) == "lbm3:buurtscore24"
    assert layer_name("gemeente", 2022) == "lbm3:gemeentescore22"
    with pytest.raises(ValueError, match="niveau"):
        layer_name("provincie", 2024)  # type: ignore[arg-type]


def test_buurt_scores_are_fetched_page_by_page(httpserver):
    httpserver.expect_request(OWS).respond_with_handler(get_feature)

    features = client_for(httpserver, page_size=25).scores("buurt", ["GM1960", "GM0214"])

    assert [f["properties"]["id"] for f in features] == [f["properties"]["id"] for f in LAYERS["lbm3:buurtscore24"]]
    assert [request.args["startIndex"] for request, _ in httpserver.log] == ["0", "25", "50", "75"]
    assert {request.args["CQL_FILTER"] for request, _ in httpserver.log} == {"id LIKE 'BU0214%' OR id LIKE 'BU1960%'"}


def test_only_the_asked_gemeente_comes_back_even_when_the_filter_is_ignored(httpserver):
    httpserver.expect_request(OWS).respond_with_handler(lambda request: get_feature(request, honour_filter=False))

    features = client_for(httpserver).scores("buurt", ["GM1960"])

    assert len(features) == 62
    assert all(f["properties"]["id"].startswith("BU1960") for f in features)


def test_the_features_parse_to_the_same_scores_as_the_embedded_extract(httpserver):
    httpserver.expect_request(OWS).respond_with_handler(get_feature)
    client = client_for(httpserver)

    buurten = parse_features(client.scores("buurt", ["all"]))
    gemeenten = parse_features(client.scores("gemeente", ["GM0214", "GM1960"]))

    expected = read_geojson(DATA_DIR / "leefbaarometer2024_buurten_GM1960_GM0214.geojson")
    pd.testing.assert_frame_equal(buurten, expected)
    assert sorted(gemeenten["region_code"]) == ["GM0214", "GM1960"]
    assert set(gemeenten["year"]) == {2024}


def test_a_server_error_is_retried(httpserver):
    httpserver.expect_oneshot_request(OWS).respond_with_data("Bad Gateway", status=502)
    httpserver.expect_request(OWS).respond_with_handler(get_feature)

    assert len(client_for(httpserver).scores("gemeente", ["GM1960"])) == 1
    assert len(httpserver.log) == 2


def test_an_unknown_layer_fails_at_once_naming_it(httpserver):
    httpserver.expect_request(OWS).respond_with_handler(get_feature)

    with pytest.raises(SourceRequestError, match=r"lbm3:buurtscore23.*HTTP 400"):
        client_for(httpserver).scores("buurt", ["GM1960"], year=2023)
    assert len(httpserver.log) == 1
