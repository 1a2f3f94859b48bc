"""Issue 21 in Chromium: presentation mode at 1920×1080 and a phone at 390×844."""

from __future__ import annotations

import pytest

from bench.harness import PAGES, step_view, wait_drawn, wait_idle, wait_page_script
from pages.ui.registry import TOPICS

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
MLP = next(e for e in PAGES if e.file == "pages/4_MLP_backprop.py")


def open_at(page, app_url, path, viewport, charts=0):
    page.set_viewport_size(viewport)
    page.goto(f"{app_url}/{path}")
    wait_idle(page)
    if charts:
        wait_drawn(page, charts)
    page.wait_for_timeout(600)  # the style element and Plotly's resize


def font_px(locator) -> float:
    return locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def assert_no_exception(page):
    assert page.locator("[data-testid=stException]").count() == 0


# --- Presentation mode at 1920×1080 ----------------------------------------------------------


def test_a_focused_section_fits_the_first_screen(page, app_url):
    open_at(page, app_url, "Softmax?present=1&focus=shift", PROJECTOR, charts=1)
    page.locator(".st-key-section-definition").wait_for(state="hidden", timeout=10_000)
    chart = page.locator(".st-key-section-shift .js-plotly-plot").first
    box = chart.bounding_box()
    assert box and box["y"] + box["height"] <= PROJECTOR["height"]  # was 1,321 px
    assert not page.locator(".st-key-section-jacobian").is_visible()
    assert page.locator("h1").first.is_visible()
    assert_no_exception(page)


def test_everything_is_enlarged_when_presenting(page, app_url):
    url = "Softmax?present=1&logits=0,-745&jac_eps=0.0&open_naive=true&open_jacobian=true"
    open_at(page, app_url, url, PROJECTOR, charts=2)
    page.locator("[data-testid=stSidebar]").wait_for(state="hidden", timeout=10_000)
    assert font_px(page.locator("[data-testid=stTextInputRootElement] input").first) >= 20
    thumb = page.locator("[data-testid=stSliderThumbValue]").first
    assert font_px(thumb) >= 20
    knob = page.locator("[data-testid=stSlider] [style*='translate(-50%, -50%)']").first
    value_box, knob_box = thumb.bounding_box(), knob.bounding_box()
    assert value_box["y"] + value_box["height"] <= knob_box["y"]  # clear of the track
    cell = page.locator("[data-testid=stMarkdownContainer] td").first
    assert font_px(cell) >= 20
    # Numbers as they are: the subnormal probability in scientific notation, in the table.
    cells = page.locator("[data-testid=stMarkdownContainer] td").all_inner_texts()
    assert "5e-324" in cells and not any(c.startswith("0.0000") for c in cells)
    ticks = page.locator(".js-plotly-plot .xtick text").first
    assert font_px(ticks) >= 20
    assert_no_exception(page)


def test_dropdowns_and_heatmap_cell_numbers_are_enlarged(page, app_url):
    open_at(page, app_url, "MLP_backprop?present=1&focus=weights", PROJECTOR, charts=2)
    sizes = page.locator(
        ".st-key-open_weights .js-plotly-plot text.textpoint, "
        ".st-key-open_weights .js-plotly-plot .hm text"
    ).evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 14
    url = "Cross_entropy_gradient?present=1&z=1,2,3&open_vectors=true"
    open_at(page, app_url, url, PROJECTOR, charts=2)
    select = page.locator("[data-testid=stSelectbox] input[role=combobox]").first
    assert font_px(select) >= 20


def test_hiding_a_text_field_hides_its_preset_buttons(page, app_url):
    open_at(page, app_url, "Softmax?present=1&hide=logits", PROJECTOR, charts=1)
    page.locator(".st-key-logits").wait_for(state="hidden", timeout=10_000)
    for label in ("[1, 2]", "[1001, 1002]", "random"):
        assert not page.get_by_role("button", name=label, exact=True).is_visible()


def test_an_in_page_link_keeps_presentation_mode_and_the_hidden_set(page, app_url):
    open_at(page, app_url, "Softmax?present=1&hide=errata,c", PROJECTOR, charts=1)
    page.get_by_text("Open these logits on the cross-entropy page").click()
    page.wait_for_url("**/Cross_entropy_gradient?**")
    wait_idle(page)
    assert "present=1" in page.url and "hide=errata" in page.url
    page.locator("[data-testid=stSidebar]").wait_for(state="hidden", timeout=10_000)
    page.locator("[class*=st-key-erratum-]").first.wait_for(state="hidden", timeout=10_000)
    # The title is not clipped: it starts below Streamlit's fixed header.
    header = page.locator("[data-testid=stHeader]").bounding_box()
    title = page.locator("h1").first.bounding_box()
    assert title["y"] >= header["y"] + header["height"] - 1
    assert_no_exception(page)


def test_an_unknown_name_is_reported_on_the_page(page, app_url):
    open_at(page, app_url, "Softmax?present=1&hide=c,nope&focus=walk", PROJECTOR, charts=1)
    alert = page.locator("[data-testid=stAlert]").filter(has_text="Not on this page")
    assert "nope" in alert.inner_text() and "walk" in alert.inner_text()


