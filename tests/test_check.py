"""The homework checker on the team's own solution, on one copy per classic mistake, and on
files that are broken in every way a student's can be."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from metl_core import check as C

ROOT = Path(__file__).resolve().parent.parent
CORRECT = ROOT / "tests" / "homework" / "correct"

# (id, file, text in the correct file, its mistaken replacement, function at fault, code)
MISTAKES = [
    (
        "softmax without the max shift",
        "q1_softmax.py",
        "shifted = x - np.max(x, axis=-1, keepdims=True)",
        "shifted = x",
        "softmax",
        "no_max_shift",
    ),
    (
        "the notes' sum of x denominator",
        "q1_softmax.py",
        "return e / np.sum(e, axis=-1, keepdims=True)",
        "return np.exp(x) / np.sum(x, axis=-1, keepdims=True)",
        "softmax",
        "sum_x_denominator",
    ),
    (
        "columns normalised instead of rows",
        "q1_softmax.py",
        "axis=-1",
        "axis=0",
        "softmax",
        "columns",
    ),
    (
        "sigmoid_grad given x instead of s",
        "q2_sigmoid.py",
        "return s * (1 - s)",
        "return sigmoid(s) * (1 - sigmoid(s))",
        "sigmoid_grad",
        "x_for_s",
    ),
    (
        "sigmoid_grad as the notes' theta squared",
        "q2_sigmoid.py",
        "return s * (1 - s)",
        "return s**2",
        "sigmoid_grad",
        "sigma_squared",
    ),
    (
        "sign flip y - yhat",
        "q2_neural.py",
        "dz2 = yhat - labels",
        "dz2 = labels - yhat",
        "forward_backward_prop",
        "sign_flip",
    ),
    (
        "sigma prime forgotten",
        "q2_neural.py",
        "dz1 = dh * sigmoid_grad(h)",
        "dz1 = dh",
        "forward_backward_prop",
        "no_sigma_prime",
    ),
    (
        "sigma squared for sigma prime",
        "q2_neural.py",
        "dz1 = dh * sigmoid_grad(h)",
        "dz1 = dh * h**2",
        "forward_backward_prop",
        "sigma_squared",
    ),
    (
        "mean instead of sum",
        "q2_neural.py",
        "return cost, grad",
        "return cost / data.shape[0], grad / data.shape[0]",
        "forward_backward_prop",
        "mean",
    ),
    (
        "mean gradient with a summed cost",
        "q2_neural.py",
        "dz2 = yhat - labels",
        "dz2 = (yhat - labels) / data.shape[0]",
        "forward_backward_prop",
        "mean",
    ),
    (
        "transposed weight gradient",
        "q2_neural.py",
        "gradW1 = data.T @ dz1",
        "gradW1 = dz1.T @ data",
        "forward_backward_prop",
        "transposed",
    ),
    (
        "bias gradient left out",
        "q2_neural.py",
        "gradb1.flatten(), ",
        "",
        "forward_backward_prop",
        "missing_bias",
    ),
    (
        "bias gradient left at zero",
        "q2_neural.py",
        "gradb2 = np.sum(dz2, axis=0, keepdims=True)",
        "gradb2 = np.zeros((1, Dy))",
        "forward_backward_prop",
        "missing_bias",
    ),
    (
        "gradcheck with a one-sided difference",
        "q2_gradcheck.py",
        "numgrad = (plus - minus) / (2 * h)",
        "numgrad = (plus - f(x)[0]) / h",
        "gradcheck_naive",
        "gradcheck_one_sided",
    ),
    (
        "gradcheck with a tolerance that lets anything through",
        "q2_gradcheck.py",
        "if reldiff > 1e-5:",
        "if reldiff > 1e-1:",
        "gradcheck_naive",
        "gradcheck_accepts_wrong",
    ),
    (
        "gradcheck that does not restore x",
        "q2_gradcheck.py",
        "        x[ix] = old\n",
        "",
        "gradcheck_naive",
        "gradcheck_changes_x",
    ),
]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "hw"
    shutil.copytree(CORRECT, folder)
    return folder


def _edit(folder: Path, file: str, old: str, new: str) -> Path:
    path = folder / file
    text = path.read_text()
    assert old in text, "the fixture's edit must change the file"
    path.write_text(text.replace(old, new))
    return path


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "metl_core.check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_the_correct_solution_passes_every_function_and_exits_0():
    done = _cli(str(CORRECT))
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    for name in C.NAMES:
        assert any(line.startswith(f"✓ {name} (") for line in lines), done.stdout
    assert not any(line.startswith("✗") for line in lines)
    assert done.stderr == ""


@pytest.mark.parametrize(
    "file, old, new, function, code", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_each_classic_mistake_is_caught_and_named_with_its_function(
    tmp_path, file, old, new, function, code
):
    path = _edit(_copy(tmp_path), file, old, new)
    report = C.run([str(path)])
    assert not report["ok"]
    failed = [f for f in report["functions"] if not f["ok"]]
    assert [(f["function"], f["code"]) for f in failed] == [(function, code)]
    assert failed[0]["message"].startswith(C.describe(code, failed[0]["evidence"])[:30])


def test_a_mistaken_function_fails_the_line_and_the_exit_code(tmp_path):
    path = _edit(_copy(tmp_path), *MISTAKES[0][1:4])
    done = _cli(str(path))
    assert done.returncode == 1
    (line,) = [x for x in done.stdout.splitlines() if x.startswith("✗")]
    assert line.startswith("✗ softmax (q1_softmax.py): softmax without the max shift")
    assert "1001" in line and "nan" in line  # the evidence: the input and what came out


def test_json_report_has_a_verdict_per_function(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "q2_neural.py", "dz1 = dh * sigmoid_grad(h)", "dz1 = dh")
    done = _cli("--json", str(folder))
    assert done.returncode == 1
    report = json.loads(done.stdout)
    verdicts = {f["function"]: f["ok"] for f in report["functions"]}
    assert verdicts == dict.fromkeys(C.NAMES, True) | {"forward_backward_prop": False}
    (bad,) = [f for f in report["functions"] if not f["ok"]]
    assert bad["code"] == "no_sigma_prime" and bad["file"] == "q2_neural.py"
    assert report["ok"] is False


BROKEN = {
    "syntax error": ("def softmax(x):\n    return x +\n", "import_error", "SyntaxError"),
    "missing import": ("import no_such_module\n", "import_error", "no_such_module"),
    "exit at import": ("import sys\nsys.exit(3)\n", "import_error", "SystemExit"),
}


@pytest.mark.parametrize("source, code, words", BROKEN.values(), ids=BROKEN.keys())
def test_a_file_that_does_not_import_gets_one_clear_line(tmp_path, source, code, words):
    path = tmp_path / "q1_softmax.py"
    path.write_text(source)
    done = _cli(str(path))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    (line,) = [x for x in done.stdout.splitlines() if x.startswith("✗ q1_softmax.py")]
    assert "could not be imported" in line and words in line


CALLS = {
    "raises": (
        "def softmax(x):\n    raise ValueError('not done yet')\n",
        "raised",
        "ValueError: not done yet in q1_softmax.py, line 2",
    ),
    "wrong shape": (
        "import numpy as np\ndef softmax(x):\n    return np.zeros(3)\n",
        "shape",
        "returned shape [3], expected [2]",
    ),
    "wrong type": ("def softmax(x):\n    return None\n", "not_numbers", "returned NoneType"),
    "strings": ("def softmax(x):\n    return ['a', 'b']\n", "not_numbers", "returned list"),
    "too slow": ("def softmax(x):\n    while True:\n        pass\n", "too_slow", "more than 1 s"),
    "kills python": ("import os\ndef softmax(x):\n    os._exit(7)\n", "crashed", "exit code 7"),
    "not a pair": (
        "def forward_backward_prop(data, labels, params, dimensions):\n    return 1.0\n",
        "not_pair",
        "not a pair",
    ),
}


@pytest.mark.parametrize("source, code, words", CALLS.values(), ids=CALLS.keys())
def test_a_function_that_misbehaves_gets_one_clear_line(tmp_path, source, code, words):
    path = tmp_path / "q1_softmax.py"
    path.write_text(source)
    report = C.run([str(path)], limit=1.0)
    (f,) = report["functions"]
    assert (f["ok"], f["code"]) == (False, code)
    assert words in f["message"]


def test_the_cli_never_shows_a_traceback_and_the_time_limit_is_an_option(tmp_path):
    (tmp_path / "q1_softmax.py").write_text(CALLS["too slow"][0])
    (tmp_path / "q2_sigmoid.py").write_text(CALLS["raises"][0].replace("softmax", "sigmoid"))
    done = _cli("--time-limit", "0.5", str(tmp_path))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "✗ softmax (q1_softmax.py): took more than 0.5 s" in done.stdout
    assert "✗ sigmoid (q2_sigmoid.py): raised ValueError" in done.stdout


def test_an_import_that_hangs_is_stopped(tmp_path):
    (tmp_path / "q1_softmax.py").write_text("while True:\n    pass\n")
    report = C.run([str(tmp_path)], limit=0.5)
    assert [p["code"] for p in report["files"]] == ["import_too_slow"]
    assert not report["ok"]


@pytest.mark.parametrize(
    "make", ["empty folder", "no functions", "missing path", "not python"], ids=str
)
def test_nothing_to_check_exits_1(tmp_path, make):
    target = tmp_path
    if make == "no functions":
        (tmp_path / "q1_softmax.py").write_text("x = 1\n")
    elif make == "missing path":
        target = tmp_path / "nowhere.py"
    elif make == "not python":
        target = tmp_path / "notes.txt"
        target.write_text("softmax")
    done = _cli(str(target))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "0 of 0 functions pass."


def test_one_good_file_alone_exits_0_and_only_its_functions_are_checked():
    report = C.run([str(CORRECT / "q2_sigmoid.py")])
    assert report["ok"]
    assert [f["function"] for f in report["functions"]] == ["sigmoid", "sigmoid_grad"]


def test_a_function_imported_from_another_file_is_checked_once():
    report = C.run([str(CORRECT / "q2_neural.py")])
    assert [f["function"] for f in report["functions"]] == ["forward_backward_prop"]


def test_every_code_the_checker_can_give_has_words():
    import re

    source = (ROOT / "metl_core" / "check.py").read_text()
    source += (ROOT / "metl_core" / "diagnose.py").read_text()
    codes = set(re.findall(r'Diagnosis\(\s*"(\w+)"', source))
    codes |= set(re.findall(r'code = "(\w+)"', source))
    assert codes and codes <= set(C.MESSAGES)


def test_a_network_broken_by_a_wrong_softmax_says_to_fix_softmax_first(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, *MISTAKES[1][1:4])  # the notes' Σx denominator: the cost becomes NaN
    report = C.run([str(folder)])
    (net,) = [f for f in report["functions"] if f["function"] == "forward_backward_prop"]
    assert net["code"] == "cost_wrong"
    assert net["message"].endswith("It may use softmax, which fails too: fix that first")
    assert [f["function"] for f in report["functions"]] == list(C.NAMES)  # the order of use
