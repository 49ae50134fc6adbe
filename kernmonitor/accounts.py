"""Dashboard accounts: names, roles and salted password hashes in KERNMONITOR_HOME/gebruikers.json.

    kernmonitor gebruiker toevoegen NAAM [--rol lezer|beheerder] [--wachtwoord-stdin]
    kernmonitor gebruiker verwijderen NAAM
    kernmonitor gebruiker lijst

Two roles: a `lezer` reads the dashboard; a `beheerder` also sees the operational page (/beheer) and, on the server,
manages the accounts with the commands above (the app itself never changes an account). Passwords are hashed with
werkzeug.security (scrypt, a random salt per password; already installed with Flask); the file holds only the
hashes, is written atomically (a temporary file, fsync, os.replace) with mode 0600, and changes are serialised
with a lock file, so two commands at the same moment lose nothing. A running dashboard picks up a changed file at
its next request.

The file existing at all switches authentication on, even when it holds no account any more: removing the last
account locks the dashboard, it never opens it. Delete the file to run the dashboard without passwords again.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import json
import os
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

ACCOUNTS_FILE = "gebruikers.json"
LEZER = "lezer"
BEHEERDER = "beheerder"
ROLES = (LEZER, BEHEERDER)
MIN_PASSWORD_LENGTH = 12
MAX_NAME_LENGTH = 64
FORMAT_VERSION = 1
# A hash of no password anybody knows: checked for an unknown name too, so the answer time does not tell which
# names exist. Made once per process (≈ 0,1 s).
_DUMMY_HASH: str | None = None


class AccountError(ValueError):
    """A name, password, role or accounts file that cannot be used; the message is Dutch and names the problem."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str
    created: str = ""


def accounts_path(home: Path | str) -> Path:
    return Path(home) / ACCOUNTS_FILE


def check_name(name: str) -> str:
    """The name as stored (NFC, no surrounding spaces); AccountError when it cannot be a login name."""
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise AccountError("De gebruikersnaam is leeg.")
    if len(name) > MAX_NAME_LENGTH:
        raise AccountError(f"De gebruikersnaam is {len(name)} tekens lang; verwacht hoogstens {MAX_NAME_LENGTH}.")
    if ":" in name or any(unicodedata.category(c)[0] in "CZ" and c != " " for c in name):
        # Basic authentication splits "naam:wachtwoord" at the first colon.
        raise AccountError(f"De gebruikersnaam {name!r} bevat een dubbele punt of een stuurteken; die mogen niet.")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"Het wachtwoord is {len(password)} tekens lang; verwacht minstens {MIN_PASSWORD_LENGTH} tekens."
        )
    if any(unicodedata.category(c) == "Cc" for c in password):
        raise AccountError("Het wachtwoord bevat een stuurteken (bijvoorbeeld een tab of regeleinde); dat mag niet.")
    return password


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"Onbekende rol {role!r}; verwacht {' of '.join(ROLES)}.")
    return role


