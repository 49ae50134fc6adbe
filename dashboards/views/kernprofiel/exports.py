"""The gemeente's own exports in the profile's participation section: subsidies per year, kernagenda progress."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
from dash import dcc

from dashboards import charts, components
from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.vocabulary import KERNAGENDA_STATUSSEN, STATUS_KLEUREN


def synthetisch(frame: pd.DataFrame) -> bool:
    """Whether rows of an export mart come from an example (synthetic) export: the marts carry the flag."""
    return bool(frame["synthetisch"].fillna(False).astype(bool).any())


def subsidies_kaart(data: ServingData, kern: pd.Series) -> list:
    subsidies = data.export_rows("kern_subsidies", str(kern["gemeentecode"]), str(kern["kern"]))
    if subsidies is None:
        return [components.melding("Nog geen subsidie-export van de gemeente geladen.", "secondary")]
    if subsidies.empty:
        return [components.melding("Geen subsidies bekend voor deze kern.", "secondary")]
    frame = subsidies.assign(jaar=subsidies["jaar"].astype(int), bedrag=subsidies["toegekend_bedrag"].astype(float))
    fig = charts.gestapelde_staven(
        frame, "jaar", "bedrag", "regeling", "toegekend bedrag (euro)", synthetisch=synthetisch(subsidies)
    )
    totaal = int(frame["toegekend_aantal"].fillna(0).sum())
    bedrag = float(frame["bedrag"].fillna(0).sum())
    jaren = f"{frame['jaar'].min()}–{frame['jaar'].max()}"
    return [
        components.grafiek_kaart(
            "Subsidies per jaar",
            fig,
            "kern-subsidies",
            f"Bron: subsidie-export van de gemeente · {jaren}",
            synthetisch(subsidies),
            toelichting=f"{fmt.getal(totaal)} toegekende aanvragen, samen {fmt.euro(bedrag)}.",
        )
    ]


def kernagenda_kaart(data: ServingData, kern: pd.Series) -> list:
    voortgang = data.export_rows("kern_kernagenda_voortgang", str(kern["gemeentecode"]), str(kern["kern"]))
    if voortgang is None:
        return [components.melding("Nog geen kernagenda-export geladen.", "secondary")]
    if voortgang.empty:
        return [components.melding("Geen kernagenda bekend voor deze kern.", "secondary")]
    rows = []
    for r in voortgang.to_dict("records"):
        for status in KERNAGENDA_STATUSSEN:
            punten = r[status.kolom]
            if not fmt.is_missing(punten) and punten:
                rows.append({"peildatum": fmt.datum(r["peildatum"]), "status": status.waarde, "punten": int(punten)})
    fig = charts.gestapelde_staven(
        pd.DataFrame(rows),
        "peildatum",
        "punten",
        "status",
        "aantal punten",
        hoogte=300,
        kleuren=STATUS_KLEUREN,
        synthetisch=synthetisch(voortgang),
    )
    laatste = voortgang.iloc[-1]
    tekst = (
        f"Op {fmt.datum(laatste['peildatum'])}: {fmt.getal(laatste['punten_totaal'])} punten, "
        f"{fmt.getal(laatste['punten_gerealiseerd'])} gerealiseerd ({fmt.aandeel(laatste['aandeel_gerealiseerd'])}), "
        f"{fmt.getal(laatste['punten_open'])} open."
    )
    return [
        components.grafiek_kaart(
            "Voortgang van de kernagenda",
            fig,
            "kern-kernagenda",
            "Bron: kernagenda-export van de gemeente",
            synthetisch(voortgang),
            toelichting=tekst,
            extra=[
                dcc.Link(
                    "Alle punten van deze kern bekijken",
                    href=f"/kernagenda?kern={quote(str(kern['kern']))}",
                    className="small",
                )
            ],
        )
    ]
