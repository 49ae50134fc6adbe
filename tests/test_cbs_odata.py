"""The live CBS client against a local replay of CBS OData v3: paging, the row cap, retries, errors, snapshots."""

from __future__ import annotations

import json
import re
import socket
import threading
import time

import pandas as pd
import pytest
from cbs_replay import (
    CbsReplay,
    ReplayTable,
    add_catalog,
    catalog_entry,
    kwb_table,
    many_regions,
    real_data_properties,
    real_table_infos,
    realistic_regions,
    renumber_keys,
    with_keys_renamed,
)
from pytest_httpserver import HTTPServer

from ingest.cbs_odata import (
    CbsRequestError,
    CbsV3Client,
    CbsV4Client,
    RowLimitError,
    find_kwb_tables,
    region_codes_for,
    write_snapshot,
)
from ingest.kwb import columns_needed, resolve_measures, to_long
from ingest.snapshot import SnapshotSource
from kernmonitor.config import load_config

TABLE = kwb_table("85984NED")
WEST_BETUWE = region_codes_for(TABLE.regions, ["GM1960"])
COLUMNS = ["AantalInwoners_5", "GemiddeldeWOZWaardeVanWoningen_39", "AfstandTotSchool_120"]


def client_for(replay: CbsReplay, **options) -> CbsV3Client:
    return CbsV3Client(replay.base_url, **{"timeout": 2.0, "retries": 2, "backoff": 0.001, **options})


def expected_rows(table: ReplayTable, codes: list[str], columns: list[str]) -> list[dict]:
    keep = ["ID", "WijkenEnBuurten", *columns]
    return [{key: row[key] for key in keep} for row in table.rows if row["WijkenEnBuurten"] in set(codes)]


@pytest.fixture
def replay(httpserver) -> CbsReplay:
    return CbsReplay(httpserver).add_table(TABLE)


def test_metadata_comes_back_exactly_as_cbs_sends_it(replay):
    client = client_for(replay)

    assert client.table_infos("85984NED") == real_table_infos()
    assert client.data_properties("85984NED") == real_data_properties()
    assert client.regions("85984NED") == TABLE.regions


def test_pages_are_followed_through_next_links(httpserver):
    replay = CbsReplay(httpserver, page_size=7).add_table(TABLE)

    rows = client_for(replay, max_query_length=100_000).typed_dataset("85984NED", WEST_BETUWE, COLUMNS)

    assert rows == expected_rows(TABLE, WEST_BETUWE, COLUMNS)
    skips = [params.get("$skip") for params in replay.requests_for("TypedDataSet")]
    assert skips == [None, *(str(skip) for skip in range(7, 80, 7))]


def test_select_asks_only_for_the_requested_columns(replay):
    rows = client_for(replay).typed_dataset("85984NED", WEST_BETUWE, COLUMNS)

    selects = {params["$select"] for params in replay.requests_for("TypedDataSet")}
    assert selects == {"ID,WijkenEnBuurten," + ",".join(COLUMNS)}
    assert all(set(row) == {"ID", "WijkenEnBuurten", *COLUMNS} for row in rows)


def test_a_long_selection_is_sent_in_requests_under_the_query_length_limit(replay, httpserver):
    columns = columns_needed(resolve_measures(TABLE.data_properties))

    rows = client_for(replay).typed_dataset("85984NED", region_codes_for(TABLE.regions, ["all"]), columns)

    assert len(rows) == len(TABLE.rows)
    lengths = [len(request.query_string) for request, _ in httpserver.log]
    assert len(lengths) > 1 and max(lengths) <= 1_900


def test_region_filter_sends_codes_padded_to_ten_characters(replay):
    rows = client_for(replay).typed_dataset("85984NED", ["GM1960", "wk196000", "BU19600000 ", "NL00"], COLUMNS)

    assert [row["WijkenEnBuurten"] for row in rows] == ["NL00      ", "GM1960    ", "WK196000  ", "BU19600000"]
    (params,) = replay.requests_for("TypedDataSet")
    assert "(WijkenEnBuurten eq 'GM1960    ')" in params["$filter"]
    assert "(WijkenEnBuurten eq 'WK196000  ')" in params["$filter"]


