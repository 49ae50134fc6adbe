"""A local CBS OData v3 stand-in serving one full-size KWB table, run as its own process for the benchmarks.

It serves the generated all-NL table (ingest/scale_snapshot.py: every topic of the real 85984NED DataProperties,
about 18,000 regions) through `tests/cbs_replay.CbsReplay`, the replay server of the client's tests, at the two
addresses CBS has:
- `/ODataApi/odata/<ID>/...`: the API, at most 10,000 rows per answer (kernmonitor's client);
- `/ODataFeed/odata/<ID>/...`: the bulk feed, pages of 10,000 rows with `odata.nextLink` (what the `cbsodata`
  package reads), plus the service document and the entity sets cbsodata asks for besides the four.
A separate process, so that the server's work does not share the benchmarked client's interpreter (and GIL).
Threaded: requests are taken side by side, but their Python work (filtering, JSON) takes turns under one GIL,
and on 2 cores the client needs the other one, so parallel requests gain nothing here unless answers wait:
`--latency-ms` adds a fixed delay to every answer (sleeping, not computing), a stand-in for the network and
CBS's own query time. `--processes N` forks a process per request instead (measured: no faster on 2 cores).

The stand-in's own work is kept small, as a database's would be, so that the clients are what is measured: a page
is cut from the selected rows before its columns are picked (`tests/cbs_replay` picks the columns of every row,
then cuts), and answers are serialised with orjson. Both clients read through the same handlers.

Run: `python -m benchmarks.replay_server --port 0 --ready-file PATH` (writes the base URL to PATH when ready).
"""

from __future__ import annotations

import argparse
import gc
import json
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import orjson  # noqa: E402
from cbs_replay import CbsReplay, ReplayTable, _filter, _odata_error, _select, real_data_properties, real_table_infos  # noqa: E402
from pytest_httpserver import HTTPServer  # noqa: E402
from werkzeug import Request, Response  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from ingest.scale_snapshot import SEED, build_world, country_rows  # noqa: E402

TABLE_ID = "85984NED"
YEAR = 2024
FEED_ENTITIES = ("TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", "CategoryGroups", "WijkenEnBuurten")


def full_table(gemeenten: int | None = None, seed: int = SEED) -> ReplayTable:
    """The generated KWB 2024 table with every topic column, as CBS serves it (regions as CBS lists them)."""
    world = build_world(seed)
    selected = world.select(gemeenten)
    properties = real_data_properties()
    rows = country_rows(world, selected, properties, {YEAR: TABLE_ID}, columns="all", seed=seed)[YEAR]
    kept = set(selected)
    titles = {"NL00": "Nederland"}
    titles.update({code: name for code, name in world.gemeente_names.items() if code in kept})
    titles.update({code: name for code, name in world.wijk_names.items() if "GM" + code[2:6] in kept})
    titles.update({b.code: b.name for b in world.buurten if b.gemeente in kept})
    regions = [
        {
            "Key": code.ljust(10),
            "Title": title,
            "Description": "",
            "CategoryGroupID": None,
            "DetailRegionCode": code,
            "Municipality": "GM" + code[2:6] if code[:2] in ("GM", "WK", "BU") else "",
        }
        for code, title in sorted(titles.items())
    ]
    return ReplayTable(TABLE_ID, {**real_table_infos(), "Identifier": TABLE_ID}, properties, regions, rows)


