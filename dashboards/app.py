"""The Dash app shell: menu, page container, footer with the data version. The pages live in `pages/`.

`create_app(serving_path)` is what `kernmonitor serve/demo` runs (`app.run(host, port)`) and what a WSGI server
takes (`create_app(path).server`). Everything is served from this package: Bootstrap and Plotly's Dutch locale
are in `assets/`, so the dashboard works without internet.
"""

from __future__ import annotations

import functools
import gzip
import logging
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import brotli
import dash
import dash_bootstrap_components as dbc
import flask
import orjson
import plotly
from dash import Input, Output, State, html
from dash.fingerprint import build_fingerprint, check_fingerprint
from flask_compress import Compress

try:
    from compression import zstd  # Python 3.14
except ImportError:  # before 3.14: the backport flask-compress itself requires and uses (as it does brotli)
    from backports import zstd

from dashboards import api, components, open_data
from dashboards import formatting as fmt
from dashboards.context import (
    CONFIG_KEY,
    PAGINA_PARAMETERS,
    PARAMETER,
    current_data,
    kernen_van,
    vernauwde_parameters,
)
from dashboards.data import ServingData
from dashboards.router import ENDPOINT, router_request

HERE = Path(__file__).parent
LOG = logging.getLogger(__name__)

# Dash writes every answer with plotly's JSON writer (for the whole process: set once, here). Its default ("auto":
# orjson when installed) first walks the whole answer in Python to make it orjson-safe; the standard library's
# encoder with plotly's fallback for numpy, pandas and components does that work in C: a kern page 14,1 -> 8,7 ms
# (all of NL, median of 30). It writes é as \u00e9: 1-6% more bytes before compression.
plotly.io.json.config.default_engine = "json"

# A year: what Dash itself gives its fingerprinted component suites. Every file served this long carries its
# version in the URL (Dash's fingerprint, the `?m=<mtime>` of assets, the `?v=` of the favicon), so a new version
# is a new URL and nobody keeps an old file.
LONG_CACHE_SECONDS = 365 * 24 * 3600


# Files whose URL names their version (below) are compressed once per process at a high level and kept:
# plotly.min.js (4,8 MB) is 1,18 MB with zstd at level 19 (2 s, once, in a thread) against 1,44 MB at
# flask-compress's level 3, dash-ag-grid's script 0,29 MB against 0,36 MB. Every other answer (pages, callbacks)
# keeps flask-compress's fast levels: it is compressed anew for every request.
STATIC_LEVELS = {"zstd": 19, "br": 9, "gzip": 9}


def _compress(algorithm: str, data: bytes) -> bytes:
    if algorithm == "zstd":
        return zstd.compress(data, STATIC_LEVELS["zstd"])
    if algorithm == "br":
        return brotli.compress(data, quality=STATIC_LEVELS["br"])
    return gzip.compress(data, STATIC_LEVELS["gzip"], mtime=0)


def _plotly_url(app: dash.Dash) -> str:
    """Where dcc.Graph loads Plotly from when Dash serves its files itself (dash-renderer's _dashPlotlyJSURL)."""
    return app.config.requests_pathname_prefix + "_dash-component-suites/plotly/package_data/plotly.min.js"


