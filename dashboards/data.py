"""All data the dashboard and the briefings show, read from the published serving file.

The publisher never writes the serving file in place: it writes a new file and swaps it in with os.replace. So
a reader may keep the published version open (read-only) for as long as it is current: one attached database
per version, a cursor per query, reopened as soon as the file on disk is another one. Opening a DuckDB file
costs about 35 ms, which is most of a page's time, so this matters. Results are cached per version, and a swap
under way is retried briefly. Queries take parameters, never pasted user input.
"""

from __future__ import annotations

import atexit
import difflib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

LOG = logging.getLogger(__name__)
_RETRIES = 20
# The threads that ask a page's questions ahead of it (ServingData.vooraf): DuckDB answers outside the GIL, so two
# of them and the page's own thread keep both cores of a small server busy. At most VOORAF_MAX questions wait for
# them (beyond it, under load, the pages ask for themselves), and one that waited longer than VOORAF_GELDIG seconds,
# or whose publication was replaced meanwhile, is dropped: it would come too late to help.
_VOORAF = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kernmonitor-vooraf")
VOORAF_MAX = 32
VOORAF_GELDIG = 2.0
_vooraf_plaatsen = threading.BoundedSemaphore(VOORAF_MAX)
# Values kept per published version besides query results (ServingData.per_version: rendered kern pages).
PER_VERSION_LIMIT = 256


class OnbekendeKern(LookupError):
    """A kern (or gemeente) that the serving file does not know; the message is Dutch and names candidates."""


def gemeente_naam(naam: object, gemeentecode: str) -> str:
    """The gemeente's name, or its code when the publication has no name (a reader must still see which)."""
    tekst = naam.strip() if isinstance(naam, str) else ""
    return tekst or str(gemeentecode)


# The marts fed by the gemeente's own exports, and the similar kernen, with the ServingData question that reads
# each per gemeente.
EXPORT_MARTS = {
    "kern_kernagenda": "kernagenda",
    "kern_kernagenda_voortgang": "kernagenda_voortgang",
    "kern_subsidies": "subsidies",
    "kern_spiegelkernen": "spiegelkernen",
}


