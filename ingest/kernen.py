"""The buurt -> kern mapping: which whole buurten make up each kern of a gemeente."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

MAPPING_COLUMNS = ["gemeentecode", "wijkcode", "buurtcode", "buurtnaam", "kern", "basis", "bron"]
# The input of derive_kern_mapping; gemeentenaam and inwoners may be left out.
BUURT_COLUMNS = ["gemeentecode", "gemeentenaam", "wijkcode", "wijknaam", "buurtcode", "buurtnaam", "inwoners"]


def normalise_name(name: str) -> str:
    """Compare kern names as people write them: case, accents, hyphens and spaces do not matter."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("-", " ").replace("'", "").replace(".", " ")
    return " ".join(text.split())


def load_kern_mapping(path: Path, override: Path | None = None) -> pd.DataFrame:
    """Read the mapping file; rows of the municipality's override file win per buurtcode."""
    mapping = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in MAPPING_COLUMNS if c not in mapping.columns]
    if missing:
        raise ValueError(f"{path}: kolommen ontbreken: {', '.join(missing)}")
    mapping = mapping[MAPPING_COLUMNS]
    if override is not None:
        own = pd.read_csv(override, dtype=str, keep_default_na=False)
        if not {"buurtcode", "kern"} <= set(own.columns):
            raise ValueError(f"{override}: verwacht de kolommen buurtcode en kern")
        own = own.set_index("buurtcode")["kern"]
        hit = mapping["buurtcode"].isin(own.index)
        mapping.loc[hit, "kern"] = mapping.loc[hit, "buurtcode"].map(own)
        mapping.loc[hit, "basis"] = "vastgesteld door de gemeente"
        mapping.loc[hit, "bron"] = "gemeente"
    dupes = mapping[mapping["buurtcode"].duplicated(keep=False)]
    if not dupes.empty:
        raise ValueError(f"{path}: buurten staan meer dan eens in de indeling: {sorted(set(dupes['buurtcode']))}")
    return mapping.reset_index(drop=True)