def test_a_selection_over_the_row_cap_is_split_until_it_fits(httpserver):
    replay = CbsReplay(httpserver, row_cap=10).add_table(TABLE)

    rows = client_for(replay, max_query_length=100_000).typed_dataset("85984NED", WEST_BETUWE, COLUMNS)

    assert rows == expected_rows(TABLE, WEST_BETUWE, COLUMNS)
    sizes = [params["$filter"].count(" eq ") for params in replay.requests_for("TypedDataSet")]
    # 80 codes: refused, halved, refused again, halved... and served in parts of 10.
    assert sizes == [80, *[40, 20, 10, 10, 20, 10, 10] * 2]


def test_a_single_region_over_the_cap_is_an_error_not_a_loop(httpserver):
    replay = CbsReplay(httpserver, row_cap=0).add_table(TABLE)

    with pytest.raises(RowLimitError, match="85984NED"):
        client_for(replay).typed_dataset("85984NED", ["GM1960", "GM0214"], COLUMNS)
    assert len(replay.requests_for("TypedDataSet")) == 2  # the pair, then the first half alone


@pytest.mark.parametrize("cut_silently", [False, True], ids=["refused", "cut-silently"])
def test_a_region_listing_over_the_cap_is_fetched_by_key_prefix(httpserver, cut_silently):
    regions = many_regions(gemeenten=340, buurten_per_gemeente=30)  # 10,201 buurten
    table = ReplayTable("85984NED", real_table_infos(), real_data_properties(), regions)
    replay = CbsReplay(httpserver, cut_silently=cut_silently).add_table(table)

    fetched = client_for(replay).regions("85984NED")

    assert sorted(fetched, key=lambda r: r["Key"]) == sorted(regions, key=lambda r: r["Key"])
    assert {"startswith(Key,'G')", "startswith(Key,'BU')", "startswith(Key,'BU0')", "startswith(Key,'BU01')"} <= {
        params.get("$filter") for params in replay.requests_for("WijkenEnBuurten")
    }


def test_a_server_error_is_retried(replay, httpserver):
    replay.fail_once("85984NED", "TypedDataSet", status=500)

    rows = client_for(replay).typed_dataset("85984NED", WEST_BETUWE[:5], COLUMNS)

    assert rows == expected_rows(TABLE, WEST_BETUWE[:5], COLUMNS)
    assert len(httpserver.log) == 2


