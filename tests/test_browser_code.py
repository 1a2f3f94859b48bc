"""The code the browser runs, as code (#27): its JavaScript maths tested by ``node --test``
against fixtures that ``metl_core`` writes here, and all of it linted by eslint.

``pages/ui/components/live_train/maths.test.js`` reads the fixtures from the file named
by ``METL_JS_FIXTURES``: the same points, weights, settings and batches give the same
weights and history in JavaScript as ``metl_core.maths.train`` (to 1e-12), and the same
generator gives the same numbers to the last bit. Without Node.js the tests skip
locally, and fail under CI (CI=true).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from metl_core.maths import train as T

ROOT = Path(__file__).resolve().parent.parent
COMPONENTS = ROOT / "pages" / "ui" / "components"
# The cases of the e2e test, trained for `updates` updates of `per` steps from seed 3.
CASES = [
    ("moons", 2, 16, 25, 1.0, 32, 0.0, 600),  # the Playground's defaults
    ("spirals", 3, 8, 10, 0.3, 8, 0.01, 600),  # with L2
    ("xor", 5, 64, 5, 3.0, 256, 0.0, 600),  # the largest network
    ("blobs", 4, 3, 7, 1.0, 256, 1e-3, 40),  # a batch larger than the 30 points
]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Node.js is needed for the browser code's tests under CI")
        pytest.skip("Node.js is not installed")
    return node


def _flat(a) -> list:
    return [None if not np.isfinite(v) else float(v) for v in np.asarray(a, float).ravel()]


def fixtures(updates: int = 4) -> dict:
    """What metl_core computes, for maths.test.js to compare the JavaScript with."""
    out = {"mulberry32": {}, "sampler": [], "training": []}
    for seed in (0, 1, 2**31, 2**32 - 1):
        out["mulberry32"][str(seed)] = list(itertools.islice(T.mulberry32(seed), 500))
    for n, batch in ((450, 32), (450, 1), (40, 39), (40, 40), (40, 256)):
        sample = T.BrowserSampler(7, n)
        out["sampler"].append(
            {"n": n, "batch": batch, "draws": [sample(batch).tolist() for _ in range(30)]}
        )
    for name, classes, hidden, per, lr, batch, l2, n in CASES:
        data = T.make_dataset(name, n=n, classes=classes, noise=0.2, seed=3)
        start = T.start(data, hidden, 3)
        sample = T.BrowserSampler(T.browser_seed(3), len(data.y_train))
        state = start
        for _ in range(updates):
            state = T.train(state, data, per, lr, batch, l2, sample=sample)
        h = state.history
        out["training"].append(
            {
                "case": name,
                "H": hidden,
                "K": classes,
                "seed": T.browser_seed(3),
                "updates": updates,
                "per": per,
                "lr": lr,
                "batch": batch,
                "l2": l2,
                "train": {"X": _flat(data.X_train), "y": data.y_train.tolist()},
                "test": {"X": _flat(data.X_test), "y": data.y_test.tolist()},
                "start": {k: _flat(a) for k, a in start.params.items()},
                "params": {k: _flat(a) for k, a in state.params.items()},
                "step": state.step,
                "rows": np.array([getattr(h, f)[1:] for f in T.HISTORY_FIELDS]).T.tolist(),
            }
        )
    return out


def test_the_browsers_maths_equals_metl_core_under_node(tmp_path):
    node = _node()
    path = tmp_path / "fixtures.json"
    path.write_text(json.dumps(fixtures()))
    run = subprocess.run(
        [node, "--test", str(COMPONENTS)],
        env={**os.environ, "METL_JS_FIXTURES": str(path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# pass" in run.stdout and "# fail 0" in run.stdout


def test_every_component_script_is_a_file_of_its_folder():
    """No browser code hides in a Python string any more."""
    for wrapper in ("live_train.py", "step_walk.py", "in_browser.py"):
        source = (ROOT / "pages" / "ui" / wrapper).read_text()
        assert "function " not in source and "=>" not in source, wrapper
    for folder in ("live_train", "step_walk", "in_browser"):
        assert (COMPONENTS / folder / f"{folder}.js").is_file() or (
            COMPONENTS / folder / "view.js"
        ).is_file()
