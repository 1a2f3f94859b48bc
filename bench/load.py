"""Load test: a lecture hall, over Streamlit's own websocket protocol.

Speaks /_stcore/stream with the protobuf messages that ship in the streamlit package, as the
browser does: a BackMsg rerun_script carrying the widget state (and the fragment id, when
the control lives in a fragment), or a component's event, then ForwardMsgs until
script_finished. Traffic goes to 127.0.0.1 only; every loop is bounded in count and in time.

    python bench/load.py --page Softmax              # a class on one page: opens, then changes
    python bench/load.py --all-pages --sessions 30   # the same, page after page
    python bench/load.py --playground 30             # 30 students press Run for 20 s
    python bench/load.py --playground 10 \
        --query 'hidden=64&classes=5&per=200&batch=256&show_hidden=true'
    python bench/load.py --opens                     # server CPU per page open, against the floor
    python bench/load.py --poll --sessions 100 --ramp 10   # a class answers a live poll

Each mode runs the floor app (bench/minimal_app.py) in the same run where it compares.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from harness import PAGES, ROOT, running_server
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STEP_TIMEOUT = 30.0  # seconds for one rerun before it counts as an error
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN  # a run that st.rerun cut short: wait on
FLOOR = ROOT / "bench" / "minimal_app.py"


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


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def met_or_missed(checks: dict[str, bool]) -> bool:
    """Print each goal as met or MISSED on one line; True when every one is met."""
    print("  " + "; ".join(f"{'met' if ok else 'MISSED'}: {n}" for n, ok in checks.items()))
    return all(checks.values())


@dataclass
class Control:
    """A widget found in the page's deltas: what a BackMsg needs to set it."""

    id: str
    kind: str
    fragment: str
    lo: float = 0.0
    hi: float = 1.0


class Client:
    """One browser tab: a websocket to one page, its controls, its timers and its timings."""

    def __init__(self, url: str, page: str, query: str = ""):
        self.url, self.page, self.query = url, page, query
        self.controls: dict[str, Control] = {}
        # fragment id -> seconds, from auto_rerun: the Playground must start none of them
        self.timers: dict[str, float] = {}
        self.received = 0  # bytes of ForwardMsgs
        self.page_hash = ""
        self.data: dict[str, dict] = {}  # component id -> the data it was last sent
        self.names: dict[str, str] = {}  # component id -> its registered name
        self.texts: list[str] = []  # markdown and alert bodies of the last run, in order
        self.ws = None

    async def __aenter__(self):
        ws_url = self.url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=STEP_TIMEOUT
        )
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    def _note(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":  # the browser names its page by this hash from now on
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":  # the script set st.query_params: the address bar
            self.query = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.timers[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for f in msg.stop_auto_rerun.fragment_ids:
                self.timers.pop(f, None)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            what = el.WhichOneof("type")
            if what == "bidi_component" and el.bidi_component.json:
                proto = el.bidi_component
                data = json.loads(proto.json)
                # A component may be sent its data as one JSON text (pages/ui/step_walk.py).
                self.data[proto.id] = json.loads(data) if isinstance(data, str) else data
                self.names[proto.id] = proto.component_name
            if what in ("markdown", "alert"):
                self.texts.append(getattr(el, what).body)
            if what in ("slider", "number_input", "button", "text_area"):
                proto = getattr(el, what)
                c = Control(proto.id, what, msg.delta.fragment_id)
                if what in ("slider", "number_input"):
                    c.lo, c.hi = proto.min, min(proto.max, 10**6)
                self.controls[proto.label] = c

    def component(self, name: str) -> str:
        """The id of the page's custom component registered as ``name``."""
        return next(i for i, n in self.names.items() if n == name)

    async def send_event(self, component: str, event: str, value) -> float:
        """What a component's setTriggerValue(event, value) makes the browser send."""
        back = self._rerun_msg()
        w = back.rerun_script.widget_states.widgets.add()
        w.id = _make_trigger_id(component, "events")
        w.json_trigger_value = json.dumps([{"event": event, "value": value}])
        return await self._send(back)

    def _rerun_msg(self) -> BackMsg:
        back = BackMsg()
        cs = back.rerun_script
        cs.page_name, cs.query_string = self.page, self.query
        cs.page_script_hash = self.page_hash
        return back

    async def _send(self, back: BackMsg) -> float:
        """Send; wait for the end of the run (and of any st.rerun it asks for)."""
        t0 = time.perf_counter()
        self.texts = []
        await self.ws.send(back.SerializeToString())
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), STEP_TIMEOUT)
            self.received += len(raw)
            msg = ForwardMsg.FromString(raw)
            self._note(msg)
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished != EARLY:
                return time.perf_counter() - t0

    async def rerun(
        self, control: Control | None = None, value=None, *more, fragment: str = ""
    ) -> float:
        """Send one rerun and wait for script_finished; return the seconds it took.
        ``more`` holds further (control, value) pairs sent with it (a form's fields);
        ``fragment`` reruns that fragment alone, as its timer does in a browser."""
        back = self._rerun_msg()
        cs = back.rerun_script
        if fragment or (control and control.fragment):
            cs.fragment_id = fragment or control.fragment
        pairs = [(control, value), *more] if control is not None else []
        for ctl, val in pairs:
            w = cs.widget_states.widgets.add()
            w.id = ctl.id
            if ctl.kind == "slider":
                w.double_array_value.data.append(val)
            elif ctl.kind == "button":
                w.trigger_value = True
            elif ctl.kind == "text_area":
                w.string_value = str(val)
            else:
                w.int_value = int(val)
        return await self._send(back)


