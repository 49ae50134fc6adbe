"""Named groups of kernen (a pilot, its spiegelkernen, ...): the file `sources.kern_groepen` of kernmonitor.toml.

One row per kern in a group: gemeentecode, groep, kern, and optionally omschrijving (what the group is, where it
comes from). A kern may sit in more than one group. The file is checked against the kern mapping in force: a kern
the gemeente does not have stops the load with file, row (as a spreadsheet shows it) and column, in Dutch, just as
a broken mapping file does. Rows of a gemeente that is not configured are left out (a shared file may hold more).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pandas as pd

from ingest.kernen import kern_lookup, normalise_name

GROUP_COLUMNS = ["gemeentecode", "groep", "kern", "omschrijving"]
REQUIRED = ["gemeentecode", "groep", "kern"]
MAX_REPORTED = 10


class KernGroepenError(ValueError):
    """The groups file cannot be used; the message names file, row and column of every problem (in Dutch)."""


def empty_groups() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in GROUP_COLUMNS})


def load_kern_groups(path: Path | None, mapping: pd.DataFrame) -> pd.DataFrame:
    """The groups of `path`, kern names written as the mapping writes them; raises KernGroepenError on a bad row."""
    if path is None:
        return empty_groups()
    path = Path(path)
    if not path.exists():
        raise KernGroepenError(f"{path}: bestand met kerngroepen niet gevonden (instelling sources.kern_groepen)")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    if missing := [column for column in REQUIRED if column not in frame.columns]:
        raise KernGroepenError(f"{path}: kolom(men) ontbreken: {', '.join(missing)} (verwacht: {', '.join(REQUIRED)})")
    if "omschrijving" not in frame.columns:
        frame["omschrijving"] = ""
    frame = frame[GROUP_COLUMNS].apply(lambda column: column.str.strip())
    lookup = kern_lookup(mapping)
    problems, rows = [], []
    for index, row in enumerate(frame.itertuples(index=False)):
        where = f"{path.name}, rij {index + 2}"  # row 1 is the header, as a spreadsheet counts
        if not any(row):
            continue
        if not re.fullmatch(r"GM\d{4}", row.gemeentecode):
            problems.append(f"{where}, kolom gemeentecode: '{row.gemeentecode}' is geen gemeentecode (zoals GM0214)")
            continue
        if not row.groep:
            problems.append(f"{where}, kolom groep: de naam van de groep ontbreekt")
            continue
        kernen = lookup.get(row.gemeentecode)
        if kernen is None:
            continue  # a gemeente that is not configured
        kern = kernen.get(normalise_name(row.kern))
        if kern is None:
            close = difflib.get_close_matches(row.kern, sorted(kernen.values()), n=1, cutoff=0.6)
            hint = f"; bedoelt u '{close[0]}'?" if close else ""
            problems.append(f"{where}, kolom kern: '{row.kern}' is geen kern van {row.gemeentecode}{hint}")
            continue
        rows.append(
            {"gemeentecode": row.gemeentecode, "groep": row.groep, "kern": kern, "omschrijving": row.omschrijving}
        )
    if problems:
        more = len(problems) - MAX_REPORTED
        lines = problems[:MAX_REPORTED] + ([f"... en nog {more} probleem/problemen"] if more > 0 else [])
        raise KernGroepenError(f"Kerngroepen niet geladen ({path}):\n" + "\n".join(lines))
    if not rows:
        return empty_groups()
    return (
        pd.DataFrame(rows, columns=GROUP_COLUMNS)
        .drop_duplicates(["gemeentecode", "groep", "kern"])
        .reset_index(drop=True)
    )
