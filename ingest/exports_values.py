"""Cell values as a Dutch spreadsheet holds them, parsed into typed values or a Dutch reason why not.

Every parser raises `CellError` with a reason written for the person who made the spreadsheet: what was found,
and what was expected instead.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz, process

from ingest.exports_spec import VALUES, key, value_index

# A kern or value spelling this close to exactly one candidate is taken as a typo and corrected (and reported);
# below it, or when two candidates are about as close, the row is rejected with the candidates named.
FUZZY_THRESHOLD = 85.0
FUZZY_MARGIN = 5.0


# Contact details, one definition for the scrubber of every export (ingest.exports) and the kernregister's check
# of a werknaam: an e-mail address, and a Dutch phone number (06-12345678, +31 30 123 4567, 0031...).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w-])(?:\+31|0031|0)[\d\s()-]{8,14}\d(?![\w-])")


def is_phone_number(text: str) -> bool:
    """Whether a PHONE match is a phone number: nine digits after the country or trunk prefix."""
    digits = re.sub(r"\D", "", text)
    national = digits[2:] if digits.startswith("31") else digits[4:] if digits.startswith("0031") else digits[1:]
    return len(national) == 9


EARLIEST_DATE = date(2000, 1, 1)
MAX_AMOUNT = 1_000_000.0
# Excel stores dates as days since 1899-12-30; a bare number in this range in a date column is such a serial.
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIAL_RANGE = (36526, 73051)  # 2000-01-01 .. 2099-12-31

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

# The most characters an Excel cell holds; longer text did not come from a spreadsheet cell.
MAX_TEXT = 32_767
# Text that a spreadsheet would run as a formula when the data is exported again (CSV injection).
FORMULA_PREFIXES = ("=", "+", "@")


class CellError(ValueError):
    """A cell that cannot be used; the message is the Dutch reason shown to the user."""


EMPTY_TEXTS = frozenset(("", "-", "–", "n.v.t.", "nvt", "#N/B", "#N/A"))


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if type(value) is str:  # the common case first: called for every cell of every row
        return value.strip() in EMPTY_TEXTS
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and value.strip() in EMPTY_TEXTS


def display(value: object) -> str:
    """A cell as the user sees it in Excel, for reject messages."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y") if value.time() == datetime.min.time() else value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value).strip()


def shorten(text: str, limit: int = 40) -> str:
    """A long value cut for a message: enough to find it, not the whole cell."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def euro(amount: float) -> str:
    """1234.5 -> '1.234,50' (Dutch notation, for messages)."""
    text = f"{abs(amount):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"-{text}" if amount < 0 else text


def dutch_date(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def clean_text(value: object) -> str | None:
    """Free text: trimmed, inner whitespace collapsed, refused when a spreadsheet would run it as a formula."""
    if is_empty(value):
        return None
    text = " ".join(display(value).split())
    if len(text) > MAX_TEXT:
        raise CellError(
            f"'{shorten(text)}' is te lang ({len(text):,} tekens); ".replace(",", ".")
            + f"verwacht hoogstens {MAX_TEXT:,} tekens, zoveel als een Excel-cel bevat".replace(",", ".")
        )
    if text.startswith(FORMULA_PREFIXES):
        shown = shorten(text)
        raise CellError(
            f"'{shown}' is een formule of begint als een formule; verwacht gewone tekst "
            f"(haal het '{text[0]}'-teken aan het begin weg)"
        )
    return text


_AMOUNT_WORDS = re.compile(r"(eur(o|os)?|€)", re.IGNORECASE)
_NUMBER = re.compile(r"^\d[\d.,]*$")


def parse_amount(value: object) -> float | None:
    """Dutch and English amounts: '€ 1.234,56', '1.234', '1250,5', '1,234.56', '€ 250,-', '(50,00)', 250.0."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"'{display(value)}' is geen bedrag; verwacht een bedrag zoals 1.234,56")
    if isinstance(value, int | float):
        amount = float(value)
    else:
        raw = str(value).strip()
        text = _AMOUNT_WORDS.sub("", raw).replace("\u00a0", "").replace(" ", "").replace("'", "")
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1]
        if text.startswith("-"):
            negative, text = True, text[1:]
        elif text.endswith("-") and not text.endswith(",-") and not text.endswith(",--"):
            negative, text = True, text[:-1]
        text = re.sub(r",-+$", "", text)  # '250,-' is Dutch for 250.00
        if not _NUMBER.match(text):
            raise CellError(f"'{raw}' is geen bedrag; verwacht een bedrag zoals 1.234,56")
        amount = _number_from_text(text, raw)
        if negative:
            amount = -amount
    if amount < 0:
        raise CellError(f"bedrag is negatief ({euro(amount)}); verwacht een bedrag van 0 of meer")
    if amount > MAX_AMOUNT:
        raise CellError(
            f"bedrag {euro(amount)} is onwaarschijnlijk hoog; verwacht een bedrag tot {euro(MAX_AMOUNT)} "
            "(staat er een dossiernummer of een totaal in deze kolom?)"
        )
    return round(amount, 2)


