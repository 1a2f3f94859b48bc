"""The real app in headless Chromium: every page loads, draws, and redraws when used."""

from pathlib import Path

import pytest

from bench.harness import (
    PAGES,
    chart_data,
    live_view,
    on_next_step_drawn,
    step_view,
    wait_chart_change,
    wait_charts,
    wait_idle,
    wait_live,
    wait_step_view,
)
from metl_core.teaching import backprop_steps as BP
from pages.ui.registry import MENU

pytestmark = pytest.mark.browser
IDS = [entry.title for entry in PAGES]


def open_page(page, app_url, path):
    page.goto(f"{app_url}/{path}")
    wait_idle(page)


def assert_no_exception(page):
    assert page.locator("[data-testid=stException]").count() == 0, page.locator(
        "[data-testid=stException]"
    ).first.inner_text()


SIDEBAR_LINKS = "[data-testid=stSidebar] [data-testid=stSidebarNavLink]"


@pytest.mark.parametrize("entry", PAGES, ids=IDS)
def test_page_loads_from_its_url_with_sidebar_links_to_every_page(page, app_url, entry):
    open_page(page, app_url, entry.url_path)
    links = page.locator(SIDEBAR_LINKS)
    links.first.wait_for()
    labels = [t.splitlines()[-1].strip() for t in links.all_inner_texts()]  # after the icon
    assert labels == [e.title for e in MENU]  # not the pages reached by their own link
    # Where each link goes when opened in a new tab or copied: the browser's own resolution.
    hrefs = links.evaluate_all("els => els.map(a => a.href)")
    assert hrefs == [f"{app_url}/{e.url_path}" for e in MENU]
    assert_no_exception(page)


def test_home_link_navigates_in_the_app_and_opens_the_root_in_a_new_tab(page, app_url, browser):
    open_page(page, app_url, "Softmax?logits=3,1")
    page.locator(SIDEBAR_LINKS).first.click()
    page.wait_for_url(f"{app_url}/")
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "METL Explorer"
    # Opened on its own, the copied href is home, not the page it was copied on.
    href = page.locator(SIDEBAR_LINKS).first.evaluate("a => a.href")
    other = browser.new_context().new_page()
    try:
        open_page(other, app_url, "Softmax")
        other.goto(other.locator(SIDEBAR_LINKS).first.evaluate("a => a.href"))
        wait_idle(other)
        assert other.url == href == f"{app_url}/"
        assert other.locator("h1").first.inner_text() == "METL Explorer"
    finally:
        other.context.close()


@pytest.mark.parametrize("entry", PAGES, ids=IDS)
def test_every_chart_is_drawn(page, app_url, entry):
    open_page(page, app_url, entry.url_path)
    wait_charts(page, entry.charts)
    assert page.locator(".js-plotly-plot").count() == entry.charts
    assert_no_exception(page)


def press_slider(page, label: str, key: str = "ArrowRight", times: int = 1):
    slider = page.locator("[data-testid=stSlider]").filter(has_text=label)
    thumb = slider.locator("input[type=range]").first
    thumb.focus()
    for _ in range(times):
        thumb.press(key)


def type_into(page, label: str, text: str, kind: str = "stTextInput"):
    """Type into the text (or number) input whose label contains ``label``, then Enter."""
    box = page.locator(f"[data-testid={kind}]").filter(has_text=label).locator("input").first
    box.fill(text)
    box.press("Enter")


def test_softmax_temperature_slider_redraws(page, app_url):
    open_page(page, app_url, "Softmax?open_temperature=true")
    wait_charts(page, 2)
    before = chart_data(page, 1)
    press_slider(page, "temperature", "ArrowLeft", 3)
    wait_chart_change(page, 1, before)
    assert_no_exception(page)


def test_softmax_logits_text_redraws_and_bad_text_is_explained(page, app_url):
    open_page(page, app_url, "Softmax")
    wait_charts(page, 1)
    before = chart_data(page, 0)
    assert len(before[0][1]) == 2  # the default logits, 1, 2
    type_into(page, "Logits x", "3, 1, -2")
    after = wait_chart_change(page, 0, before)
    bars = after[0][1]  # softmax of the typed logits, as drawn
    assert len(bars) == 3 and bars[0] > bars[1] > bars[2]
    assert sum(bars) == pytest.approx(1.0)
    type_into(page, "Logits x", "1, abc")
    page.locator("[data-testid=stAlertContentError]").filter(has_text="abc").wait_for()
    assert_no_exception(page)
    assert page.locator(".js-plotly-plot").count() == 1


