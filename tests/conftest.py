"""Shared fixtures: one pipeline build on the embedded data per test session."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from dashboards import charts
from kernmonitor.config import Config, load_config

# Every figure a test builds is checked against Plotly's schema (the dashboard itself skips that: charts.VALIDATE).
charts.VALIDATE = True

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pytest_sessionstart(session: pytest.Session) -> None:
    """The Dagster definitions load the dbt manifest: build it once if this checkout has none or an old one."""
    from kernmonitor.cli import ensure_manifest

    ensure_manifest(load_config())


# How the tests spread over the pytest-xdist workers. A test file is one unit of work, kept on one worker, so that
# its module fixtures (several build a pipeline of their own) are made once. These files spread further: by the
# parameter of their module fixture (each publication's tests together, the publications on any worker) or test by
# test ("*": their module fixtures cost nothing worth keeping together), so that no long file is left to one
# worker at the end of the run.
SPREAD = {
    "test_publications.py": "publicatie",
    "test_publications_browser.py": "publicatie",
    "test_open_data.py": "publicatie",
    "test_accessibility.py": "*",
    "test_zoom_reflow.py": "*",
    "test_keyboard.py": "*",
    "test_crash.py": "*",
}


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to (see SPREAD): its file, its file and publication, or itself.

    The publication is the first parameter of those files' tests ("test_x[live]", "test_y[schaars-pdf]").
    """
    path = nodeid.split("::", 1)[0]
    spread = SPREAD.get(Path(path).name)
    if spread == "*":
        return nodeid
    if spread and "[" in nodeid:
        return f"{path}[{nodeid.split('[', 1)[1].split('-', 1)[0].rstrip(']')}]"
    return path


# The work units that take minutes, handed out first in this order (pytest-xdist otherwise starts with the units
# of the most tests, and these have one or two, so one of them ran alone at the end of the run). The first two do
# not wait for the same build: one builds the session's demo home, the other a home of its own. From the durations
# pytest prints at the end of a run.
FIRST = (
    "tests/test_crash_refresh.py",
    "tests/test_demo_gemeente.py",
    "tests/test_crash.py::test_killed_load_export_leaves_one_publication_and_loads_the_file_once",
    "tests/test_kern_aggregation.py",
    "tests/test_load_dashboard.py",
    "tests/test_crash.py::test_a_killed_publish_leaves_the_old_or_the_new_publication",
    "tests/test_operations_failures.py",
    "tests/test_cli.py",
    "tests/test_briefing.py",
)


def pytest_xdist_make_scheduler(config: pytest.Config, log):  # noqa: ANN001, ANN201 - pytest-xdist's hook
    """For `--dist loadfile` (the project's default, pyproject.toml): pytest-xdist's scope scheduling with
    `work_unit` as the scope, the FIRST units first. Any other `--dist` is xdist's own. (Its `--dist loadgroup`
    marks are ignored under pytest 9, which no longer reads the node id xdist rewrites for them.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from collections import OrderedDict

    from xdist.scheduler import LoadScopeScheduling

    class WorkUnitScheduling(LoadScopeScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

        def _assign_work_unit(self, node) -> None:  # noqa: ANN001 - xdist's WorkerController
            if not self.ordered:  # the queue is complete before the first unit is handed out
                self.ordered = True
                rank = {unit: i for i, unit in enumerate(FIRST)}
                queue = sorted(self.workqueue.items(), key=lambda item: rank.get(item[0], len(FIRST)))
                self.workqueue = OrderedDict(queue)
            super()._assign_work_unit(node)

    return WorkUnitScheduling(config, log)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Config]) -> Config:
    """Build a home once per test run and return its Config.

    Under pytest-xdist the workers share it: the first worker builds under a file lock, the others wait for it and
    read the Config it saved. Tests only read a shared home (or copy it), so sharing it is safe; a build that fails
    is tried again by the next worker and fails there too.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent
    saved = root / f"{name}.config.pickle"
    with FileLock(str(root / f"{name}.lock")):
        if not saved.exists():
            home = root / name
            home.mkdir(exist_ok=True)
            saved.write_bytes(pickle.dumps(build(home)))
    return pickle.loads(saved.read_bytes())


def _refresh_demo(home: Path) -> Config:
    from kernmonitor.cli import refresh
    from tests.publications import home_environment

    with home_environment(home):
        cfg = load_config()
        refresh(cfg)
    return cfg


@pytest.fixture(scope="session")
def pipeline_home(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """Run `kernmonitor refresh` once on the embedded demo data into a fresh KERNMONITOR_HOME.

    Returns the Config of that home; tests read its warehouse and serving files read-only.
    """
    return built_once(tmp_path_factory, "kernmonitor-home", _refresh_demo)


@pytest.fixture(scope="session")
def serving_path(pipeline_home: Config) -> Path:
    return pipeline_home.serving_path


# The three publications every page, download and export is tested on (see tests/publications.py).
PUBLICATIONS = ("demo", "live", "schaars")


@pytest.fixture(scope="session")
def publication_homes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Config]:
    """Built on first use, once per session: `demo` is the session's pipeline build, the others a live refresh."""
    return {}


@pytest.fixture(scope="session")
def publication(request: pytest.FixtureRequest, publication_homes, tmp_path_factory) -> Callable[[str], Config]:
    """publication(name) -> the Config of that publication's home (its serving file is `serving_path`)."""
    from tests import publications

    def _get(name: str) -> Config:
        if name not in publication_homes:
            if name == "demo":
                publication_homes[name] = request.getfixturevalue("pipeline_home")
            else:
                publication_homes[name] = built_once(
                    tmp_path_factory, f"publicatie-{name}", lambda home: publications.build(name, home)
                )
        return publication_homes[name]

    return _get


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
