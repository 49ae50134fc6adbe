"""The presentation's shared words and colours: one definition that the pages, the charts and every export read.

Themes and their order, the chart groupings with their labels, the kernagenda statuses, and the palette. Plain
data, no imports of ours: everything in dashboards/ may use it. What an export may contain is
`ingest/exports_spec.py` (a test holds the statuses here to it); this module says how the presentation names,
orders and colours it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Themes: the catalogue's `thema` values (dbt_project/seeds/indicators.csv), in the order a kern profile, the
# XLSX sheets and the briefings show them, with the heading a reader sees.
THEMA_NAMEN = {
    "demografie": "Bevolking",
    "wonen": "Wonen en voorzieningen",
    "energie": "Energie en mobiliteit",
    "economie": "Bedrijvigheid",
    "onderwijs": "Onderwijs en werk",
    "leefbaarheid": "Leefbaarheid",
    "participatie": "Inkomen en meedoen",
    "zorg": "Zorg en uitkeringen",
}
THEMA_VOLGORDE = tuple(THEMA_NAMEN)


def thema_naam(thema: object) -> str:
    return THEMA_NAMEN.get(str(thema), str(thema))


def thema_orde(themas) -> list[str]:
    """The themes present, in THEMA_VOLGORDE; a theme the catalogue adds later comes after, alphabetically."""
    aanwezig = {str(t) for t in themas if t is not None and t == t}
    return [t for t in THEMA_VOLGORDE if t in aanwezig] + sorted(aanwezig - set(THEMA_VOLGORDE))


def indicator_keuzes(indicatoren) -> list[dict]:
    """Dropdown options for indicators ("Thema – label"), themes in the profile's order, labels alphabetical within:
    with 100 indicators a theme's figures must stand together. `indicatoren`: rows with indicator_id, label, thema."""
    volgorde = {t: i for i, t in enumerate(thema_orde(indicatoren["thema"].unique()))}
    rijen = indicatoren.assign(_orde=indicatoren["thema"].map(volgorde)).sort_values(["_orde", "label"])
    return [{"label": f"{thema_naam(r.thema)} – {r.label}", "value": r.indicator_id} for r in rijen.itertuples()]