def _paged_handler(replay: CbsReplay, table: ReplayTable, entity: str) -> Callable[[Request], Response]:
    """`CbsReplay._handler`'s answers (filter, row cap, $skip/$top, pages, next link), cheaper to make."""

    def handle(request: Request) -> Response:
        params = dict(request.args)
        try:
            rows = _filter(entity, table.answer(entity), params.get("$filter"))
        except ValueError as exc:
            return _answer(_odata_error(str(exc)), 400)
        if len(rows) > replay.row_cap and not replay.cut_silently:
            message = "De gevraagde selectie is te groot: een antwoord bevat maximaal 10000 rijen."
            return _answer(_odata_error(message), 500)
        rows = rows[: replay.row_cap]
        skip = int(params.get("$skip", 0))
        end = len(rows) if "$top" not in params else skip + int(params["$top"])
        if replay.page_size is not None:
            end = min(end, skip + replay.page_size)
        try:
            value = _select(entity, rows[skip:end], params)
        except ValueError as exc:
            return _answer(_odata_error(str(exc)), 400)
        body: dict = {
            "odata.metadata": f"{replay.base_url}/{table.table_id}/$metadata#Cbs.OData.WebAPI.{entity}",
            "value": value,
        }
        if end < len(rows) and replay.page_size is not None:
            body["odata.nextLink"] = f"{request.base_url}?{urlencode({**params, '$skip': str(end)})}"
        return _answer(body, 200)

    return handle


def _answer(body: dict, status: int) -> Response:
    return Response(orjson.dumps(body), status=status, content_type="application/json;odata=minimalmetadata")


def _delayed(handler, seconds: float):
    if not seconds:
        return handler

    def slow(request: Request) -> Response:
        time.sleep(seconds)
        return handler(request)

    return slow


def serve(port: int, latency: float, gemeenten: int | None, ready_file: Path | None, processes: int = 2) -> None:
    table = full_table(gemeenten)
    server = HTTPServer(host="127.0.0.1", port=port, threaded=True)
    api = CbsReplay(server, "/ODataApi/odata")
    # The feed pages instead of refusing: a cap far above the table, pages of 10,000 as CBS's feed sends them.
    feed = CbsReplay(server, "/ODataFeed/odata", page_size=10_000, row_cap=10**9)
    for replay in (api, feed):
        for entity in ("TableInfos", "DataProperties", "WijkenEnBuurten", "TypedDataSet"):
            handler = _delayed(_paged_handler(replay, table, entity), latency)
            server.expect_request(replay._path(TABLE_ID, entity)).respond_with_handler(handler)
    # What cbsodata asks for besides: the service document, the untyped rows and the category groups.
    untyped = ReplayTable(TABLE_ID, table.table_infos, table.data_properties, table.regions, table.rows)
    server.expect_request(feed._path(TABLE_ID, "UntypedDataSet")).respond_with_handler(
        _delayed(_paged_handler(feed, untyped, "TypedDataSet"), latency)
    )
    # Every answer waits, these two as well.
    groups = _delayed(lambda _request: _answer({"value": []}, 200), latency)
    server.expect_request(feed._path(TABLE_ID, "CategoryGroups")).respond_with_handler(groups)
    service = _answer({"odata.metadata": "", "value": [{"name": name, "url": name} for name in FEED_ENTITIES]}, 200)
    document = _delayed(lambda _request: service, latency)
    server.expect_request(f"/ODataFeed/odata/{TABLE_ID}/").respond_with_handler(document)
    if processes > 1:
        # The table is some hundreds of MB of Python objects: a forked child that ran the garbage collector over
        # them would copy every page it touched. Frozen objects are left alone by the collector.
        gc.collect()
        gc.freeze()
        # pytest-httpserver's matching and handlers, served by werkzeug's forking server instead of its thread.
        forking = make_server("127.0.0.1", port, Request.application(server.application), processes=processes)
        threading.Thread(target=forking.serve_forever, daemon=True).start()
        bound = forking.port
    else:
        server.start()
        bound = server.port
    url = f"http://127.0.0.1:{bound}"
    if ready_file:
        ready_file.write_text(json.dumps({"url": url, "regions": len(table.regions), "rows": len(table.rows)}))
    print(f"replay server on {url}: {len(table.rows)} rows, {processes} at a time, {latency * 1000:.0f} ms", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    if processes > 1:
        forking.shutdown()
    else:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--gemeenten", type=int, default=None, help="only the first N gemeenten (smoke runs)")
    parser.add_argument("--processes", type=int, default=1, help="1: threaded (default); more: forked per request")
    parser.add_argument("--ready-file", type=Path)
    args = parser.parse_args()
    serve(args.port, args.latency_ms / 1000, args.gemeenten, args.ready_file, args.processes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