def _caching_and_compression(app: dash.Dash) -> None:
    """Compressed answers (zstd, brotli or gzip, whatever the browser accepts: flask-compress, and for the static
    files STATIC_LEVELS once per process) and long cache lifetimes for every static file whose URL changes with its
    content; everything else keeps Flask's defaults (revalidated)."""
    server = app.server
    prefix = app.config.requests_pathname_prefix
    suites = prefix + "_dash-component-suites/"
    assets = prefix + app.config.assets_url_path.strip("/") + "/"
    favicon = prefix + "_favicon.ico"
    # dcc.Graph loads Plotly itself from this URL, without Dash's fingerprint; it is sent on to the fingerprinted
    # one (the same file, as Dash would name it in a script tag) so that Plotly, too, is fetched once per version.
    plotly_plain = _plotly_url(app)
    plotly_file = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    plotly_fingerprinted = (
        suites
        + "plotly/"
        + build_fingerprint("package_data/plotly.min.js", plotly.__version__, int(os.stat(plotly_file).st_mtime))
    )

    def fingerprinted_suite(path: str) -> bool:
        return path.startswith(suites) and check_fingerprint(path[len(suites) :])[1]

    def versioned(request: flask.Request) -> bool:
        path = request.path
        return (
            fingerprinted_suite(path)
            or (path.startswith(assets) and "m" in request.args)
            or (path == favicon and "v" in request.args)
        )

    def file_of(request: flask.Request) -> str:
        """The file a versioned URL serves: any fingerprint or query string names the same one."""
        path = request.path
        return suites + check_fingerprint(path[len(suites) :])[0] if path.startswith(suites) else path

    Compress(server)
    # (algorithm, file, the file's own tag) -> the file compressed hard; None while a thread compresses it. Keyed by
    # file, not URL, so invented fingerprints or query strings can neither grow it nor start more work; one file at
    # a time is compressed (a restart does not put every static file on the cores at once).
    kept: dict[tuple[str, str, str], bytes | None] = {}
    compressing, registering = threading.Lock(), threading.Lock()

    def keep(key: tuple[str, str, str], data: bytes) -> None:
        try:
            with compressing:
                kept[key] = _compress(key[0], data)
        except Exception:  # noqa: BLE001 - the fast level keeps serving; a later request tries again
            LOG.warning("static file %s not compressed with %s", key[1], key[0], exc_info=True)
            kept.pop(key, None)

    # Registered after flask-compress's handler, so it runs first; flask-compress leaves an encoded answer alone.
    @server.after_request
    def _versioned_compressed(response: flask.Response) -> flask.Response:
        request = flask.request
        if (
            response.status_code != 200
            or "Content-Encoding" in response.headers
            or response.mimetype not in server.config["COMPRESS_MIMETYPES"]
            or not versioned(request)
        ):
            return response
        algorithm = request.accept_encodings.best_match(list(STATIC_LEVELS))
        if algorithm is None or (response.content_length or 0) < server.config["COMPRESS_MIN_SIZE"]:
            return response
        # A file Flask streams itself (the assets) is read here, so that flask-compress compresses it whole when this
        # answer is not the kept copy (it compresses no stream with gzip); its file is closed with the answer.
        response.direct_passthrough = False
        response.make_sequence()
        etag, weak = response.get_etag()
        key = (algorithm, file_of(request), etag or "")
        with registering:
            new = key not in kept
            if new:
                kept[key] = None
        if new:
            # No reader waits for the slow compression (seconds for Plotly): this one gets flask-compress's fast
            # level, a thread makes the small copy for the readers after.
            threading.Thread(target=keep, args=(key, response.get_data()), daemon=True).start()
        hard = kept.get(key)
        if hard is None:
            return response
        response.set_data(hard)
        response.headers["Content-Encoding"] = algorithm
        response.vary.add("Accept-Encoding")
        if etag and not weak:
            # Marked with the encoding and its level (other bytes than flask-compress's fast copy, tagged
            # "<tag>:<algorithm>"), and then a revalidation with this tag is answered by 304.
            response.set_etag(f"{etag}:{algorithm}-{STATIC_LEVELS[algorithm]}")
            response.make_conditional(request)
        return response

    @server.before_request
    def _plotly_once():
        if flask.request.path == plotly_plain:
            return flask.redirect(plotly_fingerprinted, code=302)
        return None

    @server.after_request
    def _long_lifetime(response: flask.Response) -> flask.Response:
        request = flask.request
        if versioned(request) and request.method in ("GET", "HEAD") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = LONG_CACHE_SECONDS
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response


