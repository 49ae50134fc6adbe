"""A kern page is built once per publication and answered from what was built until the next one (issue 18: the
server side of the kern profile). What a reader must notice: the same page, the new figures as soon as a new
publication is swapped in, and the login still asked for every request. No timings here (see benchmarks/)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest

from dashboards.app import PAGINA_KOP, create_app
from dashboards.data import ServingData
from dashboards.router import ENDPOINT, router_request
from kernmonitor.webauth import protect


def _page(client, kern: str, headers: dict | None = None):
    return client.post(f"/{ENDPOINT}", json=router_request("/kern/" + quote(kern)), headers=headers or {})


@pytest.fixture
def copied(serving_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "serving.duckdb"
    shutil.copy(serving_path, path)
    return path


def _inwoners(path: Path, kern: str) -> float:
    with duckdb.connect(str(path), read_only=True) as con:
        query = "select waarde from marts.kern_profiel where kern = ? and indicator_id = 'inwoners'"
        return con.execute(query, [kern]).fetchone()[0]


def test_a_kern_page_is_the_same_again_and_new_figures_show_after_a_publication(copied: Path, tmp_path: Path) -> None:
    client = create_app(copied).server.test_client()
    kern = "Meteren"
    first = _page(client, kern)
    assert first.status_code == 200 and "5.655" in first.get_data(as_text=True)
    assert _page(client, kern).get_data() == first.get_data()

    # A new publication, swapped in as the publisher does (a new file, os.replace): the page shows it at once.
    new = tmp_path / "nieuw.duckdb"
    shutil.copy(copied, new)
    with duckdb.connect(str(new)) as con:
        con.execute("update marts.kern_profiel set waarde = 4242 where kern = ? and indicator_id = 'inwoners'", [kern])
    os.replace(new, copied)
    assert _inwoners(copied, kern) == 4242
    answer = _page(client, kern).get_data(as_text=True)
    assert "4.242" in answer and "4.242" not in first.get_data(as_text=True)

    # Another kern and an unknown one are their own pages.
    other = ServingData(copied).kernen()["kern"].iloc[0]
    assert other != kern and other in _page(client, other).get_data(as_text=True)
    assert "niet gevonden" in _page(client, "Bestaatniet").get_data(as_text=True).lower()


def test_a_kept_kern_page_still_asks_for_the_login(copied: Path) -> None:
    app = create_app(copied)
    protect(app, home=copied.parent, credentials=("ann", "geheim-genoeg-1"), environ={})
    client = app.server.test_client()
    login = {"Authorization": "Basic " + base64.b64encode(b"ann:geheim-genoeg-1").decode()}
    assert _page(client, "Meteren", login).status_code == 200
    assert _page(client, "Meteren", login).status_code == 200
    assert _page(client, "Meteren").status_code == 401


class _CountingData(ServingData):
    """A ServingData that counts what it hands to DuckDB (each statement with its parameters)."""

    def __init__(self, path: Path, *, vooraf: bool = True) -> None:
        super().__init__(path)
        self.asked: list[tuple] = []
        self.threads: set[str] = set()
        self.futures: list = []
        self._met_vooraf = vooraf

    def _cursor(self, key: tuple):
        cursor = super()._cursor(key)
        asked, threads = self.asked, self.threads

        class Counting:
            def execute(self, sql, params):
                asked.append((sql, tuple(params)))
                threads.add(threading.current_thread().name)
                return cursor.execute(sql, params)

            def close(self):
                cursor.close()

        return Counting()

    def vooraf(self, *vragen) -> list:
        self.futures = super().vooraf(*vragen) if self._met_vooraf else []
        return self.futures


def test_the_questions_asked_ahead_are_the_pages_own_and_each_goes_to_duckdb_once(serving_path: Path) -> None:
    """The kern page starts its questions on other threads (vraag_vooraf): the page must show the same, DuckDB
    must answer each question once (the page waits for one under way), and nothing may be asked that the page
    does not use, nor fail (a list gone stale)."""
    from dashboards.views.kernprofiel import profiel_pagina

    zonder = _CountingData(serving_path, vooraf=False)
    verwacht = json.dumps(profiel_pagina(zonder, "Beesd", "GM1960").to_plotly_json(), default=str)
    for _ in range(3):
        met = _CountingData(serving_path)
        pagina = json.dumps(profiel_pagina(met, "Beesd", "GM1960").to_plotly_json(), default=str)
        assert pagina == verwacht
        assert len(met.futures) == 9
        assert [future.result(timeout=30) for future in met.futures] == [True] * 9  # asked, and none failed
        assert len(met.asked) == len(set(met.asked)), "a question went to DuckDB twice"
        assert set(met.asked) == set(zonder.asked)
        assert any(name.startswith("kernmonitor-vooraf") for name in met.threads)


def _at_once(threads: int, ask) -> list:
    """`ask()` on this many threads started together; their answers (each thread must finish within a minute)."""
    results, start = [], threading.Barrier(threads)

    def one() -> None:
        start.wait()
        results.append(ask())

    started = [threading.Thread(target=one) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a thread waits for ever"
    return results


def test_a_question_under_way_is_waited_for_not_asked_again(copied: Path) -> None:
    data = _CountingData(copied)
    results = _at_once(4, lambda: data.profielen("GM1960"))
    assert len(results) == 4 and all(len(frame) == len(results[0]) > 1000 for frame in results)
    assert len(data.asked) == 1
    # A new publication (swapped in as the publisher does) is asked again.
    nieuw = copied.with_name("nieuw.duckdb")
    shutil.copy(copied, nieuw)
    os.replace(nieuw, copied)
    data.profielen("GM1960")
    assert len(data.asked) == 2


def test_questions_asked_ahead_of_a_replaced_publication_are_dropped(copied: Path, monkeypatch) -> None:
    """A question that waited while a new publication was swapped in would answer for the old one: dropped."""
    import dashboards.data

    # Only the swap may drop a question here, not its age (other tests' pages may have queued questions first).
    monkeypatch.setattr(dashboards.data, "VOORAF_GELDIG", 600.0)
    data = _CountingData(copied)
    data.kernen()
    gate, started = threading.Event(), threading.Semaphore(0)

    def blocker() -> bool:
        started.release()
        return gate.wait(timeout=30)

    try:
        blockers = [data.vooraf(blocker)[0] for _ in range(2)]
        # Both of the pool's threads busy with these (not with another test's questions) before the next is queued.
        assert started.acquire(timeout=30) and started.acquire(timeout=30)
        (later,) = data.vooraf(lambda: data.profielen("GM1960"))
        nieuw = copied.with_name("nieuw.duckdb")
        shutil.copy(copied, nieuw)
        os.replace(nieuw, copied)
    finally:
        gate.set()
    assert [future.result(timeout=30) for future in blockers] == [True, True]
    assert later.result(timeout=30) is False
    assert not any("kern_profiel" in sql for sql, _ in data.asked)


def test_a_kern_page_being_built_is_waited_for_not_built_twice(copied: Path) -> None:
    data = ServingData(copied)
    built = []

    def build() -> str:
        built.append(threading.current_thread().name)
        time.sleep(0.2)  # long enough for the other three to ask meanwhile
        return "pagina"

    results = _at_once(4, lambda: data.per_version(("pagina", "/kern/Beesd", ""), build))
    assert results == ["pagina"] * 4 and len(built) == 1
    # A build that fails wakes whoever waits for it, who then builds the page itself.
    gate, failing_started = threading.Event(), threading.Event()

    def failing() -> str:
        failing_started.set()
        gate.wait(timeout=30)
        raise RuntimeError("build failed")

    failed = []

    def first() -> None:
        try:
            data.per_version(("pagina", "/kern/Zoelen", ""), failing)
        except RuntimeError as error:
            failed.append(error)

    builder = threading.Thread(target=first)
    builder.start()
    assert failing_started.wait(timeout=30)
    waiter_result = []
    waiter = threading.Thread(
        target=lambda: waiter_result.append(data.per_version(("pagina", "/kern/Zoelen", ""), lambda: "Zoelen"))
    )
    waiter.start()
    time.sleep(0.2)
    assert waiter.is_alive(), "the second reader did not wait for the page being built"
    gate.set()
    builder.join(timeout=30)
    waiter.join(timeout=30)
    assert len(failed) == 1 and waiter_result == ["Zoelen"]
    # A page that must not be kept (its build failed) is built again by the next reader.
    assert data.per_version(("pagina", "/kern/Meteren", ""), lambda: None) is None
    assert data.per_version(("pagina", "/kern/Meteren", ""), lambda: "Meteren") == "Meteren"


def _wait_until(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_kern_page_is_built_while_the_browser_loads_its_scripts(copied: Path, monkeypatch) -> None:
    """The browser asks for /kern/<naam> (Dash's index page) and only later, once its scripts run, for the page:
    the page is built meanwhile, on another thread, and the router's answer is the page built then."""
    import dashboards.data
    import dashboards.views.kernprofiel as view

    gebouwd: list[str] = []
    echte = view.profiel_pagina

    def tellend(*args, **kwargs):
        gebouwd.append(threading.current_thread().name)
        return echte(*args, **kwargs)

    monkeypatch.setattr(view, "profiel_pagina", tellend)
    # Not dropped for its age behind other tests' questions on the shared prefetch threads.
    monkeypatch.setattr(dashboards.data, "VOORAF_GELDIG", 600.0)
    app = create_app(copied)
    protect(app, home=copied.parent, credentials=("ann", "geheim-genoeg-1"), environ={})
    client = app.server.test_client()
    login = {"Authorization": "Basic " + base64.b64encode(b"ann:geheim-genoeg-1").decode()}

    # Without the login nothing is built (the index page was not answered).
    assert client.get("/kern/Meteren").status_code == 401
    assert not _wait_until(lambda: gebouwd, seconds=1.0)

    index = client.get("/kern/Meteren", headers=login)
    assert index.status_code == 200 and index.mimetype == "text/html"
    assert _wait_until(lambda: gebouwd), "the page was not built ahead"
    assert gebouwd[0].startswith("kernmonitor-vooraf")
    answer = _page(client, "Meteren", login)
    assert answer.status_code == 200 and "5.655" in answer.get_data(as_text=True)
    assert len(gebouwd) == 1, "the router built the page again"

    # A name with a space and a query string: the index path (decoded by the server) and the browser's
    # percent-encoded location name the same page.
    kern = next(k for k in ServingData(copied).kernen()["kern"] if " " in k)
    assert client.get(f"/kern/{quote(kern)}?gemeente=", headers=login).status_code == 200
    assert _wait_until(lambda: len(gebouwd) == 2)
    body = router_request("/kern/" + quote(kern), "?gemeente=")
    pagina = client.post(f"/{ENDPOINT}", json=body, headers=login).get_json()["response"]["_pages_content"]
    assert f'"kern": "{kern}"' in json.dumps(pagina, ensure_ascii=False)  # the kern's own page (its kern-sleutel)
    assert len(gebouwd) == 2


def test_a_kern_page_opens_before_anything_is_published(tmp_path: Path) -> None:
    """No serving file yet (a new installation): the kern's address still answers, like the start page, named as
    the URL names it; it neither fails on its title nor on building the page ahead."""
    client = create_app(tmp_path / "serving.duckdb").server.test_client()
    answer = client.get("/kern/Eck%20en%20Wiel")
    assert answer.status_code == client.get("/").status_code == 200
    assert 'content="Eck en Wiel – kernprofiel – kernmonitor"' in answer.get_data(as_text=True)  # og:title


def test_a_new_publication_is_opened_and_its_lists_read_before_its_first_reader(copied: Path) -> None:
    """ServingData.bewaak (started by `kernmonitor serve` and the WSGI entry point): each publication swapped in is
    attached and its lists of kernen and gemeenten read on a thread of its own, so the first reader of a kern's URL
    asks DuckDB nothing for them, and sees the new publication's figures."""
    eerst = _CountingData(copied, vooraf=False)
    eerst.opwarmen()
    lijsten = set(eerst.asked)
    assert any("marts.kernen" in sql for sql, _ in lijsten) and any("publicatie" in sql for sql, _ in lijsten)

    data = _CountingData(copied, vooraf=False)
    eerder = set(threading.enumerate())
    stoppen = data.bewaak(elke=0.02)
    (bewaker,) = [t for t in threading.enumerate() if t not in eerder and t.name == "kernmonitor-opwarmen"]
    try:
        assert _wait_until(lambda: lijsten <= set(data.asked))
        assert data.threads == {"kernmonitor-opwarmen"}
        gevraagd = len(data.asked)
        assert data.kern("Meteren", eerste=True)["kern"] == "Meteren" and not data.gemeenten().empty
        assert len(data.asked) == gevraagd  # the reader found both lists read

        nieuw = copied.with_name("nieuw.duckdb")
        shutil.copy(copied, nieuw)
        with duckdb.connect(str(nieuw)) as con:
            con.execute("update marts.kernen set kern = 'Meteren-Nieuw' where kern = 'Meteren'")
        os.replace(nieuw, copied)
        assert _wait_until(lambda: all(data.asked.count(vraag) == 2 for vraag in lijsten))
        gevraagd = len(data.asked)
        assert data.kern("Meteren-Nieuw", eerste=True)["kern"] == "Meteren-Nieuw"
        assert len(data.asked) == gevraagd
    finally:
        stoppen()
    assert not bewaker.is_alive()


def test_the_server_starts_watching_publications_with_its_first_request(copied: Path) -> None:
    """create_app(bewaak_publicaties=True), as `kernmonitor serve` and the WSGI entry point make it: no thread at
    import (a gunicorn master that preloads the app forks its workers without threads); the first request starts
    one, and only one."""
    app = create_app(copied, bewaak_publicaties=True)
    eerder = set(threading.enumerate())
    assert "kernmonitor_bewaak" not in app.server.extensions
    client = app.server.test_client()
    try:
        assert _page(client, "Meteren").status_code == 200 and _page(client, "Beesd").status_code == 200
        nieuw = [t for t in threading.enumerate() if t not in eerder and t.name == "kernmonitor-opwarmen"]
        assert len(nieuw) == 1
    finally:
        app.server.extensions.get("kernmonitor_bewaak", lambda: None)()
    assert not nieuw[0].is_alive()


def _layout(client, adres: str | None, **headers: str) -> dict:
    """Dash's layout as the browser asks for it on `adres` (assets/pagina_adres.js sends it in PAGINA_KOP)."""
    answer = client.get("/_dash-layout", headers={**headers, **({PAGINA_KOP: adres} if adres is not None else {})})
    assert answer.status_code == 200
    assert PAGINA_KOP in answer.vary  # a cache in between must not serve one page's layout for another
    return answer.get_json()


def _component(node: object, component_id: str) -> dict | None:
    if isinstance(node, list):
        return next((found for child in node if (found := _component(child, component_id))), None)
    if isinstance(node, dict) and isinstance(node.get("props"), dict):
        if node["props"].get("id") == component_id:
            return node["props"]
        return next((found for v in node["props"].values() if (found := _component(v, component_id))), None)
    return None


def _router(client, pathname: str, search: str = "") -> dict:
    return client.post(f"/{ENDPOINT}", json=router_request(pathname, search)).get_json()["response"]


def test_the_layout_holds_the_page_its_browser_shows(copied: Path) -> None:
    """The browser names its address with the layout request: the layout then holds that page, exactly as the
    router would answer it, and the location the browser is at, so the router is not asked again."""
    client = create_app(copied).server.test_client()
    kern = next(k for k in ServingData(copied).kernen()["kern"] if " " in k)
    pathname = "/kern/" + quote(kern)
    layout = _layout(client, f"{pathname}?gemeente=")
    router = _router(client, pathname, "?gemeente=")
    assert _component(layout, "_pages_content")["children"] == router["_pages_content"]["children"]
    assert _component(layout, "_pages_store")["data"] == router["_pages_store"]["data"]
    assert kern in router["_pages_store"]["data"]["title"]
    assert {k: _component(layout, "_pages_location").get(k) for k in ("pathname", "search")} == {
        "pathname": pathname,
        "search": "?gemeente=",
    }
    assert _component(layout, "kern-naam")["children"] == kern

    # Pages that are not kept, with and without parameters, the start page too, exactly as the router answers them;
    # an unknown kern shows its friendly 404, an unknown page the app's.
    for adres in ("/kernagenda?gemeente=GM0214", "/bronnen", "/", "/?gemeente=GM0214", "/bestaat-niet"):
        path, _, query = adres.partition("?")
        search = f"?{query}" if query else ""
        layout, router = _layout(client, adres), _router(client, path, search)
        assert _component(layout, "_pages_content")["children"] == router["_pages_content"]["children"], adres
        assert _component(layout, "_pages_location")["search"] == search
    assert "Buren" in json.dumps(_component(_layout(client, "/?gemeente=GM0214"), "_pages_content")["children"])
    assert "Deze pagina bestaat niet" in json.dumps(_layout(client, "/bestaat-niet"))
    assert "Deze kern kennen we niet" in json.dumps(_layout(client, "/kern/Bestaatniet"))

    # Without the address (another client), with only a Referer (which a browser or proxy may trim), or with one
    # that is not a path of this app: Dash's own layout, the location left to the browser, the router answers.
    for adres, headers in (
        (None, {}),
        (None, {"Referer": f"http://localhost{pathname}"}),
        ("http://[abc/kern/x", {}),
        ("//elders.example/kern/x", {}),
        ("https://elders.example/bronnen", {}),
        ("kern/zonder-slash", {}),
    ):
        layout = _layout(client, adres, **headers)
        assert not _component(layout, "_pages_content").get("children"), adres
        assert _component(layout, "_pages_location").get("pathname") is None
