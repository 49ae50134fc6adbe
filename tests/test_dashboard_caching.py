"""What a browser gets over the wire: compressed answers, and the static files (Dash's scripts, Plotly, the CSS in
dashboards/assets) with a long cache lifetime, so a reader's second visit fetches none of them again. The page
and the data stay revalidated: a new publication must show at once. No timings here (see benchmarks/)."""

from __future__ import annotations

import gzip
import re
import time

import pytest

from dashboards.app import create_app
from kernmonitor.webauth import protect

YEAR = 365 * 24 * 3600
GZIP = {"Accept-Encoding": "gzip"}
PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"  # where dcc.Graph loads Plotly from


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    # The static files and the page shell need no data: no serving file is built or opened.
    home = tmp_path_factory.mktemp("home")
    app = create_app(home / "serving.duckdb")
    protect(app, home=home, environ={})
    return app.server.test_client()


def _max_age(response) -> int:
    return response.cache_control.max_age or 0


def _static_urls(client) -> list[str]:
    page = client.get("/").get_data(as_text=True)
    return re.findall(r'(?:src|href)="(/(?:_dash-component-suites|assets)/[^"]+)"', page)


def test_the_page_is_compressed_and_keeps_its_security_headers(client) -> None:
    response = client.get("/", headers=GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert '<html lang="nl">' in gzip.decompress(response.data).decode()
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Accept-Encoding" in response.headers["Vary"]
    # The page itself is not kept: it names this version's files.
    assert _max_age(response) == 0


def test_every_script_and_stylesheet_is_cached_for_a_year_and_sent_compressed(client) -> None:
    urls = _static_urls(client)
    assert any("dash_renderer" in u for u in urls) and any(u.startswith("/assets/bootstrap") for u in urls)
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": "gzip, deflate"}, follow_redirects=True)
        assert response.status_code == 200, url
        assert _max_age(response) >= YEAR and response.cache_control.public, (url, response.headers)
        if len(response.data) > 5_000:
            assert response.headers.get("Content-Encoding") in ("gzip", "deflate"), url
        assert "Content-Security-Policy" in response.headers, url


def test_plotly_waits_for_the_first_chart_and_comes_from_one_versioned_url_compressed(client) -> None:
    page = client.get("/").get_data(as_text=True)
    # Not in the page head: the headline tiles need no Plotly, and fetching it beside Dash's scripts delays them.
    assert "plotly.min.js" not in page and "plotly.v" not in page
    # dcc.Graph asks for Plotly without a version; it is sent on to the versioned URL, kept for a year.
    moved = client.get(PLOTLY, headers=GZIP)
    assert moved.status_code == 302 and re.search(r"/plotly\.v[0-9_]+m[0-9]+\.min\.js$", moved.location)
    response = client.get(moved.location, headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert _max_age(response) >= YEAR
    body = gzip.decompress(response.data)
    assert b"plotly" in body[:2000].lower() and len(response.data) < len(body) / 2


def test_plotly_comes_smaller_once_the_server_has_compressed_it_hard(client) -> None:
    """The first reader gets flask-compress's fast level at once; a thread compresses the file at a high level for
    every reader after (dashboards.app.STATIC_LEVELS): the same bytes, about a fifth smaller."""
    from dashboards.app import zstd

    url = client.get(PLOTLY).location
    zstd_only = {"Accept-Encoding": "zstd"}
    first = client.get(url, headers=zstd_only, follow_redirects=True)
    assert first.headers["Content-Encoding"] == "zstd"
    body = zstd.decompress(first.data)
    deadline = time.monotonic() + 120
    later = first
    while len(later.data) >= len(first.data) and time.monotonic() < deadline:
        time.sleep(0.5)
        later = client.get(url, headers=zstd_only, follow_redirects=True)
    assert later.headers["Content-Encoding"] == "zstd" and zstd.decompress(later.data) == body
    assert len(later.data) < 0.9 * len(first.data), (len(later.data), len(first.data))
    assert _max_age(later) >= YEAR and "Accept-Encoding" in later.headers["Vary"]


def test_a_compressed_stylesheet_is_revalidated_by_its_tag(client) -> None:
    """Compressed at once (the fast level, tagged with the encoding as flask-compress does) and, once the server has
    compressed it hard, tagged with the encoding and level: asking again with that tag gets a 304, with the fast
    copy's tag the hard copy (other bytes, so not a 304)."""
    url = next(u for u in _static_urls(client) if u.startswith("/assets/bootstrap"))
    tags = []
    deadline = time.monotonic() + 60
    while not (tags and tags[-1].endswith(':gzip-9"')) and time.monotonic() < deadline:
        answer = client.get(url, headers=GZIP)
        assert answer.headers["Content-Encoding"] == "gzip", answer.headers
        tags.append(answer.headers["ETag"])
        time.sleep(0.05)
    hard = tags[-1]
    assert hard.endswith(':gzip-9"'), tags
    again = client.get(url, headers={**GZIP, "If-None-Match": hard})
    assert again.status_code == 304 and not again.data
    for fast in {t for t in tags if t.endswith(':gzip"')}:  # only when this test asked first
        answer = client.get(url, headers={**GZIP, "If-None-Match": fast})
        assert answer.status_code == 200 and answer.headers["ETag"] == hard


def test_invented_fingerprints_and_query_strings_make_no_more_work(tmp_path, monkeypatch) -> None:
    """Any fingerprint or query string serves the same file, and the server compresses each of its files hard once,
    however many URLs name it: varying the URL cannot keep it compressing or fill its memory."""
    import dashboards.app as app_module

    compressed: list[str] = []
    real = app_module._compress
    monkeypatch.setattr(
        app_module, "_compress", lambda algorithm, data: compressed.append(algorithm) or real(algorithm, data)
    )
    app = create_app(tmp_path / "serving.duckdb")
    protect(app, home=tmp_path, environ={})
    fresh = app.server.test_client()
    renderer = next(u for u in _static_urls(fresh) if "dash_renderer" in u)
    variants = [re.sub(r"\.v[0-9_]+m[0-9]+\.", f".v{n}_0_0m{n}.", renderer) for n in range(5)]
    variants += [f"/assets/kernmonitor.css?m={n}&x={n}" for n in range(5)]
    assert len(set(variants)) == 10 and renderer not in variants
    for url in variants:
        assert fresh.get(url, headers={"Accept-Encoding": "zstd"}).status_code == 200, url
    deadline = time.monotonic() + 60
    while len(compressed) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    assert compressed == ["zstd", "zstd"]  # the renderer's script and the stylesheet, once each


def test_an_asset_without_its_version_in_the_url_is_not_kept(client) -> None:
    assert _max_age(client.get("/assets/kernmonitor.css")) == 0
    assert _max_age(client.get("/_dash-layout")) == 0
