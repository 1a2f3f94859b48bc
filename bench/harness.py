"""Start the real app and drive it in headless Chromium; shared by the benchmarks, the
browser tests and `make screenshots` (tests may import bench/, bench never imports tests/)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python bench/x.py`, the app's packages are one up
    sys.path.insert(0, str(ROOT))

from pages.ui.registry import PAGES  # noqa: E402, F401  (re-exported: one page list for all)

READY = "[data-testid=stApp][data-test-connection-state=CONNECTED]"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def chromium_path() -> str | None:
    """Debian's Chromium, which Playwright can drive but cannot download here."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(
    timeout: float = 60.0,
    extra_args: tuple[str, ...] = (),
    app: Path | None = None,
    port: int | None = None,
    env: dict[str, str] | None = None,
):
    """Serve app.py (or ``app``) on a free localhost port (or ``port``, to serve again
    where a page is still open), with ``env`` added to the environment; yield its base
    URL; stop it."""
    with running_server(timeout, extra_args, app, port, env) as (url, _):
        yield url


@contextlib.contextmanager
def running_server(
    timeout: float = 60.0,
    extra_args: tuple[str, ...] = (),
    app: Path | None = None,
    port: int | None = None,
    env: dict[str, str] | None = None,
):
    """As :func:`running_app`, but yield ``(url, process)``."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app or ROOT / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *extra_args,
    ]
    log = open(ROOT / ".e2e-server.log", "w")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )
    url = f"http://127.0.0.1:{port}"
    # Under --server.baseUrlPath the health endpoint moves with the app.
    args = list(extra_args)
    base = (
        args[args.index("--server.baseUrlPath") + 1].strip("/")
        if "--server.baseUrlPath" in args
        else ""
    )
    health = f"{url}/{base}/_stcore/health" if base else f"{url}/_stcore/health"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see .e2e-server.log")
            try:
                with urllib.request.urlopen(health, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer on {url} within {timeout} s")
            time.sleep(0.25)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_page_script(page, timeout: float = 30_000) -> None:
    """Wait until the page's own script (pages/ui/in_browser.py), which loads after the page
    draws, is running, and has had two animation frames to act on what is drawn."""
    page.wait_for_function("() => window.__metlInBrowser === true", timeout=timeout)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait as Streamlit's own e2e tests do: connected, then the script not running."""
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)


# JavaScript: the MLP page's step view as the browser drew it (pages/ui/step_walk.py): the
# step, the diagram's lit nodes and the text of one part ("top", "middle" or "numbers").
WALK_JS = """part => {
    const box = document.querySelector('.st-key-walk_' + part);
    if (!box) return null;
    for (const e of box.querySelectorAll('*')) {
        const inner = e.shadowRoot && e.shadowRoot.querySelector('.walk');
        if (inner) return inner;
    }
    return null;
}"""
STEP_VIEW_JS = f"""part => {{
    const walk = ({WALK_JS})(part);
    if (!walk || !walk.dataset.step) return null;
    const role = r => [...walk.querySelectorAll(`[data-role=${{r}}]`)].map(g => g.dataset.node);
    return {{step: walk.dataset.step, computing: role('computing'), reads: role('reads'),
            text: walk.innerText}};
}}"""


def on_next_step_drawn(page, action: str) -> None:
    """Run the JavaScript statement ``action`` once, when the step view next draws a step."""
    page.evaluate(
        f"""() => {{
        new MutationObserver((_, o) => {{ o.disconnect(); {action} }})
            .observe(({WALK_JS})('top'), {{ attributes: true, attributeFilter: ['data-step'] }});
    }}"""
    )


def step_view(page, part: str = "top") -> dict | None:
    """The MLP page's step view as drawn: ``step``, ``computing``, ``reads``, ``text``."""
    return page.evaluate(STEP_VIEW_JS, part)


def wait_step_view(page, step: str | None = None, timeout: float = 30_000) -> dict:
    """Wait until every part of the step view is drawn (at ``step``, if given)."""
    # The view's reader is spliced in as text: eval() would need the CSP's unsafe-eval.
    page.wait_for_function(
        "step => ['top', 'middle', 'numbers'].every(part => {"
        f"    const v = ({STEP_VIEW_JS})(part);"
        "    return v && (step === null || v.step === step);"
        "})",
        arg=step,
        timeout=timeout,
    )
    return step_view(page)


