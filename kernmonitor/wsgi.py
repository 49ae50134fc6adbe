"""The production entry point: a WSGI server (gunicorn, waitress) serves `kernmonitor.wsgi:application`.

    gunicorn --workers 2 --threads 4 --bind 127.0.0.1:8050 kernmonitor.wsgi:application

The dashboard reads the published serving file of the configured KERNMONITOR_HOME (read-only, short-lived
connections). `kernmonitor.webauth.protect` adds the security headers to every answer and asks for a password
when KERNMONITOR_HOME/gebruikers.json exists or KERNMONITOR_USER and KERNMONITOR_PASSWORD are set, exactly as
`kernmonitor serve` does.
"""

from __future__ import annotations

from pathlib import Path

import flask

from kernmonitor.config import load_config
from kernmonitor.webauth import protect


def create_application(serving_path: Path | str | None = None, home: Path | str | None = None) -> flask.Flask:
    """The Flask server of the Dash app, with headers, accounts and roles applied (KERNMONITOR_HOME by default)."""
    from dashboards.app import create_app

    cfg = load_config()
    serving = Path(serving_path) if serving_path else cfg.serving_path
    app = create_app(serving, bewaak_publicaties=True)
    protect(app, home=Path(home) if home else cfg.home)
    return app.server


application = create_application()
