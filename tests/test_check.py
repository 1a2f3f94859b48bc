"""The homework checker on the team's own solution, on one copy per classic mistake, and on
files that are broken in every way a student's can be."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from metl_core import check as C
from metl_core.check import report as checker_report
from metl_core.check import sandbox as S
from metl_core.mistakes import messages as MSG

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
        "softmax whose vector branch does not shift",
        "q1_softmax.py",
        "    shifted = x - np.max(x, axis=-1, keepdims=True)\n",
        "    if x.ndim == 1:\n        return np.exp(x) / np.sum(np.exp(x))\n"
        "    shifted = x - np.max(x, axis=-1, keepdims=True)\n",
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
    assert failed[0]["message"].startswith(MSG.describe(code, failed[0]["evidence"])[:30])


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
    (f,) = [f for f in report["functions"] if f["verdict"] != "missing"]
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
    "make, last",
    [
        ("empty folder", "0 of 5 functions pass; 5 missing (" + ", ".join(C.NAMES) + ")."),
        ("no functions", "0 of 1 functions pass; 1 missing (softmax)."),
        ("missing path", "0 of 0 functions pass; 1 file with a problem."),
        ("not python", "0 of 0 functions pass; 1 file with a problem."),
    ],
    ids=str,
)
def test_nothing_to_check_exits_1(tmp_path, make, last):
    target = tmp_path
    if make == "no functions":
        target = tmp_path / "q1_softmax.py"
        target.write_text("x = 1\n")
    elif make == "missing path":
        target = tmp_path / "nowhere.py"
    elif make == "not python":
        target = tmp_path / "notes.txt"
        target.write_text("softmax")
    done = _cli(str(target))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == last


def test_one_good_file_alone_exits_0_and_only_its_functions_are_checked():
    report = C.run([str(CORRECT / "q2_sigmoid.py")])
    assert report["ok"]
    assert [f["function"] for f in report["functions"]] == ["sigmoid", "sigmoid_grad"]


def test_a_function_imported_from_another_file_is_checked_once():
    report = C.run([str(CORRECT / "q2_neural.py")])
    assert [f["function"] for f in report["functions"]] == ["forward_backward_prop"]


def test_every_code_the_checker_can_give_has_words():
    import re

    rooms = ("check", "mistakes")  # the checker, and the diagnoses it shares with the exercises
    source = "".join(
        p.read_text() for room in rooms for p in sorted((ROOT / "metl_core" / room).glob("*.py"))
    )
    codes = set(re.findall(r'Diagnosis\(\s*"(\w+)"', source))
    codes |= set(re.findall(r'code = "(\w+)"', source))
    codes |= set(re.findall(r'"code": "(\w+)"', source))
    codes |= set(re.findall(r'describe\("(\w+)"', source))
    codes |= {"exp_overflow", "tanh", "sigmoid_sign", "whole_sum", "no_max_shift"}  # variants
    assert len(codes) > 40 and codes <= set(MSG.MESSAGES), codes - set(MSG.MESSAGES)


def test_a_network_broken_by_a_wrong_softmax_says_to_fix_softmax_first(tmp_path):
    folder = _copy(tmp_path)
    (sum_x,) = [m for m in MISTAKES if m[0] == "the notes' sum of x denominator"]
    _edit(folder, *sum_x[1:4])  # the notes' Σx denominator: the cost becomes NaN
    report = C.run([str(folder)])
    (net,) = [f for f in report["functions"] if f["function"] == "forward_backward_prop"]
    assert net["code"] == "cost_wrong"
    assert net["message"].endswith("It calls softmax, which fails too: fix that first")
    assert [f["function"] for f in report["functions"]] == list(C.NAMES)  # the order of use


# --- the corpus: varied solutions, Python 2 and 3, each function's verdict -----------------------

CORPUS = ROOT / "tests" / "homework" / "corpus"
SOLUTIONS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def _verdicts(report: dict) -> dict:
    out = {}
    for f in report["functions"]:
        out[f["function"]] = (
            f["verdict"] if f["verdict"] == "pass" else f"{f['verdict']} {f['code']}"
        )
    return out


@pytest.fixture(scope="module")
def corpus_reports():
    return {name: C.run([str(CORPUS / name)]) for name in SOLUTIONS}


@pytest.mark.parametrize("name", SOLUTIONS)
def test_each_solution_of_the_corpus_gets_its_expected_verdict_per_function(name, corpus_reports):
    expected = json.loads((CORPUS / name / "expected.json").read_text())
    files = expected.pop("files", {})
    report = corpus_reports[name]
    assert _verdicts(report) == expected
    assert {p["file"]: p["code"] for p in report["files"]} == files
    assert report["ok"] == (
        not files and all(v.split()[0] in ("pass", "warn") for v in expected.values())
    )


def test_the_corpus_has_both_pythons_right_solutions_in_several_styles_and_mistakes():
    every = [json.loads((CORPUS / n / "expected.json").read_text()) for n in SOLUTIONS]
    verdicts = [v for e in every for k, v in e.items() if k != "files"]
    assert sum(n.startswith("py2") for n in SOLUTIONS) >= 5
    assert sum(n.startswith("py3") for n in SOLUTIONS) >= 5
    assert (
        sum(v == "pass" for v in verdicts) >= 30
        and sum(v.startswith("fail") for v in verdicts) >= 15
    )
    styles = "".join((CORPUS / n / "q2_gradcheck.py").read_text() for n in SOLUTIONS)
    for style in ("np.nditer", "np.ndindex", "x.copy()", "x[ix] -= 2 * h", "x[ix] = old"):
        assert style in styles


def test_no_correct_function_of_the_corpus_is_refused(corpus_reports):
    """The false-alarm rule (docs/checker.md): right code passes, at worst with a warning."""
    for name, report in corpus_reports.items():
        expected = json.loads((CORPUS / name / "expected.json").read_text())
        for f in report["functions"]:
            if expected[f["function"]].split()[0] in ("pass", "warn"):
                assert f["ok"], (name, f["function"], f["message"])


# --- Python 2 ------------------------------------------------------------------------------------


def test_python2_files_are_converted_said_in_one_line_and_left_unchanged(corpus_reports):
    folder = CORPUS / "py2_starter_style"
    before = {p.name: p.read_bytes() for p in folder.glob("*.py")}
    done = _cli(str(folder))
    assert done.returncode == 0, done.stdout
    said = [line for line in done.stdout.splitlines() if "Python 2" in line]
    assert said == [
        "· q1_softmax.py, q2_gradcheck.py, q2_neural.py and q2_sigmoid.py are Python 2: checked "
        "after a mechanical conversion to Python 3 (fissix); your files are unchanged"
    ]
    assert {p.name: p.read_bytes() for p in folder.glob("*.py")} == before
    assert not list(folder.glob("__pycache__"))


def test_a_valid_python3_file_with_python2_names_is_read_as_python2(corpus_reports):
    report = corpus_reports["py2_valid_py3"]
    (note,) = [n for n in report["notes"] if n["code"] == "python2"]
    assert note["evidence"]["files"] == "q2_gradcheck.py"  # xrange; the others are Python 3


def test_python2_integer_division_keeps_its_meaning_and_is_reported_with_its_line(corpus_reports):
    (net,) = [
        f
        for f in corpus_reports["py2_broken_gradcheck"]["functions"]
        if f["function"] == "forward_backward_prop"
    ]
    (note,) = net["notes"]
    assert note["code"] == "py2_division"
    assert note["evidence"] | {} == {
        "file": "q2_neural.py",
        "line": 26,
        "a": "1",
        "b": "20",
        "py2": "0",
        "py3": "0.05",
    }
    text = MSG.describe(note["code"], note["evidence"])
    assert "in q2_neural.py, line 26, 1 / 20 gave 0, where Python 3 gives 0.05" in text


def test_division_is_left_alone_where_python2_agrees_or_future_division_is_imported(tmp_path):
    (tmp_path / "q2_sigmoid.py").write_text(
        "from __future__ import division\nimport numpy as np\n"
        "def sigmoid(x):\n    print 'half', 1 / 2\n    return 1 / (1 + np.exp(-x))\n"
        "def sigmoid_grad(s):\n    return s * (1 - s) * (6 / 3) / 2\n"
    )
    report = C.run([str(tmp_path)])
    assert [
        f["verdict"] for f in report["functions"] if f["function"] in ("sigmoid", "sigmoid_grad")
    ] == [
        "pass",
        "pass",
    ]
    assert not [n for f in report["functions"] for n in f.get("notes", [])]


def test_a_python2_syntax_error_is_reported_at_the_students_line_not_the_starters(corpus_reports):
    report = corpus_reports["py2_broken_gradcheck"]
    (bad,) = report["files"]
    assert bad["file"] == "q2_gradcheck.py" and "line 23" in bad["message"]  # not line 27's print
    assert "could not be imported: SyntaxError" in bad["message"]


def test_mixed_tabs_and_spaces_are_read_as_python2_reads_them(corpus_reports):
    (soft,) = [
        f for f in corpus_reports["py2_tabs_partial"]["functions"] if f["function"] == "softmax"
    ]
    assert soft["verdict"] == "pass"
    assert "\t" in (CORPUS / "py2_tabs_partial" / "q1_softmax.py").read_text()


# --- each file on its own ------------------------------------------------------------------------


def test_a_broken_gradcheck_does_not_stop_the_networks_check(corpus_reports):
    report = corpus_reports["py2_broken_gradcheck"]
    by_name = {f["function"]: f for f in report["functions"]}
    assert by_name["gradcheck_naive"]["verdict"] == "unchecked"
    assert "q2_gradcheck.py could not be imported" in by_name["gradcheck_naive"]["message"]
    assert by_name["forward_backward_prop"]["verdict"] == "fail"  # checked, for its own bug
    assert by_name["forward_backward_prop"]["code"] == "mean"


def test_a_file_that_raises_at_import_keeps_the_functions_it_defined(corpus_reports):
    report = corpus_reports["py2_tabs_partial"]
    (bad,) = report["files"]
    assert bad["message"].startswith(
        "raised AssertionError: sigma'(0) should be 1/4 while it was imported in q2_sigmoid.py, "
        "line 14"
    )
    assert {f["function"]: f["verdict"] for f in report["functions"]}["sigmoid_grad"] == "pass"
    assert not report["ok"]


def test_a_call_into_a_file_that_could_not_be_imported_says_which(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "q2_sigmoid.py", "def sigmoid(x):", "def sigmoid(x) oops:")
    report = C.run([str(folder)])
    (net,) = [f for f in report["functions"] if f["function"] == "forward_backward_prop"]
    assert net["code"] == "uses_broken"
    assert net["message"].startswith(
        "calls sigmoid from q2_sigmoid.py, which could not be imported (SyntaxError: expected "
        "':' in q2_sigmoid.py, line 6): fix that file first"
    )


def test_a_helper_module_of_the_student_is_importable(corpus_reports):
    assert (CORPUS / "py3_loops_helper" / "layers.py").is_file()
    (net,) = [
        f
        for f in corpus_reports["py3_loops_helper"]["functions"]
        if f["function"] == "forward_backward_prop"
    ]
    assert net["verdict"] == "pass"


def test_a_zip_unpacked_one_folder_down_is_found(tmp_path):
    shutil.copytree(CORRECT, tmp_path / "alice" / "assignment1")
    (tmp_path / "alice" / "notes.txt").write_text("hi")
    report = C.run([str(tmp_path / "alice")])
    assert report["ok"] and len(report["functions"]) == 5


def test_only_the_assignments_files_are_imported_in_a_folder(tmp_path):
    folder = _copy(tmp_path)
    (folder / "q3_run.py").write_text("while True:\n    pass\n")  # the word2vec run: hours
    report = C.run([str(folder)], limit=0.5)
    assert report["ok"], report["files"]


# --- rounding is not a mistake, one mistake does not hide another ---------------------------------


def test_the_canonical_restore_within_rounding_passes_and_a_real_change_says_how_much_and_where(
    tmp_path,
):
    report = C.run([str(CORPUS / "py2_starter_style" / "q2_gradcheck.py")])
    assert [f["verdict"] for f in report["functions"]] == ["pass"]  # 4.4e-16 off at one entry
    path = _edit(
        _copy(tmp_path), "q2_gradcheck.py", "        x[ix] = old\n", "        x[ix] = old - 1e-7\n"
    )
    (f,) = C.run([str(path)])["functions"]
    assert f["code"] == "gradcheck_changes_x"
    assert "x is off by -1e-07 (123.456 became 123.4559999), more than rounding" in f["message"]
    path = _edit(
        tmp_path / "hw", "q2_gradcheck.py", "old - 1e-7", "old + (1e-7 if ix == (1,) else 0)"
    )
    (f,) = C.run([str(path)])["functions"]
    assert "x[1] is off by 1e-07" in f["message"]


def test_a_gradcheck_that_moves_a_copy_of_one_entry_fails_on_a_non_separable_function(
    corpus_reports,
):
    (g,) = [
        f for f in corpus_reports["py2_mistakes"]["functions"] if f["function"] == "gradcheck_naive"
    ]
    assert g["code"] == "gradcheck_separable_only"
    assert "(Σx)²" in g["message"]


def test_a_softmax_that_does_not_shift_its_vectors_fails_on_a_large_vector(corpus_reports):
    (s,) = [f for f in corpus_reports["py2_mistakes"]["functions"] if f["function"] == "softmax"]
    assert s["code"] == "no_max_shift" and s["message"].endswith("— on the vector [1001, 1002]")


def test_a_failure_branch_that_raises_is_named(corpus_reports):
    (g,) = [
        f
        for f in corpus_reports["py3_mistakes_c"]["functions"]
        if f["function"] == "gradcheck_naive"
    ]
    assert g["code"] == "gradcheck_raises_on_failure"
    assert "TypeError" in g["message"] and "q2_gradcheck.py, line 21" in g["message"]


@pytest.mark.parametrize(
    "name, words",
    [
        ("py2_ndindex_mean", "Multiplied back by N, the rest is right: cost and gradient agree"),
        ("py2_mistakes", "Multiplied back by N, it also forgets σ′ in dz1"),
        ("py3_mistakes_c", "Multiplied back by N, it is still divided by N: it divides twice"),
        ("py3_mistakes_d", "Only the gradient is divided, so it is not the gradient of the cost"),
    ],
)
def test_a_batch_mean_is_named_with_what_the_rest_is(name, words, corpus_reports):
    (net,) = [
        f for f in corpus_reports[name]["functions"] if f["function"] == "forward_backward_prop"
    ]
    assert net["code"] == "mean" and words in net["message"]


def test_a_consistent_mean_and_an_exp_ratio_sigmoid_warn_and_exit_0(corpus_reports):
    done = _cli(str(CORPUS / "py2_ndindex_mean"))
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert any(
        x.startswith(
            "! sigmoid (q2_sigmoid.py): passes what the assignment asks; but it computes σ as eˣ"
        )
        for x in lines
    )
    assert any(
        x.startswith("! forward_backward_prop (q2_neural.py): passes what the assignment asks")
        for x in lines
    )
    assert lines[-1] == "5 of 5 functions pass (2 with a warning). All good."


def test_a_hint_about_a_called_function_only_when_it_is_called(corpus_reports):
    (net,) = [
        f
        for f in corpus_reports["py3_own_softmax"]["functions"]
        if f["function"] == "forward_backward_prop"
    ]
    assert net["code"] == "cost_wrong"
    assert [c["function"] for c in net["called"]] == ["sigmoid", "sigmoid_grad"]
    assert "softmax" not in net["message"]  # its softmax is its own, not q1's (which fails)


# --- missing files, exit codes, no traceback -----------------------------------------------------


def test_missing_files_are_named_and_fail_the_exit_code(tmp_path):
    shutil.copy(CORRECT / "q2_sigmoid.py", tmp_path)
    done = _cli(str(tmp_path))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert (
        "✗ softmax (q1_softmax.py): not checked: there is no q1_softmax.py in the folder" in lines
    )
    assert (
        lines[-1]
        == "2 of 5 functions pass; 3 missing (softmax, gradcheck_naive, forward_backward_prop)."
    )


def test_one_good_file_given_alone_expects_only_its_own_functions():
    done = _cli(str(CORRECT / "q2_gradcheck.py"))
    assert (
        done.returncode == 0 and done.stdout.splitlines()[-1] == "1 of 1 functions pass. All good."
    )


def test_the_checkers_own_failure_is_one_line_and_exit_3(tmp_path):
    shutil.copytree(CORRECT, tmp_path / "class" / "alice")
    done = _cli(
        "--class", str(tmp_path / "class"), "--csv", str(tmp_path / "no" / "such" / "x.csv")
    )
    assert done.returncode == 3
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.startswith("The checker itself failed (FileNotFoundError")


def test_a_wrong_command_line_exits_2_without_a_traceback():
    done = _cli()
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "give PATHs, or --class FOLDER" in done.stderr


# --- isolation -----------------------------------------------------------------------------------


@pytest.fixture
def sandbox(tmp_path):
    from metl_core.check import sandbox as S

    found = S.find(tmp_path)
    if not found.on:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the sandbox (.ci/run installs bubblewrap): {found.reason}")
        pytest.skip(f"no sandbox here: {found.reason}")
    return found


HOSTILE = """
import os, socket, shutil
victim = {victim!r}
os.system("rm -f " + victim)
for attempt in (lambda: os.remove(victim), lambda: open(victim, "w").write("gone"),
                lambda: open({outside!r}, "w").write("x"), lambda: shutil.rmtree({folder!r})):
    try:
        attempt()
    except OSError:
        pass
def softmax(x):
    import numpy as np
    try:
        socket.create_connection(("1.1.1.1", 80), timeout=1)
        return "network"
    except OSError:
        pass
    if os.environ.get("METL_TEACHER_SECRET"):
        return "secret"
    open("mine.txt", "w").write("a file in the copy is fine")
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
"""


@pytest.fixture
def teacher_dir():
    """A folder outside /tmp (which the sandbox replaces anyway): the repository's own tmp/."""
    (ROOT / "tmp").mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="teacher-", dir=ROOT / "tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_a_student_file_cannot_delete_write_or_connect_outside_its_copy(
    tmp_path, sandbox, monkeypatch, teacher_dir
):
    victim = teacher_dir / "grades.txt"
    victim.write_text("keep")
    folder = tmp_path / "student"
    folder.mkdir()
    outside = teacher_dir / "planted.txt"
    (folder / "q1_softmax.py").write_text(
        HOSTILE.format(victim=str(victim), outside=str(outside), folder=str(folder))
    )
    monkeypatch.setenv("METL_TEACHER_SECRET", "42")
    report = C.run([str(folder / "q1_softmax.py")], sandbox=sandbox)
    assert victim.read_text() == "keep" and not outside.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["q1_softmax.py"]  # its own folder too
    assert report["sandbox"]["on"] and [f["verdict"] for f in report["functions"]] == ["pass"]