def kern_lookup(mapping: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Per gemeentecode: normalised kern name -> official kern name (for matching exports)."""
    lookup: dict[str, dict[str, str]] = {}
    for gemeente, kern in mapping[["gemeentecode", "kern"]].drop_duplicates().itertuples(index=False):
        lookup.setdefault(gemeente, {})[normalise_name(kern)] = kern
    return lookup


# --- The default mapping, derived from CBS buurt and wijk names -------------------------------------------------
#
# How the default is made, one gemeente at a time (derive_kern_mapping's docstring has the rule in short):
# 1. Names are read. "Verspreide huizen X", "Buitengebied X", "X e.o." are the countryside of X (role buiten);
#    "Kern X", "Dorp X", "X-Kom", "X dorp" the heart of X (role kern); any other name is read for the place it
#    starts with ("Diepenheim-Noord", "Joure, Blaauwhof", "Industrieterrein-Delden"). Wijk names lose "Wijk 03"
#    and the same decorations ("Wijk 07 Overig Delden", "Wijk 33 Bleiswijk Buiten", "Drachten Oost" name Delden,
#    Bleiswijk, Drachten); "Waardenburg en Opijnen" and "Holtum-Born" name two places when their buurten do.
# 2. Each wijk gets a kind. Rural (a third of it countryside, "Rumpt" beside "Rumpt e.o.", or a wijk whose own
#    place has its countryside or heart in it): `dorp` when it is named after a place, else `regio` (a
#    "Buitengebied Noord" of villages). Built-up: `plaats` when its place is known beyond the wijk (the
#    gemeente's name, a "Dorp X", another wijk's name, a buurt of a rural or centre wijk), `los` when a buurt
#    bears its name bare or it has a buurt called "Centrum" or "Dorp" (a village or town without countryside
#    buurten), `deel` when its buurten only carry its name as parts ("De Wiken noord", "De Wiken west"),
#    `buurt` when none does ("De Ackers") or it is named like a neighbourhood ("Haarlemmerbuurt"), and
#    `generiek` for "Centrum", "Noordwest", "Wijk 10".
# 3. A city is one kern (basis `stad`) with the villages around it: when it has a centre wijk that is not a named
#    place's ("Binnenstad"; or "Rotterdam Centrum", "Tiel kern": the centre of the gemeente's namesake), when its
#    wijken start with a neighbourhood and its name is a place (cities number their wijken from the centre:
#    "Haarlemmerbuurt", "Wijk 01 Zuiderzeewijk"), or when nothing names a village (Utrecht, Zwolle). Only its
#    rural wijken and the other places a gemeente is named after ("Holten" in Rijssen-Holten) keep kernen.
# 4. Rural wijken are split by name: a buurt that names a kern goes there (basis `naam`); a bare village name is
#    a kern when the countryside, a wijk or a "Kern X" names it too ("Rhenoy" beside "Rhenoy e.o."), in a `regio`
#    wijk always; the rest (hamlets like "Verspreide huizen Stokkum" and streets) goes to the wijk's own kern,
#    else its most populous one (basis `gehucht`, `wijk`). Built-up place wijken stay whole.
# 5. Neighbourhood wijken join a town before them: `buurt` and `generiek` the nearest kern before them (in their
#    block of wijk codes first: CBS numbers the wijken of one former gemeente together, WK..1x, WK..2x), `deel`
#    only a town in its block (a kern with a centre wijk or 4+ buurten that do not bear its name, like Goor: a
#    village "X" with "X Noord", "X Oost" after a village stays a village), a one-buurt `los` wijk only when the
#    wijken on both sides belong to the same kern ("Wilderszijde" between two Bergschenhoek wijken).
#    What finds no town is a kern of its own; a "Centrum" wijk without one belongs to the gemeente's town.

_DASHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_WIJK_NUMBER = re.compile(r"^wijk\s*\d+\b[\s:.,-]*", re.IGNORECASE)
_SCATTERED = re.compile(
    r"\bve?rspr(?:eide?)?\.?\s*(?:h\.|huizen|bebouwing|woningen|gebied)(?=$|[\s,.:-])", re.IGNORECASE
)
_OUTSKIRTS_START = re.compile(
    r"^(?P<kind>verspreide huizen|buitengebied|landelijk gebied|agrarisch\s?gebied|bosgebied|buurtschap|omgeving|omg\.)"
    r"(?:$|[\s,:-]+)(?P<rest>.*)$",
    re.IGNORECASE,
)
_OUTSKIRTS_END = re.compile(
    r"^(?P<rest>.+?)[\s,-]+(?P<kind>e\.\s?o\.?|en omgeving|buitengebied|landelijk gebied|omgeving)$", re.IGNORECASE
)
_RURAL = {"verspreide huizen", "buitengebied", "landelijk gebied", "agrarisch gebied", "agrarischgebied"}
_HEART_START = re.compile(r"^(?P<kind>kern|dorp|dorpskern|centrum)[\s-]+(?P<rest>.+)$", re.IGNORECASE)
_HEART_END = re.compile(r"^(?P<rest>.+?)[\s,-]+(?P<kind>oude kern|dorpskern|woonkern|kern|dorp|kom)$", re.IGNORECASE)
_HEART_WITH = re.compile(r"^(?P<rest>.+?)\s+met\s+\S.*$", re.IGNORECASE)
_WIJK_OTHER = re.compile(r"^(?:overig(?:e)?|rest)\s+(?P<rest>.+)$|^(?P<rest2>.+?)\s+(?:buiten|binnen)$", re.IGNORECASE)
_PLACE_LISTS = re.compile(r"\s+(?:en|&)\s+|\s+-\s+|,\s*", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s,()/-]+")
# Words that say where in a place a buurt lies or what kind of land it is, and name no place themselves.
_GENERIC = set(
    " ".join(
        [
            "noord oost zuid west noordoost noordwest zuidoost zuidwest midden centrum noorden zuiden",
            "noordelijk zuidelijk oostelijk westelijk noordelijke zuidelijke oostelijke westelijke noordzijde",
            "oostzijde zuidzijde westzijde middengebied centrumgebied binnenstad stad stadsdeel uitbreiding",
            "uitbreidingsgebied industrieterrein industriegebied bedrijventerrein bedrijvengebied bedrijvenpark",
            "kantorenterrein sportpark kern dorp kom woonkern dorpskern buitengebied landelijk gebied verspreide",
            "huizen polder poldergebied bosgebied agrarischgebied omgeving eo en met in overig overige buiten oosten",
            "westen noorden zuiden rest restgebied wijk buurt dorpen kassen brt stadsrand rand stadskern stadshart",
            "stadscentrum dorpscentrum",
        ]
    ).split()
)
_ARTICLES = {"ten", "oud", "oude", "nieuw", "groot", "klein", "de", "het", "t", "den", "ter", "sint", "st"}
_ROMAN = re.compile(r"^(?:[ivx]+|\d+[a-z]?)$")
_TOWN_BUURTEN = 4
_CENTRE = {"centrum", "binnenstad", "oude stad", "stadskern", "stadscentrum", "stadshart", "historisch centrum"}
_CENTRE |= {"oude binnenstad", "dorpscentrum", "oude dorp", "oude kern", "het dorp"}
_NEIGHBOURHOOD = ("buurt", "kwartier")
_HEART_WORDS = {"centrum", "binnenstad", "stadshart", "stadskern", "stadscentrum", "stad", "kern", "dorp"}


def _clean(name: object) -> str:
    text = " ".join(str(name if name is not None and name == name else "").translate(_DASHES).split())
    return _SCATTERED.sub("Verspreide huizen", text)


@cache
def _key(text: str) -> str:
    """The comparison key of a place name: normalise_name, and "St."/"Sint", "'t"/"Het" alike."""
    words = normalise_name(text.replace("(brt)", "")).split()
    return " ".join({"st": "sint", "t": "het"}.get(word, word) for word in words)


def _is_generic(token: str) -> bool:
    low = normalise_name(token).replace(" ", "")
    return low in _GENERIC or bool(_ROMAN.match(low)) or low.startswith(("industrieter", "bedrijventer", "bedr"))


@cache
def _lead(text: str, lists: bool = False) -> str:
    """The place a name starts with: its words after leading generic ones ("Zuid IJlst", "Industrieterrein-Delden")
    up to the next generic word, comma, " - " or bracket ("Diepenheim-Noord", "Joure, Blaauwhof"); with `lists`,
    a list of places stays whole ("Waardenburg en Opijnen")."""
    text = re.split(r",|\s-\s|\(" if lists else r",|\s-\s|\(|\s+(?:en|met)\s+", text, maxsplit=1)[0]
    tokens = list(_TOKEN.finditer(text))

    def generic(token: str) -> bool:
        return _is_generic(token) and not (lists and token.lower() in ("en", "&"))

    start = 0
    while start < len(tokens) and generic(tokens[start].group()):
        start += 1
    rewind = 0 < start < len(tokens) and tokens[start].group() in ("aan", "op", "bij", "over")
    end = start
    while end < len(tokens) and not generic(tokens[end].group()):
        end += 1
    start = 0 if rewind else start  # "Stad aan 't Haringvliet"
    if end == start:
        return ""
    lead = text[tokens[start].start() : tokens[end - 1].end()].strip(" &")
    lowercase = lead[:1].islower() and not lead.startswith(("t ", "s "))  # "Noord strand", "Zuid duinen"
    return "" if _key(lead) in _ARTICLES or lowercase else lead


@cache
def _variants(name: str) -> frozenset[str]:
    """Keys a kern name answers to: a Frisian double name "Burgum/Bergum" answers to both."""
    return frozenset({_key(name)} | {_key(part) for part in name.split("/") if part.strip()} - {""})


def _display(name: str) -> str:
    """A double name whose halves are one name spelled twice ("Sint Annaparochie / Sint-Annaparochie") is shown
    once; a real double name ("Ljouwert/Leeuwarden") is kept."""
    parts = [part.strip() for part in name.split("/") if part.strip()]
    return parts[0] if parts and len({_key(part) for part in parts}) == 1 else name


@dataclass
class _Name:
    """A buurt name as read: the text after decorations, its role, the place it starts with."""

    text: str
    role: str  # "buiten" (countryside of the place), "kern" (heart of the place) or "naam"
    rural: bool  # "Verspreide huizen", "Buitengebied", "Landelijk gebied": a sign of a rural wijk
    lead: str

    @property
    def pair(self) -> list[str]:
        """The places of a name that lists them: "Beusichem en Zoelmond", "Kerspel en Goor"."""
        return [_lead(part) for part in re.split(r"\s+(?:en|&)\s+", self.text) if _lead(part)]


def _read_name(name: str) -> _Name:
    text, role, rural = _clean(name), "naam", False
    for pattern in (_OUTSKIRTS_START, _OUTSKIRTS_END):
        match = pattern.match(text)
        if match:
            kind = " ".join(match.group("kind").lower().split())
            text, role, rural = match.group("rest").strip(" ,-"), "buiten", rural or kind in _RURAL
    if role == "naam" and re.search(r"\bverspreide huizen\b", text, re.IGNORECASE):
        role, rural = "buiten", True  # "Ommerveld en verspreide huizen polder Meerten"
    if role == "naam":
        for pattern in (_HEART_START, _HEART_END, _HEART_WITH):
            match = pattern.match(text)
            if match and _lead(match.group("rest")):
                text, role = match.group("rest").strip(" ,-"), "kern"
                break
    return _Name(text, role, rural, _lead(text))


def _wijk_places(wijknaam: str) -> tuple[list[str], bool, bool]:
    """The places a wijk may be named after (its whole name first), whether its name says countryside, and
    whether it is the countryside of its place ("Buitengebied Someren", "Landelijk gebied Hasselt")."""
    name = _read_name(wijknaam)
    rural = name.rural or "dorpen" in _key(name.text).split()
    text = name.text
    other = _WIJK_OTHER.match(text)
    if other:
        text = other.group("rest") or other.group("rest2")
    whole = _lead(text, lists=True)
    parts = [_lead(part) for part in _PLACE_LISTS.split(text)]
    return [p for p in dict.fromkeys([whole, *parts]) if p], rural, name.role == "buiten"


@dataclass
class _Buurt:
    code: str
    wijkcode: str
    name: str
    read: _Name
    inwoners: float
    kern: str | None = None
    basis: str = ""


def _surrounded(buurten: list[_Buurt]) -> bool:
    """Whether a wijk has a place beside its surroundings ("Rumpt" and "Rumpt e.o."): a rural wijk."""
    places = {_key(b.read.text) for b in buurten if b.read.role != "buiten"}
    return any(b.read.role == "buiten" and _key(b.read.text) in places for b in buurten)


def _weight(buurten: Iterable[_Buurt]) -> float:
    """Inhabitants of buurten (their number, when inhabitants are not known)."""
    return sum(b.inwoners for b in buurten)


def _evident(name: str, evidence: set[str]) -> bool:
    key = _key(name)
    if key in evidence:
        return True
    return len(key) >= 5 and process.extractOne(key, evidence, scorer=fuzz.ratio, score_cutoff=90) is not None


@dataclass
class _Wijk:
    code: str
    name: str  # without "Wijk 03"
    names: list[str]  # places the wijk may be named after: the whole name first, then its parts
    rural_name: bool
    outskirts: bool
    buurten: list[_Buurt]
    own: list[str] = field(default_factory=list)  # the places it is named after that its buurten carry
    rural: bool = False
    kind: str = ""
    kern: str | None = None

    @property
    def block(self) -> str:
        return self.code[:7]  # WKggggw: wijken 10-19 of a gemeente together, or Amsterdam's stadsdeel letter

    @property
    def single(self) -> bool:
        return self.kind == "los" and len(self.buurten) == 1


class _Gemeente:
    """The derivation for one gemeente (the comment above the helpers describes the steps)."""

    def __init__(self, rows: pd.DataFrame, counts: bool) -> None:
        self.counts = counts  # inhabitants known: weigh by them, else every buurt weighs 1 (as its `inwoners`)
        gemeentenaam = _clean(rows["gemeentenaam"].iloc[0]) if "gemeentenaam" in rows else ""
        self.name = re.sub(r"\s*\([^()]*\)$", "", gemeentenaam)  # "Beek (L.)" is the town Beek
        self.wijken: list[_Wijk] = []
        for wijkcode, group in rows.groupby("wijkcode", sort=True):
            buurten = [
                _Buurt(
                    str(code),
                    str(wijkcode),
                    name,
                    _read_name(name),
                    (float(pop) if pop == pop else 0.0) if counts else 1.0,
                )
                for code, name, pop in zip(group.buurtcode, group.buurtnaam, group["inwoners"], strict=True)
            ]
            wijknaam = _WIJK_NUMBER.sub("", _clean(group.wijknaam.iloc[0]))
            self.wijken.append(_Wijk(str(wijkcode), wijknaam, *_wijk_places(wijknaam), buurten))
        self.kernen: dict[str, str] = {}  # key -> display name
        self.variant: dict[str, str] = {}  # every key a kern answers to -> its key
        self.cores: set[str] = set()  # kernen with a buurt that is not countryside: places, not hamlets
        self.town: str | None = None  # the kern all built-up wijken belong to, when the gemeente is a city

    # -- names ------------------------------------------------------------------------------------------------

    def add_kern(self, name: str, core: bool = True) -> str:
        """The key of the kern of this name (a near-identical spelling is the same kern), made if new."""
        known = self.find(name, fuzzy=True)
        key = known or _key(name)
        if not known:
            self.kernen[key] = _display(name)
            for variant in _variants(name):
                self.variant.setdefault(variant, key)
        if core:
            self.cores.add(key)
        return key

    def find(self, text: str, fuzzy: bool = False) -> str | None:
        """The kern a place name is (by key or variant), or a near-identical spelling ("Aquoy" for "Acquoy")."""
        key = _key(text)
        if key in self.variant:
            return self.variant[key]
        if fuzzy and len(key) >= 5 and self.variant:
            best = process.extractOne(key, list(self.variant), scorer=fuzz.ratio, score_cutoff=90)
            if best:
                return self.variant[best[0]]
        return None

    def named(self, name: _Name) -> str | None:
        """The kern a buurt name is about: the place it starts with, else the longest kern it starts with or
        contains as whole words ("Oud IJlst", "Bedrijvenpark Apeldoorn-Noord"), else a near-identical spelling."""
        for text in (name.lead, name.text):
            hit = self.find(text) if text else None
            if hit:
                return hit
        words = f" {_key(name.text)} "
        for found in (
            [v for v in self.variant if words.startswith(f" {v} ")],
            [v for v in self.variant if f" {v} " in words],
        ):
            if found:
                return self.variant[max(found, key=len)]
        return self.find(name.lead, fuzzy=True) if name.lead else None

    @staticmethod
    def names_place(buurt: _Buurt, place: str) -> bool:
        """Whether a buurt name carries a place (either half of a double name "Burgum/Bergum")."""
        words, lead = f" {_key(buurt.read.text)} ", _key(buurt.read.lead)
        pair = {_key(part) for part in buurt.read.pair}
        return any(
            lead == key or f" {key} " in words or (len(key) >= 5 and fuzz.ratio(lead, key) >= 90) or key in pair
            for key in _variants(place)
        )

    # -- the steps --------------------------------------------------------------------------------------------

    def derive(self) -> list[_Buurt]:
        """Every buurt of the gemeente with its kern and basis."""
        self.read_wijken()
        hearts = {_key(b.read.lead) for w in self.wijken for b in w.buurten if b.read.role == "kern"} - {""}
        gemeente = {_key(p) for p in [self.name, *re.split(r"-|\s+en\s+", self.name)] if p.strip()}
        self.classify(gemeente | hearts)
        town = self.city(gemeente, hearts)
        if town is not None:
            self.town = self.kernen[self.add_kern(town)]
            for wijk in self.wijken:
                other = wijk.kind == "plaats" and _key(wijk.own[0]) in gemeente - {_key(town)}  # "Holten"
                village = wijk.kind in ("dorp", "regio") and [_key(p) for p in wijk.own] != [_key(town)]
                wijk.kind = wijk.kind if village or other else "stad"
        for wijk in self.wijken:
            for place in wijk.own if wijk.kind in ("dorp", "plaats", "los") else []:
                core = any(b.read.role != "buiten" and self.names_place(b, place) for b in wijk.buurten)
                self.add_kern(place, core=core or wijk.kind != "dorp")
        self.rural_kernen()
        for wijk in self.wijken:
            if wijk.kind in ("dorp", "regio"):
                self.split(wijk)
            elif wijk.kind in ("plaats", "los"):
                self.keep(wijk)
        self.attach()
        return [b for w in self.wijken for b in w.buurten]

    def city(self, gemeente: set[str], hearts: set[str]) -> str | None:
        """The town that the gemeente's built-up wijken all belong to, if it is a city: it has a centre wijk
        ("Binnenstad" not of a named place; "Rotterdam Centrum", "Tiel kern", "Stad Rijssen": the centre of the
        gemeente's namesake), or its wijken start with a neighbourhood and its name is a place (cities number
        their wijken from the centre outward: "Haarlemmerbuurt", "Wijk 01 Zuiderzeewijk"), or nothing in it names
        a village ("Utrecht": no countryside, no "Dorp X", no wijk named after the gemeente, and one centre or
        at most one wijk named after a place of its own, not "Monnickendam" and "Ilpendam" as in Waterland)."""
        name = self.name or self.wijken[0].name or self.wijken[0].code
        named_after = any(_key(p) in gemeente for w in self.wijken for p in w.own)
        places = sum(w.kind in ("plaats", "los") for w in self.wijken)
        centres = sum(_key(b.name) in _CENTRE | _HEART_WORDS for w in self.wijken for b in w.buurten)
        villages = any(w.kind in ("dorp", "regio") for w in self.wijken) or hearts or named_after
        if not villages and (places <= 1 or centres == 1):
            return name
        for wijk in self.wijken:
            parts = {_key(part) for part in _PLACE_LISTS.split(wijk.name)}
            if parts & _CENTRE and (wijk.kind == "generiek" or len(parts) > 1) and not self.majority(wijk, known=True):
                return name  # "Binnenstad", "Centrum - De Hoven"
            heart = set(_key(wijk.name).split()) & _HEART_WORDS
            if heart and wijk.names and _key(wijk.names[0]) in gemeente:
                return wijk.names[0]
        return name if self.wijken[0].kind == "buurt" and self.name_used() else None

    def name_used(self) -> bool:
        """Whether the gemeente's name is a place here: a wijk or buurt bears it ("Amsterdamse Poort" counts)."""
        key = _key(self.name)
        pattern = re.compile(rf"(?:^| ){re.escape(key)}(?:e|se|s|er)?(?: |$)") if key else None
        names = [w.name for w in self.wijken] + [b.name for w in self.wijken for b in w.buurten]
        return pattern is not None and any(pattern.search(_key(n)) for n in names)

    def read_wijken(self) -> None:
        """Which of its names a wijk's buurten carry, and whether it is rural. The whole name first ("Eck en
        Wiel", "Nederweert-Eind"), else the places it lists ("Waardenburg en Opijnen"), a hyphenated one split
        when its buurten carry both halves ("Holtum-Born", not "Berkel-Enschot" with only "Berkel Noord")."""
        for wijk in self.wijken:

            def carried(place: str, wijk: _Wijk = wijk) -> bool:
                return any(self.names_place(b, place) for b in wijk.buurten)

            if wijk.names and (carried(wijk.names[0]) or wijk.outskirts):
                wijk.own = wijk.names[:1]
            for part in [] if wijk.own else wijk.names[1:] or wijk.names[:1]:
                halves = [h for h in map(_lead, part.split("-")) if h and carried(h)]
                wijk.own += [part] if carried(part) else halves if len(halves) >= 2 else [part] if halves else []
            rural = _weight(b for b in wijk.buurten if b.read.rural)
            wijk.rural = wijk.rural_name or rural * 3 >= _weight(wijk.buurten) > 0 or _surrounded(wijk.buurten)

    def countryside(self, wijk: _Wijk) -> bool:
        """A wijk whose place has its heart or its own countryside in it: "Dorp X", "Bentelo kern", or
        "Verspreide huizen Markelo" (with inhabitants known, 2% of the wijk or more: a city neighbourhood can
        have a "Buitengebied Koolhoven" of 20 people)."""
        own = [b for b in wijk.buurten if any(self.names_place(b, p) for p in wijk.own)]
        if any(b.read.role == "kern" for b in own):
            return True
        outside = _weight(b for b in own if b.read.rural)
        if not self.counts:
            return outside > 0
        return outside >= 50 or (outside >= 10 and outside * 50 >= _weight(wijk.buurten))

    def classify(self, strong: set[str]) -> None:
        for wijk in self.wijken:
            place = next((p for p in wijk.own or wijk.names[:1] if self.named_elsewhere(p, wijk, strong)), None)
            if (
                wijk.outskirts
                and wijk.own
                and place is None
                and not any(self.names_place(b, wijk.own[0]) for b in wijk.buurten)
            ):
                wijk.kind, wijk.own = "regio", []  # the countryside of a place that is not one
            elif wijk.rural or self.countryside(wijk):
                wijk.kind = "dorp" if wijk.own or place else "regio"
                wijk.own = wijk.own or ([place] if place else [])  # "Tiel-Noord": Tiel's, with villages in it
            elif not wijk.names:
                wijk.kind = "generiek"
            elif place is not None:
                wijk.kind, wijk.own = "plaats", [place]
            elif any(_key(b.read.text) == _key(p) for p in wijk.own for b in wijk.buurten) or self.own_heart(wijk):
                wijk.kind, wijk.own = "los", wijk.own or wijk.names[:1]
            elif wijk.own and not _key(wijk.own[0]).endswith(_NEIGHBOURHOOD):
                wijk.kind = "deel"
            else:
                wijk.kind = "buurt"  # no buurt bears its name, or it is named like one: "Haarlemmerbuurt"

    def own_heart(self, wijk: _Wijk) -> bool:
        """A built-up wijk with a centre of its own: a buurt called just "Centrum" or "Dorp" ("Rijnsburg",
        "Katwijk aan den Rijn")."""
        named = bool(wijk.names) and not _key(wijk.names[0]).endswith(_NEIGHBOURHOOD)
        return named and any(_key(b.name) in _HEART_WORDS for b in wijk.buurten)

    def named_elsewhere(self, place: str, wijk: _Wijk, strong: set[str]) -> bool:
        """Whether a wijk's place is a known place beyond the wijk: the gemeente's name, a "Dorp X", another
        wijk's name, or a buurt of a rural or centre wijk elsewhere (not a neighbourhood sharing the name)."""
        key = _key(place)
        if key in strong:
            return True
        for other in self.wijken:
            if other is wijk:
                continue
            if any(_key(p) == key for p in other.names):
                return True
            if (other.rural or not other.names) and any(self.names_place(b, place) for b in other.buurten):
                return True
        return False

    def rural_kernen(self) -> None:
        """Kernen of rural wijken: a bare name is a village when the countryside, a wijk or a "Kern X" names it
        too ("Rhenoy" beside "Rhenoy e.o.", "Eck en Wiel" beside "Verspreide huizen Eck en Wiel"), and in a
        `regio` wijk of a gemeente without a centre always."""
        bare = {_key(b.read.text) for w in self.wijken for b in w.buurten if b.read.role != "buiten"}
        evidence: set[str] = set()
        for wijk in self.wijken:
            evidence |= {_key(p) for p in wijk.own} if wijk.kind in ("dorp", "plaats", "los") else set()
            for buurt in wijk.buurten:
                read = buurt.read
                if read.role in ("buiten", "kern"):
                    whole = _key(read.text)
                    evidence |= {whole, _key(read.lead)} | (set() if whole in bare else {_key(p) for p in read.pair})
        for wijk in self.wijken:
            if wijk.kind not in ("dorp", "regio"):
                continue
            for buurt in wijk.buurten:
                read = buurt.read
                if read.role == "buiten" or not read.lead:
                    continue
                hit = self.named(read)
                if hit is not None and self.kernen[hit] != read.lead and _key(read.text) in evidence - {hit}:
                    hit = None  # "Eck en Wiel" is a place, not a part of "Eck"
                if hit is not None:
                    self.cores.add(hit)
                elif _evident(read.text, evidence):
                    self.add_kern(read.text)
                elif read.role == "kern" or _evident(read.lead, evidence) or (wijk.kind == "regio" and not self.town):
                    self.add_kern(read.lead)

    def split(self, wijk: _Wijk) -> None:
        """A rural wijk: every buurt to the kern it names, the rest to the wijk's own kern."""
        for buurt in wijk.buurten:
            kern = self.named(buurt.read)
            if buurt.read.pair and (kern is None or kern not in self.cores):
                kern = self.pick([self.find(p, fuzzy=True) for p in buurt.read.pair], wijk)
            if kern is not None and (kern in self.cores or buurt.read.role != "buiten"):
                buurt.kern, buurt.basis = self.kernen[kern], "naam"
        wijk.kern = self.default(wijk)
        for buurt in wijk.buurten:
            if buurt.kern is None and wijk.kern is not None:
                hit = self.named(buurt.read)
                hamlet = buurt.read.role == "buiten" and (hit is None or hit not in self.cores)
                buurt.kern = (self.sharing(buurt, wijk) if hamlet else None) or wijk.kern
                named = hit is not None and self.kernen[hit] == buurt.kern
                buurt.basis = "naam" if named else "gehucht" if hamlet else "wijk"

    def pick(self, keys: list[str | None], wijk: _Wijk) -> str | None:
        """Of the kernen a name lists, a real place (not a hamlet): the wijk's own, else the largest."""
        found = [k for k in dict.fromkeys(keys) if k is not None and k in self.cores]
        own = {self.find(p) for p in wijk.own}
        sizes = {k: _weight(b for w in self.wijken for b in w.buurten if b.kern == self.kernen[k]) for k in found}
        return max(found, key=lambda k: (k in own, sizes[k]), default=None)

    def default(self, wijk: _Wijk) -> str | None:
        """Where a rural wijk's other buurten go: the place it is named after, else its largest kern."""

        def size(kern: str) -> float:
            return _weight(b for b in wijk.buurten if b.kern == kern)

        named = {b.kern for b in wijk.buurten if b.kern}
        own = [self.kernen[k] for p in wijk.own if (k := self.find(p)) and k in self.cores]
        own = [k for k in own if k in named] or own
        if own or named:
            return max(sorted(own or named), key=size)
        if wijk.own:
            return self.kernen[self.add_kern(wijk.own[0])]
        return None  # a "Buitengebied" of the town: joins it with the built-up wijken

    def sharing(self, buurt: _Buurt, wijk: _Wijk) -> str | None:
        """A hamlet that shares a word with a kern of its wijk belongs there ("Kapel Avezaath", "Kerk Avezaath")."""
        words = {w for w in _key(buurt.read.lead).split() if len(w) >= 4}
        kernen = {b.kern for b in wijk.buurten if b.kern and b.basis == "naam"}
        return next((k for k in sorted(kernen) if words & set(_key(k).split())), None) if words else None

    def keep(self, wijk: _Wijk) -> None:
        """A built-up place wijk stays whole (one named after two places is split between them)."""
        options = {k: self.kernen[k] for k in (self.find(p) or self.add_kern(p) for p in wijk.own)}
        wijk.kern = next(iter(options.values()))
        for buurt in wijk.buurten:
            hit = self.named(buurt.read)
            buurt.kern, buurt.basis = (options[hit], "naam") if hit in options else (wijk.kern, "wijk")

    # -- neighbourhood wijken -----------------------------------------------------------------------------------

    def attach(self) -> None:
        """Built-up wijken without a place of their own join a town (see step 4 above)."""
        for index, wijk in enumerate(self.wijken):
            if wijk.kern is not None:
                continue
            if self.town:
                wijk.kern = self.town
            elif wijk.kind == "generiek":
                wijk.kern = self.majority(wijk) or self.evidenced_town() or self.before(index) or self.fallback()
            elif wijk.kind in ("buurt", "regio"):
                wijk.kern = self.before(index) or self.evidenced_town()
            elif wijk.kind == "deel":
                wijk.kern = self.before(index, towns=self.towns(), same_block=True)
        for index, wijk in enumerate(self.wijken):
            if wijk.single and not self.town:
                around = self.before(index), self.after(index)
                if around[0] is not None and around[0] == around[1]:
                    wijk.kern = around[0]
                    wijk.buurten[0].kern, wijk.buurten[0].basis = wijk.kern, "wijk"
        for wijk in self.wijken:
            if wijk.kern is None and wijk.own:
                self.keep(wijk)  # a kern of its own (or two: "Sint-Rieooij en Leegooi")
            elif wijk.kern is None:
                wijk.kern = self.kernen[self.add_kern(wijk.names[0])] if wijk.names else self.fallback()
            stad = wijk.kern == self.town or (wijk.kind == "generiek" and wijk.kern == self.name)
            for buurt in wijk.buurten:
                if buurt.kern is None:
                    buurt.kern, buurt.basis = wijk.kern, "stad" if stad else "wijk"

    def towns(self) -> set[str]:
        """Kernen that are towns with neighbourhoods: with a centre wijk, or with 4+ buurten that do not bear the
        kern's name ("Heeckeren", "Gijmink" in Goor; a village's buurten are "Rhelo Noord", "Rhelo Oost")."""
        towns = {w.kern for w in self.wijken if w.kind == "generiek" and w.kern}
        count: dict[str, int] = {}
        for wijk in self.wijken:
            for buurt in wijk.buurten:
                kern = buurt.kern or wijk.kern
                if kern and buurt.read.role != "buiten" and not self.names_place(buurt, kern):
                    count[kern] = count.get(kern, 0) + 1
        return towns | {k for k, n in count.items() if n >= _TOWN_BUURTEN}

    def majority(self, wijk: _Wijk, known: bool = False) -> str | None:
        """A "Centrum" wijk whose buurten are mostly named after one kern ("Drachten centrum"); with `known`,
        after one of the places the wijken are named after (before the kernen are known)."""
        places = {_key(p): p for w in self.wijken for p in w.names}
        votes: dict[str, float] = {}
        for buurt in wijk.buurten:
            if known:
                hit = places.get(_key(buurt.read.lead))
            else:
                key = self.named(buurt.read)
                hit = self.kernen[key] if key is not None else None
            if hit is not None:
                votes[hit] = votes.get(hit, 0) + buurt.inwoners
        best = max(sorted(votes), key=votes.get, default=None)
        return best if best is not None and votes[best] * 2 > _weight(wijk.buurten) else None

    def evidenced_town(self) -> str | None:
        """The gemeente's name as its town, when a kern or a buurt bears it."""
        if self.name and (
            self.find(self.name, fuzzy=True)
            or any(self.names_place(b, self.name) for w in self.wijken for b in w.buurten)
        ):
            return self.fallback()
        return None

    def fallback(self) -> str:
        """The gemeente's town by name (the kern of that name if there is one), else its largest kern."""
        if self.name:
            key = self.find(self.name, fuzzy=True)
            return self.kernen[key] if key else self.name
        sizes = {b.kern: 0.0 for w in self.wijken for b in w.buurten if b.kern}
        for wijk in self.wijken:
            for buurt in wijk.buurten:
                if buurt.kern:
                    sizes[buurt.kern] += buurt.inwoners
        return max(sorted(sizes), key=sizes.get) if sizes else self.wijken[0].name or self.wijken[0].code

    def before(self, index: int, towns: set[str] | None = None, same_block: bool = False) -> str | None:
        """The kern of the nearest wijk before this one (in its block first; one of `towns` when given), passing
        over one-buurt wijken that may be villages."""
        block = self.wijken[index].block
        earlier = self.wijken[:index][::-1]
        for candidates in ([w for w in earlier if w.block == block], [] if same_block else earlier):
            for other in candidates:
                if other.kern is None or other.kind == "regio" or other.single:
                    continue
                if towns is None or other.kern in towns:
                    return other.kern
                break
        return None

    def after(self, index: int) -> str | None:
        for other in self.wijken[index + 1 :]:
            if not other.single:
                return other.kern if other.kind != "regio" else None
        return None


def derive_kern_mapping(buurten: pd.DataFrame) -> pd.DataFrame:
    """Default buurt -> kern mapping for any gemeente, from the CBS buurt and wijk names.

    `buurten` has gemeentecode, wijkcode, wijknaam, buurtcode, buurtnaam and optionally `inwoners` ("largest" is
    then most inhabitants, else most buurten) and `gemeentenaam` (the name of a city that is one kern). The rule,
    per gemeente (the comment above the helpers has the details):
    - the wijk is the unit: its buurten belong together unless a buurt names another place. Rural wijken
      (verspreide huizen, buitengebied, "X e.o.") are split by buurt names: "Beesd Oost", "Rumpt e.o.",
      "Verspreide huizen Tuil" go to their kern (basis `naam`); a bare village name is a kern when the countryside
      or a wijk names it too; hamlets ("Verspreide huizen Stokkum") and streets go to the kern the wijk is named
      after, else its most populous (basis `gehucht`, `wijk`);
    - a built-up wijk is a place ("Wijk 06 Delden", "Wijk 33 Bleiswijk Buiten", "Rijnsburg" with its "Centrum")
      or a neighbourhood ("De Ackers", "De Wiken", "Noordwest"), which joins the town before it in its block of
      wijk codes; what finds none is a kern of its own (a district), or the gemeente's town (basis `stad`);
    - a city is one kern (basis `stad`) with only its villages beside it: a gemeente with a centre wijk
      ("Binnenstad", "Rotterdam Centrum"), whose wijken start with a neighbourhood, or where nothing names a
      village (Utrecht and Zwolle come out as one kern; Lansingerland as Bergschenhoek, Berkel and Bleiswijk).
    Names match as people write them ("St.-Annaparochie" and "Sint Annaparochie"; a double name "Burgum/Bergum"
    answers to either half; CBS typos like "Aquoy e.o." fold into "Acquoy"). CBS's most common postcode per buurt
    would tell towns apart better, but the KWB tables do not have it and the derivation does not use one. Every
    row says `bron = afgeleid`: the municipality's own override file wins.
    """
    frame = buurten.copy()
    counts = "inwoners" in frame and pd.to_numeric(frame["inwoners"], errors="coerce").notna().any()
    frame["inwoners"] = pd.to_numeric(frame["inwoners"], errors="coerce") if counts else 0.0
    rows = []
    for gemeentecode, group in frame.sort_values(["wijkcode", "buurtcode"]).groupby("gemeentecode", sort=True):
        for buurt in _Gemeente(group, bool(counts)).derive():
            rows.append(
                {
                    "gemeentecode": gemeentecode,
                    "wijkcode": buurt.wijkcode,
                    "buurtcode": buurt.code,
                    "buurtnaam": buurt.name,
                    "kern": buurt.kern,
                    "basis": buurt.basis,
                    "bron": "afgeleid",
                }
            )
    mapping = pd.DataFrame(rows, columns=MAPPING_COLUMNS)
    return _without_empty_kernen(mapping, frame.set_index("buurtcode")["inwoners"]) if counts else mapping


def _without_empty_kernen(mapping: pd.DataFrame, inwoners: pd.Series) -> pd.DataFrame:
    """A "kern" nobody lives in (a lake, a port, an industrial estate with a wijk of its own) is no kern: its
    buurten join the most populous kern of their wijk, else of their gemeente (basis `geen inwoners`)."""
    mapping = mapping.assign(_inwoners=mapping["buurtcode"].map(inwoners).fillna(0))
    size = mapping.groupby(["gemeentecode", "kern"])["_inwoners"].transform("sum")
    empty = size <= 0
    if empty.any():
        inhabited = mapping[~empty].assign(_size=size[~empty])
        by_wijk = inhabited.sort_values("_size").groupby("wijkcode")["kern"].last()
        by_gemeente = inhabited.sort_values("_size").groupby("gemeentecode")["kern"].last()
        target = mapping.loc[empty, "wijkcode"].map(by_wijk).fillna(mapping.loc[empty, "gemeentecode"].map(by_gemeente))
        found = target.notna()
        mapping.loc[target[found].index, "kern"] = target[found]
        mapping.loc[target[found].index, "basis"] = "geen inwoners"
    return mapping.drop(columns="_inwoners")


def buurten_from_regions(regions: list[dict], gemeenten: set[str] | None) -> pd.DataFrame:
    """The buurt list (with wijk and gemeente names) of a KWB table's WijkenEnBuurten dimension, for
    derive_kern_mapping. The dimension has no inhabitants: the derivation then weighs every buurt alike."""
    titles = {str(r["Key"]).strip(): str(r.get("Title", "")).strip() for r in regions}
    rows = [
        {
            "gemeentecode": "GM" + code[2:6],
            "gemeentenaam": titles.get("GM" + code[2:6], ""),
            "wijkcode": "WK" + code[2:8],
            "wijknaam": titles.get("WK" + code[2:8], ""),
            "buurtcode": code,
            "buurtnaam": name,
        }
        for code, name in titles.items()
        if code.startswith("BU") and (gemeenten is None or "GM" + code[2:6] in gemeenten)
    ]
    return pd.DataFrame(rows, columns=BUURT_COLUMNS[:-1])


def buurten_from_statline(export) -> pd.DataFrame:
    """The buurt list of a StatLine export of a KWB table (an `ingest.statline.StatlineImport` of all regions, with
    inhabitants), for derive_kern_mapping."""
    codes = [code for code in export.cells if code.startswith("BU")]
    buurten = pd.DataFrame(
        {
            "gemeentecode": ["GM" + code[2:6] for code in codes],
            "gemeentenaam": [export.gemeentenamen.get(code, "") for code in codes],
            "wijkcode": ["WK" + code[2:8] for code in codes],
            "wijknaam": [export.names.get("WK" + code[2:8], "") for code in codes],
            "buurtcode": codes,
            "buurtnaam": [export.names[code] for code in codes],
            "inwoners": [export.cells[code].get("inwoners") for code in codes],
        }
    )
    return buurten[BUURT_COLUMNS].astype({"inwoners": "float64"})
