"""Browser tests: the real Dash app on a loopback port, driven by Debian's Chromium through Playwright.

`playwright install` is never run: Playwright launches /usr/bin/chromium with a fresh profile per session.
Set KERNMONITOR_TEST_SERVING to an existing serving file to skip the pipeline build while iterating.
"""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def dash_url(dashboard_serving: Path) -> Iterator[str]:
    """The app served by a threaded WSGI server on a free loopback port, for the whole session."""
    from werkzeug.serving import make_server

    from dashboards.app import create_app

    app = create_app(dashboard_serving)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="dash-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


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
def page(browser_context, dash_url: str):
    """A fresh tab that records page errors, console errors and every request leaving the loopback interface."""
    tab = browser_context.new_page()
    tab.page_errors = []
    tab.external_requests = []
    tab.on("pageerror", lambda error: tab.page_errors.append(str(error)))
    tab.on("console", lambda message: tab.page_errors.append(message.text) if message.type == "error" else None)

    def _request(request) -> None:
        if not request.url.startswith((dash_url, "data:", "blob:", "about:")):
            tab.external_requests.append(request.url)

    tab.on("request", _request)
    try:
        yield tab
    finally:
        tab.close()


@pytest.fixture(scope="session")
def screenshot():
    """Save a full-page screenshot as a test artifact: test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _take(tab, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return _take