def _kern_pages_kept(app: dash.Dash) -> Callable[[str, str], flask.Response]:
    """The answer of the pages router for a kern profile (/kern/<naam>), kept per published version, and started as
    soon as the browser asks for the page itself.

    A kern page is the same for every reader until the next publication (it depends on the URL and the serving file
    only), and building it (its tiles, eight Plotly figures, the layout serialised to JSON) is what a page request
    costs on the server. So the first request for a kern after a publication builds it and later ones get the same
    JSON (ServingData.per_version: dropped when the serving file is replaced, at most PER_VERSION_LIMIT pages). The
    view function is wrapped, so logging in and every other before/after-request handler still run for each request.

    A browser opening /kern/<naam> first gets Dash's index page, then its scripts, and only then, once they run,
    asks for the page (0,6-0,8 s later here: with the layout, see `_page_in_layout`, or from the router). The page
    is built meanwhile (ServingData.vooraf), after the index page was answered, so only for a reader who passed the
    login; that request then finds it kept, or waits for it instead of building it again.
    """
    endpoint = app.config.routes_pathname_prefix + ENDPOINT
    dispatch = app.server.view_functions[endpoint]
    kern_prefix = app.get_relative_path("/kern/")  # as the browser's location names it
    kern_route = app.config.routes_pathname_prefix + "kern/"  # as the request for the index page reaches Flask
    server = app.server

    def page_key(body: object) -> tuple | None:
        if not isinstance(body, dict) or body.get("output") != ".._pages_content.children..._pages_store.data..":
            return None
        inputs = body.get("inputs")
        inputs = [i for i in inputs if isinstance(i, dict)] if isinstance(inputs, list) else []
        values = {(i.get("id"), i.get("property")): i.get("value") for i in inputs}
        pathname, search = values.get(("_pages_location", "pathname")), values.get(("_pages_location", "search"))
        if not isinstance(pathname, str) or not pathname.startswith(kern_prefix):
            return None
        # Decoded: the browser's "/kern/Eck%20en%20Wiel" and the index request's path name the same page.
        return ("pagina", unquote(pathname), search if isinstance(search, str) else "")

    @functools.wraps(dispatch)
    def dispatch_kept():
        key = page_key(flask.request.get_json(silent=True))
        if key is None:
            return dispatch()
        made = []

        def build() -> tuple[bytes, str] | None:
            response = dispatch()
            made.append(response)
            ok = isinstance(response, flask.Response) and response.status_code == 200 and not response.is_streamed
            return (response.get_data(), response.mimetype) if ok else None

        kept = current_data().per_version(key, build)
        if made:
            return made[0]
        body, mimetype = kept
        return flask.Response(body, mimetype=mimetype)

    def router_answer(pathname: str, search: str) -> flask.Response:
        """What the pages router answers the browser for this location (a kern page: the kept one). Asked within a
        request (the layout's), the page is built for whoever logged in (a page that depends on the reader: Beheer;
        tests/test_accounts.py). Flask 3.1 lets the synthetic request share the layout request's app context, so
        `flask.g` already names the reader; copying it is for a Flask that gives every request its own."""
        ingelogd = vars(flask.g).copy() if flask.has_app_context() else {}
        with server.test_request_context(endpoint, method="POST", json=router_request(pathname, search)):
            vars(flask.g).update(ingelogd)
            return flask.make_response(dispatch_kept())

    def build_ahead(pathname: str, search: str) -> None:
        """The router's answer for this location, built (and kept) as if the browser had asked for it."""
        try:
            router_answer(pathname, search)
        except Exception:  # noqa: BLE001 - the browser's own request builds the page and shows its error
            LOG.warning("kern page %s%s not built ahead", pathname, search, exc_info=True)

    @server.after_request
    def _kern_page_ahead(response: flask.Response) -> flask.Response:
        request = flask.request
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.mimetype == "text/html"
            and request.path.startswith(kern_route)
        ):
            pathname = kern_prefix + quote(request.path[len(kern_route) :])
            search = "?" + request.query_string.decode("latin-1") if request.query_string else ""
            try:
                current_data().vooraf(functools.partial(build_ahead, pathname, search))
            except Exception:  # noqa: BLE001 - nothing published yet (no file to read): the index page still comes
                LOG.debug("kern page %s not built ahead", pathname, exc_info=True)
        return response

    server.view_functions[endpoint] = dispatch_kept
    return router_answer


PAGINA_KOP = "X-Kernmonitor-Pagina"  # the browser's address, sent with the layout request by assets/pagina_adres.js


