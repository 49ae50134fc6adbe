"""Resources: the kernmonitor configuration and the DuckDB working file."""

from __future__ import annotations

import contextlib
import dataclasses
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from kernmonitor.config import Config, load_config
from kernmonitor.writelock import write_lock


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

    def _resolve(self) -> Config:
        cfg = load_config(self.config_file or None)
        return dataclasses.replace(cfg, home=Path(self.home).resolve()) if self.home else cfg

    def config(self) -> Config:
        """The run's configuration (resolved at set-up; resolved here when used outside a run, e.g. in a test)."""
        if self._config is None:
            self._config = self._resolve()
        return self._config

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext):
        """A run holds this home's write lock from its first step to its last (kernmonitor/writelock.py): a run
        the daemon starts (an inbox file, the monthly refresh) waits for a CLI refresh, and the other way round.
        A sensor or schedule tick only looks, and takes no lock."""
        with contextlib.ExitStack() as stack:
            if context.dagster_run is not None:
                what = f"Dagster-run {context.dagster_run.job_name} ({context.run_id[:8]})"
                stack.enter_context(write_lock(self.config().home, what))
            with super().yield_for_execution(context) as resource:
                yield resource

    @contextmanager
    def warehouse(self, read_only: bool = False):
        """A connection to the working file, closed as soon as the step is done (read-write by default)."""
        cfg = self.config()
        cfg.home.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(cfg.warehouse_path), read_only=read_only)
        try:
            yield con
        finally:
            con.close()
