"""Which serving file the running app reads.

`create_app` puts one ServingData on the Flask app; pages and callbacks reach it through `current_data()`, so two
apps in one process (tests) each read their own file, and plain functions simply take a ServingData argument.
"""

from __future__ import annotations

import flask

from dashboards.data import ServingData

CONFIG_KEY = "KERNMONITOR_DATA"


def current_data() -> ServingData:
    """The ServingData of the app that handles this request."""
    return flask.current_app.config[CONFIG_KEY]
