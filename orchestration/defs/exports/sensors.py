"""The inbox sensor: a file dropped in KERNMONITOR_HOME/inbox/ is loaded, rebuilt into the marts and published."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.exports.assets import EXPORT_KEYS, ExportsConfig
from orchestration.defs.exports.inbox import waiting_files
from orchestration.resources import KernmonitorResource

# Everything the exports feed, and the publish: a loaded file is visible in the dashboard after one run.
exports_job = dg.define_asset_job(
    "exports_laden",
    selection=dg.AssetSelection.assets(*EXPORT_KEYS).downstream() | dg.AssetSelection.assets("serving"),
    description="Een exportbestand uit de inbox laden, de marts die ervan afhangen bijwerken en publiceren.",
)


@dg.sensor(
    job=exports_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def exports_inbox_sensor(context: dg.SensorEvaluationContext, kernmonitor: KernmonitorResource):
    """Fires within a minute of a file landing in the inbox (once it has stopped changing), one run per file.

    Why: municipalities export when it suits them, and the dashboard should show a new export the same day,
    without anybody starting a run. The run key is the file name and its modification time, so a file is
    loaded once; the same name dropped again with new content is a new run. A file whose run failed stays
    in the inbox and is not retried until it changes (or the monthly refresh picks it up).
    """
    inbox = kernmonitor.config().inbox_dir
    files = waiting_files(inbox)
    if not files:
        return dg.SkipReason(f"Geen nieuwe bestanden in {inbox}")
    return [
        dg.RunRequest(
            run_key=f"{path.name}:{path.stat().st_mtime_ns}",
            run_config=dg.RunConfig(ops={"raw__exports": ExportsConfig(files=[path.name])}),
            tags={"kernmonitor/bestand": path.name},
        )
        for path in files
    ]
