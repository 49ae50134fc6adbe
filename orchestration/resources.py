"""Resources: the kernmonitor configuration and the DuckDB working file."""

from __future__ import annotations

from contextlib import contextmanager

import dagster as dg
import duckdb

from kernmonitor.config import Config, load_config


class KernmonitorResource(dg.ConfigurableResource):
    """Where the config file is; everything else (folders, URLs, gemeenten) is read from it at run time."""

    config_file: str = ""

    def config(self) -> Config:
        return load_config(self.config_file or None)

    @contextmanager
    def warehouse(self):
        """A read-write connection to the working file, closed as soon as the step is done."""
        cfg = self.config()
        cfg.home.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(cfg.warehouse_path))
        try:
            yield con
        finally:
            con.close()
