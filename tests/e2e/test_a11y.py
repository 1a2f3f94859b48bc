"""axe-core on every page, in light, dark and presentation mode (WCAG 2.1 AA, issue #20).

axe-core 4.12.1 comes bundled in the PyPI package axe-playwright-python (no npm step).
The theme follows the browser's prefers-color-scheme, as it does for a student who has
not picked one in Streamlit's settings. Presentation mode (?present=1), in either theme,
also has to meet 7:1 for text (AAA), because projectors wash contrast out. axe does not
measure SVG text, so the charts' text is measured here as well.
"""

from __future__ import annotations

import os

import pytest

from bench.harness import (
    step_view,
    wait_drawn,
    wait_idle,
    wait_live,
    wait_page_script,
    wait_step_view,
)
from pages.ui.registry import PAGES

pytestmark = pytest.mark.browser

AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("serious", "critical")
# mode -> (prefers-color-scheme, query string, text at 7:1)
MODES = {
    "light": ("light", "", False),
    "dark": ("dark", "", False),
    "present": ("light", "?present=1", True),
    # Streamlit draws white labels on primaryColor and primaryColor text on the background,
    # and no one colour has 7:1 against both white and black: presentation mode's CSS
    # recolours both on the dark theme.
    "present-dark": ("dark", "?present=1", True),
}
# The app's background, as a brightness 0..255: proof that the scheme really switched.
DARK_BELOW, LIGHT_ABOVE = 60, 200
SCROLLABLE = "scrollable-region-focusable"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        missing = "axe-playwright-python is not installed (pip install -r requirements-dev.txt)"
        if os.environ.get("CI") == "true":
            pytest.fail(missing, pytrace=False)
        pytest.skip(missing)
    return Axe()


def open_in(browser, app_url, path: str, mode: str, viewport=None):
    """A page of the app in a fresh context with the mode's colour scheme, drawn."""
    scheme, query, _ = MODES[mode]
    viewport = viewport or {"width": 1400, "height": 1000}
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{app_url}/{path}{query}")
    wait_idle(page)
    charts = next(e.charts for e in PAGES if e.url_path == path)
    wait_drawn(page, charts)
    page.wait_for_timeout(300)  # Plotly's own relayout after the first draw
    wait_page_script(page)  # it makes scrolling formulas focusable and marks the theme
    background = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
    )
    level = sum(int(c) for c in background[4:-1].split(",")[:3]) / 3
    switched = level < DARK_BELOW if scheme == "dark" else level > LIGHT_ABOVE
    assert switched, f"{mode}: the page's background is {background}, not {scheme}"
    return context, page


def describe(violations: list[dict]) -> str:
    """One line per failing node: rule, impact, target, and the contrast numbers if any."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            data = next(
                (c.get("data") for c in node.get("any", []) if isinstance(c.get("data"), dict)),
                None,
            )
            numbers = ""
            if data and "contrastRatio" in data:
                numbers = (
                    f" {data['fgColor']} on {data['bgColor']} = {data['contrastRatio']}:1"
                    f" (needs {data['expectedContrastRatio']}, {data['fontSize']}"
                    f" {data['fontWeight']})"
                )
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"{v['id']} [{v['impact']}] {target}{numbers}")
    return "\n".join(lines)


# axe skips SVG text, so the charts' own text is measured here: axis ticks and titles,
# chart and panel titles, legends, annotations and colour bars, against the chart's paper.
_CHART_TEXT_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((p, i) => {
    const app = getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor;
    return [...p.querySelectorAll(`.xtick text, .ytick text, .g-xtitle text, .g-ytitle text,
        .gtitle, .legendtext, .annotation-text, .cbaxis text, .cbtitle text`)]
      .filter(t => t.textContent.trim() && t.getBBox().width > 0)
      .map(t => {
        const s = getComputedStyle(t);
        return {chart: i, text: t.textContent.slice(0, 30), fill: s.fill,
                opacity: parseFloat(s.fillOpacity) * parseFloat(s.opacity),
                px: parseFloat(s.fontSize), bold: parseInt(s.fontWeight) >= 700,
                paper: p._fullLayout.paper_bgcolor, app};
      });
})"""


def _rgb(css: str, under: tuple[float, ...] = (255, 255, 255)) -> tuple[float, ...]:
    """'#rrggbb', 'rgb(r, g, b)' or 'rgba(r, g, b, a)' as opaque RGB over ``under``."""
    css = css.strip()
    if css.startswith("#"):
        return tuple(int(css[k : k + 2], 16) for k in (1, 3, 5))
    parts = [float(v) for v in css[css.index("(") + 1 : -1].split(",")]
    alpha = parts[3] if len(parts) == 4 else 1.0
    return tuple(alpha * c + (1 - alpha) * u for c, u in zip(parts[:3], under, strict=True))


