"""The request a browser sends when Dash's pages router shows a URL (a click on a link inside the app).

One definition for everything that asks for a page without a browser: the kern page built ahead of the browser's
own request (dashboards/app.py), the tests of page answers, caching and accounts, and the dashboard benchmarks. The
ids are Dash pages' own (`_pages_location`, `_pages_content`, `_pages_store`).
"""

from __future__ import annotations

ENDPOINT = "_dash-update-component"


def router_request(pathname: str, search: str = "") -> dict:
    """The JSON body of the router's callback for `pathname` with query string `search` ("" or "?a=b")."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }
