"""The Content-Security-Policy in a real browser: with the headers and accounts of `kernmonitor serve` on, the pages
still render (maps and charts included) and Chromium reports no policy violation."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kernmonitor.accounts import accounts_path, add_account

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-wachtwoord"
# Every violation the page sees, recorded before any of the page's own scripts run (Playwright's init scripts are
# injected by the browser, not by the page, so the policy does not apply to this one).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def protected_url(dashboard_serving: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a loopback port, protected exactly as `kernmonitor serve` and gunicorn protect it."""
    from werkzeug.serving import make_server

    from dashboards.app import create_app
    from kernmonitor.webauth import protect

    home = tmp_path_factory.mktemp("accounts-home")
    add_account(accounts_path(home), "baas", PASSWORD, "beheerder")
    app = create_app(dashboard_serving)
    assert protect(app, home=home, environ={})
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="dash-csp-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def logged_in(page):
    token = base64.b64encode(f"baas:{PASSWORD}".encode()).decode()
    page.set_extra_http_headers({"Authorization": f"Basic {token}"})
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def assert_no_violation(page) -> None:
    violations = page.evaluate("window.__csp")
    refused = [e for e in page.page_errors if "Content Security Policy" in e or "Refused to" in e]
    assert violations == [] and refused == [], (violations, refused)
    assert page.page_errors == [], page.page_errors
    assert page.external_requests == [], page.external_requests


def test_the_overview_renders_its_map_and_table_under_the_policy(logged_in, protected_url, screenshot) -> None:
    response = logged_in.goto(protected_url + "/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    logged_in.wait_for_selector("#kernen-tabel .ag-cell")
    logged_in.wait_for_selector("#overzicht-kaart .choroplethlayer path")
    logged_in.select_option("#overzicht-gemeente", "GM0214")
    logged_in.wait_for_selector("#overzicht-kaart .choroplethlayer path")
    screenshot(logged_in, "csp-overzicht")
    assert_no_violation(logged_in)


def test_a_kern_profile_renders_its_charts_under_the_policy(logged_in, protected_url, screenshot) -> None:
    logged_in.goto(protected_url + "/kern/Beesd")
    logged_in.wait_for_selector("#kern-naam")
    logged_in.wait_for_selector("#kern-leeftijd .main-svg")
    screenshot(logged_in, "csp-kernprofiel-beesd")
    assert_no_violation(logged_in)


def test_the_beheer_page_shows_exports_and_accounts_to_a_beheerder(logged_in, protected_url, screenshot) -> None:
    logged_in.goto(protected_url + "/beheer")
    logged_in.wait_for_selector("#beheer-versheid td")
    assert "baas" in logged_in.inner_text("#beheer-accounts")
    assert logged_in.locator("#beheer-exportbestanden tbody tr").count() >= 1
    screenshot(logged_in, "beheer")
    assert_no_violation(logged_in)
