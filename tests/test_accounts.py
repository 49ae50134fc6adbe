"""Accounts instead of one shared password: the `kernmonitor gebruiker` commands, roles, slowing down guessing, and
the security headers on every answer, through the same `protect()` that `kernmonitor serve` and gunicorn use."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import duckdb
import pytest

from dashboards.app import PAGINA_KOP
from dashboards.router import ENDPOINT, router_request
from kernmonitor import accounts, cli, webauth
from kernmonitor.accounts import ACCOUNTS_FILE, AccountError, read_accounts
from kernmonitor.webauth import AuthConfigError, protect

PASSWORD = "een-lang-wachtwoord"


def gebruiker(home: Path, monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """Run `kernmonitor gebruiker ARGS` with KERNMONITOR_HOME=home; (exit code, stdout, stderr)."""
    import io

    monkeypatch.setenv("KERNMONITOR_HOME", str(home))
    monkeypatch.delenv("KERNMONITOR_USER", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["gebruiker", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def add(home: Path, monkeypatch, capsys, name: str, role: str = "lezer", password: str = PASSWORD) -> None:
    code, _, err = gebruiker(
        home, monkeypatch, capsys, "toevoegen", name, "--rol", role, "--wachtwoord-stdin", stdin=password + "\n"
    )
    assert code == 0, err


@pytest.fixture
def serving(tmp_path: Path) -> Path:
    """The few marts the shell and the Beheer page read, with one loaded export and one rejected row."""
    path = tmp_path / "serving.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.publicatie as select '20261201T120000Z-abcdef12' as versie,"
            " now()::timestamptz as gepubliceerd_op, 4 as tabellen"
        )
        con.execute(
            "create table marts.bronnen as select 'CBS Kerncijfers wijken en buurten' as bron, '85984NED' as tabel,"
            " 2024 as jaar, 'titel' as titel, '2025-03-27' as revisie, 'snapshot' as soort,"
            " null as ontbrekende_maten, now()::timestamptz as geladen_op"
        )
        con.execute(
            "create table marts.beheer_exportbestanden as select 1 as load_id, 'abc' as file_sha256,"
            " 'subsidies_2024.xlsx' as bestand, 'subsidies' as soort, 'GM1960' as gemeentecode,"
            " null::date as peildatum, 2024 as jaar_van, 2024 as jaar_tot, 10 as rijen, 9 as opgenomen,"
            " 1 as afgewezen, 0 as overgeslagen, 0 as verbeterd, now()::timestamp as geladen_op, false as vervangen"
        )
        con.execute(
            "create table marts.beheer_afgewezen_rijen as select 'abc' as file_sha256,"
            " 'subsidies_2024.xlsx' as bestand, 7 as rij, 'Bedrag' as kolom, '-250' as waarde,"
            " 'bedrag is negatief (-250,00); verwacht een bedrag van 0 of meer' as reden"
        )
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


def dashboard(serving: Path, home: Path, environ: dict | None = None, clock=None):
    """The real Dash app on `serving`, protected as `kernmonitor serve` does; its Flask test client."""
    from dashboards.app import create_app

    app = create_app(serving)
    kwargs = {"clock": clock} if clock else {}
    protect(app, home=home, environ=environ or {}, **kwargs)
    return app.server.test_client()


# The commands ---------------------------------------------------------------------------------------------------


def test_added_accounts_are_listed_with_their_role_and_stored_as_salted_hashes_only(home, monkeypatch, capsys):
    add(home, monkeypatch, capsys, "anna", "beheerder")
    add(home, monkeypatch, capsys, "bert")  # the same password
    code, out, _ = gebruiker(home, monkeypatch, capsys, "lijst")
    assert code == 0
    assert [line.split("\t")[:2] for line in out.splitlines()] == [["anna", "beheerder"], ["bert", "lezer"]]

    path = home / ACCOUNTS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text
    hashes = [entry["hash"] for entry in json.loads(text)["gebruikers"].values()]
    assert hashes[0] != hashes[1], "the same password must give different hashes (a salt per password)"
    assert all(h.startswith(("scrypt:", "pbkdf2:")) for h in hashes)
    assert not list(home.glob("*.tmp"))


def test_removing_an_account_takes_it_off_the_list(home, monkeypatch, capsys):
    add(home, monkeypatch, capsys, "anna")
    add(home, monkeypatch, capsys, "bert")
    code, out, _ = gebruiker(home, monkeypatch, capsys, "verwijderen", "anna")
    assert code == 0 and "nog 1 gebruiker" in out
    assert list(read_accounts(home / ACCOUNTS_FILE)) == ["bert"]
    code, _, err = gebruiker(home, monkeypatch, capsys, "verwijderen", "anna")
    assert code == 2 and "'anna' staat niet in" in err and "bert" in err


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("anna", "kort", "verwacht minstens 12 tekens"),
        ("an:na", PASSWORD, "dubbele punt"),
        ("   ", PASSWORD, "gebruikersnaam is leeg"),
    ],
)
def test_a_bad_name_or_password_is_refused_in_dutch_and_nothing_is_written(
    home, monkeypatch, capsys, name, password, message
):
    args = ("toevoegen", name, "--wachtwoord-stdin")
    code, _, err = gebruiker(home, monkeypatch, capsys, *args, stdin=password + "\n")
    assert code == 2 and message in err
    assert not (home / ACCOUNTS_FILE).exists()


def test_an_existing_name_is_not_overwritten(home, monkeypatch, capsys):
    add(home, monkeypatch, capsys, "anna")
    before = (home / ACCOUNTS_FILE).read_bytes()
    code, _, err = gebruiker(home, monkeypatch, capsys, "toevoegen", "anna", "--wachtwoord-stdin", stdin="x" * 20)
    assert code == 2 and "bestaat al" in err
    assert (home / ACCOUNTS_FILE).read_bytes() == before


def test_the_password_is_asked_twice_and_must_match(home, monkeypatch, capsys):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(accounts.getpass, "getpass", lambda prompt: next(answers))
    code, _, err = gebruiker(home, monkeypatch, capsys, "toevoegen", "anna")
    assert code == 2 and "verschillen" in err
    answers = iter([PASSWORD, PASSWORD])
    code, _, _ = gebruiker(home, monkeypatch, capsys, "toevoegen", "anna")
    assert code == 0 and list(read_accounts(home / ACCOUNTS_FILE)) == ["anna"]


def test_a_broken_accounts_file_stops_the_start_naming_the_file(home, serving):
    (home / ACCOUNTS_FILE).write_text('{"gebruikers": {"anna": {"rol": "baas", "hash": "x"}}}', encoding="utf-8")
    with pytest.raises(AuthConfigError, match=r"gebruikers\.json: gebruiker 'anna': verwacht \"rol\""):
        dashboard(serving, home)


# Logging in and roles --------------------------------------------------------------------------------------------


@pytest.fixture
def team(home, monkeypatch, capsys) -> Path:
    add(home, monkeypatch, capsys, "lees", "lezer")
    add(home, monkeypatch, capsys, "baas", "beheerder")
    return home


def test_every_request_needs_a_known_account_and_its_own_password(team, serving):
    client = dashboard(serving, team)
    assert client.get("/").status_code == 401
    assert client.get("/", auth=("lees", PASSWORD + "x")).status_code == 401
    assert client.get("/", auth=("niemand", PASSWORD)).status_code == 401
    assert client.get("/", auth=("lees", PASSWORD)).status_code == 200
    assert client.get("/_dash-layout", auth=("baas", PASSWORD)).status_code == 200


def test_a_lezer_gets_a_dutch_403_for_the_beheer_page_and_a_beheerder_sees_it(team, serving):
    client = dashboard(serving, team)
    refused = client.get("/beheer", auth=("lees", PASSWORD))
    assert refused.status_code == 403 and "alleen voor beheerders" in refused.text
    assert client.get("/beheer/", auth=("lees", PASSWORD)).status_code == 403
    assert client.get("/beheer", auth=("baas", PASSWORD)).status_code == 200


def test_routing_to_beheer_in_the_browser_shows_the_page_to_a_beheerder_only(team, serving):
    client = dashboard(serving, team)
    as_lezer = client.post(f"/{ENDPOINT}", json=router_request("/beheer"), auth=("lees", PASSWORD))
    assert as_lezer.status_code == 200
    assert "Geen toegang" in as_lezer.text and "subsidies_2024.xlsx" not in as_lezer.text
    as_beheerder = client.post(f"/{ENDPOINT}", json=router_request("/beheer"), auth=("baas", PASSWORD))
    text = as_beheerder.text
    assert "Geen toegang" not in text
    for shown in ("20261201T120000Z-abcdef12", "85984NED", "subsidies_2024.xlsx", "bedrag is negatief", "lees"):
        assert shown in text, shown
    assert '"beheerder"' in text and '"lezer"' in text  # the accounts with their roles


def test_the_layout_holds_the_beheer_page_for_whoever_asks_with_their_own_login(team, serving):
    """Opened by its address, a page comes inside Dash's layout (dashboards/app.py, _page_in_layout), built for the
    reader whose browser asks: a beheerder sees Beheer, a lezer (asking by hand: the page itself is a 403 to them)
    the refusal, as the router would answer them."""
    client = dashboard(serving, team)
    adres = {PAGINA_KOP: "/beheer"}
    as_beheerder = client.get("/_dash-layout", headers=adres, auth=("baas", PASSWORD)).text
    assert "Geen toegang" not in as_beheerder
    assert "subsidies_2024.xlsx" in as_beheerder and '"beheerder"' in as_beheerder
    as_lezer = client.get("/_dash-layout", headers=adres, auth=("lees", PASSWORD)).text
    assert "Geen toegang" in as_lezer and "subsidies_2024.xlsx" not in as_lezer


def test_the_environment_account_still_works_as_beheerder_next_to_the_file(team, serving):
    client = dashboard(serving, team, {"KERNMONITOR_USER": "gemeente", "KERNMONITOR_PASSWORD": "geheim-genoeg"})
    assert client.get("/beheer", auth=("gemeente", "geheim-genoeg")).status_code == 200
    assert client.get("/", auth=("gemeente", "fout")).status_code == 401
    assert client.get("/", auth=("lees", PASSWORD)).status_code == 200


def test_an_account_added_or_removed_while_the_dashboard_runs_counts_at_the_next_request(
    home, serving, monkeypatch, capsys
):
    client = dashboard(serving, home)
    assert client.get("/").status_code == 200  # no accounts yet: open (on this machine only)
    add(home, monkeypatch, capsys, "anna")
    assert client.get("/").status_code == 401
    assert client.get("/", auth=("anna", PASSWORD)).status_code == 200
    gebruiker(home, monkeypatch, capsys, "verwijderen", "anna")
    # The last account gone locks the dashboard; it does not open it.
    assert client.get("/", auth=("anna", PASSWORD)).status_code == 401
    assert client.get("/").status_code == 401


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_repeated_wrong_passwords_are_refused_for_a_while_even_the_right_one(team, serving):
    clock = Clock()
    client = dashboard(serving, team, clock=clock)
    for _ in range(webauth.LIMIT_PER_NAME):
        assert client.get("/", auth=("lees", "geraden")).status_code == 401
    slowed = client.get("/", auth=("lees", PASSWORD))
    assert slowed.status_code == 429 and "Te veel mislukte pogingen" in slowed.text
    wait = int(slowed.headers["Retry-After"])
    assert wait >= 1
    assert client.get("/", auth=("baas", PASSWORD)).status_code == 200  # another name is not held up
    clock.now += wait
    assert client.get("/", auth=("lees", PASSWORD)).status_code == 200
    # One more failure after a success starts counting again from one.
    assert client.get("/", auth=("lees", "geraden")).status_code == 401
    assert client.get("/", auth=("lees", PASSWORD)).status_code == 200


def test_the_delay_grows_with_every_further_failure(team, serving):
    clock = Clock()
    client = dashboard(serving, team, clock=clock)
    for _ in range(webauth.LIMIT_PER_NAME):
        client.get("/", auth=("lees", "geraden"))
    waits = [int(client.get("/", auth=("lees", "geraden")).headers["Retry-After"])]
    for _ in range(3):
        clock.now += waits[-1]  # wait as told, then guess wrong once more
        assert client.get("/", auth=("lees", "geraden")).status_code == 401
        waits.append(int(client.get("/", auth=("lees", PASSWORD)).headers["Retry-After"]))
    assert waits == sorted(set(waits)) and waits[-1] >= 4 * waits[0]


def test_one_address_guessing_many_names_is_slowed_down_too(team, serving):
    client = dashboard(serving, team, clock=Clock())
    for n in range(webauth.LIMIT_PER_ADDRESS):
        assert client.get("/", auth=(f"naam{n}", "geraden")).status_code == 401
    assert client.get("/", auth=("lees", PASSWORD)).status_code == 429


# Security headers ------------------------------------------------------------------------------------------------


def assert_security_headers(response) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    # No external origin anywhere: only 'self', 'none', hashes and the data:/blob: schemes.
    sources = {s for value in directives.values() for s in value.split()}
    assert all(re.fullmatch(r"'(self|none|unsafe-inline|sha256-[A-Za-z0-9+/=]+)'|data:|blob:", s) for s in sources)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_every_answer_carries_the_security_headers(team, serving):
    client = dashboard(serving, team, clock=Clock())
    answers = {
        "pagina": client.get("/", auth=("lees", PASSWORD)),
        "dash": client.get("/_dash-layout", auth=("lees", PASSWORD)),
        "asset": client.get("/assets/bootstrap.min.css", auth=("lees", PASSWORD)),
        "401": client.get("/"),
        "403": client.get("/beheer", auth=("lees", PASSWORD)),
        "404": client.get("/assets/bestaat-niet.css", auth=("lees", PASSWORD)),
    }
    for _ in range(webauth.LIMIT_PER_NAME):
        client.get("/", auth=("baas", "geraden"))
    answers["429"] = client.get("/", auth=("baas", PASSWORD))
    assert {kind: r.status_code for kind, r in answers.items()} == {
        "pagina": 200, "dash": 200, "asset": 200, "401": 401, "403": 403, "404": 404, "429": 429
    }  # fmt: skip
    for kind, response in answers.items():
        try:
            assert_security_headers(response)
        except (AssertionError, KeyError) as error:
            raise AssertionError(f"{kind}: {response.headers}") from error


def test_the_policy_allows_exactly_the_inline_scripts_dash_renders(serving, home):
    """The page's inline <script>s are Dash's renderer start-up; each must match a hash in script-src."""
    import base64
    import hashlib

    client = dashboard(serving, home)
    page = client.get("/")
    policy = page.headers["Content-Security-Policy"]
    html = re.sub(r"<!--.*?-->", "", page.text, flags=re.S)  # Dash's Internet Explorer warning is in a comment
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S)
    assert inline, "Dash renders at least its renderer start-up inline"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_serve_and_the_wsgi_entry_point_both_protect_the_same_way(team, serving, monkeypatch):
    import dash

    from kernmonitor.wsgi import create_application

    monkeypatch.setenv("KERNMONITOR_HOME", str(team))
    monkeypatch.delenv("KERNMONITOR_USER", raising=False)
    monkeypatch.delenv("KERNMONITOR_PASSWORD", raising=False)
    served = []
    monkeypatch.setattr(dash.Dash, "run", lambda self, **kwargs: served.append(self))
    # `kernmonitor serve` reads the home's serving file.
    (team / "serving.duckdb").write_bytes(serving.read_bytes())
    assert cli.main(["serve"]) == 0
    clients = {"serve": served[0].server.test_client(), "wsgi": create_application(serving).test_client()}
    for name, client in clients.items():
        assert client.get("/").status_code == 401, name
        assert client.get("/beheer", auth=("lees", PASSWORD)).status_code == 403, name
        assert client.get("/beheer", auth=("baas", PASSWORD)).status_code == 200, name
        assert_security_headers(client.get("/"))


def test_an_unreadable_accounts_file_locks_the_running_dashboard(team, serving):
    client = dashboard(serving, team)
    assert client.get("/", auth=("lees", PASSWORD)).status_code == 200
    (team / ACCOUNTS_FILE).write_text("{kapot", encoding="utf-8")
    broken = client.get("/", auth=("lees", PASSWORD))
    assert broken.status_code == 503 and "gebruikers.json: geen geldige JSON" in broken.text


def test_read_accounts_names_the_file_and_the_problem(tmp_path):
    path = tmp_path / ACCOUNTS_FILE
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(AccountError, match=r"gebruikers\.json: verwacht een object"):
        read_accounts(path)