# JavaScript: the Playground's live view (pages/ui/live_train.py) as the browser holds it:
# the step drawn, whether it runs, the weights it trains, the probabilities it painted.
LIVE_BOX_JS = """() => {
    const host = document.querySelector('.st-key-live');
    if (!host) return null;
    for (const e of host.querySelectorAll('*')) {
        const box = e.shadowRoot && e.shadowRoot.querySelector('.pg');
        if (box && box.__s && box.dataset.step !== undefined) return box;
    }
    return null;
}"""
LIVE_JS = f"""() => {{
    const box = ({LIVE_BOX_JS})();
    if (box) {{
            const s = box.__s, P = s.params, fig = box.querySelector('figure.regions');
            const plain = a => Array.from(a, v => (Number.isFinite(v) ? v : null));
            return {{step: s.step, running: s.running, diverged: s.diverged, took: s.took,
                    drawn: Number(box.dataset.step),
                    params: {{W1: plain(P.W1), b1: plain(P.b1), W2: plain(P.W2), b2: plain(P.b2)}},
                    probs: fig && fig.__probs ? plain(fig.__probs) : null,
                    history: s.history.map(plain),
                    text: box.innerText}};
    }}
    return null;
}}"""


def live_view(page) -> dict | None:
    """The Playground's live view: ``step``, ``running``, ``params``, ``probs``, ``text``."""
    return page.evaluate(LIVE_JS)


def wait_live(page, at_least: int = 0, timeout: float = 30_000) -> dict:
    """Wait until the Playground's live view has drawn step ``at_least`` or later."""
    page.wait_for_function(
        f"n => {{ const v = ({LIVE_JS})(); return v !== null && v.drawn >= n; }}",
        arg=at_least,
        timeout=timeout,
    )
    return live_view(page)


def wait_charts(page, count: int, timeout: float = 30_000) -> None:
    """Wait until ``count`` Plotly charts have drawn traces."""
    page.wait_for_function(
        """n => {
            const plots = [...document.querySelectorAll('.js-plotly-plot')];
            return plots.length >= n && plots.every(p =>
                p._fullData && p._fullData.length > 0 && p.querySelector('g.trace, .hm, image'));
        }""",
        arg=count,
        timeout=timeout,
    )


def wait_drawn(page, charts: int, timeout: float = 30_000) -> None:
    """Wait until a page is drawn: its ``charts`` Plotly charts, and the views the browser
    draws where the page has them (the MLP page's step view, the Playground's live view)."""
    wait_charts(page, charts, timeout)
    if page.locator(".st-key-walk_top").count():
        wait_step_view(page, timeout=timeout)
    if page.locator(".st-key-live").count():
        wait_live(page, timeout=timeout)


# JavaScript: the data of the i-th Plotly chart as plain arrays, whether the browser holds
# typed arrays or Plotly's packed {dtype, bdata} form.
_CHART_DATA_JS = """i => {
    const types = {f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array,
                   i2: Int16Array, u2: Uint16Array, i1: Int8Array, u1: Uint8Array};
    const plain = v => {
        if (v && ArrayBuffer.isView(v)) return Array.from(v);
        if (v && typeof v === 'object' && 'bdata' in v) {
            const bytes = Uint8Array.from(atob(v.bdata), c => c.charCodeAt(0));
            return Array.from(new types[v.dtype.replace(/[<>|=]/, '')](bytes.buffer));
        }
        return v;
    };
    const p = document.querySelectorAll('.js-plotly-plot')[i];
    return p && p.data ? JSON.parse(JSON.stringify(
        p.data.map(t => [plain(t.x), plain(t.y), plain(t.z)]))) : null;
}"""


def chart_data(page, index: int = 0) -> list | None:
    """The data of the index-th Plotly chart, as the browser holds it."""
    return page.evaluate(_CHART_DATA_JS, index)


def wait_chart_change(page, index: int, before, timeout: float = 30_000) -> list:
    """Wait until the index-th chart's data differs from ``before``, then return it."""
    page.wait_for_function(
        f"""([i, before]) => {{
            const now = ({_CHART_DATA_JS})(i);
            return now !== null && JSON.stringify(now) !== JSON.stringify(before);
        }}""",
        arg=[index, before],
        timeout=timeout,
    )
    wait_idle(page)
    return chart_data(page, index)
