"""The inbox folder under KERNMONITOR_HOME where a municipality drops its exports: which files are waiting.

Plain functions without Dagster, shared by the sensor (which decides when to run) and the asset (which loads).
"""

from __future__ import annotations

import time
from pathlib import Path

# Files still being copied into the inbox (a network share, a slow upload) must not be read half-written: a
# file is taken only when it has not changed for this long. The sensor looks again at its next tick.
SETTLE_SECONDS = 10.0
# Where files that could not be read are moved, each with a `<name>.reden.txt` saying why.
NOT_LOADED_DIR = "niet-geladen"


def is_candidate(path: Path) -> bool:
    """A regular file a person dropped: not hidden, not an Office lock file (~$...), not a partial download."""
    name = path.name
    return (
        path.is_file()
        and not name.startswith((".", "~$"))
        and not name.endswith((".tmp", ".part", ".crdownload", ".reden.txt"))
    )


def waiting_files(inbox: Path, settle_seconds: float = SETTLE_SECONDS, now: float | None = None) -> list[Path]:
    """The files waiting in the inbox (not in its subfolders), oldest first, that have settled."""
    if not inbox.is_dir():
        return []
    now = time.time() if now is None else now
    files = []
    for path in inbox.iterdir():
        if not is_candidate(path):
            continue
        stat = path.stat()
        if now - stat.st_mtime >= settle_seconds:
            files.append((stat.st_mtime_ns, path.name, path))
    # Oldest first: when two exports cover the same slice, the one dropped last must be loaded last and win.
    return [path for _, _, path in sorted(files)]


def set_aside(path: Path, reason: str) -> Path:
    """Move a file that could not be read to inbox/niet-geladen/, with the reason next to it."""
    target_dir = path.parent / NOT_LOADED_DIR
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    if target.exists():
        target = target_dir / f"{path.stem}_{time.strftime('%Y%m%dT%H%M%S')}{path.suffix}"
    path.replace(target)
    target.with_name(target.name + ".reden.txt").write_text(reason + "\n", encoding="utf-8")
    return target
