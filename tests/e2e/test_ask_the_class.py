"""Ask the class in Chromium: a projector at 1920×1080 in presentation mode, five phones
at 390×844 answering, the projector counting them. On SQLite, and on PostgreSQL when a
server is given (always under CI)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_a11y import AA_TAGS, chart_text_failures, describe, run_axe, serious

from bench.harness import chart_data, running_app, wait_idle
from metl_core.teaching import exercises as EX

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
# Looked at by hand; `make screenshots` keeps docs/screenshots (a test writes no tracked file).
SHOTS = Path(__file__).resolve().parents[2] / ".e2e-shots"


@pytest.fixture
def poll_app(database_url, browser):  # the browser first: it skips without Chromium
    with running_app(env={"METL_DATABASE_URL": database_url}) as url:
        yield url


def _feedback(page) -> str:
    alert = page.locator("[data-testid=stAlert]").last
    alert.wait_for(timeout=30_000)
    return alert.inner_text()


def test_a_class_answers_on_phones_and_the_projector_counts_them(poll_app, browser, request):
    ex = EX.make_exercise("sigma_prime", 3)
    x, right = ex.given["x"], f"{ex.expected[0]:.5f}"
    answers = [right, f"{x * (1 - x):.4f}", right, f"{x * (1 - x):.4f}", "0.5"]

    teacher = browser.new_context(viewport=PROJECTOR)
    projector = teacher.new_page()
    projector.goto(f"{poll_app}/Exercises?kind=sigma+prime&seed=3&present=1")
    wait_idle(projector)
    projector.get_by_role("button", name="Ask the class").click()
    projector.wait_for_url(re.compile(r"code=[A-Z0-9]{4}"), timeout=30_000)
    wait_idle(projector)
    code = re.search(r"code=([A-Z0-9]{4})", projector.url).group(1)
    assert "present=1" in projector.url
    join = projector.locator(".st-key-poll-join")
    link = re.search(r"http\S+/answer\?code=\w+", join.inner_text()).group(0)
    assert link.endswith(f"code={code}")
    assert join.locator("img").get_attribute("src").startswith("data:image/svg+xml")

    phones = []
    for typed in answers:
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        phone = context.new_page()
        phone.goto(link)
        wait_idle(phone)
        phone.locator("textarea").fill(typed)
        phone.get_by_role("button", name="Send").click()
        phones.append((context, phone, _feedback(phone)))
    verdicts = [text for _, _, text in phones]
    assert [v.startswith("Sent. Right") for v in verdicts] == [True, False, True, False, False]
    assert "computes x (1 − x)" in verdicts[1] and "you have 0.5" in verdicts[4]
    # A reload keeps the phone's answer and its verdict.
    _, phone, _ = phones[1]
    phone.reload()
    wait_idle(phone)
    phone.wait_for_function("() => document.querySelector('textarea')?.value", timeout=30_000)
    kept = phone.locator("textarea").input_value()  # the numbers stored, written again
    assert float(kept) == float(f"{x * (1 - x):.4f}")
    assert "computes x (1 − x)" in _feedback(phone)

    # The projector's fragment refreshes by itself: no click, no reload.
    projector.get_by_text("5 answers").wait_for(timeout=30_000)
    summary = projector.locator("h3", has_text="5 answers").first.inner_text()
    assert summary == "5 answers · 40 % right (2 of 5) · the poll is open"
    projector.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000
    )
    projector.wait_for_timeout(800)  # Plotly's resize after the fragment's redraw
    bars = chart_data(projector, 0)[0]
    assert bars[1] == ["wrong, no classic mistake found", "used x (1 − x), not σ(x)(1 − σ(x))"]
    assert bars[0] == [1, 2]
    assert sum(chart_data(projector, 1)[0][1]) == 5  # the histogram holds every answer
    assert projector.locator("[data-testid=stSidebar]").is_hidden()
    assert projector.locator("[data-testid=stException]").count() == 0
    backend = request.node.callspec.params["database_url"]
    if backend == "sqlite":  # WCAG 2.1 AA, and 7:1 text on the projector, as every page
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
        for where, enhanced in ((projector, True), (phones[1][1], False)):
            found = run_axe(axe, where, {"runOnly": {"type": "tag", "values": AA_TAGS}})
            if enhanced:
                rule = {"type": "rule", "values": ["color-contrast-enhanced"]}
                found += run_axe(axe, where, {"runOnly": rule})
            bad, charts_bad = serious(found), chart_text_failures(where, enhanced)
            assert not bad and not charts_bad, describe(bad) + "\n".join(charts_bad)
    SHOTS.mkdir(exist_ok=True)
    projector.screenshot(path=str(SHOTS / f"ask_the_class-presentation-{backend}.png"))
    phones[1][1].screenshot(path=str(SHOTS / f"ask_the_class-phone-{backend}.png"))

    # Reveal: the answer and the derivation, the correct value marked on the histogram.
    projector.get_by_role("button", name="Reveal the answer").click()
    projector.get_by_text("The answer:").wait_for(timeout=30_000)
    wait_idle(projector)
    assert projector.get_by_role("button", name="Close the poll").count() == 0
    # A phone that sends now is told the poll is closed, and nothing changes.
    _, late, _ = phones[4]
    late.locator("textarea").fill(right)
    late.get_by_role("button", name="Send").click()
    late.get_by_text("The poll is closed").first.wait_for(timeout=30_000)
    projector.reload()
    wait_idle(projector)
    projector.get_by_text("5 answers").wait_for(timeout=30_000)
    assert projector.get_by_role("button", name="Reveal the answer").count() == 0  # not owner
    for context, _, _ in phones:
        context.close()
    teacher.close()
