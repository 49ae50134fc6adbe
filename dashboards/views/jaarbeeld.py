"""Jaarbeeld kerngericht werken: the yearly participation picture of a gemeente for the raad, for one year or a
period. Every figure comes from marts.jaarbeeld (one definition in SQL), which this page, the PDF
(dashboards/briefing/jaarbeeld.py) and `kernmonitor export --format jaarbeeld` all read; the budgets per year
from marts.subsidie_budgetten and the grants behind kernagenda points from marts.subsidie_aanvragen."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd
from dash import dcc, html

from dashboards import components
from dashboards import formatting as fmt
from dashboards.data import ServingData, gemeente_naam

PAD = "/jaarbeeld"
KOP = ["Onderdeel", "Cijfer", "Waarde", "Toelichting", "Bron en datum"]
BUDGET_KOP = [
    "Jaar",
    "Regeling",
    "Besteed",
    "Budget",
    "Boven het maximum",
    "Doorlooptijd (mediaan, langste)",
    "Kernen zonder toekenning",
]
KOPPELING_KOP = ["Jaar", "Kern", "Dossier", "Toegekend", "Kernagendapunt", "Stand van het punt"]
REGELING_LABELS = {
    "leefbaarheidsbudget": "Leefbaarheidsbudget",
    "kernenbudget": "Kernenbudget",
    "platformsubsidie": "Platformsubsidie",
}


@dataclass
class Jaarbeeld:
    """The figures of one gemeente and period, as the page, PDF and export show them."""

    gemeentecode: str
    gemeentenaam: str
    jaar_van: int | None
    jaar_tot: int | None
    figuren: pd.DataFrame
    budgetten: pd.DataFrame = field(default_factory=pd.DataFrame)
    koppelingen: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def leeg(self) -> bool:
        return self.figuren.empty

    @property
    def periode(self) -> str:
        if self.jaar_van is None:
            return ""
        return str(self.jaar_van) if self.jaar_van == self.jaar_tot else f"{self.jaar_van}–{self.jaar_tot}"

    @property
    def zonder_subsidie_export(self) -> bool:
        """Figures from the kernagenda or goals only: the gemeente has loaded no subsidy export at all."""
        rij = self.figuren[self.figuren["figuur"] == "geen_subsidies"] if not self.leeg else self.figuren
        return not rij.empty and rij["toelichting"].iloc[0] == "geen subsidie-export geladen"

    @property
    def synthetisch(self) -> bool:
        return bool(self.figuren["synthetisch"].fillna(False).astype(bool).any()) if not self.leeg else False


def perioden(data: ServingData, gemeentecode: str) -> list[int]:
    """The years a Jaarbeeld can cover for this gemeente (from the first to the last year its subsidies, kernagenda
    or measured goals cover), oldest first."""
    frame = data.jaarbeeld(gemeentecode)
    if frame.empty:
        return []
    return sorted({int(j) for j in frame["jaar_van"]} | {int(j) for j in frame["jaar_tot"]})


def parse_periode(tekst: str | None) -> tuple[int | None, int | None]:
    """ "2023" -> (2023, 2023); "2019-2023" or "2019–2023" -> (2019, 2023); empty -> (None, None)."""
    if not tekst:
        return None, None
    delen = [d.strip() for d in str(tekst).replace("–", "-").split("-") if d.strip()]
    if not delen or len(delen) > 2 or not all(d.isdigit() for d in delen):
        raise ValueError(f"Periode '{tekst}' niet begrepen: geef een jaar (2023) of twee jaren (2019-2023).")
    van, tot = int(delen[0]), int(delen[-1])
    if van > tot:
        raise ValueError(f"Periode '{tekst}': het eerste jaar ligt na het tweede.")
    return van, tot


def maak(data: ServingData, gemeentecode: str, jaar_van: int | None = None, jaar_tot: int | None = None) -> Jaarbeeld:
    """The Jaarbeeld of a gemeente for a period (default: its latest year); empty figures when the gemeente has no
    subsidy export, kernagenda or goals, or the period lies outside the years they cover."""
    kernen = data.kernen(gemeentecode)
    naam = gemeente_naam(kernen["gemeentenaam"].iloc[0] if not kernen.empty else None, gemeentecode)
    jaren = perioden(data, gemeentecode)
    if jaren and jaar_van is None:
        jaar_van = jaar_tot = jaren[-1]
    if jaar_tot is None:
        jaar_tot = jaar_van
    figuren = data.jaarbeeld(gemeentecode, jaar_van, jaar_tot) if jaren and jaar_van is not None else pd.DataFrame()
    if figuren.empty:
        return Jaarbeeld(gemeentecode, naam, jaar_van, jaar_tot, data.jaarbeeld("", 0, 0))
    budgetten = data.subsidie_budgetten(gemeentecode)
    budgetten = budgetten[budgetten["jaar"].between(jaar_van, jaar_tot)]
    aanvragen = data.subsidie_aanvragen(gemeentecode)
    koppelingen = aanvragen[
        aanvragen["jaar"].between(jaar_van, jaar_tot) & aanvragen["voert_kernagendapunt_uit"].fillna(False)
    ]
    return Jaarbeeld(gemeentecode, naam, jaar_van, jaar_tot, figuren, budgetten, koppelingen)


def waarde_tekst(rij: pd.Series | dict) -> str:
    """A figure as the raad reads it: "€ 281.950", "26 van 26 kernen", "31 van 45", "29 dagen"."""
    waarde, noemer, eenheid = rij["waarde"], rij["noemer"], rij["eenheid"]
    if fmt.is_missing(waarde):
        return fmt.ONTBREEKT
    if eenheid == "euro":
        tekst = fmt.euro(waarde)
        if not fmt.is_missing(noemer) and float(noemer) > 0:
            tekst += f" van {fmt.euro(noemer)} ({fmt.aandeel(float(waarde) / float(noemer))})"
        return tekst
    if eenheid == "dagen":
        return dagen_tekst(waarde)
    tekst = fmt.getal(waarde)
    if not fmt.is_missing(noemer):
        tekst += f" van {fmt.getal(noemer)}"
    return tekst + (" kernen" if eenheid == "kernen" else "")


def dagen_tekst(dagen: object) -> str:
    """A number of days, as a median can be: 29 -> "29 dagen", 29.5 -> "29,5 dagen", 1 -> "1 dag"."""
    getal = float(dagen)  # type: ignore[arg-type]
    tekst = fmt.getal(getal, 0 if getal.is_integer() else 1)
    return f"{tekst} {'dag' if tekst == '1' else 'dagen'}"


def bron_tekst(rij: pd.Series | dict) -> str:
    datum = rij.get("bron_datum")
    if fmt.is_missing(datum) or "peildatum" in str(rij["bron"]):  # a kernagenda names its own date
        return str(rij["bron"])
    return f"{rij['bron']} (geladen op {fmt.datum(datum)})"


def regels(jb: Jaarbeeld) -> list[list[str]]:
    """The figures table: one row per figure with its source and date."""
    if jb.figuren.empty:
        return []
    uit = []
    for _, rij in jb.figuren.sort_values("volgorde").iterrows():
        toelichting = "" if fmt.is_missing(rij["toelichting"]) else str(rij["toelichting"])
        uit.append([str(rij["onderdeel"]), str(rij["label"]), waarde_tekst(rij), toelichting, bron_tekst(rij)])
    return uit


def figuur(jb: Jaarbeeld, naam: str) -> pd.Series | None:
    rijen = jb.figuren[jb.figuren["figuur"] == naam]
    return None if rijen.empty else rijen.iloc[0]


def samenvatting(jb: Jaarbeeld) -> str:
    """One sentence for the raad, from the same figures."""
    if jb.leeg:
        return ""
    delen = []
    if (r := figuur(jb, "initiatieven")) is not None:
        bedrag = figuur(jb, "initiatieven_bedrag")
        delen.append(
            f"{fmt.meervoud(int(r['waarde']), 'initiatief', 'initiatieven')} gesteund"
            + (f" met samen {fmt.euro(bedrag['waarde'])}" if bedrag is not None else "")
        )
    if (r := figuur(jb, "kernen_bereikt")) is not None:
        delen.append(f"{waarde_tekst(r)} bereikt")
    if (r := figuur(jb, "kernenbudget_kernagenda")) is not None and int(r["noemer"]) > 0:
        aanvragen = fmt.meervoud(int(r["noemer"]), "kernenbudget-aanvraag", "kernenbudget-aanvragen")
        delen.append(f"{fmt.getal(r['waarde'])} van {aanvragen} toegekend voor een kernagendapunt")
    if (r := figuur(jb, "platforms")) is not None:
        delen.append(f"{fmt.meervoud(int(r['waarde']), 'platform', 'platforms')} met subsidie")
    if (r := figuur(jb, "geen_subsidies")) is not None:
        delen.append(str(r["toelichting"]))
    return f"{jb.gemeentenaam}, {jb.periode}: " + "; ".join(delen) + "."


def budget_regels(jb: Jaarbeeld) -> list[list[str]]:
    if jb.budgetten.empty:
        return []
    uit = []
    for _, r in jb.budgetten.sort_values(["jaar", "regeling"]).iterrows():
        pot = fmt.euro(r["pot"]) if not fmt.is_missing(r["pot"]) else "geen jaarbudget bekend"
        if not fmt.is_missing(r["pot"]) and bool(r.get("pot_aanname")):
            pot += " (aanname)"
        maximum = r.get("maximum_per_aanvraag")
        boven = (
            f"{fmt.getal(r['boven_maximum'])} "
            + (
                f"(aangenomen maximum {fmt.euro(maximum)}, aanname)"
                if bool(r.get("maximum_aanname"))
                else f"(maximum {fmt.euro(maximum)})"
            )
            if not fmt.is_missing(maximum)
            else "geen maximum bekend"
        )
        doorloop = (
            f"{dagen_tekst(r['doorlooptijd_mediaan_dagen'])}, {dagen_tekst(r['doorlooptijd_langste_dagen'])}"
            if not fmt.is_missing(r.get("doorlooptijd_mediaan_dagen"))
            else fmt.ONTBREEKT
        )
        zonder = int(r["kernen_zonder_gebruik"])
        namen = r.get("kernen_zonder_gebruik_namen")
        uit.append(
            [
                str(int(r["jaar"])),
                REGELING_LABELS.get(r["regeling"], str(r["regeling"])),
                fmt.euro(r["besteed"]),
                pot,
                boven,
                doorloop,
                "alle kernen" if zonder == 0 else f"{zonder}: {namen}",
            ]
        )
    return uit


def koppeling_regels(jb: Jaarbeeld) -> list[list[str]]:
    """The grants that carry out a kernagenda point."""
    if jb.koppelingen.empty:
        return []
    uit = []
    for _, r in jb.koppelingen.sort_values(["jaar", "kern", "dossiernummer"]).iterrows():
        tekst = r.get("kernagenda_actiepunt")
        punt = f"{r['kernagendapunt']}" + ("" if fmt.is_missing(tekst) else f": {tekst}")
        status = r.get("kernagenda_status")
        uit.append(
            [
                str(int(r["jaar"])),
                str(r["kern"]),
                str(r["dossiernummer"]),
                fmt.euro(r["bedrag_toegekend"]),
                punt,
                fmt.ONTBREEKT if fmt.is_missing(status) else str(status),
            ]
        )
    return uit


def geen_export(jb: Jaarbeeld) -> html.Div:
    return components.melding(
        [
            html.Strong(f"Geen Jaarbeeld voor {jb.gemeentenaam}{' ' + jb.periode if jb.periode else ''}. "),
            GEEN_EXPORT_TEKST,
        ],
        "info",
        "jaarbeeld-geen-export",
    )


GEEN_EXPORT_TEKST = (
    "Van deze gemeente is voor deze periode geen subsidie-export geladen (en geen kernagenda of doelenbestand dat "
    "deze periode beslaat), dus kernmonitor kent de toegekende initiatieven, het kernenbudget en de "
    "platformsubsidies niet. Zodra de gemeente haar subsidie-export aanlevert (een CSV- of Excel-bestand in de "
    "exportmap, of `kernmonitor load-export BESTAND`), staat hier het Jaarbeeld."
)


ZONDER_SUBSIDIES_TEKST = (
    "Van deze gemeente is geen subsidie-export geladen: hieronder staan alleen de cijfers van de kernagenda en de "
    "doelen. Zodra de gemeente haar subsidie-export aanlevert, staan hier ook de initiatieven, het kernenbudget en "
    "de platformsubsidies."
)


def inhoud(jb: Jaarbeeld) -> html.Div:
    if jb.leeg:
        return html.Div(geen_export(jb))
    zonder = (
        [components.melding([ZONDER_SUBSIDIES_TEKST], "info", "jaarbeeld-geen-export")]
        if jb.zonder_subsidie_export
        else []
    )
    melding = (
        [
            components.melding(
                [
                    html.Strong("Let op: demonstratiegegevens. "),
                    "Dit Jaarbeeld is gemaakt uit voorbeeldexports ",
                    components.synthetisch_badge(),
                    ": verzonnen aanvragen en actiepunten, niet de cijfers van de gemeente.",
                ],
                "warning",
                "synthetisch-melding",
            )
        ]
        if jb.synthetisch
        else []
    )
    koppelingen = koppeling_regels(jb)
    return html.Div(
        [
            *melding,
            *zonder,
            html.P(samenvatting(jb), className="fs-5", id="jaarbeeld-samenvatting"),
            html.H2(f"Cijfers {jb.periode}", className="h4"),
            components.tabel(KOP, regels(jb), element_id="jaarbeeld-cijfers", rijkoppen=True),
            html.H2("Budgetten per jaar", className="h4 mt-4"),
            html.P(
                "Besteed tegenover het jaarbudget van de regeling, toekenningen boven het maximum per aanvraag, de "
                "doorlooptijd van aanvraag tot besluit en de kernen die dat jaar niets uit de regeling kregen. "
                "Bedragen met 'aanname' (een budget of een aangenomen maximum) staan niet in de stukken van de "
                "gemeente (zie dbt_project/seeds/regelingen.csv).",
            ),
            components.tabel(BUDGET_KOP, budget_regels(jb), element_id="jaarbeeld-budgetten", rijkoppen=True),
            html.H2("Toekenningen die een kernagendapunt uitvoeren", className="h4 mt-4"),
            components.tabel(KOPPELING_KOP, koppelingen, element_id="jaarbeeld-koppelingen", rijkoppen=True)
            if koppelingen
            else html.P("Geen toekenning in deze periode noemt een kernagendapunt."),
        ]
    )


def pdf_knop() -> html.Div:
    return html.Div(
        [
            html.Button("Download PDF voor de raad", id="jaarbeeld-pdf", className="btn btn-primary"),
            dcc.Download(id="jaarbeeld-download"),
        ],
        className="mb-3",
    )


def csv_tekst(jb: Jaarbeeld) -> str:
    """The figures as a CSV (semicolon, Dutch numbers), for `kernmonitor export --format jaarbeeld`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Gemeente", "Periode", "Onderdeel", "Cijfer", "Waarde", "Getal", "Van", "Toelichting", "Bron",
                     "Datum"])  # fmt: skip
    for _, r in jb.figuren.sort_values("volgorde").iterrows():
        writer.writerow(
            [
                f"{jb.gemeentenaam} ({jb.gemeentecode})",
                jb.periode,
                r["onderdeel"],
                r["label"],
                waarde_tekst(r),
                _getal(r["waarde"], r["eenheid"]),
                "" if fmt.is_missing(r["noemer"]) else fmt.getal(r["noemer"]),
                "" if fmt.is_missing(r["toelichting"]) else r["toelichting"],
                r["bron"],
                "" if fmt.is_missing(r["bron_datum"]) else fmt.datum(r["bron_datum"]),
            ]
        )
    return out.getvalue()


def _getal(waarde: object, eenheid: str) -> str:
    """The CSV's plain number: euros with cents, a median of days with its half day, other counts whole."""
    if fmt.is_missing(waarde):
        return ""
    if eenheid == "euro":
        return fmt.getal(waarde, 2)
    return fmt.getal(waarde, 0 if float(waarde).is_integer() else 1)  # type: ignore[arg-type]
