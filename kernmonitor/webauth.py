"""Who may see the dashboard, and the security headers on every answer.

One function, `protect(app, home)`, is what both `kernmonitor serve` and the WSGI entry point (gunicorn) apply:

- **Security headers** on every answer (pages, Dash requests, assets, 401, 403, 404, 429): a Content-Security-Policy
  that allows no external origin, X-Content-Type-Options, frame-ancestors 'none' with X-Frame-Options DENY, and a
  Referrer-Policy.
- **Accounts** (HTTP basic authentication) when KERNMONITOR_HOME/gebruikers.json exists (`kernmonitor gebruiker
  toevoegen`, see kernmonitor/accounts.py) or KERNMONITOR_USER and KERNMONITOR_PASSWORD are set (one account, role
  beheerder; setting only one of the two is refused: a typo in a service file must not leave the dashboard open
  while the beheerder believes it is closed). With neither the dashboard is open and binds to 127.0.0.1 by
  default: whoever reaches it is on this machine and is treated as beheerder.
- **Roles**: a `lezer` reads; the operational page (/beheer) answers a lezer with a Dutch 403. Dash pages route in
  the browser, so the page's layout function checks `is_beheerder()` as well.
- **Slowing down guessing**: after 5 failed attempts for one user name (20 for one client address) that name or
  address gets 429 with Retry-After, 2 s doubling up to 5 minutes, even for the right password; a success clears
  the name's count. The counts live in the process (each gunicorn worker keeps its own) and are forgotten after
  15 minutes without a failure. Behind a reverse proxy every client has the proxy's address: the per-name limit
  still holds, the per-address one then covers everybody together.

Basic authentication sends the password with every request, readable to anyone on the network path: on a
shared server, put the dashboard behind a reverse proxy with TLS (see docs/beheer.md). Checking a scrypt hash
costs ≈ 0,1 s, too much for every Dash request, so a successful check is remembered for 5 minutes as a keyed
hash (HMAC with a random per-process key) of name and password, and forgotten when the accounts file changes.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import flask

from kernmonitor.accounts import BEHEERDER, Account, AccountError, accounts_path, read_accounts, verify

USER_VARIABLE = "KERNMONITOR_USER"
PASSWORD_VARIABLE = "KERNMONITOR_PASSWORD"
REALM = "kernmonitor"
OPERATIONAL_PATHS = ("/beheer",)
VERIFIED_SECONDS = 300.0
LIMIT_PER_NAME = 5
LIMIT_PER_ADDRESS = 20
FIRST_DELAY = 2.0
MAX_DELAY = 300.0
FORGET_AFTER = 900.0
_USER_KEY = "kernmonitor_user"
_CONFIG_KEY = "KERNMONITOR_AUTH"

log = logging.getLogger(__name__)

# Why each allowance is there (checked in headless Chromium: tests/browser/test_security_headers_browser.py).
# - script-src: only our own files plus the hashes of Dash's inline scripts (the renderer start-up line and any
#   clientside callback), from `app.csp_hashes()`; no 'unsafe-inline', no 'unsafe-eval' (Plotly 3 needs neither).
# - style-src 'unsafe-inline': Plotly writes <style> elements and style attributes for every chart, and Dash
#   components set style attributes; there is no nonce or hash mechanism for those.
# - img-src data:: Bootstrap's CSS draws the select arrow and the navbar toggler as data: SVG images; Plotly's
#   modebar and image export use data: and blob: URLs.
BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


class AuthConfigError(RuntimeError):
    """Only one of the two variables is set, or the accounts file cannot be read."""


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


def content_security_policy(script_hashes: list[str] | tuple[str, ...] = ()) -> str:
    policy = {**BASE_POLICY, "script-src": [*BASE_POLICY["script-src"], *script_hashes]}
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def security_headers(script_hashes: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(script_hashes),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",  # for browsers that predate frame-ancestors
        "Referrer-Policy": "same-origin",
    }


@dataclass
class Throttle:
    """Failed attempts per key ("naam:…", "adres:…"); a key over its limit is refused until its delay has passed."""

    clock: object = time.monotonic
    max_keys: int = 10_000
    _failures: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # count, last failure, blocked until
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, keys: list[str]) -> float:
        """Seconds until all `keys` may try again (0: now)."""
        now = self.clock()
        with self._lock:
            return max((self._failures.get(k, (0, 0.0, 0.0))[2] - now for k in keys), default=0.0) if keys else 0.0

    def failed(self, limits: dict[str, int]) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) >= self.max_keys:
                self._failures = {k: v for k, v in self._failures.items() if now - v[1] < FORGET_AFTER}
            for key, limit in limits.items():
                count, last, _ = self._failures.get(key, (0, now, 0.0))
                count = 1 if now - last >= FORGET_AFTER else count + 1
                blocked = now + min(MAX_DELAY, FIRST_DELAY * 2 ** (count - limit)) if count >= limit else 0.0
                self._failures[key] = (count, now, blocked)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class Gatekeeper:
    """The accounts in force for one app: the file (re-read when it changes) and the environment's account."""

    def __init__(self, home: Path | None, credentials: tuple[str, str] | None, clock=time.monotonic) -> None:
        self.path = accounts_path(home) if home is not None else None
        self.credentials = credentials
        self.clock = clock
        self.throttle = Throttle(clock=clock)
        self._key = os.urandom(32)
        self._lock = threading.Lock()
        self._file_key: tuple | None = None
        self._accounts: dict[str, Account] = {}
        self._verified: dict[bytes, tuple[str, str, float]] = {}

    def _stat(self) -> tuple | None:
        if self.path is None:
            return None
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def active(self) -> bool:
        """Whether a password is required now (the file may be created or removed while the server runs)."""
        return self.credentials is not None or self._stat() is not None

    def accounts(self) -> dict[str, Account]:
        """The file's accounts, re-read when the file changed; AccountError when it cannot be read."""
        key = self._stat()
        with self._lock:
            if key != self._file_key:
                self._accounts = read_accounts(self.path) if key is not None else {}
                self._file_key = key
                self._verified.clear()
            return self._accounts

    def check(self, name: str, password: str) -> str | None:
        """The role of `name` when `password` is right, else None."""
        accounts = self.accounts()
        memo = hmac.new(self._key, f"{name}\0{password}".encode(), hashlib.sha256).digest()
        now = self.clock()
        with self._lock:
            known = self._verified.get(memo)
        if known is not None and known[2] > now:
            return known[1]
        role = None
        if self.credentials is not None:
            expected_user, expected_password = (part.encode("utf-8") for part in self.credentials)
            # Compare both in constant time, and always both, so the answer time does not tell which one was wrong.
            user_ok = hmac.compare_digest(name.encode("utf-8"), expected_user)
            password_ok = hmac.compare_digest(password.encode("utf-8"), expected_password)
            if user_ok and password_ok:
                role = BEHEERDER
        # Always one hash check (a dummy one for an unknown name), so the time does not tell which names exist.
        env_name = self.credentials is not None and name == self.credentials[0]
        account = None if env_name else accounts.get(name)
        if verify(account, password) and role is None:
            role = account.role
        if role is not None:
            with self._lock:
                self._verified[memo] = (name, role, now + VERIFIED_SECONDS)
        return role


