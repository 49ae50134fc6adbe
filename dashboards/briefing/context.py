"""Everything one briefing of one kern needs, read once from the serving file.

All reads go through `dashboards.data.ServingData`. Gemeente-wide queries are used and filtered here so a batch
of 26 kernen asks the serving file the same few questions (which ServingData caches) instead of 26 × N.
Marts that other parts of the project add later (kernagenda, subsidies, similar kernen) are optional: a briefing
says they are not available yet instead of failing. The verdicts are not: they come from marts.kern_oordelen, the
same verdicts the dashboard shows.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import pandas as pd

from dashboards.formatting import is_missing
from dashboards.oordeel import regel_tekst

OPTIONAL_MARTS = (
    "kern_kernagenda",
    "kern_kernagenda_voortgang",
    "kern_subsidies",
    "kern_spiegelkernen",
)

THEMA_VOLGORDE = ("demografie", "wonen", "leefbaarheid", "participatie")

# Kernagenda statuses from the export format (issue 5): open, realised, or closed without result.
STATUS_OPEN = ("idee", "in onderzoek", "in uitvoering")
STATUS_GEREALISEERD = ("gerealiseerd",)


def gemeente_naam(naam, gemeentecode: str) -> str:
    """The gemeente's name, or its code when the publication has no name (a briefing must still say which)."""
    tekst = "" if is_missing(naam) else str(naam).strip()
    return tekst or str(gemeentecode)


class OnbekendeKern(LookupError):
    """A kern (or gemeente) that the serving file does not know; the message is Dutch and names candidates."""


@dataclass
class KernContext:
    gemeentecode: str
    gemeentenaam: str
    kern: str
    kern_row: pd.Series
    profiel: pd.DataFrame  # kern_profiel of this kern with its verdicts (ServingData.oordelen)
    reeks: pd.DataFrame  # kern_indicators of this kern, every year
    publicatie: dict
    bronnen: pd.DataFrame
    buurten: pd.DataFrame  # kern_buurten of the whole gemeente (the map shows the kern in its gemeente)
    regel: tuple[str, ...]  # the verdict rule in Dutch, with this publication's thresholds
    optioneel: dict[str, pd.DataFrame | None] = field(default_factory=dict)
    _per_indicator: dict | None = field(default=None, repr=False)

    @property
    def synthetisch(self) -> bool:
        """Whether anything this briefing shows is synthetic (then the notice is printed)."""
        flags = [self.profiel.get("synthetisch"), self.reeks.get("synthetisch")]
        if any(f is not None and bool(f.fillna(False).astype(bool).any()) for f in flags):
            return True
        return bool(self.bronnen.get("soort", pd.Series(dtype=str)).astype(str).str.contains("synthetic").any())

    def indicator(self, indicator_id: str) -> dict | None:
        """One indicator's profile row as a dict (looked up hundreds of times per page: a dict, not a filter)."""
        if self._per_indicator is None:
            self._per_indicator = {r["indicator_id"]: r for r in self.profiel.to_dict("records")}
        return self._per_indicator.get(indicator_id)

    def tabel(self, name: str) -> pd.DataFrame | None:
        return self.optioneel.get(name)

    @property
    def jaar(self) -> int | None:
        value = self.kern_row.get("jaar")
        return None if is_missing(value) else int(value)


def _table_columns(data, table: str) -> list[str]:
    frame = data.query(
        "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ?"
        " order by ordinal_position",
        [table],
    )
    return frame["column_name"].tolist()


def optional_rows(data, table: str, gemeentecode: str | None, kern: str | None = None) -> pd.DataFrame | None:
    """Rows of an optional mart for a gemeente (and kern), or None while that mart does not exist yet.

    The table name comes from OPTIONAL_MARTS, never from a user; the filter is a bound parameter. The query is
    per gemeente (ServingData caches it) and the kern is picked here: a batch asks once per gemeente, not per kern.
    """
    if table not in OPTIONAL_MARTS or not data.has_table(table):
        return None
    columns = _table_columns(data, table)
    if gemeentecode and "gemeentecode" in columns:
        frame = data.query(f"select * from marts.{table} where gemeentecode = ?", [gemeentecode])
    else:
        frame = data.query(f"select * from marts.{table}")
    if kern and "kern" in columns:
        frame = frame[frame["kern"] == kern].reset_index(drop=True)
    return frame


