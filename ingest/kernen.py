"""The buurt -> kern mapping: which whole buurten make up each kern of a gemeente."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

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
