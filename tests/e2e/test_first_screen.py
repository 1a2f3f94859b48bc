"""The projector and the phone (#30): the demo is on the first screen.

In presentation mode each page's demo (its main drawing and the control that drives it,
``PageEntry.demo`` in the page list) must be whole on the first screen, without
scrolling, on a 1920 x 1080 projector and on a 1280 x 720 one. On a phone the page has
no sideways scroll, and picking a page in the menu closes it.
"""

from __future__ import annotations

import pytest

from bench.harness import PAGES, ROOT, wait_drawn, wait_idle

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (1280, 720)]
SHOTS = ROOT / ".e2e-shots"

# Where an element's box is, and whether the page scrolls: the main area scrolls, not the
# document, in Streamlit.
BOX_JS = """key => {
    const el = document.querySelector('.st-key-' + key);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const main = document.querySelector('[data-testid=stMain]');
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
            width: r.width, height: r.height, scrolled: main ? main.scrollTop : 0};
}"""


def _settle(page) -> None:
    """Idle, drawn, and a DOM that stops changing (charts lay out late)."""
    wait_idle(page)
    page.wait_for_function(
        """() => new Promise(done => {
            let quiet = 0;
            const seen = new MutationObserver(() => { quiet = 0; });
            seen.observe(document.body, {subtree: true, childList: true, attributes: true});
            const tick = setInterval(() => {
                if (++quiet >= 4) { clearInterval(tick); seen.disconnect(); done(true); }
            }, 150);
        })"""
    )


# The explorer's pages; the class poll's projector is held by tests/e2e/test_ask_the_class.py.
EXPLORER = [e for e in PAGES if e.explorer]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("entry", EXPLORER, ids=[e.title for e in EXPLORER])
def test_presenting_the_demo_is_whole_on_the_first_screen(browser, app_url, entry, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/{entry.url_path}?present=1")
        wait_drawn(page, entry.charts)
        _settle(page)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"first-screen-{entry.url_path or 'home'}-{height}.png"))
        assert entry.demo, f"{entry.title} names no demo in the page list"
        for key in entry.demo:
            box = page.evaluate(BOX_JS, key)
            assert box is not None, f"{entry.title}: no element keyed {key!r}"
            assert box["scrolled"] == 0
            assert box["height"] > 20 and box["width"] > 20, f"{key} is not drawn"
            assert box["top"] >= 0 and box["left"] >= 0, f"{key} starts off screen: {box}"
            assert box["bottom"] <= height and box["right"] <= width, (
                f"{entry.title} at {width}x{height}: {key} ends at {box['bottom']:.0f} px, "
                f"below the first screen"
            )
        # Everything is still enlarged: the title as presentation mode sets it.
        title = page.locator("h1").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert title >= 48
    finally:
        context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("entry", PAGES, ids=[e.title for e in PAGES])
def test_on_a_phone_no_page_scrolls_sideways(phone, app_url, entry):
    phone.goto(f"{app_url}/{entry.url_path}")
    wait_drawn(phone, entry.charts)
    _settle(phone)
    wide = phone.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                      && !e.closest('[data-testid=stMarkdownContainer] table, .katex-display,'
                                    + ' figure, .js-plotly-plot, [data-testid=stExpander]'))
            .map(e => e.tagName + '.' + (e.className.baseVal ?? e.className)).slice(0, 5)"""
    )
    main = phone.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return [m.scrollWidth, m.clientWidth]; }"
    )
    assert main[0] <= main[1] + 1, f"{entry.title} scrolls sideways: {wide}"


def test_on_a_phone_picking_a_page_closes_the_menu_and_run_is_in_reach(phone, app_url):
    phone.goto(f"{app_url}/")
    wait_idle(phone)
    collapsed = "() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed"
    assert phone.evaluate(collapsed) == "true", "a phone opens on the page, not the menu"
    phone.locator("[data-testid=stExpandSidebarButton]").click()
    phone.wait_for_function(f"() => ({collapsed})() === 'false'")
    sidebar = phone.locator("[data-testid=stSidebar]")
    sidebar.locator("[data-testid=stSidebarNavLink]").filter(has_text="Playground").click()
    phone.wait_for_url("**/Playground")
    phone.locator(".st-key-btn_run").wait_for()
    phone.wait_for_function(f"() => ({collapsed})() === 'true'")
    run = phone.locator(".st-key-btn_run").bounding_box()
    assert run and run["y"] + run["height"] <= 844, "Run is below the first screen"
