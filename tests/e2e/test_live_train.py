"""The Playground trains in the browser: its JavaScript, run in Chromium, against metl_core.

The maths (``live_train.MATH_JS``) is loaded alone into a blank page and compared number
by number with ``metl_core``; then the page itself is driven, and what it trained, drew
and reported is compared with ``metl_core.maths.train.train`` replaying the browser's batches.
"""

from __future__ import annotations

import csv
import io
import itertools

import numpy as np
import pytest

from bench.harness import (
    LIVE_BOX_JS,
    LIVE_JS,
    free_port,
    live_view,
    running_app,
    wait_idle,
    wait_live,
)
from metl_core import figures as F
from metl_core.maths import mlp
from metl_core.maths import train as T
from pages.ui.live_train import MATH_JS

RTOL = 1e-9  # the same operations in another order (BLAS's fused multiply-adds)


@pytest.fixture
def js(page):
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=MATH_JS)
    return page


def _points(X, y) -> dict:
    return {"X": np.asarray(X).ravel().tolist(), "y": np.asarray(y).tolist(), "n": len(y)}


def _params(p: mlp.Params) -> dict:
    return {name: a.ravel().tolist() for name, a in p.items()}


# Run `updates` updates of `per` steps in the browser from the given weights.
TRAIN_JS = """([P, H, K, train, test, seed, updates, per, lr, batch, l2]) => {
    const pts = (d) => ({ X: Float64Array.from(d.X), y: Int32Array.from(d.y), n: d.n });
    const data = { train: pts(train), test: pts(test) };
    const s = { params: { H, K, W1: Float64Array.from(P.W1), b1: Float64Array.from(P.b1),
                          W2: Float64Array.from(P.W2), b2: Float64Array.from(P.b2) },
                step: 0, history: [], sample: sampler(seed, train.n) };
    const ends = [];
    for (let u = 0; u < updates; u++) {
        const r = trainSteps(s, data, per, lr, batch, l2);
        ends.push(r);
        if (r.stopped || r.over) break;
    }
    const plain = (a) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
    return { step: s.step, rows: s.history.map(plain), ends,
             params: { W1: plain(s.params.W1), b1: plain(s.params.b1),
                       W2: plain(s.params.W2), b2: plain(s.params.b2) } };
}"""


def _train_in_browser(page, data, hidden, seed, updates, per, lr, batch, l2):
    start = T.start(data, hidden, seed)
    out = page.evaluate(
        TRAIN_JS,
        [
            _params(start.params),
            hidden,
            data.classes,
            _points(data.X_train, data.y_train),
            _points(data.X_test, data.y_test),
            T.browser_seed(seed),
            updates,
            per,
            lr,
            batch,
            l2,
        ],
    )
    return start, out


def _replay(start, data, seed, updates, per, lr, batch, l2):
    """metl_core.maths.train.train on the browser's batches, update by update."""
    sample = T.BrowserSampler(T.browser_seed(seed), len(data.y_train))
    state = start
    for _ in range(updates):
        state = T.train(state, data, per, lr, batch, l2, sample=sample)
        if state.diverged:
            break
    return state


def _assert_params_equal(sent: dict, params: mlp.Params) -> None:
    for name, a in params.items():
        got = np.array([np.nan if v is None else v for v in sent[name]]).reshape(a.shape)
        np.testing.assert_allclose(got, a, rtol=RTOL, atol=1e-12, err_msg=name)


def test_the_browsers_generator_and_batches_are_metl_cores_to_the_last_bit(js):
    for seed in (0, 1, 2**31, 2**32 - 1):
        got = js.evaluate("s => { const u = mulberry32(s); return [...Array(500)].map(u); }", seed)
        assert got == list(itertools.islice(T.mulberry32(seed), 500))
    for n, batch in ((450, 32), (450, 1), (40, 39), (40, 40), (40, 256)):
        got = js.evaluate(
            "([n, b]) => { const next = sampler(7, n); return [...Array(30)].map(() => next(b)); }",
            [n, batch],
        )
        sample = T.BrowserSampler(7, n)
        assert got == [sample(batch).tolist() for _ in range(30)]


@pytest.mark.parametrize(
    "name, classes, hidden, per, lr, batch, l2, n",
    [
        ("moons", 2, 16, 25, 1.0, 32, 0.0, 600),  # the defaults
        ("spirals", 3, 8, 10, 0.3, 8, 0.01, 600),  # with L2
        ("xor", 5, 64, 5, 3.0, 256, 0.0, 600),  # the largest network
        ("blobs", 4, 3, 7, 1.0, 256, 1e-3, 40),  # a batch larger than the 30 points
    ],
)
def test_the_browsers_training_equals_metl_core_train_on_the_same_batches(
    js, name, classes, hidden, per, lr, batch, l2, n
):
    data = T.make_dataset(name, n=n, classes=classes, noise=0.2, seed=3)
    start, out = _train_in_browser(js, data, hidden, 3, 4, per, lr, batch, l2)
    want = _replay(start, data, 3, 4, per, lr, batch, l2)
    assert want.diverged is None and out["step"] == want.step == 4 * per
    _assert_params_equal(out["params"], want.params)
    h = want.history
    expected = np.array([getattr(h, f)[1:] for f in T.HISTORY_FIELDS]).T  # row 0 is step 0
    np.testing.assert_allclose(np.array(out["rows"], dtype=float), expected, rtol=RTOL)


