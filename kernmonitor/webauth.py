"""Optional HTTP basic authentication for the dashboard on a shared server.

Set KERNMONITOR_USER and KERNMONITOR_PASSWORD and every request needs them; set neither and the dashboard is open
(it binds to 127.0.0.1 by default, so only this machine reaches it). Setting only one of the two is refused:
a typo in a service file must not leave the dashboard open while the beheerder believes it is closed.

Basic authentication sends the password with every request, readable to anyone on the network path: on a
shared server, put the dashboard behind a reverse proxy with TLS (see docs/beheer.md).
"""

from __future__ import annotations

import hmac
import os

import flask

USER_VARIABLE = "KERNMONITOR_USER"
PASSWORD_VARIABLE = "KERNMONITOR_PASSWORD"
REALM = "kernmonitor"


class AuthConfigError(RuntimeError):
    """Only one of the two variables is set."""


def credentials_from_env(environ=None) -> tuple[str, str] | None:
    """(user, password) when both variables are set, None when neither is; AuthConfigError otherwise."""
    environ = os.environ if environ is None else environ
    user, password = environ.get(USER_VARIABLE, ""), environ.get(PASSWORD_VARIABLE, "")
    if not user and not password:
        return None
    if not user or not password:
        missing = USER_VARIABLE if not user else PASSWORD_VARIABLE
        raise AuthConfigError(
            f"{missing} is niet gezet: zet {USER_VARIABLE} en {PASSWORD_VARIABLE} allebei (wachtwoord vereist)"
            " of geen van beide (dashboard open, alleen bereikbaar op deze machine)."
        )
    return user, password


def protect(server: flask.Flask, credentials: tuple[str, str] | None = None, environ=None) -> bool:
    """Require basic authentication on every route of `server` when credentials are configured.

    `credentials` wins over the environment (tests); returns whether authentication is now required.
    """
    credentials = credentials or credentials_from_env(environ)
    if credentials is None:
        return False
    expected_user, expected_password = (part.encode("utf-8") for part in credentials)

    @server.before_request
    def _require_login():
        auth = flask.request.authorization
        # Compare both in constant time, and always both, so the answer time does not tell which one was wrong.
        user_ok = hmac.compare_digest((auth.username or "").encode("utf-8") if auth else b"", expected_user)
        password_ok = hmac.compare_digest((auth.password or "").encode("utf-8") if auth else b"", expected_password)
        if auth is not None and auth.type == "basic" and user_ok and password_ok:
            return None
        return flask.Response(
            "Inloggen vereist voor de kernmonitor.\n",
            status=401,
            headers={"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'},
            mimetype="text/plain",
        )

    return True