def _page_in_layout(app: dash.Dash, router_answer: Callable[[str, str], flask.Response]) -> None:
    """The page itself in the layout the browser asks for first, so that it is drawn without a second request.

    Dash's renderer asks for the layout (the shell: menu, page container, footer), draws it, and only then does the
    page container's location ask the pages router for the page: one more request and one more drawing before the
    reader sees anything. assets/pagina_adres.js sends the browser's address (path and query) with the layout
    request (`PAGINA_KOP`); the layout is answered with the router's answer for that address in the page container
    and the location set to it, so Dash's location sees nothing new and the router (prevent_initial_call) is not
    asked. Without that header (another client), with one that is not a bare path under the app's prefix, or when
    the page fails, the layout is Dash's own and the router answers as before. Any path under the prefix is asked
    for as the browser would (one Dash pages does not know gets the app's 404 page, as from the router). Links
    within the app change the location and go through the router as always. Not the Referer: a browser or proxy
    may trim or rewrite it, and a page built for another address than the one shown would never be corrected.
    """
    endpoint = app.config.routes_pathname_prefix + "_dash-layout"
    serve_layout = app.server.view_functions[endpoint]
    prefix = app.config.requests_pathname_prefix

    def location() -> tuple[str, str] | None:
        adres = flask.request.headers.get(PAGINA_KOP, "")
        try:
            url = urlsplit(adres)
        except ValueError:
            return None
        if url.scheme or url.netloc or not url.path.startswith(prefix):
            return None
        return url.path, f"?{url.query}" if url.query else ""

    @functools.wraps(serve_layout)
    def layout_with_page():
        response = serve_layout()
        if not isinstance(response, flask.Response) or response.status_code != 200:
            return response
        response.vary.add(PAGINA_KOP)
        where = location()
        if where is None:
            return response
        try:
            answer = router_answer(*where)
        except Exception as exc:  # noqa: BLE001 - the shell still comes; the router, asked next, shows the error
            LOG.warning("page %s%s not put into the layout: %s", *where, exc)
            return response
        if answer.status_code != 200 or answer.mimetype != "application/json":
            return response
        try:
            page = orjson.loads(answer.get_data())["response"]
            content, store = page["_pages_content"]["children"], page["_pages_store"]["data"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return response
        layout = orjson.loads(response.get_data())
        props = {
            "_pages_content": {"children": content},
            "_pages_store": {"data": store},
            "_pages_location": {"pathname": where[0], "search": where[1]},
        }
        if _fill(layout, props) != len(props):
            return response
        response.set_data(orjson.dumps(layout))
        return response

    app.server.view_functions[endpoint] = layout_with_page


def _fill(node: object, props: dict[str, dict]) -> int:
    """Set `props[id]` on the components of a layout (Dash's JSON) with that id (not looking inside what is set);
    how many were found."""
    if isinstance(node, list):
        return sum(_fill(child, props) for child in node)
    if not isinstance(node, dict) or not isinstance(node.get("props"), dict):
        return 0
    own = node["props"]
    if isinstance(own.get("id"), str) and own["id"] in props:
        own.update(props[own["id"]])
        return 1
    return sum(_fill(value, props) for value in own.values() if isinstance(value, (list, dict)))


def _vernauwde_paginas() -> None:
    """Narrowing to one gebiedsmakelaar's kernen, for every page at once: under `?gebiedsmakelaar=` each page's
    layout gets the gebiedsmakelaar's gemeente and kernen for the parameters it reads (context.PAGINA_PARAMETERS),
    unless the URL gives them itself, and the page opens with the narrowing notice. Wrapped once per process (the
    page registry is Dash's, shared by the apps of a process)."""
    from dashboards.views.mijn_kernen import vernauwing_melding

    for page in dash.page_registry.values():
        layout = page.get("layout")
        if not callable(layout) or getattr(layout, "_vernauwd", False):
            continue
        module = page["module"].split(".")[-1]
        if module == "mijn_kernen":
            continue  # the page of the narrowing itself
        gelezen = set(PAGINA_PARAMETERS.get(module, ()))

        def vernauwd(*args, _layout=layout, _gelezen=gelezen, **parameters):
            naam = parameters.get(PARAMETER)
            naam = " ".join(naam.split()) if isinstance(naam, str) else ""
            if not naam:
                return _layout(*args, **parameters)
            data = current_data()
            parameters = vernauwde_parameters(parameters, kernen_van(data, naam), _gelezen)
            return html.Div([vernauwing_melding(data, naam), _layout(*args, **parameters)])

        vernauwd._vernauwd = True
        functools.update_wrapper(vernauwd, layout)
        page["layout"] = vernauwd


# Dash's first script, @babel/polyfill 7 (core-js 2 and regenerator-runtime), is for browsers older than React 18
# supports (no Internet Explorer; current Chrome, Edge, Firefox and Safari need none of it). In Chromium it cost
# ~0,1 s of the main thread on every page (evaluating it 65-110 ms, its wrappers more; benchmarks/README.md). The one
# part Dash 4's scripts still use is the global `regeneratorRuntime` (in the loader of dcc.Graph and other
# late-loaded parts), which dash-bootstrap-components' own script defines; a browser test checks it.
_POLYFILL = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>\s*')


class _Dash(dash.Dash):
    def interpolate_index(self, **kwargs) -> str:
        kwargs["scripts"] = _POLYFILL.sub("", kwargs.get("scripts", ""))
        return super().interpolate_index(**kwargs)


def _voettekst() -> html.Footer:
    verouderd = None
    try:
        publicatie = current_data().publication()
        versie = (
            f"Gegevensversie {publicatie['version']}, gepubliceerd op {fmt.datum_tijd(publicatie['published_at'])}."
        )
        # Nobody watches the nightly refresh: the page itself says when the data is older than it should be.
        verouderd = components.stale_notice(publicatie["published_at"])
    except Exception:  # noqa: BLE001 - a footer must never take the page down with it
        versie = "Gegevensversie onbekend."
    return html.Footer(
        dbc.Container(
            [
                *([html.Strong(verouderd + " ", className="verouderd", role="alert")] if verouderd else []),
                html.Span(versie + " "),
                html.A("Bronnen en methode", href="/bronnen", className="link-light"),
                html.Span(" · "),
                html.A(
                    "Toegankelijkheid", href="/toegankelijkheid", className="link-light", id="link-toegankelijkheid"
                ),
                html.Span(" · kernmonitor is open source (EUPL-1.2)."),
            ],
            fluid="xxl",
        ),
        className="voettekst mt-5 py-3",
    )


def _shell() -> html.Div:
    return html.Div(
        [
            html.A("Direct naar de inhoud", href="#inhoud", className="visually-hidden-focusable skip-link"),
            components.navigatie(),
            dbc.Container(html.Main(dash.page_container, id="inhoud", tabIndex="-1"), fluid="xxl"),
            _voettekst(),
        ]
    )


def _publicaties_bewaakt(server: flask.Flask, data: ServingData) -> None:
    """ServingData.bewaak, started by the first request this process serves rather than at import: a WSGI server
    that loads the app before forking its workers (gunicorn --preload) would leave the thread behind in the master,
    and an app that never serves (a test, a second app of `kernmonitor.wsgi`) starts none. Its stop function is
    `server.extensions["kernmonitor_bewaak"]`."""
    lock = threading.Lock()

    @server.before_request
    def _bewaak_publicaties() -> None:
        if "kernmonitor_bewaak" not in server.extensions:
            with lock:
                if "kernmonitor_bewaak" not in server.extensions:
                    server.extensions["kernmonitor_bewaak"] = data.bewaak()


def create_app(serving_path: Path, *, bewaak_publicaties: bool = False) -> dash.Dash:
    """The Dash app on one published serving file; with `bewaak_publicaties` (the server processes) every new
    publication is opened and its lists read within two seconds of being on disk (ServingData.bewaak)."""
    app = _Dash(
        # This module, not the package: Flask and Dash find their root from its file, which also works when
        # `dashboards` is resolved as a namespace package (an editable install made before it had __init__.py).
        # The page modules are then registered as `pages.<name>`.
        __name__,
        use_pages=True,
        pages_folder="pages",
        assets_folder=str(HERE / "assets"),
        title="kernmonitor",
        update_title=None,
        # Pages build their content per request; their callbacks refer to ids that only exist on that page.
        suppress_callback_exceptions=True,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "De feiten van elke kern op één plek."},
        ],
    )
    app.server.config[CONFIG_KEY] = data = ServingData(Path(serving_path))
    if bewaak_publicaties:
        _publicaties_bewaakt(app.server, data)
    _vernauwde_paginas()
    _caching_and_compression(app)
    app.layout = _shell
    # Plotly (4,8 MB, 1,2 MB compressed) is not preloaded: dcc.Graph fetches it with the first chart, after the
    # headline tiles. A preload in the page head (issue 18, first round) made the browser fetch and compile it
    # beside Dash's own scripts: the tiles came 0,19 s later (1,38 against 1,19 s, all of NL), the charts no sooner.
    app.index_string = app.index_string.replace("<html>", '<html lang="nl">')

    @app.callback(
        Output("menu", "is_open"), Input("menu-knop", "n_clicks"), State("menu", "is_open"), prevent_initial_call=True
    )
    def _menu(n_clicks: int | None, is_open: bool) -> bool:
        return not is_open

    # Dash hands the page modules' `dash.callback`s to the first app that answers a request. Claim them now, so
    # a second app in the same process (tests, a WSGI reload) gets exactly its own set.
    with app.server.app_context():
        app._setup_server()
    _page_in_layout(app, _kern_pages_kept(app))
    api.register(app.server, current_data)  # /api/: read-only JSON, behind the same login as the pages
    open_data.register(app.server, current_data)  # /open-data/: every mart as CSV, Parquet, XLSX
    return app
