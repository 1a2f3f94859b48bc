"""Keyboard only (issue #20 item 3): one full task per page with Tab, Shift+Tab, Space, Enter
and the arrows, never the mouse; each control reached shows a visible focus.

A control is reached by pressing Tab until the focused element sits inside it (found by
its widget key's class, ``st-key-<key>``), as a keyboard user would. The focus counts as
visible when an outline, a box-shadow or a border colour appears on the element, or on one
of its three nearest ancestors, that is not there once focus has moved on: a background
tint alone does not count.
"""

from __future__ import annotations

import pytest

from bench.harness import (
    LIVE_JS,
    STEP_VIEW_JS,
    chart_data,
    live_view,
    step_view,
    wait_chart_change,
    wait_charts,
    wait_idle,
    wait_live,
    wait_step_view,
)

pytestmark = pytest.mark.browser

# Outline, box-shadow and border colour of the element and three ancestors.
_RING_JS = """e => { const out = [];
    for (let i = 0; i < 4 && e; i++, e = e.parentElement) {
        const s = getComputedStyle(e);
        const outline = s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0
            ? '' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
        out.push([outline, s.boxShadow === 'none' ? '' : s.boxShadow, s.borderTopColor]);
    }
    return out; }"""
_INSIDE_JS = "sel => !!(document.activeElement && document.activeElement.closest(sel))"
# Streamlit's inputs fade their border in; read the ring once that is over.
SETTLE_MS = 400


def open_page(page, app_url: str, path: str, charts: int = 0) -> None:
    page.goto(f"{app_url}/{path}")
    wait_idle(page)
    if charts:
        wait_charts(page, charts)


def tab_to(page, selector: str, back: bool = False, limit: int = 200) -> None:
    """Press Tab (Shift+Tab) until the focus is inside ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(_INSIDE_JS, selector):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def assert_focus_visible(page) -> None:
    """The focused element shows a ring that goes when the focus leaves it."""
    focused = page.evaluate_handle("document.activeElement")
    name = focused.evaluate("e => e.outerHTML.slice(0, 120)")
    page.wait_for_timeout(SETTLE_MS)
    ring = focused.evaluate(_RING_JS)
    page.keyboard.press("Shift+Tab")
    page.wait_for_timeout(SETTLE_MS)
    plain = focused.evaluate(_RING_JS)
    page.keyboard.press("Tab")  # back where it was, by keyboard
    assert focused.evaluate("e => e === document.activeElement"), f"focus did not return to {name}"
    shown = [
        (f, p)
        for f, p in zip(ring, plain, strict=True)
        if (f[0] and f[0] != p[0]) or (f[1] and f[1] != p[1]) or f[2] != p[2]
    ]
    assert shown, f"no visible focus on {name}: focused {ring}, unfocused {plain}"


def press_download(page, selector: str) -> str:
    """Tab to a download button, press Enter, return the downloaded file's name."""
    tab_to(page, selector)
    assert_focus_visible(page)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    return info.value.suggested_filename


def main_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text()


def wait_text_change(page, before: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('[data-testid=stMain]').innerText !== t", arg=before
    )
    wait_idle(page)


def test_home_keyboard_opens_a_charts_table_then_goes_to_a_page(page, app_url):
    open_page(page, app_url, "", 1)
    tab_to(page, ".st-key-table_home_diagram summary")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.locator(".st-key-table_home_diagram [data-testid=stDataFrame]").wait_for()
    tab_to(page, "[data-testid=stSidebar] a[href$='Softmax']", back=True)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/Softmax")
    wait_idle(page)
    assert page.locator("h1").first.inner_text().startswith("Softmax")


def test_softmax_keyboard_types_logits_and_downloads_the_table(page, app_url):
    open_page(page, app_url, "Softmax", 1)
    before = chart_data(page, 0)
    tab_to(page, ".st-key-logits input")
    assert_focus_visible(page)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("3, 1, -2")
    page.keyboard.press("Enter")
    bars = wait_chart_change(page, 0, before)[0][1]
    assert len(bars) == 3 and bars[0] > bars[1] > bars[2]
    assert press_download(page, ".st-key-dl_shift button").endswith(".csv")
    # A folded section opens from the keyboard, and is built then.
    tab_to(page, ".st-key-open_temperature summary")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    wait_charts(page, 2)


def test_sigmoid_keyboard_moves_the_point_with_the_arrows(page, app_url):
    open_page(page, app_url, "Sigmoid", 1)
    before = chart_data(page, 0)
    tab_to(page, ".st-key-x0 input[type=range]")
    assert_focus_visible(page)
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    wait_chart_change(page, 0, before)