# --- A class on one page: join over a window, open, then move the page's control ---------


@dataclass
class Student:
    opens: list[float] = field(default_factory=list)
    changes: list[float] = field(default_factory=list)
    error: str | None = None


async def student(url, entry, changes, think, delay, seed) -> Student:
    """One student: joins after ``delay``, opens the page (``entry``; None for the floor
    app), then moves its main control ``changes`` times, ``think`` seconds apart."""
    s = Student()
    await asyncio.sleep(delay)
    rng = random.Random(seed)
    poke = _poke_of(entry)
    try:
        async with Client(url, entry.url_path if entry else "") as c:
            s.opens.append(await c.rerun())
            if poke is None:
                return s
            label = poke[1]
            if label not in c.controls:
                raise RuntimeError(f"no control {label!r} on {entry.title if entry else url}")
            ctl = c.controls[label]
            for _ in range(changes):
                await asyncio.sleep(rng.uniform(*think))
                value = round(rng.uniform(ctl.lo, ctl.hi), 1)
                s.changes.append(await c.rerun(ctl, value))
    except Exception as err:
        s.error = f"{type(err).__name__}: {err}"
    return s


def class_on_page(url, pid, entry, args) -> dict:
    """A class on one page (``entry``; None for the floor app). ``url`` and ``pid`` may be
    lists, one per replica: student i then joins replica i mod n, as a sticky proxy would
    spread a class; CPU and memory are summed over them."""
    urls = url if isinstance(url, list) else [url]
    pids = pid if isinstance(pid, list) else [pid]

    def rss() -> float:
        return sum(rss_mb(p) for p in pids)

    def cpu() -> float:
        return sum(cpu_s(p) for p in pids)

    async def one():  # one session alone: the baseline
        return await student(urls[0], entry, 10, (0.05, 0.1), 0, 1)

    asyncio.run(one())  # warm up
    alone = asyncio.run(one())

    async def hall():
        sampler_done = asyncio.Event()
        peak = [rss()]

        async def sample():
            while not sampler_done.is_set():
                peak.append(rss())
                await asyncio.sleep(0.2)

        task = asyncio.create_task(sample())
        try:
            jobs = [
                student(
                    urls[i % len(urls)],
                    entry,
                    args.changes,
                    (args.think_min, args.think_max),
                    random.uniform(0, args.ramp),
                    i,
                )
                for i in range(args.sessions)
            ]
            return await asyncio.wait_for(asyncio.gather(*jobs), args.deadline), max(peak)
        finally:
            sampler_done.set()
            await task

    for other in urls[1:]:  # every replica warmed up as the first was
        asyncio.run(student(other, entry, 10, (0.05, 0.1), 0, 1))
    time.sleep(0.5)
    before, c0 = rss(), cpu()
    students, peak = asyncio.run(hall())
    used = cpu() - c0
    opens = [t for s in students for t in s.opens]
    changes = [t for s in students for t in s.changes]
    return {
        "page": entry.title if entry else "floor",
        "sessions": args.sessions,
        "failed": sum(1 for s in students if s.error),
        "errors": sorted({s.error for s in students if s.error})[:3],
        "alone_open": alone.opens[0] if alone.opens else float("nan"),
        "alone_change": statistics.median(alone.changes) if alone.changes else float("nan"),
        "opens": opens,
        "changes": changes,
        "mb_per_session": (peak - before) / args.sessions,
        "cpu_per_rerun": used / max(len(opens) + len(changes), 1),
        "replicas": len(urls),
    }