def test_without_the_sandbox_the_same_file_shows_what_the_sandbox_prevents(tmp_path, monkeypatch):
    """The control for the test above: the file really does delete when nothing stops it."""
    victim = tmp_path / "grades.txt"
    victim.write_text("keep")
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / "q1_softmax.py").write_text(
        HOSTILE.format(victim=str(victim), outside=str(tmp_path / "p"), folder="/nonexistent")
    )
    monkeypatch.setenv("METL_CHECK_BWRAP", "none")
    monkeypatch.setenv("METL_TEACHER_SECRET", "42")
    done = _cli(str(folder))
    assert not victim.exists() or victim.read_text() != "keep"
    assert "returned str" in done.stdout  # "network" or "secret": nothing held it back
    assert done.stdout.startswith(
        "! No sandbox (METL_CHECK_BWRAP=none): the code ran in a temporary copy"
    )


def test_a_function_that_takes_too_much_memory_is_stopped(tmp_path):
    (tmp_path / "q1_softmax.py").write_text(
        "import numpy as np\ndef softmax(x):\n    big = np.ones((16000, 16000))\n    return big\n"
    )
    (f,) = C.run([str(tmp_path / "q1_softmax.py")], memory=512)["functions"]  # 2 GB asked
    assert f["code"] == "too_much_memory"
    assert f["message"].startswith(
        "ran out of memory (the limit is 512 MB) in q1_softmax.py, line 3"
    )