def test_sigmoid_point_slider_redraws(page, app_url):
    open_page(page, app_url, "Sigmoid")
    wait_charts(page, 1)
    before = chart_data(page, 0)
    press_slider(page, "point x0", "ArrowRight", 5)
    wait_chart_change(page, 0, before)
    assert_no_exception(page)


def test_ce_logits_and_span_redraw_and_bad_text_is_explained(page, app_url):
    open_page(page, app_url, "Cross_entropy_gradient?open_vectors=true")  # the field's fold
    wait_charts(page, 2)
    before = chart_data(page, 1)
    press_slider(page, "half-width", "ArrowLeft", 4)
    wait_chart_change(page, 1, before)
    before = chart_data(page, 0)
    type_into(page, "Logits z", "0, 0, 0, 5")
    wait_chart_change(page, 0, before)
    type_into(page, "Logits z", "1,,2")
    page.locator("[data-testid=stAlertContentError]").filter(has_text="empty").wait_for()
    assert_no_exception(page)


def test_mlp_dimension_redraws_and_bad_typed_input_is_explained(page, app_url):
    open_page(page, app_url, "MLP_backprop?open_values=true")
    wait_charts(page, 2)
    before = chart_data(page, 0)
    type_into(page, "H (hidden)", "7", "stNumberInput")
    wait_chart_change(page, 0, before)
    wait_step_view(page)
    text = step_view(page)["text"]
    assert "4×7" in text and "7×3" in text  # the diagram's W1 and W2 follow H
    page.get_by_text("typed", exact=True).click()
    wait_idle(page)
    type_into(page, "x (", "1, 2")
    page.locator("[data-testid=stAlertContentError]").filter(has_text="Dx is 4").wait_for()
    assert_no_exception(page)


def test_parameter_count_input_redraws(page, app_url):
    open_page(page, app_url, "Parameter_count")
    wait_charts(page, 1)
    before = chart_data(page, 0)
    type_into(page, "H (hidden size)", "40", "stNumberInput")
    after = wait_chart_change(page, 0, before)
    assert after[0][1] is not None
    assert_no_exception(page)


BAD_TEXT = [
    "",
    "1,,2",
    "[1, 2",
    "1; 2",
    "one, two",
    "0x1F",
    "1/2",
    "True",
    "nan",
    "1e999",
    "1" * 12_000,
    "<script>alert(1)</script>",
]


def test_every_class_of_bad_text_shows_a_message_not_a_traceback(page, app_url):
    open_page(page, app_url, "Softmax")
    wait_charts(page, 1)
    for text in BAD_TEXT:
        type_into(page, "Logits x", text)
        wait_idle(page)
        error = page.locator("[data-testid=stAlertContentError]").first
        error.wait_for()
        assert "Still showing the last good value" in error.inner_text(), text
        assert_no_exception(page)
        assert page.locator(".js-plotly-plot").count() == 1
        type_into(page, "Logits x", "1, 2")
        wait_idle(page)
    type_into(page, "Logits x", "<script>alert(1)</script>")
    error = page.locator("[data-testid=stAlertContentError]").first
    error.wait_for()
    assert error.locator("code").first.inner_text() == "<script>alert(1)</s…"  # shown as text
    assert page.locator("[data-testid=stMain] script").count() == 0  # never rendered


def test_an_invalid_value_in_the_url_is_ignored_with_a_notice(page, app_url):
    open_page(page, app_url, "Softmax?c=abc&T=7&open_temperature=true")
    page.locator("[data-testid=stAlertContentWarning]").filter(has_text="Ignored").wait_for()
    wait_charts(page, 2)
    assert_no_exception(page)


def test_a_moved_control_is_in_the_url_and_a_new_browser_restores_the_view(page, app_url, browser):
    open_page(page, app_url, "Sigmoid")
    wait_charts(page, 1)
    before = chart_data(page, 0)
    press_slider(page, "point x0", "ArrowRight", 5)
    after = wait_chart_change(page, 0, before)
    page.wait_for_url("**x0=1.5**")
    shared = page.url
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:
        other.goto(shared)
        wait_idle(other)
        wait_charts(other, 1)
        assert chart_data(other, 0) == after
        slider = other.locator("[data-testid=stSlider]").filter(has_text="point x0")
        assert "1.50" in slider.inner_text()
    finally:
        other.context.close()