# --- What one open and one change cost the server, against the floor in the same run -----


def _poke_of(entry) -> tuple[str, str] | None:
    return entry.poke if entry is not None else ("slider", "a")  # the floor's one slider


async def _opens(url, path, n) -> int:
    received = 0
    for _ in range(n):
        async with Client(url, path) as c:
            await c.rerun()
            received = c.received
    return received


async def _changes(url, path, label, n) -> None:
    async with Client(url, path) as c:
        await c.rerun()
        ctl = c.controls[label]
        for i in range(n):  # values spread over the control's range, none twice in a row
            await c.rerun(
                ctl, round(ctl.lo + (min(ctl.hi, 10**6) - ctl.lo) * ((3 * i) % 7 + 1) / 9)
            )


def quiet_costs(servers: dict, rounds: int = 4, n: int = 10) -> dict:
    """Server CPU per open and per change, and bytes per open, for each of ``servers``
    (name -> (url, pid, path, poke)), measured one session at a time, the servers taken
    in turn round after round so that the machine's drift falls on all of them alike."""

    async def go():
        out = {
            k: {"open": 0.0, "change": 0.0, "opens": 0, "changes": 0, "bytes": 0} for k in servers
        }
        idle = []  # one session held on each: with none, Streamlit drops its compiled scripts
        for url, _pid, path, _poke in servers.values():
            idle.append(Client(url, ""))
            await idle[-1].__aenter__()
            await idle[-1].rerun()
            await _opens(url, path, 3)  # warm up: compiled scripts, caches, imports
        for _ in range(rounds):
            for name, (url, pid, path, poke) in servers.items():
                c0 = cpu_s(pid)
                out[name]["bytes"] = await _opens(url, path, n)
                out[name]["open"] += cpu_s(pid) - c0
                out[name]["opens"] += n
                if poke:
                    c0 = cpu_s(pid)
                    await _changes(url, path, poke[1], n)
                    out[name]["change"] += cpu_s(pid) - c0
                    out[name]["changes"] += n
        for c in idle:
            await c.__aexit__(None, None, None)
        return {
            k: {
                "open": v["open"] / v["opens"],
                "change": v["change"] / v["changes"] if v["changes"] else float("nan"),
                "bytes": v["bytes"],
            }
            for k, v in out.items()
        }

    return asyncio.run(go())


def report_class(r: dict) -> bool:
    o95, c95 = pct(r["opens"], 95), pct(r["changes"], 95)
    ratio = c95 / r["alone_change"] if r["changes"] else float("nan")
    on = f" on {r['replicas']} replicas" if r.get("replicas", 1) > 1 else ""
    print(
        f"{r['page']}: {r['sessions']} sessions{on}, {r['failed']} failed; "
        f"opens p50 {statistics.median(r['opens']) * 1e3:.0f} ms, p95 {o95 * 1e3:.0f} ms "
        f"(alone {r['alone_open'] * 1e3:.0f} ms); "
        + (
            f"changes p50 {statistics.median(r['changes']) * 1e3:.0f} ms, p95 {c95 * 1e3:.0f} ms"
            f" = {ratio:.1f}x alone ({r['alone_change'] * 1e3:.0f} ms); "
            if r["changes"]
            else "no control to change; "
        )
        + f"{r['mb_per_session']:.2f} MiB per session; "
        + f"CPU {r['cpu_per_rerun'] * 1e3:.1f} ms per rerun"
    )
    checks = {
        "0 errors": r["failed"] == 0,
        "changes p95 <= 5x alone": not r["changes"] or ratio <= 5,
        "opens p95 <= 250 ms": o95 <= 0.25,
        "<= 2 MiB per session": r["mb_per_session"] <= 2.0,
    }
    cost, floor = r.get("cost"), r.get("floor")
    if cost and floor:
        o, f_o, ch, f_ch = cost["open"], floor["open"], cost["change"], floor["change"]
        print(
            f"  one session: CPU per open {o * 1e3:.1f} ms ({o / f_o:.1f}x the floor's "
            f"{f_o * 1e3:.1f}), "
            + (
                f"per change {ch * 1e3:.1f} ms ({ch / f_ch:.1f}x the floor's {f_ch * 1e3:.1f}), "
                if r["changes"]
                else ""
            )
            + f"{cost['bytes'] / 1024:.1f} kB per open ({cost['bytes'] / floor['bytes']:.1f}x)"
        )
        checks["CPU per open <= 2x the floor"] = o <= 2 * f_o
        if r["changes"]:
            checks["CPU per change <= 2x the floor"] = ch <= 2 * f_ch
    for e in r["errors"]:
        print(f"  error: {e}")
    return met_or_missed(checks)