def _number_from_text(text: str, raw: str) -> float:
    dot, comma = text.rfind("."), text.rfind(",")
    if dot >= 0 and comma >= 0:
        # Both separators: the last one is the decimal separator, the other groups thousands.
        decimal_sep, group_sep = (",", ".") if comma > dot else (".", ",")
        text = text.replace(group_sep, "").replace(decimal_sep, ".")
    elif comma >= 0:
        if text.count(",") > 1:
            if not re.fullmatch(r"\d{1,3}(,\d{3})+", text):
                raise CellError(f"'{raw}' is geen bedrag; verwacht een bedrag zoals 1.234,56")
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
    elif dot >= 0 and re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # '1.234' and '12.500' are Dutch thousands, not decimals
    elif text.count(".") > 1:
        raise CellError(f"'{raw}' is geen bedrag; verwacht een bedrag zoals 1.234,56")
    return float(text)


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")


def parse_date(value: object, today: date, what: str = "datum") -> date | None:
    """'12-03-2023', '2023-03-12', '12/03/2023', '12 maart 2023', Excel date cells and serials; plausible only."""
    if is_empty(value):
        return None
    result = _to_date(value)
    if result is None:
        raise CellError(f"'{display(value)}' is geen datum; verwacht een {what} zoals 12-03-2023")
    if result < EARLIEST_DATE:
        first = EARLIEST_DATE.year
        raise CellError(f"{what} {dutch_date(result)} ligt voor {first}; verwacht een {what} vanaf {first}")
    latest = today + timedelta(days=366)
    if result > latest:
        raise CellError(
            f"{what} {dutch_date(result)} ligt te ver in de toekomst; verwacht een {what} tot {dutch_date(latest)}"
        )
    return result


def _to_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL_SERIAL_RANGE[0] <= value <= EXCEL_SERIAL_RANGE[1]:
            return EXCEL_EPOCH + timedelta(days=int(value))
        return None
    text = str(value).strip().lower()
    text = re.sub(r"[ t]00:00(:00)?(\.0+)?$", "", text)  # a date written out with a midnight time
    try:
        if m := _YMD.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, int(m[2]), int(m[1]))
        if (m := _D_MONTH_Y.match(text)) and m[2] in MONTHS:
            return date(int(m[3]), MONTHS[m[2]], int(m[1]))
    except ValueError as exc:  # 31-02-2023: the pattern fits, the day does not exist
        raise CellError(f"'{display(value)}' is geen bestaande datum; verwacht een datum zoals 12-03-2023") from exc
    return None


def parse_year(value: object, earliest: int, latest: int, what: str) -> int | None:
    """A year as 2023, 2023.0, '2023' or a date (whose year is taken)."""
    if is_empty(value):
        return None
    whole_number = isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()
    if whole_number or (isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value)):
        year: int | None = int(value)
    else:
        try:
            found = _to_date(value)
        except CellError:
            found = None
        year = found.year if found else None
    if year is None:
        raise CellError(f"'{display(value)}' is geen jaartal; verwacht een {what} zoals 2023")
    if not earliest <= year <= latest:
        raise CellError(f"{what} {year} is niet aannemelijk; verwacht een jaar van {earliest} tot en met {latest}")
    return year


def closest(word: str, choices: dict[str, str], limit: int = 3) -> list[tuple[str, float]]:
    """Best matches of a normalised word among normalised choices, as (canonical, score), best first."""
    found = process.extract(word, list(choices), scorer=fuzz.ratio, limit=limit * 3)
    seen: dict[str, float] = {}
    for choice, score, _ in found:
        canonical = choices[choice]
        seen[canonical] = max(seen.get(canonical, 0.0), score)
    return sorted(seen.items(), key=lambda item: -item[1])[:limit]


def fuzzy_pick(word: str, choices: dict[str, str]) -> tuple[str | None, float, list[str]]:
    """(canonical or None, score, candidates): a pick only when one candidate is clearly closest."""
    ranked = closest(word, choices)
    if not ranked:
        return None, 0.0, []
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score >= FUZZY_THRESHOLD and score - runner_up >= FUZZY_MARGIN:
        return best, score, [c for c, _ in ranked]
    return None, score, [c for c, _ in ranked]


def or_list(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b of c' (Dutch enumeration)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " of " + items[-1]


def match_value(value: object, domain: str, label: str, show_value: bool = True) -> tuple[str | None, float | None]:
    """(canonical value, fuzzy score or None when exact) for an allowed-values column.

    `show_value=False` keeps the value out of the reason, for columns where people write names.
    """
    if is_empty(value):
        return None, None
    index = value_index(domain)
    word = key(value)
    if word in index:
        return index[word], None
    allowed = list(VALUES[domain])
    pick, score, _ = fuzzy_pick(word, index) if word else (None, 0.0, [])
    if pick is not None:
        return pick, score
    shown = f"'{display(value)}'" if show_value else "de waarde (niet getoond: mogelijk een naam)"
    raise CellError(f"{shown} is geen geldige waarde voor {label}; verwacht {or_list(allowed)}")
