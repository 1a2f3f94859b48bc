"""The bench's own plumbing, on the floor app: `make bench` and `make load` keep working."""

from __future__ import annotations

from pathlib import Path

from threads import in_a_thread

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_the_server_side_split_measures_cpu_and_round_trip_of_the_floor(bench):
    (floor,) = in_a_thread(bench.browser.server_side, changes=3, limit=1)
    name, cpu_ms, rtt_ms = floor
    assert name == "floor" and cpu_ms > 0 and rtt_ms > 0


def test_the_open_cost_is_measured_against_the_floor(bench):
    with bench.harness.running_server(app=BENCH / "minimal_app.py") as (url, proc):
        floor = in_a_thread(bench.load.quiet_costs, {"": (url, proc.pid, "", None)}, 1, 3)[""]
    assert floor["open"] > 0 and floor["bytes"] > 0


def test_the_poll_mode_finds_every_answer_and_reads_the_projector(bench, tmp_path):
    import argparse

    load = bench.load

    db_url = f"sqlite:///{tmp_path / 'polls.sqlite3'}"
    args = argparse.Namespace(sessions=3, ramp=1.0, answer_within=12.0, deadline=60.0)
    with bench.harness.running_server(env={"METL_DATABASE_URL": db_url}) as (url, _):
        r = in_a_thread(load.poll_class, url, args, db_url)
    assert (r["failed"], r["lost"], r["answered"]) == (0, 0, 3)
    assert r["shown"] == r["stored"] == 3 and len(r["answers"]) >= 3
    assert in_a_thread(load.report_poll, r)
    assert not load.report_poll(r | {"shown": 2})  # the check can fail
    assert not load.report_poll(r | {"lost": 1})
