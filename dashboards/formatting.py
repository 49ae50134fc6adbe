"""Dutch formatting of numbers, units and dates, the one place every page and chart takes its text from.

Numbers read 1.234,5; percentages 23,3%; dates 27 maart 2025. A missing value is always "–" (an en dash), and the
page shows why next to it.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

import pandas as pd

ONTBREEKT = "–"

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

# Plotly's layout.separators: decimal mark first, then the thousands separator.
PLOTLY_SEPARATORS = ",."


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def getal(value: object, decimalen: int = 0) -> str:
    """1234.5 -> "1.234,5"; None/NaN -> "–"."""
    if is_missing(value):
        return ONTBREEKT
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return ONTBREEKT
    decimalen = max(int(decimalen), 0)
    text = f"{number:,.{decimalen}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # "-0,0" helps nobody
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def procent(value: object, decimalen: int = 1) -> str:
    """23.27 (already a percentage) -> "23,3%"."""
    return ONTBREEKT if is_missing(value) else f"{getal(value, decimalen)}%"


def aandeel(value: object, decimalen: int = 0) -> str:
    """0.93 (a fraction) -> "93%"."""
    return ONTBREEKT if is_missing(value) else procent(float(value) * 100, decimalen)  # type: ignore[arg-type]


def euro(value: object, decimalen: int = 0) -> str:
    return ONTBREEKT if is_missing(value) else f"€ {getal(value, decimalen)}"


def _as_int(value: object, default: int = 0) -> int:
    return default if is_missing(value) else int(value)  # type: ignore[call-overload]


def waarde(value: object, eenheid: str | None, decimalen: object = 1) -> str:
    """The figure as a tile shows it, with the unit where Dutch writes it inside the number.

    Amounts in thousands of euros are written out ("€ 507.000"): a resident reads that, not "507 x 1.000 euro".
    Other units go beside the figure (see `eenheid_tekst`).
    """
    if is_missing(value):
        return ONTBREEKT
    dec = _as_int(decimalen, 1)
    eenheid = (eenheid or "").strip()
    if eenheid == "%":
        return procent(value, dec)
    if eenheid == "x 1.000 euro":
        return euro(round(float(value), dec) * 1000, 0)  # type: ignore[arg-type]
    if eenheid.startswith("euro"):
        return euro(value, dec)
    if eenheid == "km":
        return f"{getal(value, dec)} km"
    return getal(value, dec)


def eenheid_tekst(eenheid: str | None) -> str:
    """What goes beside a figure written by `waarde` ("" when the figure already says it)."""
    eenheid = (eenheid or "").strip()
    if eenheid in ("%", "x 1.000 euro", "km", "aantal", ""):
        return ""
    if eenheid.startswith("euro "):
        return eenheid[len("euro ") :]
    if eenheid.startswith("klasse "):
        return f"op een schaal van {eenheid[len('klasse ') :].replace('-', ' tot ')}"
    return eenheid


def as_axis_title(eenheid: str | None) -> str:
    eenheid = (eenheid or "").strip()
    return {"x 1.000 euro": "euro", "%": "%", "aantal": "aantal"}.get(eenheid, eenheid)


def scale_for_axis(value: object, eenheid: str | None) -> float | None:
    """The number a chart plots, in the unit of `as_axis_title` (thousands of euros become euros)."""
    if is_missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    return number * 1000 if (eenheid or "").strip() == "x 1.000 euro" else number


def _to_datetime(value: object) -> datetime | None:
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value).strip()
    if not text:
        return None
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError):
        return None
    return None if stamp is pd.NaT else stamp.to_pydatetime()


def datum(value: object) -> str:
    """2025-03-27 (a date, datetime or ISO text) -> "27 maart 2025"; a bare year stays a year."""
    text = "" if is_missing(value) else str(value).strip()
    if text.isdigit() and len(text) == 4:
        return text
    moment = _to_datetime(value)
    if moment is None:
        return text or ONTBREEKT
    if moment.tzinfo is not None:
        # Dates are read in the Netherlands: a publication at 23:30 UTC is the next day here.
        moment = pd.Timestamp(moment).tz_convert("Europe/Amsterdam").to_pydatetime()
    return f"{moment.day} {MAANDEN[moment.month - 1]} {moment.year}"


def datum_tijd(value: object) -> str:
    """A moment in Dutch local time: "23 november 2026 om 15:33"."""
    moment = _to_datetime(value)
    if moment is None:
        return ONTBREEKT
    if moment.tzinfo is not None:
        moment = pd.Timestamp(moment).tz_convert("Europe/Amsterdam").to_pydatetime()
    return f"{datum(moment)} om {moment:%H:%M}"


def rang_tekst(rang: object, rang_van: object, richting: str | None) -> str:
    """ "3e van 26 kernen" with what 1 means, because "neutraal" indicators are ranked highest first."""
    if is_missing(rang) or is_missing(rang_van) or int(rang_van) == 0:  # type: ignore[call-overload]
        return ""
    uitleg = {"hoger_beter": "1 = gunstigst", "lager_beter": "1 = gunstigst"}.get(richting or "", "1 = hoogste")
    return f"{int(rang)}e van {int(rang_van)} kernen ({uitleg})"  # type: ignore[call-overload]


def meervoud(n: int, enkel: str, meer: str) -> str:
    return f"{getal(n)} {enkel if n == 1 else meer}"


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


def revisie(value) -> str:
    """CBS revision stamps ('2026-03-22T02:00:00') as a date; other labels (a year) unchanged."""
    if is_missing(value):
        return ONTBREEKT
    text = str(value)
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return datum(text[:10])
    return text
