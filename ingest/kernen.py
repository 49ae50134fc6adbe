"""The buurt -> kern mapping: which whole buurten make up each kern of a gemeente."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

MAPPING_COLUMNS = ["gemeentecode", "wijkcode", "buurtcode", "buurtnaam", "kern", "basis", "bron"]


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

_WIJK_PREFIX = re.compile(r"^wijk\s+\d+\s+", re.IGNORECASE)
_SURROUNDINGS = re.compile(r"^(verspreide huizen|buitengebied)\s+(.+)$|^(.+?)\s+(e\.o\.|en omgeving)$", re.IGNORECASE)
_GENERIC = {
    "verspreide",
    "huizen",
    "buitengebied",
    "polder",
    "poldergebied",
    "industrieterrein",
    "uitbreiding",
    "centrum",
    "west",
    "oost",
    "noord",
    "zuid",
    "oude",
    "kern",
    "middengebied",
    "westzijde",
    "oostzijde",
    "zuidzijde",
    "westelijke",
    "e.o.",
    "wijk",
    "en",
    "met",
    "van",
    "ten",
    "de",
}


def _strip_surroundings(text: str) -> str:
    match = _SURROUNDINGS.match(str(text).strip())
    return (match.group(2) or match.group(3)).strip() if match else str(text).strip()


def _leading_place(text: str) -> str:
    """The place a longer name starts with: words before the first generic word, 'en' or 'met'."""
    words = []
    for word in text.replace(" - ", " ").split():
        if word.lower() in _GENERIC:
            break
        words.append(word)
    return " ".join(words)


def _candidate_kernen(buurten: pd.DataFrame) -> set[str]:
    """Place names of one gemeente: 'X e.o.', 'Verspreide huizen X', wijk names, and bare buurt names."""
    names: set[str] = set()
    paired: set[str] = set()
    for wijknaam in buurten["wijknaam"].dropna().unique():
        names.update(part.strip() for part in re.split(r"\s+en\s+", _WIJK_PREFIX.sub("", str(wijknaam)).strip()))
    for buurtnaam in buurten["buurtnaam"]:
        text = str(buurtnaam).strip()
        match = _SURROUNDINGS.match(text)
        place = _strip_surroundings(text)
        if match and re.fullmatch(r"[\w'-]+ en [\w'-]+", place):
            paired.add(place)
        names.add(_leading_place(place))
    names = {n for n in names if n and not any(c.isdigit() for c in n)}
    # A longer name that starts with another place is a part of it ("Buren Appelenboomgaard", "Meteren Kalenberg").
    names = {
        n for n in names if not any(n != m and normalise_name(n).startswith(normalise_name(m) + " ") for m in names)
    }
    # "Verspreide huizen Eck en Wiel" names one kern, "... Heukelum en Friezenwijk" a kern and a hamlet: a pair
    # is a kern of its own unless one of its parts is a place that other buurt names start with.
    for pair in paired:
        parts = {normalise_name(p) for p in pair.split(" en ")}
        others = [_strip_surroundings(b) for b in buurten.buurtnaam]
        others = [b for b in others if not normalise_name(b).startswith(normalise_name(pair))]
        if not any(normalise_name(_leading_place(b)) in parts for b in others):
            names -= {n for n in names if normalise_name(n) in parts}
            names.add(pair)
    # CBS misspells now and then ("Aquoy e.o." beside "Acquoy"): fold near-identical names into one.
    canonical: dict[str, str] = {}
    for name in sorted(
        names, key=lambda n: (-sum(normalise_name(n) == normalise_name(b) for b in buurten.buurtnaam), n)
    ):
        twin = next((c for c in canonical.values() if fuzz.ratio(normalise_name(c), normalise_name(name)) >= 90), None)
        canonical[name] = twin or name
    return set(canonical.values()) | {n for n in canonical if canonical[n] == n}


def _match_place(text: str, candidates: set[str]) -> str | None:
    """The candidate a buurt name is about: the longest it starts with (after 'Verspreide huizen' and the
    like), else the longest it contains as whole words, else a near-identical spelling."""
    place = _strip_surroundings(text)
    norm = f" {normalise_name(place)} "
    by_length = sorted(candidates, key=lambda c: (-len(c), c))
    for candidate in by_length:
        if norm.startswith(f" {normalise_name(candidate)} "):
            return candidate
    for candidate in by_length:
        if f" {normalise_name(candidate)} " in norm:
            return candidate
    best = process.extractOne(
        normalise_name(_leading_place(place)),
        {c: normalise_name(c) for c in candidates},
        scorer=fuzz.ratio,
        score_cutoff=85,
    )
    return best[2] if best else None


def derive_kern_mapping(buurten: pd.DataFrame) -> pd.DataFrame:
    """Default buurt -> kern mapping for any gemeente, from the CBS names alone.

    `buurten` has gemeentecode, wijkcode, wijknaam, buurtcode, buurtnaam. A buurt whose name names a place
    ("Beesd Oost", "Verspreide huizen Tuil", "Rumpt e.o.") goes to that kern (basis `naam`); any other buurt
    goes to the kern of its wijk: the place the wijk is named after, else the kern most of its buurten got
    (basis `wijk`). Every row says `bron = afgeleid`: the municipality's own override file wins.
    """
    rows = []
    for gemeentecode, group in buurten.groupby("gemeentecode", sort=True):
        candidates = _candidate_kernen(group)
        named = {row.buurtcode: _match_place(row.buurtnaam, candidates) for row in group.itertuples()}
        for row in group.itertuples():
            kern, basis = named[row.buurtcode], "naam"
            if kern is None:
                wijk_place = _match_place(_WIJK_PREFIX.sub("", str(row.wijknaam)), candidates)
                siblings = [named[b] for b in group.loc[group.wijkcode == row.wijkcode, "buurtcode"] if named[b]]
                kern = wijk_place or (max(set(siblings), key=siblings.count) if siblings else str(row.wijknaam))
                basis = "wijk"
            rows.append(
                {
                    "gemeentecode": gemeentecode,
                    "wijkcode": row.wijkcode,
                    "buurtcode": row.buurtcode,
                    "buurtnaam": row.buurtnaam,
                    "kern": kern,
                    "basis": basis,
                    "bron": "afgeleid",
                }
            )
    return pd.DataFrame(rows, columns=MAPPING_COLUMNS)


def buurten_from_regions(regions: list[dict], gemeenten: set[str] | None) -> pd.DataFrame:
    """The buurt list (with wijk names) of a KWB table's WijkenEnBuurten dimension, for derive_kern_mapping."""
    titles = {str(r["Key"]).strip(): str(r.get("Title", "")).strip() for r in regions}
    rows = [
        {
            "gemeentecode": "GM" + code[2:6],
            "wijkcode": "WK" + code[2:8],
            "wijknaam": titles.get("WK" + code[2:8], ""),
            "buurtcode": code,
            "buurtnaam": name,
        }
        for code, name in titles.items()
        if code.startswith("BU") and (gemeenten is None or "GM" + code[2:6] in gemeenten)
    ]
    return pd.DataFrame(rows, columns=["gemeentecode", "wijkcode", "wijknaam", "buurtcode", "buurtnaam"])
