"""Load test: K concurrent sessions, each opening a page and moving one slider M times.

Speaks Streamlit's own websocket protocol (/_stcore/stream) with the protobuf messages
that ship in the streamlit package, as the browser does: a BackMsg rerun_script carrying
the new widget state (and the fragment id, when the slider lives in a fragment), then
ForwardMsgs until script_finished. Traffic goes to loopback only; every loop is bounded
in count and in time, and the run stops by itself.

    python bench/load.py --sessions 100 --changes 10          # starts its own server
    python bench/load.py --url http://127.0.0.1:8501 --pid N  # an already running one
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from harness import PAGES, running_server
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STEP_TIMEOUT = 30.0  # seconds for one rerun before it counts as an error


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used, from /proc (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@dataclass
class Session:
    """One simulated student: a websocket, the slider's id and fragment, and timings."""

    url: str
    page: str
    label: str
    latencies: list[float] = field(default_factory=list)
    error: str | None = None
    kind: str = "slider"

    async def _until_finished(self, ws) -> list[ForwardMsg]:
        msgs = []
        while True:
            raw = await asyncio.wait_for(ws.recv(), STEP_TIMEOUT)
            msg = ForwardMsg.FromString(raw)
            msgs.append(msg)
            if msg.WhichOneof("type") == "script_finished":
                return msgs

    def _rerun(self, widget=None, value=None, fragment_id="") -> bytes:
        back = BackMsg()
        cs = back.rerun_script
        cs.page_name = self.page
        cs.query_string = ""
        if fragment_id:
            cs.fragment_id = fragment_id
        if widget is not None:
            w = cs.widget_states.widgets.add()
            w.id = widget
            if self.kind == "slider":
                w.double_array_value.data.append(value)
            else:  # an integer number_input
                w.int_value = int(value)
        return back.SerializeToString()

    async def run(self, changes: int, think: tuple[float, float], start_delay: float):
        await asyncio.sleep(start_delay)
        ws_url = self.url.replace("http://", "ws://") + "/_stcore/stream"
        try:
            async with websockets.connect(
                ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=STEP_TIMEOUT
            ) as ws:
                await ws.send(self._rerun())
                widget, fragment, lo, hi = None, "", 0.0, 1.0
                for msg in await self._until_finished(ws):
                    if msg.WhichOneof("type") != "delta":
                        continue
                    el = msg.delta.new_element
                    kind = el.WhichOneof("type")
                    if kind in ("slider", "number_input"):
                        proto = getattr(el, kind)
                        if proto.label == self.label:
                            self.kind = kind
                            widget, fragment = proto.id, msg.delta.fragment_id
                            lo = proto.min
                            hi = min(proto.max, 10**6)
                if widget is None:
                    raise RuntimeError(f"no control labelled {self.label!r} on {self.page}")
                rng = random.Random(id(self))
                for _ in range(changes):
                    value = round(rng.uniform(lo, hi), 1)
                    t0 = time.perf_counter()
                    await ws.send(self._rerun(widget, value, fragment))
                    await self._until_finished(ws)
                    self.latencies.append(time.perf_counter() - t0)
                    await asyncio.sleep(rng.uniform(*think))
        except Exception as err:
            self.error = f"{type(err).__name__}: {err}"


async def _drive(url, page, label, k, changes, think, ramp) -> list[Session]:
    sessions = [Session(url, page, label) for _ in range(k)]
    await asyncio.gather(*(s.run(changes, think, random.uniform(0, ramp)) for s in sessions))
    return sessions


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def run(url: str, pid: int, args) -> dict:
    # One session alone first: the baseline the concurrent latencies are compared with.
    asyncio.run(_drive(url, args.page, args.label, 1, 3, (0.05, 0.1), 0))  # warm up
    single = asyncio.run(_drive(url, args.page, args.label, 1, 20, (0.05, 0.1), 0))[0]
    if single.error:
        raise SystemExit(f"a single session failed: {single.error}")
    time.sleep(1)
    before = rss_mb(pid)
    peak = [before]
    done = False

    async def sample():
        while not done:
            peak.append(rss_mb(pid))
            await asyncio.sleep(0.2)

    async def main():
        nonlocal done
        sampler = asyncio.create_task(sample())
        try:
            return await asyncio.wait_for(
                _drive(
                    url,
                    args.page,
                    args.label,
                    args.sessions,
                    args.changes,
                    (args.think_min, args.think_max),
                    args.ramp,
                ),
                args.deadline,
            )
        finally:
            done = True
            await sampler

    def settle() -> float:
        # Streamlit drops a closed session's state after server.disconnectedSessionTTL.
        time.sleep(args.settle)
        return rss_mb(pid)

    t0, c0 = time.perf_counter(), cpu_s(pid)
    sessions = asyncio.run(main())
    wall, cpu = time.perf_counter() - t0, cpu_s(pid) - c0
    afters = [settle()]
    # Python seldom hands freed memory back to the OS, so RSS after one round cannot show
    # a leak. More identical rounds can: without a leak, memory levels off.
    for _ in range(args.rounds - 1):
        done = False
        peak.append(rss_mb(pid))
        sessions += asyncio.run(main())
        afters.append(settle())
    lat = [t for s in sessions for t in s.latencies]
    return {
        "sessions": args.sessions,
        "changes": args.changes,
        "failed": sum(1 for s in sessions if s.error),
        "rounds": args.rounds,
        "errors": sorted({s.error for s in sessions if s.error}),
        "interactions": len(lat),
        "single_p50": statistics.median(single.latencies),
        "p50": statistics.median(lat) if lat else float("nan"),
        "p95": _pct(lat, 95) if lat else float("nan"),
        "wall": wall,
        "rss_before": before,
        "rss_peak": max(peak),
        "rss_afters": afters,
        "cpu_per_rerun": cpu / max(sum(len(s.latencies) for s in sessions[: args.sessions]), 1),
    }