def test_class_needs_the_sandbox_unless_told_and_says_so(tmp_path, monkeypatch):
    shutil.copytree(CORRECT, tmp_path / "class" / "alice")
    monkeypatch.setenv("METL_CHECK_BWRAP", "none")
    done = _cli("--class", str(tmp_path / "class"), "--csv", str(tmp_path / "out.csv"))
    assert done.returncode == 2 and not (tmp_path / "out.csv").exists()
    assert done.stderr.startswith(
        "--class runs other people's code, and the sandbox is not available here"
    )
    done = _cli(
        "--class", str(tmp_path / "class"), "--csv", str(tmp_path / "out.csv"), "--no-sandbox"
    )
    assert done.returncode == 0 and (tmp_path / "out.csv").exists()


def _cli_env(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "metl_core.check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        env=os.environ | env,
    )


def test_class_writes_one_csv_row_per_student_and_function(tmp_path, sandbox):
    klass = tmp_path / "class"
    shutil.copytree(CORRECT, klass / "alice")
    shutil.copytree(CORPUS / "py2_broken_gradcheck", klass / "bob" / "assignment1")
    (klass / "carol").mkdir()
    shutil.copy(CORRECT / "q2_sigmoid.py", klass / "carol")
    done = _cli("--class", str(klass), "--csv", str(tmp_path / "class.csv"))
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    with (tmp_path / "class.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["student", "function", "verdict", "mistake"]
    table = {(r["student"], r["function"]): (r["verdict"], r["mistake"]) for r in rows}
    assert {k: v for k, v in table.items() if k[0] == "alice"} == {
        ("alice", n): ("pass", "") for n in C.NAMES
    }
    assert table[("bob", "gradcheck_naive")] == ("unchecked", "import_error")
    assert table[("bob", "forward_backward_prop")] == ("fail", "mean")
    assert table[("bob", "q2_gradcheck.py")] == ("fail", "import_error")
    assert table[("carol", "sigmoid")] == ("pass", "")
    assert table[("carol", "softmax")] == ("missing", "no_file")
    assert len(rows) == 16
    assert done.stdout.splitlines()[0] == "alice: 5 of 5 functions pass. All good."


def test_a_line_the_conversion_moved_is_reported_at_the_students_line(tmp_path):
    # fix_reduce adds `from functools import reduce` above: every later line moves down one.
    (tmp_path / "q1_softmax.py").write_text(
        "import numpy as np\n"
        "def softmax(x):\n"
        "    print 'summing', reduce(lambda a, b: a + b, [1, 2])\n"
        "    raise ValueError('line four')\n"
    )
    (f,) = C.run([str(tmp_path / "q1_softmax.py")])["functions"]
    assert f["message"].startswith("raised ValueError: line four in q1_softmax.py, line 4")


def test_the_line_map_sends_an_added_line_and_those_after_it_back():
    from metl_core.check import files as F

    original = "import numpy as np\nx = reduce(f, y)\nprint x\n"
    converted = "import numpy as np\nfrom functools import reduce\nx = reduce(f, y)\nprint(x)\n"
    assert F.line_map(original, converted) == [1, 2, 2, 3]


def test_without_fissix_a_python2_file_is_unchecked_with_the_install_command(monkeypatch):
    from metl_core.check import files as F

    def no_fissix(*args, **kwargs):
        raise ImportError("No module named 'fissix'")

    monkeypatch.setattr(F, "_refactor", no_fissix)
    report = C.run([str(CORPUS / "py2_starter_style" / "q2_sigmoid.py")])
    assert {f["verdict"] for f in report["functions"]} == {"unchecked"}
    (bad,) = report["files"]
    assert bad["message"] == (
        "is Python 2, and converting it needs fissix: pip install -r requirements.txt"
    )


def test_a_checker_fault_on_one_student_does_not_stop_the_class(tmp_path, monkeypatch):
    klass = tmp_path / "class"
    shutil.copytree(CORRECT, klass / "alice")
    shutil.copytree(CORRECT, klass / "bob")
    real = C.run

    def flaky(paths, *args, **kwargs):
        if Path(paths[0]).name == "alice":
            raise OSError("disk full")
        return real(paths, *args, **kwargs)

    monkeypatch.setattr(checker_report, "run", flaky)  # the run that run_class calls
    out, said = io.StringIO(), []
    sandbox = S.Sandbox(None, "test")
    assert not C.run_class(klass, out, 5.0, 1024, sandbox, said.append)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {(r["student"], r["verdict"], r["mistake"]) for r in rows} == {
        ("alice", "unchecked", "internal"),
        ("bob", "pass", ""),
    }
    assert said[0].startswith("alice: 0 of 5 functions pass; 5 not checked.")


def test_numpy_names_removed_since_the_starter_code_keep_their_meaning_and_are_said(
    corpus_reports,
):
    report = corpus_reports["py2_ndindex_mean"]
    (note,) = [n for n in report["notes"] if n["code"] == "numpy_removed"]
    assert note["message"] == (
        "q2_neural.py uses np.float, which today's NumPy no longer has: checked with the "
        "meaning they had (float)"
    )
    (net,) = [f for f in report["functions"] if f["function"] == "forward_backward_prop"]
    assert net["verdict"] == "warn"  # the consistent mean, not an AttributeError
