"""dagster-dbt's dbt resource without the start-up work this project does not use.

Measured (benchmarks/README.md, issue 18): before its `dbt build` subprocess even starts, `DbtCliResource.cli`
spends seconds on two things kernmonitor never needs:
- `dbt --version` in a subprocess (a whole dbt start) to learn the version of the dbt executable; ours is the dbt of
  this Python environment (orchestration.project.DBT_EXECUTABLE), so the installed dbt-core's version is the same;
- a dbt adapter set up in this process (profile, project and every macro parsed), used only by
  `fetch_row_counts()` and `fetch_column_metadata()`, which this project does not call.
Everything else (the event stream, asset checks from dbt tests, failure reporting) is dagster-dbt's own.
"""

from __future__ import annotations

from functools import cached_property
from importlib.metadata import version as installed_version

from dagster_dbt import DbtCliResource
from packaging import version

# Both hooks are dagster-dbt internals (dagster-dbt is pinned in requirements.lock); fail at import, not silently
# slow, when an upgrade renames them.
for _hook in ("_cli_version", "_initialize_dbt_core_adapter"):
    if not hasattr(DbtCliResource, _hook):
        raise ImportError(f"dagster-dbt has no DbtCliResource.{_hook} any more: review {__name__}")


class KernmonitorDbtCliResource(DbtCliResource):
    """DbtCliResource for this environment's dbt-core: no version subprocess, no in-process adapter."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):  # noqa: ANN001, ANN202 - dagster-dbt's signature
        # No adapter: dagster-dbt then skips only the row-count and column-metadata fetches (not used here).
        return None
