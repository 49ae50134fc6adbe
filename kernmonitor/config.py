"""One configuration file (kernmonitor.toml at the repository root) with environment overrides."""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "kernmonitor.toml"

WAREHOUSE_FILE = "warehouse.duckdb"
SERVING_FILE = "serving.duckdb"
# Every dbt command goes through this step (kernmonitor/dbt_in_home.py): dbt runs in the warehouse's folder.
DBT_EXECUTABLE = Path(sys.executable).with_name("kernmonitor-dbt")
# DuckDB's memory ceiling while a refresh builds (`[warehouse] memory_limit`): beyond it DuckDB writes to a
# temporary folder beside the working file instead of growing. Without it DuckDB takes up to 80% of the machine's
# memory: 7,5 GB for all of the Netherlands (benchmarks/README.md), on a server that also serves the dashboard.
DEFAULT_MEMORY_LIMIT = "1500MB"
_MEMORY_LIMIT = re.compile(r"^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)
_BYTES = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
# Below this DuckDB accepts the setting but no refresh gets through: every query fails with "Out of Memory".
_MEMORY_LIMIT_FLOOR = 100e6


@dataclass(frozen=True)
class Config:
    gemeenten: tuple[str, ...]
    kwb_tables: dict[int, str]
    source_mode: str
    snapshot_dir: Path
    cbs_v3_url: str
    cbs_v4_url: str
    cbs_catalog_url: str
    leefbaarometer_url: str
    leefbaarometer_file: Path
    leefbaarometer_gemeente_file: Path | None
    buurt_geometrie_file: Path
    kern_mapping: Path
    kern_mapping_override: Path | None
    # The fictional example exports the demo loads (snapshot mode only); None: none.
    example_exports_dir: Path | None
    home: Path
    extra: dict = field(default_factory=dict)
    # StatLine CSV exports laid over the KWB source: (table id, files) per import (`sources.statline_files`).
    statline_files: tuple[tuple[str, tuple[Path, ...]], ...] = ()
    # Requests to CBS in flight at once (`sources.cbs_max_requests`): a polite cap, see ingest/cbs_odata.py.
    cbs_max_requests: int = 4
    # Named groups of kernen (`sources.kern_groepen`, gemeentecode/groep/kern): the Effectmeting page's groups.
    kern_groepen: Path | None = None
    # DuckDB's memory ceiling for the loads and for dbt (`warehouse.memory_limit`, e.g. "1500MB").
    memory_limit: str = DEFAULT_MEMORY_LIMIT

    @property
    def enquete_min_n(self) -> int:
        """Survey threshold (`[enquetes] enquete_min_n`, default 10): fewer respondents and nothing is shown."""
        return max(1, int(self.extra.get("enquetes", {}).get("enquete_min_n", 10)))

    @property
    def all_gemeenten(self) -> bool:
        return self.gemeenten == ("all",)

    @property
    def warehouse_path(self) -> Path:
        return self.home / WAREHOUSE_FILE

    @property
    def serving_path(self) -> Path:
        return self.home / SERVING_FILE

    @property
    def inbox_dir(self) -> Path:
        return self.home / "inbox"

    @property
    def archive_dir(self) -> Path:
        return self.home / "archive"

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster"

    def dbt_args(self) -> list[str]:
        return dbt_args(self.warehouse_path, self.memory_limit)


def dbt_args(warehouse: Path, memory_limit: str) -> list[str]:
    """What every dbt command (through DBT_EXECUTABLE) is given: the working file's folder, where dbt runs, the
    file's name and DuckDB's memory ceiling as dbt vars (read by profiles.yml), and no colour codes (dbt's output
    goes to log files). The vars and the profile are the same for every home of one config file and for `dbt parse`
    and `dbt build`, so a build reuses the parse (dbt parses again when vars or connection details change)."""
    return [
        "--no-use-colors",
        "--vars",
        json.dumps({"kernmonitor_warehouse": warehouse.name, "kernmonitor_memory_limit": memory_limit}),
        f"--kernmonitor-folder={warehouse.parent}",
    ]


def _resolve(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path).resolve()


def load_config(path: Path | str | None = None) -> Config:
    """Read the config file; KERNMONITOR_CONFIG, KERNMONITOR_HOME and the URL variables override it."""
    path = Path(path or os.environ.get("KERNMONITOR_CONFIG") or DEFAULT_CONFIG)
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    # A variant written elsewhere (see write_variant) keeps resolving paths against the file it came from.
    base = Path(raw["base_dir"]) if raw.get("base_dir") else path.resolve().parent
    src = raw.get("sources", {})
    env = os.environ
    home_value = env.get("KERNMONITOR_HOME") or raw.get("folders", {}).get("home", ".kernmonitor")
    # A relative KERNMONITOR_HOME is relative to the working directory, as a user typing it expects.
    home = Path(home_value).expanduser()
    home = home.resolve() if env.get("KERNMONITOR_HOME") else _resolve(base, str(home))
    override = src.get("kern_mapping_override") or ""
    return Config(
        gemeenten=tuple(raw.get("gemeenten", {}).get("codes", [])),
        kwb_tables={int(k): v for k, v in raw.get("kwb", {}).get("tables", {}).items()},
        source_mode=env.get("KERNMONITOR_SOURCE_MODE", src.get("mode", "snapshot")),
        snapshot_dir=_resolve(base, env.get("KERNMONITOR_SNAPSHOT_DIR", src.get("snapshot_dir", "data/snapshot"))),
        cbs_v3_url=env.get("KERNMONITOR_CBS_V3_URL", src.get("cbs_v3_url", "")).rstrip("/"),
        cbs_v4_url=env.get("KERNMONITOR_CBS_V4_URL", src.get("cbs_v4_url", "")).rstrip("/"),
        cbs_catalog_url=env.get("KERNMONITOR_CBS_CATALOG_URL", src.get("cbs_catalog_url", "")).rstrip("/"),
        leefbaarometer_url=env.get("KERNMONITOR_LEEFBAAROMETER_URL", src.get("leefbaarometer_url", "")),
        leefbaarometer_file=_resolve(base, src.get("leefbaarometer_file", "")),
        leefbaarometer_gemeente_file=(
            _resolve(base, src["leefbaarometer_gemeente_file"]) if src.get("leefbaarometer_gemeente_file") else None
        ),
        buurt_geometrie_file=_resolve(base, src.get("buurt_geometrie_file", "")),
        kern_mapping=_resolve(base, src.get("kern_mapping", "data/kernen/kern_buurt.csv")),
        kern_mapping_override=_resolve(base, override) if override else None,
        example_exports_dir=_resolve(base, examples)
        if (examples := src.get("example_exports_dir", "data/exports"))
        else None,
        home=home,
        extra=raw,
        statline_files=tuple(
            (str(item.get("table", "")), tuple(_resolve(base, f) for f in item.get("files", [])))
            for item in src.get("statline_files", [])
        ),
        cbs_max_requests=_positive_int(path, "sources.cbs_max_requests", src.get("cbs_max_requests", 4)),
        kern_groepen=_resolve(base, groups) if (groups := src.get("kern_groepen", "")) else None,
        memory_limit=_memory_limit(path, raw.get("warehouse", {}).get("memory_limit", DEFAULT_MEMORY_LIMIT)),
    )


def _memory_limit(path: Path, value: object) -> str:
    match = _MEMORY_LIMIT.match(value.strip()) if isinstance(value, str) else None
    if match is None or float(match[1]) * _BYTES[match[2].lower()] < _MEMORY_LIMIT_FLOOR:
        raise ValueError(
            f"{path}: warehouse.memory_limit = {value!r}, verwacht een hoeveelheid geheugen van ten minste 100MB, "
            'zoals "1500MB" of "4GB"'
        )
    return value.strip()


def _positive_int(path: Path, name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{path}: {name} = {value!r}, verwacht een geheel getal van 1 of meer")
    return value


def _toml(value: object) -> str:
    """A TOML literal of a string, number, list or (inline) table."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(value)  # a JSON string or number is a TOML string or number


def write_variant(source: Path, target: Path, **settings: object) -> Path:
    """A copy of a config file with some top-level settings of its tables replaced (e.g. `codes`,
    `example_exports_dir`): what `kernmonitor demo --gemeente` runs on. Relative paths keep resolving against the
    original file's folder. A setting must stand on one line of the file."""
    text = Path(source).read_text(encoding="utf-8")
    for key, value in settings.items():
        text, found = re.subn(
            rf"^{re.escape(key)} = .*$", lambda _m, k=key, v=value: f"{k} = {_toml(v)}", text, flags=re.M
        )
        if found != 1:
            raise ValueError(f"{source}: instelling {key} niet (of meer dan eens) gevonden")
    header = f"base_dir = {json.dumps(str(Path(source).resolve().parent))}\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(header + text, encoding="utf-8")
    return target