# Chart groupings: which indicators one chart shows, and the label of each bar (the same on the page, in the PDF
# one-pager and in the PNG exports).
LEEFTIJDSGROEPEN = {
    "aandeel_0_15": "0–15 jaar",
    "aandeel_15_25": "15–25 jaar",
    "aandeel_25_45": "25–45 jaar",
    "aandeel_45_65": "45–65 jaar",
    "aandeel_65_plus": "65 jaar of ouder",
}
WONINGMIX = {
    "koopwoningen_pct": "Koopwoningen",
    "huurwoningen_pct": "Huurwoningen",
    "corporatiewoningen_pct": "Corporatiewoningen",
}
VOORZIENINGEN = {
    "afstand_huisarts_km": "Huisarts",
    "afstand_supermarkt_km": "Supermarkt",
    "afstand_school_km": "Basisschool",
    "afstand_kinderdagverblijf_km": "Kinderdagverblijf",
}
# The energy charts: one unit each (kWh, m³), the average over all dwellings first, then per dwelling type.
ENERGIE_ELEKTRICITEIT = {
    "elektriciteit_kwh": "Alle woningen",
    "elektriciteit_appartement_kwh": "Appartement",
    "elektriciteit_tussenwoning_kwh": "Tussenwoning",
    "elektriciteit_hoekwoning_kwh": "Hoekwoning",
    "elektriciteit_twee_onder_een_kap_kwh": "Twee-onder-een-kap",
    "elektriciteit_vrijstaand_kwh": "Vrijstaande woning",
}
ENERGIE_AARDGAS = {
    "aardgas_m3": "Alle woningen",
    "aardgas_appartement_m3": "Appartement",
    "aardgas_tussenwoning_m3": "Tussenwoning",
    "aardgas_hoekwoning_m3": "Hoekwoning",
    "aardgas_twee_onder_een_kap_m3": "Twee-onder-een-kap",
    "aardgas_vrijstaand_m3": "Vrijstaande woning",
}
AUTO_BRANDSTOF = {
    "autos_benzine_pct": "Benzine",
    "autos_overige_brandstof_pct": "Diesel, elektrisch en overige",
}
# The dwelling types: the four kinds of eengezinswoning and the meergezinswoning (together all dwellings).
WONINGTYPEN = {
    "tussenwoning_pct": "Tussenwoning",
    "hoekwoning_pct": "Hoekwoning",
    "twee_onder_een_kap_pct": "Twee-onder-een-kap",
    "vrijstaande_woning_pct": "Vrijstaande woning",
    "meergezinswoning_pct": "Appartement (meergezins)",
}
OPLEIDINGSNIVEAU = {
    "opleiding_laag_pct": "Basisonderwijs, vmbo, mbo1",
    "opleiding_midden_pct": "Havo, vwo, mbo2-4",
    "opleiding_hoog_pct": "Hbo, wo",
}
# Benefits with the same base (inhabitants of 15 to 65): AOW and bijstand count per 1.000 of all inhabitants.
UITKERINGEN = {
    "ao_per_1000": "Arbeidsongeschiktheid",
    "ww_per_1000": "WW",
}
LBM_DIMENSIES = {
    "lbm_woningvoorraad": "Woningvoorraad",
    "lbm_fysieke_omgeving": "Fysieke omgeving",
    "lbm_voorzieningen": "Voorzieningen",
    "lbm_sociale_samenhang": "Sociale samenhang",
    "lbm_overlast_onveiligheid": "Overlast en onveiligheid",
}

# The palette. Okabe & Ito (2008), "Color Universal Design": told apart with every common colour-vision
# deficiency and in greyscale print.
KLEUR_KERN = "#0072B2"  # blue: the kern
KLEUR_GEMEENTE = "#E69F00"  # orange: its gemeente
KLEUR_NEDERLAND = "#5F5F5F"  # dark grey: the background reference
KLEUR_ANDER = "#9FC5E8"  # light blue: the other kernen beside the highlighted one
KLEUR_STERK = "#009E73"  # bluish green: a strength
KLEUR_AANDACHT = "#D55E00"  # vermilion: a point of attention
KLEUR_OPVALLEND = "#CC79A7"  # reddish purple: notable (no better or worse)
PALET = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# Sequential, lightness-only (readable in greyscale and for every colour-vision deficiency), light = low.
KAART_SCHAAL = ((0.0, "#dbe8f5"), (0.25, "#c6dbef"), (0.5, "#85bcdb"), (0.75, "#4292c6"), (1.0, "#1c5a99"))
# The change map: diverging, colour-blind safe (ColorBrewer PuOr), white at zero; a change has no good or bad colour.
VERANDER_SCHAAL = ((0.0, "#b35806"), (0.25, "#f1a340"), (0.5, "#f7f7f7"), (0.75, "#998ec3"), (1.0, "#542788"))
KAART_TINTEN = ("#56B4E9", "#0072B2", "#7FC4EA", "#2A8AC7", "#A7D6F0")  # the buurten of one kern on a map
KLEUR_GEEN_GEGEVENS = "#d4d4d4"
KLEUR_ANDERE_BUURTEN = "#E4E8EC"  # the gemeente's other buurten around a kern
# Text and surfaces of the documents (PDF, PNG, XLSX) and the tables on the pages.
KLEUR_TEKST = "#1F2933"
KLEUR_ZACHT = "#5B6770"
KLEUR_LIJN = "#D5DBE1"
KLEUR_RASTER = "#E4E8EC"  # grid lines
KLEUR_AS = "#C9CED4"  # axis lines
KLEUR_WIT = "#FFFFFF"
KLEUR_VLAK = "#F3F5F7"
KLEUR_KOP = "#0B3C5D"
KLEUR_WAARSCHUWING = "#FFF4E0"
KLEUR_WAARSCHUWING_RAND = "#B86E00"
KLEUR_WAARSCHUWING_TEKST = "#8A4B00"
KLEUR_SYNTHETISCH_CEL = "#FFE8C2"
KLEUR_MARKERING = "#fff4dd"  # a table row that needs a look (long open, the gemeente's own row)
KLEUR_REFERENTIE_RIJ = "#ececec"  # Nederland's row in a table of kernen


