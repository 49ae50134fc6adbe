"""Dutch formatting for everything a briefing prints, and neutralising spreadsheet formulas."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

# The Dutch primitives are the dashboard's: a briefing and a page must print a figure the same way.
from dashboards.formatting import MAANDEN, ONTBREEKT, getal, is_missing  # noqa: F401 - re-exported

# Units that read better glued to the number ("12,5%") than spelled after it.
_GLUED_UNITS = {"%": "%"}


def met_eenheid(value, decimalen: int, eenheid: str | None) -> str:
    """A value with its unit as a reader expects it: '23,4%', '1,2 km', '3.258'."""
    text = getal(value, decimalen)
    if text == ONTBREEKT or not eenheid or eenheid in ("aantal", "score"):
        return text
    if eenheid in _GLUED_UNITS:
        return text + _GLUED_UNITS[eenheid]
    if eenheid.startswith("x 1.000 euro"):
        # Stored in thousands (CBS's unit); a reader wants euros, rounded to the precision CBS gives.
        step = 10 ** max(0, 3 - int(decimalen))
        return "€ " + getal(round(float(value) * 1000 / step) * step, 0)
    if eenheid.startswith("euro"):
        rest = eenheid[len("euro") :].strip()
        return f"€ {text}" + (f" {rest}" if rest else "")
    if eenheid.startswith("klasse"):
        return text
    return f"{text} {eenheid}"


def korte_eenheid(eenheid: str | None) -> bool:
    """Whether a unit fits next to a number in a narrow table cell ('%', 'km', euros) or belongs in the label."""
    return not eenheid or eenheid in ("aantal", "score", "%", "km") or eenheid.startswith(("klasse", "x 1.000 euro"))


def procent(fraction, decimalen: int = 0) -> str:
    """0.9105 -> '91%' (coverage is stored as a share of 1)."""
    if is_missing(fraction):
        return ONTBREEKT
    return getal(float(fraction) * 100, decimalen) + "%"


def datum(value) -> str:
    """A date as Dutch prose: '27 maart 2025'."""
    if is_missing(value):
        return ONTBREEKT
    if isinstance(value, str):
        value = pd.Timestamp(value)
    if isinstance(value, pd.Timestamp):
        if value.tzinfo is not None:
            # Dates are read in the Netherlands: a publication at 23:30 UTC is the next day here.
            value = value.tz_convert("Europe/Amsterdam")
        value = value.date()
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def datum_tijd(value) -> str:
    if is_missing(value):
        return ONTBREEKT
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("Europe/Amsterdam")
    return f"{datum(stamp)}, {stamp.hour:02d}:{stamp.minute:02d} uur"


def revisie(value) -> str:
    """CBS revision stamps ('2026-03-22T02:00:00') as a date; other labels (a year) unchanged."""
    if is_missing(value):
        return ONTBREEKT
    text = str(value)
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return datum(text[:10])
    return text


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def veilige_tekst(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers.

    OWASP's CSV-injection advice: a cell starting with = + - @ (or tab/CR, which some programs strip first)
    is prefixed with a single quote, so it shows as the literal text that was exported.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def bestandsnaam(text: str) -> str:
    """A kern or gemeente name as a safe, readable file name part ('Kerk-Avezaath' stays, '/' goes)."""
    cleaned = re.sub(r"[^\w.-]+", "_", text.strip(), flags=re.UNICODE).strip("._")
    return cleaned or "kern"