def test_the_share_panel_builds_the_link_with_a_copy_button(page, app_url):
    open_at(page, app_url, "MLP_backprop?seed=3&hide=bogus", PROJECTOR, charts=MLP.charts)
    panel = page.locator("[data-testid=stSidebar] [data-testid=stExpander]").filter(
        has_text="Share this view"
    )
    panel.locator("summary").click()
    panel.get_by_text("presentation mode").click()
    wait_idle(page)
    code = panel.locator("[data-testid=stCode]")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stSidebar] [data-testid=stCode]')]"
        ".some(e => e.innerText.includes('present=1'))"
    )
    text = code.inner_text()
    assert "/MLP_backprop?" in text and "seed=3" in text and "present=1" in text
    assert code.locator("button").count() >= 1  # Streamlit's copy button
    assert "grad_x" in panel.inner_text() and "w1scale" in panel.inner_text()
    assert "bogus" in panel.locator("[data-testid=stAlert]").inner_text()


def test_a_link_value_spelt_otherwise_is_taken(page, app_url):
    open_at(page, app_url, "MLP_backprop?w1scale=2", PROJECTOR, charts=MLP.charts)
    slider = page.locator("[data-testid=stSlider]").filter(has_text="scale W1 by")
    assert "2.0" in slider.inner_text()
    assert page.get_by_text("Ignored from the link").count() == 0


# --- A phone, 390×844 ------------------------------------------------------------------------


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    pg = context.new_page()
    yield pg
    context.close()


def test_the_mlp_page_is_laid_out_for_a_phone(phone, app_url):
    query = "&".join(f"{k}={v}" for k, v in MLP.unfolded.items())
    open_at(phone, app_url, f"MLP_backprop?{query}", PHONE, charts=6)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    # The step graph keeps its labels readable by scrolling sideways, and says so.
    assert "graph scrolls sideways" in step_view(phone)["text"]
    weights = phone.locator(".st-key-open_weights .js-plotly-plot").last
    weights.scroll_into_view_if_needed()
    phone.wait_for_timeout(500)
    # The weight-gradient titles do not overlap one another.
    boxes = weights.locator(".annotation").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })"
    )
    assert len(boxes) == 4
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # Row labels stay on their own heatmap: inside the chart that draws them.
    chart = weights.bounding_box()
    for r in weights.locator(".ytick text").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().left)"
    ):
        assert r >= chart["x"]
    # Cell numbers readable: at least 9 px, inside the screen.
    sizes = weights.locator(".hm text, text.textpoint").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 9
    # The ∂CE/∂x formula scrolls sideways instead of being cut off.
    formula = phone.locator(".st-key-open_grad_x .katex-display").first
    overflow = formula.evaluate(
        "e => [getComputedStyle(e).overflowX, e.scrollWidth, e.clientWidth]"
    )
    assert overflow[1] <= overflow[2] or overflow[0] in ("auto", "scroll")


def test_home_cards_keep_the_notes_order_when_stacked(phone, app_url):
    open_at(phone, app_url, "", PHONE, charts=1)
    cards = phone.locator("[data-testid=stMain] [data-testid=stPageLink-NavLink]")
    tops = cards.evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    labels = [t.strip().splitlines()[-1] for t in cards.all_inner_texts()]
    assert labels == [e.title for e in TOPICS]
    assert tops == sorted(tops)


def test_the_sidebar_closes_after_a_page_is_picked_on_a_phone(phone, app_url):
    open_at(phone, app_url, "Softmax", PHONE)
    wait_page_script(phone)
    phone.locator("[data-testid=stExpandSidebarButton]").click()
    sidebar = phone.locator("[data-testid=stSidebar]")
    phone.wait_for_timeout(500)
    assert sidebar.bounding_box()["x"] >= 0
    sidebar.locator("[data-testid=stSidebarNavLink]").filter(has_text="MLP backprop").click()
    phone.wait_for_url("**/MLP_backprop")
    wait_idle(phone)
    phone.wait_for_timeout(800)
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0


def test_the_sidebar_stays_open_after_a_pick_on_a_wide_screen(page, app_url):
    open_at(page, app_url, "Softmax", {"width": 1400, "height": 1000})
    sidebar = page.locator("[data-testid=stSidebar]")
    wait_page_script(page)
    sidebar.locator("[data-testid=stSidebarNavLink]").filter(has_text="MLP backprop").click()
    page.wait_for_url("**/MLP_backprop")
    wait_idle(page)
    page.wait_for_timeout(800)
    box = sidebar.bounding_box()
    assert box is not None and box["x"] >= 0 and box["width"] > 100


def test_focus_opens_a_fold_with_its_label_set_as_a_heading_for_the_back_row(page, app_url):
    open_at(page, app_url, "Softmax?present=1&focus=temperature", PROJECTOR, charts=1)
    label = page.locator("[class*='st-key-open_temperature'] summary p").first
    assert label.inner_text() == "Temperature"
    assert font_px(label) >= 28
    page.locator(".st-key-T").wait_for()  # the fold was built: its slider is there
    assert not page.locator("[class*='st-key-open_jacobian']").is_visible()  # not focused
    assert_no_exception(page)