# --- The Playground: K students press Run; their browsers train, the server waits --------


def browser_report(sent: dict, seconds: float) -> dict:
    """What the Playground's browser reports at Pause after ``seconds`` of training at four
    updates a second (pages/ui/live_train.py): a row per update and the weights. The
    weights are those it was sent; the server cannot tell, and parses them all the same."""
    state, per = sent["state"], sent["per"]
    updates = int(seconds * 4)
    rows = [[state["step"] + per * (i + 1), 0.5, 0.5, 0.8, 0.8, 0.1, 0.1] for i in range(updates)]
    return {
        "token": sent["token"],
        "step": state["step"] + per * updates,
        "params": state["params"],
        "records": rows,
        "stopped": False,
        "loss": None,
    }


@dataclass
class Runner:
    runs: list[float] = field(default_factory=list)  # Run pressed, to script_finished
    pauses: list[float] = field(default_factory=list)  # Pause, then the browser's report
    quiet_bytes: int = 0  # what the server sent while the browser trained
    error: str | None = None
    finished: bool = False


async def runner(r, url, query, seconds, delay, held: asyncio.Event) -> Runner:
    """Open the Playground, press Run, let the browser train for ``seconds`` (it sends
    nothing meanwhile), then press Pause and send what the browser reports then."""
    await asyncio.sleep(delay)
    try:
        async with Client(url, "Playground", query) as c:
            await c.rerun()
            r.runs.append(await c.rerun(c.controls["Run"]))
            if c.timers:
                raise RuntimeError("Run started a server timer")
            c.received = 0
            await asyncio.sleep(seconds)
            r.quiet_bytes = c.received
            took = await c.rerun(c.controls["Pause"])
            live = c.component("metl.live_train")
            took += await c.send_event(live, "report", browser_report(c.data[live], seconds))
            r.pauses.append(took)
            r.finished = True
            await held.wait()  # keep the session open until memory is read
    except Exception as err:
        r.error = f"{type(err).__name__}: {err}"
    return r


def playground(url, pid, args) -> dict:
    async def go():
        held = asyncio.Event()
        runners = [Runner() for _ in range(args.students)]
        delays = [random.uniform(0, args.ramp) for _ in runners]
        jobs = [
            runner(r, url, args.query, args.seconds, d, held)
            for r, d in zip(runners, delays, strict=True)
        ]
        tasks = [asyncio.create_task(j) for j in jobs]
        peak = rss_mb(pid)
        # Every student is training (none has paused) from ramp + 2 s to `seconds`.
        quiet = (args.ramp + 2.0, args.seconds)
        t0, cpu_at = time.perf_counter(), {}
        t_end = t0 + args.seconds + args.ramp + STEP_TIMEOUT
        while time.perf_counter() < t_end and not all(
            t.done() or r.finished for t, r in zip(tasks, runners, strict=True)
        ):
            now = time.perf_counter() - t0
            for name, at in zip(("from", "to"), quiet, strict=True):
                if name not in cpu_at and now >= at:
                    cpu_at[name] = (cpu_s(pid), now)
            peak = max(peak, rss_mb(pid))
            await asyncio.sleep(0.1)
        peak = max(peak, rss_mb(pid))
        kept = rss_mb(pid)  # every session still open, none running
        held.set()
        return await asyncio.gather(*tasks), peak, kept, cpu_at

    async def warm_up():  # one student first: the page's imports and caches are not a session's
        done = asyncio.Event()
        done.set()
        r = await runner(Runner(), url, args.query, 0.5, 0.0, done)
        if r.error:
            raise RuntimeError(f"warm-up: {r.error}")

    asyncio.run(warm_up())
    time.sleep(0.5)
    before = rss_mb(pid)
    runners, peak, kept, cpu_at = asyncio.run(go())
    if len(cpu_at) == 2 and cpu_at["to"][1] > cpu_at["from"][1]:
        quiet_cpu = (cpu_at["to"][0] - cpu_at["from"][0]) / (cpu_at["to"][1] - cpu_at["from"][1])
    else:
        quiet_cpu = float("nan")  # --seconds too short for a window with everyone training
    return {
        "students": args.students,
        "query": args.query,
        "seconds": args.seconds,
        "failed": sum(1 for r in runners if r.error),
        "errors": sorted({r.error for r in runners if r.error})[:3],
        "runs": [t for r in runners for t in r.runs],
        "pauses": [t for r in runners for t in r.pauses],
        "quiet_cpu_per_s": quiet_cpu,
        "quiet_bytes": sum(r.quiet_bytes for r in runners),
        "mb_per_session": (peak - before) / args.students,
        "mb_kept_per_session": (kept - before) / args.students,
    }


