"""Recorded CBS answers in a folder: the offline source the demo and tests read through the same parser as live.

Layout: `<folder>/<table_id>/{TableInfos,DataProperties,WijkenEnBuurten,TypedDataSet}.json`, each an OData v3
answer body (`{"odata.metadata": ..., "value": [...]}`), and `<folder>/manifest.json` saying whether the values
are a live recording or the synthetic demo, and which cells are real.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import orjson  # several times faster on the 20 MB answers of an all-NL snapshot

ANSWERS = ("TableInfos", "DataProperties", "WijkenEnBuurten", "TypedDataSet")


class SnapshotError(FileNotFoundError):
    """A snapshot folder lacks an answer that the pipeline needs."""


class SnapshotSource:
    """Serves a snapshot folder with the same four methods as the live CBS client."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        manifest = self.folder / "manifest.json"
        if not manifest.exists():
            raise SnapshotError(f"{manifest}: no manifest.json; is this a kernmonitor snapshot folder?")
        self.manifest: dict = json.loads(manifest.read_text(encoding="utf-8"))

    def _answer(self, table_id: str, name: str) -> list[dict]:
        path = self.folder / table_id / f"{name}.json"
        if not path.exists():
            raise SnapshotError(f"{path}: missing recorded answer {name} of table {table_id}")
        data = path.read_bytes()
        try:
            return orjson.loads(data)["value"]
        except orjson.JSONDecodeError:
            pass  # e.g. a byte-order mark: the stdlib parser below decides
        return json.loads(data.decode("utf-8"))["value"]

    @property
    def synthetic(self) -> bool:
        return self.manifest.get("kind") != "live"

    def real_cells(self, table_id: str) -> dict[str, set[str]]:
        """For the synthetic demo: region code -> keys whose values are real CBS figures."""
        cells = self.manifest.get("real_cells", {}).get(table_id, {})
        return {region: set(keys) for region, keys in cells.items()}

    def table_infos(self, table_id: str) -> dict:
        return self._answer(table_id, "TableInfos")[0]

    def data_properties(self, table_id: str) -> list[dict]:
        return self._answer(table_id, "DataProperties")

    def regions(self, table_id: str) -> list[dict]:
        return self._answer(table_id, "WijkenEnBuurten")

    def typed_dataset(self, table_id: str, region_codes: Sequence[str], columns: Sequence[str]) -> list[dict]:
        wanted = {code.strip() for code in region_codes}
        keep = set(columns) | {"ID", "WijkenEnBuurten"}
        rows = [row for row in self._answer(table_id, "TypedDataSet") if str(row["WijkenEnBuurten"]).strip() in wanted]
        # The parsed answer is this call's own: dropping the other columns in place beats copying every row.
        for row in rows:
            for key in row.keys() - keep:
                del row[key]
        return rows
