"""Cell parsers: Dutch amounts, dates, years, allowed values, header names."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ingest.exports_spec import header_index, is_personal_header, key
from ingest.exports_values import CellError, match_value, parse_amount, parse_date, parse_year

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("€ 1.234,56", 1234.56),
        ("1.234", 1234.0),
        ("12.500", 12500.0),
        ("1250,5", 1250.5),
        ("€ 250,-", 250.0),
        ("EUR 2.500", 2500.0),
        ("1,234.56", 1234.56),
        ("1250.5", 1250.5),
        ("€\u00a0375,00", 375.0),
        (750, 750.0),
        (99.999, 100.0),
        ("", None),
        ("-", None),
        (None, None),
    ],
)
def test_amounts_in_dutch_and_other_notations(cell: object, amount: float | None) -> None:
    assert parse_amount(cell) == amount


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("-50", "bedrag is negatief (-50,00); verwacht een bedrag van 0 of meer"),
        ("(1.250,00)", "bedrag is negatief (-1.250,00)"),
        ("vijftig", "'vijftig' is geen bedrag; verwacht een bedrag zoals 1.234,56"),
        ("2000000", "bedrag 2.000.000,00 is onwaarschijnlijk hoog"),
        (True, "is geen bedrag"),
    ],
)
def test_bad_amounts_say_what_was_expected(cell: object, reason: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_amount(cell)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    "cell",
    [
        "12-03-2023",
        "12-3-2023",
        "12-03-23",
        "2023-03-12",
        "12/03/2023",
        "12.03.2023",
        "12 maart 2023",
        "2023-03-12 00:00:00",
        datetime(2023, 3, 12),
        date(2023, 3, 12),
        44997,
    ],
)
def test_dates_in_every_notation(cell: object) -> None:
    assert parse_date(cell, TODAY) == date(2023, 3, 12)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("31-02-2023", "'31-02-2023' is geen bestaande datum"),
        ("12-03-1999", "ligt voor 2000"),
        ("12-03-2030", "ligt te ver in de toekomst; verwacht een datum tot 02-06-2026"),
        ("morgen", "'morgen' is geen datum"),
    ],
)
def test_impossible_and_implausible_dates_are_refused(cell: str, reason: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_date(cell, TODAY)
    assert reason in str(caught.value)


def test_years_from_numbers_text_and_dates() -> None:
    assert [parse_year(v, 2000, 2025, "jaar") for v in (2023, 2023.0, " 2023 ", datetime(2023, 5, 1))] == [2023] * 4
    with pytest.raises(CellError, match="jaar 2031 is niet aannemelijk"):
        parse_year(2031, 2000, 2025, "jaar")


def test_values_match_by_alias_and_close_typos_only() -> None:
    assert match_value("Verleend", "status_subsidie", "Status") == ("toegekend", None)
    assert match_value(" In  Behandeling ", "status_subsidie", "Status") == ("in behandeling", None)
    value, score = match_value("toegekent", "status_subsidie", "Status")
    assert value == "toegekend" and score > 85
    with pytest.raises(CellError, match="verwacht inwoners, gemeente, samen of extern"):
        match_value("Jan", "trekker", "Trekker")
    with pytest.raises(CellError) as caught:
        match_value("Jan Jansen", "trekker", "Trekker", show_value=False)
    assert "Jan" not in str(caught.value)


def test_header_names_ignore_case_spaces_punctuation_and_remarks() -> None:
    index = header_index("subsidies")
    for header in ("Bedrag toegekend (€)", "  BEDRAG  TOEGEKEND", "bedrag-toegekend", "Verleend bedrag"):
        assert index[key(header)].name == "bedrag_toegekend"
    assert key("Kerk-Avezaath") == key("kerk avezaath")


@pytest.mark.parametrize(
    ("header", "personal"),
    [
        ("Aanvrager", True),
        ("Naam", True),
        ("Naam aanvrager", True),
        ("E-mailadres", True),
        ("Tel.", True),
        ("IBAN", True),
        ("Adres", True),
        ("Contactpersoon dorpsplatform", True),
        ("Opmerking", False),
        ("Kern", False),
    ],
)
def test_personal_headers(header: str, personal: bool) -> None:
    assert is_personal_header(header) is personal
