"""Toegankelijkheidsverklaring (/toegankelijkheid): the statement the Besluit digitale toegankelijkheid overheid
asks for, in the order of the Dutch model statement (toegankelijkheidsverklaring.nl): scope, status, how it was
measured, what does not comply and why, how to report a problem, how to complain, date.

What it says about the measurement must stay true: tests/browser/test_accessibility.py runs axe-core AXE_VERSIE
on every page type listed here and fails on any violation, and checks that this page names that version.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import html

from dashboards import formatting as fmt
from kernmonitor.config import load_config

AXE_VERSIE = "4.14.1"
VERKLARING_DATUM = dt.date(2026, 12, 2)
# The value kernmonitor.toml ships with; a gemeente replaces it by its own address or form.
CONTACT_PLAATSHOUDER = "INVULLEN DOOR DE GEMEENTE"

GETOETSTE_PAGINAS = [
    "Overzicht van de kernen (/), met een andere gemeente gekozen",
    "Kernprofielen (/kern/…), met een ander trendcijfer gekozen",
    "Kernen vergelijken (/vergelijken), met de keuzelijsten open",
    "Kernagenda (/kernagenda), met een filter open en gekozen",
    "Kansenkaart (/kansenkaart), met een andere kern gekozen",
    "Bronnen en methode (/bronnen), Beheer (/beheer), deze verklaring en de pagina 'niet gevonden'",
]

BEKENDE_PROBLEMEN = [
    (
        "PDF-documenten zijn getagd, maar niet met een PDF/UA-validator gekeurd",
        "One-pagers en Kansenkaart-pakketten hebben koppen, leesvolgorde, tabelkoppen, taal, titel en een "
        "tekstalternatief met de cijfers bij elke grafiek en kaart (PDF/UA-1). Een test leest die structuur terug; "
        "een volledige keuring met een validator als veraPDF is nog niet gedaan.",
    ),
    (
        "De kaarten zijn niet met het toetsenbord te bedienen",
        "Een kern kiezen door op de kaart te klikken kan alleen met een muis; dezelfde kernen staan als links in "
        "de lijst en de tabel onder de kaart (WCAG 2.1.1).",
    ),
    (
        "Jaar en dekking in de tabel van het Overzicht alleen met de muis",
        "De uitleg bij een cijfer in de tabel van alle kernen (jaar, dekking, waarom een cijfer ontbreekt) "
        "verschijnt alleen als de muis erop staat; dezelfde uitleg staat bij elk cijfer op het kernprofiel "
        "(WCAG 2.1.1).",
    ),
]


def contact(config_path=None) -> str | None:
    """The gemeente's contact for accessibility problems ([toegankelijkheid] contact in kernmonitor.toml); None
    while it is empty or still the placeholder."""
    try:
        waarde = str(load_config(config_path).extra.get("toegankelijkheid", {}).get("contact", "")).strip()
    except (OSError, ValueError):
        return None
    return None if not waarde or waarde.upper().startswith(CONTACT_PLAATSHOUDER) else waarde


def _contact_blok(adres: str | None) -> html.Div:
    if adres is None:
        return dbc.Alert(
            [
                html.Strong("Contactgegevens nog niet ingevuld. "),
                "De gemeente vult hier het e-mailadres of webformulier in waar u een probleem meldt "
                "(in kernmonitor.toml: [toegankelijkheid] contact). Tot dan kunt u de beheerder van deze "
                "website bij uw gemeente vragen.",
            ],
            color="warning",
            id="toegankelijkheid-contact",
        )
    return html.P(["Meld het bij: ", html.Strong(adres)], id="toegankelijkheid-contact")


def pagina(config_path=None) -> html.Div:
    return html.Div(
        [
            html.H1("Toegankelijkheidsverklaring"),
            html.P(
                "De gemeente wil dat iedereen kernmonitor kan gebruiken, ook wie slecht ziet, een schermlezer "
                "gebruikt of alleen een toetsenbord. Deze verklaring gaat over het dashboard kernmonitor: alle "
                "pagina's en de downloads (PDF, Excel, afbeeldingen).",
                className="lead",
            ),
            html.Section(
                [
                    html.H2("Status"),
                    html.P(
                        [
                            "Norm: WCAG 2.1 niveau AA (EN 301 549), zoals het Besluit digitale toegankelijkheid "
                            "overheid vraagt. Status: ",
                            html.Strong("eerste maatregelen genomen"),
                            ". Alle pagina's zijn automatisch getoetst en voldoen aan de regels die zo te toetsen "
                            "zijn; een volledig onderzoek door een deskundige is nog niet gedaan, en van een "
                            "aantal onderdelen weten we dat ze nog niet voldoen (hieronder).",
                        ]
                    ),
                ],
                id="toegankelijkheid-status",
            ),
            html.Section(
                [
                    html.H2("Hoe is dit gemeten?"),
                    html.P(
                        [
                            f"Met axe-core {AXE_VERSIE} (Deque Systems), in de automatische tests van kernmonitor, "
                            "in een browser zonder scherm (Chromium), op de voorbeeldgegevens. Getoetst zijn de "
                            "regels van WCAG 2.0 en 2.1, niveau A en AA. Bij elke wijziging van kernmonitor lopen "
                            "deze tests opnieuw; één overtreding laat de test mislukken. Deze pagina's en "
                            "toestanden zijn getoetst:"
                        ]
                    ),
                    html.Ul([html.Li(p) for p in GETOETSTE_PAGINAS]),
                    html.P(
                        "Met de hand (en in de tests) gecontroleerd: de taal van elke pagina is Nederlands, elke "
                        "pagina heeft een eigen titel, en oordelen (sterk punt, aandachtspunt) en statussen staan "
                        "er ook in woorden of met een teken, niet alleen in kleur. Axe-core vindt een deel van de "
                        "problemen die er kunnen zijn; wat alleen een mens kan beoordelen staat hieronder."
                    ),
                ]
            ),
            html.Section(
                [
                    html.H2("Wat nog niet voldoet"),
                    html.Ul(
                        [html.Li([html.Strong(titel + ". "), uitleg]) for titel, uitleg in BEKENDE_PROBLEMEN],
                        id="toegankelijkheid-problemen",
                    ),
                ]
            ),
            html.Section(
                [
                    html.H2("Een probleem melden"),
                    html.P(
                        "Kunt u iets niet lezen of gebruiken, of hebt u een document in een andere vorm nodig? "
                        "Laat het de gemeente weten, met het adres van de pagina en wat er misging."
                    ),
                    _contact_blok(contact(config_path)),
                    html.P(
                        "Bent u niet tevreden met hoe de gemeente uw melding heeft behandeld, dan kunt u een klacht "
                        "indienen volgens de klachtenregeling van de gemeente en daarna bij de Nationale ombudsman "
                        "of de ombudsman van uw gemeente."
                    ),
                ]
            ),
            html.Section(
                [
                    html.H2("Datum"),
                    html.P(
                        f"Deze verklaring is opgesteld op {fmt.datum(VERKLARING_DATUM)}.",
                        id="toegankelijkheid-datum",
                    ),
                ]
            ),
        ],
        className="toegankelijkheid",
    )