def _luminance(rgb: tuple[float, ...]) -> float:
    lin = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)
    ]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: tuple[float, ...], bg: tuple[float, ...]) -> float:
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def chart_text_failures(page, enhanced: bool) -> list[str]:
    """Chart text under 4.5:1 (3:1 when large), or 7:1 (4.5:1) when ``enhanced``."""
    failures = []
    for t in page.evaluate(_CHART_TEXT_JS):
        paper = _rgb(t["paper"], _rgb(t["app"]))
        fill = _rgb(t["fill"])
        shown = tuple(
            t["opacity"] * f + (1 - t["opacity"]) * b for f, b in zip(fill, paper, strict=True)
        )
        ratio = contrast(shown, paper)
        large = t["px"] >= 24 or (t["bold"] and t["px"] >= 18.66)
        needed = (4.5 if large else 7.0) if enhanced else (3.0 if large else 4.5)
        if ratio < needed:
            failures.append(
                f"chart {t['chart']} text {t['text']!r}: {t['fill']} on {t['paper']}"
                f" = {ratio:.2f}:1 (needs {needed}:1, {t['px']}px)"
            )
    return failures


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in FAILING]


def run_axe(axe, page, rules: dict) -> list[dict]:
    results = axe.run(page, options={**rules, "resultTypes": ["violations"]})
    return results.response["violations"]


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize(
    "path, label, charts",
    [(e.url_path, e.title, e.charts) for e in PAGES],
    ids=[e.title for e in PAGES],
)
def test_no_serious_or_critical_axe_violation_at_wcag_21_aa(
    browser, app_url, axe, path, label, charts, mode
):
    enhanced = MODES[mode][2]
    context, page = open_in(browser, app_url, path, mode)
    try:
        found = run_axe(axe, page, {"runOnly": {"type": "tag", "values": AA_TAGS}})
        if enhanced:
            # WCAG 2 AAA 1.4.6, text at 7:1 (4.5:1 when large): axe's color-contrast-enhanced.
            found += run_axe(
                axe, page, {"runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]}}
            )
        bad = serious(found)
        charts_bad = chart_text_failures(page, enhanced)
        print(
            f"\n{label} [{mode}]: {sum(len(v['nodes']) for v in bad)} serious or critical,"
            f" {len(charts_bad)} chart texts under the ratio"
        )
        print(describe(found))
        print("\n".join(charts_bad))
        assert not bad and not charts_bad, (
            f"{label} in {mode} mode:\n{describe(bad)}\n" + "\n".join(charts_bad)
        )
    finally:
        context.close()


# On a phone many formulas are wider than the screen and scroll sideways: each must then
# be reachable by keyboard (WCAG 2.1.1), which pages/ui/in_browser.py gives it.
SCROLLING = """() => [...document.querySelectorAll('.katex-display')]
    .filter(b => b.scrollWidth > b.clientWidth + 1)
    .map(b => b.getAttribute('tabindex'))"""


def test_wide_formulas_are_reachable_by_keyboard_on_a_phone(browser, app_url, axe):
    failing, scrolling = {}, {}
    for path, label in ((e.url_path, e.title) for e in PAGES):
        context, page = open_in(browser, app_url, path, "light", PHONE)
        try:
            only = {"runOnly": {"type": "rule", "values": [SCROLLABLE]}}
            found = serious(run_axe(axe, page, only))
            tabindex = page.evaluate(SCROLLING)
        finally:
            context.close()
        scrolling[label] = len(tabindex)
        if found or any(t != "0" for t in tabindex):
            failing[label] = describe(found) or f"tabindex {tabindex}"
    assert sum(scrolling.values()) > 0, "no formula scrolls on a phone: the test checks nothing"
    assert not failing, f"scrolling formulas out of keyboard reach: {failing}"


def test_a_scrolling_formula_scrolls_from_the_keyboard(browser, app_url):
    context, page = open_in(browser, app_url, "MLP_backprop", "light", PHONE)
    try:
        box = page.locator(".katex-display[tabindex='0']").first
        box.focus()
        page.keyboard.press("Shift+Tab")  # back and forth by keyboard, as a user reaches it
        page.keyboard.press("Tab")
        assert box.evaluate("b => b === document.activeElement && b.matches(':focus-visible')")
        outline = box.evaluate("b => getComputedStyle(b).outlineStyle")
        assert outline == "solid", "a focused formula shows no outline"
        before = box.evaluate("b => b.scrollLeft")
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
        assert box.evaluate("b => b.scrollLeft") > before
    finally:
        context.close()


# Charts read without sight (#20 item 2): Streamlit gives each chart role="figure" and our
# summary as its accessible name, which the accessibility tree then holds.
@pytest.mark.parametrize(
    "path, label, charts",
    [(e.url_path, e.title, e.charts) for e in PAGES if e.charts],
    ids=[e.title for e in PAGES if e.charts],
)
def test_every_chart_is_a_named_figure_in_the_accessibility_tree(
    browser, app_url, path, label, charts
):
    context, page = open_in(browser, app_url, path, "light")
    try:
        names = page.locator("[data-testid=stPlotlyChart]").evaluate_all(
            "els => els.map(e => [e.getAttribute('role'), e.getAttribute('aria-label')])"
        )
        assert len(names) == charts
        for role, name in names:
            assert role == "figure" and name and len(name) > 20, (label, role, name)
            assert page.get_by_role("figure", name=name, exact=True).count() == 1
    finally:
        context.close()


def test_the_softmax_shift_chart_is_read_out_with_its_probabilities(browser, app_url):
    context, page = open_moving(browser, app_url, "Softmax?c=3&logits=1,2", "no-preference")
    try:
        figure = page.get_by_role("figure", name="Softmax before and after adding c = 3")
        tree = figure.aria_snapshot()
        assert "identical" in tree
        assert "softmax(x): class 0 0.269, class 1 0.731" in tree
        assert "softmax(x + added): class 0 0.269, class 1 0.731" in tree
    finally:
        context.close()


# Reduced motion (#20 item 4), with the preference set on the browser context.
def open_moving(browser, app_url: str, path: str, motion: str, scheme: str = "light"):
    """A page drawn in a fresh context with ``prefers-reduced-motion`` set to ``motion``."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, reduced_motion=motion, color_scheme=scheme
    )
    page = context.new_page()
    page.goto(f"{app_url}/{path}")
    wait_idle(page)
    bare = path.split("?")[0]
    wait_drawn(page, next(e.charts for e in PAGES if e.url_path == bare))
    page.wait_for_timeout(300)
    return context, page


# The longest CSS transition or animation in the page's main area, in ms, and where.
_DURATIONS_JS = """() => [...document.querySelectorAll('[data-testid=stMain] *')].map(e => {
    const s = getComputedStyle(e);
    const ms = Math.max(...[s.transitionDuration, s.animationDuration].join(',').split(',')
        .map(t => parseFloat(t) * (t.trim().endsWith('ms') ? 1 : 1000)));
    return [ms, `${e.tagName}.${e.className}`.slice(0, 80)];
}).reduce((a, b) => (b[0] > a[0] ? b : a), [0, ''])"""


def longest_motion(page) -> tuple[float, str]:
    return tuple(page.evaluate(_DURATIONS_JS))


@pytest.mark.parametrize("path", ["Playground", "MLP_backprop", "Softmax"])
def test_reduced_motion_turns_every_transition_and_animation_off(browser, app_url, path):
    longest = {}
    for motion in ("no-preference", "reduce"):
        context, page = open_moving(browser, app_url, path, motion)
        try:
            longest[motion] = longest_motion(page)
        finally:
            context.close()
    assert longest["no-preference"][0] >= 100  # Streamlit's own fades: the test sees them
    assert longest["reduce"][0] <= 0.01, longest["reduce"]


def test_reduced_motion_swaps_play_for_a_next_step_key_press(browser, app_url):
    context, page = open_moving(browser, app_url, "MLP_backprop", "reduce")
    try:
        assert not page.locator(".st-key-bp_play").is_visible()
        nxt = page.locator(".st-key-bp_next button")
        assert nxt.is_visible()
        assert step_view(page)["step"] == "z1"
        nxt.focus()
        page.keyboard.press("Enter")
        wait_step_view(page, "h")
        page.wait_for_timeout(3500)  # more than two of Play's 1.5 s steps: nothing moves
        assert step_view(page)["step"] == "h"
        assert page.locator(".st-key-step").inner_text() != ""
    finally:
        context.close()
    context, page = open_moving(browser, app_url, "MLP_backprop", "no-preference")
    try:
        assert page.locator(".st-key-bp_play button").is_visible()
        assert not page.locator(".st-key-bp_next").is_visible()
    finally:
        context.close()
    context, page = open_moving(browser, app_url, "MLP_backprop?motion=reduce", "no-preference")
    try:  # the link asks for it without the browser's preference
        assert not page.locator(".st-key-bp_play").is_visible()
        assert page.locator(".st-key-bp_next button").is_visible()
        assert longest_motion(page)[0] <= 0.01, longest_motion(page)
    finally:
        context.close()


def test_reduced_motion_playground_curves_update_without_transitions(browser, app_url):
    context, page = open_moving(browser, app_url, "Playground", "reduce")
    try:
        wait_live(page)
        page.locator(".st-key-btn_step button").focus()
        page.keyboard.press("Enter")
        wait_live(page, 25)
        assert longest_motion(page)[0] <= 0.01, longest_motion(page)
    finally:
        context.close()