class ServingData:
    """Read access to the marts of one serving file."""

    def __init__(self, serving_path: Path) -> None:
        self.path = Path(serving_path)
        self._lock = threading.Lock()
        self._cache: dict[tuple, pd.DataFrame] = {}
        self._cache_key: tuple | None = None
        # Questions being answered right now (of the cached version), each with the Event set when it is done.
        self._bezig: dict[tuple, threading.Event] = {}
        self._database: duckdb.DuckDBPyConnection | None = None
        self._database_key: tuple | None = None
        self._kept: OrderedDict[tuple, Any] = OrderedDict()
        self._kept_key: tuple | None = None
        self._kept_bezig: dict[tuple, threading.Event] = {}  # values being built (of the kept version)

    def _file_key(self) -> tuple:
        stat = os.stat(self.path)
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def _cursor(self, key: tuple) -> duckdb.DuckDBPyConnection:
        """A cursor on the published version `key`, attaching that version first if it is new.

        The file is ATTACHed to an in-memory database rather than opened with connect(path): DuckDB caches
        databases by path within a process, which would hand out the replaced version.
        """
        with self._lock:
            if key != self._database_key:
                database = duckdb.connect()
                database.execute("attach ? as serving (read_only)", [str(self.path)])
                if self._file_key() != key:
                    database.close()
                    raise duckdb.IOException("the serving file was replaced while it was being opened")
                # The previous version is closed once its last cursor is done (garbage collection).
                self._database, self._database_key = database, key
            cursor = self._database.cursor()
        cursor.execute("use serving")
        return cursor

    def query(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        """Run one read-only query; cached until the serving file is replaced. A question another thread is
        answering (`vooraf`) is waited for, not asked twice."""
        vraag = (sql, tuple(params))
        for attempt in range(_RETRIES):
            try:
                while True:
                    key = self._file_key()  # again after a wait: a new version may have been published meanwhile
                    with self._lock:
                        if key != self._cache_key:
                            self._cache, self._cache_key, self._bezig = {}, key, {}
                        hit = self._cache.get(vraag)
                        bezig = None if hit is not None else self._bezig.get(vraag)
                        if hit is None and bezig is None:
                            self._bezig[vraag] = klaar = threading.Event()
                    if hit is not None:
                        # pandas copy-on-write (always on since pandas 3): a shallow copy shares the cached
                        # columns, and whatever a caller changes is copied first, so the cache stays as read. A
                        # deep copy of a whole-gemeente frame per question was measurable on every page.
                        return hit.copy(deep=False)
                    if bezig is None:
                        break
                    # Cached once the other thread is done; if its query failed, this thread asks it itself.
                    bezig.wait()
                try:
                    cursor = self._cursor(key)
                    try:
                        frame = cursor.execute(sql, list(params)).df()
                    finally:
                        cursor.close()
                    with self._lock:
                        if key == self._cache_key:
                            self._cache[vraag] = frame
                finally:
                    with self._lock:
                        if self._bezig.get(vraag) is klaar:
                            del self._bezig[vraag]
                    klaar.set()
                return frame.copy(deep=False)
            except duckdb.IOException:
                # The publisher is swapping the file in: wait a moment and read the new one. (A missing file is not
                # waited for: the swap is os.replace, so the path is never missing once anything was published;
                # before the first publication every page waited ten seconds for nothing.)
                if attempt == _RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def vooraf(self, *vragen: Callable[[], object]) -> list[Future]:
        """Ask these questions (calls of this object's methods) on other threads, ahead of the page that will ask
        them: its own calls then find the answers cached or under way. A future per question taken (True: asked,
        False: dropped as too late); errors stay in the futures, for the page's own call shows its own message."""
        versie, gevraagd = self._file_key(), time.monotonic()
        futures = []
        for vraag in vragen:
            if not _vooraf_plaatsen.acquire(blocking=False):
                break
            futures.append(_VOORAF.submit(self._vooraf_een, vraag, versie, gevraagd))
        return futures

    def _vooraf_een(self, vraag: Callable[[], object], versie: tuple, gevraagd: float) -> bool:
        try:
            if time.monotonic() - gevraagd > VOORAF_GELDIG or self._file_key() != versie:
                return False
            vraag()
            return True
        finally:
            _vooraf_plaatsen.release()

    def per_version(self, key: tuple, build: Callable[[], Any]) -> Any:
        """A value made from this publication only (a rendered kern page), kept until the serving file is replaced:
        `build()` the first time, the kept value afterwards; a value another thread is building is waited for, not
        built twice. `build` returns None for what must not be kept (it is then built again next time). At most
        PER_VERSION_LIMIT values, the least recently used dropped first."""
        while True:
            version = self._file_key()  # again after a wait: a new version may have been published meanwhile
            with self._lock:
                if version != self._kept_key:
                    self._kept, self._kept_key, self._kept_bezig = OrderedDict(), version, {}
                if key in self._kept:
                    self._kept.move_to_end(key)
                    return self._kept[key]
                bezig = self._kept_bezig.get(key)
                if bezig is None:
                    self._kept_bezig[key] = klaar = threading.Event()
            if bezig is None:
                break
            bezig.wait()  # kept once the other thread is done; if it kept nothing, this thread builds it itself
        try:
            value = build()
            if value is not None:
                with self._lock:
                    # Kept only when nothing was published meanwhile (else `value` may stem from either version).
                    if version == self._kept_key == self._file_key():
                        self._kept[key] = value
                        while len(self._kept) > PER_VERSION_LIMIT:
                            self._kept.popitem(last=False)
        finally:
            with self._lock:
                if self._kept_bezig.get(key) is klaar:
                    del self._kept_bezig[key]
            klaar.set()
        return value

    def opwarmen(self) -> None:
        """Ask what every page asks first of a publication, before its first reader does: the attach of the file
        (20-50 ms for all of NL here) and the lists of kernen (a kern's URL is looked up in all 5.317: 15-65 ms) and
        gemeenten. `bewaak` calls it for every new publication."""
        self.publication()
        self.kernen()
        self.gemeenten()
        self._heeft_mart("kernen")

    def bewaak(self, elke: float = 2.0) -> Callable[[], None]:
        """Warm every new publication (`opwarmen`) as soon as it is on disk: a thread of its own looks every `elke`
        seconds (one stat of the file). Returns the function that stops the thread and waits for it (also called at
        the interpreter's exit, so that no DuckDB connection is left open on a frozen thread). The dashboard's server
        processes start it (create_app's `bewaak_publicaties`), so the first reader more than a few seconds after a
        scheduled refresh finds the new file open and its lists read."""
        stop = threading.Event()

        def kijk() -> None:
            gezien = None
            while True:
                try:
                    versie = self._file_key()
                    if versie != gezien:
                        self.opwarmen()
                        gezien = versie
                except Exception:  # noqa: BLE001 - nothing published yet, a swap under way: the pages say so
                    LOG.debug("publication %s not warmed", self.path, exc_info=True)
                if stop.wait(elke):
                    return

        bewaker = threading.Thread(target=kijk, name="kernmonitor-opwarmen", daemon=True)

        def stil() -> None:
            stop.set()
            if bewaker.is_alive() and bewaker is not threading.current_thread():
                bewaker.join(timeout=10)

        def stoppen() -> None:
            atexit.unregister(stil)
            stil()

        bewaker.start()
        atexit.register(stil)
        return stoppen

    # The questions the pages and exports ask -------------------------------------------------------------

    def publication(self) -> dict:
        row = self.query("select versie, gepubliceerd_op from marts.publicatie").iloc[0]
        return {"version": row["versie"], "published_at": row["gepubliceerd_op"]}

    def gemeenten(self) -> pd.DataFrame:
        return self.query(
            "select gemeentecode, any_value(gemeentenaam) as gemeentenaam, count(*) as kernen"
            " from marts.kernen group by gemeentecode order by gemeentenaam"
        )

    def kernen(self, gemeentecode: str | None = None) -> pd.DataFrame:
        if gemeentecode:
            return self.query("select * from marts.kernen where gemeentecode = ? order by kern", [gemeentecode])
        return self.query("select * from marts.kernen order by gemeentenaam, kern")

    def kern(self, naam: str | None, gemeentecode: str | None = None, *, eerste: bool = False) -> pd.Series:
        """The marts.kernen row of the kern a reader names: the exact name first, else ignoring case and spaces
        around it; within `gemeentecode` when given. The page, the briefings and `kernmonitor export` all look
        kernen up here.

        A name that several gemeenten share is an error naming them, unless `eerste` (a URL without gemeente
        shows the first, in the order of `kernen()`). Raises OnbekendeKern with a Dutch message and the closest
        names when there is no such kern.
        """
        kernen = self.kernen(gemeentecode) if gemeentecode else self.kernen()
        if gemeentecode and kernen.empty:
            raise OnbekendeKern(f"Gemeente {gemeentecode} staat niet in deze publicatie.")
        tekst = str(naam or "").strip()
        gevonden = kernen[kernen["kern"] == naam]
        if gevonden.empty:
            gevonden = kernen[kernen["kern"].str.lower() == tekst.lower()]
        if len(gevonden) == 1 or (eerste and len(gevonden) > 1):
            return gevonden.iloc[0]
        if len(gevonden) > 1:
            gemeenten = ", ".join(
                f"{gemeente_naam(r.gemeentenaam, r.gemeentecode)} ({r.gemeentecode})" for r in gevonden.itertuples()
            )
            raise OnbekendeKern(f"Kern '{tekst}' bestaat in meer gemeenten: {gemeenten}. Kies een gemeente.")
        suggesties = difflib.get_close_matches(tekst, kernen["kern"].tolist(), n=3, cutoff=0.6)
        hint = f" Bedoelt u {' of '.join(suggesties)}?" if suggesties else ""
        waar = f" in gemeente {gemeentecode}" if gemeentecode else ""
        raise OnbekendeKern(f"Kern '{tekst}' bestaat niet{waar}.{hint}")

    def profiel(self, gemeentecode: str, kern: str) -> pd.DataFrame:
        return self.query(
            "select * from marts.kern_profiel where gemeentecode = ? and kern = ? order by thema, indicator_id",
            [gemeentecode, kern],
        )

    def indicator_reeks(self, gemeentecode: str, kern: str, indicator_ids: list[str] | None = None) -> pd.DataFrame:
        """Every year of a kern's indicators (trends)."""
        frame = self.query(
            "select * from marts.kern_indicators where gemeentecode = ? and kern = ? order by indicator_id, jaar",
            [gemeentecode, kern],
        )
        return frame if indicator_ids is None else frame[frame["indicator_id"].isin(indicator_ids)]

    def indicator_reeksen(self, gemeentecode: str, indicator_id: str) -> pd.DataFrame:
        """Every year of one indicator for every kern of a gemeente (the overview's map and ranking).

        marts.kern_indicators is read a kern or an indicator at a time, not a gemeente at a time as the profiles
        are: its rows are a gemeente's profiles times its years, and turning them into Python values is most of
        what a first page of a new publication cost (all of NL, the largest gemeente: 102 ms the gemeente, 9 ms a
        kern, 8 ms an indicator)."""
        return self.query(
            "select * from marts.kern_indicators where gemeentecode = ? and indicator_id = ? order by kern, jaar",
            [gemeentecode, indicator_id],
        )

    def indicator_voor_kernen(self, gemeentecode: str, indicator_id: str) -> pd.DataFrame:
        """One indicator, latest year with a value, for every kern of a gemeente (maps, tables, ranks)."""
        return self.query(
            "select * from marts.kern_profiel where gemeentecode = ? and indicator_id = ? order by kern",
            [gemeentecode, indicator_id],
        )

    def catalogus(self) -> pd.DataFrame:
        return self.query("select * from marts.indicator_catalogus order by thema, indicator_id")

    def buurten(self, gemeentecode: str) -> pd.DataFrame:
        return self.query("select * from marts.kern_buurten where gemeentecode = ? order by buurtcode", [gemeentecode])

    def bronnen(self) -> pd.DataFrame:
        return self.query("select * from marts.bronnen order by jaar")

    # Whole-gemeente reads for the dashboard: one query (cached per publication) serves every kern of the
    # gemeente, so only the first profile opened in a gemeente pays DuckDB's connection cost.

    def profielen(self, gemeentecode: str) -> pd.DataFrame:
        """`profiel` for every kern of a gemeente."""
        return self.query(
            "select * from marts.kern_profiel where gemeentecode = ? order by kern, thema, indicator_id", [gemeentecode]
        )

    def oordelen(self, gemeentecode: str, kern: str | None = None) -> pd.DataFrame:
        """`profielen` with the one verdict per figure of marts.kern_oordelen: oordeel, reden, afwijking_pct and
        volgorde (order among the kern's figures with that verdict). Every page and export shows this verdict.
        With `kern`, that kern's only (read alone: the largest gemeente of all of NL 31 ms whole, 14 ms a kern)."""
        return self.query(
            "select profiel.*, oordeel.oordeel, oordeel.reden, oordeel.afwijking_pct, oordeel.volgorde"
            " from marts.kern_profiel as profiel inner join marts.kern_oordelen as oordeel"
            " on profiel.gemeentecode = oordeel.gemeentecode and profiel.kern = oordeel.kern"
            " and profiel.indicator_id = oordeel.indicator_id"
            " where profiel.gemeentecode = ?"
            + (" and profiel.kern = ? and oordeel.kern = ?" if kern is not None else "")
            + " order by profiel.kern, profiel.thema, profiel.indicator_id",
            [gemeentecode, *([kern, kern] if kern is not None else [])],
        )

    def oordeel_regel(self) -> dict:
        """The thresholds this publication's verdicts were made with (marts.oordeel_regel, from the dbt vars)."""
        return self.query("select * from marts.oordeel_regel").iloc[0].to_dict()

    # Marts fed by the gemeente's own exports (and the similar kernen, which need enough kernen): always built,
    # empty for a gemeente that has not delivered the export.

    @staticmethod
    def _van_kern(frame: pd.DataFrame, kern: str | None) -> pd.DataFrame:
        return frame if kern is None else frame[frame["kern"] == kern].reset_index(drop=True)

    def spiegelkernen(self, gemeentecode: str, kern: str | None = None) -> pd.DataFrame:
        frame = self.query(
            "select * from marts.kern_spiegelkernen where gemeentecode = ? order by kern, rang", [gemeentecode]
        )
        return self._van_kern(frame, kern)

    def subsidies(self, gemeentecode: str | None = None, kern: str | None = None) -> pd.DataFrame:
        """Grants per kern, year and regeling (all gemeenten when none is given)."""
        if gemeentecode:
            frame = self.query(
                "select * from marts.kern_subsidies where gemeentecode = ? order by kern, jaar, regeling",
                [gemeentecode],
            )
            return self._van_kern(frame, kern)
        return self.query("select * from marts.kern_subsidies order by gemeentecode, kern, jaar, regeling")

    def kernagenda(self, gemeentecode: str | None = None, kern: str | None = None) -> pd.DataFrame:
        """The action points at each kern's latest peildatum (all gemeenten when none is given)."""
        if gemeentecode:
            frame = self.query(
                "select * from marts.kern_kernagenda where gemeentecode = ? order by kern, nummer", [gemeentecode]
            )
            return self._van_kern(frame, kern)
        return self.query("select * from marts.kern_kernagenda order by gemeentecode, kern, nummer")

    def kernagenda_voortgang(self, gemeentecode: str | None = None, kern: str | None = None) -> pd.DataFrame:
        """Progress per kern and peildatum (one kern's history when `kern` is given)."""
        if gemeentecode:
            frame = self.query(
                "select * from marts.kern_kernagenda_voortgang where gemeentecode = ? order by kern, peildatum",
                [gemeentecode],
            )
            return self._van_kern(frame, kern)
        return self.query("select * from marts.kern_kernagenda_voortgang order by gemeentecode, kern, peildatum")

    def reconciliatie(self) -> pd.DataFrame:
        """Sum over the kernen against CBS's own gemeente figure, per count measure and year."""
        return self.query("select * from marts.kern_reconciliatie order by gemeentecode, jaar, maat")

    def export_rows(self, mart: str, gemeentecode: str, kern: str | None = None) -> pd.DataFrame | None:
        """A gemeente's rows (one kern's, when given; possibly none) of an export mart (EXPORT_MARTS), or None when
        the gemeente has no rows at all: it has not delivered that export."""
        frame = getattr(self, EXPORT_MARTS[mart])(gemeentecode)
        if frame.empty:
            return None
        return self._van_kern(frame, kern)

    # Effectmeting: named groups of kernen and how a group's value is made. A publication made before groups
    # existed has neither mart: then no groups, and no group rule (the page says so).

    def _heeft_mart(self, naam: str) -> bool:
        # One listing per publication (duckdb_tables(): information_schema took ~10 ms a question on a new
        # version, and a kern page asks several).
        marts = self.query(
            "select table_name from duckdb_tables() where database_name = 'serving' and schema_name = 'marts'"
        )
        return naam in set(marts["table_name"])

    def enquete_min_n(self) -> int | None:
        """The fewest respondents a published survey figure has (marts.kern_enquete's min_n); None when absent."""
        if not self._heeft_mart("kern_enquete"):
            return None
        drempel = self.query("select max(min_n) as min_n from marts.kern_enquete")["min_n"].iloc[0]
        return None if pd.isna(drempel) else int(drempel)

    def kern_groepen(self, gemeentecode: str) -> pd.DataFrame:
        """The named groups of kernen of a gemeente (marts.kern_groepen), by group and kern."""
        if not self._heeft_mart("kern_groepen"):
            return pd.DataFrame(columns=["gemeentecode", "groep", "kern", "omschrijving"])
        return self.query(
            "select * from marts.kern_groepen where gemeentecode = ? order by groep, kern", [gemeentecode]
        )

    def groepsregels(self) -> pd.DataFrame:
        """Per indicator how a group of kernen gets its value (marts.indicator_groepsregel); empty when absent."""
        if not self._heeft_mart("indicator_groepsregel"):
            return pd.DataFrame(
                columns=["indicator_id", "regel", "gewicht_indicator", "gewicht_exact", "afrondingsruis", "factor"]
            )
        return self.query("select * from marts.indicator_groepsregel order by indicator_id")

    def indicatoren_van_kernen(
        self, gemeentecode: str, kernen: list[str], indicator_ids: list[str], jaren: list[int]
    ) -> pd.DataFrame:
        """The rows of marts.kern_indicators of these kernen, indicators and years."""
        placeholders = ", ".join("?" for _ in jaren) or "null"
        frame = self.query(
            f"select * from marts.kern_indicators where gemeentecode = ? and jaar in ({placeholders})"
            " order by indicator_id, kern, jaar",
            [gemeentecode, *(int(j) for j in jaren)],
        )
        return frame[frame["kern"].isin(kernen) & frame["indicator_id"].isin(indicator_ids)].reset_index(drop=True)

    def jaren(self, gemeentecode: str) -> list[int]:
        """The years of marts.kern_indicators for a gemeente, oldest first."""
        frame = self.query(
            "select distinct jaar from marts.kern_indicators where gemeentecode = ? and waarde is not null"
            " order by jaar",
            [gemeentecode],
        )
        return [int(j) for j in frame["jaar"]]

    # Doelen: the goals of a gemeente, per goal and year (marts.kern_doelen). With `kern`: the goals of that kern
    # and of the groups it belongs to. A publication made before goals existed has no such mart: no goals.
    def doelen(self, gemeentecode: str | None = None, kern: str | None = None) -> pd.DataFrame:
        if not self._heeft_mart("kern_doelen"):
            return pd.DataFrame(
                columns=["doel_id", "gemeentecode", "scope", "scope_soort", "indicator_id", "jaar", "status"]
            )
        if kern is not None:
            return self.query(
                "select * from marts.kern_doelen where gemeentecode = ? and ("
                " (scope_soort = 'kern' and scope = ?) or (scope_soort = 'groep' and scope in"
                " (select groep from marts.kern_groepen where gemeentecode = ? and kern = ?)))"
                " order by streefjaar, doel_id, jaar",
                [gemeentecode, kern, gemeentecode, kern],
            )
        if gemeentecode:
            return self.query(
                "select * from marts.kern_doelen where gemeentecode = ? order by streefjaar, doel_id, jaar",
                [gemeentecode],
            )
        return self.query("select * from marts.kern_doelen order by gemeentecode, streefjaar, doel_id, jaar")

    # Kernregister: who works for each kern (gebiedsmakelaar or kernambtenaar, a public role) and its platforms
    # (marts.kernregister, marts.kern_platforms). Empty when no register was loaded, or in a publication made
    # before the register existed.
    def kernregister(self, gemeentecode: str | None = None) -> pd.DataFrame:
        if not self._heeft_mart("kernregister"):
            return pd.DataFrame(
                columns=["gemeentecode", "kern", "functie", "gebiedsmakelaar", "jaar_kernagenda", "website",
                         "platforms", "aantal_platforms", "bron_bestand", "voorbeeld", "geladen_op"]
            )  # fmt: skip
        if gemeentecode:
            return self.query(
                "select * from marts.kernregister where gemeentecode = ? order by gebiedsmakelaar, kern",
                [gemeentecode],
            )
        return self.query("select * from marts.kernregister order by gemeentecode, gebiedsmakelaar, kern")

    def kern_platforms(self, gemeentecode: str, kern: str | None = None) -> pd.DataFrame:
        if not self._heeft_mart("kern_platforms"):
            return pd.DataFrame(columns=["gemeentecode", "kern", "platform", "platformvorm", "website"])
        frame = self.query(
            "select * from marts.kern_platforms where gemeentecode = ? order by kern, platform", [gemeentecode]
        )
        return self._van_kern(frame, kern)

    # Jaarbeeld kerngericht werken (marts.jaarbeeld) and the subsidy rules behind it (marts.subsidie_aanvragen,
    # marts.subsidie_budgetten). Empty when no subsidy export was loaded, or in a publication made before them.
    def jaarbeeld(self, gemeentecode: str, jaar_van: int | None = None, jaar_tot: int | None = None) -> pd.DataFrame:
        if not self._heeft_mart("jaarbeeld"):
            return pd.DataFrame(
                columns=["gemeentecode", "jaar_van", "jaar_tot", "volgorde", "onderdeel", "figuur", "label",
                         "waarde", "noemer", "eenheid", "toelichting", "bron", "bron_datum", "synthetisch"]
            )  # fmt: skip
        if jaar_van is None or jaar_tot is None:
            return self.query(
                "select * from marts.jaarbeeld where gemeentecode = ? order by jaar_van, jaar_tot, volgorde",
                [gemeentecode],
            )
        return self.query(
            "select * from marts.jaarbeeld where gemeentecode = ? and jaar_van = ? and jaar_tot = ? order by volgorde",
            [gemeentecode, int(jaar_van), int(jaar_tot)],
        )

    def subsidie_aanvragen(self, gemeentecode: str, jaar: int | None = None) -> pd.DataFrame:
        if not self._heeft_mart("subsidie_aanvragen"):
            return pd.DataFrame(
                columns=["gemeentecode", "kern", "jaar", "regeling", "dossiernummer", "omschrijving", "status",
                         "bedrag_toegekend", "boven_maximum", "doorlooptijd_dagen", "kernagendapunt",
                         "kernagenda_actiepunt", "voert_kernagendapunt_uit", "synthetisch"]
            )  # fmt: skip
        frame = self.query(
            "select * from marts.subsidie_aanvragen where gemeentecode = ?"
            " order by jaar, regeling, kern, dossiernummer",
            [gemeentecode],
        )
        return frame if jaar is None else frame[frame["jaar"] == int(jaar)].reset_index(drop=True)

    def subsidie_budgetten(self, gemeentecode: str) -> pd.DataFrame:
        if not self._heeft_mart("subsidie_budgetten"):
            return pd.DataFrame(columns=["gemeentecode", "jaar", "regeling", "besteed", "pot", "boven_maximum"])
        return self.query(
            "select * from marts.subsidie_budgetten where gemeentecode = ? order by jaar, regeling", [gemeentecode]
        )

    # Resident surveys (marts.kern_enquete, docs/enquetes.md): figures per kern, gemeente and Nederland. A hidden
    # figure (below enquete_min_n) holds no value in the mart itself. Empty before any survey, or in an older
    # publication.
    def enquete(self, gemeentecode: str, kern: str | None = None) -> pd.DataFrame:
        if not self._heeft_mart("kern_enquete"):
            return pd.DataFrame(
                columns=["gemeentecode", "meting", "datum", "jaar", "vraag_id", "vraag", "schaal", "categorie", "maat",
                         "gebied_soort", "kern", "n", "waarde", "ondergrens", "bovengrens", "gewogen", "verborgen",
                         "reden", "vorige_meting", "vorige_waarde", "verandering", "vorm", "voorbeeld", "min_n"]
            )  # fmt: skip
        frame = self.query(
            "select * from marts.kern_enquete where gemeentecode = ?"
            " order by datum, meting, vraag_id, categorie nulls first, maat, gebied_soort, kern",
            [gemeentecode],
        )
        if kern is None:
            return frame
        return frame[(frame["kern"] == kern) | frame["gebied_soort"].isin(["gemeente", "nederland"])].reset_index(
            drop=True
        )