def report_playground(r: dict) -> bool:
    runs, pauses = r["runs"], r["pauses"]
    print(
        f"Playground {r['query'] or '(defaults)'}: {r['students']} students train in their "
        f"browsers for {r['seconds']:g} s, {r['failed']} failed; while all train, the server "
        f"uses {r['quiet_cpu_per_s']:.3f} CPU-s/s and sends {r['quiet_bytes']:,} bytes; "
        f"Run p50 {statistics.median(runs) * 1e3:.0f} ms, p95 {pct(runs, 95) * 1e3:.0f} ms; "
        f"Pause with the browser's report p50 {statistics.median(pauses) * 1e3:.0f} ms, "
        f"p95 {pct(pauses, 95) * 1e3:.0f} ms; {r['mb_per_session']:.2f} MiB per session at the "
        f"peak, {r['mb_kept_per_session']:.2f} MiB held after"
    )
    for e in r["errors"]:
        print(f"  error: {e}")
    checks = {
        "0 errors": r["failed"] == 0,
        "no server work while the class trains (< 0.05 CPU-s/s)": r["quiet_cpu_per_s"] < 0.05,
        "Run and Pause p95 <= 250 ms": max(pct(runs, 95), pct(pauses, 95)) <= 0.25,
        "<= 2 MiB per session": r["mb_per_session"] <= 2.0,
    }
    met = met_or_missed(checks)
    print("  (each update is computed and drawn by the browser: bench/browser.py times it)")
    return met


# --- Server CPU to open each page, one idle session held, against the floor --------------


def report_opens(floor: float, pages: dict[str, float]) -> bool:
    print(f"server CPU per page open, one idle session held; floor app {floor * 1e3:.1f} ms")
    ok = True
    for entry in PAGES:
        cpu = pages[entry.url_path]
        ratio = cpu / floor
        ok &= ratio <= 2
        verdict = "met" if ratio <= 2 else "MISSED"
        print(f"  {entry.title:28s} {cpu * 1e3:6.1f} ms  {ratio:4.1f}x  {verdict}")
    return ok


# --- Ask the class: 100 phones answer a poll while the projector refreshes ----------------


@dataclass
class Phone:
    opens: list[float] = field(default_factory=list)
    answers: list[float] = field(default_factory=list)  # Send pressed, to the verdict
    token: str = ""
    last: str = ""  # the last answer the page said it took
    error: str | None = None


def _poll_answers(seed: int):
    """A class's answers to σ′ at the poll's point: right, or a classic mistake."""
    from metl_core.teaching import exercises as EX

    ex = EX.make_exercise("sigma_prime", seed)
    x, s = ex.given["x"], 1 / (1 + math.exp(-ex.given["x"]))
    return [f"{ex.expected[0]:.5f}", f"{x * (1 - x):.4f}", f"{s:.5f}", f"{s * s:.5f}"]


async def phone(url, code, delay, think, choices, rng, p: Phone) -> Phone:
    await asyncio.sleep(delay)
    try:
        async with Client(url, "answer", f"code={code}") as c:
            p.opens.append(await c.rerun())
            p.token = dict(pair.split("=", 1) for pair in c.query.split("&")).get("me", "")
            field_, send = c.controls["Your answer"], c.controls["Send"]
            for wait in think:
                await asyncio.sleep(wait)
                typed = rng.choice(choices)
                p.answers.append(await c.rerun(field_, typed, (send, True)))
                said = " ".join(c.texts)
                if "Sent" not in said:
                    raise RuntimeError(f"the answer was not taken: {said[:120]}")
                p.last = typed
    except Exception as err:
        p.error = f"{type(err).__name__}: {err}"
    return p


