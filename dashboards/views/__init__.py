"""What each page shows, as plain functions of the data: the pages' callbacks only call these.

The views read the profiles of whole gemeenten (`ServingData.profielen`) and select here, so one cached query serves
every kern of a gemeente; these selections return what `profiel` and `indicator_voor_kernen` would. A kern's
series over the years are read per kern (`ServingData.indicator_reeks`): a gemeente's would be its profiles times
its years.
"""

from __future__ import annotations

import pandas as pd

from dashboards.data import ServingData, gemeente_naam


def kern_profiel(data: ServingData, gemeentecode: str, kern: str) -> pd.DataFrame:
    profielen = data.profielen(gemeentecode)
    return profielen[profielen["kern"] == kern].reset_index(drop=True)


def kern_reeks(data: ServingData, gemeentecode: str, kern: str, indicator_id: str) -> pd.DataFrame:
    reeksen = data.indicator_reeks(gemeentecode, kern)
    return reeksen[reeksen["indicator_id"] == indicator_id].reset_index(drop=True)


def per_kern(data: ServingData, gemeentecode: str, indicator_id: str) -> pd.DataFrame:
    profielen = data.profielen(gemeentecode)
    return profielen[profielen["indicator_id"] == indicator_id].reset_index(drop=True)


def gemeentenamen(data: ServingData) -> dict[str, str]:
    """Gemeentecode -> name; the code itself where a publication has no name (better than an empty label)."""
    gemeenten = data.gemeenten()
    return {
        str(code): gemeente_naam(naam, str(code))
        for code, naam in zip(gemeenten["gemeentecode"], gemeenten["gemeentenaam"], strict=True)
    }


def gemeentenaam(data: ServingData, gemeentecode: str) -> str:
    return gemeentenamen(data).get(str(gemeentecode), str(gemeentecode))
