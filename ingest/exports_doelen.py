"""The cells only a goals file (doelen) has: scope, gemeente, indicator and a plain number.

A goal names a catalogue indicator (by its code or its label, as dbt_project/seeds/indicators.csv holds them) and
a scope: a kern of the file's gemeente, a named group of kernen (data/kernen/kerngroepen.csv, passed in by the
loader) or the whole gemeente. An indicator that the catalogue does not hold (yet), such as a survey score, is
accepted by its code only, and only with an explicit baseline value (checked per row in exports_rows).
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from ingest.exports_spec import FROM_DATA_WORDS, GEMEENTE_SCOPE, GEMEENTE_SCOPE_WORDS, key
from ingest.exports_values import CellError, display, fuzzy_pick, is_empty, or_list, shorten
from ingest.kernen import normalise_name

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "indicators.csv"
# A code for an indicator kernmonitor does not hold yet: lower case letters, digits and underscores.
INDICATOR_CODE = re.compile(r"[a-z][a-z0-9_]{2,59}")
_GM_CODE = re.compile(r"\bGM\d{4}\b", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")
_FROM_DATA = frozenset(key(w) for w in FROM_DATA_WORDS)
_GEMEENTE_WORDS = frozenset(key(w) for w in GEMEENTE_SCOPE_WORDS)


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """indicator_id -> its catalogue row (label, richting, ...), read once from the seed dbt builds from too."""
    with CATALOGUE_FILE.open(encoding="utf-8") as fh:
        return {row["indicator_id"]: row for row in csv.DictReader(fh)}


@functools.cache
def _indicator_index() -> dict[str, str]:
    """Normalised code or label -> indicator_id."""
    index: dict[str, str] = {}
    for indicator_id, row in catalogue().items():
        index[key(row["label"])] = indicator_id
        index[key(indicator_id)] = indicator_id
    return index


def parse_indicator(value: object) -> tuple[str | None, float | None]:
    """(indicator_id, fuzzy score or None when exact); a code outside the catalogue is returned as written."""
    if is_empty(value):
        return None, None
    text = " ".join(display(value).split())
    index = _indicator_index()
    word = key(text)
    if word in index:
        return index[word], None
    pick, score, candidates = fuzzy_pick(word, index) if word else (None, 0.0, [])
    if pick is not None:
        return pick, score
    if INDICATOR_CODE.fullmatch(text):
        return text, None  # not (yet) in the catalogue: allowed with an explicit baseline (see exports_rows)
    hint = f"; bedoelde u {or_list(candidates)}?" if candidates and score >= 60 else ""
    raise CellError(
        f"'{shorten(text)}' is geen indicator uit de catalogus{hint} (verwacht de code of het label van een "
        "indicator, zoals koopwoningen_pct of Koopwoningen; zie Bronnen en methode)"
    )


def parse_gemeente(value: object) -> str | None:
    """A GM code, alone or in a text ('Buren (GM0214)')."""
    if is_empty(value):
        return None
    text = display(value)
    found = {m.upper() for m in _GM_CODE.findall(text)}
    if len(found) == 1:
        return found.pop()
    raise CellError(f"'{shorten(text)}' is geen gemeentecode; verwacht de gemeentecode, zoals GM0214")


def parse_scope(
    value: object, gemeentecode: str, kernen: dict[str, str], groups: dict[str, str]
) -> tuple[str | None, str | None, float | None]:
    """(scope, kind: kern / groep / gemeente, fuzzy score of a corrected kern name or None).

    `kernen` and `groups` map normalised names to the official ones of the file's gemeente. An exact kern or
    group name wins, then 'gemeente', then a kern name with a typo (one clearly closest kern); other kernen's
    gemeenten are checked by the caller.
    """
    if is_empty(value):
        return None, None, None
    text = " ".join(display(value).split())
    word = key(text)
    normalised = normalise_name(text)
    if normalised in kernen:
        return kernen[normalised], "kern", None
    if word in groups:
        return groups[word], "groep", None
    if word in _GEMEENTE_WORDS:
        return GEMEENTE_SCOPE, "gemeente", None
    pick, score, candidates = fuzzy_pick(normalised, kernen)
    if pick is not None:
        return pick, "kern", score
    known = sorted(set(groups.values()))
    group_hint = f", een groep ({or_list(known)})" if known else ", een groep kernen (zie kerngroepen.csv)"
    hint = f"; bedoelde u {or_list(candidates)}?" if candidates and score >= 60 else ""
    raise CellError(
        f"'{shorten(text)}' is geen kern of groep van gemeente {gemeentecode}{hint} "
        f"(verwacht de naam van een kern van {gemeentecode}{group_hint} of 'gemeente')"
    )


def parse_number(value: object, what: str) -> float | None:
    """A plain number as a Dutch spreadsheet holds it: 6,0 / 6.5 / 1.234,5 / 72 %; 'uit de gegevens' is empty."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"'{display(value)}' is geen getal; verwacht een getal zoals 7,0")
    if isinstance(value, int | float):
        number = float(value)
    else:
        raw = " ".join(str(value).split())
        if key(raw) in _FROM_DATA:
            return None
        text = raw.replace("%", "").replace("\u00a0", "").replace(" ", "")
        if not _NUMBER.match(text):
            raise CellError(f"'{shorten(raw)}' is geen getal; verwacht voor {what} een getal zoals 7,0 of 1.234,5")
        sign = -1.0 if text.startswith("-") else 1.0
        text = text.lstrip("+-")
        number = sign * _number(text, raw, what)
    if number != number or abs(number) > 1e12:
        raise CellError(f"'{display(value)}' is geen bruikbaar getal; verwacht voor {what} een getal zoals 7,0")
    return number


def _number(text: str, raw: str, what: str) -> float:
    dot, comma = text.rfind("."), text.rfind(",")
    if dot >= 0 and comma >= 0:
        decimal_sep, group_sep = (",", ".") if comma > dot else (".", ",")
        text = text.replace(group_sep, "").replace(decimal_sep, ".")
    elif comma >= 0:
        if text.count(",") > 1:
            raise CellError(f"'{shorten(raw)}' is geen getal; verwacht voor {what} een getal zoals 7,0 of 1.234,5")
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            raise CellError(f"'{shorten(raw)}' is geen getal; verwacht voor {what} een getal zoals 7,0 of 1.234,5")
        text = text.replace(".", "")
    return float(text)
