"""Browser round trip per page: press a control's key, wait for the rerun it caused.

Each page is measured against the floor, a minimal app with one slider and one Plotly
chart served the same way in the same run.
"""

from __future__ import annotations

import base64
import contextlib
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from harness import (
    LIVE_BOX_JS,
    LIVE_JS,
    PAGES,
    ROOT,
    chromium_path,
    live_view,
    on_next_step_drawn,
    running_app,
    running_server,
    wait_idle,
    wait_live,
    wait_step_view,
)
from playwright.sync_api import sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

# (URL path, how to poke it) for every page with a control to move, from the page list:
# ("slider", label) presses ArrowRight on that slider; ("step", label) clicks the + of
# that number input.
POKES = [
    (entry.url_path, poke)
    for entry in PAGES
    for poke in ((entry.poke,) if entry.poke else ()) + entry.more_pokes
]

# The Playground's largest network and heaviest update a link can ask for.
MAXIMA = "hidden=64&classes=5&per=200&batch=256&show_hidden=true"

# Every message the page receives on Streamlit's websocket, with its arrival time, and the
# time of the key press or click that starts a round trip (captured before Streamlit sees
# it), all in the page's clock. The script-state attribute is no use for timing: React may
# batch "running" and "finished" into one render, so a fast rerun never shows as running.
RECORD = """(() => {
    const Native = window.WebSocket;
    window.__msgs = [];
    window.__t0 = null;
    class Recording extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', ev => {
                const t = performance.now();
                if (ev.data instanceof ArrayBuffer) window.__msgs.push([t, ev.data]);
            });
        }
    }
    window.WebSocket = Recording;
    const start = () => { window.__t0 = performance.now(); window.__msgs = []; };
    document.addEventListener('keydown', start, true);
    document.addEventListener('click', start, true);
})();"""

# The messages since the poke, as base64 for Python to decode.
SINCE = """() => [window.__t0, window.__msgs.map(([t, b]) =>
    [t, btoa(String.fromCharCode(...new Uint8Array(b)))])]"""


def finished_after(page, timeout_s: float = 20.0) -> float | None:
    """Milliseconds from the poke to the script_finished message, or None."""
    deadline = time.monotonic() + timeout_s
    seen = 0
    while time.monotonic() < deadline:
        t0, msgs = page.evaluate(SINCE)
        for t, data in msgs[seen:]:
            msg = ForwardMsg.FromString(base64.b64decode(data))
            if msg.WhichOneof("type") == "script_finished":
                return t - t0
        seen = len(msgs)
        page.wait_for_timeout(5)
    return None


def poke(page, kind: str, label: str, back: bool = False) -> None:
    """Move the control one notch: a slider right, or left when ``back`` (so that pokes
    that alternate never stop at the end of a short list, like the MLP page's steps)."""
    if kind == "slider":
        box = page.locator("[data-testid=stSlider]").filter(has_text=label)
        box.locator("input[type=range]").first.press("ArrowLeft" if back else "ArrowRight")
    else:
        box = page.locator("[data-testid=stNumberInput]").filter(has_text=label)
        box.locator("[data-testid=stNumberInputStepUp]").first.click()


def measure(page, url: str, control, n: int) -> list[float]:
    page.goto(url)
    wait_idle(page)
    page.wait_for_timeout(500)
    times = []
    for i in range(n + 2):
        poke(page, *control, back=i % 2 == 1)
        ms = finished_after(page)
        if ms is None:
            raise RuntimeError(f"no rerun seen on {url} after {len(times)} pokes")
        times.append(ms)
        wait_idle(page)
        page.wait_for_timeout(150)
    return times[2:]  # the first two warm caches and the websocket


def measure_drawn(page, url: str, n: int) -> list[float]:
    """Milliseconds from a key press on the MLP page's step slider to the new step drawn
    by the browser (``pages/ui/step_walk.py``), which does not wait for the server."""
    page.goto(url)
    wait_idle(page)
    wait_step_view(page)
    page.wait_for_timeout(500)
    times = []
    for i in range(n + 2):
        # Painted: the frame after the view changed, in the page's clock.
        page.evaluate("() => { window.__drawn = null; }")
        on_next_step_drawn(
            page, "requestAnimationFrame(() => { window.__drawn = performance.now(); });"
        )
        poke(page, "slider", "step", back=i % 2 == 1)
        page.wait_for_function("() => window.__drawn !== null", timeout=20_000)
        times.append(page.evaluate("() => window.__drawn - window.__t0"))
        if finished_after(page) is None:  # the server's rerun, before the next press
            raise RuntimeError("the step slider's rerun never finished")
        wait_idle(page)
        page.wait_for_timeout(150)
    return times[2:]