def poll_class(url, args, db_url: str) -> dict:
    from sqlalchemy import create_engine

    from pages.ui import poll as P
    from pages.ui import poll_store as S

    rng = random.Random(7)
    seed = 3
    choices = _poll_answers(seed)

    async def go():
        async with Client(url, "Exercises", f"kind=sigma+prime&seed={seed}&present=1") as t:
            await t.rerun()
            await t.rerun(t.controls["Ask the class"])
            code = dict(pair.split("=", 1) for pair in t.query.split("&"))["code"]
            t.page = "Ask_the_class"
            (fragment,) = t.timers  # the projector's live counts
            phones = [Phone() for _ in range(args.sessions)]
            jobs = []
            for p in phones:
                delay = rng.uniform(0, args.ramp)
                first = rng.uniform(1.0, args.answer_within - args.ramp - 8)
                # A third change their answer once, still within the window.
                think = [first] + ([rng.uniform(2, 6)] if rng.random() < 1 / 3 else [])
                jobs.append(phone(url, code, delay, think, choices, random.Random(rng.random()), p))
            tasks = [asyncio.gather(*jobs)]
            refreshes, shown = [], []
            t0 = time.perf_counter()
            while not tasks[0].done():
                if time.perf_counter() - t0 > args.deadline:
                    raise RuntimeError("the class did not finish")
                tick = time.perf_counter()
                refreshes.append(await t.rerun(fragment=fragment))
                shown.append(_shown_count(t.texts))
                await asyncio.sleep(max(0.0, t.timers[fragment] - (time.perf_counter() - tick)))
            await tasks[0]
            elapsed = time.perf_counter() - t0
            refreshes.append(await t.rerun(fragment=fragment))
            shown.append(_shown_count(t.texts))
            return code, phones, refreshes, shown, elapsed

    code, phones, refreshes, shown, elapsed = asyncio.run(go())
    engine = create_engine(db_url)
    poll = S.find(engine, code)
    stored = S.count(engine, poll.id)
    lost = 0
    for p in phones:
        if (
            p.last
            and S.answer_of(engine, poll.id, P.student_id(p.token))
            != P.grade(p.last, poll.exercise).answer
        ):
            lost += 1
    engine.dispose()
    return {
        "sessions": args.sessions,
        "failed": sum(1 for p in phones if p.error),
        "errors": sorted({p.error for p in phones if p.error})[:3],
        "answered": sum(1 for p in phones if p.last),
        "answers": [a for p in phones for a in p.answers],
        "opens": [o for p in phones for o in p.opens],
        "refreshes": refreshes,
        "shown": shown[-1],
        "stored": stored,
        "lost": lost,
        "elapsed": elapsed,
        "backend": db_url.split(":", 1)[0],
    }


def _shown_count(texts: list[str]) -> int | None:
    """The count the projector shows in its summary ("### 97 answers · ...")."""
    for text in texts:
        found = re.match(r"### (\d+) answers?\b", text)
        if found:
            return int(found.group(1))
    return 0 if any("0 answers so far" in t for t in texts) else None