@pytest.mark.parametrize(
    "per, lr, why",
    [(200, 100.0, "the training loss rose"), (3, 1e12, "the weights grew beyond")],
)
def test_the_browser_stops_where_metl_core_diagnoses_divergence(js, per, lr, why):
    data = T.make_dataset("circles", n=600, classes=2, noise=0.1, seed=0)
    start, out = _train_in_browser(js, data, 16, 0, 5, per, lr, 32, 0.0)
    want = _replay(start, data, 0, 5, per, lr, 32, 0.0)
    assert why in want.diverged
    assert out["step"] == want.step
    end = out["ends"][-1]
    assert end["stopped"] or end["over"]
    # What the page then hears from the browser gives metl_core's reason. (At lr = 100 the
    # steps are chaotic: rounding apart, the losses part, so the cause is compared.)
    report = {"step": out["step"], "params": out["params"], "records": out["rows"]}
    if end["stopped"]:
        report |= {"stopped": True, "loss": end["loss"]}
    assert why in T.from_browser(start, report, lr, 2).diverged


def test_the_browsers_grid_and_thinning_equal_metl_core(js):
    data = T.make_dataset("moons", n=600, classes=3, noise=0.1, seed=1)
    p = T.start(data, 5, 1).params
    got = js.evaluate(
        "([P, b]) => Array.from(grid({H: 5, K: 3, W1: P.W1, b1: P.b1, W2: P.W2, b2: P.b2},"
        " b, 30).yhat)",
        [_params(p), list(data.bounds)],
    )
    xs = np.linspace(data.bounds[0], data.bounds[1], 30)
    ys = np.linspace(data.bounds[2], data.bounds[3], 30)
    gx, gy = np.meshgrid(xs, ys)
    want, _ = mlp.forward(p, np.stack([gx.ravel(), gy.ravel()], axis=1))
    np.testing.assert_allclose(np.array(got), want.ravel(), rtol=RTOL, atol=1e-15)
    for n in (0, 1, 200, 201, 202, 1000, 1537):
        rows = [[i] for i in range(n)]
        kept = js.evaluate("([rows]) => thin(rows, 200).map(r => r[0])", [rows])
        assert kept == T.thin(T.History(*[list(range(n))] * 7), 200).step


# --- The page ------------------------------------------------------------------------------


# The regions' canvas, as RGBA bytes, row 0 at the top.
PIXELS_JS = f"""() => {{
    const c = ({LIVE_BOX_JS})().querySelector('figure.regions canvas');
    return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
}}"""


def _open(page, app_url, query=""):
    page.goto(f"{app_url}/Playground{query}")
    wait_idle(page)
    return wait_live(page)


def _csv(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(io.StringIO(f.read())))


def _press(page, name):
    page.get_by_role("button", name=name, exact=True).click()


def test_step_in_the_page_trains_as_metl_core_draws_its_regions_and_reports_to_the_server(
    page, app_url
):
    first = _open(page, app_url, "?ds=spirals&classes=3&pseed=5&hidden=12&per=20&l2=0.001")
    data = T.make_dataset("spirals", n=600, classes=3, noise=0.1, seed=5)
    start = T.start(data, 12, 5)
    assert first["step"] == 0
    _assert_params_equal(first["params"], start.params)
    _press(page, "Step")
    wait_live(page, 20)
    _press(page, "Step")
    got = wait_live(page, 40)
    want = _replay(start, data, 5, 2, 20, 1.0, 32, 0.001)
    _assert_params_equal(got["params"], want.params)
    # The regions painted are the trained network's probabilities over the grid.
    xs = np.linspace(data.bounds[0], data.bounds[1], 120)
    ys = np.linspace(data.bounds[2], data.bounds[3], 120)
    gx, gy = np.meshgrid(xs, ys)
    probs, _ = mlp.forward(want.params, np.stack([gx.ravel(), gy.ravel()], axis=1))
    np.testing.assert_allclose(np.array(got["probs"]), probs.ravel(), rtol=1e-8, atol=1e-12)
    # And painted: each cell in its class's colour, opaque as the network is sure, y upward.
    pixels = np.array(page.evaluate(PIXELS_JS), dtype=int).reshape(120, 120, 4)[::-1]
    probs = probs.reshape(120, 120, 3)
    cls = probs.argmax(axis=-1)
    strength = np.clip((probs.max(axis=-1) - 1 / 3) / (1 - 1 / 3), 0, 1)
    palette = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in F.CLASS_COLOURS])
    sure = np.abs(40 + 150 * strength - np.round(40 + 150 * strength)) > 0.01  # not at .5
    # Canvas keeps colours premultiplied by alpha: read back, they round by up to 255/alpha.
    off = np.abs(pixels[..., :3] - palette[cls]).max(axis=-1)
    assert np.all(off <= 255 / pixels[..., 3] + 1), off.max()
    np.testing.assert_array_equal(pixels[..., 3][sure], np.trunc(40 + 150 * strength)[sure])
    assert "40" in got["text"] and f"{want.history.test_acc[-1]:.1%}" in got["text"]
    # The server heard the report: its gradient check and its download are of these weights.
    wait_idle(page)
    _press(page, "Check gradients now")
    page.get_by_text("Gradient check of all 75 weights and biases").wait_for()
    with page.expect_download() as d:
        page.get_by_role("button", name="Loss and accuracy history (CSV)").click()
    rows = _csv(d.value.path())
    assert [int(r["step"]) for r in rows] == [0, 20, 40]
    assert float(rows[-1]["train_loss"]) == pytest.approx(want.history.train_loss[-1], rel=1e-9)


