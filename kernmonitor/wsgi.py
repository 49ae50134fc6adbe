"""The production entry point: a WSGI server (gunicorn, waitress) serves `kernmonitor.wsgi:application`.

    gunicorn --workers 2 --threads 4 --bind 127.0.0.1:8050 kernmonitor.wsgi:application

The dashboard reads the published serving file of the configured KERNMONITOR_HOME (read-only, short-lived
connections), and asks for a password when KERNMONITOR_USER and KERNMONITOR_PASSWORD are set.
"""

from __future__ import annotations

from pathlib import Path

import flask

from kernmonitor.config import load_config
from kernmonitor.webauth import protect


def create_application(serving_path: Path | str | None = None) -> flask.Flask:
    """The Flask server of the Dash app, with authentication applied when configured."""
    from dashboards.app import create_app

    serving = Path(serving_path) if serving_path else load_config().serving_path
    server = create_app(serving).server
    protect(server)
    return server


application = create_application()
