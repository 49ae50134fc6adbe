"""Wat inwoners zeggen: the kern's resident survey results (marts.kern_enquete), newest measurement first.

Every figure with its n, its 95% margin, gewogen or ongewogen, the gemeente and (when the file gave one) the
Nederland benchmark, and the change since the previous measurement. Below enquete_min_n the mart holds no value,
and the block says "te weinig respondenten (n = 7)". Nothing when no survey names the kern.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.tekst_tabel import TekstTabel

VOORBEELD_UITLEG = "Voorbeeldenquête die met kernmonitor wordt meegeleverd: verzonnen antwoorden"
TITEL = "Wat inwoners zeggen"


def cijfer(maat: object, waarde: object) -> str:
    """A survey figure as the page writes it: a mean with one decimal, a share as a whole percentage."""
    return fmt.procent(waarde, 0) if maat == "aandeel" else fmt.getal(waarde, 1)


def marge(row: pd.Series | dict) -> str:
    if fmt.is_missing(row["ondergrens"]) or fmt.is_missing(row["bovengrens"]):
        return "marge onbekend"
    return f"marge {cijfer(row['maat'], row['ondergrens'])} – {cijfer(row['maat'], row['bovengrens'])}"


def figuur_tekst(row: pd.Series | dict) -> str:
    """One figure in words: value, margin, n, gewogen; or, when hidden, only the reason (which names n)."""
    if bool(row["verborgen"]) or fmt.is_missing(row["waarde"]):
        return str(row["reden"] or f"te weinig respondenten (n = {int(row['n'])})")
    if row.get("gebied_soort") == "nederland":
        return f"{cijfer(row['maat'], row['waarde'])} (benchmark; n = {fmt.getal(row['n'])})"
    gewogen = "gewogen" if row["gewogen"] is True or row["gewogen"] == 1 else "ongewogen"
    return f"{cijfer(row['maat'], row['waarde'])} ({marge(row)}; n = {fmt.getal(row['n'])}; {gewogen})"


def getoonde_figuren(frame: pd.DataFrame) -> pd.DataFrame:
    """The figures a page shows: an agree-scale question by its share agreeing (its mean stays in the exports)."""
    if frame.empty:
        return frame
    return frame[~((frame["schaal"] == "eens_oneens") & (frame["maat"] == "gemiddelde"))].reset_index(drop=True)


def vraag_label(row: pd.Series | dict) -> str:
    vraag = str(row["vraag"]) if not fmt.is_missing(row["vraag"]) else str(row["vraag_id"])
    suffix = {"aandeel": " (aandeel eens of ja)", "gemiddelde": " (gemiddeld rapportcijfer)"}.get(str(row["maat"]), "")
    if not fmt.is_missing(row["categorie"]):
        return f"{vraag} – {row['categorie']} (aandeel)"
    return vraag + suffix


def _verandering(row: pd.Series | dict) -> str:
    if fmt.is_missing(row.get("verandering")):
        return "–"
    vorige = cijfer(row["maat"], row["vorige_waarde"]) if not fmt.is_missing(row.get("vorige_waarde")) else "–"
    return f"{row['verandering']} (was {vorige} bij {row['vorige_meting']})"


def _tabel(meting: str, kern_rows: pd.DataFrame, gebied: pd.DataFrame) -> TekstTabel:
    # The gemeente's and Nederland's figure of each question, found by key (the first, as the rows come).
    andere: dict[tuple, dict] = {}
    for r in gebied.to_dict("records"):
        categorie = None if fmt.is_missing(r["categorie"]) else r["categorie"]
        andere.setdefault((r["gebied_soort"], r["vraag_id"], r["maat"], categorie), r)
    regels = []
    for row in kern_rows.to_dict("records"):
        sleutel = (row["vraag_id"], row["maat"], row["categorie"] if not fmt.is_missing(row["categorie"]) else None)

        def ander(soort: str, sleutel=sleutel) -> str:
            match = andere.get((soort, *sleutel))
            return "–" if match is None else figuur_tekst(match)

        regels.append([vraag_label(row), figuur_tekst(row), ander("gemeente"), ander("nederland"), _verandering(row)])
    return TekstTabel(
        ["Vraag", "Deze kern", "Gemeente", "Nederland", "Sinds de vorige meting"],
        regels,
        rijkoppen=True,
        kolomklassen=["fw-bold", "enquete-kern"],
        bijschrift=meting,
        gestreept=False,
        className="enquete-tabel caption-top",
    )


def sectie(data: ServingData, kern: pd.Series) -> html.Section | None:
    gemeentecode, naam = str(kern["gemeentecode"]), str(kern["kern"])
    frame = getoonde_figuren(data.enquete(gemeentecode, naam))
    if frame.empty or not (frame["kern"] == naam).any():
        return None
    inhoud: list = [html.H2(TITEL, id="wat-inwoners-zeggen-titel")]
    if frame["voorbeeld"].astype(bool).any():
        inhoud.append(
            html.P(
                [
                    dbc.Badge("VOORBEELD", color="warning", text_color="dark", className="badge-voorbeeld me-2",
                              title=VOORBEELD_UITLEG),
                    "Verzonnen enquêtes die met kernmonitor worden meegeleverd; geen echte antwoorden.",
                ],
                className="small",
            )
        )  # fmt: skip
    metingen = (
        frame[frame["kern"] == naam][["meting", "datum", "min_n", "vorm"]]
        .drop_duplicates("meting")
        .sort_values("datum", ascending=False)
    )
    for meting in metingen.itertuples(index=False):
        rijen = frame[frame["meting"] == meting.meting]
        kern_rows = rijen[rijen["kern"] == naam]
        titel = f"{meting.meting} ({fmt.datum(meting.datum)}; {meting.vorm})"
        inhoud.append(_tabel(titel, kern_rows, rijen[rijen["gebied_soort"] != "kern"]))
    min_n = int(metingen["min_n"].iloc[0])
    inhoud.append(
        html.P(
            f"Tussen haakjes de marge (95%-interval), het aantal respondenten (n) en of het cijfer gewogen is naar "
            f"leeftijd en geslacht van de kern. Bij minder dan {min_n} respondenten tonen we geen cijfer. "
            "Zie Bronnen en methode.",
            className="small text-body-secondary",
        )
    )
    return html.Section(
        inhoud, id="wat-inwoners-zeggen", className="mb-4", **{"aria-labelledby": "wat-inwoners-zeggen-titel"}
    )