def test_presentation_mode_hides_the_sidebar_explanations_and_chosen_controls(page, app_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, app_url, "Softmax?present=1&hide=c")
    wait_charts(page, 1)
    # The style arrives as an element of its own; under load it can lag the charts.
    page.locator("[data-testid=stSidebar]").wait_for(state="hidden", timeout=10_000)
    assert not page.locator(".st-key-c").is_visible()
    assert page.locator(".st-key-nonconst").is_visible()
    # Explanations are not sent at all when presenting: the room reads the chart.
    lead = "adding one constant to every logit changes nothing"
    assert not page.get_by_text(lead).count()
    assert_no_exception(page)


def test_a_download_holds_the_numbers_on_screen(page, app_url):
    import csv
    import io

    open_page(page, app_url, "Cross_entropy_gradient?z=2,1,0.1&k=1")
    wait_charts(page, 1)
    bars = chart_data(page, 0)  # traces: yhat, y, yhat - y
    with page.expect_download() as info:
        page.get_by_role("button", name="Logits, ŷ, y and the gradient (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [float(r["z"]) for r in rows] == [2.0, 1.0, 0.1]
    assert [float(r["y"]) for r in rows] == [0.0, 1.0, 0.0]
    # The file holds exactly the values the chart draws.
    assert [float(r["yhat"]) for r in rows] == bars[0][1]
    assert [float(r["grad_yhat_minus_y"]) for r in rows] == bars[2][1]


def test_playground_run_advances_and_pause_stops(page, app_url):
    open_page(page, app_url, "Playground?ds=spirals&classes=3")
    assert wait_live(page)["step"] == 0
    page.get_by_role("button", name="Run").click()
    running = wait_live(page, 100)
    assert running["running"]
    page.get_by_role("button", name="Pause").click()
    wait_idle(page)
    page.wait_for_timeout(600)  # at most one update already on its way
    paused = live_view(page)["step"]
    page.wait_for_timeout(1500)
    assert live_view(page)["step"] == paused
    assert_no_exception(page)


def _lit(page):
    """The step view as drawn: (step, the node lit as computed, the nodes lit as read)."""
    v = step_view(page)
    return v and (v["step"], v["computing"], sorted(v["reads"]))


def _wait_lit(page, name: str):
    wait_step_view(page, name)
    return _lit(page)


# Every websocket message, base64, from the moment a key is pressed.
_RECORD_JS = """(() => {
    const Native = window.WebSocket;
    window.__msgs = [];
    class Recording extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', ev => {
                if (ev.data instanceof ArrayBuffer)
                    window.__msgs.push(btoa(String.fromCharCode(...new Uint8Array(ev.data))));
            });
        }
    }
    window.WebSocket = Recording;
    document.addEventListener('keydown', () => { window.__msgs = []; }, true);
})();"""


def _rerun_messages(page) -> list:
    """The messages of the rerun started by the last key press, up to script_finished."""
    import base64

    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    page.wait_for_function(
        "() => window.__msgs.length > 0", timeout=30_000
    )  # then poll until the rerun has finished
    for _ in range(600):
        msgs = [ForwardMsg.FromString(base64.b64decode(m)) for m in page.evaluate("window.__msgs")]
        if any(m.WhichOneof("type") == "script_finished" for m in msgs):
            return msgs
        page.wait_for_timeout(50)
    raise AssertionError("the rerun did not finish")


def _batch(n: int = 1):
    """The MLP page's batch at its defaults, with ``n`` rows."""
    import metl_core as M
    from metl_core.teaching import explore as E

    params = M.init_params(4, 5, 3, seed=0)
    return BP.seeded_batch(params, n, 0, first=E.random_vector(4, seed=0, scale=1.0))


def test_mlp_backprop_highlight_moves_as_the_step_advances_and_plays(page, app_url):
    page.add_init_script(_RECORD_JS)
    open_page(page, app_url, "MLP_backprop?step=dz2")
    first = _wait_lit(page, "dz2")
    assert first == ("dz2", ["dz2"], sorted(BP.view(_batch(), "dz2").reads))
    # How many of the rerun's messages had come when the new step was drawn.
    on_next_step_drawn(page, "window.__atDraw = window.__msgs.length;")
    press_slider(page, "step", "ArrowRight")
    second = _wait_lit(page, "dW2")
    # Drawn by the browser before the server's answer: none of its messages had come.
    assert page.evaluate("() => window.__atDraw") == 0
    # The light moved on the diagram to the node metl_core's view computes, from its reads.
    assert second == ("dW2", ["dW2"], sorted(BP.view(_batch(), "dW2").reads))
    assert "scrolls sideways" not in step_view(page)["text"]  # a wide screen needs no cue
    # Every part follows, and the formula box shown is the step's.
    assert "dW2 alone" in step_view(page, "middle")["text"]
    assert step_view(page, "numbers")["text"].startswith("dW2[0,0] = ")
    # One box holds a formula per step, in the walk's order: only the step's is shown.
    shown = [b.is_visible() for b in page.locator(".st-key-bp_formulas > *").all()]
    assert shown.count(True) == 1 and BP.ORDER[shown.index(True)] == "dW2"
    page.wait_for_url("**step=dW2**")
    # Only the step view reran: every element sent belongs to its fragment.
    deltas = [m.delta for m in _rerun_messages(page) if m.WhichOneof("type") == "delta"]
    assert deltas and all(d.fragment_id for d in deltas)
    assert len({d.fragment_id for d in deltas}) == 1
    assert_no_exception(page)
    # Play advances by itself, one step per tick; Pause stops it.
    page.get_by_role("button", name="▶ Play").click()
    _wait_lit(page, "dh")
    page.get_by_role("button", name="⏸ Pause").click()
    wait_idle(page)
    page.wait_for_timeout(600)  # at most one tick already on its way
    paused = _lit(page)
    page.wait_for_timeout(3500)  # two ticks' worth
    assert _lit(page) == paused
    assert_no_exception(page)


@pytest.mark.parametrize(
    "mistake, query", [(None, "n=2&row=1&col=2"), ("theta2", "n=2&mistake=θ²")], ids=["none", "θ²"]
)
def test_the_browser_draws_every_step_as_metl_core_computes_it(page, app_url, mistake, query):
    """Each step drawn by the browser, against metl_core: lit nodes, the check, the
    numbers for the picked entry (clamped into the step's tensor)."""
    b = _batch(2)
    env, _ = BP.run_lines(b, mistake)
    views = BP.views(b, mistake)
    wanted = (1, 2) if "row=1" in query else (0, 0)
    open_page(page, app_url, f"MLP_backprop?{query}")
    wait_step_view(page, "z1")
    for i, v in enumerate(views):
        if i:
            press_slider(page, "step", "ArrowRight")
        drawn = wait_step_view(page, v.name)
        assert drawn["computing"] == [v.name], v.name
        assert sorted(drawn["reads"]) == sorted(v.reads), v.name
        middle = step_view(page, "middle")["text"]
        assert f"{v.name if v.name != 'yhat' else 'ŷ'} alone" in middle
        assert middle.split("alone")[1].split()[0] == ("pass" if v.check.ok else "fail")
        index, _ = BP.clamp_index(wanted[-v.value.ndim :] if v.value.ndim else (), v.value.shape)
        numbers = step_view(page, "numbers")["text"]
        assert BP.numbers(v.name, env, index, mistake).text in numbers.splitlines(), v.name
    # The wrong step is marked where the mistake enters, and the checks fail from there.
    if mistake:
        strip = step_view(page)["text"].splitlines()[0]
        assert f"{BP.MISTAKES[mistake].step} ✗ ⚠ enters here" in strip
    assert_no_exception(page)


# Crafted links from the security review (issue 19, items 1 and 2): each rendered markup.
CRAFTED = {
    "setext heading": ("Playground?ds=LESSON%20CANCELLED%0A%3D%0A", "Warning"),
    "www autolink in the notice": ("Playground?ds=see%20www.evil.example", "Warning"),
    "www autolink in an error": ("Softmax?logits=1,%20www.evil.example", "Error"),
    "indented code block": ("Playground?ds=a%0A%20%20%20%20%20%20%20%20evil", "Warning"),
}


@pytest.mark.parametrize("path, kind", CRAFTED.values(), ids=CRAFTED.keys())
def test_crafted_link_values_are_shown_as_plain_text(page, app_url, path, kind):
    open_page(page, app_url, path)
    alert = page.locator(f"[data-testid=stAlertContent{kind}]").first
    alert.wait_for()
    assert alert.locator("h1, h2, h3, h4, h5, h6, a, pre, img").count() == 0
    code = alert.locator("code")
    assert code.count() >= 1 and "\n" not in code.first.inner_text()
    assert_no_exception(page)


def test_a_huge_entry_keeps_the_error_box_small(page, app_url):
    open_page(page, app_url, "Softmax?logits=0x" + "f" * 3600)
    alert = page.locator("[data-testid=stAlertContentError]").first
    alert.wait_for()
    assert len(alert.inner_text()) < 300
    assert alert.bounding_box()["height"] < 200
    assert "4300" not in alert.inner_text()


def test_a_link_cannot_hide_pause_or_reset_in_the_playground(page, app_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, app_url, "Playground?present=1&hide=btn_pause,btn_reset,btn_step")
    wait_live(page)
    page.locator(".st-key-btn_step").wait_for(state="hidden", timeout=10_000)
    assert page.locator(".st-key-btn_pause").is_visible()
    assert page.locator(".st-key-btn_reset").is_visible()
    assert_no_exception(page)


def test_a_pair_of_logits_that_no_longer_exists_leaves_the_link(page, app_url):
    open_page(page, app_url, "Cross_entropy_gradient?z=1,2,3,4,5&pair=z3-z4&open_vectors=true")
    wait_charts(page, 2)
    type_into(page, "Logits z", "1, 2, 3")
    page.wait_for_url("**pair=z1-z2**")
    shared = page.url
    open_page(page, app_url, shared.removeprefix(app_url + "/"))
    wait_charts(page, 2)
    warnings = page.locator("[data-testid=stAlertContentWarning]").all_inner_texts()
    assert not [w for w in warnings if "Ignored from the link" in w]
    charts = page.locator(".js-plotly-plot").all_inner_texts()
    assert any("z1 and z2" in text for text in charts)  # the field's plane
    assert_no_exception(page)


def test_every_page_works_under_the_proxys_content_security_policy(browser, app_url):
    import yaml

    compose = yaml.safe_load((Path(__file__).parents[2] / "compose.yaml").read_text())
    labels = compose["services"]["app"]["labels"]
    csp = labels["traefik.http.middlewares.metl-headers.headers.contentSecurityPolicy"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    refused = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )

    def with_csp(route):  # as Traefik would add it to every response
        response = route.fetch()
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": csp}
        )

    page.route("**/*", with_csp)
    try:
        for entry in PAGES:
            open_page(page, app_url, entry.url_path)
            wait_charts(page, entry.charts)
            assert page.locator(".js-plotly-plot").count() == entry.charts, entry.title
            assert_no_exception(page)
        playground = next(e for e in PAGES if e.file == "pages/7_Playground.py")
        open_page(page, app_url, playground.url_path)  # trained live under the policy
        wait_live(page)
        page.get_by_role("button", name="Run").click()
        wait_live(page, 50)
        page.locator(".st-key-btn_pause button").click()
        wait_idle(page)
        assert refused == []
    finally:
        context.close()


