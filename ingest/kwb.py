"""CBS Kerncijfers Wijken en Buurten: resolve our measures from a table's own metadata, parse rows to long form.

Column keys change between years and even between revisions of one table (the WOZ value is `..._35` in
2019-2022, `_36` in 2023, `_39` in 2024), so a measure is found by its title (and, where a title is not unique,
the title of its topic group, or the path of groups such as "Gemiddeld aardgasverbruik > Naar woningtype"),
never by a key suffix.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

MEASURES_FILE = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "kwb_measures.csv"

# CBS marks suppressed or unknown cells in several ways; none of them is a zero.
SUPPRESSED_TEXT = {".", "x", "?", "-", ""}
# Dwellings per type, the weights of energy per dwelling type: CBS publishes each type's share of the dwellings, not
# its count, so the count is woningvoorraad x share / 100 (derived the same way in int_kwb_harmonised.sql).
DWELLING_TYPE_SHARES = {
    "woningen_meergezins": "meergezinswoning_pct",
    "woningen_tussenwoning": "tussenwoning_pct",
    "woningen_hoekwoning": "hoekwoning_pct",
    "woningen_twee_onder_een_kap": "twee_onder_een_kap_pct",
    "woningen_vrijstaand": "vrijstaande_woning_pct",
}


def dwellings_of_type(values: dict, weight: str) -> float | None:
    """The dwellings of one type in a region (woningvoorraad x the type's share / 100), None when either is missing."""
    stock, share = values.get("woningvoorraad"), values.get(DWELLING_TYPE_SHARES[weight])
    return None if stock is None or share is None else stock * share / 100


SUPPRESSED_SENTINELS = {-99995.0, -99997.0}

LONG_COLUMNS = [
    "table_id",
    "year",
    "region_code",
    "region_level",
    "region_name",
    "gemeentecode",
    "measure",
    "source_key",
    "value",
    "status",
]


class MissingMeasureError(ValueError):
    """A table lacks a measure that kernmonitor cannot do without."""


@dataclass(frozen=True)
class Measure:
    name: str
    titles: tuple[str, ...]
    group: str
    required: bool


@dataclass
class MeasureResolution:
    """Which column key of one table holds each of our measures."""

    keys: dict[str, str]
    missing_optional: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    # Region identification columns (gemeente name), found by title like any measure: their keys shift too.
    identification: dict[str, str] = field(default_factory=dict)

    def key_to_measure(self) -> dict[str, str]:
        return {key: measure for measure, key in self.keys.items()}


def _norm(text: str) -> str:
    return " ".join(str(text or "").lower().split())


def group_matches(group: str, ancestry: list[str]) -> bool:
    """Whether a measure's cbs_group fits a topic's groups (outer first): the group, or a path of groups joined
    by ' > ' ("gemiddeld aardgasverbruik > naar woningtype"), must be the innermost ones."""
    wanted = [_norm(part) for part in group.split(">")]
    return len(ancestry) >= len(wanted) and [_norm(a) for a in ancestry[len(ancestry) - len(wanted) :]] == wanted


def load_measures(path: Path = MEASURES_FILE) -> list[Measure]:
    with path.open(encoding="utf-8") as fh:
        return [
            Measure(
                name=row["measure"],
                titles=tuple(_norm(t) for t in row["cbs_titles"].split("|")),
                group=_norm(row["cbs_group"]),
                required=row["required"].strip().lower() == "true",
            )
            for row in csv.DictReader(fh)
        ]


def resolve_measures(data_properties: list[dict], measures: list[Measure] | None = None) -> MeasureResolution:
    """Find the key of every measure in a table's DataProperties; fail naming the required ones that are absent."""
    measures = measures or load_measures()
    groups = {p.get("ID"): p for p in data_properties if p.get("Type") == "TopicGroup"}
    topics = [p for p in data_properties if p.get("Type") == "Topic"]

    def ancestry(prop: dict) -> list[str]:
        chain: list[str] = []
        parent = groups.get(prop.get("ParentID"))
        while parent is not None:
            chain.insert(0, parent.get("Title") or "")
            parent = groups.get(parent.get("ParentID"))
        return chain

    resolution = MeasureResolution(keys={})
    missing_required: list[str] = []
    for measure in measures:
        hits = [
            p
            for p in topics
            if _norm(p.get("Title")) in measure.titles
            and (not measure.group or group_matches(measure.group, ancestry(p)))
        ]
        if len(hits) > 1:
            raise MissingMeasureError(
                f"measure {measure.name!r} is ambiguous: keys {[p['Key'] for p in hits]} all match its title; "
                "add its topic group to kwb_measures.csv"
            )
        if hits:
            resolution.keys[measure.name] = hits[0]["Key"]
            resolution.titles[measure.name] = hits[0]["Title"].strip()
        elif measure.required:
            missing_required.append(f"{measure.name} (titel {' of '.join(measure.titles)!r})")
        else:
            resolution.missing_optional.append(measure.name)
    if missing_required:
        raise MissingMeasureError("required measures not found in the table metadata: " + "; ".join(missing_required))
    for prop in topics:
        if _norm(prop.get("Title")) == "gemeentenaam":
            resolution.identification["gemeentenaam"] = prop["Key"]
    return resolution


def columns_needed(resolution: MeasureResolution) -> list[str]:
    """The TypedDataSet columns to ask for: the region dimension, the gemeente name and the resolved measures."""
    name_key = resolution.identification.get("gemeentenaam")
    return ["WijkenEnBuurten", *([name_key] if name_key else []), *resolution.keys.values()]


def region_level(code: str) -> str:
    """GM, WK, BU or NL, from a CBS region code (padded or not)."""
    code = code.strip()
    return "NL" if code.startswith("NL") else code[:2]


def gemeentecode_of(code: str) -> str | None:
    code = code.strip()
    if code.startswith(("GM", "WK", "BU")):
        return "GM" + code[2:6]
    return None


def parse_value(raw: object) -> tuple[float | None, str]:
    """A cell as (value, status): suppressed and sentinel cells become missing with status 'geheim'."""
    if raw is None:
        return None, "geheim"
    if isinstance(raw, str):
        text = raw.strip()
        if text.lower() in SUPPRESSED_TEXT:
            return None, "geheim"
        try:
            raw = float(text.replace(",", "."))
        except ValueError:
            return None, "ongeldig"
    value = float(raw)
    if math.isnan(value) or value in SUPPRESSED_SENTINELS:
        return None, "geheim"
    return value, "ok"


_TABLE_ID = re.compile(r"^\d{5}NED$")


def to_long(rows: list[dict], resolution: MeasureResolution, table_id: str, year: int) -> pd.DataFrame:
    """TypedDataSet rows -> one row per region and measure, suppression explicit, our measure names.

    Column by column rather than cell by cell: all of the Netherlands is 18,000 regions x 30 measures a year. The
    text columns are pandas categoricals (a small integer per row and each text once): all of NL over seven years is
    11 million rows, as Python strings 2,7 GB at the peak and 36 s for DuckDB to read (warehouse._replace_table
    stores them as VARCHAR again).
    """
    if not _TABLE_ID.match(table_id):
        raise ValueError(f"unexpected CBS table id {table_id!r}")
    measures = list(resolution.keys)
    keys = list(resolution.keys.values())
    name_key = resolution.identification.get("gemeentenaam", "")
    codes = [str(row.get("WijkenEnBuurten", "")).strip() for row in rows]
    names = [str(row.get(name_key) or "").strip() for row in rows]
    values = np.empty((len(rows), len(keys)), dtype="float64")
    status = np.empty((len(rows), len(keys)), dtype=object)
    for j, key in enumerate(keys):
        values[:, j], status[:, j] = _parse_column([row.get(key) for row in rows])
    width = len(keys)

    def categorical(items: list, spread) -> pd.Categorical:
        """`items` spread to one per row by `spread` (np.repeat: per region; np.tile: per measure)."""
        codes, categories = pd.factorize(pd.Series(items, dtype=object))
        return pd.Categorical.from_codes(spread(codes), categories=categories)

    def per_region(items: list) -> pd.Categorical:
        return categorical(items, lambda codes: np.repeat(codes, width))

    def per_measure(items: list) -> pd.Categorical:
        return categorical(items, lambda codes: np.tile(codes, len(rows)))

    frame = pd.DataFrame(
        {
            "table_id": constant_categorical(table_id, len(rows) * width),
            "year": np.full(len(rows) * width, year, dtype="int64"),
            "region_code": per_region(codes),
            "region_level": per_region([region_level(code) for code in codes]),
            "region_name": per_region(names),
            "gemeentecode": per_region([gemeentecode_of(code) for code in codes]),
            "measure": per_measure(measures),
            "source_key": per_measure(keys),
            "value": values.ravel(),
            "status": _statuses(status.ravel()),
        },
        columns=LONG_COLUMNS,
    )
    return frame


def constant_categorical(value: str, length: int) -> pd.Categorical:
    """The same text on every row, as a categorical: one small code per row and the text once."""
    return pd.Categorical.from_codes(np.zeros(length, dtype="int8"), categories=pd.Index([value], dtype=object))


# Every status parse_value gives a cell.
STATUSES = pd.Index(["ok", "geheim", "ongeldig"], dtype=object)


def _statuses(cells: np.ndarray) -> pd.Categorical:
    """The status column with the same categories in every table (an empty one too), so the years join."""
    column = pd.Categorical(cells, categories=STATUSES)
    if column.isna().any():
        raise ValueError(f"unknown cell status: {sorted(set(cells) - set(STATUSES))}")
    return column


_SENTINELS = np.array(sorted(SUPPRESSED_SENTINELS))
_NUMERIC_CELLS = {int, float, type(None)}


def _same_object(length: int, value: str) -> np.ndarray:
    """An object array holding one str many times. np.full would make a new str per element (54 bytes each:
    hundreds of MB for all of NL)."""
    array = np.empty(length, dtype=object)
    array.fill(value)
    return array


def _parse_column(cells: list) -> tuple[np.ndarray, np.ndarray]:
    """parse_value over one column: (values with NaN where missing, statuses).

    JSON answers hold numbers and nulls; those convert in one numpy call. A column with any other cell (text,
    as in a CSV-sourced answer) goes through parse_value cell by cell, so both paths mean the same.
    """
    if set(map(type, cells)) <= _NUMERIC_CELLS:
        values = np.array(cells, dtype="float64")
        hidden = np.isnan(values) | np.isin(values, _SENTINELS)
        values[hidden] = np.nan
        status = _same_object(len(cells), "ok")
        status[hidden] = "geheim"
        return values, status
    parsed = [parse_value(cell) for cell in cells]
    values = np.array([np.nan if value is None else value for value, _ in parsed], dtype="float64")
    return values, np.array([state for _, state in parsed], dtype=object)
