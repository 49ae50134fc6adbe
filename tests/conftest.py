"""Shared fixtures: one pipeline build on the embedded data per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kernmonitor.config import Config, load_config

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
MANIFEST = Path(__file__).resolve().parent.parent / "dbt_project" / "target" / "manifest.json"


def pytest_sessionstart(session: pytest.Session) -> None:
    """The Dagster definitions load the dbt manifest: build it once if this checkout has none yet."""
    if not MANIFEST.exists():
        from kernmonitor.cli import prepare

        prepare(load_config())


@pytest.fixture(scope="session")
def pipeline_home(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """Run `kernmonitor refresh` once on the embedded demo data into a fresh KERNMONITOR_HOME.

    Returns the Config of that home; tests read its warehouse and serving files read-only.
    """
    from kernmonitor.cli import refresh
    from tests.publications import home_environment

    home = tmp_path_factory.mktemp("kernmonitor-home")
    with home_environment(home):
        cfg = load_config()
        refresh(cfg)
    return cfg


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
                publication_homes[name] = publications.build(name, tmp_path_factory.mktemp(f"publicatie-{name}"))
        return publication_homes[name]

    return _get


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