@pytest.fixture
def threaded_httpserver():
    """A server of its own that answers the retry while the timed-out request still hangs."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.stop()


def test_a_timeout_is_retried(threaded_httpserver):
    replay = CbsReplay(threaded_httpserver).add_table(TABLE)
    # Stalled far past the client's timeout, so that it is still hanging when the retry has been answered, however
    # slow the machine (0,5 s was not enough under a full CI run's load).
    replay.stall_once(TABLE, "DataProperties", seconds=5)

    assert client_for(replay, timeout=0.1).data_properties("85984NED") == real_data_properties()
    assert len(replay.requests_for("DataProperties")) == 1  # the stalled request is still hanging


def test_retries_run_out_with_an_error_naming_table_url_and_status(httpserver):
    httpserver.expect_request("/ODataApi/odata/85984NED/TableInfos").respond_with_data("Service Unavailable", 503)
    client = CbsV3Client(httpserver.url_for("/ODataApi/odata"), retries=2, backoff=0.001)

    with pytest.raises(CbsRequestError) as caught:
        client.table_infos("85984NED")

    message = str(caught.value)
    assert "85984NED" in message and "HTTP 503" in message and "3 pogingen" in message
    assert httpserver.url_for("/ODataApi/odata/85984NED/TableInfos") in message
    assert [request.path for request, _ in httpserver.log].count("/ODataApi/odata/85984NED/TableInfos") == 3


def test_an_unreachable_server_is_a_clear_error_after_retries():
    with socket.socket() as probe:  # a port that nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = CbsV3Client(f"http://127.0.0.1:{port}/ODataApi/odata", retries=1, backoff=0.001)

    with pytest.raises(CbsRequestError, match=r"85984NED \(DataProperties\): geen geldig antwoord na 2 pogingen"):
        client.data_properties("85984NED")


def test_truncated_json_is_a_clear_error(httpserver):
    body = '{"odata.metadata": "x", "value": [{"ID": 0, "WijkenEnBuurten": "NL00   '
    path = "/ODataApi/odata/85984NED/DataProperties"
    httpserver.expect_request(path).respond_with_data(body, content_type="application/json")

    with pytest.raises(CbsRequestError, match=r"85984NED \(DataProperties\): ongeldige of afgebroken JSON"):
        CbsV3Client(httpserver.url_for("/ODataApi/odata"), backoff=0.001).data_properties("85984NED")


def test_not_found_fails_at_once_without_retries(httpserver):
    error = {"odata.error": {"code": "", "message": {"lang": "nl-NL", "value": "Resource not found"}}}
    httpserver.expect_request(re.compile(r"/OData(Api|Feed)/odata/99999NED/.*")).respond_with_json(error, status=404)

    with pytest.raises(CbsRequestError) as caught:
        CbsV3Client(httpserver.url_for("/ODataApi/odata"), backoff=0.001).table_infos("99999NED")

    assert caught.value.status == 404 and "99999NED" in str(caught.value) and "Resource not found" in str(caught.value)
    # TableInfos once; what was requested ahead of it (DataProperties, the region listing) once each, and done.
    asked = [(request.path, request.query_string) for request, _ in httpserver.log]
    assert [path for path, _ in asked].count("/ODataApi/odata/99999NED/TableInfos") == 1
    assert len(asked) == len(set(asked))


def test_region_codes_for_takes_the_gemeente_its_wijken_buurten_and_nederland():
    regions = realistic_regions()

    codes = region_codes_for(regions, ["GM1960"])

    assert codes[0] == "NL00      " and "GM1960    " in codes
    assert len([c for c in codes if c.startswith("WK")]) == 12
    assert len([c for c in codes if c.startswith("BU")]) == 66
    assert all(len(code) == 10 and code[2:6] in ("1960", "00  ") for code in codes)
    assert len(region_codes_for(regions, ["all"])) == len(regions)
    assert region_codes_for(regions, ["GM9999"]) == ["NL00      "]
    with pytest.raises(ValueError, match="gemeentecode"):
        region_codes_for(regions, ["West Betuwe"])


def test_kwb_tables_are_found_by_year_in_the_catalogue(httpserver):
    design = {2019: "84583NED", 2020: "84799NED", 2021: "85039NED", 2022: "85318NED", 2023: "85618NED"}
    design |= {2024: "85984NED", 2025: "86165NED"}
    distractors = [
        # Invented identifiers: an older edition of a year next to its successor, and a stale duplicate.
        catalog_entry("85900NED", 2024, status="Gediscontinueerd", modified="2025-06-01T02:00:00"),
        catalog_entry("85600NED", 2023, modified="2023-11-01T02:00:00"),
        {**catalog_entry("70904NED", 2012), "Title": "Kerncijfers wijken en buurten 2009-2012"},
        {**catalog_entry("85984ENG", 2024), "Language": "en"},
        {**catalog_entry("70072NED", 2024), "Title": "Regionale kerncijfers Nederland"},
    ]
    entries = [catalog_entry(tid, year, modified=f"{year + 1}-03-27T02:00:00") for year, tid in design.items()]
    catalog = add_catalog(httpserver, distractors[:2] + entries + distractors[2:])

    assert find_kwb_tables(catalog) == design
    assert "substringof('Kerncijfers wijken en buurten',Title)" in httpserver.log[0][0].args["$filter"]


def test_write_snapshot_round_trips_through_the_snapshot_reader(replay, tmp_path):
    replay.add_table(kwb_table("85618NED", seed=2023))
    client = client_for(replay)
    columns_for = lambda properties: columns_needed(resolve_measures(properties))  # noqa: E731

    folder = write_snapshot(
        client, tmp_path / "snapshot", {2024: "85984NED", 2023: "85618NED"}, ["GM1960"], columns_for
    )

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "live" and manifest["gemeenten"] == ["GM1960"]
    assert manifest["tables"] == {"2023": "85618NED", "2024": "85984NED"}
    assert manifest["table_details"]["85984NED"]["modified"] == "2025-03-27T02:00:00"
    assert sorted(p.name for p in (folder / "85984NED").iterdir()) == [
        "DataProperties.json",
        "TableInfos.json",
        "TypedDataSet.json",
        "WijkenEnBuurten.json",
    ]
    body = json.loads((folder / "85984NED" / "TypedDataSet.json").read_text(encoding="utf-8"))
    assert set(body) == {"odata.metadata", "value"} and len(body["value"]) == len(WEST_BETUWE)

    snapshot = SnapshotSource(folder)
    columns = columns_for(snapshot.data_properties("85984NED"))
    assert snapshot.table_infos("85984NED") == client.table_infos("85984NED")
    assert region_codes_for(snapshot.regions("85984NED"), ["GM1960"]) == WEST_BETUWE
    assert snapshot.typed_dataset("85984NED", WEST_BETUWE, columns) == client.typed_dataset(
        "85984NED", WEST_BETUWE, columns
    )


def test_a_failed_pull_leaves_the_previous_snapshot_in_place(replay, tmp_path):
    client = client_for(replay)
    folder = write_snapshot(client, tmp_path / "snapshot", {2024: "85984NED"}, ["GM1960"], lambda _: COLUMNS)
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.json")}

    with pytest.raises(CbsRequestError):
        write_snapshot(client, folder, {2024: "85984NED", 2023: "85618NED"}, ["GM1960"], lambda _: COLUMNS)

    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.json")} == before
    assert [p.name for p in tmp_path.iterdir()] == ["snapshot"]


def shifted_suffixes(properties: list[dict], first: int) -> dict[int, int]:
    """Renumber every topic from `first` on: WOZ _39 -> _36, distances _117.._120 -> _110.._113, the rest by one."""
    numbers = sorted(int(p["Key"].rpartition("_")[2]) for p in properties if p.get("Type") == "Topic")
    numbers = [n for n in numbers if n >= first]
    fixed = {39: 36, 117: 110, 118: 111, 119: 112, 120: 113}
    old = [n for n in numbers if n not in fixed]
    new = [n for n in numbers if n not in fixed.values()]
    return {**fixed, **dict(zip(old, new[1:] + new[:1], strict=True))}


KWB_REGION_COLUMNS_RENUMBERED = pytest.param(1, id="region-columns-too")


@pytest.mark.parametrize("first", [pytest.param(5, id="measures"), KWB_REGION_COLUMNS_RENUMBERED])
def test_the_same_table_with_shifted_keys_gives_the_same_long_table(httpserver, first):
    suffixes = shifted_suffixes(TABLE.data_properties, first)
    assert all(old != new for old, new in suffixes.items())  # every key renumbered
    properties, rows = with_keys_renamed(
        TABLE.data_properties, TABLE.rows, renumber_keys(TABLE.data_properties, suffixes)
    )
    shifted = ReplayTable("85984NED", TABLE.table_infos, properties, TABLE.regions, rows)
    original = CbsReplay(httpserver, "/original/ODataApi/odata").add_table(TABLE)
    revised = CbsReplay(httpserver, "/revised/ODataApi/odata").add_table(shifted)

    def long_table(replay: CbsReplay) -> pd.DataFrame:
        client = client_for(replay)
        resolution = resolve_measures(client.data_properties("85984NED"))
        codes = region_codes_for(client.regions("85984NED"), ["GM1960", "GM0214"])
        rows = client.typed_dataset("85984NED", codes, columns_needed(resolution))
        return to_long(rows, resolution, "85984NED", 2024)

    before, after = long_table(original), long_table(revised)

    assert "GemiddeldeWOZWaardeVanWoningen_36" in revised.requests_for("TypedDataSet")[0]["$select"]
    assert set(before["source_key"]) != set(after["source_key"])
    pd.testing.assert_frame_equal(before.drop(columns="source_key"), after.drop(columns="source_key"))
    assert len(before) == len(TABLE.regions) * before["measure"].nunique()


def test_v4_measure_codes_follow_odata_next_links(httpserver):
    # Field names as CBS v4 serves them; the identifiers and titles here are made up.
    path = "/odata/v1/CBS/85984NED/MeasureCodes"
    codes = [{"Identifier": f"M00{n:04d}", "Title": f"Maat {n}", "MeasureGroupId": None} for n in range(5)]
    next_link = httpserver.url_for(path) + "?$skip=3"
    httpserver.expect_ordered_request(path, query_string="").respond_with_json(
        {"@odata.context": "x", "value": codes[:3], "@odata.nextLink": next_link}
    )
    httpserver.expect_ordered_request(path, query_string="$skip=3").respond_with_json({"value": codes[3:]})

    client = CbsV4Client(httpserver.url_for("/odata/v1/CBS"), backoff=0.001)

    assert client.measure_codes("85984NED") == codes


class CountingServer(HTTPServer):
    """A threaded replay server that counts the requests it is answering at once. Every answer takes a little
    while (as CBS's do) and waits, at most `wait` seconds (well under the clients' timeout), until `together`
    requests are in flight: requests sent side by side are then seen side by side even when a loaded machine starts
    the client's threads late (a fixed 50 ms let the first answer go before the fourth request had arrived)."""

    def __init__(self, delay: float = 0.05, together: int = 4, wait: float = 0.5) -> None:
        super().__init__(threaded=True)
        self.delay, self.together, self.wait, self.in_flight, self.most = delay, together, wait, 0, 0
        self._changed = threading.Condition()

    def dispatch(self, request):
        with self._changed:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            self._changed.notify_all()
            self._changed.wait_for(lambda: self.in_flight >= self.together, timeout=self.wait)
        try:
            time.sleep(self.delay)
            return super().dispatch(request)
        finally:
            with self._changed:
                self.in_flight -= 1