def report(r: dict) -> bool:
    per_session = (r["rss_peak"] - r["rss_before"]) / r["sessions"]
    ratio = r["p95"] / r["single_p50"]
    checks = {
        f"{r['sessions']} sessions, 0 failed": r["failed"] == 0,
        "p95 <= 5 x single-session latency": ratio <= 5,
        "memory per session <= 2 MB": per_session <= 2.0,
        "no leak: memory levels off, the last round adding <= 2 MiB": (
            len(r["rss_afters"]) < 2 or r["rss_afters"][-1] - r["rss_afters"][-2] <= 2.0
        ),
    }
    print(
        f"{r['rounds']} rounds of {r['sessions']} sessions x {r['changes']} slider changes: "
        f"{r['interactions']} reruns, the first round in {r['wall']:.1f} s; "
        f"failed sessions {r['failed']}"
    )
    for e in r["errors"][:5]:
        print(f"  error: {e}")
    print(
        f"latency per interaction: p50 {r['p50'] * 1e3:.1f} ms, p95 {r['p95'] * 1e3:.1f} ms; "
        f"one session alone p50 {r['single_p50'] * 1e3:.1f} ms (p95 = {ratio:.2f}x that)"
    )
    afters = ", ".join(f"{m:.1f}" for m in r["rss_afters"])
    print(
        f"server memory: before {r['rss_before']:.1f} MiB, peak {r['rss_peak']:.1f} MiB, "
        f"after each round's sessions closed {afters} MiB; {per_session:.2f} MiB per session"
    )
    cpu = r["cpu_per_rerun"] * 1e3
    print(
        f"server CPU per rerun {cpu:.1f} ms (one process, one interpreter lock): at most "
        f"about {1000 / cpu:.0f} reruns a second before requests queue"
    )
    for name, ok in checks.items():
        print(f"  {'met ' if ok else 'MISSED'} {name}")
    return all(checks.values())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=100)
    ap.add_argument("--changes", type=int, default=10)
    pokes = {entry.url_path: entry.poke for entry in PAGES if entry.poke}
    ap.add_argument("--page", default="Sigmoid", choices=sorted(pokes))
    ap.add_argument("--label", help="the slider to move; by default the page list's one")
    ap.add_argument("--ramp", type=float, default=5.0, help="seconds over which sessions join")
    # A student moves a slider, then looks at the chart: 1 to 3 s between changes.
    ap.add_argument("--think-min", type=float, default=1.0)
    ap.add_argument("--think-max", type=float, default=3.0)
    ap.add_argument("--deadline", type=float, default=300.0, help="stop after this many s")
    ap.add_argument(
        "--settle",
        type=float,
        default=45.0,
        help="s to wait for closed sessions to be dropped (server.disconnectedSessionTTL is 30)",
    )
    ap.add_argument("--rounds", type=int, default=3, help="rounds of sessions, for the leak check")
    ap.add_argument("--url", help="an already running server on this machine")
    ap.add_argument("--pid", type=int, help="its process id, for memory")
    args = ap.parse_args(argv)
    if args.label is None:
        kind, args.label = pokes[args.page]
        if kind != "slider":
            raise SystemExit(f"{args.page} has no slider in the page list; give --label")
    if args.url:
        if "127.0.0.1" not in args.url and "localhost" not in args.url:
            raise SystemExit("load tests target this machine only (127.0.0.1 or localhost)")
        if not args.pid:
            raise SystemExit("--pid is needed with --url, to read the server's memory")
        return 0 if report(run(args.url, args.pid, args)) else 1
    with running_server() as (url, proc):
        return 0 if report(run(url, proc.pid, args)) else 1


if __name__ == "__main__":
    raise SystemExit(main())