def _text(message: str, status: int, headers: dict[str, str] | None = None) -> flask.Response:
    return flask.Response(message + "\n", status=status, headers=headers or {}, mimetype="text/plain")


def _unauthorized() -> flask.Response:
    return _text(
        "Inloggen vereist voor de kernmonitor.",
        401,
        {"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'},
    )


def protect(
    app, home: Path | str | None = None, credentials: tuple[str, str] | None = None, environ=None, clock=time.monotonic
) -> bool:
    """Apply the security headers and, when configured, accounts and roles to `app` (a Dash app or a Flask server).

    `home` is the KERNMONITOR_HOME whose gebruikers.json holds the accounts (None: only the environment's account);
    `credentials` wins over the environment (tests). Returns whether a password is required now.
    """
    server: flask.Flask = getattr(app, "server", app)
    plain_headers = security_headers()
    gate = Gatekeeper(Path(home) if home is not None else None, credentials or credentials_from_env(environ), clock)
    if gate.path is not None:
        try:
            gate.accounts()  # a broken file stops the start, with the file and the problem named
        except AccountError as error:
            raise AuthConfigError(str(error)) from error
    server.config[_CONFIG_KEY] = gate

    @server.after_request
    def _security_headers(response: flask.Response) -> flask.Response:
        # The hashes of Dash's inline scripts, asked for every answer: Dash pages registers its clientside title
        # callback (an inline script) only at the first request, after this function ran. Hashing a few short
        # scripts costs microseconds.
        headers = security_headers(app.csp_hashes()) if hasattr(app, "csp_hashes") else plain_headers
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    @server.before_request
    def _require_login():
        if not gate.active():
            return None
        auth = flask.request.authorization
        if auth is None or auth.type != "basic":
            return _unauthorized()
        name, password = auth.username or "", auth.password or ""
        limits = {f"naam:{name}": LIMIT_PER_NAME, f"adres:{flask.request.remote_addr}": LIMIT_PER_ADDRESS}
        wait = gate.throttle.retry_after(list(limits))
        if wait > 0:
            return _text(
                f"Te veel mislukte pogingen om in te loggen. Probeer het over {math.ceil(wait)} seconden opnieuw.",
                429,
                {"Retry-After": str(math.ceil(wait))},
            )
        try:
            role = gate.check(name, password)
        except AccountError as error:
            log.error("accountbestand onleesbaar: %s", error)
            return _text(f"Het accountbestand is onleesbaar; de beheerder moet het herstellen. {error}", 503)
        if role is None:
            gate.throttle.failed(limits)
            return _unauthorized()
        gate.throttle.succeeded(f"naam:{name}")
        flask.g.setdefault(_USER_KEY, (name, role))
        if flask.request.path.rstrip("/").lower() in OPERATIONAL_PATHS and role != BEHEERDER:
            return _text(f"Geen toegang: de pagina Beheer is alleen voor beheerders (u bent ingelogd als {role}).", 403)
        return None

    return gate.active()


def current_user() -> tuple[str, str] | None:
    """(name, role) of whoever made this request; None when nobody logged in (an open dashboard, no request)."""
    if not flask.has_request_context():
        return None
    return flask.g.get(_USER_KEY)


def is_beheerder() -> bool:
    """Whether this request may see the operational information: a beheerder, or anybody on an open dashboard."""
    if not flask.has_request_context():
        return False
    gate: Gatekeeper | None = flask.current_app.config.get(_CONFIG_KEY)
    user = current_user()
    if user is not None:
        return user[1] == BEHEERDER
    return gate is None or not gate.active()


def accounts_of_this_app() -> list[tuple[str, str]]:
    """(name, role) of every account this app accepts, the environment's one included; read-only, for /beheer."""
    gate: Gatekeeper | None = flask.current_app.config.get(_CONFIG_KEY) if flask.has_request_context() else None
    if gate is None:
        return []
    listed = [(a.name, a.role) for a in gate.accounts().values()]
    if gate.credentials is not None:
        listed = [(gate.credentials[0], BEHEERDER), *(a for a in listed if a[0] != gate.credentials[0])]
    return sorted(listed, key=lambda a: a[0].casefold())
