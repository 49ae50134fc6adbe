"""Dutch formatting and the kern map's dissolve: plain functions, no data needed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from dashboards import formatting as fmt
from dashboards.kaart import dissolve, geklikte_kern


@pytest.mark.parametrize(
    ("value", "decimalen", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (18068543, 0, "18.068.543"),
        (0.0244, 3, "0,024"),
        (-0.1137, 3, "-0,114"),
        (-0.01, 1, "0,0"),
        (None, 1, "–"),
        (float("nan"), 1, "–"),
        (pd.NA, 0, "–"),
    ],
)
def test_getal_writes_dutch_separators(value, decimalen, expected) -> None:
    assert fmt.getal(value, decimalen) == expected


@pytest.mark.parametrize(
    ("value", "eenheid", "decimalen", "expected"),
    [
        (23.28, "%", 1, "23,3%"),
        (507.42, "x 1.000 euro", 0, "€ 507.000"),
        (30.903, "x 1.000 euro", 1, "€ 30.900"),
        (1.3127, "km", 1, "1,3 km"),
        (2229.0, "aantal", 0, "2.229"),
        (1234.4, "euro per 1.000 inwoners", 0, "€ 1.234"),
        (6.93, "klasse 1-9", 1, "6,9"),
        (None, "%", 1, "–"),
    ],
)
def test_waarde_puts_the_unit_where_dutch_writes_it(value, eenheid, decimalen, expected) -> None:
    assert fmt.waarde(value, eenheid, decimalen) == expected


def test_eenheid_tekst_explains_scales_and_leaves_out_what_the_figure_says() -> None:
    assert fmt.eenheid_tekst("klasse 1-9") == "op een schaal van 1 tot 9"
    assert fmt.eenheid_tekst("per 1.000 inwoners") == "per 1.000 inwoners"
    assert fmt.eenheid_tekst("euro per 1.000 inwoners") == "per 1.000 inwoners"
    assert fmt.eenheid_tekst("%") == fmt.eenheid_tekst("x 1.000 euro") == fmt.eenheid_tekst("aantal") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 3, 27), "27 maart 2025"),
        ("2026-03-22T02:00:00", "22 maart 2026"),
        (pd.Timestamp("2024-07-01"), "1 juli 2024"),
        ("2024", "2024"),
        (None, "–"),
    ],
)
def test_datum_writes_the_month_in_dutch(value, expected) -> None:
    assert fmt.datum(value) == expected


def test_datum_tijd_shows_amsterdam_time() -> None:
    assert fmt.datum_tijd(datetime(2026, 11, 23, 14, 33, tzinfo=UTC)) == "23 november 2026 om 15:33"
    assert fmt.datum_tijd(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "1 juli 2026 om 12:00"


def test_rang_tekst_says_what_one_means() -> None:
    assert fmt.rang_tekst(3, 26, "lager_beter") == "3e van 26 kernen (1 = gunstigst)"
    assert fmt.rang_tekst(9, 26, "neutraal") == "9e van 26 kernen (1 = hoogste)"
    assert fmt.rang_tekst(None, 26, "neutraal") == ""
    assert fmt.rang_tekst(1, 0, "hoger_beter") == ""


def _square(x0: float, y0: float, size: float = 1.0) -> list[list[float]]:
    return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]


def test_dissolve_merges_buurten_that_share_an_edge_into_one_outline() -> None:
    left = {"type": "Polygon", "coordinates": [_square(0, 0)]}
    right = {"type": "Polygon", "coordinates": [_square(1, 0)]}
    merged = dissolve([left, right])
    assert merged is not None and merged["type"] == "MultiPolygon"
    assert len(merged["coordinates"]) == 1
    ring = merged["coordinates"][0][0]
    assert ring[0] == ring[-1]
    assert {tuple(p) for p in ring} == {(0, 0), (1, 0), (2, 0), (2, 1), (1, 1), (0, 1)}


def test_dissolve_keeps_a_hole_where_another_kern_lies_inside() -> None:
    # A 3x3 block of buurten without its centre: one outer ring and one hole.
    cells = [
        {"type": "Polygon", "coordinates": [_square(x, y)]} for x in range(3) for y in range(3) if (x, y) != (1, 1)
    ]
    merged = dissolve(cells)
    assert merged is not None
    assert len(merged["coordinates"]) == 1
    outer, hole = merged["coordinates"][0]
    assert len(outer) == 13  # the 12 unit edges of the block's border, closed
    assert {tuple(p) for p in hole} == {(1, 1), (2, 1), (2, 2), (1, 2)}


def test_dissolve_keeps_separate_parts_apart() -> None:
    merged = dissolve(
        [{"type": "Polygon", "coordinates": [_square(0, 0)]}, {"type": "Polygon", "coordinates": [_square(5, 5)]}]
    )
    assert merged is not None and len(merged["coordinates"]) == 2


def test_a_map_click_names_the_kern() -> None:
    assert geklikte_kern({"points": [{"location": "Vuren", "curveNumber": 0}]}) == "Vuren"
    assert geklikte_kern({"points": [{"customdata": "Beesd"}]}) == "Beesd"
    assert geklikte_kern({"points": []}) is None
    assert geklikte_kern(None) is None


def test_indicator_choices_keep_a_theme_together_in_the_profile_order() -> None:
    """With 100 indicators, a dropdown lists a theme's figures together, themes in the kern profile's order."""
    from dashboards.vocabulary import THEMA_VOLGORDE, indicator_keuzes, thema_naam

    catalogus = pd.read_csv(Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "indicators.csv")
    keuzes = indicator_keuzes(catalogus)
    assert sorted(k["value"] for k in keuzes) == sorted(catalogus["indicator_id"])
    themas = [k["label"].split(" – ")[0] for k in keuzes]
    blokken = [t for i, t in enumerate(themas) if i == 0 or themas[i - 1] != t]
    assert blokken == [thema_naam(t) for t in THEMA_VOLGORDE if t in set(catalogus["thema"])]  # each theme once
    eerste = [k["label"] for k in keuzes if k["label"].startswith(blokken[0] + " – ")]
    assert eerste == sorted(eerste)