# Kernagenda statuses. The values are ingest/exports_spec.py's status_kernagenda; the groups are those of
# marts.kern_kernagenda.status_groep; the columns those of marts.kern_kernagenda_voortgang.
OPEN = "open"
GEREALISEERD = "gerealiseerd"
AFGESLOTEN = "afgesloten"  # closed without result: niet haalbaar, vervallen


@dataclass(frozen=True)
class Status:
    waarde: str  # as the export and the marts spell it, and as the reader sees it
    groep: str  # OPEN, GEREALISEERD or AFGESLOTEN
    kleur: str

    @property
    def kolom(self) -> str:
        """The column of marts.kern_kernagenda_voortgang that counts the points with this status."""
        return "punten_" + self.waarde.replace(" ", "_")


KERNAGENDA_STATUSSEN = (
    Status("idee", OPEN, "#56B4E9"),
    Status("in onderzoek", OPEN, "#E69F00"),
    Status("in uitvoering", OPEN, "#0072B2"),
    Status("gerealiseerd", GEREALISEERD, "#009E73"),
    Status("niet haalbaar", AFGESLOTEN, "#D55E00"),
    Status("vervallen", AFGESLOTEN, "#8C8C8C"),
)
STATUS_VOLGORDE = tuple(s.waarde for s in KERNAGENDA_STATUSSEN)
STATUS_KLEUREN = {s.waarde: s.kleur for s in KERNAGENDA_STATUSSEN}
STATUS_GROEP = {s.waarde: s.groep for s in KERNAGENDA_STATUSSEN}


# The statuses of a figure (marts.kern_indicators.status), as Bronnen en methode, the open-data dictionary, the
# XLSX notes and the API description explain them: one list.
STATUSSEN: tuple[tuple[str, str], ...] = (
    ("volledig", "alle buurten van de kern hebben een waarde"),
    ("gedeeltelijk", "een deel van de buurten heeft geen waarde; de dekking zegt hoeveel er wel is"),
    ("wijkcijfer", "de buurten ontbreken; de waarde is die van de wijk"),
    ("onvoldoende gegevens", "te weinig buurten met een waarde om iets over de kern te zeggen: we tonen –"),
    ("geen gegevens: …", "de bron heeft dit cijfer niet voor dit jaar; de reden staat erbij"),
    (
        "enquête, gewogen / ongewogen",
        "een uitkomst van een enquête onder inwoners: gewogen naar leeftijd en geslacht van de kern, of ongewogen "
        "(zie Enquêtes hierboven); bij te weinig respondenten tonen we geen waarde",
    ),
    (
        "eigen cijfer",
        "een waarde die de gemeente zelf per kern aanleverde (eigen cijfers); per buurt aangeleverde eigen cijfers "
        "krijgen dezelfde statussen als CBS-cijfers",
    ),
    ("synthetisch", "een demonstratiewaarde, geen meting: herkenbaar aan het label bij het cijfer"),
)
ENQUETE_STATUS = "enquête, gewogen / ongewogen"


def statussen_in_een_zin() -> str:
    """The statuses as one Dutch phrase for a note or a description: "volledig, gedeeltelijk, ... of eigen cijfer"."""
    namen = [naam for naam, _ in STATUSSEN if naam != "synthetisch"]
    return ", ".join(namen[:-1]) + " of " + namen[-1]