def report_poll(r: dict) -> bool:
    a95, f95 = pct(r["answers"], 95), pct(r["refreshes"], 95)
    print(
        f"Ask the class ({r['backend']}): {r['sessions']} phones joined over the ramp and "
        f"answered within {r['elapsed']:.0f} s, {r['failed']} failed, {len(r['answers'])} "
        f"answers sent; answer p50 {statistics.median(r['answers']) * 1e3:.0f} ms, p95 "
        f"{a95 * 1e3:.0f} ms; open p95 {pct(r['opens'], 95) * 1e3:.0f} ms; projector "
        f"refresh p50 {statistics.median(r['refreshes']) * 1e3:.0f} ms, p95 {f95 * 1e3:.0f} ms "
        f"({len(r['refreshes'])} refreshes); the projector shows {r['shown']}, the database "
        f"holds {r['stored']} rows, {r['lost']} answers lost"
    )
    for e in r["errors"]:
        print(f"  error: {e}")
    checks = {
        "0 errors": r["failed"] == 0,
        "0 lost answers": r["lost"] == 0 and r["answered"] == r["sessions"],
        "projector count = rows": r["shown"] == r["stored"] == r["answered"],
        "answer p95 <= 250 ms": a95 <= 0.25,
        "refresh p95 <= 250 ms": f95 <= 0.25,
    }
    return met_or_missed(checks)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    pages = {e.url_path: e for e in PAGES}
    ap.add_argument("--page", default="Softmax", choices=sorted(p for p in pages if p))
    ap.add_argument("--all-pages", action="store_true", help="every page, one after another")
    ap.add_argument("--sessions", type=int, default=100)
    ap.add_argument("--changes", type=int, default=5)
    ap.add_argument("--ramp", type=float, default=5.0, help="seconds over which sessions join")
    # A student moves a control, then looks at the chart: 1 to 3 s between changes.
    ap.add_argument("--think-min", type=float, default=1.0)
    ap.add_argument("--think-max", type=float, default=3.0)
    ap.add_argument("--deadline", type=float, default=300.0, help="stop after this many s")
    ap.add_argument(
        "--replicas",
        type=int,
        default=1,
        help="serve the class from this many app processes (no Docker here: the client "
        "spreads the students, as the compose file's sticky proxy does), for --page",
    )
    ap.add_argument("--playground", type=int, dest="students", help="K students press Run")
    ap.add_argument("--seconds", type=float, default=20.0, help="how long they run")
    ap.add_argument("--query", default="", help="the Playground's link, e.g. hidden=64&per=200")
    ap.add_argument("--opens", action="store_true", help="server CPU per page open vs floor")
    ap.add_argument("--opens-n", type=int, default=20)
    ap.add_argument("--poll", action="store_true", help="a class answers a live poll")
    ap.add_argument("--answer-within", type=float, default=30.0, help="seconds, for --poll")
    ap.add_argument(
        "--database-url", default="", help="for --poll: this database (default: a new SQLite)"
    )
    args = ap.parse_args(argv)
    args.ramp = min(args.ramp, 60.0)
    args.seconds = min(args.seconds, 600.0)

    if args.poll:
        with tempfile.TemporaryDirectory() as tmp:
            db_url = args.database_url or f"sqlite:///{tmp}/polls.sqlite3"
            with running_server(env={"METL_DATABASE_URL": db_url}) as (url, _):
                return 0 if report_poll(poll_class(url, args, db_url)) else 1
    if args.opens:
        with running_server(app=FLOOR) as (f_url, f_proc), running_server() as (url, proc):
            servers = {"floor": (f_url, f_proc.pid, "", None)}
            servers |= {e.url_path: (url, proc.pid, e.url_path, None) for e in PAGES}
            costs = {k: v["open"] for k, v in quiet_costs(servers, 1, args.opens_n).items()}
        return 0 if report_opens(costs.pop("floor"), costs) else 1
    if args.students:
        with running_server() as (url, proc):
            return 0 if report_playground(playground(url, proc.pid, args)) else 1
    if args.replicas > 1:
        with contextlib.ExitStack() as stack:
            servers = [stack.enter_context(running_server()) for _ in range(args.replicas)]
            r = class_on_page(
                [u for u, _ in servers], [p.pid for _, p in servers], pages[args.page], args
            )
            return 0 if report_class(r) else 1
    chosen = [e for e in PAGES if e.explorer] if args.all_pages else [pages[args.page]]
    ok = True
    # The floor app runs beside the app for the whole run: each page's costs are measured
    # in turn with the floor's, and the floor faces the same class first.
    with running_server(app=FLOOR) as (f_url, f_proc), running_server() as (url, proc):
        floor_hall = class_on_page(f_url, f_proc.pid, None, args)
        floor_hall["page"] = "floor app (bench/minimal_app.py)"
        report_class(floor_hall)
        for entry in chosen:
            costs = quiet_costs(
                {
                    "floor": (f_url, f_proc.pid, "", _poke_of(None)),
                    "page": (url, proc.pid, entry.url_path, _poke_of(entry)),
                }
            )
            r = class_on_page(url, proc.pid, entry, args)
            r["cost"], r["floor"] = costs["page"], costs["floor"]
            ok &= report_class(r)
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
