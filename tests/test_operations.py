"""Operation without anybody watching: schedules, the inbox sensor, the exports asset, checks, freshness, the
Dagster instance, and the dashboard's optional password. Fast: no pipeline run."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from cbs_replay import add_catalog, catalog_entry

from dashboards import components
from kernmonitor import freshness
from kernmonitor.cli import DAGSTER_YAML_MARKER, _dagster_env
from kernmonitor.config import DBT_EXECUTABLE, DEFAULT_MEMORY_LIMIT, REPO_ROOT, dbt_args, load_config
from kernmonitor.publish import GATES, PublishRefused, publish, run_gate
from kernmonitor.webauth import AuthConfigError, credentials_from_env, protect
from orchestration.definitions import defs
from orchestration.defs.exports.assets import ExportsConfig, exports
from orchestration.defs.exports.inbox import NOT_LOADED_DIR, waiting_files
from orchestration.defs.exports.sensors import exports_inbox_sensor
from orchestration.defs.publish.checks import gate_check
from orchestration.defs.sources.schedules import (
    monthly_refresh_schedule,
    new_kwb_tables,
    yearly_kwb_table_schedule,
)
from orchestration.resources import KernmonitorResource

EXAMPLES = REPO_ROOT / "data" / "exports"
SOURCE_ASSETS = ["raw/kern_buurt", "raw/kwb_values", "raw/kwb_tables", "raw/leefbaarometer", "raw/buurt_geometrie"]


def resource(home: Path) -> KernmonitorResource:
    return KernmonitorResource(home=str(home))


def aged(path: Path, seconds: float = 60) -> Path:
    """Pretend the file landed a while ago, so it has settled."""
    moment = path.stat().st_mtime - seconds
    os.utime(path, (moment, moment))
    return path


# The definitions -------------------------------------------------------------------------------------------


def test_definitions_list_every_schedule_sensor_and_check() -> None:
    dg.Definitions.validate_loadable(defs)
    assert {s.name for s in defs.schedules} == {"monthly_refresh_schedule", "yearly_kwb_table_schedule"}
    assert {s.name for s in defs.sensors} == {"exports_inbox_sensor"}
    checks = {key.to_user_string() for key in defs.resolve_asset_graph().asset_check_keys}
    ours = {f"{'/'.join(g.asset)}:{g.name}" for g in GATES} | {"raw/export_files:exportbestanden_gelezen"}
    assert ours <= checks, sorted(ours - checks)


def test_the_publish_step_waits_for_every_blocking_gate_check() -> None:
    """In the execution plan itself: the serving step (or the dbt step before it) needs every gate check."""
    from dagster._core.execution.api import create_execution_plan

    plan = create_execution_plan(defs.resolve_job_def("verversen"))

    def upstream(step_key: str) -> set[str]:
        step = plan.get_step_by_key(step_key)
        return {h.step_key for i in step.step_inputs for h in i.get_step_output_handle_dependencies()}

    graph = defs.resolve_asset_graph()
    waits_for = upstream("serving") | upstream("kernmonitor_dbt_models")
    for gate in GATES:
        key = dg.AssetCheckKey(dg.AssetKey(list(gate.asset)), gate.name)
        assert graph.get_check_spec(key).blocking, gate.name
        assert f"{'__'.join(gate.asset)}_{gate.name}" in waits_for, gate.name


def test_every_source_asset_has_a_freshness_policy() -> None:
    graph = defs.resolve_asset_graph()
    for key in SOURCE_ASSETS:
        policy = graph.get(dg.AssetKey.from_user_string(key)).freshness_policy
        assert policy is not None, key
        assert policy.fail_window.to_timedelta() == freshness.SOURCE_FAIL_AFTER


def test_schedules_and_sensor_run_without_anybody_switching_them_on() -> None:
    assert all(s.default_status == dg.DefaultScheduleStatus.RUNNING for s in defs.schedules)
    assert all(s.default_status == dg.DefaultSensorStatus.RUNNING for s in defs.sensors)
    assert {s.execution_timezone for s in defs.schedules} == {"Europe/Amsterdam"}


# Schedules -------------------------------------------------------------------------------------------------


def test_monthly_schedule_fires_at_night_on_the_second_and_asks_for_the_full_refresh() -> None:
    tick = datetime(2026, 3, 2, 3, 0)
    context = dg.build_schedule_context(scheduled_execution_time=tick)
    request = monthly_refresh_schedule(context)
    assert isinstance(request, dg.RunRequest)
    assert request.run_key == "maandelijks-2026-03"
    assert monthly_refresh_schedule.cron_schedule == "0 3 2 * *"
    assert monthly_refresh_schedule.job_name == "verversen"


def test_yearly_schedule_skips_offline(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KERNMONITOR_SOURCE_MODE", "snapshot")
    context = dg.build_schedule_context(resources={"kernmonitor": resource(tmp_path)})
    result = yearly_kwb_table_schedule(context)
    assert isinstance(result, dg.SkipReason)
    assert "snapshot" in result.skip_message


def test_yearly_schedule_requests_a_refresh_when_the_catalogue_has_a_new_year(tmp_path, monkeypatch, httpserver):
    known = load_config().kwb_tables
    rows = [catalog_entry(table, year) for year, table in known.items()] + [catalog_entry("99999NED", 2026)]
    monkeypatch.setenv("KERNMONITOR_SOURCE_MODE", "live")
    monkeypatch.setenv("KERNMONITOR_CBS_CATALOG_URL", add_catalog(httpserver, rows))
    context = dg.build_schedule_context(resources={"kernmonitor": resource(tmp_path)})
    request = yearly_kwb_table_schedule(context)
    assert isinstance(request, dg.RunRequest)
    assert request.run_key == "kwb-99999NED"
    assert request.tags["kernmonitor/nieuwe_kwb_tabellen"] == "2026: 99999NED"


def test_yearly_schedule_skips_when_the_catalogue_has_nothing_new(tmp_path, monkeypatch, httpserver) -> None:
    rows = [catalog_entry(table, year) for year, table in load_config().kwb_tables.items()]
    monkeypatch.setenv("KERNMONITOR_SOURCE_MODE", "live")
    monkeypatch.setenv("KERNMONITOR_CBS_CATALOG_URL", add_catalog(httpserver, rows))
    context = dg.build_schedule_context(resources={"kernmonitor": resource(tmp_path)})
    assert isinstance(yearly_kwb_table_schedule(context), dg.SkipReason)


def test_new_kwb_tables_are_the_years_the_config_lacks() -> None:
    assert new_kwb_tables({2024: "A", 2026: "C", 2025: "B"}, {2024: "A"}) == {2025: "B", 2026: "C"}


# The inbox sensor ------------------------------------------------------------------------------------------


def sensor_result(home: Path):
    context = dg.build_sensor_context(resources={"kernmonitor": resource(home)})
    return exports_inbox_sensor(context)


def test_sensor_skips_an_empty_or_missing_inbox(tmp_path) -> None:
    assert isinstance(sensor_result(tmp_path), dg.SkipReason)
    (tmp_path / "inbox").mkdir()
    assert isinstance(sensor_result(tmp_path), dg.SkipReason)


def test_sensor_requests_one_run_per_dropped_file_keyed_by_name_and_mtime(tmp_path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    dropped = aged(Path(shutil.copy(EXAMPLES / "VOORBEELD_Buren_subsidies_2022-2024.csv", inbox)))
    requests = sensor_result(tmp_path)
    assert len(requests) == 1
    assert requests[0].run_key == f"{dropped.name}:{dropped.stat().st_mtime_ns}"
    assert requests[0].run_config["ops"]["raw__exports"]["config"] == {"files": [dropped.name]}


def test_sensor_asks_again_only_when_the_file_changed(tmp_path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    dropped = aged(Path(shutil.copy(EXAMPLES / "VOORBEELD_Buren_subsidies_2022-2024.csv", inbox)))
    first = sensor_result(tmp_path)[0].run_key
    assert sensor_result(tmp_path)[0].run_key == first  # Dagster drops a run key it has seen
    dropped.write_bytes(dropped.read_bytes() + b"\n")
    aged(dropped, 30)
    assert sensor_result(tmp_path)[0].run_key != first


def test_sensor_waits_for_a_file_still_being_written_and_ignores_lock_files(tmp_path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "subsidies.xlsx").write_bytes(b"PK")  # just written: not settled yet
    aged(inbox / "subsidies.xlsx", 0)
    aged(Path(shutil.copy(EXAMPLES / "VOORBEELD_Buren_subsidies_2022-2024.csv", inbox / "~$subsidies.xlsx")))
    (inbox / NOT_LOADED_DIR).mkdir()
    assert isinstance(sensor_result(tmp_path), dg.SkipReason)


def test_waiting_files_come_oldest_first(tmp_path) -> None:
    for name, age in (("nieuw.csv", 20), ("oud.csv", 90)):
        (tmp_path / name).write_text("x")
        aged(tmp_path / name, age)
    assert [p.name for p in waiting_files(tmp_path)] == ["oud.csv", "nieuw.csv"]


# The exports asset -----------------------------------------------------------------------------------------


def materialize_exports(home: Path, files: list[str] | None = None) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [exports],
        resources={"kernmonitor": resource(home)},
        run_config=dg.RunConfig(ops={"raw__exports": ExportsConfig(files=files or [])}),
        raise_on_error=False,
    )


def test_exports_asset_loads_an_inbox_file_and_clears_it_from_the_inbox(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KERNMONITOR_SOURCE_MODE", "live")  # no demo examples: only what is in the inbox
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    name = "VOORBEELD_Buren_subsidies_2022-2024.csv"
    aged(Path(shutil.copy(EXAMPLES / name, inbox)))
    result = materialize_exports(tmp_path, [name])
    assert result.success
    assert not (inbox / name).exists()
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        files = con.execute("select file_name, rows_read, accepted + rejected from raw.export_files").fetchall()
    assert files == [(name, files[0][1], files[0][1])]
    assert list((tmp_path / "archive").rglob("*.csv")), "an archive copy without personal data"


def test_exports_asset_sets_an_unreadable_file_aside_with_the_reason(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KERNMONITOR_SOURCE_MODE", "live")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "notulen.xlsx").write_text("geen werkmap")
    aged(inbox / "notulen.xlsx")
    result = materialize_exports(tmp_path)
    assert result.success, "a wrong file must not stop the rest"
    reason = inbox / NOT_LOADED_DIR / "notulen.xlsx.reden.txt"
    assert (inbox / NOT_LOADED_DIR / "notulen.xlsx").exists() and "notulen.xlsx" in reason.read_text("utf-8")
    [evaluation] = result.get_asset_check_evaluations()
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN


def test_exports_asset_loads_the_demo_examples_in_snapshot_mode(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KERNMONITOR_SOURCE_MODE", "snapshot")
    assert materialize_exports(tmp_path).success
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        loaded = {row[0] for row in con.execute("select file_name from raw.export_files").fetchall()}
    assert loaded == {p.name for p in EXAMPLES.iterdir() if p.suffix in (".csv", ".xlsx")}


# Gates: blocking checks and the publish ----------------------------------------------------------------------


def doctored_warehouse(path: Path, inwoners_of_aalst: float | None) -> Path:
    """A working file with a mart and the rules' views as dbt leaves them; Aalst without inhabitants when the
    given number is not above 0 (the view kern_zonder_inwoners then holds its row)."""
    with duckdb.connect(str(path)) as con:
        for schema in ("marts", "controles"):
            con.execute(f"create schema {schema}")
        con.execute(
            "create table marts.kernen as select * from (values"
            " ('GM0214', 'Aalst', 1, 'BU02140306', ?::double, 2025), ('GM0214', 'Buren', 3, 'x', 2000.0, 2025))"
            " t(gemeentecode, kern, aantal_buurten, buurtcodes, inwoners, jaar)",
            [inwoners_of_aalst],
        )
        con.execute(
            "create view controles.kern_zonder_inwoners as select gemeentecode, kern, jaar, inwoners, buurtcodes"
            " from marts.kernen where coalesce(inwoners, 0) <= 0"
        )
        con.execute("create view controles.telling_wijkt_af_van_cbs as select 'GM0214' as gemeentecode where false")
        con.execute("create view controles.buurt_zonder_kern as select 'BU02140306' as buurtcode where false")
        con.execute("create view controles.buurt_in_meer_kernen as select 'BU02140306' as buurtcode where false")
    return path


def test_publish_refuses_a_working_file_that_fails_a_gate_and_leaves_serving_untouched(tmp_path) -> None:
    serving = tmp_path / "serving.duckdb"
    serving.write_bytes(b"the previous publication")
    with pytest.raises(PublishRefused) as refused:
        publish(doctored_warehouse(tmp_path / "warehouse.duckdb", 0), serving)
    assert serving.read_bytes() == b"the previous publication"
    assert not serving.with_name("serving.duckdb.tmp").exists()
    assert "Kernen zonder inwoners" in str(refused.value) and "Aalst" in str(refused.value)


def test_publish_passes_a_working_file_that_passes_every_gate(tmp_path) -> None:
    info = publish(doctored_warehouse(tmp_path / "warehouse.duckdb", 78), tmp_path / "serving.duckdb")
    assert set(info["gates"]) == {gate.name for gate in GATES}


def test_publish_refuses_a_working_file_without_a_rule(tmp_path) -> None:
    """Fail closed: a working file that lacks a rule's view was not built by this dbt project."""
    warehouse = doctored_warehouse(tmp_path / "warehouse.duckdb", 78)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop view controles.buurt_zonder_kern")
    with pytest.raises(PublishRefused) as refused:
        publish(warehouse, tmp_path / "serving.duckdb")
    assert "controles.buurt_zonder_kern ontbreekt" in str(refused.value)
    assert not (tmp_path / "serving.duckdb").exists()


