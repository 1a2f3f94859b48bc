"""One server and one browser for the whole browser-test session."""

import os

import pytest

from bench.harness import chromium_path, running_app


def _browser_or_skip():
    exe = chromium_path()
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    if exe is None:
        missing = missing or "Chromium is not installed (apt-get install -y chromium)"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run under CI: {missing}", pytrace=False)
        pytest.skip(f"browser tests skipped: {missing}")
    return exe, sync_playwright


@pytest.fixture(scope="session")
def app_url():
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    exe, sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        # A response a test rewrites (the CSP test) counts as a public page to Chromium,
        # which would then refuse it the loopback websocket: these are all loopback.
        args = ["--no-sandbox", "--disable-gpu", "--disable-features=LocalNetworkAccessChecks"]
        b = p.chromium.launch(executable_path=exe, args=args)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()
