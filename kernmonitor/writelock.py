"""One writer per KERNMONITOR_HOME: an inter-process lock that refresh, load-export and every Dagster run hold for
their whole write.

DuckDB refuses a second writer on the working file ("Could not set lock"), halfway through a run. Taking this
lock first turns that into a clear choice made before anything is written: wait for the other writer (at most
KERNMONITOR_LOCK_WAIT seconds, 600 by default) or stop with a Dutch message saying who holds it.

Why fcntl.flock on a lock file, not a pid file or the `filelock` package: the kernel releases a flock when its
holder dies, also on SIGKILL or a power cut, so a crashed refresh never leaves a stale lock behind; `filelock`
4.x silently falls back to a "soft" lock (a file whose existence is the lock, left behind by a killed process)
on file systems without flock, which is exactly the failure this lock must not have. The lock is reentrant
within one process: `kernmonitor load-export` holds it across its load and the Dagster run it then starts, whose
resource takes it again.
"""

from __future__ import annotations

import errno
import fcntl
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

LOCK_FILE = ".schrijfslot"
WAIT_VARIABLE = "KERNMONITOR_LOCK_WAIT"
DEFAULT_WAIT_SECONDS = 600.0
POLL_SECONDS = 0.25

_held: dict[Path, tuple[int, int]] = {}  # lock file -> (file descriptor, depth), in this process
_guard = threading.Lock()


class WriteLockError(RuntimeError):
    """The home cannot be written to now; the message (Dutch) says why and what to do."""


class WriteLockBusy(WriteLockError):
    """Another process held the lock for longer than this one was willing to wait."""


class HomeNotWritable(WriteLockError):
    """The lock file cannot even be created: a read-only or full disk, or no permission."""


