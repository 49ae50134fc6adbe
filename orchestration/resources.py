"""Resources: the kernmonitor configuration and the DuckDB working file."""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from kernmonitor.config import Config, load_config
from kernmonitor.writelock import hold_for_process


class KernmonitorResource(dg.ConfigurableResource):
    """The kernmonitor configuration of a run: the typed Config, resolved once when the run starts and handed to
    every step, sensor and check that asks for it.

    What travels in Dagster's run config is only where to find it (a run may start in another process: the
    daemon's schedules and sensor): `config_file` (empty: KERNMONITOR_CONFIG, else kernmonitor.toml) and `home`,
    which overrides the data folder for one run (the CLI passes the folder it resolved, tests a temporary one;
    empty: KERNMONITOR_HOME, else the config file).
    """

    config_file: str = ""
    home: str = ""
    _config: Config | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._config = self._resolve()
        if context.run is not None:
            # A run writes: it holds this home's write lock from its first step to its end (kernmonitor/writelock.py),
            # so a run the daemon starts (an inbox file, the monthly refresh) waits for a CLI refresh and the other
            # way round. A sensor or schedule tick only looks, and takes no lock.
            hold_for_process(self._config.home, f"Dagster-run {context.run.job_name} ({context.run.run_id[:8]})")

    def _resolve(self) -> Config:
        cfg = load_config(self.config_file or None)
        return dataclasses.replace(cfg, home=Path(self.home).resolve()) if self.home else cfg

    def config(self) -> Config:
        """The run's configuration (resolved at set-up; resolved here when used outside a run, e.g. in a test)."""
        if self._config is None:
            self._config = self._resolve()
        return self._config

    @contextmanager
    def warehouse(self, read_only: bool = False):
        """A connection to the working file, closed as soon as the step is done (read-write by default)."""
        cfg = self.config()
        cfg.home.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(cfg.warehouse_path), read_only=read_only)
        # The same ceiling as dbt's (profiles.yml): the loads of all of NL would otherwise take gigabytes.
        con.execute(f"set memory_limit = '{cfg.memory_limit}'")
        try:
            yield con
        finally:
            con.close()
