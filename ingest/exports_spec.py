"""The published export format as data: fields, accepted header names, allowed values, personal columns.

Everything a municipality may write in a spreadsheet is listed here, in one place, so that the reader has a
single mechanism (look a header or a value up in a table) instead of special cases, and so that
docs/exports-formaat.md can be checked against the code.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

SUBSIDIES = "subsidies"
KERNAGENDA = "kernagenda"
DOELEN = "doelen"
KERNREGISTER = "kernregister"
# Resident surveys: answers per respondent (enquete), or results per kern (enquete_resultaten); docs/enquetes.md.
ENQUETE = "enquete"
ENQUETE_RESULTATEN = "enquete_resultaten"
# The gemeente's own figures per buurt or per kern, with each indicator's definition; docs/eigen-cijfers.md.
EIGEN_CIJFERS = "eigen_cijfers"
KINDS = (SUBSIDIES, KERNAGENDA, DOELEN, KERNREGISTER, ENQUETE, ENQUETE_RESULTATEN, EIGEN_CIJFERS)
KIND_LABELS = {
    SUBSIDIES: "subsidie-export",
    KERNAGENDA: "kernagenda-export",
    DOELEN: "doelenbestand",
    KERNREGISTER: "kernregister",
    ENQUETE: "enquête (antwoorden per respondent)",
    ENQUETE_RESULTATEN: "enquête (resultaten per kern)",
    EIGEN_CIJFERS: "eigen cijfers (per buurt of kern)",
}


# Keys of short texts are remembered: a 100.000-row file repeats the same few statuses and regelingen.
KEY_CACHE_LENGTH = 200


def key(text: object) -> str:
    """Compare header names and values as people type them: case, accents, spaces and punctuation do not matter.

    A part in brackets is a unit or a remark ("Toegekend (EUR)", "Status (keuzelijst)") and is ignored.
    """
    text = str(text)
    return _cached_key(text) if len(text) <= KEY_CACHE_LENGTH else _key(text)


@functools.lru_cache(maxsize=8192)
def _cached_key(text: str) -> str:
    return _key(text)


_BRACKETS = re.compile(r"\([^)]*\)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _key(text: str) -> str:
    text = _BRACKETS.sub(" ", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_ALNUM.sub("", text)


@dataclass(frozen=True)
class FieldSpec:
    """One column of the published format.

    `aliases` are the accepted header names, the published label first; earlier aliases win when a file has
    two columns for one field (a specific "Besluitdatum" over a plain "Datum"). `required` means the column must
    be present, `filled` that every row needs a value in it. `group` names fields of which at least one column
    must be present (a year can come from a date or from a Jaar column). `parse` says how a cell is read: text,
    kern, value (one of the allowed values of `domain` in VALUES), amount, date or year, and for goals scope (a kern,
    a group of kernen or the gemeente), gemeente (a GM code), indicator (a catalogue indicator) or number; a year
    may lie at most `years_ahead` years after the reference year (the peildatum, or today). `may_hold_names` marks a
    column where people write names instead of the allowed values, so an unrecognised value there is never shown or
    stored.
    """

    name: str
    aliases: tuple[str, ...]
    parse: str = "text"
    required: bool = False
    filled: bool = False
    group: str | None = None
    domain: str | None = None
    years_ahead: int = 0
    may_hold_names: bool = False
    expect: str = ""

    @property
    def label(self) -> str:
        return self.aliases[0]


KERN_ALIASES = ("Kern", "Dorp", "Woonplaats", "Kernnaam", "Dorpsnaam", "Plaats")

SUBSIDIE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "regeling",
        ("Regeling", "Subsidieregeling", "Budget", "Soort subsidie", "Subsidiesoort", "Budgetsoort"),
        parse="value",
        domain="regeling",
        required=True,
        filled=True,
    ),
    FieldSpec("kern", KERN_ALIASES, parse="kern", required=True, filled=True, expect="de naam van een kern"),
    FieldSpec(
        "dossiernummer",
        ("Dossiernummer", "Zaaknummer", "Kenmerk", "Dossiernr", "Zaaknr", "Aanvraagnummer"),
        required=True,
        filled=True,
        expect="het dossiernummer van de aanvraag",
    ),
    FieldSpec(
        "omschrijving",
        ("Omschrijving", "Initiatief", "Project", "Titel", "Projectnaam", "Naam initiatief", "Naam project"),
    ),
    FieldSpec("thema", ("Thema", "Domein")),
    FieldSpec("jaar", ("Jaar", "Subsidiejaar", "Budgetjaar"), parse="year", group="jaar", years_ahead=1),
    FieldSpec(
        "datum_besluit",
        ("Datum besluit", "Besluitdatum", "Beschikkingsdatum", "Datum beschikking", "Datum"),
        parse="date",
        group="jaar",
    ),
    FieldSpec(
        "datum_aanvraag",
        ("Datum aanvraag", "Aanvraagdatum", "Ontvangstdatum", "Datum ontvangst", "Ingediend op"),
        parse="date",
        group="jaar",
    ),
    FieldSpec(
        "bedrag_aangevraagd",
        ("Bedrag aangevraagd", "Aangevraagd", "Aangevraagd bedrag", "Gevraagd bedrag"),
        parse="amount",
    ),
    FieldSpec(
        "bedrag_toegekend",
        (
            "Bedrag toegekend",
            "Toegekend",
            "Toegekend bedrag",
            "Verleend bedrag",
            "Bedrag verleend",
            "Verleend",
            "Subsidiebedrag",
            "Bedrag",
        ),
        parse="amount",
        required=True,
    ),
    FieldSpec(
        "status",
        ("Status", "Besluit", "Resultaat"),
        parse="value",
        domain="status_subsidie",
        required=True,
        filled=True,
    ),
    # The kernagenda point a grant carries out: its number as the kernagenda export of the grant's kern has it.
    # Checked when the file is loaded against the gemeente's loaded kernagenda (ingest/exports_load.py).
    FieldSpec(
        "kernagendapunt",
        ("Kernagendapunt", "Actiepunt kernagenda", "Kernagenda nr", "Kernagendanummer", "Punt kernagenda"),
    ),
)

KERNAGENDA_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kern", KERN_ALIASES, parse="kern", required=True, filled=True, expect="de naam van een kern"),
    FieldSpec(
        "nummer",
        ("Nummer", "Actiepunt nr", "ID", "Nr", "Actiepuntnummer", "Volgnummer", "Puntnummer"),
        required=True,
        filled=True,
        expect="het nummer van het actiepunt",
    ),
    FieldSpec(
        "actiepunt",
        ("Actiepunt", "Omschrijving", "Actie", "Wens", "Onderwerp"),
        required=True,
        filled=True,
        expect="een korte omschrijving van het actiepunt",
    ),
    FieldSpec("thema", ("Thema", "Domein")),
    FieldSpec("programma", ("Programma", "Beleidsprogramma"), parse="value", domain="programma"),
    FieldSpec(
        "trekker",
        ("Trekker", "Eigenaar", "Trekker/eigenaar", "Wie", "Verantwoordelijk"),
        parse="value",
        domain="trekker",
        required=True,
        filled=True,
        may_hold_names=True,
    ),
    FieldSpec(
        "status",
        ("Status", "Stand van zaken", "Voortgang"),
        parse="value",
        domain="status_kernagenda",
        required=True,
        filled=True,
    ),
    FieldSpec(
        "jaar_opgenomen",
        ("Jaar opgenomen", "Opgenomen", "Jaar", "Opgenomen in", "Jaar van opname", "Sinds"),
        parse="year",
        required=True,
        filled=True,
        expect="het jaar waarin het punt op de kernagenda kwam, zoals 2023",
    ),
    FieldSpec(
        "jaar_gereed",
        ("Jaar gereed", "Gereed", "Jaar afgerond", "Afgerond in", "Jaar gerealiseerd"),
        parse="year",
        years_ahead=10,
    ),
    FieldSpec("peildatum", ("Peildatum", "Stand per", "Datum export", "Exportdatum"), parse="date"),
)

# Goals (doelen): what a gemeente wants to reach for one indicator, for a kern, a group of kernen or the whole
# gemeente, from a baseline to a target year. An empty baseline value means "take it from the data".
DOELEN_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "scope",
        ("Kern of groep", "Scope", "Niveau", "Kern", "Groep", "Gebied"),
        parse="scope",
        required=True,
        filled=True,
        expect="de naam van een kern, de naam van een groep kernen of 'gemeente'",
    ),
    FieldSpec("gemeente", ("Gemeente", "Gemeentecode", "GM-code"), parse="gemeente"),
    FieldSpec(
        "indicator",
        ("Indicator", "Indicator-id", "Indicatorcode", "Kengetal", "Maat"),
        parse="indicator",
        required=True,
        filled=True,
        expect="een indicator uit de catalogus (de code, zoals koopwoningen_pct, of het label)",
    ),
    FieldSpec("omschrijving", ("Doel", "Omschrijving", "Doelomschrijving", "Ambitie")),
    FieldSpec(
        "basisjaar",
        ("Basisjaar", "Jaar nulmeting", "Nulmeting", "Startjaar", "Jaar basiswaarde"),
        parse="year",
        required=True,
        filled=True,
        expect="het jaar van de beginwaarde (de nulmeting), zoals 2019",
    ),
    FieldSpec(
        "basiswaarde",
        ("Basiswaarde", "Waarde nulmeting", "Startwaarde", "Beginwaarde", "Uitgangswaarde"),
        parse="number",
    ),
    FieldSpec(
        "streefwaarde",
        ("Streefwaarde", "Doelwaarde", "Streefcijfer", "Te bereiken waarde"),
        parse="number",
        required=True,
        filled=True,
        expect="de waarde die het doel wil bereiken, zoals 7,0",
    ),
    FieldSpec(
        "streefjaar",
        ("Streefjaar", "Doeljaar", "Jaar doel", "Te bereiken in"),
        parse="year",
        required=True,
        filled=True,
        years_ahead=30,
        expect="het jaar waarin het doel bereikt moet zijn, zoals 2026",
    ),
    FieldSpec("richting", ("Richting", "Beter is", "Wat is beter"), parse="value", domain="richting"),
    FieldSpec(
        "eigenaar",
        ("Eigenaar", "Rol", "Verantwoordelijke rol", "Eigenaar rol"),
        parse="value",
        domain="rol",
        may_hold_names=True,
    ),
    FieldSpec("programma", ("Programma", "Beleidsprogramma"), parse="value", domain="programma"),
    FieldSpec("brondocument", ("Brondocument", "Bron", "Document", "Vastgelegd in", "Vindplaats")),
)

# Kernregister: who works for a kern and how its residents are organised. One row per kern and platform (a kern
# without a platform: one row with the platform empty). The gebiedsmakelaar or kernambtenaar is a public role:
# the function and the official's work name; private contact persons, phone numbers and e-mail addresses are
# personal data and never read (see PERSONAL_WORDS; an e-mail or phone number in a kept column rejects the row).
KERNREGISTER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kern", KERN_ALIASES, parse="kern", required=True, filled=True, expect="de naam van een kern"),
    FieldSpec(
        "functie",
        ("Functie", "Rol gemeente", "Functie gemeente", "Soort contact"),
        parse="value",
        domain="functie",  # empty or absent: the header of the work name column says it (Kernambtenaar)
    ),
    FieldSpec(
        "werknaam",
        (
            "Gebiedsmakelaar",
            "Kernambtenaar",
            "Werknaam",
            "Naam gebiedsmakelaar",
            "Naam kernambtenaar",
            "Gebiedsmakelaar of kernambtenaar",
            "Kernmakelaar",
        ),
        parse="werknaam",
        required=True,
        filled=True,
        expect="de werknaam van de gebiedsmakelaar of kernambtenaar, zoals A. de Vries",
    ),
    FieldSpec(
        "platform",
        ("Platform", "Naam platform", "Platformnaam", "Bewonersorganisatie", "Dorpsorganisatie", "Organisatie"),
    ),
    FieldSpec(
        "platformvorm",
        ("Vorm platform", "Vorm", "Soort platform", "Platformvorm", "Type platform", "Soort organisatie"),
        parse="value",
        domain="platformvorm",
    ),
    FieldSpec(
        "jaar_kernagenda",
        ("Kernagenda sinds", "Jaar kernagenda", "Kernagenda opgesteld", "Jaar eerste kernagenda", "Kernagenda vanaf"),
        parse="year",
    ),
    FieldSpec("website", ("Website", "Site", "Webadres", "Internetadres", "URL", "Website platform"), parse="website"),
)

# Resident surveys (docs/enquetes.md). Both shapes share the measurement, the question and its scale.
_MEETING_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "meting",
        ("Meting", "Naam meting", "Peiling", "Enquête", "Onderzoek", "Vragenlijst"),
        required=True,
        filled=True,
        expect="de naam van de meting, zoals Burgerpeiling 2023",
    ),
    FieldSpec(
        "datum",
        ("Datum meting", "Datum", "Einddatum veldwerk", "Veldwerk tot", "Peildatum"),
        parse="date",
        group="jaar",
    ),
    FieldSpec("jaar", ("Jaar", "Meetjaar", "Jaar meting"), parse="year", group="jaar"),
    FieldSpec(
        "vraag_id",
        ("Vraag-id", "Vraagcode", "Vraagnummer", "Vraag nr", "Variabele", "Item"),
        required=True,
        filled=True,
        expect="de code van de vraag, zoals betrekt_inwoners",
    ),
    FieldSpec("vraag", ("Vraag", "Vraagtekst", "Stelling")),
    FieldSpec("thema", ("Thema", "Onderwerp", "Domein")),
    FieldSpec(
        "schaal",
        ("Schaal", "Antwoordschaal", "Soort vraag", "Vraagtype", "Type vraag"),
        parse="value",
        domain="schaal",
        required=True,
        filled=True,
    ),
)
ENQUETE_FIELDS: tuple[FieldSpec, ...] = (
    *_MEETING_FIELDS,
    FieldSpec(
        "respondent",
        ("Respondent", "Respondentnummer", "Respondent-id", "Resp nr", "Volgnummer respondent"),
        required=True,
        filled=True,
        expect="het (anonieme) nummer van de respondent",
    ),
    FieldSpec("kern", KERN_ALIASES, parse="kern", group="plaats", expect="de naam van een kern"),
    # A buurtcode gives the kern through the kern mapping and is not stored (postcodes: see docs/enquetes.md).
    FieldSpec("buurtcode", ("Buurtcode", "CBS-buurtcode", "Buurt code"), parse="buurtcode", group="plaats"),
    # An answer may be free text (typed into a rating column, too): a rejected row never shows it.
    FieldSpec(
        "antwoord",
        ("Antwoord", "Antwoordwaarde", "Score", "Waarde"),
        parse="answer",
        required=True,
        may_hold_names=True,
    ),
    FieldSpec(
        "leeftijdsgroep", ("Leeftijdsgroep", "Leeftijd", "Leeftijdsklasse"), parse="value", domain="leeftijdsgroep"
    ),
    FieldSpec("geslacht", ("Geslacht", "Sekse"), parse="value", domain="geslacht"),
)
ENQUETE_RESULTATEN_FIELDS: tuple[FieldSpec, ...] = (
    *_MEETING_FIELDS,
    FieldSpec(
        "gebied",
        (*KERN_ALIASES, "Gebied", "Kern of gemeente"),
        parse="gebied",
        required=True,
        filled=True,
        expect="de naam van een kern, 'gemeente' of 'Nederland'",
    ),
    FieldSpec(
        "n",
        ("Aantal respondenten", "N", "Aantal", "Respondenten", "Aantal antwoorden"),
        parse="count",
        required=True,
        filled=True,
        expect="het aantal respondenten, zoals 124",
    ),
    FieldSpec("gemiddelde", ("Gemiddelde", "Gemiddeld cijfer", "Rapportcijfer", "Gemiddelde score"), parse="number"),
    FieldSpec("standaardafwijking", ("Standaardafwijking", "SD", "Std"), parse="number"),
    FieldSpec(
        "aandeel",
        ("Aandeel eens", "Percentage eens", "Aandeel (helemaal) eens", "Aandeel ja", "Percentage ja", "Aandeel"),
        parse="number",
    ),
)

# Own figures (eigen cijfers, docs/eigen-cijfers.md): one long table, one row per area, indicator and year. The
# indicator's definition (label, unit, rule, direction, programme, source) sits in the same rows as extra columns:
# filled on the first row of an indicator at least; a later row of it may leave them empty or must repeat them.
EIGEN_CIJFERS_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "gebied",
        ("Gebied", "Buurtcode", "CBS-buurtcode", "Buurt of kern", "Kern of buurt", *KERN_ALIASES),
        parse="eigen_gebied",
        required=True,
        filled=True,
        expect="een CBS-buurtcode (zoals BU19600101), de naam van een kern, 'gemeente' of 'Nederland'",
    ),
    FieldSpec(
        "indicator",
        ("Indicator", "Indicatorcode", "Indicator-id", "Code indicator", "Kengetal"),
        parse="eigen_indicator",
        required=True,
        filled=True,
        expect="een korte code voor de indicator, zoals verhard_pct",
    ),
    FieldSpec(
        "jaar",
        ("Jaar", "Peiljaar", "Meetjaar", "Jaar cijfer"),
        parse="year",
        required=True,
        filled=True,
        expect="het jaar waarop het cijfer betrekking heeft, zoals 2024",
    ),
    # Empty: no value for this area (never zero); it lowers the coverage like a suppressed CBS cell.
    FieldSpec("waarde", ("Waarde", "Teller", "Cijfer", "Aantal", "Score"), parse="number", required=True),
    FieldSpec("noemer", ("Noemer", "Noemerwaarde", "Basis", "Deler"), parse="number"),
    FieldSpec("label", ("Label", "Naam indicator", "Indicatornaam", "Omschrijving indicator"), required=True),
    FieldSpec("uitleg", ("Uitleg", "Toelichting", "Definitie")),
    FieldSpec("eenheid", ("Eenheid", "Maateenheid")),
    FieldSpec(
        "rekenregel",
        ("Rekenregel", "Aggregatie", "Optellen als", "Berekening", "Aggregatieregel"),
        parse="value",
        domain="rekenregel",
        required=True,
    ),
    FieldSpec("richting", ("Richting", "Beter is", "Wat is beter"), parse="value", domain="richting_indicator"),
    FieldSpec("programma", ("Programma", "Beleidsprogramma"), parse="value", domain="programma"),
    FieldSpec("thema", ("Thema", "Domein"), parse="value", domain="thema"),
    FieldSpec("bron", ("Bron", "Bronvermelding", "Herkomst", "Bron cijfer"), required=True),
    FieldSpec("factor", ("Factor", "Vermenigvuldig met"), parse="number"),
    FieldSpec("decimalen", ("Decimalen", "Aantal decimalen"), parse="number"),
)

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    SUBSIDIES: SUBSIDIE_FIELDS,
    KERNAGENDA: KERNAGENDA_FIELDS,
    DOELEN: DOELEN_FIELDS,
    KERNREGISTER: KERNREGISTER_FIELDS,
    ENQUETE: ENQUETE_FIELDS,
    ENQUETE_RESULTATEN: ENQUETE_RESULTATEN_FIELDS,
    EIGEN_CIJFERS: EIGEN_CIJFERS_FIELDS,
}
# A goal for the whole gemeente says so in the scope column with one of these.
GEMEENTE_SCOPE = "gemeente"
GEMEENTE_SCOPE_WORDS = ("gemeente", "hele gemeente", "gemeentebreed", "gemeentelijk", "totaal gemeente")
# A baseline value written as one of these (or left empty) is taken from the data in the baseline year.
FROM_DATA_WORDS = ("uit de gegevens", "uit de data", "uit kernmonitor", "uit gegevens", "data")

# Allowed values per domain: canonical value -> accepted spellings (the canonical value itself is accepted too).
VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    # Resident surveys: the scale of a question, and the respondent's age group and sex (for weighting).
    "schaal": {
        "rapportcijfer": ("cijfer", "1-10", "1 tot 10", "rapport", "score 1-10"),
        "eens_oneens": ("eens oneens", "vijfpuntsschaal", "5-puntsschaal", "stelling", "likert", "mee eens"),
        "ja_nee": ("ja nee", "ja/nee", "jn"),
        "keuze": ("keuzelijst", "meerkeuze", "keuzevraag", "categorie"),
        "open": ("open vraag", "tekst", "vrije tekst", "toelichting"),
    },
    "leeftijdsgroep": {
        "18-24": ("18 tot 25", "18-25", "jonger dan 25", "tot 25"),
        "25-44": ("25 tot 45", "25-45"),
        "45-64": ("45 tot 65", "45-65"),
        "65+": ("65 en ouder", "65 jaar of ouder", "65plus", "ouder dan 65"),
    },
    "geslacht": {
        "man": ("m", "mannelijk", "jongen"),
        "vrouw": ("v", "vrouwelijk", "meisje"),
    },
    "regeling": {
        "leefbaarheidsbudget": (
            "leefbaarheid",
            "budget leefbaarheid",
            "leefbaarheidsbudget kernen",
            "leefbaarheidsinitiatief",
            "initiatievenbudget",
            "lbb",
        ),
        "kernenbudget": ("kernbudget", "budget kernagenda", "kernagendabudget", "kernagenda", "kernenfonds"),
        "platformsubsidie": (
            "platform",
            "dorpsplatform",
            "kernplatform",
            "subsidie dorpsplatform",
            "subsidie kernplatform",
            "dorpsbelangen",
            "dorpsbelangenorganisatie",
            "subsidie dorpsbelangenorganisatie",
            "signaleringsgroep",
            "subsidie signaleringsgroep",
        ),
    },
    "status_subsidie": {
        "toegekend": ("verleend", "goedgekeurd", "gehonoreerd", "akkoord", "vastgesteld", "uitbetaald", "toekenning"),
        "afgewezen": ("geweigerd", "niet toegekend", "niet gehonoreerd", "afwijzing", "afgekeurd"),
        "ingetrokken": ("teruggetrokken", "ingetrokken door aanvrager", "vervallen"),
        "in behandeling": ("ontvangen", "aangevraagd", "lopend", "in procedure", "nog te besluiten", "open"),
    },
    "status_kernagenda": {
        "idee": ("nieuw", "wens", "voorstel", "ingebracht", "initiatief"),
        "in onderzoek": ("onderzoek", "verkenning", "wordt onderzocht", "in voorbereiding", "in verkenning"),
        "in uitvoering": ("uitvoering", "loopt", "lopend", "bezig", "gestart", "in behandeling"),
        "gerealiseerd": ("afgerond", "gereed", "klaar", "uitgevoerd", "voltooid", "opgeleverd", "gedaan"),
        "niet haalbaar": ("onhaalbaar", "niet uitvoerbaar", "afgewezen", "niet mogelijk"),
        "vervallen": ("geschrapt", "ingetrokken", "niet meer nodig", "komt te vervallen", "vervalt"),
    },
    "trekker": {
        "inwoners": (
            "inwoner",
            "bewoners",
            "dorp",
            "kern",
            "dorpsplatform",
            "kernplatform",
            "dorpsraad",
            "dorpsbelang",
            "dorpsbelangen",
            "werkgroep",
            "vereniging",
        ),
        "gemeente": ("gem", "gemeentelijk", "ambtelijk", "college", "gebiedsmakelaar"),
        "samen": (
            "gezamenlijk",
            "beide",
            "inwoners en gemeente",
            "gemeente en inwoners",
            "inwoners gemeente",
            "gemeente inwoners",
            "dorp en gemeente",
        ),
        "extern": ("externe partij", "derden", "derde", "provincie", "waterschap", "woningcorporatie"),
    },
    # Which way is better for a goal (the catalogue's richting hoger_beter / lager_beter).
    "richting": {
        "hoger is beter": ("hoger", "hoger beter", "hoger_beter", "omhoog", "meer", "stijgen", "stijging"),
        "lager is beter": ("lager", "lager beter", "lager_beter", "omlaag", "minder", "dalen", "daling"),
    },
    # The owner of a goal is a role, never a person: a name here rejects the row without showing it.
    "rol": {
        "gebiedsmakelaar": ("kernmakelaar", "dorpsmakelaar", "gebiedsregisseur", "wijkregisseur", "kernregisseur"),
        "beleidsadviseur": ("beleidsmedewerker", "beleid", "adviseur", "beleidsambtenaar"),
        "programmamanager": ("programmaleider", "projectleider", "programmaregisseur", "kwartiermaker"),
        "college": ("wethouder", "portefeuillehouder", "college van b en w", "burgemeester en wethouders"),
        "gemeenteraad": ("raad", "raadscommissie"),
        "dorpsplatform": ("kernplatform", "dorpsraad", "dorpsbelangen", "signaleringsgroep", "inwoners"),
        "team": ("afdeling", "team gebiedsgericht werken", "team leefbaarheid", "organisatie"),
    },
    # Own figures: how buurt (or kern) values add up to a kern, and which way is better.
    "rekenregel": {
        "som": ("optellen", "totaal", "sum", "aantal", "opgeteld"),
        "gemiddelde gewogen naar inwoners": (
            "gewogen naar inwoners",
            "gewogen gemiddelde inwoners",
            "inwoners",
            "gemiddelde naar inwoners",
        ),
        "gemiddelde gewogen naar woningen": (
            "gewogen naar woningen",
            "gewogen gemiddelde woningen",
            "woningen",
            "gemiddelde naar woningen",
        ),
        "gemiddelde gewogen naar oppervlakte": (
            "gewogen naar oppervlakte",
            "gewogen gemiddelde oppervlakte",
            "oppervlakte",
            "gemiddelde naar oppervlakte",
        ),
        "verhouding": ("ratio", "teller/noemer", "teller gedeeld door noemer", "deling", "quotient"),
    },
    "richting_indicator": {
        "hoger_beter": ("hoger is beter", "hoger", "hoger beter", "meer is beter", "meer"),
        "lager_beter": ("lager is beter", "lager", "lager beter", "minder is beter", "minder"),
        "neutraal": ("geen", "geen richting", "neutraal", "niet van toepassing"),
    },
    # The catalogue's themes (dashboards/vocabulary.py names them for readers).
    "thema": {
        "demografie": ("bevolking",),
        "wonen": ("wonen en voorzieningen", "voorzieningen"),
        "economie": ("bedrijvigheid", "werk"),
        "leefbaarheid": ("leefomgeving", "omgeving", "klimaat"),
        "participatie": ("inkomen en meedoen", "meedoen", "inkomen"),
        "energie": ("energie en mobiliteit", "mobiliteit"),
        "onderwijs": ("onderwijs en werk", "opleiding"),
        "zorg": ("zorg en uitkeringen", "welzijn", "uitkeringen"),
    },
    "programma": {
        "duurzaamheid": ("duurzaam", "energietransitie", "energie"),
        "sociale kracht": ("sociaal", "sociaal domein", "sociale samenhang"),
        "klimaatadaptatie": ("klimaat", "klimaatbestendig", "klimaatbestendigheid"),
        "woningbouw": ("wonen", "huisvesting", "woningen"),
    },
    # Kernregister: the public role that works for a kern, and the forms a residents' platform takes.
    "functie": {
        "gebiedsmakelaar": ("kernmakelaar", "dorpsmakelaar", "gebiedsregisseur", "kernregisseur", "wijkregisseur"),
        "kernambtenaar": ("kerncontactambtenaar", "contactambtenaar", "dorpsambtenaar", "kernencoordinator"),
    },
    "platformvorm": {
        "dorpsplatform": ("kernplatform", "platform", "wijkplatform"),
        "dorpstafel": ("kerntafel", "dorpsoverleg"),
        "dorpsraad": ("kernraad", "wijkraad"),
        "werkgroep": ("dorpswerkgroep", "werkgroep leefbaarheid", "actiegroep"),
        "dorpsbelangenorganisatie": (
            "dorpsbelangen",
            "dorpsbelang",
            "vereniging dorpsbelangen",
            "stichting dorpsbelangen",
            "belangenvereniging",
        ),
        "signaleringsgroep": ("signaleringsteam", "signaalgroep"),
    },
}

# Header names that hold personal data. A column whose header matches one of these (exactly, or by containing
# one of the longer words) is dropped while reading and never stored anywhere.
PERSONAL_EXACT = frozenset(key(h) for h in ("Naam", "Tel", "Tel.", "Mail", "Contact", "Namens", "BSN", "KvK"))
PERSONAL_WORDS = tuple(
    key(w)
    for w in (
        "aanvrager",
        "contactpersoon",
        "e-mail",
        "email",
        "mailadres",
        "telefoon",
        "telnr",
        "mobiel",
        "iban",
        "rekeningnummer",
        "bankrekening",
        "adres",
        "straat",
        "huisnummer",
        "postcode",
        "geboortedatum",
        "voornaam",
        "achternaam",
        "tussenvoegsel",
        "initialen",
        "indiener",
        "ingediend door",
        "behandelaar",
        "penningmeester",
        "voorzitter",
        "secretaris",
        "ondertekenaar",
        "naam",
    )
)

# A closing row with one of these as its first filled cell is a total, not an application or an action point.
TOTAL_WORDS = tuple(key(w) for w in ("totaal", "subtotaal", "eindtotaal", "generaal totaal", "total", "som"))


def is_personal_header(header: str) -> bool:
    k = key(header)
    return k in PERSONAL_EXACT or any(word in k for word in PERSONAL_WORDS)


def header_index(kind: str) -> dict[str, FieldSpec]:
    """Normalised header name -> field of this kind."""
    return {key(alias): spec for spec in FIELDS[kind] for alias in spec.aliases}


@functools.cache
def value_index(domain: str) -> dict[str, str]:
    """Normalised spelling -> canonical value, for one domain of allowed values (built once; do not change it)."""
    index: dict[str, str] = {}
    for canonical, spellings in VALUES[domain].items():
        index[key(canonical)] = canonical
        for spelling in spellings:
            index[key(spelling)] = canonical
    return index
