"""When the sources are refreshed without anybody starting a run: monthly, and once a year a new KWB table."""

from __future__ import annotations

import dagster as dg

from orchestration.resources import KernmonitorResource

TIMEZONE = "Europe/Amsterdam"

# Everything, in dependency order, checks included: the sources, the dbt models, the publish.
refresh_job = dg.define_asset_job(
    "verversen",
    selection=dg.AssetSelection.all(),
    description="Alle bronnen opnieuw laden, de marts bouwen en controleren, en publiceren.",
)


@dg.schedule(
    job=refresh_job,
    cron_schedule="0 3 2 * *",
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def monthly_refresh_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Fires at 03:00 Amsterdam time on the 2nd of every month: CBS KWB, Leefbaarometer, exports, publish.

    Why monthly: CBS adds figures to the current KWB table every quarter and corrects earlier ones in between,
    the Leefbaarometer appears every two years; a month behind is as far as we want to be (see
    kernmonitor/freshness.py). At night, so a refresh never competes with analysts for the machine; on the
    2nd, so a publication CBS made on the 1st is in.
    """
    when = context.scheduled_execution_time
    return dg.RunRequest(
        run_key=f"maandelijks-{when:%Y-%m}" if when else None,
        tags={"kernmonitor/aanleiding": "maandelijkse verversing"},
    )


def new_kwb_tables(catalogue: dict[int, str], configured: dict[int, str]) -> dict[int, str]:
    """Tables of years the configuration does not know yet (year -> table id), oldest first."""
    return {year: table for year, table in sorted(catalogue.items()) if year not in configured}


@dg.schedule(
    job=refresh_job,
    cron_schedule="0 4 15 9 *",
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def yearly_kwb_table_schedule(context: dg.ScheduleEvaluationContext, kernmonitor: KernmonitorResource):
    """Fires at 04:00 on 15 September: asks the CBS catalogue whether a new KWB year exists and refreshes if so.

    Why yearly: CBS publishes one "Kerncijfers wijken en buurten <jaar>" table a year, under a new table id
    that nobody can know in advance; its first edition appears in the course of that year and is filled in
    quarterly. The monthly refresh keeps the known tables current; this one notices the new table and names
    it in the run's tags, so the beheerder sees which table came in. Offline (snapshot mode) it skips.
    """
    cfg = kernmonitor.config()
    if cfg.source_mode != "live":
        return dg.SkipReason(f"Bronmodus '{cfg.source_mode}': de CBS-catalogus wordt alleen live geraadpleegd.")
    from ingest.cbs_odata import find_kwb_tables

    # A catalogue that does not answer raises: the tick shows as failed in Dagster, not as a quiet skip.
    new = new_kwb_tables(find_kwb_tables(cfg.cbs_catalog_url), cfg.kwb_tables)
    if not new:
        return dg.SkipReason("Geen nieuwe KWB-tabel in de CBS-catalogus.")
    listed = ", ".join(f"{year}: {table}" for year, table in new.items())
    return dg.RunRequest(
        run_key="kwb-" + "-".join(new.values()),
        tags={"kernmonitor/aanleiding": "nieuwe KWB-tabel", "kernmonitor/nieuwe_kwb_tabellen": listed},
    )
