"""`kernmonitor-dbt`: dbt, started in the folder of the warehouse it builds.

profiles.yml names the warehouse by a path relative to dbt's working folder (the `kernmonitor_warehouse` var is
just "warehouse.duckdb"), so the vars and connection details that dbt hashes to decide whether it may parse
partially are the same for every home. The parse that `kernmonitor prepare` leaves in dbt_project/target (which
dagster-dbt copies into a home's target folder) then stays valid in every home, and a home's first build skips the
full parse (about 5 s; with an absolute path per home dbt reported "profile has changed" and parsed everything).

dagster-dbt starts dbt with the project folder as working folder, hence this step in between: it takes
`--kernmonitor-folder=<folder>` (see kernmonitor.config.dbt_args) out of the arguments, moves to that folder and
becomes this environment's dbt (same process, so signals and exit codes are dbt's own).
"""

from __future__ import annotations

import os
import sys

FOLDER_FLAG = "--kernmonitor-folder="


def main() -> None:
    args = sys.argv[1:]
    folders = [arg.removeprefix(FOLDER_FLAG) for arg in args if arg.startswith(FOLDER_FLAG)]
    if len(folders) != 1:
        raise SystemExit(f"kernmonitor-dbt: geef precies één {FOLDER_FLAG}<map> mee (de map van het warehouse)")
    os.makedirs(folders[0], exist_ok=True)  # a new home (e.g. the parse under `dagster dev`) may not exist yet
    os.chdir(folders[0])
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    os.execv(dbt, [dbt, *(arg for arg in args if not arg.startswith(FOLDER_FLAG))])


if __name__ == "__main__":
    main()