# (verschil, geheime buurten, within the margin): four buurten with a value; CBS's rounding explains up to 5 each
# (cbs_afronding_per_buurt), a suppressed buurt up to 100 more (geheime_buurt_marge), only downwards.
RECONCILIATION_CASES = [(20.0, 0, True), (20.5, 0, False), (-20.5, 0, False), (-320.0, 3, True), (-320.5, 3, False)]
RECONCILIATION_CASES += [(25.0, 3, False)]


def test_reconciliation_allows_cbs_rounding_and_suppressed_buurten_only(tmp_path) -> None:
    """The rule's one definition (kern_reconciliatie.afwijking, read by the dbt test and the publish gate), run by
    dbt on hand-made inputs: one gemeente per case, 2000 inhabitants in four buurten, the gemeente figure off by
    `verschil`."""
    from kernmonitor.cli import DBT_DIR

    warehouse = tmp_path / "warehouse.duckdb"
    buurten, kernen, gemeenten = [], [], []
    for number, (verschil, geheim, _) in enumerate(RECONCILIATION_CASES):
        code = f"GM{9000 + number}"
        buurten += [(code, 2024, "inwoners", 500.0)] * 4 + [(code, 2024, "inwoners", None)] * geheim
        kernen.append((code, "Dorp", 2024, "inwoners", 2000.0))
        gemeenten.append(("GM", code, 2024, "inwoners", 2000.0 - verschil, False))
    with duckdb.connect(str(warehouse)) as con:
        for schema in ("intermediate", "seeds"):
            con.execute(f"create schema {schema}")
        con.execute("create table seeds.kwb_measures as select 'inwoners' as measure, 'sum' as aggregation")
        con.execute(
            "create table intermediate.int_buurt_kern_values (gemeentecode varchar, year int, measure varchar,"
            " value double)"
        )
        con.executemany("insert into intermediate.int_buurt_kern_values values (?, ?, ?, ?)", buurten)
        con.execute(
            "create table intermediate.int_kwb_kern_aggregated (gemeentecode varchar, kern varchar,"
            " year int, measure varchar, value double)"
        )
        con.executemany("insert into intermediate.int_kwb_kern_aggregated values (?, ?, ?, ?, ?)", kernen)
        con.execute(
            "create table intermediate.int_kwb_harmonised (region_level varchar, gemeentecode varchar,"
            " year int, measure varchar, value double, synthetic boolean)"
        )
        con.executemany("insert into intermediate.int_kwb_harmonised values (?, ?, ?, ?, ?, ?)", gemeenten)
    result = subprocess.run(
        [
            str(DBT_EXECUTABLE),
            "run",
            "--select",
            "kern_reconciliatie telling_wijkt_af_van_cbs",
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(tmp_path / "target"),
            *dbt_args(warehouse, DEFAULT_MEMORY_LIMIT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select gemeentecode, afwijking from marts.kern_reconciliatie order by 1").fetchall()
    assert [afwijking is None for _, afwijking in rows] == [passes for _, _, passes in RECONCILIATION_CASES]
    gate = next(g for g in GATES if g.name == "som_kernen_sluit_aan_op_cbs")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        failed = run_gate(con, gate).rows  # the gate reads the rule's view, which reads the same column
    assert [row["gemeentecode"] for row in failed] == [code for code, afwijking in rows if afwijking is not None]


def test_a_failing_blocking_check_stops_the_serving_step_in_dagster(tmp_path) -> None:
    """Without the gate in publish(): the blocking check alone keeps Dagster from starting the publish."""
    home = tmp_path / "home"
    home.mkdir()
    doctored_warehouse(home / "warehouse.duckdb", 0)
    kernen_gate = next(g for g in GATES if g.name == "elke_kern_heeft_inwoners")

    @dg.asset(key=list(kernen_gate.asset))
    def kernen_built() -> None:
        """Stands in for the dbt view: the doctored rule is already in the working file."""

    published = []

    @dg.asset(key=["serving"], deps=[kernen_built])
    def serving_stand_in() -> None:
        published.append(True)

    result = dg.materialize(
        [kernen_built, serving_stand_in, gate_check(kernen_gate)],
        resources={"kernmonitor": resource(home)},
        raise_on_error=False,
    )
    assert not result.success and published == []
    assert "serving" not in {e.step_key for e in result.get_step_success_events()}
    [evaluation] = result.get_asset_check_evaluations()
    assert not evaluation.passed and "Aalst" in evaluation.description


# Freshness -------------------------------------------------------------------------------------------------


def test_data_is_stale_after_the_freshness_window() -> None:
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    assert not freshness.is_stale(now - timedelta(days=44), now)
    assert freshness.is_stale(now - timedelta(days=46), now)
    assert freshness.is_stale("2026-01-01T00:00:00", now)  # naive: taken as UTC


def test_stale_notice_is_dutch_with_the_publication_date() -> None:
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    assert components.stale_notice(now - timedelta(days=3), now) is None
    notice = components.stale_notice(datetime(2026, 3, 2, 3, tzinfo=UTC), now)
    assert "2 maart 2026" in notice and "60 dagen" in notice


# The Dagster instance ------------------------------------------------------------------------------------------


def test_dagster_home_lives_under_kernmonitor_home_with_telemetry_off_and_one_run_at_a_time(tmp_path) -> None:
    cfg = load_config()
    cfg = type(cfg)(**{**cfg.__dict__, "home": tmp_path})
    home = _dagster_env(cfg)
    assert home == tmp_path / "dagster"
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert instance.is_persistent
        assert instance.get_settings("telemetry") == {"enabled": False}
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1


def test_dagster_yaml_is_kept_once_the_beheerder_edited_it(tmp_path) -> None:
    cfg = load_config()
    cfg = type(cfg)(**{**cfg.__dict__, "home": tmp_path})
    yaml = _dagster_env(cfg) / "dagster.yaml"
    yaml.write_text(yaml.read_text().replace(DAGSTER_YAML_MARKER + "\n", "") + "# eigen instelling\n")
    _dagster_env(cfg)
    assert yaml.read_text().endswith("# eigen instelling\n")


# Basic authentication ----------------------------------------------------------------------------------------


def make_server():
    import flask

    server = flask.Flask("proef")
    server.add_url_rule("/", "index", lambda: "kernen")
    return server


def test_without_credentials_the_dashboard_stays_open() -> None:
    server = make_server()
    assert protect(server, environ={}) is False
    assert server.test_client().get("/").status_code == 200


def test_with_credentials_every_request_needs_them() -> None:
    server = make_server()
    assert protect(server, environ={"KERNMONITOR_USER": "raad", "KERNMONITOR_PASSWORD": "geheim"})
    client = server.test_client()
    refused = client.get("/")
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Basic")
    assert client.get("/", auth=("raad", "fout")).status_code == 401
    assert client.get("/", auth=("raad", "geheim")).status_code == 200


def test_only_a_user_or_only_a_password_is_refused() -> None:
    with pytest.raises(AuthConfigError):
        credentials_from_env({"KERNMONITOR_USER": "raad"})
    with pytest.raises(AuthConfigError):
        credentials_from_env({"KERNMONITOR_PASSWORD": "geheim"})


def test_the_wsgi_entry_point_asks_for_the_password_when_configured(tmp_path, monkeypatch) -> None:
    from kernmonitor.wsgi import create_application

    monkeypatch.setenv("KERNMONITOR_USER", "raad")
    monkeypatch.setenv("KERNMONITOR_PASSWORD", "geheim")
    client = create_application(tmp_path / "serving.duckdb").test_client()
    assert client.get("/").status_code == 401
    assert client.get("/", auth=("raad", "geheim")).status_code == 200