def test_home_link_goes_to_the_root_under_a_base_url_path(browser):
    from bench.harness import running_app

    with running_app(extra_args=("--server.baseUrlPath", "course/metl")) as url:
        page = browser.new_context().new_page()
        try:
            open_page(page, url, "course/metl/Softmax")
            links = page.locator(SIDEBAR_LINKS)
            links.first.wait_for()
            hrefs = links.evaluate_all("els => els.map(a => a.href)")
            assert hrefs[:2] == [f"{url}/course/metl/", f"{url}/course/metl/Softmax"]
            links.first.click()
            page.wait_for_url(f"{url}/course/metl/")
            wait_idle(page)
            assert page.locator("h1").first.inner_text() == "METL Explorer"
        finally:
            page.context.close()


def test_make_bench_times_the_step_drawn_by_the_browser(page, app_url):
    """bench/browser.py's measure_drawn, on the MLP page: one time per key press, from the
    press to the new step painted (how fast is the bench's to say, not this test's)."""
    import sys

    bench = str(Path(__file__).resolve().parents[2] / "bench")
    sys.path.insert(0, bench)
    try:
        import browser as bench_browser
    finally:
        sys.path.remove(bench)
    page.add_init_script(bench_browser.RECORD)
    times = bench_browser.measure_drawn(page, f"{app_url}/MLP_backprop", 2)
    assert len(times) == 2 and all(t > 0 for t in times)
