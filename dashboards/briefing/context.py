"""Everything one briefing of one kern needs, read once from the serving file.

All reads go through `dashboards.data.ServingData`, whose gemeente-wide queries are cached: a batch of 26 kernen
asks the serving file the same few questions instead of 26 × N.
Marts that other parts of the project add later (kernagenda, subsidies, similar kernen) are optional: a briefing
says they are not available yet instead of failing. The verdicts are not: they come from marts.kern_oordelen, the
same verdicts the dashboard shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboards.data import EXPORT_MARTS, OnbekendeKern, ServingData, gemeente_naam
from dashboards.formatting import is_missing
from dashboards.oordeel import regel_tekst
from dashboards.vocabulary import thema_orde

__all__ = ["OnbekendeKern", "gemeente_naam"]  # re-exported: the briefings' callers import them from here


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
    exports: dict[str, pd.DataFrame | None] = field(default_factory=dict)  # ServingData.export_rows per mart
    # The goals of this kern and of its groups, per goal and year (ServingData.doelen); empty: none.
    doelen: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Resident survey figures of this kern, its gemeente and Nederland (ServingData.enquete); empty: none.
    enquete: pd.DataFrame = field(default_factory=pd.DataFrame)
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
        """The kern's rows of an export mart; None when the gemeente has not delivered that export."""
        return self.exports.get(name)

    @property
    def jaar(self) -> int | None:
        value = self.kern_row.get("jaar")
        return None if is_missing(value) else int(value)


def _sort_profiel(frame: pd.DataFrame) -> pd.DataFrame:
    orde = {t: i for i, t in enumerate(thema_orde(frame["thema"].unique()))}
    frame = frame.assign(_t=frame["thema"].map(orde))
    return frame.sort_values(["_t", "indicator_id"]).drop(columns="_t").reset_index(drop=True)


def publicatie(data: ServingData) -> dict:
    pub = data.publication()
    return {"versie": str(pub.get("version") or "onbekend"), "gepubliceerd_op": pub.get("published_at")}


def kern_context(data: ServingData, gemeentecode: str | None, kern: str) -> KernContext:
    row = data.kern(kern, gemeentecode)
    gemeentecode, kern = str(row["gemeentecode"]), str(row["kern"])
    profiel = _sort_profiel(data.oordelen(gemeentecode, kern))
    reeks = data.indicator_reeks(gemeentecode, kern)
    exports = {name: data.export_rows(name, gemeentecode, kern) for name in EXPORT_MARTS}
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
        exports=exports,
        doelen=data.doelen(gemeentecode, kern),
        enquete=data.enquete(gemeentecode, kern),
    )


def kernagenda_punten(ctx: KernContext) -> pd.DataFrame | None:
    """The kern's kernagenda points at the latest peildatum, by number; `status_groep` says open, gerealiseerd
    or afgesloten (vocabulary.OPEN, ...)."""
    frame = ctx.tabel("kern_kernagenda")
    if frame is None:
        return None
    if frame["peildatum"].notna().any():
        frame = frame[frame["peildatum"] == frame["peildatum"].max()]
    # "2" before "10": numbers as numbers where they are, text after.
    sleutel = pd.to_numeric(frame["nummer"], errors="coerce")
    frame = frame.assign(_nr=sleutel).sort_values(["_nr", "nummer"], na_position="last").drop(columns="_nr")
    return frame.reset_index(drop=True)
