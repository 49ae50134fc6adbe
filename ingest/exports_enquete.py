"""The cells only a resident survey (enquête) has: an answer on its scale, a count, an area, a buurtcode.

An answer is read by the scale of its question: a rating 1-10, a five-point agree scale (1 = helemaal mee oneens ..
5 = helemaal mee eens, as a number or in words), yes/no (1/0) or an item of a choice list. "Weet niet" and an empty
cell are no answer. A free-text answer (scale `open`) is never kept: it is dropped while the row is read (a later
version may add scrubbed quotes). An answer that does not fit its scale may be free text too: its error never quotes
it (and the rejected row shows no value). See docs/enquetes.md.
"""

from __future__ import annotations

import re

from ingest.exports_doelen import parse_number
from ingest.exports_spec import key
from ingest.exports_values import CellError, display, is_empty, shorten

# The words of the five-point agree scale, and of yes/no, as people write them.
AGREE_WORDS = {
    1: ("helemaal mee oneens", "zeer mee oneens", "helemaal oneens", "zeer oneens"),
    2: ("mee oneens", "oneens"),
    3: ("neutraal", "niet eens niet oneens", "niet mee eens niet mee oneens", "neither"),
    4: ("mee eens", "eens"),
    5: ("helemaal mee eens", "zeer mee eens", "helemaal eens", "zeer eens"),
}
YES_NO_WORDS = {1: ("ja", "yes", "j", "1"), 0: ("nee", "no", "n", "0")}
# Written where a respondent gave no answer: not an answer, not an error.
NO_ANSWER_WORDS = ("weet niet", "weet ik niet", "geen antwoord", "geen mening", "wn", "nvt", "n.v.t.", "onbekend")
# The longest item of a choice list kept; a longer one is free text, not an item.
MAX_CHOICE = 40
# A share agreeing counts answers 4 and 5 of the agree scale, and 'ja'.
AGREE_FROM = 4

_AGREE = {key(w): v for v, words in AGREE_WORDS.items() for w in words}
_YES_NO = {key(w): v for v, words in YES_NO_WORDS.items() for w in words}
_NO_ANSWER = frozenset(key(w) for w in NO_ANSWER_WORDS)
_BUURTCODE = re.compile(r"^BU\d{8}$", re.IGNORECASE)
AREA_GEMEENTE = "gemeente"
AREA_NEDERLAND = "Nederland"
_AREA_WORDS = {
    key(w): AREA_GEMEENTE for w in ("gemeente", "hele gemeente", "totaal gemeente", "gemeentebreed", "totaal")
} | {key(w): AREA_NEDERLAND for w in ("Nederland", "NL", "landelijk", "benchmark", "Nederland (benchmark)")}


def raw_answer(value: object) -> str | None:
    """The answer as written (its meaning depends on the scale, decided for the whole row); None when empty."""
    if is_empty(value):
        return None
    text = " ".join(display(value).split())
    return None if key(text) in _NO_ANSWER else text


def answer_value(scale: str, text: str | None) -> tuple[float | None, str | None]:
    """(number, choice item) of one answer on its scale; a free-text answer gives (None, None) and is dropped."""
    if text is None or scale == "open":
        return None, None
    if scale == "keuze":
        if len(text) > MAX_CHOICE:
            raise CellError(
                f"het antwoord is langer dan {MAX_CHOICE} tekens en dus geen keuze uit een lijst; verwacht "
                "een korte keuze, of schaal open (vrije tekst wordt niet bewaard)"
            )
        return None, text
    word = key(text)
    if scale == "eens_oneens":
        if word in _AGREE:
            return float(_AGREE[word]), None
        number = _number(text)
        if number in (1, 2, 3, 4, 5):
            return number, None
        raise CellError(
            "het antwoord is geen antwoord op de vijfpuntsschaal; verwacht 1 tot en met 5 of helemaal mee "
            "oneens, mee oneens, neutraal, mee eens, helemaal mee eens (of weet niet)"
        )
    if scale == "ja_nee":
        if word in _YES_NO:
            return float(_YES_NO[word]), None
        raise CellError("het antwoord is geen ja of nee; verwacht ja, nee of weet niet")
    number = _number(text)
    if number is None or not 1 <= number <= 10:
        raise CellError("het antwoord is geen rapportcijfer; verwacht een cijfer van 1 tot en met 10")
    return number, None


def _number(text: str) -> float | None:
    try:
        return parse_number(text, "het antwoord")
    except CellError:
        return None


def parse_count(value: object, header: str) -> int | None:
    """A number of respondents: a whole number of 0 or more."""
    number = parse_number(value, header)
    if number is None:
        return None
    if number < 0 or number != int(number):
        raise CellError(f"'{display(value)}' is geen aantal; verwacht voor {header} een heel getal, zoals 124")
    return int(number)


def parse_area(value: object) -> str | None:
    """'gemeente' or 'Nederland' when the cell says so; None when it should name a kern (checked by the caller)."""
    if is_empty(value):
        return None
    return _AREA_WORDS.get(key(display(value)))


def parse_buurtcode(value: object, buurten: dict[str, str], gemeentecode: str) -> str | None:
    """The kern of a CBS buurtcode (BU02140101) by the kern mapping; the code itself is not kept."""
    if is_empty(value):
        return None
    text = display(value).strip().upper()
    if not _BUURTCODE.match(text):
        raise CellError(f"'{shorten(text)}' is geen buurtcode; verwacht een CBS-buurtcode zoals BU02140101")
    kern = buurten.get(text)
    if kern is None:
        raise CellError(
            f"buurtcode {text} staat niet in de kernindeling van {gemeentecode}; verwacht een buurt van de gemeente"
        )
    return kern


def write_survey_settings(con, min_n: int) -> None:
    """Write the threshold the survey models read (raw.enquete_instellingen, one row; created by
    ensure_export_tables)."""
    con.execute("delete from raw.enquete_instellingen")
    con.execute("insert into raw.enquete_instellingen values (?)", [int(min_n)])