def read_accounts(path: Path) -> dict[str, Account]:
    """The accounts in `path` ({} when the file does not exist); AccountError naming the file and the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise AccountError(f"{path}: niet te lezen ({error.strerror}).") from error
    try:
        data = json.loads(text)
    except ValueError as error:
        raise AccountError(f"{path}: geen geldige JSON (regel {error.lineno}, kolom {error.colno}).") from error
    users = data.get("gebruikers") if isinstance(data, dict) else None
    if not isinstance(users, dict):
        raise AccountError(f'{path}: verwacht een object met de sleutel "gebruikers" (naam → rol en hash).')
    accounts = {}
    for name, entry in users.items():
        if not isinstance(entry, dict) or entry.get("rol") not in ROLES or not str(entry.get("hash", "")):
            raise AccountError(
                f'{path}: gebruiker {name!r}: verwacht "rol" ({" of ".join(ROLES)}) en "hash"; gevonden {entry!r}.'
            )
        accounts[name] = Account(name, entry["rol"], str(entry["hash"]), str(entry.get("aangemaakt", "")))
    return accounts


def write_accounts(path: Path, accounts: dict[str, Account]) -> None:
    """Replace `path` atomically: a power cut leaves the old or the new file, never half of one."""
    data = {
        "versie": FORMAT_VERSION,
        "gebruikers": {
            a.name: {"rol": a.role, "hash": a.password_hash, "aangemaakt": a.created}
            for a in sorted(accounts.values(), key=lambda a: a.name.casefold())
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # also when an old .tmp with wider rights was left behind
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    # The rename itself is durable once the directory is synced.
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise read-modify-write of the accounts file between processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def add_account(path: Path, name: str, password: str, role: str = LEZER) -> Account:
    name, role = check_name(name), check_role(role)
    check_password(password)
    with _locked(path):
        accounts = read_accounts(path)
        if name in accounts:
            raise AccountError(
                f"Gebruiker {name!r} bestaat al in {path}; verwijder hem eerst om wachtwoord of rol te wijzigen."
            )
        created = datetime.now(UTC).replace(microsecond=0).isoformat()
        account = Account(name, role, generate_password_hash(password), created)
        write_accounts(path, {**accounts, name: account})
    return account


def remove_account(path: Path, name: str) -> int:
    """Remove `name`; returns how many accounts are left."""
    name = unicodedata.normalize("NFC", name.strip())
    with _locked(path):
        accounts = read_accounts(path)
        if name not in accounts:
            known = ", ".join(sorted(accounts)) or "geen"
            raise AccountError(f"Gebruiker {name!r} staat niet in {path} (wel: {known}).")
        del accounts[name]
        write_accounts(path, accounts)
    return len(accounts)


def verify(account: Account | None, password: str) -> bool:
    """Whether `password` is the account's; for None (an unknown name) a dummy check of the same cost."""
    global _DUMMY_HASH
    if account is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = generate_password_hash(os.urandom(16).hex())
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(account.password_hash, password)


def _ask_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Nogmaals: ") != first:
        raise AccountError("De twee wachtwoorden verschillen; er is niets veranderd.")
    return first


def command(args, home: Path, environ=None) -> int:
    """`kernmonitor gebruiker toevoegen|verwijderen|lijst`: exit 0 on success, 2 with a Dutch message otherwise."""
    environ = os.environ if environ is None else environ
    path = accounts_path(home)
    try:
        if args.actie == "toevoegen":
            account = add_account(path, args.naam, _ask_password(args.wachtwoord_stdin), args.rol)
            print(f"Gebruiker {account.name} toegevoegd als {account.role} in {path}.")
            print(
                "Het dashboard vraagt nu om inloggen; een draaiend dashboard leest de wijziging bij het volgende"
                " verzoek."
            )
        elif args.actie == "verwijderen":
            left = remove_account(path, args.naam)
            print(f"Gebruiker {args.naam.strip()} verwijderd uit {path}; nog {left} gebruiker(s).")
            if left == 0:
                print(
                    f"Let op: er is geen account meer, dus niemand kan inloggen. Voeg er een toe, of verwijder {path}"
                    " om het dashboard zonder wachtwoord te draaien (alleen op deze machine)."
                )
        else:
            accounts = read_accounts(path)
            if not accounts:
                print(f"Geen gebruikers in {path}.")
            for account in sorted(accounts.values(), key=lambda a: a.name.casefold()):
                print(f"{account.name}\t{account.role}\t{account.created}")
        if environ.get("KERNMONITOR_USER"):
            print(
                f"Daarnaast geldt {environ['KERNMONITOR_USER']} (beheerder) uit KERNMONITOR_USER/KERNMONITOR_PASSWORD."
            )
    except AccountError as error:
        print(str(error), file=sys.stderr)
        return 2
    return 0
