"""Resources: the kernmonitor configuration and the DuckDB working file."""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from kernmonitor.config import Config, load_config


class KernmonitorResource(dg.ConfigurableResource):
    """Where the config file is; everything else (folders, URLs, gemeenten) is read from it at run time.

    `home` overrides the data folder for one run (the CLI passes the folder it resolved, tests a temporary one);
    empty means: KERNMONITOR_HOME, else the config file.
    """

    config_file: str = ""
    home: str = ""

    def config(self) -> Config:
        cfg = load_config(self.config_file or None)
        return dataclasses.replace(cfg, home=Path(self.home).resolve()) if self.home else cfg

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
