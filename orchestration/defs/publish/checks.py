"""The checks the publish waits for: blocking asset checks built from the gates in kernmonitor/publish.py.

Blocking: when one fails, Dagster does not start the `serving` step (nor anything else that depends directly on
the checked asset), and the previous serving file stays in place. Each check is attached to an asset that
`serving` (or dbt) depends on directly and reads its table as an additional dependency: Dagster holds back only
the direct dependents of a failed blocking check. The rules themselves live with `publish()`, which runs
them once more before it copies, so there is one definition of "good enough to publish".
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
    """One blocking asset check on the table a gate reads."""

    table = dg.AssetKey(list(gate.table))
    asset = dg.AssetKey(list(gate.asset))

    @dg.asset_check(
        asset=asset,
        name=gate.name,
        description=gate.description,
        blocking=True,
        # The table the rule reads, when it is not the checked asset itself: the check waits for it too.
        additional_deps=[table] if table != asset else None,
    )
    def _check(kernmonitor: KernmonitorResource) -> dg.AssetCheckResult:
        with kernmonitor.warehouse(read_only=True) as con:
            result = run_gate(con, gate)
        if not result.checked:
            # Fail closed: a table that should be there and is not is no reason to publish.
            return dg.AssetCheckResult(
                passed=False,
                description=f"Tabel {'.'.join(gate.table)} ontbreekt in het werkbestand.",
            )
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