def zoek_kern(data, kern: str, gemeentecode: str | None = None) -> pd.Series:
    """The kernen row of a kern by name (exact, then case-insensitive), within a gemeente when given."""
    kernen = data.kernen(gemeentecode) if gemeentecode else data.kernen()
    if gemeentecode and kernen.empty:
        raise OnbekendeKern(f"Gemeente {gemeentecode} staat niet in deze publicatie.")
    exact = kernen[kernen["kern"] == kern]
    if exact.empty:
        exact = kernen[kernen["kern"].str.lower() == str(kern).strip().lower()]
    if len(exact) == 1:
        return exact.iloc[0]
    if len(exact) > 1:
        gemeenten = ", ".join(
            f"{gemeente_naam(r.gemeentenaam, r.gemeentecode)} ({r.gemeentecode})" for r in exact.itertuples()
        )
        raise OnbekendeKern(f"Kern '{kern}' bestaat in meer gemeenten: {gemeenten}. Kies een gemeente.")
    suggesties = difflib.get_close_matches(str(kern), kernen["kern"].tolist(), n=3, cutoff=0.6)
    hint = f" Bedoelt u {' of '.join(suggesties)}?" if suggesties else ""
    waar = f" in gemeente {gemeentecode}" if gemeentecode else ""
    raise OnbekendeKern(f"Kern '{kern}' bestaat niet{waar}.{hint}")


def _sort_profiel(frame: pd.DataFrame) -> pd.DataFrame:
    orde = {t: i for i, t in enumerate(THEMA_VOLGORDE)}
    frame = frame.assign(_t=frame["thema"].map(orde).fillna(len(orde)))
    return frame.sort_values(["_t", "thema", "indicator_id"]).drop(columns="_t").reset_index(drop=True)


def publicatie(data) -> dict:
    pub = data.publication()
    return {"versie": str(pub.get("version") or "onbekend"), "gepubliceerd_op": pub.get("published_at")}


def kern_context(data, gemeentecode: str, kern: str) -> KernContext:
    row = zoek_kern(data, kern, gemeentecode)
    gemeentecode, kern = str(row["gemeentecode"]), str(row["kern"])
    profiel = _sort_profiel(data.oordelen(gemeentecode, kern))
    reeks = data.reeksen(gemeentecode)
    reeks = reeks[reeks["kern"] == kern].reset_index(drop=True)
    optioneel = {name: optional_rows(data, name, gemeentecode, kern) for name in OPTIONAL_MARTS}
    return KernContext(
        gemeentecode=gemeentecode,
        gemeentenaam=gemeente_naam(row.get("gemeentenaam"), gemeentecode),
        kern=kern,
        kern_row=row,
        profiel=profiel,
        reeks=reeks,
        publicatie=publicatie(data),
        bronnen=data.bronnen(),
        buurten=data.buurten(gemeentecode),
        regel=regel_tekst(data.oordeel_regel()),
        optioneel=optioneel,
    )


def kernagenda_punten(ctx: KernContext) -> pd.DataFrame | None:
    """The kern's kernagenda points at the latest peildatum, with a normalised `staat` (open/gerealiseerd/...)."""
    frame = ctx.tabel("kern_kernagenda")
    if frame is None:
        return None
    frame = frame.copy()
    if "peildatum" in frame.columns and frame["peildatum"].notna().any():
        frame = frame[frame["peildatum"] == frame["peildatum"].max()]
    if "status_groep" in frame.columns:
        # The mart already groups the statuses (open / gerealiseerd / afgesloten): use its grouping.
        frame["staat"] = frame["status_groep"].astype("string").fillna("onbekend")
    elif "status" in frame.columns:
        status = frame["status"].astype("string").str.strip().str.lower()
        frame["staat"] = "afgesloten"
        frame.loc[status.isin(STATUS_OPEN).fillna(False).to_numpy(), "staat"] = "open"
        frame.loc[status.isin(STATUS_GEREALISEERD).fillna(False).to_numpy(), "staat"] = "gerealiseerd"
    else:
        frame["staat"] = "onbekend"
    if "nummer" in frame.columns:
        # "2" before "10": numbers as numbers where they are, text after.
        sleutel = pd.to_numeric(frame["nummer"], errors="coerce")
        frame = frame.assign(_nr=sleutel).sort_values(["_nr", "nummer"], na_position="last").drop(columns="_nr")
    return frame.reset_index(drop=True)


def tekstkolom(frame: pd.DataFrame, *candidates: str) -> str | None:
    """The first of the candidate columns that the (still evolving) optional mart has."""
    for name in candidates:
        if name in frame.columns:
            return name
    return None
