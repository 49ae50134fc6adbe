"""Browser tests: the real Dash app on a loopback port, driven by Debian's Chromium through Playwright.

`playwright install` is never run: Playwright launches /usr/bin/chromium with a fresh profile per session.
Set KERNMONITOR_TEST_SERVING to an existing serving file to skip the pipeline build while iterating.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def dashboard_serving(request: pytest.FixtureRequest) -> Path:
    override = os.environ.get("KERNMONITOR_TEST_SERVING")
    if override:
        return Path(override)
    return request.getfixturevalue("serving_path")


class ServerLog(logging.Handler):
    """Every ERROR record any server thread logs (Flask logs a failing callback with its traceback)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def text(self, since: int = 0) -> str:
        return "\n".join(f"{r.name}: {r.getMessage()}\n{self.format(r)}" for r in self.records[since:])


@pytest.fixture(scope="session")
def server_log() -> Iterator[ServerLog]:
    handler = ServerLog()
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)


@pytest.fixture(scope="session")
def serve(server_log) -> Iterator:
    """serve(serving_path) -> the URL of the app on that publication, on a threaded WSGI server on a free loopback
    port; one server per publication for the whole session."""
    from werkzeug.serving import make_server

    from dashboards.app import create_app

    running: dict[Path, tuple] = {}

    def _serve(serving: Path) -> str:
        if serving not in running:
            app = create_app(serving)
            server = make_server("127.0.0.1", 0, app.server, threaded=True)
            thread = threading.Thread(target=server.serve_forever, name="dash-test-server", daemon=True)
            thread.start()
            running[serving] = (server, thread)
        return f"http://127.0.0.1:{running[serving][0].server_port}"

    try:
        yield _serve
    finally:
        for server, thread in running.values():
            server.shutdown()
            thread.join(timeout=10)


@pytest.fixture(scope="session")
def dash_url(dashboard_serving: Path, serve) -> str:
    return serve(dashboard_serving)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} ontbreekt (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1366, "height": 900},
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
        )
        context.set_default_timeout(20_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context, server_log):
    """A fresh tab that records page errors, console errors and every request leaving the loopback interface.

    The test fails afterwards when any server thread logged an error meanwhile: a callback that raised leaves an
    empty page in the browser and a traceback in the server log, and both must be seen.
    """
    errors_before = len(server_log.records)
    tab = browser_context.new_page()
    tab.page_errors = []
    tab.external_requests = []
    tab.on("pageerror", lambda error: tab.page_errors.append(str(error)))
    tab.on("console", lambda message: tab.page_errors.append(message.text) if message.type == "error" else None)

    def _request(request) -> None:
        if not request.url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            tab.external_requests.append(request.url)

    tab.on("request", _request)
    try:
        yield tab
    finally:
        tab.close()
    assert len(server_log.records) == errors_before, "fouten in het serverlog:\n" + server_log.text(errors_before)


@pytest.fixture(scope="session")
def screenshot():
    """Save a full-page screenshot as a test artifact: test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _take(tab, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return _take