@pytest.fixture
def counting_server():
    server = CountingServer()
    server.start()
    yield server
    server.clear()
    server.stop()


def serve_api_and_feed(server: HTTPServer, table: ReplayTable, feed_page_size: int = 10_000):
    api = CbsReplay(server).add_table(table)
    feed = CbsReplay(server, "/ODataFeed/odata", page_size=feed_page_size, row_cap=10**9).add_table(table)
    return api, feed


def pull_everything(client: CbsV3Client, table_id: str = "85984NED") -> tuple[list[dict], list[dict]]:
    """What the pipeline asks of a source for one table, in its order."""
    client.table_infos(table_id)
    columns = columns_needed(resolve_measures(client.data_properties(table_id)))
    regions = client.regions(table_id)
    return regions, client.typed_dataset(table_id, region_codes_for(regions, ["all"]), columns)


@pytest.mark.parametrize("cap", [2, 3])
def test_requests_in_flight_never_exceed_the_configured_cap(counting_server, cap):
    api, _ = serve_api_and_feed(counting_server, TABLE)
    counting_server.together = cap
    # Short URLs and no bulk read: the selection goes to the API in many chunks, as many at once as allowed.
    client = client_for(api, parallel=cap, max_query_length=600, bulk_share=2.0)

    regions, rows = pull_everything(client)

    assert regions == TABLE.regions and len(rows) == len(TABLE.rows)
    assert len(api.requests_for("TypedDataSet")) > 2 * cap
    assert counting_server.most == cap