def measure_training(page, url: str, n: int, history: int = 0) -> list[float]:
    """Milliseconds the browser takes for one Playground update while running (``per``
    SGD steps, the history row, the regions, curves and units redrawn), over ``n``
    updates; with ``history`` rows already behind it, as after that many updates."""
    page.goto(url)
    wait_idle(page)
    wait_live(page)
    if history:
        page.evaluate(
            f"""n => {{ const s = ({LIVE_BOX_JS})().__s, last = s.history[s.history.length - 1];
                for (let i = 1; i <= n; i++) s.history.push([last[0] + i, ...last.slice(1)]);
                s.sent = s.history.length; }}""",
            history,
        )
    page.get_by_role("button", name="Run", exact=True).click()
    times, seen = [], None
    while len(times) < n:
        page.wait_for_function(
            f"t => {{ const v = ({LIVE_JS})(); return v && v.took > 0 && v.step !== t; }}",
            arg=seen,
            timeout=30_000,
        )
        v = live_view(page)
        seen = v["step"]
        times.append(v["took"])
    page.get_by_role("button", name="Pause", exact=True).click()
    wait_idle(page)
    return times[2:]


def summary(times: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(times, n=10)
    return statistics.median(times), q[8]


FLOOR_PAGE = (ROOT / "bench" / "minimal_app.py").read_text()
FLOOR_WITH_SIDEBAR = (
    "from pages.ui.frame import page\n\n"
    "view = page('Floor', 'The floor, with the sidebar and title of every page.')\n"
    + FLOOR_PAGE
    + "view.finish()\n"
)


@contextlib.contextmanager
def app_with_floor_pages():
    """A copy of the app with the floor added as two more pages: alone, and under the
    sidebar and title that every page of the explorer draws. What being one page of this
    multipage app costs before a page's own content."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(ROOT / "app.py", root / "app.py")
        for folder in ("pages", "metl_core"):
            shutil.copytree(
                ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__")
            )
        (root / "pages" / "98_Floor.py").write_text(FLOOR_PAGE)
        (root / "pages" / "99_Floor_with_sidebar.py").write_text(FLOOR_WITH_SIDEBAR)
        yield root / "app.py"


def reference_row(what: str, median: float, p90: float, floor: float) -> dict:
    """A row for a reference app, measured to explain the pages, not held to the target."""
    return {"page": what, "median": median, "p90": p90, "ratio": median / floor, "ref": True}


def run(n: int = 20) -> list[dict]:
    exe = chromium_path()
    if exe is None:
        raise SystemExit("Chromium is not installed: apt-get install -y chromium")
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(RECORD)
        with running_app(app=ROOT / "bench" / "minimal_app.py") as url:
            floor = measure(page, url, ("slider", "a"), n)
        f50, f90 = summary(floor)
        rows.append(reference_row("floor: one slider, one chart", f50, f90, f50))
        with app_with_floor_pages() as app, running_app(app=app) as url:
            for path, what in (
                ("Floor", "the floor as a page of this app"),
                ("Floor_with_sidebar", "the same, under the pages' sidebar and title"),
            ):
                m50, m90 = summary(measure(page, f"{url}/{path}", ("slider", "a"), n))
                rows.append(reference_row(what, m50, m90, f50))
        with running_app(app=ROOT / "bench" / "chart_app.py") as url:
            c50, c90 = summary(measure(page, url, ("slider", "a"), n))
        rows.append(reference_row("one slider, the Sigmoid figure", c50, c90, f50))
        with running_app() as url:
            for path, poke in POKES:
                m50, m90 = summary(measure(page, f"{url}/{path}", poke, n))
                name = f"{path or 'Home'}: {poke[1]}"
                rows.append(
                    {"page": name, "median": m50, "p90": m90, "ratio": m50 / f50, "ref": False}
                )
            m50, m90 = summary(measure_drawn(page, f"{url}/MLP_backprop", n))
            rows.append(
                {
                    "page": "MLP_backprop: step, drawn by the browser",
                    "median": m50,
                    "p90": m90,
                    "ratio": m50 / f50,
                    "ref": False,
                }
            )
            for query, what in (
                ("", "defaults"),
                (MAXIMA, "the link's maxima"),
                ("", "after 1,500 updates"),
            ):
                history = 1500 if "1,500" in what else 0
                times = measure_training(page, f"{url}/Playground?{query}", n, history)
                m50, m90 = summary(times)
                rows.append(
                    {
                        "page": f"Playground: one update in the browser, {what}",
                        "median": m50,
                        "p90": m90,
                        "ratio": m50 / f50,
                        "ref": False,
                        "interval": True,
                    }
                )
        browser.close()
    return rows


def server_side(changes: int = 60, limit: int | None = None) -> list[tuple[str, float, float]]:
    """Server CPU per rerun and websocket round trip without a browser, one session.

    Set beside the browser figures, this splits a page's round trip into the server's part
    and the browser's part (processing the messages and redrawing the charts).
    """
    import asyncio
    import types

    import load  # bench/load.py: the same websocket client as `make load`

    def one(url, pid, path: str, poke: tuple[str, str]) -> tuple[float, float]:
        entry = types.SimpleNamespace(url_path=path, poke=poke, title=path or "Home")
        asyncio.run(load.student(url, entry, 3, (0.05, 0.1), 0, 1))  # warm up
        c0 = load.cpu_s(pid)
        s = asyncio.run(load.student(url, entry, changes, (0.05, 0.1), 0, 1))
        if s.error:
            raise RuntimeError(f"{entry.title}: {s.error}")
        return (load.cpu_s(pid) - c0) / (changes + 1), statistics.median(s.changes)

    targets = [
        ("floor", ROOT / "bench" / "minimal_app.py", "", ("slider", "a")),
        ("one slider, the Sigmoid figure", ROOT / "bench" / "chart_app.py", "", ("slider", "a")),
        ("the floor as a page of this app", "copy", "Floor", ("slider", "a")),
        (
            "the same, under the pages' sidebar and title",
            "copy",
            "Floor_with_sidebar",
            ("slider", "a"),
        ),
    ]
    targets += [(f"{e.title}: {e.poke[1]}", None, e.url_path, e.poke) for e in PAGES if e.poke]
    rows = []
    with app_with_floor_pages() as copy:
        for name, app, path, poke in targets[:limit]:
            with running_server(app=copy if app == "copy" else app) as (url, proc):
                cpu, rtt = one(url, proc.pid, path, poke)
            rows.append((name, cpu * 1e3, rtt * 1e3))
    return rows


def main() -> int:
    starts = cold_start()
    print(
        "cold start, `streamlit run` to the home page drawn: "
        f"median {statistics.median(starts):.2f} s over {len(starts)} starts "
        f"({', '.join(f'{t:.2f}' for t in starts)})"
    )
    for name, cpu, rtt in server_side():
        print(f"server side, {name}: {cpu:.1f} ms CPU per rerun, websocket round trip {rtt:.1f} ms")
    rows = run()
    print(f"{'page':46s} {'median ms':>10s} {'p90 ms':>8s} {'× floor':>8s}")
    for r in rows:
        flag = "" if r["ref"] or r["ratio"] <= 1.25 else "  over the 1.25× target"
        if r.get("interval"):  # no round trip: held to the 250 ms between updates
            flag = "  within the 250 ms interval" if r["p90"] <= 250 else "  over 250 ms"
        print(f"{r['page']:46s} {r['median']:10.1f} {r['p90']:8.1f} {r['ratio']:8.2f}{flag}")
    return 0


def cold_start(repeats: int = 3) -> list[float]:
    """Seconds from launching `streamlit run` to the home page drawn and idle in Chromium."""
    exe = chromium_path()
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        for _ in range(repeats):
            page = browser.new_page()
            t0 = time.perf_counter()
            with running_app() as url:
                page.goto(url)
                wait_idle(page)
                page.wait_for_function(
                    "() => document.querySelector('.js-plotly-plot g.trace, .js-plotly-plot image')"
                )
                out.append(time.perf_counter() - t0)
            page.close()
        browser.close()
    return out


if __name__ == "__main__":
    raise SystemExit(main())