def test_run_trains_without_the_server_and_pause_hands_the_weights_back(page, app_url):
    _open(page, app_url, "?per=5")
    messages = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: messages.append(f)))
    _press(page, "Run")
    wait_idle(page)
    sent_after_run = len(messages)
    got = wait_live(page, 60)  # a dozen updates: none of them asked the server anything
    assert got["running"] and len(messages) == sent_after_run
    _press(page, "Pause")
    wait_idle(page)
    page.wait_for_timeout(600)
    paused = live_view(page)
    assert not paused["running"]
    page.wait_for_timeout(800)
    assert live_view(page)["step"] == paused["step"]
    with page.expect_download() as d:
        page.get_by_role("button", name="Loss and accuracy history (CSV)").click()
    rows = _csv(d.value.path())
    assert int(rows[-1]["step"]) == paused["step"]


def test_reset_and_a_new_network_start_the_browser_over_from_the_servers_weights(page, app_url):
    _open(page, app_url)
    _press(page, "Step")
    assert wait_live(page, 25)["step"] == 25
    wait_idle(page)
    _press(page, "Reset")
    wait_idle(page)
    page.wait_for_function(f"() => {{ const v = ({LIVE_JS})(); return v && v.step === 0; }}")
    data = T.make_dataset("moons", n=600, classes=2, noise=0.1, seed=0)
    _assert_params_equal(live_view(page)["params"], T.start(data, 16, 0).params)


def _mark_regions(page) -> None:
    """Mark the regions' figure and the probabilities it last painted."""
    page.evaluate(
        f"""() => {{ const fig = ({LIVE_BOX_JS})().querySelector('figure.regions');
            fig.__mark = 1; fig.__probs.__mark = 1; }}"""
    )


def _regions_marked(page) -> bool:
    """Whether the marked figure is there and has not been painted since."""
    return page.evaluate(
        f"""() => {{ const fig = ({LIVE_BOX_JS})().querySelector('figure.regions');
            return fig.__mark === 1 && fig.__probs.__mark === 1; }}"""
    )


def _nudge(page, key: str) -> None:
    page.locator(f".st-key-{key} input[type=range]").first.press("ArrowRight")
    wait_idle(page)


def test_a_setting_moved_redraws_nothing_and_new_points_redraw_the_regions(page, app_url):
    _open(page, app_url)
    _mark_regions(page)
    _nudge(page, "per")  # the browser takes the new setting; nothing it drew changes
    page.wait_for_function(f"() => ({LIVE_BOX_JS})().__data.per === 26")
    assert _regions_marked(page)
    _nudge(page, "noise")  # new points: drawn anew
    page.wait_for_function(f"() => !({LIVE_BOX_JS})().querySelector('figure.regions').__mark")
    assert live_view(page)["step"] == 0


def test_after_a_server_restart_the_page_and_the_server_start_over_together(browser):
    """A restart drops the session: the page, still open, reconnects to a new one and
    shows what that session holds (docs/deployment.md says training starts over)."""
    port = free_port()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        with running_app(port=port) as url:
            page.goto(f"{url}/Playground?ds=spirals&classes=3")
            wait_idle(page)
            wait_live(page)
            for i in (1, 2):
                _press(page, "Step")
                wait_live(page, 25 * i)
                wait_idle(page)
        with running_app(port=port):  # the same address: the open page reconnects
            page.wait_for_function(
                f"() => {{ const v = ({LIVE_JS})(); return v && v.step === 0; }}"
            )
            wait_idle(page)
            assert "spirals" in page.url  # the controls come back from the link
            _press(page, "Step")
            assert wait_live(page, 25)["step"] == 25
            wait_idle(page)
            _press(page, "Check gradients now")
            page.get_by_text("at the weights of step 25,").wait_for()
    finally:
        page.close()