def test_the_default_cap_is_four_requests_at_once(counting_server):
    api, _ = serve_api_and_feed(counting_server, TABLE)

    regions, rows = pull_everything(CbsV3Client(api.base_url, max_query_length=600, bulk_share=2.0))

    assert regions == TABLE.regions and len(rows) == len(TABLE.rows)
    assert counting_server.most == 4


def test_metadata_and_region_listing_are_asked_for_together_and_once(counting_server):
    api, feed = serve_api_and_feed(counting_server, TABLE)
    client = client_for(api)

    assert client.table_infos("85984NED") == real_table_infos()
    assert client.data_properties("85984NED") == real_data_properties()
    assert client.regions("85984NED") == TABLE.regions

    # TableInfos, DataProperties and two pages of the feed's region listing were under way at the same time.
    assert counting_server.most == 4
    assert len(api.requests_for("TableInfos")) == len(api.requests_for("DataProperties")) == 1
    assert api.requests_for("WijkenEnBuurten") == [] and len(feed.requests_for("WijkenEnBuurten")) == 2
    # Asked again, the answers are asked again (nothing is kept beyond the one call it was fetched for).
    assert client.data_properties("85984NED") == real_data_properties()
    assert len(api.requests_for("DataProperties")) == 2


@pytest.mark.parametrize("page_size", [10_000, 7_000], ids=["cbs-pages", "other-pages"])
def test_a_region_listing_of_more_feed_pages_than_asked_at_once_is_complete(httpserver, page_size):
    regions = many_regions(gemeenten=700, buurten_per_gemeente=30)  # 22,401 regions: three pages of 10,000
    table = ReplayTable("85984NED", real_table_infos(), real_data_properties(), regions)
    _, feed = serve_api_and_feed(httpserver, table, feed_page_size=page_size)

    fetched = CbsV3Client(feed.base_url.replace("/ODataFeed/", "/ODataApi/"), retries=0).regions("85984NED")

    assert fetched == regions
    skips = sorted(int(params.get("$skip", 0)) for params in feed.requests_for("WijkenEnBuurten"))
    # Two pages at once; the rest along the next links (which, with other pages than 10,000, start earlier).
    assert skips == ([0, 10_000, 20_000] if page_size == 10_000 else [0, 7_000, 10_000, 14_000, 21_000])