def test_cross_entropy_keyboard_narrows_the_plane(page, app_url):
    open_page(page, app_url, "Cross_entropy_gradient?open_vectors=true", 2)  # the field's fold
    before = chart_data(page, 1)
    tab_to(page, ".st-key-span input[type=range]")
    assert_focus_visible(page)
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    wait_chart_change(page, 1, before)


def test_mlp_keyboard_walks_the_steps_picks_an_entry_and_plays(page, app_url):
    open_page(page, app_url, "MLP_backprop?n=2")
    wait_step_view(page, "z1")
    # The step picker: one step on with the right arrow, and the view follows.
    tab_to(page, ".st-key-step input[type=range]")
    assert_focus_visible(page)
    page.keyboard.press("ArrowRight")
    wait_step_view(page, "h")
    wait_idle(page)
    # The entry picker: row 1 of h (N × H) instead of row 0.
    assert step_view(page, "numbers")["text"].startswith("h[0,0] = ")
    tab_to(page, ".st-key-row input")
    assert_focus_visible(page)
    page.keyboard.press("ArrowUp")
    page.wait_for_function(f"() => ({STEP_VIEW_JS})('numbers').text.startsWith('h[1,0] = ')")
    wait_idle(page)
    assert page.locator(".st-key-row input").input_value() == "1"
    # Play moves on by itself; Pause, pressed by keyboard, stops it.
    tab_to(page, ".st-key-bp_play button")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    wait_step_view(page, "z2")
    tab_to(page, ".st-key-bp_play button")
    assert "Pause" in page.locator(".st-key-bp_play button").inner_text()
    page.keyboard.press("Space")
    page.locator(".st-key-bp_play button").filter(has_text="Play").wait_for()
    wait_idle(page)
    held = step_view(page)["step"]
    page.wait_for_timeout(3500)  # more than two of Play's 1.5 s steps
    assert step_view(page)["step"] == held


def test_parameter_count_keyboard_picks_a_preset_and_downloads(page, app_url):
    open_page(page, app_url, "Parameter_count", 1)
    before = chart_data(page, 0)
    tab_to(page, ".st-key-count-presets button")  # the presets: one row of pills
    for _ in range(3):  # three presets, in a row
        if "MNIST" in page.evaluate("() => document.activeElement.innerText"):
            break
        page.keyboard.press("ArrowRight")
    assert "MNIST" in page.evaluate("() => document.activeElement.innerText")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    after = wait_chart_change(page, 0, before)
    tab_to(page, ".st-key-ph input")
    assert_focus_visible(page)
    page.keyboard.press("ArrowUp")
    wait_chart_change(page, 0, after)
    assert press_download(page, ".st-key-dl_count button").endswith(".json")


def test_notes_keyboard_changes_the_seed_and_downloads(page, app_url):
    open_page(page, app_url, "Notes_step_by_step")
    before = main_text(page)
    tab_to(page, ".st-key-nseed input")
    assert_focus_visible(page)
    page.keyboard.press("ArrowUp")
    wait_text_change(page, before)
    assert press_download(page, ".st-key-dl_notes button")


def test_playground_keyboard_runs_pauses_steps_resets_and_downloads(page, app_url):
    open_page(page, app_url, "Playground")
    assert wait_live(page)["step"] == 0
    tab_to(page, ".st-key-btn_run button")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    wait_live(page, 50)  # trained in the browser
    tab_to(page, ".st-key-btn_pause button")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    page.locator("text=Pause stops it").wait_for(state="detached")
    wait_idle(page)
    held = live_view(page)
    assert not held["running"]
    page.wait_for_timeout(1500)  # six of Run's quarter-second updates
    assert live_view(page)["step"] == held["step"]
    tab_to(page, ".st-key-btn_step button", back=True)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    wait_live(page, held["step"] + 25)
    tab_to(page, ".st-key-btn_reset button")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({LIVE_JS})().step === 0")
    assert press_download(page, ".st-key-dl_history button") == "training_history.csv"


def test_exercises_keyboard_draws_a_new_exercise_and_downloads(page, app_url):
    open_page(page, app_url, "Exercises")
    before = main_text(page)
    tab_to(page, ".st-key-seed input")
    assert_focus_visible(page)
    page.keyboard.press("ArrowUp")
    wait_text_change(page, before)
    assert press_download(page, ".st-key-dl_exercise button")
