"""The checks the publish waits for: blocking asset checks built from the gates in kernmonitor/publish.py.

Blocking: when one fails, Dagster does not start the `serving` step, and the previous serving file stays in
place. Each check sits on its rule's view (dbt_project/models/controles), which `serving` depends on directly:
Dagster holds back only the direct dependents of a failed blocking check. The rule is the view; the dbt test,
this check and `publish()` (which runs the gates once more before it copies) all read it.
"""

from __future__ import annotations

import dagster as dg

from kernmonitor.publish import GATES, Gate, run_gate
from orchestration.resources import KernmonitorResource

SHOWN_ROWS = 20


def _markdown(rows: list[dict]) -> str:
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join("" if r[c] is None else str(r[c]) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def gate_check(gate: Gate) -> dg.AssetChecksDefinition:
    """One blocking asset check on the view of a gate's rule."""

    @dg.asset_check(asset=dg.AssetKey(list(gate.asset)), name=gate.name, description=gate.description, blocking=True)
    def _check(kernmonitor: KernmonitorResource) -> dg.AssetCheckResult:
        with kernmonitor.warehouse(read_only=True) as con:
            result = run_gate(con, gate)
        metadata: dict = {"afwijkingen": len(result.rows)}
        if result.rows:
            metadata["eerste_afwijkingen"] = dg.MetadataValue.md(_markdown(result.rows[:SHOWN_ROWS]))
        return dg.AssetCheckResult(
            passed=result.passed,
            severity=dg.AssetCheckSeverity.ERROR,
            description=None if result.passed else result.message(),
            metadata=metadata,
        )

    return _check


publish_gate_checks = [gate_check(gate) for gate in GATES]