def test_cbs_max_requests_is_read_from_the_config_with_a_default_of_four(tmp_path):
    config = tmp_path / "kernmonitor.toml"
    config.write_text('[sources]\nmode = "live"\n', encoding="utf-8")
    assert load_config(config).cbs_max_requests == 4
    assert load_config().cbs_max_requests == 4  # the shipped file

    config.write_text('[sources]\nmode = "live"\ncbs_max_requests = 2\n', encoding="utf-8")
    assert load_config(config).cbs_max_requests == 2

    config.write_text('[sources]\nmode = "live"\ncbs_max_requests = 0\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"kernmonitor\.toml: sources\.cbs_max_requests = 0, verwacht"):
        load_config(config)


def test_feed_column_groups_that_disagree_on_their_rows_are_not_joined(monkeypatch):
    """The feed's column groups are separate answers: if the table changed between them (a new revision), joining
    them would leave rows without some columns. The client then reads the selection from the API instead."""
    client = CbsV3Client("http://127.0.0.1:9/ODataApi/odata", max_query_length=100, retries=0)  # two groups
    wanted = ["ID", "WijkenEnBuurten", "AantalInwoners_5", "Mannen_6", "Vrouwen_7", "HuishoudensTotaal_28"]
    rows = [{"ID": n, "WijkenEnBuurten": f"BU0000000{n}", **{c: n for c in wanted[2:]}} for n in range(3)]
    codes = [row["WijkenEnBuurten"] for row in rows]

    def feed(table_id, entity, params, pages=1):
        kept = params["$select"].split(",")
        return [{c: row[c] for c in kept} for row in rows if not (row["ID"] == 2 and "Mannen_6" not in kept)]

    monkeypatch.setattr(client, "_feed", feed)
    assert client._bulk_rows("85984NED", codes, wanted, listed=3) is None

    monkeypatch.setattr(
        client,
        "_feed",
        lambda table_id, entity, params, pages=1: [{c: row[c] for c in params["$select"].split(",")} for row in rows],
    )
    assert client._bulk_rows("85984NED", codes, wanted, listed=3) == rows
