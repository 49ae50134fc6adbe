"""Which serving file the running app reads.

`create_app` puts one ServingData on the Flask app; pages and callbacks reach it through `current_data()`, so two
apps in one process (tests) each read their own file, and plain functions simply take a ServingData argument.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

import flask
import pandas as pd

from dashboards.data import ServingData

CONFIG_KEY = "KERNMONITOR_DATA"


def current_data() -> ServingData:
    """The ServingData of the app that handles this request."""
    return flask.current_app.config[CONFIG_KEY]


# Narrowing to one gebiedsmakelaar's kernen (issue 15): `?gebiedsmakelaar=<werknaam>` in the URL narrows every page
# to the kernen the kernregister gives that gebiedsmakelaar or kernambtenaar. This is the one place that knows the
# parameter: app.py passes the kernen to each page (`vernauwde_parameters`) and names the narrowing above every page,
# and assets/vernauwing.js keeps the parameter on every link while navigating (menu, kern links, map clicks). An
# empty `?gebiedsmakelaar=` ends the narrowing.
PARAMETER = "gebiedsmakelaar"
MIJN_KERNEN = "/mijn-kernen"
# Per page (its module name): the parameters through which it is narrowed. `kern` and `kernen` take the kernen
# separated by commas; a page that shows one kern at a time (the profile, the Kansenkaart) only gets the gemeente.
PAGINA_PARAMETERS = {
    "overzicht": ("gemeente", "kernen"),
    "vergelijken": ("kernen",),
    "kernagenda": ("gemeente", "kern"),
    "doelen": ("gemeente", "kern"),
    "kansenkaart": ("gemeente",),
    "effectmeting": ("gemeente",),
}
KERN_PARAMETERS = ("kern", "kernen")


def vernauwing_uit(search: str | None) -> str | None:
    """The gebiedsmakelaar in a URL's query string ('?gebiedsmakelaar=A.%20de%20Vries'), or None."""
    if not search:
        return None
    waarden = parse_qs(search.lstrip("?"), keep_blank_values=True).get(PARAMETER)
    naam = " ".join(waarden[0].split()) if waarden else ""
    return naam or None


def met_vernauwing(href: str, gebiedsmakelaar: str | None) -> str:
    """An in-app link that keeps the narrowing: `href` with ?gebiedsmakelaar= added (unless it names one itself)."""
    if not gebiedsmakelaar or not href.startswith("/") or href.startswith("//"):
        return href
    delen = urlsplit(href)
    query = parse_qs(delen.query, keep_blank_values=True)
    if PARAMETER in query:
        return href
    extra = urlencode({PARAMETER: gebiedsmakelaar}, quote_via=quote)
    return urlunsplit(delen._replace(query=f"{delen.query}&{extra}" if delen.query else extra))


def kernen_van(data: ServingData, gebiedsmakelaar: str | None) -> pd.DataFrame:
    """The kernen (gemeentecode, kern, ...) the kernregister gives this gebiedsmakelaar; empty when unknown."""
    register = data.kernregister()
    if not gebiedsmakelaar or register.empty:
        return register.iloc[0:0]
    gezocht = " ".join(gebiedsmakelaar.split()).casefold()
    return register[register["gebiedsmakelaar"].str.casefold() == gezocht].reset_index(drop=True)


def vernauwde_parameters(parameters: dict, kernen: pd.DataFrame, gelezen: set[str]) -> dict:
    """A page's query parameters with the narrowing applied: a page that reads `gemeente`, `kern` or `kernen` (in
    `gelezen`) and got none gets the gebiedsmakelaar's gemeente and kernen. What the URL itself says wins."""
    if kernen.empty:
        return parameters
    nieuw = dict(parameters)
    if "gemeente" in gelezen and not nieuw.get("gemeente"):
        nieuw["gemeente"] = str(kernen["gemeentecode"].iloc[0])
    for naam in KERN_PARAMETERS:
        if naam in gelezen and not nieuw.get(naam):
            nieuw[naam] = ",".join(str(k) for k in kernen["kern"])
    return nieuw


def mijn_kernen_href(gebiedsmakelaar: str) -> str:
    """The Mijn kernen page of one gebiedsmakelaar."""
    return f"{MIJN_KERNEN}?{urlencode({PARAMETER: gebiedsmakelaar}, quote_via=quote)}"
