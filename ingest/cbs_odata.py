"""The live CBS source: OData v3 (and a little v4) over HTTP, with retries, paging and the 10,000-row cap.

`CbsV3Client` offers the same four methods as `ingest.snapshot.SnapshotSource`, so the pipeline reads a live
table and a recorded snapshot through one code path; `write_snapshot` records any such source into a folder.

CBS OData v3 facts this module relies on:
- a table lives at `<base>/<ID>/` with the entity sets TableInfos, DataProperties, the dimension
  WijkenEnBuurten and TypedDataSet; the catalogue of all tables is `https://opendata.cbs.nl/ODataCatalog/Tables`;
- region keys are right-padded to 10 characters (`'GM1960    '`); the Nederland row of a KWB table is `NL00`;
- in TypedDataSet only the dimension WijkenEnBuurten can be filtered; `$select` keeps the answer small;
- one answer holds at most 10,000 rows, and an answer may carry `odata.nextLink`. How CBS refuses a larger
  selection is not documented where we looked, so both forms count: an error answer that names the cap, and a
  single answer of exactly 10,000 rows without a next link (a silent cut);
- besides the API, CBS serves every table as a bulk feed at `.../ODataFeed/odata/<ID>/` (what the `cbsodata`
  package reads): the same entity sets and query options, no row cap, pages of 10,000 rows with next links.

Speed (benchmarks/bench_download.py): CBS takes some hundreds of ms per answer, so the client saves round trips
and waits on several answers at once, never more than `parallel` (default 4, `sources.cbs_max_requests` in
kernmonitor.toml) requests in flight per client:
- asking for TableInfos also requests DataProperties and the region listing, which the pipeline asks for next;
- the region listing (over 10,000 rows for every KWB table) comes from the feed, its first two pages at once;
- a region filter fits about 38 codes in a URL, so all of the Netherlands would take some 500 API requests; when
  a selection covers a large part of a table the client reads the table from the feed instead (its pages at
  once) and keeps the wanted regions. Smaller selections go to the API in chunks, several at a time;
- only the wanted columns are asked for: ~90 KWB column keys make a `$select` longer than a URL may be, so the
  columns are asked for in groups whose URL fits, all at once, and joined on ID (all of NL: 53 instead of 75 MB);
- each answer is parsed with orjson as it arrives, after its request slot is freed for the next one.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, quote_plus, urlencode, urljoin, urlsplit

import orjson  # parses a 10,000-row answer several times faster than json
import requests

from ingest.kwb import gemeentecode_of

log = logging.getLogger(__name__)

CBS_V3_URL = "https://opendata.cbs.nl/ODataApi/odata"
CBS_V4_URL = "https://datasets.cbs.nl/odata/v1/CBS"
CBS_CATALOG_URL = "https://opendata.cbs.nl/ODataCatalog"

REGION_DIMENSION = "WijkenEnBuurten"
REGION_KEY_WIDTH = 10
ROW_CAP = 10_000
# The v3 service is ASP.NET (metadata namespace Cbs.OData.WebAPI), whose default query-string limit is 2,048.
MAX_QUERY_LENGTH = 1_900
SNAPSHOT_ANSWERS = ("TableInfos", "DataProperties", "WijkenEnBuurten", "TypedDataSet")
# Requests in flight at once per client (a polite cap): CBS answers each in a few hundred ms, mostly waiting.
PARALLEL_REQUESTS = 4
# Feed pages of a region listing asked for at once: a KWB table lists 16,000-19,000 regions (a page past the end
# comes back empty); more are followed through next links.
REGION_PAGES = 2
# From this share of a table's regions on, reading the whole table from the feed beats the chunked API.
BULK_SHARE = 0.25
_API_PATH = re.compile(r"/ODataApi/odata$", re.IGNORECASE)

# CBS states its cap as a number; a digit on either side means some other number (a region code, a port).
_ROW_CAP_MESSAGE = re.compile(r"(?<!\d)10[.,\s]?000(?!\d)")
# Every character a region key can start with: used to split a capped dimension listing by key prefix.
_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_KWB_TITLE = re.compile(r"^\s*kerncijfers wijken en buurten (\d{4})\s*$", re.IGNORECASE)
_ACCEPT_JSON = {"Accept": "application/json"}
_JSON_FORMAT = {"$format": "json"}
_TRANSIENT_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


class SourceRequestError(RuntimeError):
    """A request to an open-data service failed; the message names what was asked, the URL and the status."""

    def __init__(self, subject: str, url: str, reason: str, status: int | None = None) -> None:
        self.subject, self.url, self.reason, self.status = subject, url, reason, status
        answer = f"HTTP {status}" if status is not None else "geen antwoord"
        super().__init__(f"{subject}: {reason} ({answer}; {url})")


class CbsRequestError(SourceRequestError):
    """A CBS OData request failed."""


class RowLimitError(CbsRequestError):
    """CBS refused (or silently cut) a selection over its row cap: ask for a smaller one."""


Refusal = Callable[[requests.Response], SourceRequestError | None]


class JsonHttp:
    """GET a JSON document, retrying with exponential backoff on 5xx, 429, connection errors and timeouts.

    A small loop rather than urllib3's `Retry`: CBS may answer its row cap with a 5xx, and that answer must reach
    the caller at once (to split the request) instead of being retried blindly; `Retry` does not show the body.
    """

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 0.5,
        session: requests.Session | None = None,
        error_type: type[SourceRequestError] = SourceRequestError,
        max_concurrent: int | None = None,
    ) -> None:
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        if session is None:
            session = requests.Session()
            if max_concurrent and max_concurrent > 10:  # urllib3 keeps 10 connections per host by default
                adapter = requests.adapters.HTTPAdapter(pool_maxsize=max_concurrent)
                session.mount("http://", adapter)
                session.mount("https://", adapter)
        self.session = session
        self.error_type = error_type
        # At most this many requests in flight, whichever thread sends them (None: no cap). Held while the answer
        # is received, released before it is parsed and before a retry waits.
        self.slots = threading.BoundedSemaphore(max_concurrent) if max_concurrent else None

    def get(
        self, url: str, params: Mapping[str, str] | None = None, *, subject: str, refusal: Refusal | None = None
    ) -> Any:
        """The parsed JSON body. `refusal` turns a final error answer into its own exception, before any retry."""
        full_url = requests.Request("GET", url, params=params).prepare().url or url
        failure, status = "", None
        for attempt in range(self.retries + 1):
            if attempt:
                delay = self.backoff * 2 ** (attempt - 1)
                log.warning("%s: %s, nieuwe poging %d over %.1f s", subject, failure, attempt, delay)
                time.sleep(delay)
            try:
                response = self._send(url, params)
            except _TRANSIENT_ERRORS as exc:
                failure, status = type(exc).__name__, None
                continue
            if response.ok:
                return self._json(response, subject)
            refused = refusal(response) if refusal else None
            if refused is not None:
                raise refused
            status = response.status_code
            if status < 500 and status != 429:
                raise self.error_type(subject, response.url, f"geweigerd: {_snippet(response.text)}", status)
            failure = f"HTTP {status}"
        raise self.error_type(subject, full_url, f"geen geldig antwoord na {self.retries + 1} pogingen", status)

    def _send(self, url: str, params: Mapping[str, str] | None) -> requests.Response:
        if self.slots is None:
            return self.session.get(url, params=params, timeout=self.timeout, headers=_ACCEPT_JSON)
        with self.slots:
            return self.session.get(url, params=params, timeout=self.timeout, headers=_ACCEPT_JSON)

    def _json(self, response: requests.Response, subject: str) -> Any:
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError:
            pass  # not UTF-8, or not JSON: the stdlib path below decides, with its own error message
        try:
            return response.json()
        except ValueError as exc:
            reason = f"ongeldige of afgebroken JSON ({len(response.content)} bytes: {exc})"
            raise self.error_type(subject, response.url, reason, response.status_code) from None


def _snippet(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def pad_region_code(code: str) -> str:
    """A region code as CBS keys it: upper case, right-padded to 10 characters."""
    return code.strip().upper().ljust(REGION_KEY_WIDTH)


def odata_rows(
    http: JsonHttp,
    url: str,
    params: Mapping[str, str] | None,
    *,
    subject: str,
    refusal: Refusal | None = None,
    next_link: str = "odata.nextLink",
    row_cap: int | None = ROW_CAP,
) -> list[dict]:
    """Every row of one OData query, following its next links (`@odata.nextLink` in OData v4).

    `row_cap`: a first answer of this many rows without a next link counts as silently cut (None: no cap).
    """
    rows: list[dict] = []
    query = params
    next_url: str | None = url
    while next_url:
        answer = http.get(next_url, query, subject=subject, refusal=refusal)
        value = answer.get("value") if isinstance(answer, dict) else None
        if not isinstance(value, list):
            raise http.error_type(subject, next_url, "verwacht een OData-antwoord met een lijst 'value'")
        link = answer.get(next_link)
        # A single answer of exactly the cap without a next link is how a silent cut would look.
        if row_cap is not None and not rows and link is None and len(value) >= row_cap:
            raise RowLimitError(subject, next_url, f"antwoord van {len(value)} rijen is mogelijk afgekapt", 200)
        rows.extend(value)
        next_url, query = (urljoin(next_url, link) if link else None), None
    return rows


class CbsV3Client:
    """CBS OData v3 (`https://opendata.cbs.nl/ODataApi/odata/<ID>/`) with the four methods of SnapshotSource.

    `base_url` is everything before `/<ID>`: a mirror or a local replay server stands in for CBS in tests.
    Region codes are sent as many at a time as fit in `max_query_length` characters of query string, which
    also keeps each answer far below the row cap; a chunk that CBS still refuses is halved until it fits.
    `parallel` caps the requests this client has in flight at once (every thread together). `feed_url` is the
    bulk feed (derived from an `.../ODataApi/odata` base; empty for none): the region listing, and a selection of
    at least `bulk_share` of the regions the client listed, are read from it whole; if the feed fails, the API
    path still answers. `prefetch`: `table_infos` also requests DataProperties and the region listing, kept for
    the next `data_properties` and `regions` call of that table.
    """

    def __init__(
        self,
        base_url: str = CBS_V3_URL,
        *,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 0.5,
        session: requests.Session | None = None,
        max_query_length: int = MAX_QUERY_LENGTH,
        parallel: int = PARALLEL_REQUESTS,
        feed_url: str | None = None,
        bulk_share: float = BULK_SHARE,
        prefetch: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_query_length = max_query_length
        self.parallel = max(1, int(parallel))
        if feed_url is None:
            feed_url = _API_PATH.sub("/ODataFeed/odata", self.base_url) if _API_PATH.search(self.base_url) else ""
        self.feed_url = feed_url.rstrip("/")
        self.bulk_share = bulk_share
        self.prefetch = prefetch
        self.http = JsonHttp(
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            session=session,
            error_type=CbsRequestError,
            max_concurrent=self.parallel,
        )
        # Regions per table, from the last listing: tells a selection of most of a table from a small one.
        self._region_counts: dict[str, int] = {}
        # Answers requested ahead by table_infos, each handed out once: (table id, entity) -> its future.
        self._ahead: dict[tuple[str, str], Future] = {}
        self._ahead_lock = threading.Lock()
        self._ahead_pool: ThreadPoolExecutor | None = None

    def table_infos(self, table_id: str) -> dict:
        if self.prefetch and self.parallel > 1:
            self._request_ahead(table_id)
        try:
            infos = self._rows(table_id, "TableInfos")
        except CbsRequestError:
            self._drop_ahead(table_id)  # no such table, or CBS unreachable: nobody will ask for the rest
            raise
        if len(infos) != 1:
            self._drop_ahead(table_id)
            url = self._url(table_id, "TableInfos")
            raise CbsRequestError(f"CBS-tabel {table_id} (TableInfos)", url, f"verwacht 1 item, kreeg {len(infos)}")
        return infos[0]

    def data_properties(self, table_id: str) -> list[dict]:
        ahead = self._take_ahead(table_id, "DataProperties")
        return ahead.result() if ahead is not None else self._data_properties(table_id)

    def regions(self, table_id: str) -> list[dict]:
        ahead = self._take_ahead(table_id, REGION_DIMENSION)
        return ahead.result() if ahead is not None else self._regions(table_id)

    def _data_properties(self, table_id: str) -> list[dict]:
        return self._rows(table_id, "DataProperties")

    def _regions(self, table_id: str) -> list[dict]:
        # Every KWB listing is over the API's cap: the feed first, its first pages at once.
        regions = self._feed(table_id, REGION_DIMENSION, None, pages=REGION_PAGES)
        if regions is None:
            try:
                regions = self._rows(table_id, REGION_DIMENSION)
            except RowLimitError:
                regions = self._dimension(table_id, REGION_DIMENSION, prefix="")
        self._region_counts[table_id] = len(regions)
        return regions

    def _request_ahead(self, table_id: str) -> None:
        with self._ahead_lock:
            if self._ahead_pool is None:
                self._ahead_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cbs-ahead")
            for entity, fetch in (("DataProperties", self._data_properties), (REGION_DIMENSION, self._regions)):
                if (table_id, entity) not in self._ahead:
                    self._ahead[table_id, entity] = self._ahead_pool.submit(fetch, table_id)

    def _take_ahead(self, table_id: str, entity: str) -> Future | None:
        with self._ahead_lock:
            return self._ahead.pop((table_id, entity), None)

    def _drop_ahead(self, table_id: str) -> None:
        """Forget what was requested ahead for this table, once it is done: no request outlives the call."""
        with self._ahead_lock:
            dropped = [self._ahead.pop(key) for key in [key for key in self._ahead if key[0] == table_id]]
        for future in dropped:
            if not future.cancel():
                future.exception()  # wait; its failure, if any, is the caller's failure too

    def typed_dataset(self, table_id: str, region_codes: Sequence[str], columns: Sequence[str]) -> list[dict]:
        """TypedDataSet rows of these regions, with only these columns (plus ID and WijkenEnBuurten).

        Most of a table comes from the bulk feed (its pages and column groups at once), the rest from the API. A
        `$select` of ~90 KWB columns is itself longer than a URL may be: both are then asked for the columns in
        groups whose `$select` leaves room for the rest of the URL (the API: half of it, for the region filter),
        joined on ID."""
        codes = list(dict.fromkeys(pad_region_code(code) for code in region_codes))
        wanted = list(dict.fromkeys(["ID", REGION_DIMENSION, *columns]))
        select = ",".join(wanted)
        room = self.max_query_length - len(urlencode({**_JSON_FORMAT, "$filter": "", "$select": select}))
        listed = self._region_counts.get(table_id, 0)
        if listed and len(codes) >= self.bulk_share * listed and not _fits_one_filter(codes, room):
            everything = self._bulk_rows(table_id, codes, wanted, listed)
            if everything is not None:
                return everything
        groups = _column_groups(wanted[2:], self.max_query_length // 2)
        if len(groups) == 1:
            return self._api_rows(table_id, codes, select)
        return _joined_on_id(self._api_rows(table_id, codes, _select_of(group)) for group in groups)

    def _bulk_rows(self, table_id: str, codes: list[str], wanted: list[str], listed: int) -> list[dict] | None:
        """The wanted regions' rows from the bulk feed, its pages and column groups asked for at once (None when
        there is no feed or it failed)."""
        regions = set(codes)

        def keep(row: dict) -> bool:
            # CBS sends keys padded already: pad only what does not match as sent.
            key = row[REGION_DIMENSION]
            return key in regions or pad_region_code(str(key)) in regions

        # A KWB table has one row per region: the listing says how many pages the feed will send.
        pages = -(-listed // ROW_CAP)
        # Room for each group's `$select` beside the format and the furthest `$skip` (and the "&" between them).
        room = self.max_query_length - len(urlencode({**_JSON_FORMAT, "$skip": str(listed)})) - 1

        def read(group: list[str]) -> list[dict] | None:
            return self._feed(table_id, "TypedDataSet", {"$select": _select_of(group)}, pages)

        groups = _column_groups(wanted[2:], room)
        with ThreadPoolExecutor(max_workers=min(len(groups), self.parallel)) as pool:
            parts = list(pool.map(read, groups))
        if any(part is None for part in parts):
            return None
        if len({frozenset(row["ID"] for row in part) for part in parts}) > 1:
            # The table changed between the answers (a new revision): rows would miss columns. The API path asks
            # for each region's columns again.
            log.warning("CBS-tabel %s: de kolomgroepen van de feed verschillen in rijen, verder via de API", table_id)
            return None
        rows = parts[0] if len(parts) == 1 else _joined_on_id(parts)
        return [row for row in rows if keep(row)]

    def _api_rows(self, table_id: str, codes: list[str], select: str) -> list[dict]:
        room = self.max_query_length - len(urlencode({**_JSON_FORMAT, "$filter": "", "$select": select}))
        chunks = list(_filter_chunks(codes, room))
        if self.parallel == 1 or len(chunks) == 1:
            return [row for chunk in chunks for row in self._typed_rows(table_id, chunk, select)]
        with ThreadPoolExecutor(max_workers=min(self.parallel, len(chunks))) as pool:
            parts = list(pool.map(lambda chunk: self._typed_rows(table_id, chunk, select), chunks))
        return [row for part in parts for row in part]

    def _typed_rows(self, table_id: str, codes: list[str], select: str) -> list[dict]:
        region_filter = " or ".join(_region_clause(code) for code in codes)
        try:
            return self._rows(table_id, "TypedDataSet", {"$filter": region_filter, "$select": select})
        except RowLimitError:
            if len(codes) == 1:
                raise
            half = len(codes) // 2
            log.info("CBS-tabel %s: selectie van %d regio's te groot, gesplitst", table_id, len(codes))
            return self._typed_rows(table_id, codes[:half], select) + self._typed_rows(table_id, codes[half:], select)

    def _feed(
        self,
        table_id: str,
        entity: str,
        params: Mapping[str, str] | None,
        pages: int = 1,
    ) -> list[dict] | None:
        """Every row of an entity set from the bulk feed, or None when there is no feed or it failed.

        `pages`: how many pages to ask for at once (more are followed through next links)."""
        if not self.feed_url:
            return None
        subject = f"CBS-tabel {table_id} ({entity}, feed)"
        url = f"{self.feed_url}/{table_id}/{entity}"
        query = {**_JSON_FORMAT, **(params or {})}
        try:
            if pages > 1 and self.parallel > 1:
                rows = self._feed_pages(url, query, subject, pages)
            else:
                rows = odata_rows(self.http, url, query, subject=subject, row_cap=None)
        except CbsRequestError as error:
            log.warning("%s niet bruikbaar, verder via de API: %s", subject, error)
            return None
        return rows

    def _feed_pages(self, url: str, query: dict[str, str], subject: str, pages: int) -> list[dict]:
        """The feed's first pages fetched at once, at the `$skip` its next links would name (pages of ROW_CAP rows).

        The pages are joined along the next links: a page without one ends the rows (pages asked for beyond it
        are left out), and a page whose next link names another `$skip` than the following page was asked at is
        followed the plain way from there, one next link after the other, as is a next link on the last page.
        """

        def page(number: int) -> Any:
            return self.http.get(url, {**query, "$skip": str(number * ROW_CAP)} if number else query, subject=subject)

        with ThreadPoolExecutor(max_workers=min(self.parallel, pages)) as pool:
            answers = list(pool.map(page, range(pages)))
        rows: list[dict] = []
        for number, answer in enumerate(answers):
            value = answer.get("value") if isinstance(answer, dict) else None
            if not isinstance(value, list):
                raise self.http.error_type(subject, url, "verwacht een OData-antwoord met een lijst 'value'")
            rows.extend(value)
            link = answer.get("odata.nextLink")
            if not link:
                return rows
            if number == pages - 1 or len(value) != ROW_CAP or _skip_of(link) != (number + 1) * ROW_CAP:
                # More rows than asked for at once, or paged differently than assumed: the rest the plain way.
                rows.extend(odata_rows(self.http, urljoin(url, link), None, subject=subject, row_cap=None))
                return rows
        return rows

    def _dimension(self, table_id: str, name: str, prefix: str) -> list[dict]:
        """A dimension listing; when it is over the cap, the union of its listings per longer key prefix."""
        params = {"$filter": f"startswith(Key,'{prefix}')"} if prefix else None
        try:
            return self._rows(table_id, name, params)
        except RowLimitError:
            if len(prefix) >= REGION_KEY_WIDTH:
                raise
            return [row for char in _KEY_ALPHABET for row in self._dimension(table_id, name, prefix + char)]

    def _rows(self, table_id: str, entity: str, params: Mapping[str, str] | None = None) -> list[dict]:
        subject = f"CBS-tabel {table_id} ({entity})"
        query = {**_JSON_FORMAT, **(params or {})}
        return odata_rows(
            self.http, self._url(table_id, entity), query, subject=subject, refusal=_row_cap_refusal(subject)
        )

    def _url(self, table_id: str, entity: str) -> str:
        return f"{self.base_url}/{table_id}/{entity}"


class CbsV4Client:
    """CBS OData v4 (`https://datasets.cbs.nl/odata/v1/CBS/<ID>/`): so far only the measure codes.

    Unlike the v3 column keys, v4 measure codes stay the same across the yearly KWB tables, which makes them
    the better anchor for harmonising years once the pipeline reads v4 Observations.
    """

    def __init__(
        self,
        base_url: str = CBS_V4_URL,
        *,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 0.5,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = JsonHttp(
            timeout=timeout, retries=retries, backoff=backoff, session=session, error_type=CbsRequestError
        )

    def measure_codes(self, table_id: str) -> list[dict]:
        url = f"{self.base_url}/{table_id}/MeasureCodes"
        return odata_rows(
            self.http, url, None, subject=f"CBS-tabel {table_id} (v4 MeasureCodes)", next_link="@odata.nextLink"
        )


def _row_cap_refusal(subject: str) -> Refusal:
    def refusal(response: requests.Response) -> RowLimitError | None:
        if _ROW_CAP_MESSAGE.search(response.text):
            reason = f"selectie boven de limiet van {ROW_CAP} rijen: {_snippet(response.text)}"
            return RowLimitError(subject, response.url, reason, response.status_code)
        return None

    return refusal


def _skip_of(link: str | None) -> int | None:
    """The `$skip` a next link asks for (None when there is no link or no such parameter)."""
    if not link:
        return None
    values = parse_qs(urlsplit(link).query).get("$skip")
    return int(values[0]) if values and values[0].isdigit() else None


def _region_clause(code: str) -> str:
    # The form CBS itself uses in a table's DefaultSelection: ((WijkenEnBuurten eq 'NL00      ') or (...)).
    return f"({REGION_DIMENSION} eq '{code}')"


# URL-encoded, a clause takes this many characters besides its code when the code is letters, digits and spaces
# (one character each): quote_plus for every one of 18,000 codes took longer than reading the answers.
_CLAUSE_OVERHEAD = len(quote_plus(_region_clause("") + " or "))


def _clause_size(code: str) -> int:
    """len(quote_plus(clause + " or ")) for this code."""
    if code.replace(" ", "").isalnum() and code.isascii():
        return _CLAUSE_OVERHEAD + len(code)
    return len(quote_plus(_region_clause(code) + " or "))


def _fits_one_filter(codes: list[str], room: int) -> bool:
    """Whether all codes fit in one `$filter` of `room` characters (stops counting once they do not)."""
    used = 0
    for code in codes:
        used += _clause_size(code)
        if used > room:
            return len(codes) == 1  # a single code is sent alone whatever its size
    return True


def _column_groups(columns: list[str], room: int) -> list[list[str]]:
    """Consecutive groups of columns whose URL-encoded `$select` (with ID and the region key) takes at most `room`
    characters; one group when everything fits (a column too long alone still gets a group of its own)."""
    groups: list[list[str]] = [[]]
    for column in columns:
        trial = _select_of([*groups[-1], column])
        if groups[-1] and len(urlencode({"$select": trial})) > room:
            groups.append([])
        groups[-1].append(column)
    return groups


def _select_of(group: list[str]) -> str:
    """The `$select` of a column group (ID and the region key first, as every answer needs them)."""
    return ",".join(["ID", REGION_DIMENSION, *group])


def _joined_on_id(parts: Iterable[list[dict]]) -> list[dict]:
    """The rows of answers that each hold some of the columns, one row per ID, in the first answer's order
    (the first answer's rows are completed in place: copying the largest part would cost more than the rest)."""
    joined: dict[object, dict] = {}
    for part in parts:
        if not joined:
            joined = {row["ID"]: row for row in part}
            continue
        for row in part:
            joined.setdefault(row["ID"], {}).update(row)
    return list(joined.values())


def _filter_chunks(codes: list[str], room: int) -> Iterator[list[str]]:
    """Consecutive groups of codes whose URL-encoded `$filter` takes at most `room` characters (at least one)."""
    chunk: list[str] = []
    used = 0
    for code in codes:
        size = _clause_size(code)
        if chunk and used + size > room:
            yield chunk
            chunk, used = [], 0
        chunk.append(code)
        used += size
    if chunk:
        yield chunk


def region_codes_for(regions: list[dict], gemeenten: Sequence[str]) -> list[str]:
    """Padded keys of the gemeenten, their wijken and buurten, and Nederland; `["all"]` means every gemeente.

    A wijk or buurt belongs to the gemeente whose four digits follow its prefix: WK196000 and BU19600000 are
    West Betuwe's (GM1960). That holds in every KWB year, so no extra column is needed.
    """
    wanted = gemeente_selection(gemeenten)
    codes = []
    for region in regions:
        code = str(region["Key"]).strip().upper()
        gemeente = gemeentecode_of(code)
        if code.startswith("NL") or (gemeente is not None and (wanted is None or gemeente in wanted)):
            codes.append(pad_region_code(code))
    return codes


def gemeente_selection(gemeenten: Sequence[str]) -> set[str] | None:
    """The set of gemeente codes asked for, or None for `["all"]`; rejects anything but GMdddd codes."""
    codes = [str(code).strip().upper() for code in gemeenten]
    if codes == ["ALL"]:
        return None
    invalid = [code for code in codes if not re.fullmatch(r"GM\d{4}", code)]
    if invalid:
        raise ValueError(f"ongeldige gemeentecode(s) {invalid}: verwacht GM gevolgd door 4 cijfers, of ['all']")
    return set(codes)


def find_kwb_tables(
    catalog_url: str = CBS_CATALOG_URL,
    session: requests.Session | None = None,
    *,
    timeout: float = 30.0,
    retries: int = 4,
    backoff: float = 0.5,
) -> dict[int, str]:
    """Year -> table id of every "Kerncijfers wijken en buurten <year>" in the CBS catalogue.

    A year can have more than one table (a discontinued edition next to its successor): the regular one
    (OutputStatus "Regulier") wins, then the most recently modified.
    """
    url = catalog_url.rstrip("/")
    url = url if url.endswith("/Tables") else url + "/Tables"
    http = JsonHttp(timeout=timeout, retries=retries, backoff=backoff, session=session, error_type=CbsRequestError)
    params = {
        **_JSON_FORMAT,
        "$filter": "substringof('Kerncijfers wijken en buurten',Title)",
        "$select": "Identifier,Title,Language,Catalog,OutputStatus,Modified,Period",
    }
    best: dict[int, dict] = {}
    for table in odata_rows(http, url, params, subject="CBS-catalogus"):
        match = _KWB_TITLE.match(str(table.get("Title", "")))
        if not match or table.get("Language", "nl") != "nl" or table.get("Catalog", "CBS") != "CBS":
            continue
        year = int(match.group(1))
        if year not in best or _preference(table) > _preference(best[year]):
            best[year] = table
    return {year: best[year]["Identifier"] for year in sorted(best)}


def _preference(table: dict) -> tuple[bool, str]:
    return table.get("OutputStatus") == "Regulier", str(table.get("Modified") or "")


class CbsSource(Protocol):
    """What the pipeline asks of a CBS source: the live client and a snapshot folder both answer it."""

    def table_infos(self, table_id: str) -> dict: ...

    def data_properties(self, table_id: str) -> list[dict]: ...

    def regions(self, table_id: str) -> list[dict]: ...

    def typed_dataset(self, table_id: str, region_codes: Sequence[str], columns: Sequence[str]) -> list[dict]: ...


def write_snapshot(
    source: CbsSource,
    folder: Path | str,
    tables: Mapping[int, str],
    gemeenten: Sequence[str],
    columns_for: Callable[[list[dict]], Sequence[str]],
) -> Path:
    """Record every table from `source` into a snapshot folder (manifest kind "live"); returns the folder.

    Everything is written to a sibling folder first and swapped in at the end, so a pull that fails halfway
    leaves the previous snapshot untouched. The WijkenEnBuurten answer keeps only the selected regions.
    """
    gemeente_selection(gemeenten)  # a mistyped code fails before the first request
    folder = Path(folder)
    partial = folder.with_name(f".{folder.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        details = {
            table_id: _record_table(source, partial / table_id, table_id, gemeenten, columns_for)
            for _, table_id in sorted(tables.items())
        }
        manifest = {
            "kind": "live",
            "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "gemeenten": list(gemeenten),
            "tables": {str(year): table_id for year, table_id in sorted(tables.items())},
            "table_details": details,
        }
        _write_json(partial / "manifest.json", manifest)
        _swap_in(partial, folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return folder


def _record_table(
    source: CbsSource,
    folder: Path,
    table_id: str,
    gemeenten: Sequence[str],
    columns_for: Callable[[list[dict]], Sequence[str]],
) -> dict:
    info = source.table_infos(table_id)
    properties = source.data_properties(table_id)
    regions = source.regions(table_id)
    codes = region_codes_for(regions, gemeenten)
    selected = set(codes)
    kept_regions = [region for region in regions if pad_region_code(str(region["Key"])) in selected]
    rows = source.typed_dataset(table_id, codes, list(columns_for(properties)))
    answers = {
        "TableInfos": [info],
        "DataProperties": properties,
        "WijkenEnBuurten": kept_regions,
        "TypedDataSet": rows,
    }
    folder.mkdir()
    for name in SNAPSHOT_ANSWERS:
        metadata = f"https://opendata.cbs.nl/ODataApi/OData/{table_id}/$metadata#Cbs.OData.WebAPI.{name}"
        _write_json(folder / f"{name}.json", {"odata.metadata": metadata, "value": answers[name]})
    # A gemeente formed by a later merger is absent from older tables: worth a warning, not a failed pull.
    missing = sorted((gemeente_selection(gemeenten) or set()) - {code.strip() for code in codes})
    if missing:
        log.warning("CBS-tabel %s kent de gemeente(n) %s niet", table_id, ", ".join(missing))
    return {
        "title": info.get("Title"),
        "modified": info.get("Modified"),
        "regions": len(kept_regions),
        "rows": len(rows),
        "missing_gemeenten": missing,
    }


def _write_json(path: Path, body: object) -> None:
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _swap_in(partial: Path, folder: Path) -> None:
    """Replace `folder` by `partial` with two renames, so readers never see a half-written snapshot."""
    if not folder.exists():
        partial.rename(folder)
        return
    retired = folder.with_name(f".{folder.name}.retired")
    shutil.rmtree(retired, ignore_errors=True)
    folder.rename(retired)
    partial.rename(folder)
    shutil.rmtree(retired)