def wait_seconds() -> float:
    """How long a writer waits for another one: KERNMONITOR_LOCK_WAIT (seconds), default 600."""
    value = os.environ.get(WAIT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_WAIT_SECONDS
    try:
        seconds = float(value.replace(",", "."))
    except ValueError:
        raise WriteLockError(
            f"{WAIT_VARIABLE}={value!r} is geen aantal seconden (verwacht bijvoorbeeld 600, of 0 om niet te wachten)"
        ) from None
    return max(seconds, 0.0)


def holder(home: Path) -> str:
    """Who holds the lock of this home, as its holder wrote it (empty when nobody wrote anything)."""
    try:
        return (Path(home) / LOCK_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _minutes(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:.0f} minuten"
    return "1 seconde" if round(seconds) == 1 else f"{seconds:.0f} seconden"


DISK_ERRORS = {
    errno.EROFS: "de schijf is alleen-lezen",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "het schijfquotum is op",
    errno.EACCES: "geen schrijfrechten",
    errno.EPERM: "geen schrijfrechten",
}
AFTER_DISK_ERROR = (
    "de vorige publicatie blijft staan. Maak ruimte vrij of de map schrijfbaar (of zet KERNMONITOR_HOME op een"
    " andere map) en probeer het opnieuw."
)


def disk_error_message(error: OSError) -> str | None:
    """A Dutch message for an OSError of a full or read-only disk (None for any other error)."""
    reason = DISK_ERRORS.get(error.errno)
    if reason is None:
        return None
    where = f" bij {error.filename}" if error.filename else ""
    return f"Kan niet schrijven{where}: {reason}. Er is niets gepubliceerd; {AFTER_DISK_ERROR}"


def _not_writable(home: Path, error: OSError) -> HomeNotWritable:
    reason = DISK_ERRORS.get(error.errno, error.strerror or str(error))
    return HomeNotWritable(
        f"Kan niet schrijven in de gegevensmap {home}: {reason}. Er is niets veranderd; {AFTER_DISK_ERROR}"
    )


@contextmanager
def write_lock(
    home: Path,
    what: str,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the write lock of `home` for the duration of the block; `what` says in Dutch who holds it.

    Waits at most `wait` seconds (default: wait_seconds()) for another holder, calling `on_wait` once with a Dutch
    line saying whom it waits for; raises WriteLockBusy after that, HomeNotWritable when the lock file cannot be
    created. Reentrant within this process.
    """
    home = Path(home).resolve()
    path = home / LOCK_FILE
    with _guard:
        if path in _held:
            fd, depth = _held[path]
            _held[path] = (fd, depth + 1)
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            _release(path)
        return

    wait = wait_seconds() if wait is None else wait
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise _not_writable(home, error) from error
    deadline = time.monotonic() + wait
    told = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                other = holder(home) or "een ander proces"
                if time.monotonic() >= deadline:
                    raise WriteLockBusy(
                        f"Niet gestart: de gegevensmap {home} is in gebruik door {other}. Na {_minutes(wait)} wachten"
                        " gestopt; er is niets veranderd en de vorige publicatie blijft staan. Probeer het later"
                        f" opnieuw, of wacht langer met {WAIT_VARIABLE}=<seconden>."
                    ) from None
                if on_wait and not told:
                    on_wait(f"Wacht tot {other} klaar is (hooguit {_minutes(wait)}; {WAIT_VARIABLE})…")
                    told = True
                time.sleep(POLL_SECONDS)
    except BaseException:
        os.close(fd)
        raise
    # Who holds it, for the message of the next writer; best effort (a full disk must not stop the holder).
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{what} (pid {os.getpid()}, sinds {datetime.now():%d-%m-%Y %H:%M:%S})\n".encode(), 0)
    except OSError:
        pass
    with _guard:
        _held[path] = (fd, 1)
    try:
        yield
    finally:
        _release(path)


def _release(path: Path) -> None:
    with _guard:
        fd, depth = _held[path]
        if depth > 1:
            _held[path] = (fd, depth - 1)
            return
        del _held[path]
    with suppress(OSError):
        os.ftruncate(fd, 0)
    os.close(fd)  # closing the descriptor releases the flock


# Runs of a kernmonitor process that died -------------------------------------------------------------------
# A CLI refresh runs Dagster in-process; killed, it leaves its run "started" in the run history for ever. The
# daemon counts that run against `max_concurrent_runs: 1` and would queue every sensor and schedule run behind
# it: an export dropped in the inbox would never load. Each CLI run is therefore tagged with its host and pid,
# and the next writer (holding this lock, so no other CLI run of this home is running) marks the dead ones failed.
RUN_PROCESS_TAG = "kernmonitor/proces"


def run_tags() -> dict[str, str]:
    """The tags of a run this process executes in-process: which host and pid run it."""
    return {RUN_PROCESS_TAG: f"{socket.gethostname()}:{os.getpid()}"}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_abandoned_runs(instance) -> list[str]:  # noqa: ANN001 - a DagsterInstance, imported lazily
    """Mark failed the started runs of kernmonitor processes on this host that no longer exist; return their ids."""
    import dagster as dg

    host = socket.gethostname()
    failed = []
    statuses = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=statuses)):
        owner_host, _, pid = run.tags.get(RUN_PROCESS_TAG, "").rpartition(":")
        if owner_host != host or not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        instance.report_run_failed(run, f"Afgebroken: het proces {pid} dat deze run uitvoerde bestaat niet meer.")
        failed.append(run.run_id)
    return failed


def hold_for_process(home: Path, what: str, wait: float | None = None) -> None:
    """Take the write lock of `home` until this process ends, unless this process already holds it.

    For a Dagster run started by the daemon or the webserver: its run worker is a process of its own that ends
    with the run, so the kernel releases the lock exactly when the run is over (or dies). A CLI run already holds
    the lock through run_job and keeps its own, shorter hold.
    """
    path = Path(home).resolve() / LOCK_FILE
    with _guard:
        if path in _held:
            return
    write_lock(home, what, wait).__enter__()  # never exited: closing the descriptor at exit releases the lock
