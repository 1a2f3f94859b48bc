"""Running the bench's client from a test."""

from concurrent.futures import ThreadPoolExecutor


def in_a_thread(fn, *args, **kwargs):
    """``fn`` in a thread of its own: the browser tests' Playwright keeps an event loop
    running in this one for the whole session, and asyncio.run refuses to nest."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args, **kwargs).result()
