"""Beheer (/beheer, beheerders only): the published version, freshness per source, the export loads with their
rejected rows, and the accounts with their roles (read-only: `kernmonitor gebruiker` manages them on the server).

Who may see it is decided by kernmonitor.webauth (a lezer gets a Dutch 403 on a direct GET, and `geen_toegang()`
from the page's layout, which Dash asks for when the browser routes to /beheer itself).
"""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboards import components
from dashboards import formatting as fmt
from dashboards.data import ServingData
from kernmonitor import freshness
from kernmonitor.webauth import accounts_of_this_app

SOORT = {
    "subsidies": "subsidies",
    "kernagenda": "kernagenda",
    "doelen": "doelen",
    "kernregister": "kernregister",
    "synthetic-demo": "synthetisch (demo)",
}


def _moment(value: object) -> str:
    """A load time as Dutch local time; the loader stores UTC without a time zone."""
    if fmt.is_missing(value):
        return fmt.ONTBREEKT
    return fmt.datum_tijd(freshness.as_utc(pd.Timestamp(value)))


def geen_toegang(rol: str | None) -> html.Div:
    return html.Div(
        [
            html.H1("Geen toegang", className="display-6"),
            html.P(
                "De pagina Beheer is alleen voor beheerders"
                + (f"; u bent ingelogd als {rol}." if rol else ".")
                + " Vraag de beheerder van de kernmonitor als u deze gegevens nodig hebt.",
                className="lead",
            ),
        ],
        id="geen-toegang",
        role="alert",
        className="py-5",
    )


def geen_publicatie() -> html.Div:
    return html.Div(
        [
            html.H1("Beheer", className="display-6"),
            html.P("De publicatie is niet te lezen; zie het logboek van de laatste verversing.", className="lead"),
        ],
        id="beheer",
        role="alert",
    )


def publicatie(data: ServingData) -> html.Section:
    pub = data.publication()
    dagen = freshness.age(pub["published_at"]).days
    status = "verouderd" if freshness.is_stale(pub["published_at"]) else "vers"
    return html.Section(
        [
            html.H2("Publicatie", className="h3"),
            html.P(
                [
                    "Gegevensversie ",
                    html.Code(str(pub["version"]), id="beheer-versie"),
                    f", gepubliceerd op {fmt.datum_tijd(pub['published_at'])} ({fmt.getal(dagen)} dagen geleden: "
                    f"{status}; verouderd na {freshness.PUBLICATION_MAX_AGE.days} dagen).",
                ]
            ),
        ],
        className="mb-4",
    )


def versheid(data: ServingData) -> html.Section:
    regels = []
    for r in data.bronnen().itertuples():
        dagen = freshness.age(r.geladen_op).days
        status = (
            "te oud"
            if freshness.age(r.geladen_op) > freshness.SOURCE_FAIL_AFTER
            else "bijna te oud"
            if freshness.age(r.geladen_op) > freshness.SOURCE_WARN_AFTER
            else "vers"
        )
        regels.append(
            [
                r.bron,
                html.Code(str(r.tabel)),
                str(int(r.jaar)),
                SOORT.get(str(r.soort), str(r.soort)),
                _moment(r.geladen_op),
                fmt.getal(dagen),
                status,
            ]
        )
    return html.Section(
        [
            html.H2("Versheid per bron", className="h3"),
            html.P(
                f"Elke bron wordt maandelijks ververst: na {freshness.SOURCE_WARN_AFTER.days} dagen is hij bijna te "
                f"oud, na {freshness.SOURCE_FAIL_AFTER.days} dagen te oud (dan staat hij ook in Dagster rood)."
            ),
            components.tabel(
                ["Bron", "Tabel", "Jaar", "Soort", "Geladen op", "Dagen", "Status"], regels, "beheer-versheid"
            ),
        ],
        className="mb-4",
    )


def exports(data: ServingData) -> html.Section:
    kop = html.H2("Geladen exports en afgewezen rijen", className="h3")
    bestanden = data.query("select * from marts.beheer_exportbestanden order by geladen_op desc, bestand")
    afgewezen = data.query("select * from marts.beheer_afgewezen_rijen order by bestand, rij, kolom")
    regels = [
        [
            r.bestand,
            SOORT.get(str(r.soort), str(r.soort)),
            r.gemeentecode,
            _moment(r.geladen_op),
            fmt.getal(r.rijen),
            fmt.getal(r.opgenomen),
            fmt.getal(r.afgewezen),
            fmt.getal(r.overgeslagen),
            "vervangen door een later bestand" if r.vervangen else "in gebruik",
        ]
        for r in bestanden.itertuples()
    ]
    inhoud: list = [
        kop,
        html.P(
            f"{fmt.meervoud(len(bestanden), 'bestand', 'bestanden')}, "
            f"{fmt.meervoud(int(bestanden['afgewezen'].sum()), 'afgewezen rij', 'afgewezen rijen')}. Een afgewezen "
            "rij verbetert u in de bron; lever de export daarna opnieuw aan."
        ),
        components.scrollvak(
            components.tabel(
                [
                    "Bestand",
                    "Soort",
                    "Gemeente",
                    "Geladen op",
                    "Rijen",
                    "Opgenomen",
                    "Afgewezen",
                    "Overgeslagen",
                    "Stand",
                ],
                regels,
                "beheer-exportbestanden",
                responsive=False,
            ),
            "Tabel: geladen exports",
        ),
    ]
    if len(afgewezen):
        inhoud += [
            html.H3("Afgewezen rijen", className="h4"),
            components.scrollvak(
                components.tabel(
                    ["Bestand", "Rij", "Kolom", "Waarde", "Reden"],
                    [
                        [
                            r.bestand,
                            fmt.getal(r.rij),
                            r.kolom or "–",
                            "–" if fmt.is_missing(r.waarde) else r.waarde,
                            r.reden,
                        ]
                        for r in afgewezen.itertuples()
                    ],
                    "beheer-afgewezen",
                    responsive=False,
                ),
                "Tabel: afgewezen rijen",
            ),
        ]
    return html.Section(inhoud, id="beheer-exports", className="mb-4")


def accounts() -> html.Section:
    listed = accounts_of_this_app()
    inhoud: list = [html.H2("Accounts", className="h3")]
    if not listed:
        inhoud.append(
            html.P(
                "Geen accounts: het dashboard is open en alleen bereikbaar op deze machine. Maak een account met "
                "`kernmonitor gebruiker toevoegen NAAM --rol beheerder` om inloggen aan te zetten."
            )
        )
    else:
        inhoud += [
            html.P("Beheer ze op de server met `kernmonitor gebruiker toevoegen|verwijderen|lijst`."),
            components.tabel(["Naam", "Rol"], [[naam, rol] for naam, rol in listed], "beheer-accounts"),
        ]
    return html.Section(inhoud, className="mb-4")


def pagina(data: ServingData) -> html.Div:
    return html.Div(
        [html.H1("Beheer", className="display-6 mb-3"), publicatie(data), versheid(data), exports(data), accounts()],
        id="beheer",
    )
