"""Save a PNG of every page in light and dark theme to docs/screenshots (make screenshots)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo root, for bench/

from playwright.sync_api import sync_playwright

from bench.harness import (
    PAGES,
    ROOT,
    chromium_path,
    running_app,
    wait_drawn,
    wait_idle,
    wait_live,
)

OUT = ROOT / "docs" / "screenshots"
WIDTH = 1400
PRESENTATION = [
    ("Softmax?present=1&hide=nonconst,logits", 1),
    ("Sigmoid?present=1&hide=xrange", 1),
    ("MLP_backprop?present=1&focus=walk&step=dz1&mistake=θ²", 0),
]
# Three steps of the MLP page's backward pass, the last two with the notes' θ² injected.
STEPS = [
    ("MLP_backprop?step=dz2", "mlp_step_dz2"),
    ("MLP_backprop?step=dz1&mistake=θ²", "mlp_step_dz1"),
    ("MLP_backprop?step=dW1&mistake=θ²", "mlp_step_dW1"),
]


def main() -> int:
    exe = chromium_path()
    if exe is None:
        print("Chromium is not installed: apt-get install -y chromium", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        for theme in ("light", "dark"):
            context = browser.new_context(
                viewport={"width": WIDTH, "height": 900}, color_scheme=theme
            )
            page = context.new_page()
            for entry in PAGES:
                path, label, charts = entry.url_path, entry.title, entry.charts
                page.set_viewport_size({"width": WIDTH, "height": 900})
                page.goto(f"{url}/{path}")
                wait_idle(page)
                wait_drawn(page, charts)
                # Grow the window to the page until it stops growing (charts lay out late).
                height = 900
                for _ in range(4):
                    page.wait_for_timeout(400)
                    full = page.evaluate(
                        "() => document.querySelector('[data-testid=stMain]').scrollHeight"
                    )
                    if full <= height:
                        break
                    height = min(int(full) + 40, 6000)
                    page.set_viewport_size({"width": WIDTH, "height": height})
                wait_drawn(page, charts)
                page.wait_for_timeout(800)  # let Plotly finish its resize
                name = (path or "home").lower()
                target = OUT / f"{name}-{theme}.png"
                page.screenshot(path=str(target))
                print(f"{label:24s} {theme:5s} -> {target.relative_to(ROOT)}")
            context.close()
        # Presentation mode as a projector shows it: 1920 x 1080, one screen, no scrolling.
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        for path, charts in PRESENTATION:
            page.goto(f"{url}/{path}")
            wait_idle(page)
            wait_drawn(page, charts)
            page.wait_for_timeout(800)
            target = OUT / f"{path.split('?')[0].lower()}-presentation.png"
            page.screenshot(path=str(target))
            print(f"{path:40s} -> {target.relative_to(ROOT)}")
        context.close()
        context = browser.new_context(viewport={"width": WIDTH, "height": 1600})
        page = context.new_page()
        for path, name in STEPS:
            page.goto(f"{url}/{path}")
            wait_idle(page)
            wait_drawn(page, 0)
            page.wait_for_timeout(800)
            target = OUT / f"{name}.png"
            page.locator(".st-key-section-walk").screenshot(path=str(target))
            print(f"{path:40s} -> {target.relative_to(ROOT)}")
        context.close()
        # The Playground trained by the browser: spirals after eight updates, units shown.
        for name, (width, height), query in (
            ("playground-trained", (WIDTH, 1900), ""),
            ("playground-presentation", (1920, 1080), "&present=1"),
        ):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(f"{url}/Playground?ds=spirals&classes=3&per=100&show_hidden=true{query}")
            wait_idle(page)
            wait_live(page)
            for i in range(1, 9):
                page.locator(".st-key-btn_step button").click()
                wait_live(page, 100 * i)
                wait_idle(page)
            page.wait_for_timeout(500)
            target = OUT / f"{name}.png"
            page.screenshot(path=str(target))
            print(f"{'Playground, trained':40s} -> {target.relative_to(ROOT)}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
