"""The cells and rules only own figures (eigen cijfers) have: the area of a figure, its indicator code and rule.

A gemeente delivers its own figures (from the Klimaateffectatlas, its own monitor, a survey bureau) as one long
table: per row an area (a CBS buurtcode, a kern, or 'gemeente' / 'Nederland' as a reference), an indicator, a
year, a value and for a ratio its denominator. The indicator's definition (label, unit, rule, direction,
programme, source) is written in the same rows: on the first row of an indicator at least; a later row may leave
it empty or must repeat it. Buurt values are aggregated to kernen by the dbt models that aggregate CBS's buurt
figures (int_kern_indicators_computed), kern values are taken as delivered. See docs/eigen-cijfers.md.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ingest.exports_spec import EIGEN_CIJFERS, FIELDS, key
from ingest.exports_values import CellError, display, is_empty, shorten

# Rule (as the file's allowed value) -> (aggregation as the kwb_measures seed spells it, weight measure).
RULES: dict[str, tuple[str, str | None]] = {
    "som": ("sum", None),
    "gemiddelde gewogen naar inwoners": ("weighted_mean", "inwoners"),
    "gemiddelde gewogen naar woningen": ("weighted_mean", "woningvoorraad"),
    "gemiddelde gewogen naar oppervlakte": ("weighted_mean", "oppervlakte_totaal_ha"),
    "verhouding": ("ratio", None),
}
RATIO = "verhouding"
# An own indicator's measure names in the KWB path (int_buurt_kern_values): never a CBS measure name.
MEASURE_PREFIX = "eigen__"
DENOMINATOR_SUFFIX = "__noemer"
# The definition columns: one meaning per indicator in a file.
DEFINITION_FIELDS = ("label", "uitleg", "eenheid", "rekenregel", "richting", "programma", "thema", "bron", "factor")
# The fields that give an indicator code its meaning for every gemeente: a code another gemeente delivered with
# another rule, unit, direction or factor is refused (its figures would be re-aggregated under one of the two).
SHARED_FIELDS = ("rekenregel", "eenheid", "richting", "factor")
DEFAULT_THEMA = "leefbaarheid"
DEFAULT_RICHTING = "neutraal"
DEFAULT_DECIMALEN = 1
MAX_CODE = 40
# The area of a reference row.
AREA_GEMEENTE = "gemeente"
AREA_NEDERLAND = "Nederland"
_AREA_WORDS = {
    key(w): AREA_GEMEENTE for w in ("gemeente", "hele gemeente", "totaal gemeente", "gemeentebreed", "totaal")
} | {key(w): AREA_NEDERLAND for w in ("Nederland", "NL", "landelijk", "Nederland (referentie)")}
_BUURTCODE = re.compile(r"^BU\d{8}$", re.IGNORECASE)
_CODE = re.compile(r"[^a-z0-9]+")


def is_buurtcode(value: object) -> bool:
    return not is_empty(value) and bool(_BUURTCODE.match(display(value).strip()))


def parse_area(value: object) -> str | None:
    """'gemeente' or 'Nederland' when the cell says so, else None (a buurtcode or a kern: the caller decides)."""
    if is_empty(value):
        return None
    return _AREA_WORDS.get(key(display(value)))


def parse_buurt(value: object, buurten: dict[str, tuple[str, str]], gemeentecode: str) -> str:
    """A CBS buurtcode of the file's gemeente, upper case (buurten: buurtcode -> (gemeentecode, kern))."""
    code = display(value).strip().upper()
    found = buurten.get(code)
    if found is None:
        raise CellError(
            f"buurtcode {code} staat niet in de kernindeling; verwacht een CBS-buurtcode van {gemeentecode} "
            "zoals de wijk- en buurtkaart van CBS die geeft"
        )
    if found[0] != gemeentecode:
        raise CellError(
            f"buurtcode {code} hoort bij gemeente {found[0]}, niet bij {gemeentecode} (de gemeente van dit bestand); "
            f"verwacht alleen buurten van {gemeentecode}"
        )
    return code


