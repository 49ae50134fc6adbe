"""XLSX exports per kern and per gemeente: a sheet per theme, references, sources and a "Toelichting".

Numbers stay numbers (Excel shows them in the reader's locale: 1.234,5 in a Dutch Excel) with a number format
that follows the catalogue's decimals; only text cells are neutralised against formula injection.

Accessible (issue 20): every table is an Excel table (a named range with a header row, which screen readers
announce as column headers), and nothing is said by colour alone: a synthetic value's orange cell also has "ja" in
a Synthetisch column, or its indicator named in the column "Synthetische waarden".
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from dashboards import vocabulary as v
from dashboards.briefing.context import (
    KernContext,
    OnbekendeKern,
    gemeente_naam,
    kernagenda_punten,
    publicatie,
)
from dashboards.formatting import datum, datum_tijd, is_missing, revisie
from dashboards.oordeel import REGEL_TITEL, regel_tekst
from dashboards.views import doelen as doelen_view


def _argb(kleur: str) -> str:
    """A palette colour as openpyxl writes it: without the "#"."""
    return kleur.lstrip("#").upper()


KOP_FILL = PatternFill("solid", fgColor=_argb(v.KLEUR_KOP))
KOP_FONT = Font(bold=True, color=_argb(v.KLEUR_WIT))
SYNTH_FILL = PatternFill("solid", fgColor=_argb(v.KLEUR_SYNTHETISCH_CEL))
WAARSCHUWING_FILL = PatternFill("solid", fgColor=_argb(v.KLEUR_WAARSCHUWING))
TITEL_FONT = Font(bold=True, size=14, color=_argb(v.KLEUR_KOP))
VET = Font(bold=True)

SYNTHETISCH_TEKST = (
    "LET OP: dit bestand bevat synthetische (gesimuleerde) voorbeeldgegevens. Ze beschrijven niet de werkelijke "
    "situatie. Synthetische waarden staan in een oranje cel en hebben 'ja' in de kolom Synthetisch; op een "
    "tabblad met kernen als rijen noemt de kolom Synthetische waarden ze."
)
SYNTHETISCHE_WAARDEN = "Synthetische waarden"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def veilige_tekst(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers.

    OWASP's CSV-injection advice: a cell starting with = + - @ (or tab/CR, which some programs strip first)
    is prefixed with a single quote, so it shows as the literal text that was exported.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _getalformaat(decimalen) -> str:
    d = 0 if is_missing(decimalen) else int(decimalen)
    return "#,##0" + ("." + "0" * d if d > 0 else "")


def _cel(value):
    """A pandas value as an openpyxl cell value: NaN/NA to empty, numpy scalars to Python, text neutralised."""
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        if value.tzinfo is not None:
            value = value.tz_convert("Europe/Amsterdam").tz_localize(None)
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (list, dict, tuple)):
        value = str(value)
    return veilige_tekst(value)


@dataclass
class Kolom:
    kop: str
    bron: str | Callable[[pd.Series], object]
    breedte: float = 12
    formaat: str | Callable[[pd.Series], str] | None = None

    def waarde(self, row: pd.Series):
        return self.bron(row) if callable(self.bron) else row.get(self.bron)

    def getalformaat(self, row: pd.Series) -> str | None:
        return self.formaat(row) if callable(self.formaat) else self.formaat


def _decimalen_formaat(row: pd.Series) -> str:
    return _getalformaat(row.get("decimalen"))


def _ja_nee(kolom: str) -> Callable[[pd.Series], str]:
    return lambda row: "ja" if not is_missing(row.get(kolom)) and bool(row.get(kolom)) else "nee"


def excel_tabel(ws: Worksheet, eerste_rij: int, laatste_rij: int, kolommen: int) -> Table:
    """The block from `eerste_rij` (its header row) to `laatste_rij` as an Excel table: a named range whose header
    row a screen reader announces with every cell, with Excel's own filter buttons. The name is unique in the
    workbook ("Tabel_Bevolking", "Tabel_Bronnen_2")."""
    basis = "Tabel_" + (re.sub(r"[^0-9A-Za-z_]", "_", ws.title).strip("_") or "blad")
    naam, n = basis, 1
    while ws.parent._duplicate_name(naam):
        n += 1
        naam = f"{basis}_{n}"
    ref = f"A{eerste_rij}:{get_column_letter(kolommen)}{max(laatste_rij, eerste_rij + 1)}"
    tabel = Table(displayName=naam, ref=ref)
    tabel.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    ws.add_table(tabel)
    return tabel


def schrijf_tabel(
    ws: Worksheet,
    frame: pd.DataFrame,
    kolommen: Sequence[Kolom],
    start_rij: int = 1,
    synthetisch_kolommen: Sequence[str] = (),
    synthetisch_vlag: str = "synthetisch",
) -> int:
    """A header row and one row per record, as an Excel table; returns the next free row. Synthetic value cells get
    a fill (and the record says so in words: pass a Synthetisch column)."""
    for j, kolom in enumerate(kolommen, start=1):
        cel = ws.cell(row=start_rij, column=j, value=veilige_tekst(kolom.kop))
        cel.fill, cel.font = KOP_FILL, KOP_FONT
        cel.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = kolom.breedte
    rij = start_rij
    for rij, (_, row) in enumerate(frame.iterrows(), start=start_rij + 1):
        synth = (
            synthetisch_vlag in row.index
            and not is_missing(row.get(synthetisch_vlag))
            and bool(row.get(synthetisch_vlag))
        )
        for j, kolom in enumerate(kolommen, start=1):
            value = _cel(kolom.waarde(row))
            cel = ws.cell(row=rij, column=j, value=value)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                fmt = kolom.getalformaat(row)
                if fmt:
                    cel.number_format = fmt
            elif isinstance(value, dt.datetime):
                cel.number_format = "d mmmm yyyy"
            if synth and kolom.kop in synthetisch_kolommen and value is not None:
                cel.fill = SYNTH_FILL
    ws.freeze_panes = ws.cell(row=start_rij + 1, column=2)
    excel_tabel(ws, start_rij, rij, len(kolommen))
    return rij + 1


def _tekst_rijen(ws: Worksheet, rijen: Sequence[tuple[str, str] | str], start: int = 1, breedte=(28, 110)) -> int:
    ws.column_dimensions["A"].width = breedte[0]
    ws.column_dimensions["B"].width = breedte[1]
    rij = start
    for item in rijen:
        if isinstance(item, str):
            cel = ws.cell(row=rij, column=1, value=veilige_tekst(item))
            cel.font = VET
        else:
            ws.cell(row=rij, column=1, value=veilige_tekst(item[0])).font = VET
            cel = ws.cell(row=rij, column=2, value=veilige_tekst(item[1]))
            cel.alignment = Alignment(wrap_text=True, vertical="top")
        rij += 1
    return rij


# Column sets ------------------------------------------------------------------------------------------------

PROFIEL_KOLOMMEN = (
    Kolom("Indicator", "label", 40),
    Kolom("Eenheid", "eenheid", 24),  # "per 1.000 inwoners 15-65"
    Kolom("Jaar", "jaar", 7),
    Kolom("Waarde", "waarde", 12, _decimalen_formaat),
    Kolom("Gemeente", "gemeente_waarde", 12, _decimalen_formaat),
    Kolom("Nederland", "nederland_waarde", 12, _decimalen_formaat),
    Kolom("Rang", "rang", 7, "0"),
    Kolom("Van (kernen)", "rang_van", 9, "0"),
    Kolom("Dekking", "dekking", 9, "0%"),
    Kolom("Status", "status", 22),
    Kolom("Synthetisch", _ja_nee("synthetisch"), 11),
    Kolom("Oordeel", "oordeel", 20),
    Kolom("Waarom", "reden", 40),
    Kolom(
        "Richting",
        lambda r: {"hoger_beter": "hoger is beter", "lager_beter": "lager is beter"}.get(r.get("richting"), "neutraal"),
        14,
    ),
    Kolom("Programma", "programma", 16),
    Kolom("Vorig jaar", "vorig_jaar_waarde", 12, _decimalen_formaat),
    Kolom("Bron", "bron", 30),
    Kolom("Brontabel", "bron_tabel", 14),
    Kolom("Bronrevisie", "bron_revisie", 20),
    Kolom("Indicator-id", "indicator_id", 26),
)

REEKS_KOLOMMEN = (
    Kolom("Indicator-id", "indicator_id", 26),
    Kolom("Indicator", "label", 40),
    Kolom("Thema", "thema", 14),
    Kolom("Eenheid", "eenheid", 24),  # "per 1.000 inwoners 15-65"
    Kolom("Jaar", "jaar", 7),
    Kolom("Waarde", "waarde", 12, _decimalen_formaat),
    Kolom("Gemeente", "gemeente_waarde", 12, _decimalen_formaat),
    Kolom("Nederland", "nederland_waarde", 12, _decimalen_formaat),
    Kolom("Rang", "rang", 7, "0"),
    Kolom("Van (kernen)", "rang_van", 9, "0"),
    Kolom("Dekking", "dekking", 9, "0%"),
    Kolom("Status", "status", 22),
    Kolom("Synthetisch", _ja_nee("synthetisch"), 11),
    Kolom("Bron", "bron", 30),
    Kolom("Brontabel", "bron_tabel", 14),
    Kolom("Bronrevisie", "bron_revisie", 20),
)

# The Doelen sheet: one row per goal and year (marts.kern_doelen), the goal's current standing marked.
DOELEN_KOLOMMEN = (
    Kolom("Doel", "label", 30),
    Kolom("Voorbeeld", lambda r: "VOORBEELD" if bool(r.get("voorbeeld")) else "", 12),
    Kolom("Voor", lambda r: _scope_tekst(r), 18),
    Kolom("Omschrijving", "omschrijving", 40),
    Kolom("Programma", "programma", 16),
    Kolom("Eigenaar (rol)", "eigenaar", 16),
    Kolom("Jaar", "jaar", 7),
    Kolom("Waarde", "waarde", 12, _decimalen_formaat),
    Kolom("Pad", "pad_waarde", 12, _decimalen_formaat),
    Kolom("Afstand tot pad", "afstand_tot_pad", 12, _decimalen_formaat),
    Kolom("Status", "status", 14),
    Kolom("Huidige stand", _ja_nee("is_huidige_stand"), 10),
    Kolom("Reden", "reden", 36),
    Kolom("Basisjaar", "basisjaar", 9),
    Kolom("Basiswaarde", "basiswaarde", 12, _decimalen_formaat),
    Kolom("Streefjaar", "streefjaar", 9),
    Kolom("Streefwaarde", "streefwaarde", 12, _decimalen_formaat),
    Kolom(
        "Richting",
        lambda r: {"hoger_beter": "hoger is beter", "lager_beter": "lager is beter"}.get(r.get("richting"), ""),
        14,
    ),
    Kolom("Dekking", "dekking", 9, "0%"),
    Kolom("Synthetisch", _ja_nee("synthetisch"), 11),
    Kolom("Bron", "bron", 30),
    Kolom("Brondocument", "brondocument", 30),
    Kolom("Indicator-id", "indicator_id", 26),
)


def _scope_tekst(row) -> str:
    soort, scope = str(row.get("scope_soort")), str(row.get("scope"))
    return {"gemeente": "hele gemeente", "groep": f"groep {scope}"}.get(soort, scope)


TOELICHTING_KOLOMMEN = (
    ("Waarde", "Het cijfer van de kern, in het jaar van de kolom Jaar (het laatste jaar met een waarde)."),
    ("Gemeente", "Het eigen CBS-cijfer van de hele gemeente in hetzelfde jaar (referentie)."),
    ("Nederland", "Het cijfer van heel Nederland in hetzelfde jaar (referentie), waar CBS dat publiceert."),
    (
        "Rang / Van",
        "Plaats van de kern tussen de kernen van de gemeente met een waarde: 1 = beste (bij "
        "indicatoren met een richting) of hoogste (bij neutrale indicatoren).",
    ),
    (
        "Dekking",
        "Welk deel van de kern (in inwoners, woningen of huishoudens) een buurtwaarde had. CBS houdt "
        "cijfers van kleine buurten geheim; onder de drempel geeft kernmonitor 'onvoldoende gegevens'.",
    ),
    ("Status", "; ".join(f"{naam}: {uitleg}" for naam, uitleg in v.STATUSSEN if naam != "synthetisch") + "."),
    ("Synthetisch", "ja = gesimuleerde voorbeeldwaarde, geen echte meting."),
    (
        "Oordeel / Waarom",
        "Sterk punt, aandachtspunt of opvallend ten opzichte van de gemeente, volgens de regel hieronder.",
    ),
    (
        "Bron / Brontabel / Bronrevisie",
        "Waar het cijfer vandaan komt: de CBS-tabel en haar revisiedatum, of de "
        "Leefbaarometer-editie, of de export van de gemeente.",
    ),
)


def _toelichting(
    ws: Worksheet,
    pub: dict,
    synthetisch: bool,
    onderwerp: str,
    bladen: Sequence[str],
    regel: Sequence[str],
    doelen_regel: str | None = None,
) -> None:
    rijen: list = [f"Toelichting bij {onderwerp}"]
    rijen.append(("Dataversie", pub["versie"]))
    rijen.append(("Gepubliceerd op", datum_tijd(pub["gepubliceerd_op"])))
    rijen.append(("Gemaakt op", datum(dt.date.today())))
    if synthetisch:
        rijen.append(("Synthetische gegevens", SYNTHETISCH_TEKST))
    rijen.append(("Tabbladen", ", ".join(bladen)))
    rijen.append(
        (
            "Getallen",
            "Getallen zijn echte getallen (geen tekst): Excel toont ze in uw eigen notatie, "
            "in een Nederlandse Excel als 1.234,5. Ze zijn niet afgerond; de weergave volgt de "
            "decimalen uit de indicatorcatalogus.",
        )
    )
    rijen.append(
        (
            "Kern",
            "Een kern is een groep hele CBS-buurten (zie het tabblad Bronnen). Aantallen zijn "
            "opgeteld; aandelen opnieuw berekend uit de opgetelde tellers en noemers; gemiddelden "
            "gewogen naar hun basis (WOZ naar woningen, afstanden naar inwoners).",
        )
    )
    rijen.append(
        ("Tekst die met = + - of @ begint", "krijgt een ' ervoor, zodat Excel het nooit als formule uitvoert.")
    )
    rijen.append("")
    rijen.append("Kolommen")
    rijen.extend(TOELICHTING_KOLOMMEN)
    rijen.append("")
    rijen.append(REGEL_TITEL)
    rijen.extend((f"Regel {i}", tekst) for i, tekst in enumerate(regel, start=1))
    if doelen_regel:
        rijen.append("")
        rijen.append(("Doelen", doelen_regel))
        rijen.append(("VOORBEELD", "Een doel met VOORBEELD komt uit het voorbeeldbestand van kernmonitor: verzonnen."))
    rijen.append("")
    rijen.append(("Licentie", "CBS-gegevens: CC BY 4.0 (bron: CBS). Leefbaarometer: BZK. kernmonitor is open source."))
    _tekst_rijen(ws, rijen)
    ws["A1"].font = TITEL_FONT


def _bronnen(ws: Worksheet, bronnen: pd.DataFrame, buurten: pd.DataFrame | None, profiel: pd.DataFrame) -> None:
    kolommen = (
        Kolom("Bron", "bron", 34),
        Kolom("Tabel", "tabel", 12),
        Kolom("Jaar", "jaar", 7),
        Kolom("Titel", "titel", 38),
        Kolom("Revisie", lambda r: revisie(r.get("revisie")), 18),
        Kolom("Soort", lambda r: "synthetisch (demo)" if "synthetic" in str(r.get("soort")) else r.get("soort"), 18),
        Kolom("Ontbrekende maten", "ontbrekende_maten", 40),
        Kolom("Geladen op", lambda r: datum_tijd(r.get("geladen_op")), 26),
    )
    rij = schrijf_tabel(ws, bronnen, kolommen)
    overig = (
        profiel[~profiel["bron"].astype(str).str.startswith("CBS")][["bron", "bron_tabel", "bron_revisie"]]
        .drop_duplicates()
        .dropna(subset=["bron"])
    )
    if not overig.empty:
        rij += 1
        ws.cell(row=rij, column=1, value="Andere bronnen").font = VET
        rij = schrijf_tabel(
            ws,
            overig,
            (
                Kolom("Bron", "bron", 34),
                Kolom("Tabel", "bron_tabel", 12),
                Kolom("Revisie / editie", "bron_revisie", 18),
            ),
            start_rij=rij + 1,
        )
    if buurten is not None and not buurten.empty:
        rij += 1
        ws.cell(row=rij, column=1, value="Buurten per kern (CBS-buurtcodes)").font = VET
        schrijf_tabel(
            ws,
            buurten,
            (
                Kolom("Kern", "kern", 34),
                Kolom("Buurtcode", "buurtcode", 12),
                Kolom("Buurtnaam", "buurtnaam", 30),
                Kolom("Wijkcode", "wijkcode", 12),
                Kolom("Indeling op basis van", "basis", 38),
                Kolom("Indeling door", "bron", 18),
            ),
            start_rij=rij + 1,
        )
    ws.freeze_panes = "A2"


def _export_blad(wb: Workbook, titel: str, frame: pd.DataFrame | None) -> str | None:
    """A sheet with every column of an export mart (kernagenda, subsidies) as it stands; none when the gemeente
    has not delivered that export."""
    if frame is None:
        return None
    ws = wb.create_sheet(titel)
    kolommen = [
        Kolom(str(c).replace("_", " ").capitalize(), c, max(10, min(50, len(str(c)) + 6)), "#,##0.##")
        for c in frame.columns
    ]
    if frame.empty:
        ws.cell(row=1, column=1, value=f"Geen {titel.lower()} voor deze selectie.")
    else:
        schrijf_tabel(ws, frame, kolommen)
    return titel


def _overzicht(ws: Worksheet, titel: str, rijen: list[tuple[str, object]], synthetisch: bool) -> None:
    ws["A1"] = veilige_tekst(titel)
    ws["A1"].font = TITEL_FONT
    rij = 3
    if synthetisch:
        ws.merge_cells(start_row=rij, start_column=1, end_row=rij, end_column=2)
        cel = ws.cell(row=rij, column=1, value=SYNTHETISCH_TEKST)
        cel.fill, cel.font = WAARSCHUWING_FILL, Font(bold=True, color=_argb(v.KLEUR_WAARSCHUWING_TEKST))
        cel.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[rij].height = 45
        rij += 2
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    for label, value in rijen:
        ws.cell(row=rij, column=1, value=veilige_tekst(label)).font = VET
        cel = ws.cell(row=rij, column=2, value=_cel(value))
        cel.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if isinstance(value, float):
            cel.number_format = "#,##0"
        rij += 1


def _thema_naam(thema: str) -> str:
    """The sheet of a theme: its Dutch heading, as on the kern profile ("Bedrijvigheid"); Excel allows 31
    characters."""
    return v.thema_naam(thema)[:31]


def _bytes(wb: Workbook) -> bytes:
    wb.properties.creator = "kernmonitor"
    wb.properties.language = "nl-NL"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _themas(frame: pd.DataFrame) -> list[str]:
    return v.thema_orde(frame["thema"].dropna().unique())


# Per kern ---------------------------------------------------------------------------------------------------


def kern_werkboek(ctx: KernContext) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Overzicht"
    inwoners = ctx.indicator("inwoners")
    _overzicht(
        ws,
        f"Kern {ctx.kern} ({ctx.gemeentenaam})",
        [
            ("Kern", ctx.kern),
            ("Gemeente", f"{ctx.gemeentenaam} ({ctx.gemeentecode})"),
            ("Inwoners", None if inwoners is None else inwoners.get("waarde")),
            ("Peiljaar", ctx.jaar),
            ("Buurten", ctx.kern_row.get("buurtcodes")),
            ("Dataversie", ctx.publicatie["versie"]),
            ("Gepubliceerd op", datum_tijd(ctx.publicatie["gepubliceerd_op"])),
            ("Gemaakt op", datum(dt.date.today())),
            (
                "Inhoud",
                "Een tabblad per thema (laatste jaar met gemeente, Nederland en rang), Tijdreeksen (alle "
                "jaren), Bronnen en Toelichting.",
            ),
        ],
        ctx.synthetisch,
    )
    bladen = ["Overzicht"]
    for thema in _themas(ctx.profiel):
        naam = _thema_naam(thema)
        schrijf_tabel(
            wb.create_sheet(naam),
            ctx.profiel[ctx.profiel["thema"] == thema],
            PROFIEL_KOLOMMEN,
            synthetisch_kolommen=("Waarde", "Vorig jaar"),
        )
        bladen.append(naam)
    schrijf_tabel(wb.create_sheet("Tijdreeksen"), ctx.reeks, REEKS_KOLOMMEN, synthetisch_kolommen=("Waarde",))
    bladen.append("Tijdreeksen")
    punten = kernagenda_punten(ctx)
    for titel, frame in (("Kernagenda", punten), ("Subsidies", ctx.tabel("kern_subsidies"))):
        if _export_blad(wb, titel, frame):
            bladen.append(titel)
    if not ctx.doelen.empty:
        # The goals of the kern and of its groups; the status rule is on the Toelichting sheet (Doelen).
        doelen = ctx.doelen.sort_values(["streefjaar", "doel_id", "jaar"])
        schrijf_tabel(wb.create_sheet("Doelen"), doelen, DOELEN_KOLOMMEN, synthetisch_kolommen=("Waarde",))
        bladen.append("Doelen")
    kern_buurten = ctx.buurten[ctx.buurten["kern"] == ctx.kern]
    _bronnen(wb.create_sheet("Bronnen"), ctx.bronnen, kern_buurten, ctx.profiel)
    bladen += ["Bronnen", "Toelichting"]
    _toelichting(
        wb.create_sheet("Toelichting"),
        ctx.publicatie,
        ctx.synthetisch,
        f"kern {ctx.kern}",
        bladen,
        ctx.regel,
        doelen_regel=doelen_view.regel_tekst(ctx.doelen) if not ctx.doelen.empty else None,
    )
    return _bytes(wb)


# Per gemeente -----------------------------------------------------------------------------------------------


def gemeente_werkboek(data, gemeentecode: str) -> bytes:
    kernen = data.kernen(gemeentecode)
    if kernen.empty:
        raise OnbekendeKern(f"Gemeente {gemeentecode} staat niet in deze publicatie.")
    naam = gemeente_naam(kernen["gemeentenaam"].iloc[0], gemeentecode)
    profiel = data.oordelen(gemeentecode)
    pub = publicatie(data)
    bronnen = data.bronnen()
    synthetisch = bool(profiel["synthetisch"].fillna(False).astype(bool).any()) or bool(
        bronnen["soort"].astype(str).str.contains("synthetic").any()
    )

    wb = Workbook()
    ws = wb.active
    ws.title = "Overzicht"
    _overzicht(
        ws,
        f"Gemeente {naam}: alle kernen",
        [
            ("Gemeente", f"{naam} ({gemeentecode})"),
            ("Kernen", len(kernen)),
            ("Peiljaar", None if kernen["jaar"].isna().all() else int(kernen["jaar"].max())),
            ("Dataversie", pub["versie"]),
            ("Gepubliceerd op", datum_tijd(pub["gepubliceerd_op"])),
            ("Gemaakt op", datum(dt.date.today())),
            (
                "Inhoud",
                "Een tabblad per thema (kernen als rijen, indicatoren als kolommen, met de gemeente en "
                "Nederland als laatste rijen), Gegevens (alles in lange vorm met rang, dekking en bron), Bronnen "
                "en Toelichting.",
            ),
        ],
        synthetisch,
    )
    bladen = ["Overzicht"]
    for thema in _themas(profiel):
        titel = _thema_naam(thema)
        _breed_thema(wb.create_sheet(titel), profiel[profiel["thema"] == thema], naam)
        bladen.append(titel)
    lang = profiel.sort_values(["kern", "thema", "indicator_id"])
    lang_kolommen = (Kolom("Kern", "kern", 22), Kolom("Thema", "thema", 14), *PROFIEL_KOLOMMEN)
    schrijf_tabel(wb.create_sheet("Gegevens"), lang, lang_kolommen, synthetisch_kolommen=("Waarde", "Vorig jaar"))
    bladen.append("Gegevens")
    agenda = data.export_rows("kern_kernagenda", gemeentecode)
    if _export_blad(wb, "Kernagenda", agenda):
        bladen.append("Kernagenda")
    if _export_blad(wb, "Subsidies", data.export_rows("kern_subsidies", gemeentecode)):
        bladen.append("Subsidies")
    doelen = data.doelen(gemeentecode)
    if not doelen.empty:
        schrijf_tabel(wb.create_sheet("Doelen"), doelen, DOELEN_KOLOMMEN, synthetisch_kolommen=("Waarde",))
        bladen.append("Doelen")
    _bronnen(wb.create_sheet("Bronnen"), bronnen, data.buurten(gemeentecode), profiel)
    bladen += ["Bronnen", "Toelichting"]
    regel = regel_tekst(data.oordeel_regel())
    _toelichting(
        wb.create_sheet("Toelichting"),
        pub,
        synthetisch,
        f"gemeente {naam}",
        bladen,
        regel,
        doelen_regel=doelen_view.regel_tekst(doelen) if not doelen.empty else None,
    )
    return _bytes(wb)


def _breed_thema(ws: Worksheet, profiel: pd.DataFrame, gemeentenaam: str) -> None:
    """Kernen as rows, the theme's indicators as columns; then the gemeente and Nederland rows."""
    indicatoren = (
        profiel[["indicator_id", "label", "eenheid", "decimalen"]]
        .drop_duplicates("indicator_id")
        .sort_values("indicator_id")
        .reset_index(drop=True)
    )
    jaren = profiel.dropna(subset=["waarde"]).groupby("indicator_id")["jaar"].max()
    ws.cell(row=1, column=1, value="Kern").fill = KOP_FILL
    ws["A1"].font = KOP_FONT
    ws.column_dimensions["A"].width = 24
    for j, ind in enumerate(indicatoren.itertuples(index=False), start=2):
        jaar = jaren.get(ind.indicator_id)
        kop = f"{ind.label} ({ind.eenheid}{', ' + str(int(jaar)) if not is_missing(jaar) else ''})"
        cel = ws.cell(row=1, column=j, value=veilige_tekst(kop))
        cel.fill, cel.font = KOP_FILL, KOP_FONT
        cel.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = 16
    ws.row_dimensions[1].height = 48
    # The orange cells in words: per kern the indicators whose value is synthetic.
    synth_kolom = len(indicatoren) + 2
    cel = ws.cell(row=1, column=synth_kolom, value=SYNTHETISCHE_WAARDEN)
    cel.fill, cel.font = KOP_FILL, KOP_FONT
    cel.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions[get_column_letter(synth_kolom)].width = 40
    per_kern = {k: g.set_index("indicator_id") for k, g in profiel.groupby("kern", sort=True)}
    rij = 1
    for rij, (kern, groep) in enumerate(per_kern.items(), start=2):
        ws.cell(row=rij, column=1, value=veilige_tekst(kern))
        synthetisch = []
        for j, ind in enumerate(indicatoren.itertuples(index=False), start=2):
            if ind.indicator_id not in groep.index:
                continue
            row = groep.loc[ind.indicator_id]
            value = _cel(row["waarde"])
            cel = ws.cell(row=rij, column=j, value=value)
            cel.number_format = _getalformaat(ind.decimalen)
            if value is not None and bool(row["synthetisch"]):
                cel.fill = SYNTH_FILL
                synthetisch.append(str(ind.label))
        ws.cell(row=rij, column=synth_kolom, value=veilige_tekst(", ".join(synthetisch) or "geen"))
    eerste = profiel.drop_duplicates("indicator_id").set_index("indicator_id")
    for label, kolom in ((f"Gemeente {gemeentenaam}", "gemeente_waarde"), ("Nederland", "nederland_waarde")):
        rij += 1
        ws.cell(row=rij, column=1, value=veilige_tekst(label)).font = VET
        for j, ind in enumerate(indicatoren.itertuples(index=False), start=2):
            cel = ws.cell(row=rij, column=j, value=_cel(eerste.loc[ind.indicator_id, kolom]))
            cel.number_format = _getalformaat(ind.decimalen)
            cel.font = VET
    ws.freeze_panes = "B2"
    excel_tabel(ws, 1, rij, synth_kolom)
