"""Leefbaarometer 3.0 scores (Ministry of BZK) from its WFS, as GeoJSON features per buurt or gemeente.

Facts this module relies on (from code that reads the live service): the service is a GeoServer at
`https://geo.leefbaarometer.nl/lbm3/ows`; a layer per level and edition, `lbm3:buurtscore24`,
`lbm3:gemeentescore24` (earlier editions `...22`, `...20`); each feature's properties hold the region code in
`id` (`GM0014`, `WK001400`, `BU00140000`), `name`, `gemeente`, the classes kscore, kafw, kwon, kfys, kvrz, ksoc,
konv (1-9), the deviations afw, won, fys, vrz, soc, onv, and `year`. All buurten of the country are about 12,000
features (~80 MB), so we ask for the selected gemeenten only and page with `count`/`startIndex`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import requests

from ingest.cbs_odata import JsonHttp, SourceRequestError, gemeente_selection
from ingest.kwb import gemeentecode_of

LEEFBAAROMETER_WFS_URL = "https://geo.leefbaarometer.nl/lbm3/ows"
LAYER_PREFIX = {"buurt": "BU", "gemeente": "GM"}

Level = Literal["buurt", "gemeente"]


def layer_name(level: Level, year: int) -> str:
    """`lbm3:buurtscore24` for the 2024 buurt scores."""
    if level not in LAYER_PREFIX:
        raise ValueError(f"onbekend niveau {level!r}: kies uit {sorted(LAYER_PREFIX)}")
    return f"lbm3:{level}score{year % 100:02d}"


class LeefbaarometerWfsClient:
    """WFS 2.0 GetFeature on the Leefbaarometer service, with the retry policy of the CBS client."""

    def __init__(
        self,
        base_url: str = LEEFBAAROMETER_WFS_URL,
        *,
        timeout: float = 60.0,
        retries: int = 4,
        backoff: float = 0.5,
        session: requests.Session | None = None,
        page_size: int = 1000,
    ) -> None:
        self.base_url = base_url
        self.page_size = page_size
        self.http = JsonHttp(timeout=timeout, retries=retries, backoff=backoff, session=session)

    def scores(self, level: Level, gemeenten: Sequence[str], year: int = 2024) -> list[dict]:
        """The GeoJSON features of one level for these gemeenten (`["all"]` for every gemeente)."""
        layer = layer_name(level, year)
        wanted = gemeente_selection(gemeenten)
        params = {
            "service": "WFS",
            "version": "2.0.0",
            "request": "GetFeature",
            "typeName": layer,
            "outputFormat": "application/json",
            "srsName": "EPSG:4326",
            "count": str(self.page_size),
        }
        if wanted is not None:
            params["CQL_FILTER"] = " OR ".join(f"id LIKE '{LAYER_PREFIX[level]}{code[2:]}%'" for code in sorted(wanted))
        features = self._all_pages(params, subject=f"Leefbaarometer WFS-laag {layer}")
        # The filter is a GeoServer extension: select again, in case a mirror ignores it.
        return [f for f in features if wanted is None or gemeentecode_of(_region_code(f)) in wanted]

    def _all_pages(self, params: dict[str, str], subject: str) -> list[dict]:
        features: list[dict] = []
        while True:
            answer = self.http.get(self.base_url, {**params, "startIndex": str(len(features))}, subject=subject)
            page = answer.get("features") if isinstance(answer, dict) else None
            if not isinstance(page, list):
                raise SourceRequestError(subject, self.base_url, "verwacht een GeoJSON FeatureCollection")
            features.extend(page)
            matched = answer.get("numberMatched")
            if len(page) < self.page_size or (isinstance(matched, int) and len(features) >= matched):
                return features


def _region_code(feature: dict) -> str:
    return str((feature.get("properties") or {}).get("id") or "")