def indicator_code(value: object, header: str, taken: frozenset[str]) -> str | None:
    """The indicator's code as kernmonitor stores it: lower case, words joined by '_' ('Verhard %' -> verhard).

    A code of a CBS (or other built-in) indicator of the catalogue cannot be reused for an own figure."""
    if is_empty(value):
        return None
    text = display(value)
    code = _CODE.sub("_", key_text(text)).strip("_")
    if not code or not code[0].isalpha():
        raise CellError(
            f"'{shorten(text)}' is geen bruikbare code voor {header}; verwacht een korte code die met een letter "
            "begint, zoals verhard_pct"
        )
    if len(code) > MAX_CODE:
        raise CellError(f"{header} '{shorten(text)}' is langer dan {MAX_CODE} tekens; verwacht een korte code")
    if code in taken:
        raise CellError(
            f"indicator '{code}' is al een indicator van de catalogus van kernmonitor (CBS of Leefbaarometer); "
            "verwacht een eigen code, zoals eigen_" + code
        )
    return code


def key_text(text: str) -> str:
    """Lower case without accents; brackets and punctuation kept as separators."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def default_factor(eenheid: str | None) -> float:
    """The factor of a ratio when the file gives none: a percentage is x 100, 'per 1.000' x 1000, else 1."""
    unit = (eenheid or "").lower().replace(".", "").replace(" ", "")
    if "%" in unit or "procent" in unit:
        return 100.0
    if "per1000" in unit:
        return 1000.0
    return 1.0


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9
    return key(a) == key(b) if isinstance(a, str) and isinstance(b, str) else a == b


class Definitions:
    """The definition of every indicator of one file, taken from its first row; later rows are checked against it.

    resolve() fills a row's empty definition cells from its indicator's definition, and returns the problems of the
    row as (field, reason): a first row without label, rule or source, a later row that contradicts the first, a
    ratio without its denominator or a denominator where the rule has none.
    """

    def __init__(
        self,
        headers: dict[str, str],
        gemeentecode: str = "",
        others: dict[str, dict[str, dict[str, Any]]] | None = None,
        kwb_years: frozenset[int] | None = None,
    ) -> None:
        """others: indicator code -> gemeentecode -> the definition that gemeente delivered (the warehouse's current
        rows); kwb_years: the years with CBS buurt figures to weigh buurten by. None: not checked (no warehouse)."""
        self.headers = headers
        self.gemeentecode = gemeentecode
        self.others = {
            code: {g: d for g, d in by_gemeente.items() if g != gemeentecode}
            for code, by_gemeente in (others or {}).items()
        }
        self.kwb_years = kwb_years
        self.first: dict[str, tuple[int, dict[str, Any]]] = {}
        self.conflicts: dict[str, tuple[str, str]] = {}  # code -> (field, reason) of a code refused for this file

    def header(self, name: str) -> str:
        return self.headers.get(name) or next(s.label for s in FIELDS[EIGEN_CIJFERS] if s.name == name)

    def resolve(self, record: dict[str, Any]) -> list[tuple[str, str]]:
        code, row = record["indicator_id"], record["bronrij"]
        if self.kwb_years is not None and record["jaar"] not in self.kwb_years:
            return [("jaar", self._no_kwb_year(record["jaar"]))]
        if code in self.conflicts:
            return [self.conflicts[code]]
        known = self.first.get(code)
        if known is None:
            missing = [f for f in ("label", "rekenregel", "bron") if record.get(f) is None]
            if missing:
                return [
                    (
                        f,
                        f"{self.header(f)} is leeg op de eerste rij van indicator '{code}'; verwacht de definitie "
                        "van de indicator (label, rekenregel en bron) op de eerste rij waar hij staat",
                    )
                    for f in missing
                ]
            definition = {f: record.get(f) for f in DEFINITION_FIELDS}
            definition["richting"] = definition["richting"] or DEFAULT_RICHTING
            definition["thema"] = definition["thema"] or DEFAULT_THEMA
            if definition["factor"] is None:
                definition["factor"] = default_factor(definition["eenheid"]) if record["rekenregel"] == RATIO else 1.0
            definition["decimalen"] = (
                int(record["decimalen"]) if record.get("decimalen") is not None else DEFAULT_DECIMALEN
            )
            conflict = self._conflict(code, row, definition)
            if conflict is not None:
                self.conflicts[code] = conflict
                return [conflict]
            problems = self._values(record, definition)
            if not problems:
                self.first[code] = (row, definition)
                record.update(definition)
            return problems
        first_row, definition = known
        for name, value in definition.items():
            given = record.get(name)
            if name == "decimalen" and given is not None:
                given = int(given)
            if given is not None and not _same(given, value):
                return [
                    (
                        name,
                        f"indicator '{code}' heeft op rij {first_row} {self.header(name).lower()} '{_shown(value)}', "
                        f"hier '{_shown(given)}'; verwacht één definitie per indicator (laat de cel leeg of herhaal "
                        "rij " + str(first_row) + ")",
                    )
                ]
        problems = self._values(record, definition)
        if not problems:
            record.update(definition)
        return problems

    def _no_kwb_year(self, jaar: int) -> str:
        known = sorted(self.kwb_years or ())
        years = f"{known[0]} tot en met {known[-1]}" if known else "geen"
        return (
            f"jaar {jaar}: voor dat jaar zijn er nog geen CBS-cijfers om buurten naar kernen te wegen en te tonen; "
            f"verwacht een jaar met CBS-buurtcijfers in kernmonitor ({years}), of laad dit bestand opnieuw zodra "
            f"de CBS-cijfers van {jaar} er zijn"
        )

    def _conflict(self, code: str, row: int, definition: dict[str, Any]) -> tuple[str, str] | None:
        """The first field in which another gemeente's definition of this code differs from this file's."""
        for gemeente, other in sorted(self.others.get(code, {}).items()):
            for name in SHARED_FIELDS:
                if not _same(definition[name] or "", other.get(name) or ""):
                    return (
                        name,
                        f"indicator '{code}' is al geleverd door gemeente {gemeente} met "
                        f"{self.header(name).lower()} '{_shown(other.get(name) or '')}', hier (vanaf rij {row}) "
                        f"'{_shown(definition[name] or '')}'; verwacht dezelfde {self.header(name).lower()} als "
                        f"{gemeente} (een code is één indicator voor alle gemeenten), of een eigen code zoals "
                        f"{code}_{self.gemeentecode.lower()}",
                    )
        return None

    def _values(self, record: dict[str, Any], definition: dict[str, Any]) -> list[tuple[str, str]]:
        reference = record["gebied_soort"] in ("gemeente", "nederland")
        ratio = definition["rekenregel"] == RATIO
        if record.get("noemer") is not None and reference:
            return [
                (
                    "noemer",
                    f"{self.header('noemer')} is ingevuld bij een referentiecijfer ({record['gebied']}); verwacht "
                    "bij gemeente en Nederland alleen de waarde zoals die getoond wordt, met de noemer leeg",
                )
            ]
        if record.get("noemer") is not None and not ratio:
            return [
                (
                    "noemer",
                    f"{self.header('noemer')} is ingevuld maar de rekenregel van '{record['indicator_id']}' is "
                    f"{definition['rekenregel']}; verwacht een lege noemer, of rekenregel verhouding",
                )
            ]
        if ratio and not reference and record.get("waarde") is not None and record.get("noemer") is None:
            return [
                (
                    "noemer",
                    f"{self.header('noemer')} is leeg maar de rekenregel van '{record['indicator_id']}' is "
                    "verhouding; verwacht de noemer van de buurt of kern (bijvoorbeeld het aantal woningen)",
                )
            ]
        return []


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
